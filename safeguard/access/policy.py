"""The one access policy: who may view, change or export a person's record, and why.

Every view, selector and API router asks here; nothing else decides access. The rules:
- Need to know comes from an active involvement (allocated worker, the team holding an open
  episode, front door staff while a contact is open, a meeting invitee, an agency asked to share
  information, a supervising worker, the person who recorded them), held by the practitioner or
  by one of their teams.
- A break-glass grant (reason given, time-limited, reviewed by an auditor) lets a practitioner
  without involvement view — never change or export.
- Role-wide rights are listed in ROLE_WIDE_RIGHTS and nowhere else. System administrators manage
  accounts but see no case content; partnership analysts see aggregates only; auditors see the
  audit log, not case files; the performance and data officer compiles the statutory returns
  (every child in need's return data, exported and audited) but opens no case file by role.
"""

from __future__ import annotations

import dataclasses
from enum import StrEnum

from django.db.models import Q, QuerySet
from django.utils import timezone

from safeguard.access.models import BreakGlassGrant, Involvement, InvolvementKind
from safeguard.agencies.roles import (
    FRONT_DOOR_ROLES,
    MANAGER_ROLES,
    NO_CASE_CONTENT_ROLES,
    STATUTORY_RETURNS_ROLES,
    Role,
)


class Action(StrEnum):
    VIEW = "view"
    CHANGE = "change"
    EXPORT = "export"


# What each kind of involvement lets the practitioner do with the person's record.
INVOLVEMENT_RIGHTS: dict[str, frozenset[Action]] = {
    InvolvementKind.ALLOCATED_WORKER: frozenset({Action.VIEW, Action.CHANGE, Action.EXPORT}),
    InvolvementKind.TEAM_EPISODE: frozenset({Action.VIEW, Action.CHANGE, Action.EXPORT}),
    InvolvementKind.FRONT_DOOR_CONTACT: frozenset({Action.VIEW, Action.CHANGE}),
    InvolvementKind.SUPERVISING: frozenset({Action.VIEW, Action.CHANGE}),
    InvolvementKind.RECORD_CREATOR: frozenset({Action.VIEW, Action.CHANGE}),
    InvolvementKind.MEETING_INVITEE: frozenset({Action.VIEW}),
    InvolvementKind.INFORMATION_REQUEST: frozenset({Action.VIEW}),
}

# Rights a role holds over every person, whatever the involvement. Deliberately empty for case
# content: no role in the partnership sees every child's record by default.
ROLE_WIDE_RIGHTS: dict[str, frozenset[Action]] = {}


@dataclasses.dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str  # plain English, recorded as the audit entry's purpose

    def __bool__(self) -> bool:
        return self.allowed


def _roles(actor) -> frozenset[str]:
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return frozenset()
    return actor.roles


def sees_case_content(actor) -> bool:
    roles = _roles(actor)
    return bool(roles) and not roles <= NO_CASE_CONTENT_ROLES and roles != {Role.AUDITOR}


def can_use_directory(actor) -> bool:
    """The practitioner directory (staff names, roles and work contact details, no case content)."""
    return sees_case_content(actor)


def can_search_people(actor) -> bool:
    return sees_case_content(actor)


def can_record_people(actor) -> bool:
    return sees_case_content(actor)


def can_break_glass(actor) -> bool:
    return sees_case_content(actor)


def can_view_audit(actor) -> bool:
    return Role.AUDITOR in _roles(actor)


def can_review_break_glass(actor) -> bool:
    return Role.AUDITOR in _roles(actor)


def can_manage_accounts(actor) -> bool:
    return Role.SYSTEM_ADMINISTRATOR in _roles(actor)


def can_view_aggregates(actor) -> bool:
    return bool(_roles(actor) & {Role.PARTNERSHIP_ANALYST, Role.AUDITOR, Role.FRONT_DOOR_MANAGER})


def is_front_door(actor) -> bool:
    return bool(_roles(actor) & FRONT_DOOR_ROLES)


def can_view_partnership_challenges(actor) -> bool:
    """The partnership's open challenges (agencies and stages, no case content): analysts, auditors,
    and the managers and leads challenges escalate to."""
    seniors = MANAGER_ROLES | {Role.HEAD_OF_SERVICE, Role.PARTNERSHIP_LEAD}
    return can_view_aggregates(actor) or bool(_roles(actor) & seniors)


def is_team_manager(actor) -> bool:
    """A front door or social work team manager (convenes strategy discussions, allocates work)."""
    return bool(_roles(actor) & MANAGER_ROLES)


def _active_involvements(actor) -> QuerySet:
    return Involvement.objects.active().for_practitioner(actor)


def _active_grants(actor) -> QuerySet:
    return BreakGlassGrant.objects.filter(practitioner=actor, expires_at__gt=timezone.now())


def decide(actor, person, action: Action | str) -> Decision:
    """May `actor` do `action` to `person`'s record? The reason is written to the audit log."""
    action = Action(action)
    roles = _roles(actor)
    if not roles:
        return Decision(False, "no active role")
    if not sees_case_content(actor):
        return Decision(False, "role does not see case content")
    for role in roles:
        if action in ROLE_WIDE_RIGHTS.get(role, ()):
            return Decision(True, f"role-wide right: {Role(role).label}")
    kept = getattr(person, "_kept_view_decision", None) if action == Action.VIEW else None
    if kept is not None and kept[0] == actor.pk:
        return kept[1]
    kinds = set(_active_involvements(actor).filter(person=person).values_list("kind", flat=True))
    for kind in sorted(kinds):
        if action in INVOLVEMENT_RIGHTS.get(kind, ()):
            return Decision(True, f"involvement: {InvolvementKind(kind).label}")
    if action == Action.VIEW:
        grant = _active_grants(actor).filter(person=person).order_by("-granted_at").first()
        if grant is not None:
            return Decision(True, f"break-glass: {grant.reason}")
    return Decision(False, "no involvement")


def keep_view_decision(actor, person, decision: Decision) -> None:
    """Keep an allowed view of `person` on the instance the request read it into, so that the page's
    later VIEW questions about it (its children in need section, an adult's network) are answered
    without asking the database again. The instance lives for that one request (`person_for_view`
    reads a fresh one each time): nothing is kept across requests or for another actor."""
    if decision:
        person._kept_view_decision = (actor.pk, decision)


def visible_people_filter(actor, action: Action = Action.VIEW) -> Q:
    """A filter on Person selecting exactly the people `decide` would allow."""
    if not sees_case_content(actor):
        return Q(pk__in=[])
    if any(action in ROLE_WIDE_RIGHTS.get(r, ()) for r in _roles(actor)):
        return Q()
    people = _involved_people(actor, action)
    if action == Action.VIEW:
        # One `pk IN (… UNION …)`: the database reads the actor's few involvements and grants through
        # their indexes, then fetches those people by key. `pk IN (a) OR pk IN (b)` made PostgreSQL
        # scan every person and test each against both lists.
        people = people.union(_active_grants(actor).order_by().values("person_id"))
    return Q(pk__in=people)


def _involved_people(actor, action: Action) -> QuerySet:
    """The person ids of the actor's active involvements (theirs or a team's) that allow `action`: a
    subquery, never a list read into Python (a team can hold thousands of people)."""
    kinds = [k for k, rights in INVOLVEMENT_RIGHTS.items() if action in rights]
    return _active_involvements(actor).filter(kind__in=kinds).order_by().values("person_id")


def works_with(actor, person) -> Decision:
    """Does the actor work with `person` now: an active involvement (theirs or a team's) that lets them
    see the record? Break-glass is a look at a record, not work with the person; role-wide rights
    open records, they do not make a caseload."""
    if not sees_case_content(actor):
        return Decision(False, "role does not see case content")
    kinds = set(_active_involvements(actor).filter(person=person).values_list("kind", flat=True))
    for kind in sorted(kinds):
        if Action.VIEW in INVOLVEMENT_RIGHTS.get(kind, ()):
            return Decision(True, f"involvement: {InvolvementKind(kind).label}")
    return Decision(False, "no involvement")


def works_with_filter(actor) -> Q:
    """A filter on Person selecting exactly the people `works_with` answers yes for."""
    if not sees_case_content(actor):
        return Q(pk__in=[])
    return Q(pk__in=_involved_people(actor, Action.VIEW))


# --- Think family (safeguard.family) -------------------------------------------------------------

# Roles with a need to know that an adult poses a risk to children, its basis and evidence. Others
# who see the adult's record (a GP, a school) do not see the flag; they see only the children's
# chronology entries, which name no basis.
RISK_FLAG_VIEW_ROLES = frozenset(
    {
        Role.POLICE_PUBLIC_PROTECTION,
        Role.PROBATION_OFFICER,
        Role.SOCIAL_WORKER,
        Role.SOCIAL_WORK_MANAGER,
        Role.FRONT_DOOR_SOCIAL_WORKER,
        Role.FRONT_DOOR_MANAGER,
        Role.HEALTH_SAFEGUARDING,
        Role.CONFERENCE_CHAIR,
    }
)
RISK_FLAG_RECORD_ROLES = frozenset(
    {
        Role.POLICE_PUBLIC_PROTECTION,
        Role.PROBATION_OFFICER,
        Role.SOCIAL_WORKER,
        Role.SOCIAL_WORK_MANAGER,
        Role.FRONT_DOOR_SOCIAL_WORKER,
        Role.FRONT_DOOR_MANAGER,
    }
)
# Unscheduled and universal health settings that may look up a child's protection status (CP-IS).
HEALTH_LOOKUP_ROLES = frozenset(
    {Role.ED_CLINICIAN, Role.SEXUAL_HEALTH, Role.MIDWIFE, Role.HEALTH_VISITOR, Role.SCHOOL_NURSE}
)


def can_see_risk_flags(actor, person) -> bool:
    """Need to know: a role on the list *and* the right to see the adult's record."""
    return bool(_roles(actor) & RISK_FLAG_VIEW_ROLES) and bool(decide(actor, person, Action.VIEW))


def can_record_risk_flags(actor, person) -> bool:
    return bool(_roles(actor) & RISK_FLAG_RECORD_ROLES) and bool(decide(actor, person, Action.CHANGE))


def can_use_health_lookup(actor) -> bool:
    """The minimal status view only: no involvement needed, every use audited and notified."""
    return bool(_roles(actor) & HEALTH_LOOKUP_ROLES)


def can_record_adult_attendance(actor) -> bool:
    return bool(_roles(actor) & HEALTH_LOOKUP_ROLES)


def can_assess_sexual_health(actor) -> bool:
    return Role.SEXUAL_HEALTH in _roles(actor)


def can_record_pregnancy(actor) -> bool:
    return Role.MIDWIFE in _roles(actor)


def can_acknowledge_gp_notification(actor, practice) -> bool:
    """A GP (or the practice's safeguarding lead) in the practice notified."""
    if not _roles(actor) & {Role.GP, Role.HEALTH_SAFEGUARDING}:
        return False
    return any(m.team.agency_id == getattr(practice, "pk", practice) for m in actor.memberships_now)


def can_view_gp_notification(actor, notification) -> bool:
    """The midwife who sent it, or the practice notified (its GPs and safeguarding lead)."""
    if notification.pregnancy.midwife_id == actor.pk and Role.MIDWIFE in _roles(actor):
        return True
    return can_acknowledge_gp_notification(actor, notification.practice_id)


# --- Person matching and merging (safeguard.people.merging) ---------------------------------------


def can_review_duplicates(actor) -> bool:
    """Front door and social work team managers review likely duplicate records."""
    return bool(_roles(actor) & MANAGER_ROLES) and sees_case_content(actor)


def can_merge_people(actor, survivor, duplicate) -> Decision:
    """Merging (or undoing a merge of) two records: a front door or social work team manager who
    may change both records. Never automatic: a named person decides, and it is audited."""
    if not can_review_duplicates(actor):
        return Decision(False, "only front door and social work team managers merge records")
    for person in (survivor, duplicate):
        decision = decide(actor, person, Action.CHANGE)
        if not decision:
            return Decision(False, f"may not change both records ({decision.reason})")
    return Decision(True, "manager with change access to both records")


# --- Front door (safeguard.frontdoor) -----------------------------------------------------------


def _sees_and_has(actor, *roles) -> bool:
    return sees_case_content(actor) and actor.has_role(*roles)


def can_record_contact(actor) -> bool:
    """Any practitioner in any agency may tell the front door about a child."""
    return sees_case_content(actor)


def can_decide_threshold(actor) -> bool:
    return _sees_and_has(actor, Role.FRONT_DOOR_MANAGER)


def can_screen_police_notifications(actor) -> bool:
    return _sees_and_has(actor, Role.POLICE_PUBLIC_PROTECTION)


def can_import_notifications(actor) -> bool:
    return _sees_and_has(actor, Role.POLICE_PUBLIC_PROTECTION, Role.FRONT_DOOR_MANAGER, Role.FRONT_DOOR_SOCIAL_WORKER)


def can_view_police_dashboard(actor) -> bool:
    return _sees_and_has(actor, Role.POLICE_PUBLIC_PROTECTION, Role.FRONT_DOOR_MANAGER, Role.FRONT_DOOR_SOCIAL_WORKER)


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
    return _sees_and_has(actor, *TRIAGE_ROLES)


def can_chair_triage(actor) -> bool:
    return _sees_and_has(actor, Role.FRONT_DOOR_MANAGER, Role.FRONT_DOOR_SOCIAL_WORKER)


def is_dsl(actor) -> bool:
    return _sees_and_has(actor, Role.DESIGNATED_SAFEGUARDING_LEAD)


def dsl_agency_ids(actor) -> set[int]:
    if not is_dsl(actor):
        return set()
    return {m.team.agency_id for m in actor.memberships_now if m.role == Role.DESIGNATED_SAFEGUARDING_LEAD}


# --- Hand-offs and allocation (safeguard.core.work, safeguard.protection) ---------------------------


def managed_team_ids(actor) -> set[int]:
    """Teams in which the practitioner is a team manager today."""
    if not sees_case_content(actor):
        return set()
    return {m.team_id for m in actor.memberships_now if m.role in MANAGER_ROLES}


def can_allocate_for_team(actor, team_id) -> bool:
    """A team's manager allocates the work handed to the team."""
    return team_id is not None and team_id in managed_team_ids(actor)


def can_view_unowned_work(actor) -> bool:
    """The partnership-wide count of work nobody owns (a number, no case content)."""
    return bool(_roles(actor) & ({Role.PARTNERSHIP_ANALYST} | MANAGER_ROLES))


# --- Children in need casework (safeguard.cin) -----------------------------------------------------

# Children's social care records a child's episode, assessments, plans and census characteristics;
# others involved with the child (a school, a GP) do not see this casework.
CIN_ROLES = frozenset(
    {
        Role.SOCIAL_WORKER,
        Role.SOCIAL_WORK_MANAGER,
        Role.FRONT_DOOR_SOCIAL_WORKER,
        Role.FRONT_DOOR_MANAGER,
        Role.HEAD_OF_SERVICE,
    }
)


def can_view_cin(actor, child) -> Decision:
    """Children's social care with need to know about the child sees the CIN casework."""
    if not _roles(actor) & CIN_ROLES:
        return Decision(False, "not a children's social care role")
    return decide(actor, child, Action.VIEW)


def can_record_cin(actor, child) -> Decision:
    """Children's social care with change access to the child records CIN casework."""
    if not _roles(actor) & CIN_ROLES:
        return Decision(False, "not a children's social care role")
    return decide(actor, child, Action.CHANGE)


# --- Statutory returns (safeguard.returns) ---------------------------------------------------------


def statutory_returns(actor, action: Action | str = Action.EXPORT) -> Decision:
    """The CIN census and Annex A: child-level data about every child in need, so only the local
    authority's performance and data team compiles, checks and downloads them. Practitioners,
    managers and analysts (aggregates only) have no part in it; the pages answer 404 to them."""
    action = Action(action)
    if action == Action.CHANGE:
        return Decision(False, "statutory returns are built from the records, never edited")
    if _roles(actor) & STATUTORY_RETURNS_ROLES:
        return Decision(True, "statutory return: performance and data team")
    return Decision(False, "not in the performance and data team")


def can_use_statutory_returns(actor) -> bool:
    return bool(statutory_returns(actor, Action.VIEW))


# --- Tasks closed by doing the work (triage actions, record enquiries) ------------------------------


def can_complete_triage_action(actor, action) -> bool:
    """Its owner, or a chair of domestic abuse triage, records a triage action as done."""
    return sees_case_content(actor) and (action.owner_id == actor.pk or can_chair_triage(actor))


def can_answer_record_enquiry(actor, enquiry) -> bool:
    """The team holding the record answers an enquiry about it."""
    return sees_case_content(actor) and enquiry.team_id in actor.team_ids


def can_view_record_enquiry(actor, enquiry) -> bool:
    """The holding team, and the practitioner who asked (to read the answer)."""
    return can_answer_record_enquiry(actor, enquiry) or (sees_case_content(actor) and enquiry.asked_by_id == actor.pk)
