"""The partnership-wide counts and queues of open contacts read the partial index of open contacts,
not every contact ever received (at 100k children, the manager's Home read all of them)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safeguard.frontdoor.tasklinks import _unowned_contacts

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the index is partial: a PostgreSQL plan"),
]


def _plan(sql: str, params) -> str:
    with connection.cursor() as cursor:
        # An empty test table is cheapest to scan whole, and the (team, status, …) index competes on
        # costs that depend on statistics earlier tests left: forbid the scan and drop that index
        # (inside the test's transaction, rolled back), so the plan shows whether the planner can
        # prove the partial index answers the query (only if its condition matches the filter).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'frontdoor_contact' AND indexdef NOT LIKE '%%WHERE%%'"
            " AND indexname NOT IN (SELECT conname FROM pg_constraint)"
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_unowned_contacts_count_reads_only_open_contacts():
    with CaptureQueriesContext(connection) as ctx:
        _unowned_contacts()
    (query,) = ctx.captured_queries
    assert query["sql"].startswith("SELECT COUNT(")
    assert "frontdoor_contact_open" in _plan(query["sql"], None), query["sql"]


def test_every_front_door_teams_queue_reads_only_open_contacts():
    """The queue of open contacts across teams (a front door manager's), in queue order."""
    from safeguard.frontdoor.models import Contact
    from safeguard.frontdoor.selectors import CONTACT_QUEUE_ORDER, OPEN_CONTACT_STATUSES

    queue = Contact.objects.filter(status__in=OPEN_CONTACT_STATUSES).order_by(*CONTACT_QUEUE_ORDER)[:50]
    sql, params = queue.query.sql_with_params()
    assert "frontdoor_contact_open" in _plan(sql, params)
