"""Where think-family tasks are done (registered with safeguard.core.work)."""

from __future__ import annotations

from django.urls import reverse

from safeguard.core.work import register_task_kind


def _pregnancy_of_notification(task, actor):
    from safeguard.family.models import GpNotification

    pregnancy_id = GpNotification.objects.filter(pk=task.source_id).values_list("pregnancy_id", flat=True).first()
    return reverse("family_pregnancy", args=[pregnancy_id]) if pregnancy_id else None


def _pregnancy(task, actor):
    if task.source_type == "family.pregnancy":
        return reverse("family_pregnancy", args=[task.source_id])
    return None


def _risk_flag_review(task, actor):
    if task.source_type == "family.riskflag":
        return reverse("family_risk_flag_end", args=[task.source_id])
    return None


def _risk_link(task, actor):
    """The worker reviews the child's safety on the link's own page (which closes the task)."""
    from safeguard.family.models import RiskLink

    if task.source_type != "family.riskflag" or not task.person_id:
        return None
    link_id = RiskLink.objects.filter(flag_id=task.source_id, child_id=task.person_id).values_list("pk", flat=True)
    link_id = link_id.first()
    return reverse("family_risk_link_review", args=[link_id]) if link_id else None


def register() -> None:
    register_task_kind(
        "gp_pregnancy_notification",
        lambda t, a: reverse("family_gp_notifications"),
        label="Acknowledge a pregnancy notification",
    )
    register_task_kind(
        "gp_pregnancy_notification_chase",
        lambda t, a: reverse("family_gp_notifications"),
        label="Pregnancy notification not acknowledged",
    )
    register_task_kind(
        "gp_pregnancy_notification_unacknowledged", _pregnancy_of_notification, label="GP has not acknowledged"
    )
    register_task_kind("antenatal_no_home_visit", _pregnancy, label="No antenatal home visit")
    register_task_kind("risk_flag_review", _risk_flag_review, label="Review a 'poses a risk' flag")
    register_task_kind("risk_link", _risk_link, label="A child is newly linked to an adult who poses a risk")
