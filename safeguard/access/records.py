"""Access to records other than a person's, decided in one place: `require(actor, action, record)`.

`policy.decide` answers for a person's record. Contacts, information requests, actions, attendances,
assessments, GP notifications, challenges and reconvening reviews each have their own need-to-know
(the team holding the contact, the clinician who saw the adult, the owner of an action); those rules
live here, keyed by the record's kind (its model label) and a domain-named action, and nowhere else.

- `allows(actor, action, record)`: may they? (for pages choosing what to show)
- `require(actor, action, record)`: the same, raising NotFound when not: a record you may not touch
  answers 404, never 403, so its existence is not revealed.
- `visible(actor, action, queryset)`: the queryset twin, for kinds with a filter (queues and lists).
- `decision(actor, action, record)`: the answer with the reason the audit log records.

A few kinds are a whole collection rather than a row (the statutory returns): they are named by a
`Collection` constant here and asked about in the same way.

RULES is the table the access matrix test reads: every kind and action it knows is tested against
every role, with and without the involvement that opens it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from django.db.models import Model, Q, QuerySet

from safeguard.access import policy
from safeguard.access.errors import NotFound


@dataclasses.dataclass(frozen=True)
class Rule:
    allows: Callable[[object, Model], bool]
    rows: Callable[[object], Q] | None = None  # the same rule as a filter on the record's table


NOTHING = Q(pk__in=[])
RULES: dict[tuple[str, str], Rule] = {}


@dataclasses.dataclass(frozen=True)
class Collection:
    """A kind of record that is a whole collection, not one row (what an export or a look-up reads)."""

    label: str


STATUTORY_RETURNS = Collection("returns.statutoryreturn")


def kind_of(record: Model | type[Model] | QuerySet | Collection) -> str:
    if isinstance(record, Collection):
        return record.label
    model = record.model if isinstance(record, QuerySet) else record
    return model._meta.label_lower


def _rule(kind: str, action: str) -> Rule:
    try:
        return RULES[(kind, action)]
    except KeyError:
        raise LookupError(f"access has no rule for {action!r} on {kind!r}") from None


def decision(actor, action: str, record) -> policy.Decision:
    """May they, and why: rules answer a bool or a policy.Decision whose reason the audit log keeps."""
    rule = _rule(kind_of(record), action)
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return policy.Decision(False, "not signed in")
    answer = rule.allows(actor, record)
    return answer if isinstance(answer, policy.Decision) else policy.Decision(bool(answer), "")


def allows(actor, action: str, record) -> bool:
    return bool(decision(actor, action, record))


def require(actor, action: str, record):
    """The record, if the actor may do `action` to it; NotFound (404) otherwise."""
    if not allows(actor, action, record):
        raise NotFound()
    return record


def require_decision(actor, action: str, record) -> policy.Decision:
    """As `require`, handing back the decision (its reason goes in the audit entry)."""
    answer = decision(actor, action, record)
    if not answer:
        raise NotFound()
    return answer


def visible(actor, action: str, queryset: QuerySet) -> QuerySet:
    """The rows of `queryset` the actor may do `action` to."""
    rule = _rule(kind_of(queryset), action)
    if rule.rows is None:
        raise LookupError(f"access has no filter for {action!r} on {kind_of(queryset)!r}")
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return queryset.none()
    return queryset.filter(rule.rows(actor))


def _register(kind: str, *actions: str, rows: Callable[[object], Q] | None = None):
    def wrap(fn):
        for action in actions:
            RULES[(kind, action)] = Rule(fn, rows)
        return fn

    return wrap


# --- Front door contacts and information requests (safeguard.frontdoor) ---------------------------


def _front_door_rows(actor) -> Q:
    return Q(team_id__in=actor.team_ids) if policy.is_front_door(actor) else NOTHING


@_register("frontdoor.contact", "work", rows=_front_door_rows)
def front_door_holds(actor, contact) -> bool:
    """Front door staff in the team holding the contact: screen, ask, decide."""
    return policy.is_front_door(actor) and contact.team_id in actor.team_ids


def _asked_about(actor, contact) -> bool:
    return policy.sees_case_content(actor) and contact.information_requests.filter(team_id__in=actor.team_ids).exists()


@_register("frontdoor.contact", "contribute")
def contributes_to(actor, contact) -> bool:
    """Front door staff, and partner teams asked for information about this contact (threshold views)."""
    return front_door_holds(actor, contact) or _asked_about(actor, contact)


def contact_scope(actor, contact) -> str:
    """How much of a contact the actor sees: 'front_door' (all of it), 'partner' (asked for information),
    'referrer' (the practitioner who recorded it), or '' (nothing)."""
    if front_door_holds(actor, contact):
        return "front_door"
    if _asked_about(actor, contact):
        return "partner"
    if policy.sees_case_content(actor) and contact.recorded_by_id == actor.pk:
        return "referrer"
    return ""


@_register("frontdoor.contact", "view")
def _contact_view(actor, contact) -> bool:
    return bool(contact_scope(actor, contact))


@_register("frontdoor.triageitem", "contribute")
def _triage_contribute(actor, item) -> bool:
    """Agencies at the domestic abuse triage meeting add what they know to an item on its agenda."""
    return policy.can_attend_triage(actor) and item.meeting_id is not None


@_register("frontdoor.triageitem", "decide")
def _triage_decide(actor, item) -> bool:
    """The front door chairs the meeting and decides each item on its agenda."""
    return _triage_contribute(actor, item) and policy.can_chair_triage(actor)


@_register("frontdoor.triagemeeting", "close")
def _triage_close(actor, meeting) -> bool:
    return policy.can_chair_triage(actor)


def _holder_rows(actor) -> Q:
    return Q(team_id__in=actor.team_ids) if policy.sees_case_content(actor) else NOTHING


@_register("frontdoor.informationrequest", "answer", rows=_holder_rows)
def holds_request(actor, request) -> bool:
    """The team asked: its members answer."""
    return policy.sees_case_content(actor) and request.team_id in actor.team_ids


@_register("frontdoor.informationrequest", "view")
def _request_view(actor, request) -> bool:
    """The team asked, and the front door team that asked."""
    return holds_request(actor, request) or front_door_holds(actor, request.contact)


# --- Health settings (safeguard.family) -----------------------------------------------------------


def _clinician_rows(actor) -> Q:
    return Q(clinician_id=actor.pk)


@_register("family.adultattendance", "view", "decide", rows=_clinician_rows)
def _attending_clinician(actor, attendance) -> bool:
    """Only the clinician who saw the adult (the record names the children living with them)."""
    return attendance.clinician_id == actor.pk


@_register("family.sexualhealthassessment", "view", "refer", rows=_clinician_rows)
def _assessing_clinician(actor, assessment) -> bool:
    """Only the practitioner who assessed the young person."""
    return assessment.clinician_id == actor.pk


@_register("family.riskflag", "view")
def _flag_view(actor, flag) -> bool:
    return policy.can_see_risk_flags(actor, flag.person)


@_register("family.riskflag", "end")
def _flag_end(actor, flag) -> bool:
    return policy.can_record_risk_flags(actor, flag.person)


@_register("family.pregnancy", "view")
def _pregnancy_view(actor, pregnancy) -> bool:
    """Whoever may see the mother's record."""
    return bool(policy.decide(actor, pregnancy.mother, policy.Action.VIEW))


@_register("family.gpnotification", "acknowledge")
def _practice_acknowledges(actor, notification) -> bool:
    return policy.can_acknowledge_gp_notification(actor, notification.practice_id)


@_register("family.gpnotification", "view")
def _notification_view(actor, notification) -> bool:
    return policy.can_view_gp_notification(actor, notification)


# --- Protection (safeguard.protection) -------------------------------------------------------------


@_register("protection.action", "complete")
def _action_complete(actor, action) -> bool:
    """The person an action was given to marks it done (while they still see the child); so may anyone
    who may change the child's record."""
    needed = policy.Action.VIEW if action.owner_id == actor.pk else policy.Action.CHANGE
    return bool(policy.decide(actor, action.child, needed))


@_register("protection.reconvenereview", "decide")
def _review_decider(actor, review) -> bool:
    """The child's lead social worker or conference chair (who must still see the child), or anyone
    who may change the child's record."""
    from safeguard.protection import selectors  # the lead and chair are facts of the protection app

    deciders = {getattr(selectors.lead_social_worker(review.child), "pk", None)}
    deciders.add(getattr(selectors.conference_chair(review.child), "pk", None))
    action = policy.Action.VIEW if actor.pk in deciders else policy.Action.CHANGE
    return bool(policy.decide(actor, review.child, action))


# --- Professional challenges (safeguard.challenges) ------------------------------------------------


@_register("challenges.professionalchallenge", "take_part")
def _challenge_party(actor, challenge) -> bool:
    """The raiser and anyone who has owned a stage see the challenge without seeing the child's record."""
    if not policy.sees_case_content(actor):
        return False
    if actor.pk in {challenge.raised_by_id, challenge.owner_id}:
        return True
    return challenge.steps.filter(owner_id=actor.pk).exists()


@_register("challenges.professionalchallenge", "view")
def _challenge_view(actor, challenge) -> bool:
    """The parties, and those who can see the child."""
    return _challenge_party(actor, challenge) or bool(policy.decide(actor, challenge.person, policy.Action.VIEW))


@_register("challenges.professionalchallenge", "respond")
def _challenge_respond(actor, challenge) -> bool:
    """Reach the response: the stage's owner, or anyone who can see the child."""
    return challenge.owner_id == actor.pk or bool(policy.decide(actor, challenge.person, policy.Action.VIEW))


@_register("challenges.professionalchallenge", "record_outcome")
def _challenge_record_outcome(actor, challenge) -> bool:
    """Record a stage's outcome: its owner, the raiser, or anyone who may change the child's record."""
    return actor.pk in {challenge.owner_id, challenge.raised_by_id} or bool(
        policy.decide(actor, challenge.person, policy.Action.CHANGE)
    )


@_register("challenges.professionalchallenge", "withdraw")
def _challenge_withdraw(actor, challenge) -> bool:
    """Only the practitioner who raised a challenge withdraws it."""
    return challenge.raised_by_id == actor.pk


# --- Children in need casework (safeguard.cin) ----------------------------------------------------
# Children's social care with need to know about the child; others involved (a school, a GP) do not
# see this casework. Episodes, assessments and plans follow the child's record.


@_register("people.person", "view_cin")
def _cin_view_child(actor, child) -> policy.Decision:
    """The child's episodes, assessments, plans and census characteristics."""
    return policy.can_view_cin(actor, child)


@_register("people.person", "record_cin")
def _cin_record_child(actor, child) -> policy.Decision:
    """Open episodes, record census characteristics (UPN, ethnicity, disabilities)."""
    return policy.can_record_cin(actor, child)


@_register("cin.cinepisode", "view")
def _episode_view(actor, episode) -> policy.Decision:
    return policy.can_view_cin(actor, episode.child)


@_register("cin.cinepisode", "close", "start_plan")
def _episode_change(actor, episode) -> policy.Decision:
    return policy.can_record_cin(actor, episode.child)


@_register("frontdoor.assessment", "view")
def _assessment_view(actor, assessment) -> policy.Decision:
    return policy.can_view_cin(actor, assessment.person)


@_register("frontdoor.assessment", "record_findings")
def _assessment_record(actor, assessment) -> policy.Decision:
    """What the assessment found, and its authorisation (once authorised it is not changed)."""
    return policy.can_record_cin(actor, assessment.person)


@_register("cin.cinplan", "view")
def _plan_view(actor, plan) -> policy.Decision:
    return policy.can_view_cin(actor, plan.child)


@_register("cin.cinplan", "end")
def _plan_end(actor, plan) -> policy.Decision:
    return policy.can_record_cin(actor, plan.child)


# --- Statutory returns (safeguard.returns) ----------------------------------------------------------
# Child-level data about every child in need: only the performance and data team. Never edited.


@_register(STATUTORY_RETURNS.label, "view")
def _returns_view(actor, _returns) -> policy.Decision:
    """The pre-submission checks report, which names children."""
    return policy.statutory_returns(actor, policy.Action.VIEW)


@_register(STATUTORY_RETURNS.label, "export")
def _returns_export(actor, _returns) -> policy.Decision:
    """The CIN census XML and the Annex A workbook."""
    return policy.statutory_returns(actor, policy.Action.EXPORT)


# --- Protection meetings, plans and agreements (safeguard.protection) -----------------------------
# Each follows the record of the child it is about: whoever may see the child sees it, whoever may
# change the child's record acts on it. A strategy discussion may be about several children: one is
# enough. SUBJECTS names the child each decision was made on, for the audit entry.

SUBJECTS: dict[str, Callable[[Model], list]] = {}


def _about_children(kind: str, children: Callable[[Model], list], **actions: policy.Action) -> None:
    SUBJECTS[kind] = children
    for name, needed in actions.items():

        def rule(actor, record, needed=needed) -> policy.Decision:
            refused = policy.Decision(False, "no need to know about the child")
            for child in children(record):
                answer = policy.decide(actor, child, needed)
                if answer:
                    return answer
                refused = answer
            return refused

        RULES[(kind, name)] = Rule(rule)


def subject_of(actor, action: str, record):
    """The child on whose record the actor was allowed `action` (the person the audit entry names)."""
    needed = policy.Action.VIEW if action in {"view", "export"} else policy.Action.CHANGE
    if action == "export":
        needed = policy.Action.EXPORT
    children = SUBJECTS[kind_of(record)](record)
    return next((c for c in children if policy.decide(actor, c, needed)), children[0] if children else None)


def _the_child(record) -> list:
    return [record.child]


_about_children(
    "protection.strategydiscussion", lambda d: list(d.children.all()),
    view=policy.Action.VIEW, update=policy.Action.CHANGE, record_outcome=policy.Action.CHANGE,
)  # fmt: skip
_about_children("protection.conference", _the_child, view=policy.Action.VIEW, chair=policy.Action.CHANGE)
_about_children("protection.coregroup", lambda g: [g.plan.child], view=policy.Action.VIEW)
_about_children(
    "protection.plan", _the_child,
    view=policy.Action.VIEW, add_outcome=policy.Action.CHANGE, record_visit=policy.Action.CHANGE,
    finalise=policy.Action.CHANGE, hold_core_group=policy.Action.CHANGE,
)  # fmt: skip
_about_children(
    "protection.writtenagreement", _the_child,
    view=policy.Action.VIEW, export=policy.Action.EXPORT, edit=policy.Action.CHANGE,
)  # fmt: skip
_about_children("protection.section47enquiry", _the_child, view=policy.Action.VIEW, record=policy.Action.CHANGE)
_about_children("protection.action", _the_child, view=policy.Action.VIEW)
_about_children("protection.reconvenereview", _the_child, view=policy.Action.VIEW)
