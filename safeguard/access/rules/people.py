"""A person's record (the policy decides), and what is asked about people as a whole: search, record,
duplicates and merges, record enquiries, the practitioner directory, and the partnership's overviews."""

from __future__ import annotations

import dataclasses

from django.db.models import Q

from safeguard.access import policy
from safeguard.access.records import (
    ACCOUNTS,
    AGGREGATES,
    AUDIT_LOG,
    NOTHING,
    RULES,
    UNOWNED_WORK,
    about_people,
    register,
)

# --- A person's record: `policy.decide` ------------------------------------------------------------

about_people(
    "people.person", lambda person: [person],
    view=policy.Action.VIEW, change=policy.Action.CHANGE, export=policy.Action.EXPORT,
)  # fmt: skip
for _action in policy.Action:
    RULES[("people.person", _action.value)] = dataclasses.replace(
        RULES[("people.person", _action.value)], rows=lambda actor, a=_action: policy.visible_people_filter(actor, a)
    )


@register("people.person", "work_with", rows=policy.works_with_filter)
def _work_with(actor, person) -> policy.Decision:
    """Someone on the actor's (or their team's) caseload now, for the Home's "people you work with"."""
    return policy.works_with(actor, person)


@register("people.person", "search")
def _search(actor, _people) -> bool:
    """Find a person (the results are only those the policy lets them see)."""
    return policy.can_search_people(actor)


@register("people.person", "record")
def _record(actor, _people) -> bool:
    return policy.can_record_people(actor)


@register("people.person", "break_glass")
def _break_glass(actor, _person) -> bool:
    """Ask for a time-limited, reviewed view of a record without involvement."""
    return policy.can_break_glass(actor)


@register("people.person", "view_flags")
def _person_flags(actor, person) -> bool:
    """Whether an adult poses a risk to children, its basis and evidence: roles with need to know."""
    return policy.can_see_risk_flags(actor, person)


@register("people.person", "record_flags")
def _person_record_flags(actor, person) -> bool:
    return policy.can_record_risk_flags(actor, person)


@register("people.relationship", "change")
def _relationship_change(actor, relationship) -> bool:
    """A relationship is on both people's records: changing either one is enough."""
    return bool(
        policy.decide(actor, relationship.from_person, policy.Action.CHANGE)
        or policy.decide(actor, relationship.to_person, policy.Action.CHANGE)
    )


@register("people.relationship", "record")
def _relationship_record(actor, relationship) -> bool:
    """Link two people (an unsaved Relationship names them): change one of them and see both."""
    both = (relationship.from_person, relationship.to_person)
    sees_both = all(policy.decide(actor, person, policy.Action.VIEW) for person in both)
    return sees_both and _relationship_change(actor, relationship)


# --- Duplicates and merges (safeguard.people.merging) ----------------------------------------------


@register("people.likelyduplicate", "review")
def _review_duplicates(actor, _queue) -> bool:
    """The duplicate review queue: front door and social work team managers."""
    return policy.can_review_duplicates(actor)


@register("people.mergerecord", "make")
def _merge(actor, merge) -> policy.Decision:
    """Merge two records, or mark them as different people (an unsaved MergeRecord names the two): a
    team manager who may change both records."""
    return policy.can_merge_people(actor, merge.survivor, merge.merged)


@register("people.mergerecord", "view", "undo")
def _merged(actor, merge) -> policy.Decision:
    """A merge done: after it everything (involvements included) sits on the survivor, so change
    access to the survivor decides who sees and undoes it."""
    return policy.can_merge_people(actor, merge.survivor, merge.survivor)


# --- Record enquiries ("a record exists held by X: ask for information") -----------------------------


def _holding_team_rows(actor) -> Q:
    return Q(team_id__in=actor.team_ids) if policy.sees_case_content(actor) else NOTHING


@register("people.recordenquiry", "answer", rows=_holding_team_rows)
def _answer_enquiry(actor, enquiry) -> bool:
    return policy.can_answer_record_enquiry(actor, enquiry)


@register("people.recordenquiry", "view")
def _view_enquiry(actor, enquiry) -> bool:
    return policy.can_view_record_enquiry(actor, enquiry)


# --- The practitioner directory (safeguard.directory) -------------------------------------------------


@register("directory.knownprofessional", "use")
def _directory(actor, _directory) -> bool:
    """Staff names, roles and work contact details (no case content): anyone who sees case content."""
    return policy.can_use_directory(actor)


# --- Partnership overviews and administration ----------------------------------------------------------


@register(AUDIT_LOG.label, "view")
def _audit_log(actor, _log) -> bool:
    return policy.can_view_audit(actor)


@register("access.breakglassgrant", "review")
def _review_grant(actor, _grant) -> bool:
    return policy.can_review_break_glass(actor)


@register(ACCOUNTS.label, "manage")
def _accounts(actor, _accounts) -> bool:
    return policy.can_manage_accounts(actor)


@register("access.apitoken", "issue", "revoke")
def _api_token(actor, token) -> bool:
    """A practitioner's own API tokens are theirs to issue and revoke; anyone's, for whoever manages
    accounts. (Issuing asks about the token not yet made: `ApiToken(practitioner=...)`.)"""
    return token.practitioner_id == actor.pk or policy.can_manage_accounts(actor)


@register(AGGREGATES.label, "view")
def _aggregates(actor, _figures) -> bool:
    return policy.can_view_aggregates(actor)


@register(UNOWNED_WORK.label, "view")
def _unowned(actor, _work) -> bool:
    return policy.can_view_unowned_work(actor)


def _managed_rows(actor) -> Q:
    return Q(team_id__in=policy.managed_team_ids(actor))


def _member_rows(actor) -> Q:
    return Q(pk__in=actor.team_ids)


@register("agencies.team", "view_calendar", rows=_member_rows)
def _team_calendar(actor, team) -> bool:
    """The meetings of everyone in a team: its members."""
    return team.pk in actor.team_ids


@register("agencies.team", "manage", rows=lambda actor: Q(pk__in=policy.managed_team_ids(actor)))
def _team_manager(actor, team) -> bool:
    """A team's managers oversee its members' work (their clocks, their caseloads)."""
    return team.pk in policy.managed_team_ids(actor)


@register("core.task", "allocate", rows=_managed_rows)
def _allocate(actor, task) -> bool:
    """A team's manager allocates the work handed to the team (the model class: any team's queue)."""
    if isinstance(task, type):
        return bool(policy.managed_team_ids(actor))
    return policy.can_allocate_for_team(actor, task.team_id)
