"""Field-level checks on personal details, shared by the web forms, the API and imports."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from safeguard.access.errors import InvalidInput
from safeguard.core.inputs import date_problem
from safeguard.people.codes import Disability, DobPrecision, Ethnicity, Sex, UPNUnknown
from safeguard.people.identifiers import normalise_postcode, validate_identifier

ENQUIRY_ANSWER_REQUIRED = "Say what you told them, or why you could not share"
# What a person is told when a write about people is refused, written once: the input definitions
# (safeguard.people.inputs) and the services here both use these.
GIVEN_NAME_REQUIRED = "Enter a first name"
FAMILY_NAME_REQUIRED = "Enter a last name"
DOB_PRECISION_INVALID = "Select how sure you are of the date of birth"
SEX_INVALID = "Select sex: M, F or U (not known)"
ETHNICITY_INVALID = "Select an ethnicity from the census list"
DISABILITY_INVALID = "Select disabilities from the census list"
UPN_UNKNOWN_INVALID = "Select why the unique pupil number is not known"
RELATIONSHIP_TYPE_INVALID = "Select a relationship type from the list"
ENQUIRY_REASON_REQUIRED = "Enter why you need information about this person"
ENQUIRY_REASON_TOO_SHORT = "Say why you are asking, so the agency holding the record can answer"
MIN_ENQUIRY_REASON = 10  # characters: enough for the agency holding the record to answer
MERGE_REASON_REQUIRED = "Say why you are sure these records are the same person"
UNMERGE_REASON_REQUIRED = "Enter why you are undoing this merge"

PERSON_FIELDS = (
    "given_name",
    "family_name",
    "date_of_birth",
    "dob_precision",
    "expected_birth_date",
    "sex",
    "gender",
    "ethnicity",
    "disabilities",
    "first_language",
    "communication_needs",
    "date_of_death",
    "upn_unknown",
)


class Errors:
    """Collects every problem before raising, so the practitioner sees them all at once."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise InvalidInput(self.errors)


def _as_date(value: Any, field: str, label: str, errors: Errors) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        errors.add(field, f"{label} must be a real date, like 2015-03-27")
        return None


def clean_person(data: dict[str, Any], *, existing=None) -> dict[str, Any]:
    """Validate a whole or partial set of person fields; returns only the fields supplied."""
    errors = Errors()
    cleaned: dict[str, Any] = {}
    unknown = set(data) - set(PERSON_FIELDS)
    for field in sorted(unknown):
        errors.add(field, "This field is not part of a person's details")
    today = timezone.localdate()

    from safeguard.people.inputs import PERSON  # the definition owns the bounds' words

    for field, required in (("given_name", GIVEN_NAME_REQUIRED), ("family_name", FAMILY_NAME_REQUIRED)):
        if field in data or existing is None:
            value = (data.get(field) or "").strip()
            if not value:
                errors.add(field, required)
            elif len(value) > PERSON.fields[field].max_length:
                errors.add(field, PERSON.fields[field].too_long)
            cleaned[field] = value

    for field, label in (
        ("date_of_birth", "Date of birth"),
        ("expected_birth_date", "Expected date of birth"),
        ("date_of_death", "Date of death"),
    ):
        if field in data:
            cleaned[field] = _as_date(data[field], field, label, errors)
    if cleaned.get("date_of_birth") and cleaned["date_of_birth"] > today:
        errors.add("date_of_birth", date_problem(cleaned["date_of_birth"], what="Date of birth", past=True))
    if cleaned.get("date_of_death") and cleaned["date_of_death"] > today:
        errors.add("date_of_death", date_problem(cleaned["date_of_death"], what="Date of death", past=True))
    dob = cleaned.get("date_of_birth", getattr(existing, "date_of_birth", None))
    dod = cleaned.get("date_of_death", getattr(existing, "date_of_death", None))
    if dob and dod and dod < dob:
        errors.add("date_of_death", "Date of death must be on or after the date of birth")
    expected = cleaned.get("expected_birth_date", getattr(existing, "expected_birth_date", None))
    if "expected_birth_date" in cleaned and expected and dob is None and expected < today.replace(year=today.year - 1):
        errors.add("expected_birth_date", "Expected date of birth is more than a year ago: record the birth instead")

    choices = (
        ("dob_precision", DobPrecision, DOB_PRECISION_INVALID),
        ("sex", Sex, SEX_INVALID),
        ("ethnicity", Ethnicity, ETHNICITY_INVALID),
    )
    if "upn_unknown" in data:
        value = data["upn_unknown"] or ""
        if value and value not in UPNUnknown.values:
            errors.add("upn_unknown", UPN_UNKNOWN_INVALID)
        cleaned["upn_unknown"] = value
    for field, codes, message in choices:
        if field in data:
            value = data[field] or ""
            if value not in codes.values:
                errors.add(field, message)
            cleaned[field] = value
    if "disabilities" in data:
        values = data["disabilities"] or []
        if not isinstance(values, list | tuple):
            errors.add("disabilities", DISABILITY_INVALID)
            values = []
        if any(v not in Disability.values for v in values):
            errors.add("disabilities", DISABILITY_INVALID)
        if "NONE" in values and len(values) > 1:
            errors.add("disabilities", "Choose 'NONE' on its own, or the disabilities that apply")
        cleaned["disabilities"] = list(dict.fromkeys(values))
    for field in ("gender", "first_language", "communication_needs"):
        if field in data:
            value = (data[field] or "").strip()
            if len(value) > PERSON.fields[field].max_length:
                errors.add(field, PERSON.fields[field].too_long)
            cleaned[field] = value
    errors.raise_if_any()
    return cleaned


def clean_identifiers(identifiers: list[dict[str, str]], prefix: str = "identifiers") -> list[tuple[str, str]]:
    errors = Errors()
    cleaned: list[tuple[str, str]] = []
    seen: set[str] = set()
    for i, item in enumerate(identifiers or []):
        id_type = (item.get("id_type") or item.get("type") or "").strip()
        if id_type in seen:
            errors.add(f"{prefix}[{i}].id_type", "Only one identifier of each type")
            continue
        seen.add(id_type)
        try:
            cleaned.append((id_type, validate_identifier(id_type, item.get("value") or "")))
        except ValidationError as exc:
            field = "id_type" if exc.code == "type" else "value"
            errors.add(f"{prefix}[{i}].{field}", exc.messages[0])
    errors.raise_if_any()
    return cleaned


def clean_address(item: dict[str, Any], field_prefix: str = "address") -> dict[str, Any]:
    errors = Errors()
    line_1 = (item.get("line_1") or "").strip()
    if not line_1:
        errors.add(f"{field_prefix}.line_1", "Enter the first line of the address")
    postcode = item.get("postcode") or ""
    if postcode:
        try:
            postcode = normalise_postcode(postcode)
        except ValidationError as exc:
            errors.add(f"{field_prefix}.postcode", exc.messages[0])
    moved_in = _as_date(item.get("moved_in"), f"{field_prefix}.moved_in", "Date moved in", errors)
    errors.raise_if_any()
    return {
        "line_1": line_1[:200],
        "line_2": (item.get("line_2") or "").strip()[:200],
        "town": (item.get("town") or "").strip()[:100],
        "postcode": postcode,
        "moved_in": moved_in,
    }


def clean_other_names(names: list[dict[str, Any]], prefix: str = "other_names") -> list[dict[str, str]]:
    """Other names (alias, previous, birth, preferred): a known type and names that fit, or errors."""
    from safeguard.people.codes import NameType
    from safeguard.people.models import PersonName

    errors = Errors()
    cleaned = []
    for i, name in enumerate(names):
        name_type = (name.get("name_type") or NameType.ALIAS).strip()
        if name_type not in NameType.values:
            errors.add(f"{prefix}[{i}].name_type", "Select the kind of name: " + ", ".join(NameType.values))
        row = {"name_type": name_type}
        for field in ("given_name", "family_name"):
            value = (name.get(field) or "").strip()
            limit = PersonName._meta.get_field(field).max_length
            if len(value) > limit:
                errors.add(f"{prefix}[{i}].{field}", f"Enter a name of {limit} characters or fewer")
            row[field] = value
        cleaned.append(row)
    errors.raise_if_any()
    return cleaned
