"""Reads of the shared kernel: a practitioner's tasks, and "Your work" grouped by child."""

from __future__ import annotations

import dataclasses
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from safeguard.core.models import Task, TaskStatus

#: Tasks on one page of "Your work" (a front door team's queue holds one per open contact).
YOUR_WORK_PAGE_SIZE = 50


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


@dataclasses.dataclass
class YourWork:
    """One page of a practitioner's open tasks, grouped by child, with the counts of all of them."""

    groups: list[WorkGroup]
    total: int
    overdue: int
    page: Page


def _pressing_first(tasks: QuerySet[Task], today: date) -> QuerySet[Task]:
    """Overdue first, then urgent, then soonest due (no date last), oldest first: the order in which
    work should be done, in SQL so that a page of it is one LIMIT/OFFSET query."""
    return tasks.annotate(
        not_overdue=Case(When(due_on__lt=today, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("not_overdue", "-urgent", F("due_on").asc(nulls_last=True), "created_at", "pk")


def your_work(*, actor, today: date | None = None, page: object = 1, size: int = YOUR_WORK_PAGE_SIZE) -> YourWork:
    """A page of the practitioner's open tasks, most pressing first, grouped by child in that order
    (a child with overdue work leads, with all their tasks on the page under them); the counts cover
    every open task. Two queries whatever the number of tasks: one aggregate, one page."""
    today = today or timezone.localdate()
    mine = Task.objects.filter(status=TaskStatus.OPEN).filter(_mine(actor))
    counts = mine.aggregate(total=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
    paginator = Paginator(_pressing_first(mine, today).values("pk"), size)
    paginator.count = counts["total"]  # known already: no second COUNT(*)
    shown = paginator.get_page(page)
    # The page's keys are chosen from the tasks alone (a subquery), and only the tasks shown are
    # joined to their child and team: joined first, PostgreSQL read the child of every open task of
    # the team before keeping fifty (7,573 people for one team at 1M children).
    shown.object_list = list(
        _pressing_first(Task.objects.filter(pk__in=shown.object_list).select_related("person", "team"), today)
    )
    groups: dict = {}
    for task in shown.object_list:
        group = groups.get(task.person_id)
        if group is None:
            group = groups[task.person_id] = WorkGroup(person=task.person, tasks=[], overdue=0)
        group.tasks.append(task)
        if task.due_on is not None and task.due_on < today:
            group.overdue += 1
    # Dict order is the order of each group's most pressing task, so overdue groups lead.
    return YourWork(groups=list(groups.values()), total=counts["total"], overdue=counts["overdue"], page=shown)
