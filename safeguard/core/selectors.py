"""Reads of the shared kernel: a practitioner's tasks."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from safeguard.core.models import Task, TaskStatus


def open_tasks_for(*, actor) -> QuerySet[Task]:
    """Tasks assigned to the practitioner or to one of their teams, soonest due first."""
    return (
        Task.objects.filter(status=TaskStatus.OPEN)
        .filter(Q(assignee=actor) | Q(assignee__isnull=True, team_id__in=actor.team_ids))
        .select_related("person", "team")
        .order_by("due_on", "created_at")
    )
