"""Think family: an adult attends a health setting, the children to consider, and the decision
whether to refer."""

from __future__ import annotations

import dataclasses
from datetime import date

from django.db import transaction
from django.utils import timezone

from safeguard.access import records
from safeguard.access.audit import audit_record
from safeguard.access.errors import InvalidInput, NotFound
from safeguard.access.models import AuditAction
from safeguard.core import signals
from safeguard.core.inputs import date_problem
from safeguard.core.models import EventType
from safeguard.core.services import chronology_event_record, new_information_raise
from safeguard.family.models import (
    AdultAttendance,
    HealthSetting,
)
from safeguard.family.network import LinkedChild, linked_children
from safeguard.family.validation import (
    ATTENDED_ON,
    CONCERN_REQUIRED,
    MIN_REASON,
    REFERRAL_NEEDED_REQUIRED,
    REFERRAL_REASON_REQUIRED,
    SETTING_REQUIRED,
)
from safeguard.people.models import Person
from safeguard.people.validation import Errors

from .identify import ReferralNotReceived, Subject, identify
from .lookup import _setting_label


@dataclasses.dataclass(frozen=True)
class AttendanceResult:
    attendance: AdultAttendance
    children: list[LinkedChild]

    @property
    def prompt_referral(self) -> bool:
        return any(c.in_their_care or c.status.has_open_protection_work for c in self.children)


def _children_to_consider(adult: Person) -> list[LinkedChild]:
    """Children in the adult's care, and linked children with plans or open enquiries."""
    return [c for c in linked_children(adult, steps=2) if c.in_their_care or c.status.has_open_protection_work]


@transaction.atomic
def adult_attendance_record(
    *, actor, setting: str, subject: Subject, attended_on: date | None = None, presenting_reason: str = ""
) -> AttendanceResult:
    records.require(actor, "record", AdultAttendance)
    errors = Errors()
    if setting not in HealthSetting.values:
        errors.add("setting", SETTING_REQUIRED)
    attended_on = attended_on or timezone.localdate()
    if attended_on > timezone.localdate():
        errors.add("attended_on", date_problem(attended_on, what=ATTENDED_ON, past=True))
    errors.raise_if_any()
    adult = identify(actor=actor, subject=subject)
    if adult is None or adult.is_child:
        raise InvalidInput({"nhs_number": ["No single adult matches these details: check them, or use the NHS number"]})
    attendance = AdultAttendance.objects.create(
        adult=adult, clinician=actor, setting=setting, attended_on=attended_on, presenting_reason=presenting_reason
    )
    children = _children_to_consider(adult)
    attendance.linked_children.set([c.child for c in children])
    where = _setting_label(setting, actor)
    chronology_event_record(
        person=adult,
        event_type=EventType.ADULT_ATTENDANCE,
        occurred_on=attended_on,
        summary=f"Attended {where}",
        actor=actor,
        source=attendance,
    )
    # Think family: the workers of linked children are told (the adult's reason for attending
    # stays in health; the child's record says only who attended where).
    for linked in children:
        what = f"an adult linked to them ({linked.path}) attended {where}"
        chronology_event_record(
            person=linked.child,
            event_type=EventType.ADULT_ATTENDANCE,
            occurred_on=attended_on,
            summary=what[0].upper() + what[1:],
            actor=actor,
            source=attendance,
        )
        new_information_raise(
            person=linked.child,
            what=what,
            source=attendance,
            actor=actor,
            urgent=linked.status.has_open_protection_work and setting == HealthSetting.EMERGENCY_DEPARTMENT,
        )
    audit_record(
        actor=actor,
        action=AuditAction.ENQUIRY,
        object_type="family.adultattendance",
        object_id=str(attendance.pk),
        person=adult,
        purpose="think family: children linked to an attending adult",
        detail={"children": [str(c.child.pk) for c in children]},
    )
    return AttendanceResult(attendance=attendance, children=children)


def attendance_for(*, actor, attendance_id) -> AttendanceResult:
    attendance = (
        records.visible(actor, "view", AdultAttendance.objects.filter(pk=attendance_id)).select_related("adult").first()
    )
    if attendance is None:
        raise NotFound()
    return AttendanceResult(attendance=attendance, children=_children_to_consider(attendance.adult))


def _send_referral(*, actor, children, adults, concern: str, categories: list[str], source) -> str:
    responses = signals.referral_to_front_door.send(
        sender=source.__class__,
        actor=actor,
        children=children,
        adults=adults,
        concern=concern,
        categories=categories,
        source=source,
    )
    for _, contact in responses:
        if contact is not None:
            return str(getattr(contact, "pk", contact))
    raise ReferralNotReceived()


@transaction.atomic
def adult_attendance_decide(
    *,
    actor,
    attendance: AdultAttendance,
    referral_needed: bool | None,
    reason: str = "",
    refer_now: bool = False,
    concern: str = "",
) -> AdultAttendance:
    """Record the clinician's answer; with refer_now, the referral reaches the front door in one step."""
    records.require(actor, "decide", attendance)
    errors = Errors()
    if referral_needed is None:
        errors.add("referral_needed", REFERRAL_NEEDED_REQUIRED)
    if not reason.strip():
        errors.add("reason", REFERRAL_REASON_REQUIRED)
    if refer_now and not referral_needed:
        errors.add("refer_now", "You can only refer when a referral is needed")
    if refer_now and len(concern.strip()) < MIN_REASON:
        errors.add("concern", CONCERN_REQUIRED)
    if attendance.decided_at is not None:
        errors.add("referral_needed", "The answer for this attendance is already recorded")
    errors.raise_if_any()
    attendance.referral_needed = referral_needed
    attendance.decision_reason = reason.strip()
    attendance.decided_at = timezone.now()
    if refer_now:
        attendance.contact_reference = _send_referral(
            actor=actor,
            children=list(attendance.linked_children.all()),
            adults=[attendance.adult],
            concern=concern.strip(),
            categories=["think_family", attendance.setting],
            source=attendance,
        )
    attendance.save(update_fields=["referral_needed", "decision_reason", "decided_at", "contact_reference"])
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="family.adultattendance",
        object_id=str(attendance.pk),
        person=attendance.adult,
        purpose="think family: recorded whether a safeguarding referral is needed",
        detail={"referral_needed": referral_needed, "referred": bool(attendance.contact_reference)},
    )
    return attendance
