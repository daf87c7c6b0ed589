"""The practitioner's own profile."""

from __future__ import annotations

from ninja import Router

from safeguard.agencies.models import Agency, Membership
from safeguard.api.problems import UNAUTHORISED
from safeguard.api.schemas import OutSchema
from safeguard.core.inputs import model_code

router = Router(tags=["Practitioners"])


# Code fields, documented as their code lists (core.inputs.model_code / code_out).
RoleCode = model_code(Membership, "role")
AgencyTypeCode = model_code(Agency, "agency_type")


class PractitionerMembershipOut(OutSchema):
    team: str
    agency: str
    agency_type: AgencyTypeCode
    role: RoleCode
    role_label: str


class PractitionerProfileOut(OutSchema):
    username: str
    full_name: str
    email: str
    job_title: str
    memberships: list[PractitionerMembershipOut]


@router.get("/me", response={200: PractitionerProfileOut, **UNAUTHORISED}, summary="Your own profile and roles")
def me(request):
    user = request.user
    return {
        "username": user.get_username(),
        "full_name": user.get_full_name(),
        "email": user.email,
        "job_title": user.job_title,
        "memberships": [
            {
                "team": m.team.name,
                "agency": m.team.agency.name,
                "agency_type": m.team.agency.agency_type,
                "role": m.role,
                "role_label": m.get_role_display(),
            }
            for m in user.memberships_now
        ],
    }
