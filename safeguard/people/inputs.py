"""Writes about people, each defined once: the API's request bodies and the pages' forms are made from
these (see `safeguard.core.inputs`), and the people services refuse in the same words
(`safeguard.people.validation` holds the messages both use)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from pydantic import Field

from safeguard.api.schemas import StrictSchema
from safeguard.core.inputs import Choice, Code, Codes, Day, Flag, Input, Spec, Text, model_code
from safeguard.people.codes import (
    Disability,
    DobPrecision,
    Ethnicity,
    MergeDecision,
    RelationshipType,
    Sex,
    UPNUnknown,
)
from safeguard.people.models import PersonIdentifier, PersonName
from safeguard.people.validation import (
    DISABILITY_INVALID,
    DOB_PRECISION_INVALID,
    ENQUIRY_ANSWER_REQUIRED,
    ENQUIRY_REASON_REQUIRED,
    ENQUIRY_REASON_TOO_SHORT,
    ETHNICITY_INVALID,
    FAMILY_NAME_REQUIRED,
    GIVEN_NAME_REQUIRED,
    MIN_ENQUIRY_REASON,
    RELATIONSHIP_TYPE_INVALID,
    SEX_INVALID,
    UNMERGE_REASON_REQUIRED,
    UPN_UNKNOWN_INVALID,
)


def _person_fields(*, partial: bool = False) -> dict[str, Spec]:
    """A person's details. `partial` (a change): nothing is required or filled in, and null clears a
    field as it always did; whether a change leaves the record whole is the service's rule."""

    def required(message: str) -> str | bool:
        return False if partial else message

    def default(value: Any) -> Any:
        return {} if partial else {"default": value}

    fields: dict[str, Spec] = {
        "given_name": Text(label="First name", max_length=100, required=required(GIVEN_NAME_REQUIRED)),
        "family_name": Text(label="Last name", max_length=100, required=required(FAMILY_NAME_REQUIRED)),
        "date_of_birth": Day(label="Date of birth (if known)", past=True, help_text="For example, 27 3 1980"),
        "dob_precision": Code(
            DobPrecision,
            label="How sure are you of the date of birth?",
            required=required(DOB_PRECISION_INVALID),
            invalid=DOB_PRECISION_INVALID,
            **default(DobPrecision.EXACT.value),
        ),
        "expected_birth_date": Day(label="Expected date of birth (if not yet born)"),
        "sex": Code(
            Sex, label="Sex", required=required(SEX_INVALID), invalid=SEX_INVALID, **default(Sex.UNKNOWN.value)
        ),
        "gender": Text(label="Gender identity", max_length=60),
        "ethnicity": Code(
            Ethnicity,
            label="Ethnicity",
            widget="select",
            required=required(ETHNICITY_INVALID),
            invalid=ETHNICITY_INVALID,
            **default(Ethnicity.NOBT.value),
        ),
        "disabilities": Codes(Disability, label="Disabilities", invalid=DISABILITY_INVALID),
        "first_language": Text(label="First language", max_length=60),
        "communication_needs": Text(label="Communication needs", max_length=300),
        "date_of_death": Day(
            label="Date of death (if they have died)", past=True, help_text="For example, 27 3 2019"
        ),
    }
    if partial:
        fields["upn_unknown"] = Code(
            UPNUnknown,
            label="Why the child has no unique pupil number",
            invalid=UPN_UNKNOWN_INVALID,
            description="Why the child has no unique pupil number, or ''",
        )
        for spec in fields.values():
            spec.nullable = True  # null clears the field (text to '', codes to none), as before
    return fields


# Identifiers, other names and an address travel with a new person in the API; the pages ask for them
# elsewhere. Their codes and bounds are the services' (clean_identifiers, clean_other_names, clean_address).
IdentifierTypeCode = model_code(PersonIdentifier, "id_type")
NameTypeCode = model_code(PersonName, "name_type")


class PersonIdentifierIn(StrictSchema):
    id_type: IdentifierTypeCode
    value: str


class PersonNameIn(StrictSchema):
    name_type: NameTypeCode = "alias"
    given_name: str = ""
    family_name: str = ""


class PersonAddressIn(StrictSchema):
    line_1: str
    line_2: str = ""
    town: str = ""
    postcode: str = ""
    moved_in: date | None = None


NESTED_IN = {
    "identifiers": (list[PersonIdentifierIn], Field(default_factory=list)),
    "other_names": (list[PersonNameIn], Field(default_factory=list)),
    "address": (PersonAddressIn | None, Field(None)),
}

# The page that adds a family member asks for some of these (safeguard.family.forms.FamilyMemberForm).
PERSON = Input("PersonIn", extra=NESTED_IN, **_person_fields())
PERSON_CHANGE = Input("PersonPatch", **_person_fields(partial=True))

PERSON_SEARCH = Input(
    "PersonSearchIn",
    name=Text(label="Name", max_length=200, help_text="First name, last name, or both"),
    date_of_birth=Day(label="Date of birth", past=True, help_text="For example, 27 3 2015"),
    nhs_number=Text(label="NHS number", max_length=12, help_text="10 digits"),
)

# The details typed at intake, to find existing records (API only: the pages search with PERSON_SEARCH).
PERSON_MATCH = Input(
    "PersonMatchIn",
    given_name=Text(label="First name", max_length=100),
    family_name=Text(label="Last name", max_length=100),
    date_of_birth=Day(label="Date of birth"),
    sex=Code(Sex, label="Sex", invalid=SEX_INVALID, description="M, F or blank."),
    postcode=Text(label="Postcode", max_length=10),
    address=Text(label="Address", max_length=300),
    nhs_number=Text(label="NHS number", max_length=14),
)

PERSON_ENQUIRY = Input(
    "PersonEnquiryIn",
    enquiry_token=Text(
        label="Enquiry token", required=True, description="From POST /people/match, for a record you may not see"
    ),
    reason=Text(
        label="Why do you need information about this person?",
        rows=4,
        max_length=500,
        min_length=MIN_ENQUIRY_REASON,
        required=ENQUIRY_REASON_REQUIRED,
        too_short=ENQUIRY_REASON_TOO_SHORT,
        help_text="The agency holding the record sees your name, your agency and this reason. It is recorded.",
    ),
)

RELATIONSHIP = Input(
    "PersonRelationshipIn",
    from_person_id=Choice(id_type=uuid.UUID, label="Person", required="Select the first person"),
    relationship_type=Code(
        RelationshipType,
        label="is the",
        widget="select",
        placeholder="Choose a relationship",
        required="Select the relationship",
        invalid=RELATIONSHIP_TYPE_INVALID,
    ),
    to_person_id=Choice(id_type=uuid.UUID, label="of", required="Select the second person"),
    starts_on=Day(label="Start date (if known)"),
    ends_on=Day(label="End date (if it has ended)"),
    parental_responsibility=Flag(label="Has parental responsibility"),
    is_main_carer=Flag(label="Is the main carer"),
    notes=Text(label="Notes (optional)", max_length=300),
)

# Merging two records and undoing a merge are decided on the duplicate review pages only (no API
# operation yet); their definitions keep the rules and words in one place for when one is added.
MERGE_DECISION = Input(
    "PersonMergeDecisionIn",
    decision=Code(
        MergeDecision, label="Are these the same person?", required="Select whether these records are the same person"
    ),
    reason=Text(
        label="How do you know?",
        rows=3,
        max_length=500,
        help_text="Recorded with the merge. For example, checked with the school and the GP.",
        description="Required to merge (not to record that they are different people).",
    ),
)

MERGE_UNDO = Input(
    "PersonMergeUndoIn",
    reason=Text(label="Why are you undoing this merge?", rows=3, max_length=500, required=UNMERGE_REASON_REQUIRED),
)

RELATIONSHIP_END = Input("PersonRelationshipEndIn", ends_on=Day(label="End date (leave out for today)"))

# Answering an enquiry is done on the record enquiry page only (no API operation yet).
ENQUIRY_ANSWER = Input(
    "RecordEnquiryAnswerIn",
    answer=Text(
        label="What did you tell them?",
        rows=4,
        help_text="For example, what you shared by phone, or why you could not share it",
        required=ENQUIRY_ANSWER_REQUIRED,
    ),
)
