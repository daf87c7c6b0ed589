"""Allocation queues: work waiting for a team manager to give it to a worker, and each worker's caseload."""

from __future__ import annotations

import dataclasses

from django.db.models import Count, Q
from django.utils import timezone

from safeguard.access import records
from safeguard.access.models import Involvement, InvolvementKind
from safeguard.agencies.models import Membership


def team_workers(team) -> list[tuple]:
    """(practitioner, caseload) for each worker in the team who can take work, lightest caseload
    first. Caseload: the children they are allocated to today."""

    from safeguard.agencies.roles import Role

    allocatable = {Role.SOCIAL_WORKER, Role.SOCIAL_WORK_MANAGER, Role.FRONT_DOOR_SOCIAL_WORKER, Role.FRONT_DOOR_MANAGER}
    today = timezone.localdate()
    members = (
        Membership.objects.filter(team=team, role__in=allocatable, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .filter(practitioner__is_active=True)
        .select_related("practitioner")
    )
    workers = {m.practitioner_id: m.practitioner for m in members}
    loads = dict(
        Involvement.objects.active()
        .filter(kind=InvolvementKind.ALLOCATED_WORKER, practitioner_id__in=list(workers))
        .values("practitioner_id")
        .annotate(n=Count("person_id", distinct=True))
        .values_list("practitioner_id", "n")
    )
    rows = [(w, loads.get(pk, 0)) for pk, w in workers.items()]
    return sorted(rows, key=lambda r: (r[1], r[0].last_name, r[0].first_name))


@dataclasses.dataclass
class QueueItem:
    task: object  # one manager's "Allocate" task (the work is the task's source)
    label: str
    children: list
    team: object


def allocation_queue_for(*, actor) -> list[QueueItem]:
    """Work waiting in the queues of the teams the actor manages, soonest due first; one row per
    piece of work (each manager holds an "Allocate" task for it)."""
    from django.db.models import F

    from safeguard.core.models import Task, TaskStatus
    from safeguard.core.work import handoff_for, handoff_kinds

    tasks = (
        records.visible(actor, "allocate", Task.objects.filter(status=TaskStatus.OPEN, kind__in=handoff_kinds()))
        .select_related("team", "person")
        .order_by(F("due_on").asc(nulls_last=True), "created_at")
    )
    seen: set = set()
    items = []
    for task in tasks[:200]:
        key = (task.kind, task.source_type, task.source_id)
        if key in seen:
            continue
        seen.add(key)
        handoff = handoff_for(task.kind)
        items.append(QueueItem(task=task, label=handoff.label, children=handoff.children(task), team=task.team))
    return items

