"""Where front door tasks are done (registered with safeguard.core.work)."""

from __future__ import annotations

from django.urls import reverse

from safeguard.access import policy
from safeguard.core.work import register_source_link, register_task_kind


def _contact_decision(task, actor):
    if task.source_type != "frontdoor.contact":
        return reverse("frontdoor:queue")  # seeded history without its contact record
    if actor is not None and policy.can_decide_threshold(actor):
        return reverse("frontdoor:decision", args=[task.source_id])
    return reverse("frontdoor:contact", args=[task.source_id])


def _information_request(task, actor):
    if task.source_type == "frontdoor.informationrequest":
        return reverse("frontdoor:request_answer", args=[task.source_id])
    return reverse("frontdoor:requests")


def _decision(task, actor):
    if task.source_type == "frontdoor.decision":
        return reverse("frontdoor:decision_detail", args=[task.source_id])
    return None


def _triage_action(task, actor):
    from safeguard.frontdoor.models import TriageAction

    action = TriageAction.objects.filter(pk=task.source_id).select_related("item").first()
    if action is None or action.item.meeting_id is None:
        return reverse("frontdoor:triage")
    return reverse("frontdoor:triage_meeting", args=[action.item.meeting_id])


def register() -> None:
    register_task_kind("contact_decision", _contact_decision, label="Make a threshold decision")
    register_task_kind("information_request", _information_request, label="Answer an information request")
    register_task_kind("threshold_dissent", _decision, label="A decision differs from your agency's view")
    register_task_kind("assessment_allocation", _decision, label="Allocate an assessment")
    register_task_kind(
        "operation_encompass", lambda t, a: reverse("frontdoor:encompass"), label="Operation Encompass notice"
    )
    register_task_kind("triage_action", _triage_action, label="Domestic abuse triage action")
    register_source_link("frontdoor.contact", _contact_decision)
    register_source_link("frontdoor.decision", _decision)
