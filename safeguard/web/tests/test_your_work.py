"""'Your work': overdue first, grouped by child, and every task leads to the page where it is done."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from safeguard.access.models import InvolvementKind
from safeguard.agencies.roles import Role
from safeguard.core.services import task_raise
from safeguard.testing.factories import PersonFactory, involve, practitioner_with_role

pytestmark = pytest.mark.django_db


def _rows(html: str) -> list[str]:
    """Task titles in the order shown."""
    cell = r'data-testid="work-task">\s*<td class="govuk-table__cell"><a class="govuk-link" href="[^"]*">([^<]+)</a>'
    return re.findall(cell, html)


def _groups(html: str) -> list[str]:
    headings = re.findall(r'data-testid="work-group">\s*<h3[^>]*>(.*?)</h3>', html, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<span.*?</span>|<[^>]+>", "", h)).strip() for h in headings]


def test_overdue_work_comes_first_and_tasks_are_grouped_by_child(client):
    worker = practitioner_with_role(Role.SOCIAL_WORKER)
    today = timezone.localdate()
    ada = PersonFactory(given_name="Ada", family_name="Fictional")
    ben = PersonFactory(given_name="Ben", family_name="Fictional")
    for child in (ada, ben):
        involve(child, practitioner=worker, kind=InvolvementKind.ALLOCATED_WORKER)
    task_raise(kind="a", title="Ada: due next week", due_on=today + timedelta(days=7), assignee=worker, person=ada)
    task_raise(kind="b", title="Ben: due tomorrow", due_on=today + timedelta(days=1), assignee=worker, person=ben)
    task_raise(kind="c", title="Ada: overdue", due_on=today - timedelta(days=3), assignee=worker, person=ada)
    task_raise(kind="d", title="Not about a child", due_on=today + timedelta(days=2), assignee=worker)

    client.force_login(worker)
    html = client.get("/").content.decode()

    # Ada has overdue work, so her group leads even though Ben's task is due sooner than her other one.
    assert _groups(html) == ["Ada Fictional 1 overdue", "Ben Fictional", "Not about one child"]
    assert _rows(html) == ["Ada: overdue", "Ada: due next week", "Ben: due tomorrow", "Not about a child"]
    assert "4 open tasks, <strong>1 overdue</strong>" in html


def test_each_task_links_to_where_its_work_is_done_not_to_the_person(client):
    worker = practitioner_with_role(Role.SOCIAL_WORKER)
    child = PersonFactory()
    involve(child, practitioner=worker)
    task_raise(kind="first_core_group", title="Hold the first core group", due_on=None, assignee=worker, person=child)
    client.force_login(worker)
    html = client.get("/").content.decode()
    # No plan record behind this task: the child's protection summary, where core groups are recorded.
    assert f'href="/protection/children/{child.pk}/">Hold the first core group' in html


def test_a_long_list_of_work_comes_a_page_at_a_time_with_the_whole_count(client):
    """A front door team's queue holds a task per open contact: 'Your work' shows 50, says how many
    there are in all, and the next page carries on where the first stopped (overdue still first)."""
    worker = practitioner_with_role(Role.SOCIAL_WORKER)
    today = timezone.localdate()
    for n in range(53):
        task_raise(kind=f"k{n}", title=f"Task {n:02d}", due_on=today + timedelta(days=n - 3), assignee=worker)
    client.force_login(worker)

    first = client.get("/").content.decode()
    assert "53 open tasks, <strong>3 overdue</strong>" in first
    assert "Showing tasks 1 to 50." in first
    assert _rows(first)[:4] == ["Task 00", "Task 01", "Task 02", "Task 03"] and len(_rows(first)) == 50
    assert 'href="?page=2"' in first

    second = client.get("/", {"page": 2}).content.decode()
    assert "Showing tasks 51 to 53." in second
    assert _rows(second) == ["Task 50", "Task 51", "Task 52"]


def _people(html: str) -> str:
    return html.split("People you work with", 1)[1]


def test_people_you_work_with_puts_your_own_first_then_your_teams_newest_by_name(client):
    """A team holding more people than the Home lists: the worker's own child is on it, then the team's
    most recently taken on, shown by name; a team person taken on earlier is left for search."""
    from datetime import timedelta

    from safeguard.access.models import Involvement
    from safeguard.agencies.models import Team

    worker = practitioner_with_role(Role.SOCIAL_WORKER)
    team = Team.objects.get(pk=min(worker.team_ids))
    long_ago = timezone.now() - timedelta(days=400)
    mine = PersonFactory(given_name="Mine", family_name="Zedworth")
    Involvement.objects.create(person=mine, practitioner=worker, kind=InvolvementKind.ALLOCATED_WORKER,
                               starts_at=long_ago)
    earlier = PersonFactory(given_name="Earlier", family_name="Aardvark")
    Involvement.objects.create(person=earlier, team=team, kind=InvolvementKind.TEAM_EPISODE, starts_at=long_ago)
    for _ in range(49):
        involve(PersonFactory(family_name="Newcomer"), team=team, kind=InvolvementKind.TEAM_EPISODE)
    client.force_login(worker)

    people = _people(client.get("/").content.decode())
    assert "Mine Zedworth" in people and "Earlier Aardvark" not in people
    assert people.count("Newcomer") == 49
    assert people.index("Newcomer") < people.index("Zedworth")  # in name order on the page
    assert "Showing 50, in name order" in people and 'href="/people/find/"' in people


def test_people_you_work_with_says_nothing_about_choosing_when_all_are_shown(client):
    worker = practitioner_with_role(Role.SOCIAL_WORKER)
    involve(PersonFactory(given_name="Only", family_name="One"), practitioner=worker)
    client.force_login(worker)
    people = _people(client.get("/").content.decode())
    assert "Only One" in people and "Showing" not in people


@pytest.mark.django_db
def test_the_home_page_is_a_view_of_the_people_it_names_in_one_audit_entry(client):
    """The Home lists people by name and date of birth (and the children its tasks are about): a view of
    each of them, so "who has looked at this child" finds it."""
    from safeguard.access.models import AuditEntry, AuditEntryPerson

    worker = practitioner_with_role(Role.SOCIAL_WORKER)
    held = [PersonFactory(given_name=n) for n in ("Ada", "Bea", "Cal")]
    for person in held:
        involve(person, practitioner=worker)
    client.force_login(worker)
    assert client.get("/").status_code == 200
    entry = AuditEntry.objects.filter(actor_id=worker.pk, purpose__startswith="home").latest("pk")
    named = set(AuditEntryPerson.objects.filter(entry=entry).values_list("person_id", flat=True))
    assert named == {str(p.pk) for p in held}
