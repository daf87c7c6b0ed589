"""Writes to the directory: who knows a child. Keyword-only, atomic, audited; bad input changes nothing."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from safeguard.access import records
from safeguard.access.audit import audit_record
from safeguard.access.errors import InvalidInput
from safeguard.access.models import AuditAction
from safeguard.agencies.roles import AgencyType
from safeguard.core.inputs import date_problem
from safeguard.core.services import source_ref
from safeguard.directory import inputs
from safeguard.directory.models import KnownProfessional, ProfessionalKind

KIND_AGENCY_TYPES = {
    ProfessionalKind.SCHOOL: {AgencyType.EDUCATION},
    ProfessionalKind.GP_PRACTICE: {AgencyType.GP_PRACTICE},
}


@transaction.atomic
def known_professional_record(
    *, actor, person, kind: str, agency=None, practitioner=None, since: date | None = None
) -> KnownProfessional:
    """Record that a professional knows the child (their school, GP practice, health visitor...).
    Anyone who may see the child may say so; a school or practice replaces the one known before."""
    records.require(actor, "view", person)
    errors: dict[str, list[str]] = {}
    if kind not in ProfessionalKind.values:
        errors["kind"] = [inputs.KIND_REQUIRED]
    elif kind in KIND_AGENCY_TYPES and (agency is None or agency.agency_type not in KIND_AGENCY_TYPES[kind]):
        errors["agency_id"] = [f"Choose the child's {ProfessionalKind(kind).label.lower()}"]
    if agency is None and practitioner is None and "agency_id" not in errors:
        errors["practitioner_id"] = ["Choose the practitioner or their agency"]
    if since is not None and since > timezone.localdate():
        errors["since"] = [date_problem(since, what=inputs.KNOWN_PROFESSIONAL.fields["since"].what, past=True) or ""]
    if errors:
        raise InvalidInput(errors)
    row = _replace(person=person, kind=kind, agency=agency, practitioner=practitioner, since=since, actor=actor)
    audit_record(
        actor=actor, action=AuditAction.CREATE, record=row, person=person, purpose="recorded a known professional",
        detail={"kind": kind},
    )  # fmt: skip
    return row


def _replace(*, person, kind, agency, practitioner, since, actor, source=None) -> KnownProfessional:
    today = timezone.localdate()
    if kind in KIND_AGENCY_TYPES:  # one school, one practice at a time
        KnownProfessional.objects.filter(person=person, kind=kind, ended_on__isnull=True).exclude(agency=agency).update(
            ended_on=today
        )
    existing = KnownProfessional.objects.filter(
        person=person, kind=kind, agency=agency, practitioner=practitioner, ended_on__isnull=True
    ).first()
    if existing:
        return existing
    source_type, source_id = source_ref(source)
    return KnownProfessional.objects.create(
        person=person, kind=kind, agency=agency, practitioner=practitioner, since=since, recorded_by=actor,
        source_type=source_type, source_id=source_id,
    )  # fmt: skip


def school_from_referral(*, children, agency, source, actor=None) -> list[KnownProfessional]:
    """A school that referred children is their school, unless another school is already known.
    Called inside the caller's transaction (the referral was already authorised)."""
    if agency is None or agency.agency_type != AgencyType.EDUCATION:
        return []
    out = []
    for child in children:
        if KnownProfessional.objects.filter(person=child, kind=ProfessionalKind.SCHOOL, ended_on__isnull=True).exists():
            continue
        out.append(
            _replace(
                person=child,
                kind=ProfessionalKind.SCHOOL,
                agency=agency,
                practitioner=None,
                since=None,
                actor=actor,
                source=source,
            )  # fmt: skip
        )
    return out


@transaction.atomic
def known_professional_end(*, actor, row: KnownProfessional) -> KnownProfessional:
    records.require(actor, "view", row.person)
    if row.ended_on is None:
        row.ended_on = timezone.localdate()
        row.save(update_fields=["ended_on"])
        audit_record(actor=actor, action=AuditAction.CHANGE, record=row, person=row.person,
                     purpose="ended a known professional")  # fmt: skip
    return row
