"""Significant events in a child's life that may change the protection picture, recorded by
hand or from another app's signal."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from safeguard.access import records
from safeguard.access.models import AuditAction
from safeguard.core import clock
from safeguard.core.inputs import date_problem
from safeguard.core.models import EventType
from safeguard.core.services import chronology_event_record, new_information_raise, source_ref
from safeguard.people.models import Person
from safeguard.protection import rules
from safeguard.protection.inputs.casework import (
    EVENT_DATE_REQUIRED,
    EVENT_SUMMARY_MIN_CHARS,
    EVENT_SUMMARY_REQUIRED,
    SIGNIFICANT_EVENT,
    SIGNIFICANT_EVENT_ORDER,
)
from safeguard.protection.models import ReconveneReview, SignificantEvent
from safeguard.protection.validation import EVENT_PEOPLE_REQUIRED, EVENT_TYPE_REQUIRED

from .common import _add, _audit, _raise, _text
from .reconvene import _review_tasks

SIGNIFICANT_EVENT_TYPES = frozenset(SIGNIFICANT_EVENT_ORDER)


# Events after which the worker's manager is told as well, the same day.
URGENT_EVENT_TYPES = frozenset(
    {EventType.MISSING_EPISODE, EventType.DISCLOSURE, EventType.DOMESTIC_ABUSE_INCIDENT, EventType.ED_ATTENDANCE}
)


def _apply_significant_event(*, actor, event_type, people, occurred_on, summary, source=None) -> SignificantEvent:
    source_type, source_id = source_ref(source)
    event = SignificantEvent.objects.create(
        event_type=event_type,
        occurred_on=occurred_on,
        summary=summary[:500],
        recorded_by=actor,
        agency=getattr(actor, "primary_agency", None) if actor else None,
        source_type=source_type,
        source_id=source_id,
    )
    event.people.set(people)
    label = EventType(event_type).label if event_type in EventType.values else event_type
    today = timezone.localdate()
    reconsidered: set = set()
    for child in rules.children_to_reconsider(people, on=today):
        already = (
            source is not None
            and child.chronology.filter(event_type=event_type, source_type=source_type, source_id=source_id).exists()
        )
        if not already:
            chronology_event_record(
                person=child,
                event_type=event_type,
                occurred_on=occurred_on,
                summary=f"{label}: {summary}",
                actor=actor,
                source=source or event,
            )
        review = ReconveneReview.objects.create(
            child=child,
            event=event,
            raised_on=today,
            escalate_after=clock.reconvene_request_escalation_due(today),
        )
        _review_tasks(review, f"Consider reconvening: {label.lower()}")
        reconsidered.add(child.pk)
    # Anyone else the event is about who has a worker hears of it (those above already have their
    # "consider reconvening" task: one task for one piece of news).
    for person in people:
        if person.pk not in reconsidered:
            new_information_raise(
                person=person,
                what=f"{label.lower()}: {summary}"[:200],
                source=source or event,
                actor=actor,
                urgent=event_type in URGENT_EVENT_TYPES,
            )
    _audit(
        actor,
        AuditAction.CREATE,
        event,
        None,
        "recorded a significant event",
        {"event_type": event_type, "people": [str(p.pk) for p in people]},
    )
    return event


@transaction.atomic
def significant_event_record(
    *, actor, event_type: str, people: list[Person], occurred_on: date | None, summary: str, source=None
) -> SignificantEvent:
    """Any agency records an event that may change the risk to children. It goes on the chronology
    of every linked child with an open enquiry or plan, and raises 'consider reconvening'."""
    errors: dict = {}
    if event_type not in SIGNIFICANT_EVENT_TYPES:
        _add(errors, "event_type", EVENT_TYPE_REQUIRED)
    if not people:
        _add(errors, "person_ids", EVENT_PEOPLE_REQUIRED)
    if not isinstance(occurred_on, date):
        _add(errors, "occurred_on", EVENT_DATE_REQUIRED)
    elif problem := date_problem(occurred_on, what=SIGNIFICANT_EVENT.fields["occurred_on"].what, past=True):
        _add(errors, "occurred_on", problem)
    if len(_text(summary)) < EVENT_SUMMARY_MIN_CHARS:
        _add(errors, "summary", EVENT_SUMMARY_REQUIRED)
    _raise(errors)
    for person in people:
        records.require(actor, "view", person)
    return _apply_significant_event(
        actor=actor,
        event_type=event_type,
        people=people,
        occurred_on=occurred_on,
        summary=_text(summary),
        source=source,
    )


def significant_event_from_signal(*, event_type, people, occurred_on, summary, actor=None, source=None):
    """Another app (police bail, births) recorded the event and authorised it; apply the same rule."""
    with transaction.atomic():
        return _apply_significant_event(
            actor=actor,
            event_type=event_type,
            people=list(people),
            occurred_on=occurred_on,
            summary=_text(summary),
            source=source,
        )
