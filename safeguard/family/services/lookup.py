"""The health look-up (like CP-IS): is this child or young person on a plan or looked after,
and whom to contact."""

from __future__ import annotations

import dataclasses

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
    HealthLookup,
    HealthSetting,
)
from safeguard.family.validation import SETTING_REQUIRED
from safeguard.people.models import Person

from .identify import Subject, identify


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
    records.require(actor, "use", records.HEALTH_LOOKUP)
    if setting not in HealthSetting.values:
        raise InvalidInput({"setting": [SETTING_REQUIRED]})
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
