"""Who may do which front door job. Person-level access still comes only from access.policy; these
are the role checks for front door work, in one place (a candidate to move into access.policy)."""

from __future__ import annotations

from safeguard.access import policy
from safeguard.agencies.roles import Role


def _has(actor, *roles) -> bool:
    return policy.sees_case_content(actor) and actor.has_role(*roles)


def can_record_contact(actor) -> bool:
    """Any practitioner in any agency may tell the front door about a child."""
    return policy.sees_case_content(actor)


def is_front_door(actor) -> bool:
    return policy.is_front_door(actor)


def can_decide(actor) -> bool:
    return _has(actor, Role.FRONT_DOOR_MANAGER)


def can_screen_police_notifications(actor) -> bool:
    return _has(actor, Role.POLICE_PUBLIC_PROTECTION)


def can_import_notifications(actor) -> bool:
    return _has(actor, Role.POLICE_PUBLIC_PROTECTION, Role.FRONT_DOOR_MANAGER, Role.FRONT_DOOR_SOCIAL_WORKER)


def can_view_police_dashboard(actor) -> bool:
    return _has(actor, Role.POLICE_PUBLIC_PROTECTION, Role.FRONT_DOOR_MANAGER, Role.FRONT_DOOR_SOCIAL_WORKER)


TRIAGE_ROLES = (
    Role.FRONT_DOOR_MANAGER,
    Role.FRONT_DOOR_SOCIAL_WORKER,
    Role.POLICE_PUBLIC_PROTECTION,
    Role.HEALTH_SAFEGUARDING,
    Role.PROBATION_OFFICER,
    Role.YOUTH_JUSTICE_WORKER,
    Role.SPECIALIST_WORKER,
)


def can_attend_triage(actor) -> bool:
    return _has(actor, *TRIAGE_ROLES)


def can_chair_triage(actor) -> bool:
    return _has(actor, Role.FRONT_DOOR_MANAGER, Role.FRONT_DOOR_SOCIAL_WORKER)


def is_dsl(actor) -> bool:
    return _has(actor, Role.DESIGNATED_SAFEGUARDING_LEAD)


def dsl_agency_ids(actor) -> set[int]:
    if not is_dsl(actor):
        return set()
    return {m.team.agency_id for m in actor.active_memberships() if m.role == Role.DESIGNATED_SAFEGUARDING_LEAD}
