"""The practitioner directory API: named practitioners and agencies (for agency systems that invite
or assign work), and a child's known professionals. Personal details travel only in bodies."""

from __future__ import annotations

import uuid

from ninja import Router, Schema, Status

from safeguard.access import records
from safeguard.access.errors import NotFound
from safeguard.agencies.models import Agency, Membership
from safeguard.api.problems import FORBIDDEN, INVALID, NOT_FOUND, UNAUTHORISED
from safeguard.core.inputs import model_code
from safeguard.directory import inputs, selectors, services
from safeguard.directory.models import KnownProfessional
from safeguard.people.selectors import person_lookup

router = Router(tags=["Practitioner directory"])
ERRORS = {**UNAUTHORISED, **FORBIDDEN, **NOT_FOUND, **INVALID}


# Code fields, documented as their code lists (core.inputs.model_code / code_out).
RoleCode = model_code(Membership, "role")
AgencyTypeCode = model_code(Agency, "agency_type")
ProfessionalKindCode = model_code(KnownProfessional, "kind")


class PractitionerRoleOut(Schema):
    role: RoleCode
    role_label: str
    team_id: int
    team: str
    agency_id: int
    agency: str


class PractitionerOut(Schema):
    id: int
    full_name: str
    job_title: str
    email: str
    phone: str
    roles: list[PractitionerRoleOut]
    covers: list[str]


class PractitionerListOut(Schema):
    count: int
    offset: int
    limit: int
    items: list[PractitionerOut]


class DirectoryTeamOut(Schema):
    id: int
    name: str
    email: str
    phone: str


class AgencyOut(Schema):
    id: int
    name: str
    agency_type: AgencyTypeCode
    agency_type_label: str
    ods_code: str
    contact_in_hours: str
    contact_out_of_hours: str
    is_special_school: bool
    is_sexual_assault_service: bool
    teams: list[DirectoryTeamOut]


class KnownProfessionalOut(Schema):
    kind: ProfessionalKindCode
    kind_label: str
    agency_id: int | None
    agency: str | None
    practitioner_id: int | None
    practitioner_name: str | None


KnownProfessionalIn = inputs.KNOWN_PROFESSIONAL.schema  # the page's form is made from it too


def _check(request) -> None:
    records.require(request.user, "use", KnownProfessional)


def _practitioner_out(e: selectors.DirectoryEntry) -> dict:
    p = e.practitioner
    return {
        "id": p.pk, "full_name": str(p), "job_title": p.job_title, "email": p.email, "phone": p.phone,
        "roles": [
            {"role": m.role, "role_label": m.get_role_display(), "team_id": m.team_id, "team": m.team.name,
             "agency_id": m.team.agency_id, "agency": m.team.agency.name}
            for m in e.memberships
        ],
        "covers": [c.agency.name if c.agency_id else f"{c.area} area" for c in e.covers],
    }  # fmt: skip


@router.get(
    "/directory/practitioners",
    response={200: PractitionerListOut, **UNAUTHORISED, **NOT_FOUND, **INVALID},
    summary="Named practitioners: by name, job, team or agency; narrowed to an agency, role or area",
)
def list_practitioners(
    request, q: str = "", agency_id: int | None = None, role: str = "", area: str = "", offset: int = 0,
    limit: int = 50,
):  # fmt: skip
    _check(request)
    offset, limit = max(offset, 0), max(1, min(limit, selectors.MAX_RESULTS))
    total, entries = selectors.practitioner_search(
        q=q[:100], agency_id=agency_id, role=role, area=area[:100], offset=offset, limit=limit
    )
    return {"count": total, "offset": offset, "limit": limit, "items": [_practitioner_out(e) for e in entries]}


@router.get(
    "/directory/agencies",
    response={200: list[AgencyOut], **UNAUTHORISED, **NOT_FOUND, **INVALID},
    summary="Agencies of the partnership and their teams",
)
def list_agencies(request, agency_type: str = ""):
    _check(request)
    rows = selectors.agencies(agency_type=agency_type[:20]).prefetch_related("teams")
    return [
        {
            "id": a.pk, "name": a.name, "agency_type": a.agency_type, "agency_type_label": a.get_agency_type_display(),
            "ods_code": a.ods_code, "contact_in_hours": a.contact_in_hours,
            "contact_out_of_hours": a.contact_out_of_hours, "is_special_school": a.is_special_school,
            "is_sexual_assault_service": a.is_sexual_assault_service,
            "teams": [{"id": t.pk, "name": t.name, "email": t.email, "phone": t.phone} for t in a.teams.all()],
        }
        for a in rows
    ]  # fmt: skip


def _known_out(person) -> list[dict]:
    return [
        {
            "kind": k.kind, "kind_label": k.label, "agency_id": k.agency.pk if k.agency else None,
            "agency": k.agency.name if k.agency else None,
            "practitioner_id": k.practitioner.pk if k.practitioner else None,
            "practitioner_name": str(k.practitioner) if k.practitioner else None,
        }
        for k in selectors.known_professionals(person)
    ]  # fmt: skip


@router.get(
    "/people/{person_id}/known-professionals",
    response={200: list[KnownProfessionalOut], **ERRORS},
    summary="A child's known professionals (school, GP practice, health visitor, school nurse), named where known",
)
def list_known_professionals(request, person_id: uuid.UUID):
    person = person_lookup(person_id=person_id)
    records.require(request.user, "view", person, audit=True)
    return _known_out(person)


@router.post(
    "/people/{person_id}/known-professionals",
    response={201: list[KnownProfessionalOut], **ERRORS},
    summary="Record a professional who knows the child (a school or practice replaces the one known before)",
)
def add_known_professional(request, person_id: uuid.UUID, payload: KnownProfessionalIn):
    person = person_lookup(person_id=person_id)
    agency = Agency.objects.filter(pk=payload.agency_id).first() if payload.agency_id else None
    practitioner = selectors.practitioner_lookup(practitioner_id=payload.practitioner_id)
    if payload.practitioner_id and practitioner is None:
        raise NotFound()
    services.known_professional_record(
        actor=request.user, person=person, kind=payload.kind, agency=agency, practitioner=practitioner,
        since=payload.since,
    )  # fmt: skip
    return Status(201, _known_out(person))
