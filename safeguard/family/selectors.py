"""Reads for think family, scoped by access.records."""

from __future__ import annotations

import uuid

from django.utils import timezone

from safeguard.access import records
from safeguard.access.audit import audit_record
from safeguard.access.errors import NotFound
from safeguard.access.models import AuditAction
from safeguard.family.models import AdultAttendance, GpNotification, Pregnancy, RiskFlag, SexualHealthAssessment
from safeguard.family.network import LinkedChild, linked_children
from safeguard.people.models import Person
from safeguard.people.selectors import person_lookup


def risk_flags_for(*, actor, person: Person) -> list[RiskFlag]:
    """Active flags, or an empty list for anyone without need to know (they learn nothing)."""
    if not records.allows(actor, "view_flags", person):
        return []
    return list(RiskFlag.objects.filter(person=person, ended_at__isnull=True).select_related("raised_by"))


def flagged_adult_network(
    *, actor, person_id, steps: int | None = None
) -> tuple[Person, list[RiskFlag], list[LinkedChild]]:
    """Every child within reach of a flagged adult, with their status. 404 without need to know."""
    person = person_lookup(person_id=person_id)
    records.require(actor, "view_flags", person)
    answer = records.require_decision(actor, "view", person)
    flags = risk_flags_for(actor=actor, person=person)
    children = linked_children(person, steps=steps)
    # One entry for the view, naming every child the network shows and the adults it goes through.
    records.audit_decision(actor, "view", person, answer,
                           naming=[p for c in children for p in (c.child, *c.via)])
    return person, flags, children


def person_for_diagram(*, actor, person_id) -> Person:
    person = person_lookup(person_id=person_id)
    records.require(actor, "view", person, audit=True)
    return person


def person_for_genogram(*, actor, person_id) -> Person:
    """The child whose genogram and ecomap the page draws; the view is audited by `audit_diagram`,
    once the page knows whom the genogram shows."""
    person = person_lookup(person_id=person_id)
    records.require(actor, "view", person, keep=True)
    return person


def audit_diagram(*, actor, person: Person, people) -> None:
    """The genogram names the child's family: one entry naming them all (`people`: their ids)."""
    answer = records.require_decision(actor, "view", person, keep=True)
    records.audit_decision(actor, "view", person, answer, naming=list(people))


def person_to_change(*, actor, person_id) -> Person:
    person = person_lookup(person_id=person_id)
    records.require(actor, "change", person)
    return person


def _by_id(model, pk):
    try:
        return model.objects.get(pk=uuid.UUID(str(pk)))
    except (ValueError, model.DoesNotExist):
        raise NotFound() from None


def attendance_lookup(*, actor, attendance_id) -> AdultAttendance:
    return records.require(actor, "view", _by_id(AdultAttendance, attendance_id))


def assessment_lookup(*, actor, assessment_id) -> SexualHealthAssessment:
    return records.require(actor, "view", _by_id(SexualHealthAssessment, assessment_id))


def pregnancy_lookup(*, actor, pregnancy_id) -> Pregnancy:
    pregnancy = _by_id(Pregnancy, pregnancy_id)
    records.require(actor, "view", pregnancy)
    return pregnancy


def gp_notification_lookup(*, actor, notification_id) -> GpNotification:
    return records.require(actor, "acknowledge", _by_id(GpNotification, notification_id))


GP_NOTIFICATION_STATES = ("awaiting", "overdue", "acknowledged")


def gp_notifications_for(*, actor, state: str = "") -> list[GpNotification]:
    """Pregnancy notifications a midwife sent, or those to the GP practices the actor acknowledges
    for: unacknowledged first (oldest due first), then acknowledged, newest first. Audited; 404 for
    anyone who neither sends nor receives them."""
    records.require(actor, "view", GpNotification)
    qs = records.visible(actor, "view", GpNotification.objects.all()).select_related(
        "pregnancy__mother", "pregnancy__unborn", "pregnancy__midwife", "practice", "acknowledged_by"
    )
    today = timezone.localdate()
    if state == "acknowledged":
        qs = qs.filter(acknowledged_at__isnull=False)
    elif state == "overdue":
        qs = qs.filter(acknowledged_at__isnull=True, acknowledge_by__lt=today)
    elif state == "awaiting":
        qs = qs.filter(acknowledged_at__isnull=True, acknowledge_by__gte=today)
    rows = list(qs)
    waiting = sorted((n for n in rows if n.acknowledged_at is None), key=lambda n: (n.acknowledge_by, n.sent_at))
    done = sorted((n for n in rows if n.acknowledged_at is not None), key=lambda n: n.acknowledged_at, reverse=True)
    rows = waiting + done
    audit_record(
        actor=actor,
        action=AuditAction.VIEW,
        object_type="family.gpnotification",
        purpose="pregnancy notifications list",
        detail={"notifications": [str(n.pk) for n in rows], "state": state},
    )
    return rows


def gp_notification_for_view(*, actor, notification_id) -> GpNotification:
    notification = records.require(actor, "view", _by_id(GpNotification, notification_id))
    audit_record(
        actor=actor,
        action=AuditAction.VIEW,
        object_type="family.gpnotification",
        object_id=str(notification.pk),
        person=notification.pregnancy.mother,
        purpose="pregnancy notification",
    )
    return notification


def gp_notifications_awaiting(*, actor) -> list[GpNotification]:
    """Unacknowledged pregnancy notifications to the practices the actor acknowledges for; raises
    NotFound for anyone who acknowledges for no practice."""
    records.require(actor, "acknowledge", GpNotification)
    return list(
        records.visible(actor, "acknowledge", GpNotification.objects.filter(acknowledged_at__isnull=True))
        .select_related("pregnancy__mother", "pregnancy__unborn", "pregnancy__midwife", "practice")
        .order_by("acknowledge_by", "sent_at")
    )


def person_for_risk_flag(*, actor, person_id) -> Person:
    """The adult a flag is to be raised on: 404 for anyone who may not record risk flags on them. The
    form names them, so it is audited as a view of them (why: the decision that let them record)."""
    person = person_lookup(person_id=person_id)
    allowed = records.require_decision(actor, "record_flags", person)
    records.audit_decision(actor, "view", person, allowed)
    return person


def risk_flag_to_change(*, actor, flag_id) -> RiskFlag:
    """An active flag the actor may review or end (the same need to know as raising one)."""
    flag = _by_id(RiskFlag, flag_id)
    if flag.ended_at is not None:
        raise NotFound()
    records.require(actor, "end", flag)
    return flag
