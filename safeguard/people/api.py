"""People API: search, detail, create, update, identifiers, relationships, chronology.

Searches are POST so that personal details never appear in URLs (or in proxy logs).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from django.http import HttpResponse
from ninja import Field, Router, Schema, Status

from safeguard.api.problems import CONFLICT, FORBIDDEN, INVALID, NOT_FOUND, STALE, UNAUTHORISED, etag, if_match_version
from safeguard.core.inputs import model_code
from safeguard.core.models import ChronologyEvent
from safeguard.people import inputs, matching, selectors, services
from safeguard.people.inputs import (  # noqa: F401 (the request bodies' parts, where callers import them)
    IdentifierTypeCode,
    NameTypeCode,
    PersonAddressIn,
    PersonIdentifierIn,
    PersonNameIn,
)
from safeguard.people.models import Person, Relationship

router = Router(tags=["People"])


# Code fields, documented as their code lists (core.inputs.model_code / code_out).
DobPrecisionCode = model_code(Person, "dob_precision")
SexCode = model_code(Person, "sex")
EthnicityCode = model_code(Person, "ethnicity")
UpnUnknownCode = model_code(Person, "upn_unknown", blank=True)
RelationshipTypeCode = model_code(Relationship, "relationship_type")
EventTypeCode = model_code(ChronologyEvent, "event_type")


# The writes' bodies, each made from the definition its page's form is also made from.
PersonIn = inputs.PERSON.schema
PersonPatch = inputs.PERSON_CHANGE.schema
PersonSearchIn = inputs.PERSON_SEARCH.schema


class PersonSummary(Schema):
    id: uuid.UUID
    full_name: str
    date_of_birth: date | None
    expected_birth_date: date | None
    sex: SexCode
    is_child: bool


class PersonIdentifierOut(Schema):
    id_type: IdentifierTypeCode
    value: str


class PersonNameOut(Schema):
    name_type: NameTypeCode
    given_name: str
    family_name: str


class PersonAddressOut(Schema):
    line_1: str
    line_2: str
    town: str
    postcode: str
    moved_in: date | None
    moved_out: date | None


class PersonRelationshipOut(Schema):
    id: int
    relationship_type: RelationshipTypeCode
    label: str = Field(description="How the other person relates to this person")
    other_person_id: uuid.UUID
    other_person_name: str
    starts_on: date | None
    ends_on: date | None
    parental_responsibility: bool
    is_main_carer: bool


class ChronologyEventOut(Schema):
    id: uuid.UUID
    event_type: EventTypeCode
    event_label: str
    occurred_on: date
    agency: str | None
    summary: str
    recorded_at: datetime


class PersonOut(PersonSummary):
    given_name: str
    family_name: str
    dob_precision: DobPrecisionCode
    gender: str
    ethnicity: EthnicityCode
    disabilities: list[str]
    first_language: str
    communication_needs: str
    date_of_death: date | None
    upn_unknown: UpnUnknownCode = Field(description="Why the child has no unique pupil number (CIN census code), or ''")
    version: int = Field(
        description="Goes up with every change to the details; also the ETag. Send it back "
        "as If-Match on PATCH to be refused (412) if someone changed the record meanwhile"
    )
    identifiers: list[PersonIdentifierOut]
    other_names: list[PersonNameOut]
    addresses: list[PersonAddressOut]
    relationships: list[PersonRelationshipOut]
    chronology: list[ChronologyEventOut]


PersonRelationshipIn = inputs.RELATIONSHIP.schema


PersonRelationshipEndIn = inputs.RELATIONSHIP_END.schema


PersonMatchIn = inputs.PERSON_MATCH.schema


class PersonMatchCandidateOut(Schema):
    visible: bool = Field(description="False: a record exists that you may not see; ask for information")
    match_probability: float
    nhs_number_agrees: bool
    explanation: list[str] = Field(description="Which details agreed (only for records you may see)")
    person: PersonSummary | None = Field(None, description="Only for records you may see")
    held_by: str
    message: str = ""
    enquiry_token: str = Field("", description="For POST /people/enquiries (records you may not see)")


PersonEnquiryIn = inputs.PERSON_ENQUIRY.schema


class PersonEnquiryOut(Schema):
    held_by: str
    task_created: bool


def _event_out(event) -> dict:
    return {
        "id": event.id,
        "event_type": event.event_type,
        "event_label": event.event_label,
        "occurred_on": event.occurred_on,
        "agency": event.agency.name if event.agency else None,
        "summary": event.summary,
        "recorded_at": event.recorded_at,
    }


def _relationship_out(rel: Relationship, person: Person) -> dict:
    other = rel.other(person)
    return {
        "id": rel.pk,
        "relationship_type": rel.relationship_type,
        "label": rel.label_for(person),
        "other_person_id": other.pk,
        "other_person_name": other.full_name,
        "starts_on": rel.starts_on,
        "ends_on": rel.ends_on,
        "parental_responsibility": rel.parental_responsibility,
        "is_main_carer": rel.is_main_carer,
    }


def _person_out(person: Person) -> dict:
    return {
        **{f: getattr(person, f) for f in PersonOut.model_fields if hasattr(person, f) and f not in _NESTED},
        "identifiers": list(person.identifiers.all()),
        "other_names": list(person.other_names.all()),
        "addresses": list(person.addresses.all()),
        "relationships": [_relationship_out(r, person) for r in selectors.relationships_of(person)],
        "chronology": [_event_out(e) for e in selectors.chronology_of(person=person, limit=100)],
    }


_NESTED = {"identifiers", "other_names", "addresses", "relationships", "chronology"}


@router.post(
    "/people/search",
    response={200: list[PersonSummary], **UNAUTHORISED, **NOT_FOUND, **INVALID},
    summary="Find people you may see",
)
def search_people(request, payload: PersonSearchIn):
    criteria = selectors.SearchCriteria(
        name=payload.name.strip(), date_of_birth=payload.date_of_birth, nhs_number=payload.nhs_number.strip()
    )
    return selectors.person_search(actor=request.user, criteria=criteria)


@router.post(
    "/people/match",
    response={200: list[PersonMatchCandidateOut], **UNAUTHORISED, **NOT_FOUND, **INVALID},
    summary="Find existing records for the details typed at intake, ranked, with a match probability",
    description=(
        "Any subset of names, date of birth, sex, postcode, address and NHS number. Candidates are "
        "ranked by the trained matching model, an exact NHS number match first. Records you may not "
        "see are returned only as 'a record exists held by <agency>: ask for information'."
    ),
)
def match_people(request, payload: PersonMatchIn):
    details = matching.details_from_input(payload.model_dump())
    return [_candidate_out(c) for c in matching.person_match(actor=request.user, details=details)]


def _candidate_out(c) -> dict:
    if c.visible:
        return {
            "visible": True,
            "match_probability": c.match_probability,
            "nhs_number_agrees": c.nhs_number_agrees,
            "explanation": c.explanation,
            "person": c.person,
            "held_by": c.held_by,
        }
    return {
        "visible": False,
        "match_probability": c.match_probability,
        "nhs_number_agrees": False,
        "explanation": [],
        "person": None,
        "held_by": c.held_by,
        "message": c.enquiry_message,
        "enquiry_token": c.enquiry_token,
    }


@router.post(
    "/people/enquiries",
    response={201: PersonEnquiryOut, **UNAUTHORISED, **NOT_FOUND, **INVALID},
    summary="Ask the agency holding a record you may not see for information (audited)",
)
def create_enquiry(request, payload: PersonEnquiryIn):
    person = matching.person_from_enquiry_token(payload.enquiry_token, actor=request.user)
    task = matching.record_enquiry(actor=request.user, person_id=person.pk, reason=payload.reason)
    return Status(201, {"held_by": matching.held_by(person), "task_created": task is not None})


@router.get(
    "/people/{person_id}",
    response={200: PersonOut, **UNAUTHORISED, **NOT_FOUND, **INVALID},
    summary="A person's record: details, identifiers, relationships and chronology",
)
def get_person(request, person_id: uuid.UUID, response: HttpResponse):
    person = selectors.person_for_view(actor=request.user, person_id=person_id)
    response["ETag"] = etag(person.version)
    return _person_out(person)


@router.get(
    "/people/{person_id}/chronology",
    response={200: list[ChronologyEventOut], **UNAUTHORISED, **NOT_FOUND, **INVALID},
    summary="A person's chronology, newest first",
)
def get_chronology(request, person_id: uuid.UUID, offset: int = 0, limit: int = 100):
    # Shows no relatives: none read, none named in its audit entry.
    person = selectors.person_for_view(actor=request.user, person_id=person_id, relatives=False)
    limit = max(1, min(limit, 500))
    events = selectors.chronology_of(person=person)[max(offset, 0) : max(offset, 0) + limit]
    return [_event_out(e) for e in events]


@router.post(
    "/people",
    response={201: PersonOut, **UNAUTHORISED, **NOT_FOUND, **INVALID},
    summary="Record a new person",
)
def create_person(request, payload: PersonIn):
    data = payload.model_dump()
    person = services.person_create(
        actor=request.user,
        details={k: v for k, v in data.items() if k not in ("identifiers", "other_names", "address")},
        identifiers=data["identifiers"],
        other_names=data["other_names"],
        address=data["address"],
    )
    return Status(201, _person_out(selectors.person_for_view(actor=request.user, person_id=person.pk)))


@router.patch(
    "/people/{person_id}",
    response={200: PersonOut, **UNAUTHORISED, **FORBIDDEN, **NOT_FOUND, **INVALID, **STALE},
    summary="Change a person's details (only the fields sent; If-Match refuses a stale change)",
    description=(
        "Only the fields in the body change; a concurrent change to other fields is kept. Send "
        "`If-Match` with the ETag (or `version`) you read to be refused with 412 if the record "
        "changed since. Without If-Match the fields sent are written as they are (last change wins "
        "for those fields only)."
    ),
)
def update_person(request, person_id: uuid.UUID, payload: PersonPatch, response: HttpResponse):
    person = selectors.person_lookup(person_id=person_id)
    services.person_update(
        actor=request.user,
        person=person,
        changes=payload.model_dump(exclude_unset=True),
        expected_version=if_match_version(request),
    )
    person = selectors.person_for_view(actor=request.user, person_id=person_id)
    response["ETag"] = etag(person.version)
    return _person_out(person)


@router.post(
    "/people/{person_id}/identifiers",
    response={201: PersonIdentifierOut, **UNAUTHORISED, **FORBIDDEN, **NOT_FOUND, **INVALID, **CONFLICT},
    summary="Add an identifier (NHS number, UPN, PNC reference, local ID)",
)
def add_identifier(request, person_id: uuid.UUID, payload: PersonIdentifierIn):
    person = selectors.person_lookup(person_id=person_id)
    return Status(
        201, services.identifier_add(actor=request.user, person=person, id_type=payload.id_type, value=payload.value)
    )


@router.post(
    "/relationships",
    response={201: PersonRelationshipOut, **UNAUTHORISED, **NOT_FOUND, **INVALID},
    summary="Record a relationship: from_person is the <relationship_type> of to_person",
)
def create_relationship(request, payload: PersonRelationshipIn):
    from_person = selectors.person_lookup(person_id=payload.from_person_id)
    to_person = selectors.person_lookup(person_id=payload.to_person_id)
    rel = services.relationship_create(
        actor=request.user,
        from_person=from_person,
        to_person=to_person,
        **payload.model_dump(exclude={"from_person_id", "to_person_id"}),
    )
    return Status(201, _relationship_out(rel, to_person))


@router.post(
    "/relationships/{relationship_id}/end",
    response={200: PersonRelationshipOut, **UNAUTHORISED, **NOT_FOUND, **INVALID},
    summary="End a relationship on a date",
)
def end_relationship(request, relationship_id: int, payload: PersonRelationshipEndIn):
    rel = selectors.relationship_lookup(relationship_id=relationship_id)
    rel = services.relationship_end(actor=request.user, relationship=rel, ends_on=payload.ends_on)
    return _relationship_out(rel, rel.to_person)
