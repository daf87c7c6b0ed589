"""Request bodies of the front door API."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from ninja import Field

from safeguard.api.schemas import StrictSchema
from safeguard.frontdoor import inputs


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




class ContactSubjectMatchIn(StrictSchema):
    person_id: uuid.UUID


class ContactSubjectNewPersonIn(StrictSchema):
    given_name: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    sex: str = ""




















class TriageMeetingIn(StrictSchema):
    held_on: date | None = None


# Made from the front door's input definitions, which the pages' forms are made from too.
ContactScreeningIn = inputs.CONTACT_SCREENING.schema
InformationRequestIn = inputs.INFORMATION_REQUEST.schema
InformationRequestAnswerIn = inputs.INFORMATION_REQUEST_ANSWER.schema
ThresholdViewIn = inputs.THRESHOLD_VIEW.schema
ContactDecisionIn = inputs.CONTACT_DECISION.schema
DecisionChallengeIn = inputs.DECISION_CHALLENGE.schema
PoliceScreeningIn = inputs.POLICE_SCREENING.schema
TriageInputIn = inputs.TRIAGE_INPUT.schema
TriageDecisionIn = inputs.TRIAGE_DECISION.schema
TriageActionIn = inputs.TRIAGE_ACTION.schema
TriageMinutesIn = inputs.TRIAGE_MINUTES.schema
