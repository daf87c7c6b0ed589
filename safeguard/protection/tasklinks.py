"""Where child protection tasks are done (registered with safeguard.core.work)."""

from __future__ import annotations

from django.urls import reverse

from safeguard.core.work import register_source_link, register_task_kind

_PAGES = {
    "protection.strategydiscussion": "protection:discussion",
    "protection.conference": "protection:conference",
    "protection.plan": "protection:plan",
    "protection.action": "protection:action",
    "protection.coregroup": "protection:core_group",
    "protection.section47enquiry": "protection:enquiry",
    "protection.reconvenereview": "protection:review",
    "challenges.professionalchallenge": "protection:challenge",
}


def _source_page(task, actor):
    name = _PAGES.get(task.source_type)
    return reverse(name, args=[task.source_id]) if name and task.source_id else None


def _child_summary(task, actor):
    return reverse("protection:child_summary", args=[task.person_id]) if task.person_id else None


def _first_core_group(task, actor):
    if task.source_type == "protection.plan":
        return reverse("protection:core_group_new", args=[task.source_id])
    return _child_summary(task, actor)


def _visit(task, actor):
    if task.source_type == "protection.plan":
        return reverse("protection:visit_new", args=[task.source_id])
    return _child_summary(task, actor)


def _bring_forward(task, actor):
    return reverse("protection:conference_schedule", args=[task.person_id]) if task.person_id else None


def _meeting(task, actor):
    if task.source_type == "protection.coregroup":
        from safeguard.protection.models import CoreGroup

        plan_id = CoreGroup.objects.filter(pk=task.source_id).values_list("plan_id", flat=True).first()
        return reverse("protection:plan", args=[plan_id]) if plan_id else None
    return _source_page(task, actor)


def _action(task, actor):
    """An action is done (and marked done) on its own page."""
    if task.source_type == "protection.action":
        return reverse("protection:action", args=[task.source_id])
    return _child_summary(task, actor)


def _schedule_conference(task, actor):
    return reverse("protection:conference_schedule", args=[task.person_id]) if task.person_id else None


def register() -> None:
    from safeguard.protection import nextsteps

    register_task_kind(nextsteps.COMPLETE_ENQUIRY, _source_page, label=nextsteps.LABELS[nextsteps.COMPLETE_ENQUIRY])
    register_task_kind(nextsteps.SCHEDULE_ICPC, _schedule_conference, label=nextsteps.LABELS[nextsteps.SCHEDULE_ICPC])
    register_task_kind(nextsteps.FINALISE_PLAN, _source_page, label=nextsteps.LABELS[nextsteps.FINALISE_PLAN])
    register_task_kind(
        nextsteps.REFER_OTHER_CHILD,
        lambda t, a: reverse("frontdoor:intake_step", args=["referrer"]),
        label=nextsteps.LABELS[nextsteps.REFER_OTHER_CHILD],
    )
    register_task_kind("meeting_invitation", _meeting, label="Meeting invitation")
    register_task_kind("protection_action", _action, label="An action you own")
    for kind, label in (
        ("convene_strategy_discussion", "Convene a strategy discussion"),
        ("chair_conference", "Chair a conference"),
        ("consider_reconvening", "Consider reconvening"),
        ("reconvene_escalated", "Consider reconvening (escalated)"),
        ("challenge_response", "Respond to a professional challenge"),
    ):
        register_task_kind(kind, _source_page, label=label)
    register_task_kind("meeting_invitation", _source_page, label="Meeting invitation")
    register_task_kind("protection_action", _source_page, label="An action agreed for a child")
    register_task_kind("first_core_group", _first_core_group, label="Hold the first core group")
    register_task_kind("statutory_visit", _visit, label="Statutory visit")
    register_task_kind("bring_forward_review", _bring_forward, label="Bring forward the review conference")
    # Seeded casework (assessments and plans without their own page yet) is done from the child's summary.
    register_task_kind("assessment_due", _child_summary, label="Complete the assessment")
    register_task_kind("cin_review", _child_summary, label="Child in need plan review")
    for source_type in _PAGES:
        register_source_link(source_type, _source_page)
