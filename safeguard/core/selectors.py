"""Reads of the shared kernel: a practitioner's tasks, and "Your work" grouped by child."""

from __future__ import annotations

import dataclasses
from datetime import date

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from safeguard.core.models import Task, TaskStatus

YOUR_WORK_LIMIT = 300


def _mine(actor) -> Q:
    return Q(assignee=actor) | Q(assignee__isnull=True, team_id__in=actor.team_ids)


def open_tasks_for(*, actor) -> QuerySet[Task]:
    """Tasks assigned to the practitioner or waiting in one of their teams' queues, soonest due first."""
    return (
        Task.objects.filter(status=TaskStatus.OPEN)
        .filter(_mine(actor))
        .select_related("person", "team")
        .order_by(F("due_on").asc(nulls_last=True), "created_at")
    )


@dataclasses.dataclass
class WorkGroup:
    """The open tasks about one child (or about no one child), most pressing first."""

    person: object | None
    tasks: list[Task]
    overdue: int

    @property
    def first_due(self) -> date | None:
        return self.tasks[0].due_on if self.tasks else None


def _sort_key(task: Task, today: date) -> tuple:
    overdue = task.due_on is not None and task.due_on < today
    return (not overdue, not task.urgent, task.due_on or date.max, task.created_at)


def your_work(*, actor, today: date | None = None) -> tuple[list[WorkGroup], int, bool]:
    """(groups, total overdue, more than shown). Groups with overdue work come first, then by the
    soonest due task; within a group, overdue and urgent tasks first, then by due date."""
    today = today or timezone.localdate()
    tasks = list(open_tasks_for(actor=actor)[: YOUR_WORK_LIMIT + 1])
    more = len(tasks) > YOUR_WORK_LIMIT
    tasks = tasks[:YOUR_WORK_LIMIT]
    groups: dict = {}
    for task in sorted(tasks, key=lambda t: _sort_key(t, today)):
        group = groups.get(task.person_id)
        if group is None:
            group = groups[task.person_id] = WorkGroup(person=task.person, tasks=[], overdue=0)
        group.tasks.append(task)
        if task.due_on is not None and task.due_on < today:
            group.overdue += 1
    # Dict order is the order of each group's most pressing task, so overdue groups lead.
    ordered = list(groups.values())
    return ordered, sum(g.overdue for g in ordered), more
