"""What the front door tells a person when a write is refused, written once, and the contact's rules
across fields (its fields and each person's are checked by their input definitions, `frontdoor.inputs`,
which the API's `ContactIn` and the contact wizard's pages are made from). Dates for imports."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone
from pydantic import ValidationError

from safeguard.challenges.validation import CHILD_REQUIRED as CHALLENGE_CHILD_REQUIRED
from safeguard.challenges.validation import CONCERN_REQUIRED as CHALLENGE_CONCERN_REQUIRED
from safeguard.core.inputs import MIN_REASON as MIN_REASON  # written once, with the input definitions
from safeguard.core.inputs import input_errors
from safeguard.frontdoor.codes import ConsentStatus, LawfulBasis, SubjectRole
from safeguard.people.validation import SEX_INVALID, Errors

__all__ = ["CHALLENGE_CHILD_REQUIRED", "CHALLENGE_CONCERN_REQUIRED", "SEX_INVALID"]  # other apps' words

INDIVIDUAL_SOURCES = frozenset({"1A", "1B", "1C", "1D", "9", "10"})
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
REFERRAL_SOURCE_REQUIRED = "Select who the contact came from"
CONSENT_STATUS_REQUIRED = "Select whether the family knows about this contact and agrees"
LAWFUL_BASIS_REQUIRED = "Select the lawful basis for sharing without the family's consent"
CONSENT_REASON_REQUIRED = "Explain why you are sharing without consent"
CATEGORY_UNKNOWN = "Select the categories of concern from the list"
CHILD_REQUIRED = "Name at least one child the concern is about"
NHS_NUMBER_INVALID = "NHS number must be 10 digits"
RECEIVED_IN_FUTURE = "The date and time received must be in the past"
FRONT_DOOR_TEAM_INVALID = "Select a front door team"
REFERRER_AGENCY_INVALID = "Select the referrer's agency from the list"
SUBJECT_RECORD_INVALID = "No record you may see has this id"



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


def _text(data: dict, field: str) -> str:
    value = data.get(field)
    return value.strip() if isinstance(value, str) else ""


def _consent_problems(data: dict[str, Any], errors: Errors) -> None:
    """Sharing without the family's agreement needs its lawful basis and a reason (across fields)."""
    status = _text(data, "consent_status")
    if status not in ConsentStatus.values or status == ConsentStatus.AGREED:
        return
    if _text(data, "lawful_basis") not in LawfulBasis.values and "lawful_basis" not in errors.errors:
        errors.add("lawful_basis", LAWFUL_BASIS_REQUIRED)
    if len(_text(data, "consent_reason")) < MIN_REASON and "consent_reason" not in errors.errors:
        errors.add("consent_reason", CONSENT_REASON_REQUIRED)


def _subject_problems(subject: Any, prefix: str, errors: Errors) -> None:
    """A person needs some name; an NHS number, when given, is 10 digits (spaces ignored)."""
    if not isinstance(subject, dict):
        return
    if not _text(subject, "given_name") and not _text(subject, "family_name"):
        errors.add(f"{prefix}.family_name", PERSON_NAME_REQUIRED)
    nhs = _text(subject, "nhs_number").replace(" ", "")
    if nhs and not (nhs.isdigit() and len(nhs) == 10) and f"{prefix}.nhs_number" not in errors.errors:
        errors.add(f"{prefix}.nhs_number", NHS_NUMBER_INVALID)


def clean_contact(data: dict[str, Any], subjects: list[dict[str, Any]]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Every problem at once, with the field it belongs to; raises InvalidInput.

    Each field is checked by the contact's input definition (`inputs.CONTACT`, the API's `ContactIn`
    and the wizard's pages), so the words are the same whoever sends it; the rules across fields are
    here."""
    from safeguard.frontdoor.inputs import CONTACT

    errors = Errors()
    try:
        contact = CONTACT.schema.model_validate({**data, "subjects": subjects})
    except ValidationError as exc:
        for field, message in input_errors(exc):
            errors.add(field, message)
        contact = None
    _consent_problems(data, errors)
    if isinstance(subjects, list):
        for i, subject in enumerate(subjects):
            _subject_problems(subject, f"subjects[{i}]", errors)
        roles = [s.get("role") for s in subjects if isinstance(s, dict)]
        if SubjectRole.SUBJECT_CHILD not in roles and "subjects" not in errors.errors:
            errors.add("subjects", CHILD_REQUIRED)
    received = contact.received_at if contact else None
    if received and timezone.is_naive(received):
        received = timezone.make_aware(received)
    if received and received > timezone.now() + timedelta(minutes=5):
        errors.add("received_at", RECEIVED_IN_FUTURE)
    errors.raise_if_any()
    assert contact is not None
    cleaned = contact.model_dump(exclude={"subjects"})
    cleaned["received_at"] = received or timezone.now()
    if cleaned["consent_status"] == ConsentStatus.AGREED:
        cleaned["lawful_basis"] = ""
    cleaned_subjects = []
    for subject in contact.subjects:
        row = subject.model_dump()
        row["nhs_number"] = row["nhs_number"].replace(" ", "")
        row["postcode"] = row["postcode"].upper()
        row["person_id"] = str(row["person_id"]) if row["person_id"] else None
        cleaned_subjects.append(row)
    return cleaned, cleaned_subjects
