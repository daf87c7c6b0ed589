"""Each stage of the pathway puts the next step on the lead social worker's "Your work", linked to
where it is done, and doing it closes it: strategy discussion → section 47 enquiry → scheduling the
initial conference → finalising the plan → the first core group. Invitees who may only read a
meeting are offered none of its actions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from safeguard.core.models import Task, TaskStatus
from safeguard.core.work import task_link
from safeguard.protection import nextsteps, services
from safeguard.protection.models import Plan, Section47Enquiry, StrategyDiscussion
from safeguard.protection.tests.helpers import hold_discussion, post, propose
from safeguard.protection.tests.test_conferences_plans import _icpc, _record

pytestmark = pytest.mark.django_db


def _open(kind, **filters):
    return list(Task.objects.filter(kind=kind, status=TaskStatus.OPEN, **filters))


def _complete_enquiry(world, enquiry, *, conference: bool):
    today = timezone.localdate()
    services.section47_record(
        actor=world.social_worker, enquiry=enquiry, complete=True, started_on=enquiry.started_on,
        social_worker_findings="Seen alone at school; consistent account", police_findings="Interview done; bailed",
        concerns_substantiated="yes" if conference else "no", icpc_needed="yes" if conference else "no",
        next_step="" if conference else "cin", outcome_reason="Reasons recorded in full", concluded_on=today,
    )  # fmt: skip


def test_the_pathway_leads_the_worker_from_enquiry_to_core_group(world):
    pupil = world.pupil
    hold_discussion(world, [pupil])
    enquiry = Section47Enquiry.objects.get(child=pupil)
    [task] = _open(nextsteps.COMPLETE_ENQUIRY, person=pupil)
    assert task.assignee == world.social_worker and task.title == "Complete the section 47 enquiry for Dan Fictional"
    assert task_link(task, world.social_worker) == f"/protection/section-47-enquiries/{enquiry.pk}/"

    _complete_enquiry(world, enquiry, conference=True)
    assert not _open(nextsteps.COMPLETE_ENQUIRY)
    [schedule] = _open(nextsteps.SCHEDULE_ICPC, person=pupil)
    assert schedule.assignee == world.social_worker
    assert task_link(schedule, world.social_worker) == f"/protection/children/{pupil.pk}/conferences/new/"

    conference = _icpc(world, pupil)
    assert not _open(nextsteps.SCHEDULE_ICPC)
    post(world.client(world.chair), f"/protection/conferences/{conference['id']}/record", _record(world, conference))
    plan = Plan.objects.get(child=pupil)
    [finalise] = _open(nextsteps.FINALISE_PLAN, person=pupil)
    assert finalise.assignee == world.social_worker
    assert task_link(finalise, world.social_worker) == f"/protection/plans/{plan.pk}/"

    services.plan_outcome_add(
        actor=world.social_worker, plan=plan, description="Dan is safe at home",
        actions=[{"description": "Weekly direct work", "owner_id": world.social_worker.pk,
                  "due_on": timezone.localdate() + timedelta(days=7), "measure_of_success": "Dan says he is safe"}],
    )  # fmt: skip
    for other in (world.toddler, world.special_pupil, world.half_sibling):
        services.sibling_decision_record(
            actor=world.social_worker, plan=plan, other_child=other, decision="included", reason="Same household"
        )
    services.plan_finalise(actor=world.social_worker, plan=plan)
    assert not _open(nextsteps.FINALISE_PLAN)
    assert _open("first_core_group", person=pupil)


def test_no_conference_needed_asks_for_no_scheduling(world):
    hold_discussion(world, [world.pupil])
    _complete_enquiry(world, Section47Enquiry.objects.get(child=world.pupil), conference=False)
    assert not _open(nextsteps.COMPLETE_ENQUIRY)
    assert not _open(nextsteps.SCHEDULE_ICPC)


def test_the_convenor_is_not_also_sent_an_invitation_and_invitees_see_no_actions(world):
    discussion = propose(world, [world.pupil])
    # Allocated to her, as the team manager does from the queue: she convenes it.
    StrategyDiscussion.objects.filter(pk=discussion["id"]).update(convenor=world.social_worker)
    sw = world.client(world.social_worker)
    day = (timezone.localdate() + timedelta(days=2)).isoformat()
    post(
        sw,
        f"/protection/strategy-discussions/{discussion['id']}/arrange",
        {"scheduled_for": day, "starts_at": "10:00", "place": "Room 2"},
    )
    invited = {t.assignee for t in _open("meeting_invitation")}
    assert world.dsl in invited and world.police in invited
    assert world.social_worker not in invited  # her work is "Convene the strategy discussion"

    page = world.client(world.police).get(f"/protection/strategy-discussions/{discussion['id']}/").content.decode()
    for offer in ("Reschedule", "Cancel the meeting", "Find someone", "Record the strategy discussion", "Remove<"):
        assert offer not in page, offer
    own = sw.get(f"/protection/strategy-discussions/{discussion['id']}/").content.decode()
    assert "Reschedule" in own and "Record the strategy discussion" in own


def test_a_separate_assessment_for_another_child_stays_on_your_work_until_the_front_door_has_them(world):
    from safeguard.access.models import InvolvementKind
    from safeguard.agencies.roles import AgencyType, Role
    from safeguard.frontdoor.services import contact_record, subject_match_confirm
    from safeguard.testing.factories import AgencyFactory, TeamFactory, involve, practitioner_with_role

    hold_discussion(world, [world.pupil])
    conference = _icpc(world, world.pupil)
    post(world.client(world.chair), f"/protection/conferences/{conference['id']}/record", _record(world, conference))
    plan = Plan.objects.get(child=world.pupil)
    services.sibling_decision_record(
        actor=world.social_worker, plan=plan, other_child=world.half_sibling, decision="separate_assessment",
        reason="Finn sees his father at weekends",
    )  # fmt: skip
    [task] = _open(nextsteps.REFER_OTHER_CHILD)
    assert task.assignee == world.social_worker and task.person == world.pupil  # filed under the child she works with
    assert "Finn Madeup" in task.title
    assert task_link(task, world.social_worker) == "/front-door/contacts/new/referrer/"

    # She tells the front door; once Finn is matched to his record there, the reminder is done.
    council = AgencyFactory(name="Shire Council front door", agency_type=AgencyType.CHILDRENS_SOCIAL_CARE)
    front_door = TeamFactory(agency=council, name="Front door", is_front_door=True)
    screener = practitioner_with_role(Role.FRONT_DOOR_SOCIAL_WORKER, team=front_door, username="fd")
    involve(world.half_sibling, team=front_door, kind=InvolvementKind.FRONT_DOOR_CONTACT)  # as if already asked
    contact, _ = contact_record(
        actor=world.social_worker,
        data={"referrer_name": "Social worker", "referral_source": "5A", "concerns": "Separate assessment for Finn",
              "categories": ["csa_within_family"], "consent_status": "agreed"},
        subjects=[{"role": "subject_child", "given_name": "Finn", "family_name": "Madeup",
                   "date_of_birth": world.half_sibling.date_of_birth}],
    )  # fmt: skip
    assert _open(nextsteps.REFER_OTHER_CHILD)
    subject = contact.subjects.get()
    if subject.person_id is None:
        subject_match_confirm(actor=screener, contact=contact, subject=subject, person_id=world.half_sibling.pk)
    assert not _open(nextsteps.REFER_OTHER_CHILD)
