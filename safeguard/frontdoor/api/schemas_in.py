"""Request bodies of the front door API."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from ninja import Field

from safeguard.api.schemas import StrictSchema


class ContactSubjectIn(StrictSchema):
    role: str = Field(description="subject_child, sibling, parent_carer, alleged_perpetrator or other_adult")
    given_name: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    sex: str = ""
    nhs_number: str = ""
    address: str = ""
    postcode: str = ""
    school: str = ""
    relationship: str = Field(
        "",
        description="What the person is to the child the concern is about: parent, step_parent, sibling, "
        "half_sibling, partner_of_parent, grandparent, other_relative, carer, household_member, partner, "
        "ex_partner or known_associate; empty when not known",
    )
    person_id: uuid.UUID | None = Field(None, description="An existing record you may see, if you know it")


class ContactIn(StrictSchema):
    team_id: int | None = Field(None, description="Front door team; the partnership's front door if omitted")
    received_at: datetime | None = None
    referrer_name: str
    referrer_role: str = ""
    referrer_agency_id: int | None = None
    referrer_agency_text: str = Field("", description="The referrer's organisation when not a partner agency")
    referrer_phone: str = ""
    referral_source: str = Field(description="CIN census referral source code, e.g. 2A schools, 6 police")
    concerns: str
    categories: list[str] = Field(description="Concern categories, e.g. csa_within_family, neglect, missing")
    consent_status: str = Field(description="agreed, not_sought_risk, refused or other_lawful_basis")
    lawful_basis: str = Field("", description="Required unless consent_status is agreed")
    consent_reason: str = Field("", description="Why share without consent; required unless agreed")
    subjects: list[ContactSubjectIn]


class ContactScreeningIn(StrictSchema):
    rag: str = Field(description="red, amber or green")
    notes: str = ""


class ContactSubjectMatchIn(StrictSchema):
    person_id: uuid.UUID


class ContactSubjectNewPersonIn(StrictSchema):
    given_name: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    sex: str = ""


class InformationRequestIn(StrictSchema):
    team_id: int
    question: str


class InformationRequestAnswerIn(StrictSchema):
    answer: str


class ThresholdViewIn(StrictSchema):
    recommended_outcome: str
    rationale: str


class ContactDecisionIn(StrictSchema):
    outcome: str = Field(description="nfa, advice, early_help, assessment, strategy_discussion or da_triage")
    rationale: str
    history_acknowledgement: str = Field(
        "", description="Required for no further action or advice when the cumulative-concern rule applies"
    )
    receiving_team_id: int | None = Field(
        None,
        description="The social work team an assessment or strategy discussion is handed to (its manager "
        "allocates it); by default the team already working with the child, or the first social work team",
    )


class DecisionChallengeIn(StrictSchema):
    person_id: uuid.UUID
    concern: str
    desired_outcome: str = ""


class PoliceScreeningIn(StrictSchema):
    decision: str = Field(description="refer or no_referral")
    reason: str = ""


class TriageInputIn(StrictSchema):
    information: str


class TriageDecisionIn(StrictSchema):
    outcome: str
    rationale: str


class TriageActionIn(StrictSchema):
    description: str
    owner_id: int
    due_on: date


class TriageMeetingIn(StrictSchema):
    held_on: date | None = None


class TriageMinutesIn(StrictSchema):
    minutes: str
