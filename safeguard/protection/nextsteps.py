"""The next step after each stage of the child protection pathway, on someone's "Your work".

Each stage that makes more work puts it in front of the child's lead social worker (or whoever
recorded the stage, when the child has none), linked to the page where it is done; the service that
does that work closes it. Called by the protection services inside their transactions.

    strategy discussion decides a section 47 enquiry  → "Complete the section 47 enquiry"
    section 47 enquiry concludes: conference needed   → "Schedule the initial child protection conference"
    initial conference decides a plan (a draft)       → "Finalise the child protection plan"
"""

from __future__ import annotations

from django.utils import timezone

from safeguard.core import clock
from safeguard.core.services import task_raise, tasks_complete_for

COMPLETE_ENQUIRY = "complete_section_47_enquiry"
SCHEDULE_ICPC = "schedule_initial_conference"
FINALISE_PLAN = "finalise_plan"


def _owner(child, actor):
    from safeguard.protection import selectors

    return selectors.lead_social_worker(child) or actor


def enquiry_started(*, enquiry, actor) -> None:
    """The enquiry must conclude in time for an initial conference within its 15 working days."""
    task_raise(
        kind=COMPLETE_ENQUIRY,
        title=f"Complete the section 47 enquiry for {enquiry.child.full_name}",
        due_on=clock.icpc_due(enquiry.started_on),
        assignee=_owner(enquiry.child, actor),
        person=enquiry.child,
        source=enquiry,
    )


def enquiry_concluded(*, enquiry, actor) -> None:
    from safeguard.protection.models import Conference, Section47Enquiry

    tasks_complete_for(source=enquiry, kinds=[COMPLETE_ENQUIRY], outcome=enquiry.get_outcome_display())
    if enquiry.outcome != Section47Enquiry.Outcome.ICPC or Conference.objects.filter(enquiry=enquiry).exists():
        return
    discussion = enquiry.discussion
    held_on = discussion.held_on if discussion and discussion.held_on else enquiry.started_on
    task_raise(
        kind=SCHEDULE_ICPC,
        title=f"Schedule the initial child protection conference for {enquiry.child.full_name}",
        due_on=clock.icpc_due(held_on),
        assignee=_owner(enquiry.child, actor),
        person=enquiry.child,
        source=enquiry,
    )


def initial_conference_scheduled(*, conference) -> None:
    tasks_complete_for(person=conference.child, kinds=[SCHEDULE_ICPC], outcome="Initial conference scheduled")


def plan_drafted(*, plan, actor) -> None:
    """A conference decided on a plan: it becomes final (and the core group's clock starts) only
    with outcomes and a decision for every other child linked to the same adults."""
    task_raise(
        kind=FINALISE_PLAN,
        title=f"Finalise the child protection plan for {plan.child.full_name}: outcomes, actions and "
        "a decision for each other child linked to the same adults",
        due_on=clock.first_core_group_due(plan.started_on),
        assignee=_owner(plan.child, actor),
        person=plan.child,
        source=plan,
    )


def plan_finalised(*, plan) -> None:
    tasks_complete_for(source=plan, kinds=[FINALISE_PLAN], outcome="Plan finalised")


REFER_OTHER_CHILD = "refer_other_child"


def separate_assessment_decided(*, decision, subject_child, actor) -> None:
    """Another child linked to the same adults needs a separate assessment: until the front door has
    a contact about them, the practitioner who decided it has that on "Your work" (filed under the
    child they work with: they may not see the other child's record)."""
    task_raise(
        kind=REFER_OTHER_CHILD,
        title=f"Tell the front door about {decision.other_child.full_name}: a separate assessment was decided",
        due_on=clock.next_working_day(timezone.localdate()),
        assignee=actor,
        person=subject_child,
        source=decision,
        subject=f"other-child:{decision.other_child_id}",
    )


def other_child_referred(*, person) -> int:
    """A contact about the other child has reached the front door: the reminder to refer them is done."""
    from safeguard.core.models import Task, TaskStatus

    return Task.objects.filter(
        kind=REFER_OTHER_CHILD, dedupe_key__endswith=f"other-child:{person.pk}", status=TaskStatus.OPEN
    ).update(status=TaskStatus.DONE, completed_at=timezone.now(), outcome="Contact received at the front door")


LABELS = {
    COMPLETE_ENQUIRY: "Complete a section 47 enquiry",
    SCHEDULE_ICPC: "Schedule an initial child protection conference",
    FINALISE_PLAN: "Finalise a child protection plan",
    REFER_OTHER_CHILD: "Tell the front door about another child",
}
