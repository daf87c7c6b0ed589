"""Under-18 sexual health: the assessment and the referral it may lead to."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from safeguard.access import records
from safeguard.access.audit import audit_record
from safeguard.access.errors import InvalidInput
from safeguard.access.models import AuditAction
from safeguard.core.models import EventType
from safeguard.core.services import chronology_event_record, new_information_raise
from safeguard.core.status import ProtectionStatus, protection_status
from safeguard.family import rules
from safeguard.family.models import (
    SexualHealthAssessment,
)
from safeguard.family.validation import CONCERN_REQUIRED, MIN_REASON, score_required
from safeguard.people.validation import Errors

from .attendance import _send_referral
from .identify import Subject, identify
from .lookup import _responsible_contacts


@transaction.atomic
def sexual_health_assess(
    *, actor, subject: Subject, scores: dict[str, int], attended_on: date | None = None, notes: str = ""
) -> tuple[SexualHealthAssessment, ProtectionStatus]:
    records.require(actor, "record", SexualHealthAssessment)
    errors = Errors()
    for factor in SexualHealthAssessment.FACTORS:
        if scores.get(factor) not in (0, 1, 2):
            errors.add(factor, score_required(factor))
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
    records.require(actor, "refer", assessment)
    if len((concern or "").strip()) < MIN_REASON:
        raise InvalidInput({"concern": [CONCERN_REQUIRED]})
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
