"""The front door's side of core signals: a one-step referral from another setting becomes a contact."""

from __future__ import annotations

from django.dispatch import receiver

from safeguard.access import records
from safeguard.agencies.roles import AgencyType, Role
from safeguard.core.signals import referral_to_front_door
from safeguard.frontdoor.codes import ConcernCategory, ConsentStatus, LawfulBasis, SubjectRole

ROLE_SOURCES = {
    Role.ED_CLINICIAN: "3E",
    Role.GP: "3A",
    Role.HEALTH_VISITOR: "3B",
    Role.SCHOOL_NURSE: "3C",
    Role.DESIGNATED_SAFEGUARDING_LEAD: "2A",
}
AGENCY_SOURCES = {
    AgencyType.HEALTH_PROVIDER: "3F",
    AgencyType.ICB: "3F",
    AgencyType.GP_PRACTICE: "3A",
    AgencyType.EDUCATION: "2A",
    AgencyType.POLICE: "6",
    AgencyType.PROBATION: "7",
    AgencyType.YOUTH_JUSTICE: "5B",
    AgencyType.CHILDRENS_SOCIAL_CARE: "5A",
}


def referral_source_for(actor) -> str:
    for role, code in ROLE_SOURCES.items():
        if role in actor.roles:
            return code
    agency = actor.primary_agency
    return AGENCY_SOURCES.get(agency.agency_type, "8") if agency else "8"


def _subject(person, role, actor) -> dict:
    visible = records.allows(actor, "view", person)
    return {
        "role": role,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "date_of_birth": person.date_of_birth,
        "sex": person.sex if person.sex in ("M", "F", "U") else "",
        # The referrer identified this person: pass the NHS number so the front door matches surely.
        "nhs_number": person.nhs_number or "",
        "person_id": str(person.pk) if visible else None,
    }


@receiver(referral_to_front_door, dispatch_uid="frontdoor_referral_to_front_door")
def record_referral(sender, *, actor, children, adults, concern, categories, source=None, **kwargs):
    """Returns the contact. Consent is recorded as shared under the safeguarding duty unless the
    sender says otherwise (consent_status, lawful_basis, consent_reason kwargs)."""
    from safeguard.frontdoor.services import contact_record

    valid = [c for c in categories or [] if c in ConcernCategory.values] or [ConcernCategory.OTHER]
    contact, _ = contact_record(
        actor=actor,
        data={
            "referrer_name": actor.get_full_name() or actor.get_username(),
            "referrer_role": actor.job_title or (Role(actor.primary_role).label if actor.primary_role else ""),
            "referral_source": kwargs.get("referral_source") or referral_source_for(actor),
            "concerns": concern,
            "categories": valid,
            "consent_status": kwargs.get("consent_status") or ConsentStatus.OTHER_LAWFUL_BASIS,
            "lawful_basis": kwargs.get("lawful_basis") or LawfulBasis.SAFEGUARDING,
            "consent_reason": kwargs.get("consent_reason")
            or "Referred in one step from another setting under the duty to safeguard children; "
            "consent to be confirmed by the front door",
        },
        subjects=[_subject(c, SubjectRole.SUBJECT_CHILD, actor) for c in children]
        + [_subject(a, SubjectRole.PARENT_CARER, actor) for a in adults or []],
    )
    return contact
