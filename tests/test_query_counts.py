"""A page's (or API read's) query count does not grow with the rows it shows.

Each test reads the same page at two sizes of what it lists, from the seeded demo partnership, and
asserts the number of queries is the same: a regression guard against per-row queries (N+1), not a
timing. Where a page audits each person it shows (the contact page writes one audit entry per child
named, by design), only reads are counted.
"""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from safeguard.agencies.models import Practitioner
from safeguard.agencies.roles import Role
from safeguard.challenges.models import ChallengeStatus, ProfessionalChallenge
from safeguard.frontdoor.codes import CHILD_ROLES, ContactStatus, ScreeningStatus
from safeguard.frontdoor.models import Contact, ContactSubject, EncompassNotice, Notification
from safeguard.people.codes import RelationshipType
from safeguard.people.models import HouseholdMembership, Person, Relationship
from safeguard.protection.models import Allocation, Plan, PlanStatus, ReconveneReview
from safeguard.testing.factories import PersonFactory, involve, practitioner_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("seed_demo", "--allow-without-debug", "--families", "150", "--no-logins", "--no-index",
                 stdout=StringIO(), stderr=StringIO())


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(Practitioner.objects.get(username=username))
    return client


def counted(client: Client, url: str, **params) -> tuple[int, int, object]:
    """(all queries, reads outside the audit log, response) for one GET, after a first GET that fills
    the process's caches (the calendar's non-working days)."""
    client.get(url, params)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    reads = [
        q["sql"] for q in ctx.captured_queries
        if q["sql"].lstrip().upper().startswith("SELECT") and "access_audit" not in q["sql"]
    ]
    return len(ctx.captured_queries), len(reads), response


def test_encompass_notices_page_and_api(demo):
    assert EncompassNotice.objects.count() > 5
    client = client_for("fd.worker")
    one, _, response = counted(client, "/api/v1/encompass-notices", include_acknowledged="true", limit=1)
    assert len(response.json()) == 1 and response.has_header("Link")
    many, _, response = counted(client, "/api/v1/encompass-notices", include_acknowledged="true", limit=50)
    assert len(response.json()) > 5
    assert one == many
    url = reverse("frontdoor:encompass")
    assert counted(client, url, show="all", size=1)[0] == counted(client, url, show="all", size=50)[0]


def test_police_screening_backlog_page_and_api(demo):
    ids = list(Notification.objects.values_list("pk", flat=True)[:12])
    Notification.objects.filter(pk__in=ids).update(screening_status=ScreeningStatus.WAITING, contact=None)
    client = client_for("police.ppu")
    one, _, response = counted(client, "/api/v1/police-screening", limit=1)
    assert len(response.json()["waiting"]) == 1 and response.json()["waiting_count"] >= 12
    many, _, response = counted(client, "/api/v1/police-screening", limit=50)
    assert len(response.json()["waiting"]) >= 12
    assert one == many
    url = reverse("frontdoor:police")
    assert counted(client, url, size=1)[0] == counted(client, url, size=50)[0]


def test_due_clocks_for_a_caseload_of_one_and_of_many(demo):
    """'Your work' clocks: a worker with one child on a plan asks as many queries as one with a caseload."""
    busy = Practitioner.objects.get(username="sw.locality1")
    caseload = Allocation.objects.filter(worker=busy, ends_on__isnull=True).count()
    assert caseload > 5
    team = busy.memberships_now[0].team
    newcomer = practitioner_with_role(Role.SOCIAL_WORKER, team=team, username="sw.newcomer")
    plan = Plan.objects.filter(status=PlanStatus.ACTIVE).first()
    Allocation.objects.create(child=plan.child, worker=newcomer, starts_on=timezone.localdate() - timedelta(days=1),
                              recorded_by=busy)
    involve(plan.child, practitioner=newcomer)
    one_client, many_client = Client(), client_for("sw.locality1")
    one_client.force_login(newcomer)
    one, _, response = counted(one_client, "/api/v1/protection/due", limit=500)
    assert 1 <= len(response.json()) <= 4
    many, _, response = counted(many_client, "/api/v1/protection/due", limit=500)
    assert len(response.json()) > 10
    assert one == many


def _challenge(raised_by: str, owner: str) -> ProfessionalChallenge:
    raiser, owner = Practitioner.objects.get(username=raised_by), Practitioner.objects.get(username=owner)
    return ProfessionalChallenge.objects.create(
        person=Person.objects.order_by("pk").first(), raised_by=raiser, raised_by_agency=raiser.primary_agency,
        concern="The decision did not weigh the earlier contacts.", owner=owner, stage_due_on=timezone.localdate(),
    )


def test_partnership_challenges(demo):
    client = client_for("analyst")
    ProfessionalChallenge.objects.update(status=ChallengeStatus.RESOLVED)
    _challenge("dsl", "fd.manager")
    one, _, response = counted(client, "/api/v1/challenges/partnership")
    assert sum(g["count"] for g in response.json()) == 1
    for raiser, owner in [("police.ppu", "fd.manager"), ("gp", "fd.worker"), ("hv", "sw.manager"),
                          ("dsl", "sw.locality1"), ("health.safeguarding", "chair")]:
        _challenge(raiser, owner)
    many, _, response = counted(client, "/api/v1/challenges/partnership")
    assert sum(len(g["challenges"]) for g in response.json()) > 3
    assert one == many
    # The session, the analyst with their roles, then one read: each agency's oldest open challenges
    # with its totals and each owner's agency (was three reads).
    assert many == 3


def test_audit_log_pages_without_counting_the_log(demo):
    client = client_for("auditor")
    one, _, _ = counted(client, reverse("audit_log"), size=1)
    many, _, response = counted(client, reverse("audit_log"), size=200)
    assert one == many
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("audit_log"))
    assert not [q for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]


def test_front_door_queue_page_and_api_page_through_every_open_contact(demo):
    client = client_for("fd.worker")
    open_contacts = Contact.objects.exclude(status=ContactStatus.DECIDED).count()
    assert open_contacts > 5
    one, _, response = counted(client, "/api/v1/contacts", limit=1)
    assert len(response.json()) == 1 and response.has_header("Link")
    many, _, response = counted(client, "/api/v1/contacts", limit=500)
    assert len(response.json()) == open_contacts and not response.has_header("Link")
    assert one == many
    seen, cursor = [], ""
    while True:  # following the cursor gives every open contact once, soonest due first
        response = client.get("/api/v1/contacts", {"limit": 4, "cursor": cursor})
        seen += [row["id"] for row in response.json()]
        cursor = response.headers.get("X-Next-Cursor", "")
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == open_contacts
    url = reverse("frontdoor:queue")
    assert counted(client, url, size=1)[0] == counted(client, url, size=50)[0]


def test_contact_page_queries_do_not_grow_with_the_people_named(demo):
    """Reads and audit writes alike: one audit entry names everyone the page shows."""
    from safeguard.access.models import AuditEntry
    from safeguard.frontdoor.services import linked_people

    client = client_for("fd.worker")
    contacts = Contact.objects.exclude(status=ContactStatus.DECIDED).order_by("pk")
    by_people = sorted(contacts, key=lambda c: ContactSubject.objects.filter(contact=c).count())
    large = by_people[-1]
    # Keep one linked child who lives in a household now, so the one-person page reads what the many-
    # person page reads (the demo is seeded as of today, so which contact and subject that is varies).
    today = timezone.localdate()
    at_home = HouseholdMembership.objects.filter(Q(starts_on__isnull=True) | Q(starts_on__lte=today)).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=today)).values("person_id")
    kept = next(
        s for c in by_people for s in c.subjects.order_by("pk")
        if s.role in CHILD_ROLES and s.person_id and at_home.filter(person_id=s.person_id).exists()
    )
    small = kept.contact
    ContactSubject.objects.filter(contact=small).exclude(pk=kept.pk).delete()
    assert len(linked_people(small)) == 1 and len(linked_people(large)) >= 3
    one, _, _ = counted(client, reverse("frontdoor:contact", args=[small.pk]))
    many, _, _ = counted(client, reverse("frontdoor:contact", args=[large.pk]))
    assert one == many
    before = AuditEntry.objects.count()
    client.get(reverse("frontdoor:contact", args=[large.pk]))
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.order_by("-seq").first()
    assert set(entry.detail["people"]) == {str(p.pk) for p in linked_people(large)}


def test_genogram_reads_do_not_grow_with_the_family(demo):
    worker = practitioner_with_role(Role.SOCIAL_WORKER, username="sw.genogram")
    client = Client()
    client.force_login(worker)
    def family(size: int) -> Person:
        child = PersonFactory()
        mother = PersonFactory()
        Relationship.objects.create(from_person=mother, to_person=child, relationship_type=RelationshipType.PARENT)
        for _ in range(size):
            sibling = PersonFactory()
            Relationship.objects.create(from_person=mother, to_person=sibling,
                                        relationship_type=RelationshipType.PARENT)
            Relationship.objects.create(from_person=child, to_person=sibling,
                                        relationship_type=RelationshipType.SIBLING)
        involve(child, practitioner=worker)
        return child

    small, large = family(1), family(6)
    url = "family_genogram"
    _, one, _ = counted(client, reverse(url, args=[small.pk]))
    _, many, _ = counted(client, reverse(url, args=[large.pk]))
    assert one == many


def test_your_work_page_does_not_grow_with_the_tasks_or_people(demo):
    """'Your work' for a worker with one open task and for one with a page and more of them (and the
    people they work with): the same number of queries."""
    from safeguard.core.services import task_raise

    def worker_with(tasks: int, username: str) -> Client:
        worker = practitioner_with_role(Role.SOCIAL_WORKER, username=username)
        for n in range(tasks):
            child = PersonFactory()
            involve(child, practitioner=worker)
            task_raise(kind=f"k{n}", title=f"Visit {n}", due_on=timezone.localdate() + timedelta(days=n - 2),
                       assignee=worker, person=child)
        client = Client()
        client.force_login(worker)
        return client

    one, _, response = counted(worker_with(1, "sw.one"), "/")
    assert "1 open task" in response.content.decode()
    many, _, response = counted(worker_with(60, "sw.sixty"), "/")
    assert "60 open tasks" in response.content.decode() and "Showing tasks 1 to 50." in response.content.decode()
    assert one == many


def test_a_persons_record_reads_the_person_once(demo):
    """The record page and API read the person once: the access decision and the page share it."""
    from safeguard.access.models import Involvement

    user = Practitioner.objects.get(username="sw.locality1")
    child = Involvement.objects.filter(practitioner=user).values_list("person_id", flat=True).first()
    client = client_for("sw.locality1")
    for url in (f"/people/{child}/", f"/api/v1/people/{child}"):
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        by_id = 'WHERE "people_person"."id" ='
        person_reads = [q["sql"] for q in ctx.captured_queries
                        if q["sql"].startswith('SELECT "people_person"."id"') and by_id in q["sql"]]
        assert len(person_reads) == 1, url


def test_a_managers_home_counts_work_nobody_owns_in_the_database(demo):
    """The unowned-work count on a manager's Home: the same number of queries however much work has
    no owner, and each of them a COUNT (no ids of waiting discussions or tasks read into Python)."""
    from safeguard.core.models import Task, TaskStatus
    from safeguard.core.work import unowned_work
    from safeguard.protection.models import StrategyDiscussion

    client = client_for("sw.manager")
    proposer = Practitioner.objects.get(username="fd.manager")

    def leave_unowned(n: int) -> None:
        for i in range(n):
            StrategyDiscussion.objects.create(reason=f"Proposed and left {i}", proposed_by=proposer)
        open_contact_tasks = Task.objects.filter(status=TaskStatus.OPEN, source_type="frontdoor.contact")
        Task.objects.filter(pk__in=list(open_contact_tasks.values_list("pk", flat=True)[:n])).update(
            status=TaskStatus.DONE
        )

    leave_unowned(1)
    few, _, response = counted(client, "/")
    assert 'data-testid="unowned-work"' in response.content.decode()
    leave_unowned(20)
    many, _, _ = counted(client, "/")
    assert few == many
    with CaptureQueriesContext(connection) as ctx:
        counts = unowned_work()
    assert counts["strategy discussions"] == 21 and counts["contacts"] >= 2
    assert all(q["sql"].lstrip().upper().startswith("SELECT COUNT(") for q in ctx.captured_queries), [
        q["sql"][:120] for q in ctx.captured_queries
    ]


def test_a_managers_home_reads_the_people_they_work_with_without_a_list_of_them(demo):
    """'People you work with' on a manager's Home: the same statements with the same number of SQL
    parameters whether the team holds a few more people or sixty more (main read the team's people's
    ids and sent them back as one `IN` list: 3,433 parameters at 100k children)."""
    from safeguard.access.models import InvolvementKind
    from safeguard.agencies.models import Team

    manager = Practitioner.objects.get(username="sw.manager")
    team = Team.objects.get(pk=min(manager.team_ids))
    client = client_for("sw.manager")

    def home() -> tuple[int, int, str]:
        sent: list[int] = []

        def count_parameters(execute, sql, params, many, context):
            if "access_audit" not in sql:  # the page's one audit entry names the (at most 50) people shown
                sent.append(len(params or ()))
            return execute(sql, params, many, context)

        client.get("/")
        with connection.execute_wrapper(count_parameters):
            response = client.get("/")
        assert response.status_code == 200
        return len(sent), sum(sent), response.content.decode()

    def take_on(n: int, family_name: str) -> None:
        for _ in range(n):
            involve(PersonFactory(family_name=family_name), team=team, kind=InvolvementKind.TEAM_EPISODE)

    take_on(1, "Aaaardvark")
    few_queries, few_parameters, html = home()
    assert "Aaaardvark" in html  # the team's newest person is on the list
    take_on(60, "Aaaabbott")
    many_queries, many_parameters, html = home()
    assert (few_queries, few_parameters) == (many_queries, many_parameters)
    assert "Aaaabbott" in html and "Showing 50, in name order" in html


def test_a_plans_page_does_not_grow_with_its_statutory_visits(demo):
    """The plan page lists every statutory visit and who made it: one query for the visits and their
    visitors, however many there are (it was one query per visit for the visitor)."""
    from safeguard.protection.models import StatutoryVisit

    plan = Plan.objects.filter(status=PlanStatus.ACTIVE).first()
    involve(plan.child, practitioner=Practitioner.objects.get(username="sw.locality1"))
    client = client_for("sw.locality1")
    url = reverse("protection:plan", args=[plan.pk])
    today = timezone.localdate()

    def visit(n: int) -> None:
        for i in range(n):
            visitor = practitioner_with_role(Role.SOCIAL_WORKER, username=f"visitor{StatutoryVisit.objects.count()}")
            StatutoryVisit.objects.create(plan=plan, visited_on=today - timedelta(days=i), visitor=visitor)

    visit(1)
    _, few, _ = counted(client, url)
    visit(6)
    _, many, response = counted(client, url)
    assert response.content.decode().count("child not seen alone") >= 7
    assert few == many


def test_an_audited_read_of_a_person_decides_access_once(demo):
    """The record page and API ask the policy once per read: the audit entry names the person the
    decision was about, without deciding again (it was a second involvement query per read)."""
    from safeguard.access.models import Involvement

    user = Practitioner.objects.get(username="sw.locality1")
    child = Involvement.objects.filter(practitioner=user).values_list("person_id", flat=True).first()
    client = client_for("sw.locality1")
    # The page's children in need section asks the same view question again: answered from the
    # decision the read kept, not the database.
    for url, expected in ((f"/api/v1/people/{child}", 1), (f"/people/{child}/", 1)):
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        decisions = [q["sql"] for q in ctx.captured_queries
                     if q["sql"].startswith('SELECT "access_involvement"."kind"')]
        assert len(decisions) == expected, (url, len(decisions))


def test_an_audited_read_writes_its_entry_queue_row_and_people_in_one_statement_on_postgresql(demo):
    """Every audited read appends an entry, queues it for sealing and names the people it showed.
    On PostgreSQL that is one statement (no transaction of three inserts around it); the rows are
    the same, and the chain seals and verifies as before."""
    from safeguard.access.audit import ChainProblem, seal_pending, verify_chain
    from safeguard.access.models import AuditEntry, AuditEntryPerson, AuditPending, Involvement

    user = Practitioner.objects.get(username="sw.locality1")
    child = Involvement.objects.filter(practitioner=user).values_list("person_id", flat=True).first()
    client = client_for("sw.locality1")
    url = f"/api/v1/people/{child}"
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    writes = [q["sql"] for q in ctx.captured_queries
              if ("INSERT" in q["sql"] and "access_audit" in q["sql"] and "access_auditseal" not in q["sql"])
              or q["sql"] in ("BEGIN", "COMMIT")]
    # SQLite: the entry, its queue row, and the people the record names (the child's relatives) in one
    # insert.
    assert len(writes) == (1 if connection.vendor == "postgresql" else 3), writes
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.person_id == str(child) and entry.actor_username == "sw.locality1"
    relatives = {str(r["other_person_id"]) for r in client.get(url).json()["relationships"]}
    assert relatives and AuditEntryPerson.objects.filter(entry=entry).count() == len(relatives | {str(child)})
    assert AuditPending.objects.filter(entry=entry).exists() or hasattr(entry, "seal")
    seal_pending()
    assert not [p for p in verify_chain() if isinstance(p, ChainProblem)]


def _queries(client: Client, url: str, **headers) -> list[str]:
    client.get(url, **headers)  # the first fills the process's caches (and a token's last use)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, **headers).status_code == 200, url
    return [q["sql"] for q in ctx.captured_queries]


def test_a_signed_in_request_reads_the_user_and_their_roles_in_one_query(demo):
    """Every signed-in request pays for its session and its user: the user comes with their active
    memberships (roles, teams, agencies) in one query, not one for the user and one for the roles."""
    queries = _queries(client_for("sw.locality1"), "/api/v1/me")
    assert len(queries) == 2, queries  # the session, then the user with their memberships
    assert "django_session" in queries[0] and "agencies_membership" in queries[1]


def test_a_token_authenticated_api_call_is_one_query(demo):
    """An agency system's call with a bearer token reads the token, its practitioner and their
    memberships in one query, and no session (it has none)."""
    from safeguard.access.services import api_token_issue

    admin = practitioner_with_role(Role.SYSTEM_ADMINISTRATOR, username="sysadmin.tokens")
    _, secret = api_token_issue(actor=admin, practitioner=Practitioner.objects.get(username="sw.locality1"),
                                name="Case system")
    queries = _queries(Client(), "/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert len(queries) == 1, queries
    assert not [q for q in queries if "django_session" in q]


def test_a_persons_record_reads_both_directions_of_its_relationships_in_one_query(demo):
    """Relationships from and to the person are one query (with the other person's name), and the
    API read of a record is a fixed, small number of queries."""
    from safeguard.access.models import Involvement

    user = Practitioner.objects.get(username="sw.locality1")
    child = Involvement.objects.filter(practitioner=user).values_list("person_id", flat=True).first()
    client = client_for("sw.locality1")
    for url in (f"/people/{child}/", f"/api/v1/people/{child}"):
        queries = _queries(client, url)
        assert len([q for q in queries if 'FROM "people_relationship"' in q]) == 1, url
    # session; user and roles; person; decision; audit entry (+ its queue row); identifiers, names,
    # addresses, relationships, chronology. On SQLite the audit entry's transaction is not a query.
    reads = [q for q in _queries(client, f"/api/v1/people/{child}") if q.lstrip().upper().startswith("SELECT")]
    assert len(reads) == 9, reads


def test_a_childs_protection_summary_does_not_grow_with_its_reviews(demo):
    """The summary API names each open 'consider reconvening' review's requesting agency: read with the
    reviews, not one agency query per review."""
    worker = Practitioner.objects.get(username="sw.locality1")
    child = Allocation.objects.filter(worker=worker, ends_on__isnull=True).first().child
    agencies = [Practitioner.objects.get(username=u).primary_agency for u in ("police.ppu", "dsl", "gp", "hv")]
    today = timezone.localdate()

    def review(agency) -> None:
        ReconveneReview.objects.create(child=child, requested_by_agency=agency, request_reason="New concern.",
                                       raised_on=today, escalate_after=today + timedelta(days=5))

    client, url = client_for("sw.locality1"), f"/api/v1/protection/children/{child.pk}/summary"
    review(agencies[0])
    one, _, response = counted(client, url)
    assert len(response.json()["open_reconvene_reviews"]) >= 1
    for agency in agencies[1:]:
        review(agency)
    many, _, response = counted(client, url)
    assert {r["requested_by_agency"] for r in response.json()["open_reconvene_reviews"]} >= {a.name for a in agencies}
    assert one == many


def test_information_requests_api_does_not_grow_with_the_requests(demo):
    """A partner team's list of requests: one read for any number, each with its team and agency."""
    from safeguard.frontdoor.models import InformationRequest

    health = Practitioner.objects.get(username="health.safeguarding")
    team = health.memberships_now[0].team
    InformationRequest.objects.filter(team=team).update(status="answered")
    asker, now = Practitioner.objects.get(username="fd.worker"), timezone.now()

    def ask(contact) -> None:
        InformationRequest.objects.create(contact=contact, team=team, question="What do you hold?", requested_by=asker,
                                          rag="amber", due_at=now + timedelta(hours=4))

    contacts = list(Contact.objects.order_by("pk")[:6])
    ask(contacts[0])
    client = client_for("health.safeguarding")
    one, _, response = counted(client, "/api/v1/information-requests")
    assert len(response.json()) == 1
    for contact in contacts[1:]:
        ask(contact)
    many, _, response = counted(client, "/api/v1/information-requests")
    assert len(response.json()) == 6 and {r["agency"] for r in response.json()} == {team.agency.name}
    assert one == many
    # Paged like the other long lists (it was every open request, up to 500, in one response).
    pages, url, params = [], "/api/v1/information-requests", {"limit": 4}
    while url:
        paged, _, response = counted(client, url, **params)
        assert paged == one
        pages.append([r["id"] for r in response.json()])
        link = response.headers.get("Link", "")
        url, params = (link.split(">", 1)[0].lstrip("<"), {}) if 'rel="next"' in link else (None, {})
    assert [len(p) for p in pages] == [4, 2]
    every = [r["id"] for r in client.get("/api/v1/information-requests").json()]
    assert pages[0] + pages[1] == every


def test_a_triage_meetings_page_does_not_grow_with_its_agenda(demo, monkeypatch):
    """A meeting's page reads one page of its agenda, each case with its incident, people, agencies'
    information and actions, in the same number of queries for one case shown as for many."""
    from safeguard.frontdoor import selectors
    from safeguard.frontdoor.models import TriageItem, TriageMeeting

    meeting = TriageMeeting.objects.first()
    TriageItem.objects.update(meeting=meeting)  # every seeded case on one agenda
    assert meeting.items.count() > 3
    client = client_for("fd.manager")
    url = reverse("frontdoor:triage_meeting", args=[meeting.pk])
    monkeypatch.setattr(selectors, "TRIAGE_AGENDA_PAGE_SIZE", 1)
    one, _, response = counted(client, url)
    assert response.content.decode().count('<section id="item-') == 1
    monkeypatch.setattr(selectors, "TRIAGE_AGENDA_PAGE_SIZE", 50)
    many, _, response = counted(client, url)
    assert response.content.decode().count('<section id="item-') == TriageItem.objects.filter(meeting=meeting).count()
    assert one == many


def test_a_page_of_work_reads_the_children_of_the_tasks_it_shows_only(demo):
    """'Your work' picks a page of tasks from the tasks alone and joins only those to their children
    and teams: joined first, PostgreSQL read the child of every open task of a team before keeping 50
    (7,573 people for one team's Home at 1M children)."""
    client = client_for("sw.manager")
    client.get("/")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    joined = [q["sql"] for q in ctx.captured_queries
              if 'FROM "core_task"' in q["sql"] and 'JOIN "people_person"' in q["sql"]]
    assert len(joined) == 1
    assert " IN (SELECT " in joined[0] and "LIMIT" in joined[0].split(" IN (SELECT ", 1)[1]


def test_a_partner_teams_information_requests_page_does_not_grow_with_the_page(demo):
    """The requests page: one page of a team's waiting requests and their count, the same queries for
    one row as for fifty."""
    client = client_for("health.safeguarding")
    url = reverse("frontdoor:requests")
    one, _, response = counted(client, url, size=1)
    assert response.content.decode().count("/front-door/information-requests/") >= 1
    many, _, _ = counted(client, url, size=50)
    answered, _, _ = counted(client, url, show="answered", size=50)
    assert one == many == answered
