"""Scenario tests: significant events put on linked children's chronologies and raise reconvene tasks."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from safeguard.access.models import AuditEntry, InvolvementKind
from safeguard.core import clock
from safeguard.core.models import ChronologyEvent, Task
from safeguard.core.signals import significant_event_recorded
from safeguard.people.models import Person, Relationship
from safeguard.protection.models import ReconveneReview, StrategyDiscussion
from safeguard.protection.services import escalate_overdue
from safeguard.protection.tests.helpers import error_fields, get, hold_discussion, post
from safeguard.testing.factories import involve


def _open_enquiries(world):
    hold_discussion(
        world, [world.toddler, world.pupil], propose={"alleged_perpetrator_ids": [str(world.stepfather.pk)]}
    )


def test_new_birth_creates_reconvene_tasks_for_lead_social_worker(world):
    _open_enquiries(world)
    baby = Person.objects.create(given_name="Gus", family_name="Fictional", date_of_birth=timezone.localdate())
    Relationship.objects.create(from_person=world.mother, to_person=baby, relationship_type="parent")
    involve(baby, practitioner=world.midwife, kind=InvolvementKind.RECORD_CREATOR)
    involve(world.mother, practitioner=world.midwife, kind=InvolvementKind.SUPERVISING)
    body = post(
        world.client(world.midwife),
        "/protection/significant-events",
        {
            "event_type": "new_birth",
            "person_ids": [str(baby.pk), str(world.mother.pk)],
            "occurred_on": timezone.localdate().isoformat(),
            "summary": "Baby born at Shire Hospital",
        },
        201,
    )
    # The brother and sister with open enquiries are reconsidered (the baby has none yet).
    assert set(body["children_reconsidered"]) == {str(world.toddler.pk), str(world.pupil.pk)}
    tasks = Task.objects.filter(kind="consider_reconvening", assignee=world.social_worker)
    assert {t.person_id for t in tasks} == {world.toddler.pk, world.pupil.pk}
    assert all(t.due_on == clock.reconvene_decision_due(timezone.localdate()) for t in tasks)
    assert ChronologyEvent.objects.filter(person=world.pupil, event_type="new_birth").exists()

    # The lead social worker decides; the task closes and the decision is on the chronology.
    review = ReconveneReview.objects.get(child=world.pupil)
    c = world.client(world.social_worker)
    bad = post(c, f"/protection/reconvene-reviews/{review.pk}/decision", {"decision": "no_change"}, 422)
    assert error_fields(bad) == {"reason"}
    post(
        c,
        f"/protection/reconvene-reviews/{review.pk}/decision",
        {"decision": "reconvene_strategy", "reason": "New baby in the household with the alleged perpetrator"},
    )
    assert not Task.objects.filter(source_id=str(review.pk), status="open", kind="consider_reconvening").exists()
    assert StrategyDiscussion.objects.filter(status="awaiting", child_links__child=world.pupil).exists()
    assert ChronologyEvent.objects.filter(person=world.pupil, event_type="reconvene_decided").exists()


def test_bail_conditions_lifted_creates_events_on_each_linked_child(world):
    _open_enquiries(world)
    post(
        world.client(world.police),
        "/protection/significant-events",
        {
            "event_type": "bail_changed",
            "person_ids": [str(world.stepfather.pk)],
            "occurred_on": timezone.localdate().isoformat(),
            "summary": "Bail conditions lifted: no longer prohibited from contact with the children",
        },
        201,
    )
    for child in (world.toddler, world.pupil):
        event = ChronologyEvent.objects.get(person=child, event_type="bail_changed")
        assert "Bail conditions lifted" in event.summary
    # Children linked to the stepfather without an open enquiry or plan are not reconsidered.
    assert not ChronologyEvent.objects.filter(person=world.half_sibling, event_type="bail_changed").exists()
    assert ReconveneReview.objects.filter(event__isnull=False).count() == 2


def test_other_apps_trigger_the_same_rule_through_the_signal(world):
    _open_enquiries(world)
    significant_event_recorded.send(
        sender=None,
        event_type="bail_changed",
        people=[world.stepfather],
        occurred_on=timezone.localdate(),
        summary="Bail conditions varied",
        actor=world.police,
        source=None,
    )
    assert ChronologyEvent.objects.filter(person=world.toddler, event_type="bail_changed").count() == 1
    assert Task.objects.filter(kind="consider_reconvening", person=world.toddler).exists()


def test_agency_without_access_to_the_person_cannot_record_events(world):
    post(
        world.client(world.outsider),
        "/protection/significant-events",
        {
            "event_type": "missing_episode",
            "person_ids": [str(world.pupil.pk)],
            "occurred_on": timezone.localdate().isoformat(),
            "summary": "Missing overnight",
        },
        404,
    )


def test_unanswered_reconvene_request_escalates_after_one_working_day_once(world):
    _open_enquiries(world)
    review = post(
        world.client(world.dsl),
        "/protection/reconvene-requests",
        {"child_id": str(world.pupil.pk), "reason": "Dan says the stepfather has been visiting at night"},
        201,
    )
    assert review["requested_by_agency"] == "Oakfield Primary"
    now = timezone.now()
    assert escalate_overdue(now=now) == 0  # not yet due
    later = now + timedelta(days=5)
    assert escalate_overdue(now=later) == 1
    assert escalate_overdue(now=later) == 0  # idempotent
    task = Task.objects.get(kind="reconvene_escalated")
    assert task.assignee == world.manager and task.person == world.pupil
    assert AuditEntry.objects.filter(object_id=review["id"], purpose="automatic escalation").count() == 1
    listed = get(world.client(world.social_worker), "/protection/reconvene-reviews")
    assert any(r["id"] == review["id"] and r["escalated"] for r in listed)
    # The list shows children: the read is a view of each of them, in one audit entry.
    from safeguard.access.models import AuditEntryPerson

    entry = AuditEntry.objects.filter(actor_id=world.social_worker.pk, purpose="reconvene reviews").latest("pk")
    assert set(AuditEntryPerson.objects.filter(entry=entry).values_list("person_id", flat=True)) == {
        r["child_id"] for r in listed}


def test_the_scheduled_work_runs_the_escalation(world):
    from django.utils import timezone

    from safeguard.core import schedule

    results = schedule.run_all(timezone.now())
    assert results["protection.escalate_reconvene_requests"] == "0 reconvene requests escalated"
    assert results["challenges.escalate_overdue_stages"] == "0 challenges escalated"
