"""Writes to the shared kernel. Callers are other services, already inside their transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import IntegrityError, models, transaction
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


def task_key(*, kind: str, subject) -> str:
    """What makes two tasks "the same thing": the kind of work and what it is about."""
    if isinstance(subject, models.Model):
        label, pk = source_ref(subject)
        return f"{kind}|{label}:{pk}"[:200]
    return f"{kind}|{subject}"[:200]


def _open_task(key: str, owner: dict) -> Task | None:
    return Task.objects.filter(dedupe_key=key, status=TaskStatus.OPEN, **owner).first()


def task_raise(
    *,
    kind: str,
    title: str,
    due_on: date | None,
    assignee=None,
    team=None,
    person=None,
    source: models.Model | None = None,
    subject=None,
    urgent: bool = False,
) -> Task:
    """Put work in front of a named practitioner (or a team's queue), once.

    If the owner already has an open task of this kind about the same subject (by default: the
    source record and the person), that task is returned and nothing new is raised. A concurrent
    raise of the same task loses the race on the database's unique constraint and returns the
    winner's task, so two look-ups at once still make one task.
    """
    if assignee is None and team is None:
        raise ValueError("A task needs an owner: a practitioner or a team")
    source_type, source_id = source_ref(source)
    if subject is None:
        subject = f"{source_type}:{source_id}|{getattr(person, 'pk', '')}"
    key = task_key(kind=kind, subject=subject)
    owner = {"assignee": assignee} if assignee is not None else {"assignee__isnull": True, "team": team}
    existing = _open_task(key, owner)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Task.objects.create(
                kind=kind,
                title=title[:300],
                due_on=due_on,
                assignee=assignee,
                team=team,
                person=person,
                source_type=source_type,
                source_id=source_id,
                dedupe_key=key,
                urgent=urgent,
            )
    except IntegrityError:
        existing = _open_task(key, owner)
        if existing is None:
            raise
        return existing


# The name earlier services use; every task is raised through task_raise.
task_create = task_raise


def task_complete(*, task: Task, outcome: str = "") -> Task:
    task.status = TaskStatus.DONE
    task.outcome = outcome[:2000]
    task.completed_at = timezone.now()
    task.save(update_fields=["status", "outcome", "completed_at"])
    return task


def tasks_complete_for(
    *,
    source: models.Model | None = None,
    source_type: str = "",
    source_id: str = "",
    kinds: Iterable[str] = (),
    person=None,
    assignee=None,
    outcome: str = "",
) -> int:
    """The work is done: close every open task it answers (never leave one stale). Returns how many.

    Select by the source record (or its type and id; optionally kinds), or by kinds about a person
    (optionally only one practitioner's)."""
    tasks = Task.objects.filter(status=TaskStatus.OPEN)
    if source is not None:
        source_type, source_id = source_ref(source)
    if source_type:
        tasks = tasks.filter(source_type=source_type, source_id=source_id)
    elif person is None:
        raise ValueError("Say which tasks the work answers: a source record or a person")
    kinds = list(kinds)
    if kinds:
        tasks = tasks.filter(kind__in=kinds)
    if person is not None:
        tasks = tasks.filter(person=person)
    if assignee is not None:
        tasks = tasks.filter(assignee=assignee)
    return tasks.update(status=TaskStatus.DONE, outcome=outcome[:2000], completed_at=timezone.now())


# --- New information reaches the worker ----------------------------------------------------------

NEW_INFORMATION = "new_information"


def _workers_for_new_information(person) -> tuple[list, list]:
    """(allocated practitioners, teams holding an open episode) for the person, as access records them."""
    from safeguard.access.models import Involvement, InvolvementKind

    rows = list(
        Involvement.objects.active()
        .filter(person=person, kind__in=[InvolvementKind.ALLOCATED_WORKER, InvolvementKind.TEAM_EPISODE])
        .select_related("practitioner", "team")
    )
    workers = {
        r.practitioner_id: r.practitioner
        for r in rows
        if r.kind == InvolvementKind.ALLOCATED_WORKER and r.practitioner_id
    }
    teams = {r.team_id: r.team for r in rows if r.kind == InvolvementKind.TEAM_EPISODE and r.team_id}
    return [w for w in workers.values() if w.is_active], list(teams.values())


def _managers_of(practitioner) -> list:
    from django.db.models import Q

    from safeguard.agencies.models import Membership
    from safeguard.agencies.roles import MANAGER_ROLES

    today = timezone.localdate()
    rows = (
        Membership.objects.filter(team_id__in=practitioner.team_ids, role__in=MANAGER_ROLES, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .exclude(practitioner=practitioner)
        .filter(practitioner__is_active=True)
        .select_related("practitioner")
    )
    return list({m.practitioner_id: m.practitioner for m in rows}.values())


def new_information_raise(
    *, person, what: str, source: models.Model | None = None, urgent: bool = False, actor=None, due_on=None
) -> list[Task]:
    """Something new is known about a person someone is working with: tell them, once.

    The allocated worker gets ONE open "new information" task per child (further news while it is
    open updates it rather than adding another); with no allocated worker, the team holding the
    child's episode gets it in its queue. When urgent, the worker's manager is told as well. The
    practitioner who recorded the information is not told about their own entry. The task leads
    to the child's record, where the new entries are shown, and closes when they open it.
    """
    from safeguard.access import records
    from safeguard.core import clock

    workers, teams = _workers_for_new_information(person)
    owners: list[tuple] = [(w, None) for w in workers if actor is None or w.pk != actor.pk]
    if not workers:
        owners += [(None, t) for t in teams if actor is None or t.pk not in getattr(actor, "team_ids", ())]
    if urgent:
        managers = {m.pk: m for w in workers for m in _managers_of(w)}
        owners += [
            (m, None)
            for m in managers.values()
            if (actor is None or m.pk != actor.pk) and records.allows(m, "view", person)
        ]
    today = timezone.localdate()
    due_on = due_on or (today if urgent else clock.next_working_day(today))
    tasks = []
    for assignee, team in owners:
        task = task_raise(
            kind=NEW_INFORMATION,
            title=f"New information about {person.full_name}: {what}",
            due_on=due_on,
            assignee=assignee,
            team=team,
            person=person,
            source=source,
            subject=f"person:{person.pk}",
            urgent=urgent,
        )
        source_type, source_id = source_ref(source)
        if (task.source_type, task.source_id) != (source_type, source_id):
            # Already told and not yet read: the one task now leads to the newest information too.
            task.title = f"New information about {person.full_name}: {what} (and earlier news)"[:300]
            task.source_type, task.source_id = source_type, source_id
            task.urgent = task.urgent or urgent
            task.due_on = min(d for d in (task.due_on, due_on) if d is not None) if task.due_on or due_on else None
            task.save(update_fields=["title", "source_type", "source_id", "urgent", "due_on"])
        tasks.append(task)
    return tasks


def new_information_seen(*, actor, person) -> list[Task]:
    """The worker opened the child's record, where the new entries are shown: their task is done."""
    from django.db.models import Q

    tasks = list(
        Task.objects.filter(kind=NEW_INFORMATION, person=person, status=TaskStatus.OPEN).filter(
            Q(assignee=actor) | Q(assignee__isnull=True, team_id__in=actor.team_ids)
        )
    )
    for task in tasks:
        task_complete(task=task, outcome="Read on the child's record")
    return tasks


# --- Hand-offs ------------------------------------------------------------------------------------


def team_managers(team) -> list:
    """Practitioners who manage the team today (front door or social work team manager roles)."""
    from django.db.models import Q

    from safeguard.agencies.models import Membership
    from safeguard.agencies.roles import MANAGER_ROLES

    today = timezone.localdate()
    rows = (
        Membership.objects.filter(team=team, role__in=MANAGER_ROLES, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .filter(practitioner__is_active=True)
        .select_related("practitioner")
        .order_by("practitioner_id")
    )
    return list({m.practitioner_id: m.practitioner for m in rows}.values())


def handoff_raise(*, kind: str, title: str, team, children: list, due_on, source: models.Model) -> list[Task]:
    """Pass work to a team: it waits in the team's allocation queue, on its own clock, until a
    manager allocates it. Until then it is on each team manager's "Your work" (or, with no manager,
    in the team's queue), and the team holds the children's episode so it may see them.

    Raised once: handing the same work on again returns the open allocation task."""
    from safeguard.access.models import InvolvementKind
    from safeguard.access.services import involvement_grant

    for child in children:
        involvement_grant(person=child, kind=InvolvementKind.TEAM_EPISODE, team=team, source=source)
    person = children[0] if children else None
    managers = team_managers(team)
    owners = [{"assignee": m, "team": team} for m in managers] or [{"team": team}]
    return [
        task_raise(kind=kind, title=title, due_on=due_on, person=person, source=source, subject=source, **owner)
        for owner in owners
    ]
