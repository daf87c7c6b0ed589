"""One input definition per write: the page's form and the API refuse the same bad answer in the same
words, on the same field.

For each write that has both a page and an API operation, bad answers are made from the page's form
(a required field left out, text longer than its bound, a code not on its list, a date on the wrong
side of today) and sent both ways: through the form, and as JSON to the operation whose request body
the OpenAPI document names. The record addressed does not exist: a well-defined body is refused
(422) before anything is looked up, so a 404 here means the API let the bad answer through to the
service. Each write's field must get the same message both ways.
"""

from __future__ import annotations

import functools
import importlib
import uuid
from datetime import date, timedelta

import pytest
from django import forms

from safeguard.agencies.roles import Role
from safeguard.api.api import api
from safeguard.testing.factories import practitioner_with_role
from safeguard.web.dates import DateInputField

# (request body's component name in the OpenAPI document, the page's form class), by area.
FRONT_DOOR = [
    ("ContactScreeningIn", "safeguard.frontdoor.forms.ScreenForm"),
    ("InformationRequestIn", "safeguard.frontdoor.forms.InformationRequestForm"),
    ("InformationRequestAnswerIn", "safeguard.frontdoor.forms.AnswerForm"),
    ("ThresholdViewIn", "safeguard.frontdoor.forms.ThresholdViewForm"),
    ("ContactDecisionIn", "safeguard.frontdoor.forms.DecisionForm"),
    ("DecisionChallengeIn", "safeguard.frontdoor.forms.ChallengeForm"),
    ("PoliceScreeningIn", "safeguard.frontdoor.forms.PoliceScreeningForm"),
    ("TriageInputIn", "safeguard.frontdoor.forms.TriageInputForm"),
    ("TriageDecisionIn", "safeguard.frontdoor.forms.TriageDecisionForm"),
    ("TriageActionIn", "safeguard.frontdoor.forms.TriageActionForm"),
    ("TriageMinutesIn", "safeguard.frontdoor.forms.MinutesForm"),
]

CHILDREN_IN_NEED = [
    ("CinAssessmentIn", "safeguard.cin.forms.AssessmentForm"),
    ("CinEpisodeCloseIn", "safeguard.cin.forms.CloseEpisodeForm"),
    ("CinPlanStartIn", "safeguard.cin.forms.PlanStartForm"),
    ("CinPlanEndIn", "safeguard.cin.forms.PlanEndForm"),
    ("CinCharacteristicsIn", "safeguard.cin.forms.CharacteristicsForm"),
]

FAMILY = [
    ("RiskFlagIn", "safeguard.family.forms.RiskFlagForm"),
    ("EdAttendanceDecisionIn", "safeguard.family.forms.AttendanceDecisionForm"),
    ("SexualHealthReferralIn", "safeguard.family.forms.ReferralForm"),
    ("PregnancyVisitIn", "safeguard.family.forms.AntenatalVisitForm"),
    ("PregnancyBirthIn", "safeguard.family.forms.BirthForm"),
    ("HealthLookupIn", "safeguard.family.forms.HealthLookupForm"),
    ("EdAttendanceIn", "safeguard.family.forms.AdultAttendanceForm"),
    ("SexualHealthAssessmentIn", "safeguard.family.forms.SexualHealthAssessmentForm"),
    ("PregnancyIn", "safeguard.family.forms.PregnancyForm"),
    ("EcomapLinkIn", "safeguard.family.forms.EcomapLinkForm"),
]

DIRECTORY = [
    ("KnownProfessionalIn", "safeguard.directory.forms.KnownProfessionalForm"),
]

PROTECTION_DISCUSSIONS_MEETINGS_ENQUIRIES: list[tuple[str, str]] = [
    ("MeetingArrangeIn", "safeguard.protection.forms.MeetingArrangementsForm"),
    ("MeetingRescheduleIn", "safeguard.protection.forms.MeetingRescheduleForm"),
    ("MeetingCancelIn", "safeguard.protection.forms.MeetingCancelForm"),
    ("InvitationRemoveIn", "safeguard.protection.forms.RemoveInviteeForm"),
    ("SiblingDecisionIn", "safeguard.protection.forms.SiblingDecisionForm"),
    ("Section47RecordIn", "safeguard.protection.forms.Section47Form"),
    ("AllocationIn", "safeguard.protection.forms.AllocationForm"),
    ("DiscussionRecordIn", "safeguard.protection.forms.RecordDiscussionForm"),
]

PROTECTION_CONFERENCES_PLANS_CASEWORK: list[tuple[str, str]] = [
    ("ConferenceScheduleIn", "safeguard.protection.forms.ScheduleConferenceForm"),
    ("ConferenceRecordIn", "safeguard.protection.forms.RecordConferenceForm"),
    ("PlanOutcomeIn", "safeguard.protection.forms.PlanOutcomeForm"),
    ("CoreGroupIn", "safeguard.protection.forms.CoreGroupForm"),
    ("PlanVisitIn", "safeguard.protection.forms.VisitForm"),
    ("AgreementIn", "safeguard.protection.forms.AgreementForm"),
    ("AgreementUpdateIn", "safeguard.protection.forms.AgreementForm"),
    ("SignificantEventIn", "safeguard.protection.forms.SignificantEventForm"),
    ("ReconveneRequestIn", "safeguard.protection.forms.ReconveneRequestForm"),
    ("ReconveneDecisionIn", "safeguard.protection.forms.ReconveneDecisionForm"),
]

CHALLENGES_AND_CONTACTS: list[tuple[str, str]] = [
    ("ProfessionalChallengeIn", "safeguard.protection.forms.RaiseChallengeForm"),
    ("ProfessionalChallengeResponseIn", "safeguard.protection.forms.ChallengeResponseForm"),
    # The contact wizard's question pages, each a part of the one contact the API takes whole.
    ("ContactIn", "safeguard.frontdoor.forms.ReferrerForm"),
    ("ContactIn", "safeguard.frontdoor.forms.ConcernForm"),
    ("ContactIn", "safeguard.frontdoor.forms.ConsentForm"),
]

PEOPLE: list[tuple[str, str]] = [
    ("PersonSearchIn", "safeguard.web.forms.PersonSearchForm"),
    ("PersonEnquiryIn", "safeguard.web.forms.EnquiryForm"),
    ("PersonRelationshipIn", "safeguard.family.forms.LinkForm"),
    ("PersonIn", "safeguard.family.forms.FamilyMemberForm"),
]

WRITES = (
    FRONT_DOOR
    + CHILDREN_IN_NEED
    + FAMILY
    + DIRECTORY
    + PROTECTION_DISCUSSIONS_MEETINGS_ENQUIRIES
    + PROTECTION_CONFERENCES_PLANS_CASEWORK
    + CHALLENGES_AND_CONTACTS
    + PEOPLE
)

# What a page passes its form besides the data (lists it fills in), where the form needs it.
FORM_KWARGS = {
    "safeguard.directory.forms.KnownProfessionalForm": {"agencies": [], "practitioners": []},
    "safeguard.protection.forms.AllocationForm": {"workers": []},
    "safeguard.protection.forms.ScheduleConferenceForm": {"chairs": []},
    "safeguard.protection.forms.PlanOutcomeForm": {"owners": []},
    "safeguard.protection.forms.SignificantEventForm": {"people": []},
}

DOCUMENT = api.get_openapi_schema(path_prefix="/api/v1")
SAMPLE_ID = {"integer": "1", "string": str(uuid.UUID(int=7))}


def _operation_for(component: str) -> tuple[str, str, dict]:
    ref = f"#/components/schemas/{component}"
    for path, methods in DOCUMENT["paths"].items():
        for method, operation in methods.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
            if body.get("$ref") == ref:
                url = path
                for parameter in operation.get("parameters", []):
                    if parameter["in"] == "path":
                        value = SAMPLE_ID.get(parameter["schema"].get("type"), "x")
                        if parameter["schema"].get("enum"):
                            value = parameter["schema"]["enum"][0]
                        url = url.replace("{" + parameter["name"] + "}", value)
                return method, url, DOCUMENT["components"]["schemas"][component]
    raise AssertionError(f"no operation takes {component}")


def _form_class(dotted: str) -> type[forms.Form]:
    module, name = dotted.rsplit(".", 1)
    return getattr(importlib.import_module(module), name)


def _good_value(field: forms.Field):
    if isinstance(field, DateInputField):
        return date.today()
    if isinstance(field, forms.TimeField):
        return "14:30"
    if isinstance(field, forms.MultipleChoiceField):
        return [field.choices[0][0]] if field.choices else []
    if isinstance(field, forms.ChoiceField):
        codes = [value for value, _label in field.choices if value != ""]
        return codes[0] if codes else None
    if isinstance(field, forms.CharField):
        return "A reason given in enough words to pass"[: field.max_length or None]
    return None


def bad_answers(form: forms.Form, api_fields: dict[str, dict]) -> list[tuple[str, dict]]:
    """(field, answer) pairs: each answer is good but for that one field."""
    base = {name: _good_value(f) for name, f in form.fields.items() if name in api_fields}
    base = {name: value for name, value in base.items() if value is not None}
    cases = []
    for name, field in form.fields.items():
        if name not in api_fields:
            continue
        if field.required and "default" not in api_fields[name]:  # an API default fills in what is left out
            cases.append((name, {k: v for k, v in base.items() if k != name}))
        if isinstance(field, forms.CharField) and field.max_length:
            cases.append((name, {**base, name: "x" * (field.max_length + 1)}))
        single = isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField)
        if single and [c for c, _label in field.choices if c != ""]:  # a code list, not records the page lists
            cases.append((name, {**base, name: "not-a-code"}))
        if isinstance(field, forms.MultipleChoiceField):
            cases.append((name, {**base, name: ["not-a-code"]}))
        if isinstance(field, forms.TimeField):  # a time of day that is not one
            cases.append((name, {**base, name: "25:99"}))
        if isinstance(field, DateInputField) and (field.past or field.future):
            cases.append((name, {**base, name: date.today() + timedelta(days=400 if field.past else -400)}))
    return cases


def _as_post(answer: dict, form: forms.Form) -> dict:
    data: dict = {}
    for name, value in answer.items():
        if isinstance(form.fields[name], DateInputField):
            data.update({f"{name}_day": value.day, f"{name}_month": value.month, f"{name}_year": value.year})
        else:
            data[name] = value
    return data


def _as_json(answer: dict) -> dict:
    return {name: value.isoformat() if isinstance(value, date) else value for name, value in answer.items()}


@pytest.mark.django_db
@pytest.mark.parametrize(("component", "form_path"), WRITES, ids=[c for c, _ in WRITES])
def test_a_bad_answer_gets_the_same_message_from_the_page_and_the_api(client, component, form_path):
    client.force_login(practitioner_with_role(Role.FRONT_DOOR_MANAGER))
    method, url, schema = _operation_for(component)
    form_class = functools.partial(_form_class(form_path), **FORM_KWARGS.get(form_path, {}))
    cases = bad_answers(form_class(), schema["properties"])
    assert cases, f"{form_path} has no field the API shares"
    differences = []
    for field, answer in cases:
        form = form_class(_as_post(answer, form_class()))
        page = list(form.errors.get(field, [])) if not form.is_valid() else []
        response = getattr(client, method)(url, _as_json(answer), content_type="application/json")
        sent = response.json().get("errors", []) if response.status_code == 422 else []
        api_messages = [e["message"] for e in sent if e["field"] == field]
        if not page or page[:1] != api_messages[:1]:
            shown = repr(answer.get(field))[:40]
            differences.append(f"{field}={shown}: page {page} / API {response.status_code} {api_messages}")
    assert not differences, f"{component} vs {form_path}:\n" + "\n".join(differences)
