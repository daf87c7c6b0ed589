"""Where think-family tasks are done (registered with safeguard.core.work)."""

from __future__ import annotations

from django.urls import reverse

from safeguard.core.work import person_link, register_task_kind


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
    # The child's record shows the new link on its chronology.
    register_task_kind("risk_link", person_link, label="A child is newly linked to an adult who poses a risk")
