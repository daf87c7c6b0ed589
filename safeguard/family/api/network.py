"""Risk flags and the children around a flagged adult, contact arrangements, genograms and ecomaps."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from ninja import Field, Schema, Status
from pydantic.json_schema import WithJsonSchema

from safeguard.agencies.models import Agency
from safeguard.api.problems import FORBIDDEN, INVALID, NOT_FOUND, UNAUTHORISED
from safeguard.api.schemas import OutSchema
from safeguard.core.inputs import model_code
from safeguard.family import graph, inputs, selectors, services
from safeguard.family.models import EcomapLink, RiskFlag
from safeguard.family.network import LinkedChild
from safeguard.family.validation import AGENCY_INVALID
from safeguard.people.models import Person
from safeguard.people.selectors import person_lookup

from .common import STD, FamilyCreatedOut, router

# --- risk --------------------------------------------------------------------------------------


# Code fields, documented as their code lists (core.inputs.model_code / code_out).
RiskBasisCode = model_code(RiskFlag, "basis")
MappaCategoryCode = model_code(RiskFlag, "mappa_category")
MappaLevelCode = model_code(RiskFlag, "mappa_level")
SexCode = model_code(Person, "sex")
LinkQualityCode = model_code(EcomapLink, "quality")  # on the ecomap's nodes
LINK_KINDS = ["partnership", "separated", "child", "other"]  # as family.graph draws them
GenogramLinkKind = Annotated[str, WithJsonSchema({"type": "string", "enum": LINK_KINDS})]



RiskFlagIn = inputs.RISK_FLAG.schema  # the page's form is made from the same definition


class RiskFlagOut(Schema):
    id: uuid.UUID
    basis: RiskBasisCode
    basis_label: str
    mappa_category: MappaCategoryCode
    mappa_level: MappaLevelCode
    evidence: str
    review_on: date
    raised_by: str


def _flag_out(flag) -> dict:
    return {
        "id": flag.id,
        "basis": flag.basis,
        "basis_label": flag.get_basis_display(),
        "mappa_category": flag.mappa_category,
        "mappa_level": flag.mappa_level,
        "evidence": flag.evidence,
        "review_on": flag.review_on,
        "raised_by": str(flag.raised_by),
    }


class LinkedChildOut(Schema):
    id: uuid.UUID
    name: str
    date_of_birth: date | None
    expected_birth_date: date | None
    steps: int
    path: str = Field(description="How the child is linked, step by step")
    in_their_care: bool
    status: str = Field(
        description="On a child protection plan, open enquiry, looked after, known to social care, or not known"
    )
    on_child_protection_plan: bool
    open_enquiry: bool
    looked_after: bool
    known_to_social_care: bool


def _linked_out(lc: LinkedChild) -> dict:
    return {
        "id": lc.child.pk,
        "name": lc.child.full_name,
        "date_of_birth": lc.child.date_of_birth,
        "expected_birth_date": lc.child.expected_birth_date,
        "steps": lc.steps,
        "path": lc.path,
        "in_their_care": lc.in_their_care,
        "status": lc.status_label,
        "on_child_protection_plan": lc.status.on_child_protection_plan,
        "open_enquiry": lc.status.open_section_47 or lc.status.open_strategy_discussion,
        "looked_after": lc.status.looked_after,
        "known_to_social_care": lc.known_to_social_care,
    }


class RiskNetworkOut(Schema):
    person_id: uuid.UUID
    flags: list[RiskFlagOut]
    steps: int
    children: list[LinkedChildOut]


@router.post(
    "/family/people/{person_id}/risk-flags",
    response={201: RiskFlagOut, **STD},
    summary="Record that an adult poses a risk to children (need-to-know roles only)",
)
def raise_risk_flag(request, person_id: uuid.UUID, payload: RiskFlagIn):
    person = person_lookup(person_id=person_id)
    flag = services.risk_flag_raise(actor=request.user, person=person, **payload.model_dump())
    return Status(201, _flag_out(flag))


@router.get(
    "/family/people/{person_id}/linked-children",
    response={200: RiskNetworkOut, **STD},
    summary="Every child within reach of a flagged adult, and each child's status",
)
def get_linked_children(request, person_id: uuid.UUID, steps: int | None = None):
    from safeguard.family.network import risk_network_steps

    steps = steps or risk_network_steps()
    person, flags, children = selectors.flagged_adult_network(actor=request.user, person_id=person_id, steps=steps)
    return {
        "person_id": person.pk,
        "flags": [_flag_out(f) for f in flags],
        "steps": steps,
        "children": [_linked_out(c) for c in children],
    }


ContactArrangementIn = inputs.CONTACT_ARRANGEMENT.schema  # one definition, as the other writes


@router.post(
    "/family/contact-arrangements",
    response={201: FamilyCreatedOut, **UNAUTHORISED, **FORBIDDEN, **NOT_FOUND, **INVALID},
    summary="Record an adult's contact arrangement with a child",
)
def create_contact_arrangement(request, payload: ContactArrangementIn):
    arrangement = services.contact_arrangement_record(
        actor=request.user,
        adult=person_lookup(person_id=payload.adult_id),
        child=person_lookup(person_id=payload.child_id),
        **payload.model_dump(exclude={"adult_id", "child_id"}),
    )
    return Status(201, {"id": str(arrangement.pk)})


# --- genogram and ecomap -----------------------------------------------------------------------


class GenogramPersonOut(OutSchema):
    id: str
    name: str
    sex: SexCode
    shape: str = Field(description="square (male), circle (female), diamond (not known)")
    generation: int = Field(description="0 is the child; -1 parents; -2 grandparents")
    relation: str
    born: date | None
    died: date | None
    unborn: bool
    in_household: bool
    is_index: bool
    poses_risk: bool


class GenogramLinkOut(OutSchema):
    kind: GenogramLinkKind = Field(description="partnership, separated, child (parent to child) or other")
    source: str
    target: str
    label: str


class GenogramOut(OutSchema):
    person_id: uuid.UUID
    generations: int
    people: list[GenogramPersonOut]
    links: list[GenogramLinkOut]
    household: list[str]
    svg: str


@router.get(
    "/family/people/{person_id}/genogram",
    response={200: GenogramOut, **STD},
    summary="The child's genogram: data and accessible SVG",
)
def get_genogram(request, person_id: uuid.UUID):
    person = selectors.person_for_diagram(actor=request.user, person_id=person_id)
    g = graph.build_genogram(person, request.user)
    return {
        "person_id": person.pk,
        "generations": g.generations,
        "people": [vars(p) for p in g.people],
        "links": [vars(link) for link in g.links],
        "household": g.household,
        "svg": graph.genogram_svg(person, genogram=g),
    }


class EcomapNodeOut(Schema):
    key: str
    name: str
    agency_type: str
    agency_id: int | None
    professionals: list[str]
    quality: LinkQualityCode
    quality_label: str
    note: str


class EcomapOut(Schema):
    person_id: uuid.UUID
    household: list[str]
    nodes: list[EcomapNodeOut]
    svg: str


@router.get(
    "/family/people/{person_id}/ecomap",
    response={200: EcomapOut, **STD},
    summary="The agencies, services and professionals around the child, with link quality",
)
def get_ecomap(request, person_id: uuid.UUID):
    person = selectors.person_for_diagram(actor=request.user, person_id=person_id)
    e = graph.build_ecomap(person)
    return {
        "person_id": person.pk,
        "household": e.household,
        "nodes": [vars(n) for n in e.nodes],
        "svg": graph.ecomap_svg(person, ecomap=e),
    }


EcomapLinkIn = inputs.ECOMAP_LINK.schema  # the page's form is made from the same definition


@router.post(
    "/family/people/{person_id}/ecomap-links",
    response={200: FamilyCreatedOut, **UNAUTHORISED, **FORBIDDEN, **NOT_FOUND, **INVALID},
    summary="Set how strong or stressful a link on the ecomap is",
)
def set_ecomap_link(request, person_id: uuid.UUID, payload: EcomapLinkIn):
    person = person_lookup(person_id=person_id)
    agency = None
    if payload.agency_id is not None:
        agency = Agency.objects.filter(pk=payload.agency_id).first()
        if agency is None:
            from safeguard.access.errors import InvalidInput

            raise InvalidInput({"agency_id": [AGENCY_INVALID]})
    link = services.ecomap_link_set(
        actor=request.user,
        person=person,
        agency=agency,
        label=payload.label,
        quality=payload.quality,
        note=payload.note,
    )
    return {"id": str(link.pk)}
