"""Access to every kind of record, decided in one place: `require(actor, action, record)`.

`policy.decide` answers for a person's record; every other kind of record (contacts, information
requests, triage items, meetings, plans, agreements, challenges, attendances, look-ups, flags, CIN
casework, the statutory returns, duplicates, record enquiries, the directory…) has its own need to
know. The rules live in `safeguard/access/rules/<app>.py`, registered here keyed by the record's kind
(its model label) and a domain-named action, and nowhere else.

- `allows(actor, action, record)`: may they? (for pages choosing what to show)
- `require(actor, action, record)`: the same, raising NotFound when not: a record you may not touch
  answers 404, never 403, so its existence is not revealed. Kinds that follow a person's record
  (the person, a meeting, a plan) answer 403 to someone who sees the record but may not do `action`
  to it; `audit=True` writes a view or export to the audit log against the person.
- `visible(actor, action, queryset)`: the queryset twin, for kinds with a filter (queues and lists).
  Fetch through it (or fetch, then `require`) so a hidden and a missing record answer the same 404.
- `decision(actor, action, record)`: the answer with the reason the audit log records.

A capability that is not about one row (record a contact, search people, review duplicates) is asked
about the kind itself: pass the model class, e.g. `allows(actor, "record", Contact)`. A few kinds are
a whole collection with no model (the statutory returns, the health look-up): they are named by a
`Collection` constant here and asked about in the same way.

RULES is the table the access matrix test reads: every kind and action it knows is tested against
every role, with and without the involvement that opens it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from django.db.models import Model, Q, QuerySet

from safeguard.access import policy
from safeguard.access.errors import Forbidden, NotFound


@dataclasses.dataclass(frozen=True)
class Rule:
    allows: Callable[[object, Model], bool]
    rows: Callable[[object], Q] | None = None  # the same rule as a filter on the record's table
    # For kinds that follow a person's record: the action that means "sees it", so that someone who
    # sees the record but may not do this to it is told so (403) rather than shown a 404.
    seen_as: str | None = None


NOTHING = Q(pk__in=[])
RULES: dict[tuple[str, str], Rule] = {}
# Kinds that follow a person's record -> the people a record of that kind is about (the audit subject).
SUBJECTS: dict[str, Callable[[Model], list]] = {}


@dataclasses.dataclass(frozen=True)
class Collection:
    """A kind of record that is a whole collection, not one row (what an export or a look-up reads)."""

    label: str


STATUTORY_RETURNS = Collection("returns.statutoryreturn")
HEALTH_LOOKUP = Collection("family.healthlookup")  # the status look-up over every child, not one row
AUDIT_LOG = Collection("access.auditlog")
AGGREGATES = Collection("partnership.aggregates")  # counts and rates, no case content
UNOWNED_WORK = Collection("core.unownedwork")  # the partnership-wide count of work nobody owns
ACCOUNTS = Collection("agencies.accounts")  # practitioners' accounts and roles


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


def _signed_in(actor) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False) and actor.is_active


def decision(actor, action: str, record) -> policy.Decision:
    """May they, and why: rules answer a bool or a policy.Decision whose reason the audit log keeps."""
    rule = _rule(kind_of(record), action)
    if not _signed_in(actor):
        return policy.Decision(False, "not signed in")
    answer = rule.allows(actor, record)
    return answer if isinstance(answer, policy.Decision) else policy.Decision(bool(answer), "")


def allows(actor, action: str, record) -> bool:
    return bool(decision(actor, action, record))


def require_decision(actor, action: str, record, *, audit: bool = False, keep: bool = False) -> policy.Decision:
    """As `require`, handing back the decision (its reason goes in the audit entry)."""
    answer = decision(actor, action, record)
    if not answer:
        seen_as = _rule(kind_of(record), action).seen_as
        if seen_as and allows(actor, seen_as, record):
            raise Forbidden(f"You may see this record but not do this to it ({answer.reason}).")
        raise NotFound()
    if audit and action in ("view", "export"):
        _audit(actor, action, record, answer)
    if keep and action == "view" and kind_of(record) == "people.person":
        policy.keep_view_decision(actor, record, answer)
    return answer


def require(actor, action: str, record, *, audit: bool = False, keep: bool = False):
    """The record, if the actor may do `action` to it; NotFound (404) otherwise (Forbidden for a
    kind that follows a person's record, when they see it). `audit=True` logs a view or export;
    `keep=True` (a person read for one request's page) answers that page's later view questions
    about the same instance from this decision (`policy.keep_view_decision`)."""
    require_decision(actor, action, record, audit=audit, keep=keep)
    return record


def visible(actor, action: str, queryset: QuerySet) -> QuerySet:
    """The rows of `queryset` the actor may do `action` to."""
    rule = _rule(kind_of(queryset), action)
    if rule.rows is None:
        raise LookupError(f"access has no filter for {action!r} on {kind_of(queryset)!r}")
    if not _signed_in(actor):
        return queryset.none()
    return queryset.filter(rule.rows(actor))


def rows(actor, kind: str, action: str) -> Q:
    """The filter `visible` applies, for a query that joins the kind from another table (prefix it)."""
    rule = _rule(kind, action)
    if rule.rows is None:
        raise LookupError(f"access has no filter for {action!r} on {kind!r}")
    return rule.rows(actor) if _signed_in(actor) else NOTHING


def register(kind: str, *actions: str, rows: Callable[[object], Q] | None = None, seen_as: str | None = None):
    """Decorator: `fn(actor, record)` decides `actions` on `kind` (rules modules only)."""

    def wrap(fn):
        for action in actions:
            RULES[(kind, action)] = Rule(fn, rows, seen_as)
        return fn

    return wrap


# --- Kinds that follow a person's record --------------------------------------------------------


def about_people(kind: str, people: Callable[[Model], list], **actions: policy.Action) -> None:
    """Register `kind` as following the record of the people `people(record)` names: each action is
    allowed when the policy allows the matching action on one of them (one is enough)."""
    SUBJECTS[kind] = people
    for name, needed in actions.items():

        def rule(actor, record, needed=needed) -> policy.Decision:
            refused = policy.Decision(False, "no need to know about the child")
            for person in people(record):
                answer = policy.decide(actor, person, needed)
                if answer:
                    return answer
                refused = answer
            return refused

        seen_as = None if needed == policy.Action.VIEW or "view" not in actions else "view"
        RULES[(kind, name)] = Rule(rule, None, seen_as)


def subject_of(actor, action: str, record, people=None):
    """The person on whose record the actor was allowed `action` (the person the audit entry names).
    `people`: the record's people, when the caller has read them already."""
    people = SUBJECTS[kind_of(record)](record) if people is None else people
    if len(people) == 1:
        return people[0]  # the one person either way: no second access decision (its queries) needed
    needed = {"view": policy.Action.VIEW, "export": policy.Action.EXPORT}.get(action, policy.Action.CHANGE)
    return next((p for p in people if policy.decide(actor, p, needed)), people[0] if people else None)


def audit_decision(actor, action: str, record, answer: policy.Decision, *, naming=()) -> None:
    """Log a view or export `require_decision` allowed, naming too the other people the page shows
    (a diagram's family, a network's children) in the same one entry: for a page that can only say
    whom it shows once it has read them, after the decision."""
    if action in ("view", "export"):
        _audit(actor, action, record, answer, naming=naming)


def _audit(actor, action: str, record, answer: policy.Decision, naming=()) -> None:
    from safeguard.access.audit import audit_record
    from safeguard.access.models import AuditAction

    if kind_of(record) not in SUBJECTS:
        return
    people = SUBJECTS[kind_of(record)](record)
    person = subject_of(actor, action, record, people)
    audit_record(
        actor=actor,
        action=AuditAction.VIEW if action == "view" else AuditAction.EXPORT,
        object_type="people.person",
        object_id=str(person.pk),
        person=person,
        purpose=answer.reason,
        # A record about several children (a strategy discussion) shows them all: the one entry
        # names each, so "who has looked at this child" finds it from any of them.
        people=[person, *people, *naming] if len(people) > 1 or naming else (),
    )


from safeguard.access import rules as _rules  # noqa: E402,F401  (registers every app's rules)
from safeguard.access.rules.frontdoor import contact_scope, contributes_to  # noqa: E402,F401
