"""Police notifications: recording them, Operation Encompass notices to schools, and the
police screening decision."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from safeguard.access import records
from safeguard.access.audit import audit_record
from safeguard.access.models import AuditAction
from safeguard.agencies.models import Agency, Membership, Team
from safeguard.agencies.roles import AgencyType, Role
from safeguard.core import clock
from safeguard.core.models import Task, TaskStatus
from safeguard.core.services import (
    task_complete,
    task_create,
)
from safeguard.frontdoor.codes import (
    ConcernCategory,
    ConsentStatus,
    DashRisk,
    LawfulBasis,
    NotificationKind,
    NotifiedPersonRole,
    PoliceScreeningDecision,
    ReferralSource,
    ScreeningStatus,
    SubjectRole,
)
from safeguard.frontdoor.errors import Conflict
from safeguard.frontdoor.models import (
    EncompassNotice,
    Notification,
    NotifiedPerson,
    TriageItem,
)
from safeguard.frontdoor.validation import MIN_REASON, POLICE_REASON_REQUIRED, POLICE_REFER_REQUIRED
from safeguard.people.validation import Errors

from .contacts import contact_record


def school_resolve(text: str) -> Agency | None:
    """A school named by its URN (held as the organisation code) or its name."""
    text = (text or "").strip()
    if not text:
        return None
    schools = Agency.objects.filter(agency_type=AgencyType.EDUCATION)
    return schools.filter(ods_code__iexact=text).first() or schools.filter(name__iexact=text).first()


def notification_create(*, actor, data: dict) -> Notification:
    """Create one validated notification (see imports.clean_notification) inside the caller's transaction."""
    notification = Notification.objects.create(
        source_reference=data["reference"],
        kind=data["kind"],
        incident_at=data["incident_at"],
        recorded_at=data.get("recorded_at"),
        summary=data["summary"],
        dash_risk=data["dash_risk"],
        imported_by=actor,
    )
    for person in data["people"]:
        NotifiedPerson.objects.create(
            notification=notification,
            role=person["role"],
            given_name=person["given_name"],
            family_name=person["family_name"],
            date_of_birth=person["date_of_birth"],
            sex=person["sex"],
            present=person["present"],
            normally_resides=person["normally_resides"],
            school_text=person["school"],
            school=school_resolve(person["school"]),
        )
    if notification.kind == NotificationKind.DOMESTIC_ABUSE_INCIDENT:
        TriageItem.objects.create(notification=notification)
        encompass_notices_send(actor=actor, notification=notification)
    tell_workers_of_known_children(actor=actor, notification=notification)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="frontdoor.notification",
        object_id=str(notification.pk),
        purpose="imported a police notification",
        detail={"kind": notification.kind, "people": len(data["people"])},
    )
    return notification


def tell_workers_of_known_children(*, actor, notification: Notification) -> list:
    """A notification about a child someone already works with reaches that worker at import, not
    only when screening turns it into a contact (the worker may hold what screening needs).

    Only an exact match on first name, last name and date of birth to one record counts; anything
    less is left to screening, and nothing is linked: the worker is told (urgently for a high DASH
    risk) and the child's chronology says what came in and that it is not yet screened."""
    from safeguard.core.models import EventType
    from safeguard.core.services import chronology_event_record, new_information_raise
    from safeguard.frontdoor.selectors import known_people, named_key
    from safeguard.people.models import Person

    tasks = []
    kind = notification.get_kind_display().lower()
    children = list(notification.people.filter(role=NotifiedPersonRole.CHILD, date_of_birth__isnull=False))
    known = known_people((c.given_name, c.family_name, c.date_of_birth) for c in children)
    records_of = Person.objects.in_bulk(list(known.values()))
    for notified in children:
        person_id = known.get(named_key(notified.given_name, notified.family_name, notified.date_of_birth))
        if person_id is None:
            continue
        person = records_of[person_id]
        told = new_information_raise(
            person=person,
            what=f"a police {kind} ({notification.source_reference}), not yet screened",
            source=notification,
            urgent=notification.dash_risk == DashRisk.HIGH,
            actor=actor,
        )
        if told:
            chronology_event_record(
                person=person,
                event_type=EventType.DOMESTIC_ABUSE_INCIDENT
                if notification.kind == NotificationKind.DOMESTIC_ABUSE_INCIDENT
                else EventType.OTHER,
                occurred_on=timezone.localdate(notification.incident_at),
                summary=f"Police {kind} {notification.source_reference} received (matched by name and date of "
                "birth; waiting for police screening)",
                actor=actor,
                source=notification,
            )
        tasks += told
    return tasks


def school_dsl_team(school: Agency | None) -> Team | None:
    if school is None:
        return None
    today = timezone.localdate()
    membership = (
        Membership.objects.filter(team__agency=school, role=Role.DESIGNATED_SAFEGUARDING_LEAD, starts_on__lte=today)
        .exclude(ends_on__lt=today)
        .select_related("team")
        .first()
    )
    return membership.team if membership else None


def encompass_notices_send(*, actor, notification: Notification) -> list[EncompassNotice]:
    """Tell each child's school (its designated safeguarding lead) before the next school day."""
    notices = []
    due = clock.operation_encompass_due(notification.incident_at)
    for child in notification.people.filter(role="child"):
        if not (child.present or child.normally_resides):
            continue
        team = school_dsl_team(child.school)
        notice = EncompassNotice.objects.create(
            notification=notification,
            child=child,
            school=child.school,
            due_at=due,
            sent_at=timezone.now() if team else None,
        )
        if team is not None:
            task_create(
                kind="operation_encompass",
                title="Operation Encompass: a pupil was affected by a domestic abuse incident",
                due_on=timezone.localdate(due),
                team=team,
                source=notice,
            )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            object_type="frontdoor.encompassnotice",
            object_id=str(notice.pk),
            purpose="Operation Encompass notice to a school",
            detail={"sent": team is not None},
        )
        notices.append(notice)
    return notices


@transaction.atomic
def encompass_acknowledge(*, actor, notice: EncompassNotice) -> EncompassNotice:
    records.require(actor, "acknowledge", notice)
    if notice.acknowledged_at is None:
        notice.acknowledged_at, notice.acknowledged_by = timezone.now(), actor
        notice.save(update_fields=["acknowledged_at", "acknowledged_by"])
        for task in Task.objects.filter(
            source_type="frontdoor.encompassnotice", source_id=str(notice.pk), status=TaskStatus.OPEN
        ):
            task_complete(task=task, outcome="Acknowledged")
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            object_type="frontdoor.encompassnotice",
            object_id=str(notice.pk),
            purpose="acknowledged an Operation Encompass notice",
            detail={"late": notice.is_late()},
        )
    return notice


@transaction.atomic
def police_screening_decide(*, actor, notification: Notification, decision: str, reason: str = "") -> Notification:
    """A police officer decides whether a notification goes to children's social care."""
    records.require(actor, "screen", Notification)
    notification = Notification.objects.select_for_update().get(pk=notification.pk)
    if notification.screening_status != ScreeningStatus.WAITING:
        raise Conflict("This notification has already been screened.")
    errors = Errors()
    if decision not in PoliceScreeningDecision.values:
        errors.add("decision", POLICE_REFER_REQUIRED)
    reason = (reason or "").strip()
    if decision == PoliceScreeningDecision.NO_REFERRAL and len(reason) < MIN_REASON:
        errors.add("reason", POLICE_REASON_REQUIRED)
    errors.raise_if_any()
    notification.screened_by, notification.screened_at, notification.screening_reason = actor, timezone.now(), reason
    if decision == PoliceScreeningDecision.REFER:
        people = list(notification.people.all())
        is_da = notification.kind == NotificationKind.DOMESTIC_ABUSE_INCIDENT
        contact, _ = contact_record(
            actor=actor,
            data={
                "received_at": timezone.now(),
                "referrer_name": actor.get_full_name() or actor.get_username(),
                "referrer_role": actor.job_title or Role.POLICE_PUBLIC_PROTECTION.label,
                "referral_source": ReferralSource.POLICE,
                "concerns": "\n\n".join(
                    x
                    for x in [
                        f"{notification.get_kind_display()} {notification.source_reference} at "
                        f"{timezone.localtime(notification.incident_at):%d %B %Y %H:%M}",
                        notification.summary,
                        f"DASH risk: {notification.get_dash_risk_display()}" if notification.dash_risk else "",
                        reason,
                    ]
                    if x
                ),
                "categories": [ConcernCategory.DOMESTIC_ABUSE if is_da else ConcernCategory.OTHER],
                "consent_status": ConsentStatus.OTHER_LAWFUL_BASIS,
                "lawful_basis": LawfulBasis.SAFEGUARDING,
                "consent_reason": "Police notification shared with the front door under the duty to safeguard children",
            },
            subjects=[
                {
                    "role": SubjectRole.SUBJECT_CHILD if p.role == "child" else SubjectRole.OTHER_ADULT,
                    "given_name": p.given_name,
                    "family_name": p.family_name,
                    "date_of_birth": p.date_of_birth,
                    "sex": p.sex,
                    "school": p.school_text,
                }
                for p in people
            ],
        )
        notification.screening_status, notification.contact = ScreeningStatus.REFERRED, contact
    else:
        notification.screening_status = ScreeningStatus.NO_REFERRAL
    notification.save(update_fields=["screening_status", "screened_by", "screened_at", "screening_reason", "contact"])
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="frontdoor.notification",
        object_id=str(notification.pk),
        purpose="police referral decision",
        detail={"decision": decision},
    )
    return notification
