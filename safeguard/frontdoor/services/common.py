"""Helpers every front door write uses: auditing, the people a contact names, the front door team
and its membership check, and request fingerprints for idempotency."""

from __future__ import annotations

import hashlib
import json

from safeguard.access.audit import audit_record
from safeguard.agencies.models import Team
from safeguard.frontdoor.codes import (
    CHILD_ROLES,
    Outcome,
)
from safeguard.frontdoor.models import (
    Contact,
)
from safeguard.people.models import Person

NFA_OUTCOMES = frozenset({Outcome.NO_FURTHER_ACTION, Outcome.ADVICE})


def _audit(*, actor, action, record, purpose, people=(), detail=None) -> None:
    """One entry per person the record is about (so each child's access log shows it), or one entry."""
    people = [p for p in people if p is not None]
    for person in people or [None]:
        audit_record(actor=actor, action=action, record=record, person=person, purpose=purpose, detail=detail)


def linked_people(contact: Contact, *, children_only: bool = False) -> list[Person]:
    seen: dict = {}
    for subject in contact.subjects.select_related("person"):
        if subject.person is not None and (not children_only or subject.role in CHILD_ROLES):
            seen[subject.person.pk] = subject.person
    return list(seen.values())


def default_front_door_team() -> Team | None:
    return Team.objects.filter(is_front_door=True).order_by("pk").first()


def _fingerprint(payload: dict) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()
