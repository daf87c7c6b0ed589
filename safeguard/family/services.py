"""Every write for think family: validate → change → chronology → audit, in one transaction."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from safeguard.access import policy
from safeguard.access.audit import audit_record
from safeguard.access.errors import InvalidInput, NotFound
from safeguard.access.models import AuditAction, InvolvementKind
from safeguard.access.services import involvement_grant, person_access_check
from safeguard.agencies.models import Agency, Membership
from safeguard.agencies.roles import AgencyType, Role
from safeguard.core import clock, signals
from safeguard.core.models import EventType
from safeguard.core.services import chronology_event_record, new_information_raise, task_create
from safeguard.core.status import ProtectionStatus, protection_status
from safeguard.family import rules
from safeguard.family.models import (
    AdultAttendance,
    AntenatalVisit,
    ContactArrangement,
    EcomapLink,
    GpNotification,
    HealthLookup,
    HealthSetting,
    LinkQuality,
    MappaCategory,
    MappaLevel,
    Pregnancy,
    RiskBasis,
    RiskFlag,
    SexualHealthAssessment,
    Vulnerability,
)
from safeguard.family.network import LinkedChild, linked_children
from safeguard.people import services as people_services
from safeguard.people.codes import RelationshipType, Sex
from safeguard.people.identifiers import normalise_nhs_number
from safeguard.people.matching import MatchDetails, find_candidates
from safeguard.people.models import Person, PersonIdentifier, Relationship
from safeguard.people.validation import Errors

# A demographic match must be at least this likely, and the only one that is, to be shown.
CONFIDENT_MATCH = 0.9


class ReferralNotReceived(Exception):
    """No front door receiver took the referral: nothing was saved; the clinician should phone."""


# --- identifying someone from a health setting -------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Subject:
    """How a health setting identifies a person: NHS number, or name and date of birth."""

    nhs_number: str = ""
    given_name: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    postcode: str = ""


def _subject_errors(subject: Subject, prefix: str = "") -> None:
    errors = Errors()
    if subject.nhs_number:
        if not normalise_nhs_number(subject.nhs_number) or len(normalise_nhs_number(subject.nhs_number)) != 10:
            errors.add(f"{prefix}nhs_number", "Enter a 10-digit NHS number")
    elif not (subject.family_name.strip() and subject.date_of_birth):
        errors.add(f"{prefix}nhs_number", "Enter an NHS number, or a last name and date of birth")
        if not subject.family_name.strip():
            errors.add(f"{prefix}family_name", "Enter a last name")
        if not subject.date_of_birth:
            errors.add(f"{prefix}date_of_birth", "Enter a date of birth")
    errors.raise_if_any()


def identify(*, actor, subject: Subject) -> Person | None:
    """The one person confidently matching the subject, or None. No access decision: callers show
    only the minimal view and audit the look-up."""
    _subject_errors(subject)
    if subject.nhs_number:
        row = PersonIdentifier.objects.select_related("person").filter(
            id_type="nhs_number", value=normalise_nhs_number(subject.nhs_number)
        )
        return row[0].person if row else None
    candidates = find_candidates(
        actor=actor,
        details=MatchDetails(
            given_name=subject.given_name,
            family_name=subject.family_name,
            date_of_birth=subject.date_of_birth,
            postcode=subject.postcode,
        ),
    )
    confident = [c for c in candidates if c.match_probability >= CONFIDENT_MATCH]
    return confident[0].person if len(confident) == 1 else None


# --- risk flags and links ----------------------------------------------------------------------


@transaction.atomic
def risk_flag_raise(
    *,
    actor,
    person: Person,
    basis: str,
    evidence: str,
    review_on: date | None,
    mappa_category: str = "",
    mappa_level: str = "",
) -> RiskFlag:
    if not policy.can_record_risk_flags(actor, person):
        raise NotFound()
    errors = Errors()
    if person.is_child:
        errors.add("person_id", "Only an adult can be recorded as posing a risk to children")
    if basis not in RiskBasis.values:
        errors.add("basis", "Select the basis for the flag")
    if basis == RiskBasis.MAPPA_NOMINAL:
        if mappa_category not in MappaCategory.values:
            errors.add("mappa_category", "Select the MAPPA category")
        if mappa_level not in MappaLevel.values:
            errors.add("mappa_level", "Select the MAPPA level")
    elif mappa_category or mappa_level:
        if mappa_category and mappa_category not in MappaCategory.values:
            errors.add("mappa_category", "Select the MAPPA category")
        if mappa_level and mappa_level not in MappaLevel.values:
            errors.add("mappa_level", "Select the MAPPA level")
    if len((evidence or "").strip()) < 10:
        errors.add("evidence", "Describe the evidence for the flag (a conviction, an order, a MAPPA referral)")
    if review_on is None:
        errors.add("review_on", "Enter the date the flag is to be reviewed")
    elif review_on <= timezone.localdate():
        errors.add("review_on", "The review date must be in the future")
    errors.raise_if_any()
    flag = RiskFlag.objects.create(
        person=person,
        basis=basis,
        mappa_category=mappa_category,
        mappa_level=mappa_level,
        evidence=evidence.strip(),
        review_on=review_on,
        raised_by=actor,
    )
    task_create(
        kind="risk_flag_review",
        title=f"Review the 'poses a risk to children' flag on {person.full_name}",
        due_on=review_on,
        assignee=actor,
        person=person,
        source=flag,
    )
    chronology_event_record(
        person=person,
        event_type=EventType.RISK_FLAG_RAISED,
        occurred_on=timezone.localdate(),
        summary="Recorded as posing a risk to children (details seen by those with need to know)",
        actor=actor,
        source=flag,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="family.riskflag",
        object_id=str(flag.pk),
        person=person,
        purpose="recorded that an adult poses a risk to children",
        detail={"basis": basis},
    )
    rules.risk_links_refresh(flag=flag, actor=actor)
    return flag


@transaction.atomic
def risk_flag_end(*, actor, flag: RiskFlag, reason: str) -> RiskFlag:
    """End a flag after review (an order expired, no continuing risk). Audited with the reason;
    nothing goes on the chronology (raising it said nothing of its detail either), and the review
    task closes. The links already found stay, as the history of who was alerted."""
    if not policy.can_record_risk_flags(actor, flag.person):
        raise NotFound()
    errors = Errors()
    if flag.ended_at is not None:
        errors.add("reason", "This flag has already ended")
    if len((reason or "").strip()) < 10:
        errors.add("reason", "Say why the flag is ending")
    errors.raise_if_any()
    flag.ended_at = timezone.now()
    flag.save(update_fields=["ended_at"])
    from safeguard.core.models import Task, TaskStatus

    Task.objects.filter(source_type="family.riskflag", source_id=str(flag.pk), status=TaskStatus.OPEN).update(
        status=TaskStatus.DONE, outcome="Flag ended", completed_at=timezone.now()
    )
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="family.riskflag",
        object_id=str(flag.pk),
        person=flag.person,
        purpose="ended a 'poses a risk to children' flag",
        detail={"reason": reason.strip()},
    )
    return flag


@transaction.atomic
def contact_arrangement_record(
    *, actor, adult: Person, child: Person, frequency: str = "", supervised: bool = False, starts_on=None
) -> ContactArrangement:
    person_access_check(actor=actor, person=child, action=policy.Action.CHANGE, audit=False)
    if not policy.decide(actor, adult, policy.Action.VIEW):
        raise NotFound()
    if adult.pk == child.pk:
        raise InvalidInput({"adult_id": ["Choose a different person"]})
    arrangement = ContactArrangement.objects.create(
        adult=adult,
        child=child,
        frequency=frequency[:100],
        supervised=supervised,
        starts_on=starts_on,
        recorded_by=actor,
    )
    chronology_event_record(
        person=child,
        event_type=EventType.RELATIONSHIP_RECORDED,
        occurred_on=starts_on or timezone.localdate(),
        summary=f"Contact arrangement with {adult.full_name}" + (" (supervised)" if supervised else ""),
        actor=actor,
        source=arrangement,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="family.contactarrangement",
        object_id=str(arrangement.pk),
        person=child,
        purpose="recorded a contact arrangement",
    )
    return arrangement


# --- ecomap ------------------------------------------------------------------------------------


@transaction.atomic
def ecomap_link_set(
    *, actor, person: Person, quality: str, agency: Agency | None = None, label: str = "", note: str = ""
) -> EcomapLink:
    """Set how strong or stressful a child's link to an agency (or a named service) is."""
    person_access_check(actor=actor, person=person, action=policy.Action.CHANGE, audit=False)
    errors = Errors()
    if quality not in LinkQuality.values:
        errors.add("quality", "Select how strong or stressful the link is")
    if agency is None and not label.strip():
        errors.add("label", "Enter the service, school or professional")
    errors.raise_if_any()
    if agency is not None:
        link, _ = EcomapLink.objects.update_or_create(
            person=person,
            agency=agency,
            defaults={"quality": quality, "note": note[:300], "set_by": actor, "set_at": timezone.now()},
        )
    else:
        link = EcomapLink.objects.create(
            person=person, label=label.strip()[:200], quality=quality, note=note[:300], set_by=actor
        )
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="family.ecomaplink",
        object_id=str(link.pk),
        person=person,
        purpose="set an ecomap link",
        detail={"quality": quality},
    )
    return link


# --- family members added from the diagram page ------------------------------------------------


@transaction.atomic
def family_member_add(
    *, actor, child: Person, details: dict[str, Any], relationship_type: str, member_is_from: bool = True
) -> tuple[Person, Relationship]:
    """Record a missing family member and link them: member is the <type> of child (or the reverse)."""
    person_access_check(actor=actor, person=child, action=policy.Action.CHANGE, audit=False)
    if relationship_type not in RelationshipType.values:
        raise InvalidInput({"relationship_type": ["Select how they are related"]})
    member = people_services.person_create(actor=actor, details=details)
    from_person, to_person = (member, child) if member_is_from else (child, member)
    relationship = people_services.relationship_create(
        actor=actor, from_person=from_person, to_person=to_person, relationship_type=relationship_type
    )
    return member, relationship


# --- health look-up (like CP-IS) ---------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class LookupResult:
    lookup: HealthLookup
    person: Person | None
    status: ProtectionStatus


def _responsible_contacts(person: Person, status: ProtectionStatus) -> ProtectionStatus:
    """Fill the responsible team's contact from the allocated team when the provider gave none."""
    if status.responsible_team or not (status.on_child_protection_plan or status.looked_after):
        return status
    practitioners, teams = rules.workers_of(person)
    team = next(iter(sorted(teams, key=lambda t: t.pk)), None)
    if team is None:
        for practitioner in sorted(practitioners, key=lambda p: p.pk):
            membership = practitioner.primary_membership
            if membership:
                team = membership.team
                break
    if team is None:
        return status
    return dataclasses.replace(
        status,
        responsible_team=str(team),
        contact_in_hours=team.agency.contact_in_hours or team.phone,
        contact_out_of_hours=team.agency.contact_out_of_hours,
    )


def _setting_label(setting: str, actor) -> str:
    return f"{HealthSetting(setting).label} at {actor.primary_agency or 'a health provider'}"


def young_person_status(person: Person) -> ProtectionStatus:
    """The minimal protection status a health setting sees, with whom to call."""
    return _responsible_contacts(person, protection_status(person))


@transaction.atomic
def health_lookup(*, actor, setting: str, subject: Subject) -> LookupResult:
    """Is this child on a plan or looked after, since when, and whom to call. Audited, and the
    child's social worker and team are told of the attendance."""
    if not policy.can_use_health_lookup(actor):
        raise NotFound()
    if setting not in HealthSetting.values:
        raise InvalidInput({"setting": ["Select the setting you work in"]})
    person = identify(actor=actor, subject=subject)
    if person is not None and not person.is_child:
        person = None  # the look-up is for children (and unborn children) only
    lookup = HealthLookup.objects.create(practitioner=actor, setting=setting, person=person)
    status = ProtectionStatus()
    if person is not None:
        status = _responsible_contacts(person, protection_status(person))
        where = _setting_label(setting, actor)
        chronology_event_record(
            person=person,
            event_type=EventType.HEALTH_LOOKUP,
            occurred_on=timezone.localdate(),
            summary=f"Looked up by {where}",
            actor=actor,
            source=lookup,
        )
        new_information_raise(
            person=person,
            what=f"attended {where} (protection status looked up)",
            source=lookup,
            actor=actor,
            urgent=setting == HealthSetting.EMERGENCY_DEPARTMENT and status.has_open_protection_work,
        )
    audit_record(
        actor=actor,
        action=AuditAction.ENQUIRY,
        object_type="family.healthlookup",
        object_id=str(lookup.pk),
        person=person,
        purpose=f"health look-up ({HealthSetting(setting).label})",
        detail={"by": "nhs_number" if subject.nhs_number else "demographics", "found": person is not None},
    )
    return LookupResult(lookup=lookup, person=person, status=status)


# --- think family: an adult attends ------------------------------------------------------------


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
    if not policy.can_record_adult_attendance(actor):
        raise NotFound()
    errors = Errors()
    if setting not in HealthSetting.values:
        errors.add("setting", "Select the setting you work in")
    attended_on = attended_on or timezone.localdate()
    if attended_on > timezone.localdate():
        errors.add("attended_on", "The attendance date must be today or in the past")
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
    attendance = AdultAttendance.objects.filter(pk=attendance_id, clinician=actor).select_related("adult").first()
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
    if attendance.clinician_id != actor.pk:
        raise NotFound()
    errors = Errors()
    if referral_needed is None:
        errors.add("referral_needed", "Select whether a safeguarding referral is needed")
    if not reason.strip():
        errors.add("reason", "Say why a referral is or is not needed")
    if refer_now and not referral_needed:
        errors.add("refer_now", "You can only refer when a referral is needed")
    if refer_now and len(concern.strip()) < 10:
        errors.add("concern", "Describe your concern for the front door")
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


# --- under-18 sexual health --------------------------------------------------------------------


@transaction.atomic
def sexual_health_assess(
    *, actor, subject: Subject, scores: dict[str, int], attended_on: date | None = None, notes: str = ""
) -> tuple[SexualHealthAssessment, ProtectionStatus]:
    if not policy.can_assess_sexual_health(actor):
        raise NotFound()
    errors = Errors()
    for factor in SexualHealthAssessment.FACTORS:
        if scores.get(factor) not in (0, 1, 2):
            errors.add(factor, "Score 0 (no concern), 1 (some concern) or 2 (significant concern)")
    errors.raise_if_any()
    attended_on = attended_on or timezone.localdate()
    person = identify(actor=actor, subject=subject)
    if person is None:
        raise InvalidInput({"nhs_number": ["No single young person matches these details: check them"]})
    age = person.age(attended_on)
    if age is None or age >= 18:
        raise InvalidInput({"date_of_birth": ["This assessment is for young people under 18"]})
    scores = {f: scores[f] for f in SexualHealthAssessment.FACTORS}
    assessment = SexualHealthAssessment.objects.create(
        young_person=person,
        clinician=actor,
        attended_on=attended_on,
        notes=notes,
        score=sum(scores.values()),
        high_risk=rules.sexual_health_is_high(scores),
        **scores,
    )
    chronology_event_record(
        person=person,
        event_type=EventType.SEXUAL_HEALTH_ASSESSMENT,
        occurred_on=attended_on,
        summary=f"Sexual health risk assessment: score {assessment.score} of 10"
        + (" (high risk)" if assessment.high_risk else ""),
        actor=actor,
        source=assessment,
    )
    status = _responsible_contacts(person, protection_status(person))
    if status.on_child_protection_plan or status.looked_after or status.has_open_protection_work:
        new_information_raise(
            person=person,
            what=f"attended a sexual health clinic (risk score {assessment.score} of 10)",
            source=assessment,
            actor=actor,
            urgent=assessment.high_risk,
        )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="family.sexualhealthassessment",
        object_id=str(assessment.pk),
        person=person,
        purpose="under-18 sexual health risk assessment",
        detail={"score": assessment.score, "high_risk": assessment.high_risk},
    )
    return assessment, status


@transaction.atomic
def sexual_health_refer(*, actor, assessment: SexualHealthAssessment, concern: str) -> SexualHealthAssessment:
    if assessment.clinician_id != actor.pk:
        raise NotFound()
    if len((concern or "").strip()) < 10:
        raise InvalidInput({"concern": ["Describe your concern for the front door"]})
    if assessment.contact_reference:
        raise InvalidInput({"concern": ["This assessment has already been referred"]})
    factors = [f for f in SexualHealthAssessment.FACTORS if getattr(assessment, f)]
    assessment.contact_reference = _send_referral(
        actor=actor,
        children=[assessment.young_person],
        adults=[],
        concern=concern.strip(),
        categories=["sexual_health", *factors],
        source=assessment,
    )
    assessment.save(update_fields=["contact_reference"])
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="family.sexualhealthassessment",
        object_id=str(assessment.pk),
        person=assessment.young_person,
        purpose="referred to the front door after a sexual health risk assessment",
    )
    return assessment


# --- pregnancy and birth -----------------------------------------------------------------------


def _practice_teams(practice: Agency):
    return list(practice.teams.all().order_by("pk"))


@transaction.atomic
def pregnancy_record(
    *,
    actor,
    mother: Person,
    expected_birth_date: date | None,
    vulnerabilities: list[str],
    gp_practice: Agency | None,
    notes: str = "",
) -> Pregnancy:
    """Record a pregnancy with additional vulnerabilities: the unborn child's record, the mother's
    link to it, and an automatic notification the GP practice must acknowledge."""
    if not policy.can_record_pregnancy(actor):
        raise NotFound()
    person_access_check(actor=actor, person=mother, action=policy.Action.VIEW, audit=False)
    errors = Errors()
    today = timezone.localdate()
    if expected_birth_date is None:
        errors.add("expected_birth_date", "Enter the expected date of birth")
    elif not today <= expected_birth_date <= today.replace(year=today.year + 1):
        errors.add("expected_birth_date", "The expected date of birth must be within the next year")
    if not vulnerabilities:
        errors.add("vulnerabilities", "Select at least one additional vulnerability")
    elif any(v not in Vulnerability.values for v in vulnerabilities):
        errors.add("vulnerabilities", "Select vulnerabilities from the list")
    if gp_practice is None or gp_practice.agency_type != AgencyType.GP_PRACTICE:
        errors.add("gp_practice_id", "Select the mother's GP practice")
    elif not _practice_teams(gp_practice):
        errors.add("gp_practice_id", "This GP practice has no team to receive notifications")
    errors.raise_if_any()
    unborn = people_services.person_create(
        actor=actor,
        details={"given_name": "Unborn", "family_name": mother.family_name, "expected_birth_date": expected_birth_date},
    )
    people_services.relationship_create(
        actor=actor,
        from_person=mother,
        to_person=unborn,
        relationship_type=RelationshipType.PARENT,
        parental_responsibility=True,
        is_main_carer=True,
    )
    pregnancy = Pregnancy.objects.create(
        mother=mother,
        unborn=unborn,
        midwife=actor,
        gp_practice=gp_practice,
        vulnerabilities=sorted(set(vulnerabilities)),
        notes=notes,
    )
    involvement_grant(person=mother, kind=InvolvementKind.SUPERVISING, practitioner=actor, source=pregnancy)
    involvement_grant(person=unborn, kind=InvolvementKind.SUPERVISING, practitioner=actor, source=pregnancy)
    notification = GpNotification.objects.create(
        pregnancy=pregnancy, practice=gp_practice, acknowledge_by=clock.gp_acknowledgement_due(today)
    )
    for team in _practice_teams(gp_practice):
        for person in (mother, unborn):
            involvement_grant(person=person, kind=InvolvementKind.INFORMATION_REQUEST, team=team, source=pregnancy)
        task_create(
            kind="gp_pregnancy_notification",
            title=f"Acknowledge the midwife's notification: {mother.full_name} is pregnant "
            "(additional vulnerabilities)",
            due_on=notification.acknowledge_by,
            team=team,
            person=mother,
            source=notification,
        )
    labels = ", ".join(Vulnerability(v).label.lower() for v in pregnancy.vulnerabilities)
    chronology_event_record(
        person=mother,
        event_type=EventType.PREGNANCY_RECORDED,
        occurred_on=today,
        summary=f"Pregnancy recorded by midwife, expected {expected_birth_date:%d %B %Y}; vulnerabilities: {labels}",
        actor=actor,
        source=pregnancy,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="family.pregnancy",
        object_id=str(pregnancy.pk),
        person=mother,
        purpose="recorded a pregnancy with additional vulnerabilities; GP practice notified",
        detail={"unborn": str(unborn.pk), "gp_practice": gp_practice.pk},
    )
    return pregnancy


@transaction.atomic
def gp_notification_acknowledge(*, actor, notification: GpNotification) -> GpNotification:
    if not policy.can_acknowledge_gp_notification(actor, notification.practice):
        raise NotFound()
    if notification.acknowledged_at is None:
        notification.acknowledged_at = timezone.now()
        notification.acknowledged_by = actor
        notification.save(update_fields=["acknowledged_at", "acknowledged_by"])
        from safeguard.core.models import Task, TaskStatus

        Task.objects.filter(
            source_type="family.gpnotification", source_id=str(notification.pk), status=TaskStatus.OPEN
        ).update(status=TaskStatus.DONE, outcome=f"Acknowledged by {actor}", completed_at=timezone.now())
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            object_type="family.gpnotification",
            object_id=str(notification.pk),
            person=notification.pregnancy.mother_id,
            purpose="GP practice acknowledged a pregnancy notification",
        )
    return notification


@transaction.atomic
def chase_unacknowledged(*, now: datetime | None = None) -> list[GpNotification]:
    """Chase every notification past its acknowledgement date, at most once per chase interval.
    Safe to run as often as the worker likes: a second run on the same day chases nothing."""
    today = timezone.localdate(now or timezone.now())
    chased = []
    due = GpNotification.objects.select_for_update().filter(acknowledged_at__isnull=True, acknowledge_by__lt=today)
    for notification in due.select_related("pregnancy__mother", "pregnancy__midwife", "practice"):
        if notification.last_chased_on and today < clock.gp_chase_due(notification.last_chased_on):
            continue
        notification.chase_count += 1
        notification.last_chased_on = today
        notification.save(update_fields=["chase_count", "last_chased_on"])
        mother = notification.pregnancy.mother
        next_due = clock.gp_chase_due(today)
        for team in _practice_teams(notification.practice):
            task_create(
                kind="gp_pregnancy_notification_chase",
                title=f"Reminder {notification.chase_count}: acknowledge the pregnancy notification "
                f"for {mother.full_name}",
                due_on=next_due,
                team=team,
                person=mother,
                source=notification,
            )
        task_create(
            kind="gp_pregnancy_notification_unacknowledged",
            title=f"{notification.practice} has not acknowledged the pregnancy notification for {mother.full_name}",
            due_on=next_due,
            assignee=notification.pregnancy.midwife,
            person=mother,
            source=notification,
        )
        audit_record(
            actor=None,
            action=AuditAction.CHANGE,
            object_type="family.gpnotification",
            object_id=str(notification.pk),
            person=mother,
            purpose="chased an unacknowledged pregnancy notification",
            detail={"chase": notification.chase_count},
        )
        chased.append(notification)
    return chased


@transaction.atomic
def antenatal_visit_record(
    *, actor, pregnancy: Pregnancy, visited_on: date | None, home_visit: bool = True, notes: str = ""
) -> AntenatalVisit:
    person_access_check(actor=actor, person=pregnancy.mother, action=policy.Action.CHANGE, audit=False)
    if visited_on is None or visited_on > timezone.localdate():
        raise InvalidInput({"visited_on": ["Enter the date of the visit, today or in the past"]})
    visit = AntenatalVisit.objects.create(
        pregnancy=pregnancy, visited_on=visited_on, home_visit=home_visit, visited_by=actor, notes=notes
    )
    chronology_event_record(
        person=pregnancy.mother,
        event_type=EventType.ANTENATAL_VISIT,
        occurred_on=visited_on,
        summary="Antenatal home visit" if home_visit else "Antenatal visit (not at home)",
        actor=actor,
        source=visit,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="family.antenatalvisit",
        object_id=str(visit.pk),
        person=pregnancy.mother,
        purpose="recorded an antenatal visit",
    )
    return visit


def _safeguarding_leads(midwife) -> tuple[list, list]:
    agency = midwife.primary_agency
    today = timezone.localdate()
    leads = (
        Membership.objects.filter(team__agency=agency, role=Role.HEALTH_SAFEGUARDING, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("practitioner")
    )
    practitioners = sorted({m.practitioner for m in leads}, key=lambda p: p.pk)
    if practitioners:
        return practitioners, []
    membership = midwife.primary_membership
    return [], [membership.team] if membership else []


@transaction.atomic
def flag_pregnancies_without_home_visit(*, now: datetime | None = None) -> list[Pregnancy]:
    """Pregnancies at the configured gestation with no antenatal home visit go to the midwife's
    safeguarding lead, once each."""
    today = timezone.localdate(now or timezone.now())
    flagged = []
    open_pregnancies = Pregnancy.objects.select_for_update().filter(born_on__isnull=True, no_home_visit_flagged_at=None)
    for pregnancy in open_pregnancies.select_related("unborn", "mother", "midwife"):
        expected = pregnancy.unborn.expected_birth_date
        if expected is None or today < clock.antenatal_home_visit_due(expected):
            continue
        if pregnancy.visits.filter(home_visit=True).exists():
            continue
        pregnancy.no_home_visit_flagged_at = timezone.now()
        pregnancy.save(update_fields=["no_home_visit_flagged_at"])
        practitioners, teams = _safeguarding_leads(pregnancy.midwife)
        weeks = clock.timescales().antenatal_home_visit_by_gestation_weeks
        title = (
            f"No antenatal home visit for {pregnancy.mother.full_name} by {weeks} weeks "
            f"(midwife {pregnancy.midwife}): safeguarding supervision needed"
        )
        for practitioner in practitioners:
            task_create(
                kind="antenatal_no_home_visit",
                title=title,
                due_on=clock.next_working_day(today),
                assignee=practitioner,
                person=pregnancy.mother,
                source=pregnancy,
            )
        for team in teams:
            task_create(
                kind="antenatal_no_home_visit",
                title=title,
                due_on=clock.next_working_day(today),
                team=team,
                person=pregnancy.mother,
                source=pregnancy,
            )
        flagged.append(pregnancy)
    return flagged


def _parents_of(person: Person) -> list[Person]:
    ids = Relationship.objects.filter(to_person=person, relationship_type=RelationshipType.PARENT).values_list(
        "from_person_id", flat=True
    )
    return list(Person.objects.filter(pk__in=ids))


def _children_of(parents: list[Person], exclude: Person) -> list[Person]:
    ids = Relationship.objects.filter(
        from_person__in=parents, relationship_type=RelationshipType.PARENT, ends_on__isnull=True
    ).values_list("to_person_id", flat=True)
    return list(Person.objects.filter(pk__in=ids).exclude(pk=exclude.pk).order_by("date_of_birth"))


@transaction.atomic
def birth_record(
    *, actor, pregnancy: Pregnancy, born_on: date | None, given_name: str = "", sex: str = Sex.UNKNOWN
) -> Person:
    """The unborn child is born. Each of the parents' other children with an open enquiry or plan
    gets the "new birth" significant event (the protection app reacts with reconvene tasks)."""
    if born_on is None or born_on > timezone.localdate():
        raise InvalidInput({"born_on": ["Enter the date of birth, today or in the past"]})
    if pregnancy.born_on is not None:
        raise InvalidInput({"born_on": ["The birth is already recorded"]})
    baby = people_services.person_update(
        actor=actor,
        person=pregnancy.unborn,
        changes={"date_of_birth": born_on, "given_name": given_name.strip() or "Baby", "sex": sex},
    )
    pregnancy.born_on = born_on
    pregnancy.save(update_fields=["born_on"])
    chronology_event_record(
        person=baby, event_type=EventType.BORN, occurred_on=born_on, summary="Born", actor=actor, source=pregnancy
    )
    siblings = [
        child
        for child in _children_of(_parents_of(baby), exclude=baby)
        if child.is_child and protection_status(child).has_open_protection_work
    ]
    for sibling in siblings:
        summary = f"New birth in the family: {baby.full_name}, born {born_on:%d %B %Y}"
        chronology_event_record(
            person=sibling,
            event_type=EventType.NEW_BIRTH,
            occurred_on=born_on,
            summary=summary,
            actor=actor,
            source=pregnancy,
        )
        signals.significant_event_recorded.send(
            sender=Pregnancy,
            event_type=EventType.NEW_BIRTH,
            people=[sibling],
            occurred_on=born_on,
            summary=summary,
            actor=actor,
            source=pregnancy,
        )
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="family.pregnancy",
        object_id=str(pregnancy.pk),
        person=baby,
        purpose="recorded a birth",
        detail={"siblings_with_open_work": [str(s.pk) for s in siblings]},
    )
    return baby
