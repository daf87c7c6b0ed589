"""The front door's tasks lead to the contact and close when the decision is made; a worker already
working with a child hears of a new contact about them."""

from __future__ import annotations

import pytest
from django.test import Client

from safeguard.agencies.roles import Role
from safeguard.core.models import Task, TaskStatus
from safeguard.core.work import task_link, unowned_work
from safeguard.frontdoor.tests.conftest import contact_body
from safeguard.frontdoor.tests.test_contacts_api import link_child
from safeguard.testing.factories import TeamFactory, involve, practitioner_with_role

pytestmark = pytest.mark.django_db


def _page(user, url):
    client = Client()
    client.force_login(user)
    return client.get(url)


def test_a_contact_puts_one_decision_task_in_the_front_doors_queue_leading_to_the_contact(world, api, child):
    w = world
    contact_id = api(w.dsl).post("/contacts", contact_body()).json()["id"]
    task = Task.objects.get(kind="contact_decision")
    assert task.team == w.front_door and task.assignee is None and task.status == TaskStatus.OPEN
    # The manager goes straight to the decision; the screener to the contact. Both pages open.
    assert task_link(task, w.manager) == f"/front-door/contacts/{contact_id}/decision/"
    assert task_link(task, w.screener) == f"/front-door/contacts/{contact_id}/"
    for user in (w.manager, w.screener):
        home = _page(user, "/").content.decode()
        assert f'href="{task_link(task, user)}"' in home
        assert _page(user, task_link(task, user)).status_code == 200

    assert task.person is None  # nobody confirmed yet
    link_child(api, w, contact_id, child)
    task.refresh_from_db()
    assert task.person == child  # now filed under the child on "Your work"
    r = api(w.manager).post(
        f"/contacts/{contact_id}/decision", {"outcome": "nfa", "rationale": "Handled by the school; no role for us."}
    )
    assert r.status_code == 201, r.content
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and "No further action" in task.outcome
    assert "Make a threshold decision" not in _page(w.screener, "/").content.decode()


def test_a_new_contact_about_an_allocated_child_becomes_one_task_for_their_social_worker(world, api, child):
    w = world
    locality = TeamFactory(agency=w.council, name="Locality team")
    social_worker = practitioner_with_role(Role.SOCIAL_WORKER, team=locality)
    involve(child, practitioner=social_worker)
    contact_id = api(w.dsl).post("/contacts", contact_body()).json()["id"]
    link_child(api, w, contact_id, child)

    task = Task.objects.get(assignee=social_worker)
    assert task.kind == "new_information" and task.person == child
    assert "new contact to the front door from Oak Primary School" in task.title
    home = _page(social_worker, "/").content.decode()
    assert f'href="/people/{child.pk}/#chronology"' in home
    # Opening the child's record shows the new entry and takes the task off their work.
    record = _page(social_worker, f"/people/{child.pk}/").content.decode()
    assert "New for you" in record and 'data-testid="new-information"' in record
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE


def _decide(api, w, child, outcome, **extra):
    contact_id = api(w.dsl).post("/contacts", contact_body()).json()["id"]
    link_child(api, w, contact_id, child)
    r = api(w.manager).post(
        f"/contacts/{contact_id}/decision", {"outcome": outcome, "rationale": "The reasons for this decision.", **extra}
    )
    assert r.status_code == 201, r.content
    return contact_id, r.json()["id"]


def test_an_agency_whose_view_differed_is_told_once_and_the_task_closes_when_it_reads_the_decision(world, api, child):
    w = world
    contact_id = api(w.dsl).post("/contacts", contact_body()).json()["id"]
    link_child(api, w, contact_id, child)
    api(w.screener).post(f"/contacts/{contact_id}/screening", {"rag": "amber"})
    asked = {"team_id": w.health_team.pk, "question": "What do you know about Peter's health?"}
    assert api(w.screener).post(f"/contacts/{contact_id}/information-requests", asked).status_code == 201
    view = {"recommended_outcome": "assessment", "rationale": "Missed health appointments show neglect."}
    assert api(w.nurse).post(f"/contacts/{contact_id}/threshold-views", view).status_code in (200, 201)
    decision = api(w.manager).post(
        f"/contacts/{contact_id}/decision", {"outcome": "nfa", "rationale": "Handled by the school; no role for us."}
    ).json()
    task = Task.objects.get(kind="threshold_dissent", assignee=w.nurse)
    link = task_link(task, w.nurse)
    assert link == f"/front-door/decisions/{decision['id']}/"
    assert _page(w.nurse, link).status_code == 200
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.outcome == "Read the decision"


def test_early_help_waits_in_the_front_doors_queue_until_a_manager_gives_it_to_a_worker(world, api, child):
    from safeguard.frontdoor.models import EarlyHelpReferral

    w = world
    _, decision_id = _decide(api, w, child, "early_help")
    task = Task.objects.get(kind="allocate_early_help")
    assert task.team == w.front_door and task.assignee == w.manager
    assert sum(unowned_work().values()) == 0
    queue = _page(w.manager, task_link(task, w.manager))
    assert queue.status_code == 200 and "Early help referral" in queue.content.decode()
    client = Client()
    client.force_login(w.manager)
    allocated = client.post("/protection/allocations/", {"task_id": str(task.pk), "worker_id": w.screener.pk})
    assert allocated.status_code == 302
    referral = EarlyHelpReferral.objects.get(decision_id=decision_id)
    assert referral.accepted_at is not None and str(w.screener) in referral.referred_to
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert sum(unowned_work().values()) == 0


def test_a_triage_decision_waits_as_the_front_doors_task_until_a_meeting_takes_it(world, api, child):
    w = world
    _decide(api, w, child, "da_triage")
    task = Task.objects.get(kind="triage_waiting")
    assert task.team == w.front_door and task.person == child
    assert _page(w.screener, task_link(task, w.screener)).status_code == 200
    assert api(w.screener).post("/triage-meetings", {}).status_code == 201
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE


def test_work_nobody_owns_is_counted_when_its_task_is_closed_by_mistake(world, api, child):
    """The managers' "work nobody owns" figure finds an open contact or an early help referral whose
    task was closed without the work being done (counted in the database; ids compared as text)."""
    w = world
    api(w.dsl).post("/contacts", contact_body())
    assert unowned_work()["contacts"] == 0
    Task.objects.filter(kind="contact_decision").update(status=TaskStatus.DONE)
    assert unowned_work()["contacts"] == 1

    _decide(api, w, child, "early_help")
    assert unowned_work()["assessments and early help"] == 0
    Task.objects.filter(kind="allocate_early_help").update(status=TaskStatus.DONE)
    assert unowned_work()["assessments and early help"] == 1

    _decide(api, w, child, "assessment")
    # The assessment has two tasks (the team's "allocate" and its own "complete the assessment"):
    # it is nobody's only when both were closed by mistake.
    Task.objects.filter(kind="allocate_assessment").update(status=TaskStatus.DONE)
    assert unowned_work()["assessments and early help"] == 1
    Task.objects.filter(kind="cin_assessment").update(status=TaskStatus.DONE)
    assert unowned_work()["assessments and early help"] == 2
    involve(child, practitioner=w.screener)  # a worker allocated to the child: the assessment is owned
    assert unowned_work()["assessments and early help"] == 1
