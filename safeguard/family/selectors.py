"""Reads for think family, scoped by access.policy."""

from __future__ import annotations

import uuid

from safeguard.access import policy
from safeguard.access.errors import NotFound
from safeguard.access.services import person_access_check
from safeguard.family.models import AdultAttendance, GpNotification, Pregnancy, RiskFlag, SexualHealthAssessment
from safeguard.family.network import LinkedChild, linked_children
from safeguard.people.models import Person
from safeguard.people.selectors import person_lookup


def risk_flags_for(*, actor, person: Person) -> list[RiskFlag]:
    """Active flags, or an empty list for anyone without need to know (they learn nothing)."""
    if not policy.can_see_risk_flags(actor, person):
        return []
    return list(RiskFlag.objects.filter(person=person, ended_at__isnull=True).select_related("raised_by"))


def flagged_adult_network(
    *, actor, person_id, steps: int | None = None
) -> tuple[Person, list[RiskFlag], list[LinkedChild]]:
    """Every child within reach of a flagged adult, with their status. 404 without need to know."""
    person = person_lookup(person_id=person_id)
    if not policy.can_see_risk_flags(actor, person):
        raise NotFound()
    person_access_check(actor=actor, person=person)  # audits the view
    flags = risk_flags_for(actor=actor, person=person)
    return person, flags, linked_children(person, steps=steps)


def person_for_diagram(*, actor, person_id) -> Person:
    person = person_lookup(person_id=person_id)
    person_access_check(actor=actor, person=person)
    return person


def person_to_change(*, actor, person_id) -> Person:
    person = person_lookup(person_id=person_id)
    person_access_check(actor=actor, person=person, action=policy.Action.CHANGE, audit=False)
    return person


def _by_id(model, pk):
    try:
        return model.objects.get(pk=uuid.UUID(str(pk)))
    except (ValueError, model.DoesNotExist):
        raise NotFound() from None


def attendance_lookup(*, actor, attendance_id) -> AdultAttendance:
    attendance = _by_id(AdultAttendance, attendance_id)
    if attendance.clinician_id != actor.pk:
        raise NotFound()
    return attendance


def assessment_lookup(*, actor, assessment_id) -> SexualHealthAssessment:
    assessment = _by_id(SexualHealthAssessment, assessment_id)
    if assessment.clinician_id != actor.pk:
        raise NotFound()
    return assessment


def pregnancy_lookup(*, actor, pregnancy_id) -> Pregnancy:
    pregnancy = _by_id(Pregnancy, pregnancy_id)
    if not policy.decide(actor, pregnancy.mother, policy.Action.VIEW):
        raise NotFound()
    return pregnancy


def gp_notification_lookup(*, actor, notification_id) -> GpNotification:
    notification = _by_id(GpNotification, notification_id)
    if not policy.can_acknowledge_gp_notification(actor, notification.practice):
        raise NotFound()
    return notification


def gp_notifications_awaiting(*, actor) -> list[GpNotification]:
    """Unacknowledged pregnancy notifications to the practices the actor acknowledges for; raises
    NotFound for anyone who acknowledges for no practice."""
    practice_ids = {
        m.team.agency_id
        for m in actor.memberships_now
        if policy.can_acknowledge_gp_notification(actor, m.team.agency_id)
    }
    if not practice_ids:
        raise NotFound()
    return list(
        GpNotification.objects.filter(practice_id__in=practice_ids, acknowledged_at__isnull=True)
        .select_related("pregnancy__mother", "pregnancy__unborn", "pregnancy__midwife", "practice")
        .order_by("acknowledge_by", "sent_at")
    )


def person_for_risk_flag(*, actor, person_id) -> Person:
    """The adult a flag is to be raised on: 404 for anyone who may not record risk flags on them."""
    person = person_lookup(person_id=person_id)
    if not policy.can_record_risk_flags(actor, person):
        raise NotFound()
    return person


def risk_flag_to_change(*, actor, flag_id) -> RiskFlag:
    """An active flag the actor may review or end (the same need to know as raising one)."""
    flag = _by_id(RiskFlag, flag_id)
    if flag.ended_at is not None or not policy.can_record_risk_flags(actor, flag.person):
        raise NotFound()
    return flag
