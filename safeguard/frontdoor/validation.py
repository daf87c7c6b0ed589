"""Field-level checks for contacts and their subjects, shared by the API, the web pages and imports."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from safeguard.challenges.validation import CHILD_REQUIRED as CHALLENGE_CHILD_REQUIRED
from safeguard.challenges.validation import CONCERN_REQUIRED as CHALLENGE_CONCERN_REQUIRED
from safeguard.core.inputs import date_problem
from safeguard.frontdoor.codes import ConcernCategory, ConsentStatus, LawfulBasis, ReferralSource, SubjectRole
from safeguard.people.codes import RelationshipType
from safeguard.people.validation import SEX_INVALID, Errors

__all__ = ["CHALLENGE_CHILD_REQUIRED", "CHALLENGE_CONCERN_REQUIRED"]  # the professional challenge's own words

INDIVIDUAL_SOURCES = frozenset({"1A", "1B", "1C", "1D", "9", "10"})
MIN_REASON = 10
CONTACT_FIELDS = (
    "team_id",
    "received_at",
    "referrer_name",
    "referrer_role",
    "referrer_agency_id",
    "referrer_agency_text",
    "referrer_phone",
    "referral_source",
    "concerns",
    "categories",
    "consent_status",
    "lawful_basis",
    "consent_reason",
)
SUBJECT_FIELDS = (
    "role",
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "nhs_number",
    "address",
    "postcode",
    "school",
    "relationship",
    "person_id",
)

# What a person is told when a write is refused, written once: the service raises these, and the web
# form shows the same words before the service is asked, so the pages and the API never disagree.
REFERRER_NAME_REQUIRED = "Enter the referrer's name, or 'Anonymous'"
CONCERNS_REQUIRED = "Describe the concerns in the referrer's words"
CATEGORIES_REQUIRED = "Select at least one category of concern"
REQUEST_TEAM_REQUIRED = "Select the partner team to ask"
REQUEST_QUESTION_REQUIRED = "Say what you need to know"
ANSWER_REQUIRED = "Enter what your agency holds, or 'Nothing known'"
VIEW_OUTCOME_REQUIRED = "Select the outcome your agency thinks is right"
VIEW_RATIONALE_REQUIRED = "Explain your agency's view"
DECISION_OUTCOME_REQUIRED = "Select the decision"
DECISION_RATIONALE_REQUIRED = "Explain the reasons for the decision"
POLICE_REFER_REQUIRED = "Select whether to refer to children's social care"
POLICE_REASON_REQUIRED = "Explain why no referral is needed"
TRIAGE_INFORMATION_REQUIRED = "Enter what your agency knows, or 'Nothing known'"
TRIAGE_OUTCOME_REQUIRED = "Select the triage decision"
TRIAGE_RATIONALE_REQUIRED = "Explain the decision"
TRIAGE_ACTION_REQUIRED = "Describe the action"
TRIAGE_OWNER_REQUIRED = "Choose who will do this"
TRIAGE_DUE_REQUIRED = "Enter the date the action is due"
TRIAGE_MINUTES_REQUIRED = "Enter the minutes of the meeting"
TRIAGE_DONE_REQUIRED = "Say what was done"
RECEIVING_TEAM_INVALID = "Choose a social work team from the list"
RAG_REQUIRED = "Select a RAG rating: red, amber or green"
PERSON_NAME_REQUIRED = "Enter the person's name, or as much of it as the referrer knows"
SUBJECT_ROLE_REQUIRED = "Select the person's part in the concern"
RELATIONSHIP_UNKNOWN = "Select the person's relationship to the child from the list, or leave it as not known"



def as_date(value: Any, field: str, errors: Errors, label: str = "Date") -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        errors.add(field, f"{label} must be a real date, like 2015-03-27")
        return None


def as_datetime(value: Any, field: str, errors: Errors, label: str = "Date and time") -> datetime | None:
    if value in (None, ""):
        return None
    if not isinstance(value, datetime):
        try:
            value = datetime.fromisoformat(str(value).strip())
        except ValueError:
            errors.add(field, f"{label} must be a real date and time, like 2026-03-27T14:30")
            return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _text(data: dict, field: str, limit: int) -> str:
    value = data.get(field)
    return "" if value is None else str(value).strip()[:limit]


def clean_consent(data: dict[str, Any], errors: Errors) -> dict[str, str]:
    status = _text(data, "consent_status", 20)
    basis = _text(data, "lawful_basis", 20)
    reason = _text(data, "consent_reason", 5000)
    if status not in ConsentStatus.values:
        errors.add("consent_status", "Select whether the family knows about this contact and agrees")
    elif status != ConsentStatus.AGREED:
        if basis not in LawfulBasis.values:
            errors.add("lawful_basis", "Select the lawful basis for sharing without the family's consent")
        if len(reason) < MIN_REASON:
            errors.add("consent_reason", "Explain why you are sharing without consent")
    if status == ConsentStatus.AGREED:
        basis, reason = "", reason
    return {"consent_status": status, "lawful_basis": basis, "consent_reason": reason}


def clean_subject(data: dict[str, Any], prefix: str, errors: Errors) -> dict[str, Any]:
    for field in sorted(set(data) - set(SUBJECT_FIELDS)):
        errors.add(f"{prefix}.{field}", "This field is not part of a person named in a contact")
    role = _text(data, "role", 20)
    if role not in SubjectRole.values:
        errors.add(f"{prefix}.role", SUBJECT_ROLE_REQUIRED)
    cleaned = {
        "role": role,
        "given_name": _text(data, "given_name", 100),
        "family_name": _text(data, "family_name", 100),
        "date_of_birth": as_date(data.get("date_of_birth"), f"{prefix}.date_of_birth", errors, "Date of birth"),
        "sex": _text(data, "sex", 1).upper(),
        "nhs_number": _text(data, "nhs_number", 12).replace(" ", ""),
        "address": _text(data, "address", 300),
        "postcode": _text(data, "postcode", 8).upper(),
        "school": _text(data, "school", 200),
        "relationship": _text(data, "relationship", 20),
        "person_id": data.get("person_id") or None,
    }
    if not cleaned["given_name"] and not cleaned["family_name"]:
        errors.add(f"{prefix}.family_name", PERSON_NAME_REQUIRED)
    if cleaned["relationship"] and cleaned["relationship"] not in RelationshipType.values:
        errors.add(f"{prefix}.relationship", RELATIONSHIP_UNKNOWN)
    if cleaned["date_of_birth"] and cleaned["date_of_birth"] > timezone.localdate():
        errors.add(f"{prefix}.date_of_birth", date_problem(cleaned["date_of_birth"], what="Date of birth", past=True))
    if cleaned["sex"] and cleaned["sex"] not in ("M", "F", "U"):
        errors.add(f"{prefix}.sex", SEX_INVALID)
    if cleaned["nhs_number"] and not (cleaned["nhs_number"].isdigit() and len(cleaned["nhs_number"]) == 10):
        errors.add(f"{prefix}.nhs_number", "NHS number must be 10 digits")
    return cleaned


def clean_contact(data: dict[str, Any], subjects: list[dict[str, Any]]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Every problem at once, with the field it belongs to; raises InvalidInput."""
    errors = Errors()
    for field in sorted(set(data) - set(CONTACT_FIELDS)):
        errors.add(field, "This field is not part of a contact")
    cleaned: dict[str, Any] = {
        "team_id": data.get("team_id") or None,
        "referrer_name": _text(data, "referrer_name", 200),
        "referrer_role": _text(data, "referrer_role", 200),
        "referrer_agency_id": data.get("referrer_agency_id") or None,
        "referrer_agency_text": _text(data, "referrer_agency_text", 200),
        "referrer_phone": _text(data, "referrer_phone", 40),
        "referral_source": _text(data, "referral_source", 3),
        "concerns": _text(data, "concerns", 20000),
    }
    received = as_datetime(data.get("received_at"), "received_at", errors, "Date and time received")
    if received and received > timezone.now() + timedelta(minutes=5):
        errors.add("received_at", "The date and time received must be in the past")
    cleaned["received_at"] = received or timezone.now()
    if not cleaned["referrer_name"]:
        errors.add("referrer_name", REFERRER_NAME_REQUIRED)
    if cleaned["referral_source"] not in ReferralSource.values:
        errors.add("referral_source", "Select who the contact came from (referral source)")
    if not cleaned["concerns"]:
        errors.add("concerns", CONCERNS_REQUIRED)
    categories = data.get("categories") or []
    if not isinstance(categories, list | tuple):
        errors.add("categories", "Categories must be a list")
        categories = []
    bad = [c for c in categories if c not in ConcernCategory.values]
    if bad:
        errors.add("categories", f"Unknown concern category: {', '.join(map(str, bad))}")
    if not categories:
        errors.add("categories", CATEGORIES_REQUIRED)
    cleaned["categories"] = list(dict.fromkeys(c for c in categories if c in ConcernCategory.values))
    cleaned.update(clean_consent(data, errors))
    if not isinstance(subjects, list) or not subjects:
        errors.add("subjects", "Name at least one child the concern is about")
        subjects = []
    cleaned_subjects = [clean_subject(s or {}, f"subjects[{i}]", errors) for i, s in enumerate(subjects)]
    if subjects and not any(s["role"] == SubjectRole.SUBJECT_CHILD for s in cleaned_subjects):
        errors.add("subjects", "Name at least one child the concern is about")
    errors.raise_if_any()
    return cleaned, cleaned_subjects
