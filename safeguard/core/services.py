"""Writes to the shared kernel. Callers are other services, already inside their transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import models
from django.utils import timezone

from safeguard.core.models import ChronologyEvent, Task, TaskStatus


def source_ref(record: models.Model | None) -> tuple[str, str]:
    """("app_label.model", "pk") for linking an event or task back to the record it came from."""
    if record is None:
        return "", ""
    return record._meta.label_lower, str(record.pk)


def chronology_event_record(
    *,
    person,
    event_type: str,
    occurred_on: date,
    summary: str,
    actor=None,
    agency=None,
    source: models.Model | None = None,
) -> ChronologyEvent:
    source_type, source_id = source_ref(source)
    if agency is None and actor is not None:
        agency = getattr(actor, "primary_agency", None)
    return ChronologyEvent.objects.create(
        person=person,
        event_type=event_type,
        occurred_on=occurred_on,
        summary=summary[:500],
        recorded_by=actor,
        agency=agency,
        source_type=source_type,
        source_id=source_id,
    )


def chronology_events_record(*, people: Iterable, **kwargs) -> list[ChronologyEvent]:
    """The same event on several people's chronologies (e.g. every child in a household)."""
    return [chronology_event_record(person=p, **kwargs) for p in people]


def task_create(
    *,
    kind: str,
    title: str,
    due_on: date | None,
    assignee=None,
    team=None,
    person=None,
    source: models.Model | None = None,
) -> Task:
    source_type, source_id = source_ref(source)
    return Task.objects.create(
        kind=kind,
        title=title,
        due_on=due_on,
        assignee=assignee,
        team=team,
        person=person,
        source_type=source_type,
        source_id=source_id,
    )


def task_complete(*, task: Task, outcome: str = "") -> Task:
    task.status = TaskStatus.DONE
    task.outcome = outcome
    task.completed_at = timezone.now()
    task.save(update_fields=["status", "outcome", "completed_at"])
    return task
