"""Request bodies of the front door API."""

from __future__ import annotations

import uuid
from datetime import date

from safeguard.api.schemas import StrictSchema
from safeguard.core.inputs import model_code
from safeguard.frontdoor import inputs
from safeguard.people.models import Person

SexCode = model_code(Person, "sex", blank=True)

# The contact and each person named in it: one definition each, the wizard's pages' too.
ContactSubjectIn = inputs.CONTACT_SUBJECT.schema
ContactIn = inputs.CONTACT.schema


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
