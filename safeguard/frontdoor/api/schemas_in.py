"""Request bodies of the front door API."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from ninja import Field

from safeguard.api.schemas import StrictSchema
from safeguard.core.inputs import code_out, model_code
from safeguard.frontdoor import inputs
from safeguard.frontdoor.codes import ConcernCategory
from safeguard.frontdoor.models import Contact, ContactSubject
from safeguard.people.models import Person

# Code fields, documented as their code lists (core.inputs.model_code / code_out).
SubjectRoleCode = model_code(ContactSubject, "role")
SexCode = model_code(Person, "sex", blank=True)
RelationshipCode = model_code(ContactSubject, "relationship")
ReferralSourceCode = model_code(Contact, "referral_source")
ConcernCategoryCode = code_out(ConcernCategory)
ConsentStatusCode = model_code(Contact, "consent_status")
LawfulBasisCode = model_code(Contact, "lawful_basis", blank=True)


class ContactSubjectIn(StrictSchema):
    role: SubjectRoleCode
    given_name: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    sex: SexCode = ""
    nhs_number: str = ""
    address: str = ""
    postcode: str = ""
    school: str = ""
    relationship: RelationshipCode = Field(
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
    referral_source: ReferralSourceCode  # CIN census referral source
    concerns: str
    categories: list[ConcernCategoryCode]
    consent_status: ConsentStatusCode
    lawful_basis: LawfulBasisCode = Field("", description="Required unless consent_status is agreed")
    consent_reason: str = Field("", description="Why share without consent; required unless agreed")
    subjects: list[ContactSubjectIn]


class ContactSubjectMatchIn(StrictSchema):
    person_id: uuid.UUID


class ContactSubjectNewPersonIn(StrictSchema):
    given_name: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    sex: SexCode = ""


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
