"""Where each task is done: the link from a task to the page where its work happens.

Apps own their pages, so each registers, in its AppConfig.ready(), how to link a task of its kinds
(by kind, or by the kind of source record). A link is worked out for the practitioner looking at
it, so a team's task can lead a manager to the decision page and a worker to the contact. A task
whose kind no app claims links to the person's record (if any), so nothing is ever a dead end;
tests check that every kind raised in the code is registered.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from django.urls import NoReverseMatch, reverse

from safeguard.core.models import Task

# (task, actor) -> URL, or None when the linked record is gone (then the fallback applies).
TaskLink = Callable[[Task, object], str | None]

_by_kind: dict[str, TaskLink] = {}
_by_source: dict[str, TaskLink] = {}
_labels: dict[str, str] = {}


def register_task_kind(kind: str, link: TaskLink, *, label: str = "") -> None:
    """`label` names the kind of work in the users' words (e.g. "Make a threshold decision")."""
    _by_kind[kind] = link
    if label:
        _labels[kind] = label


def register_source_link(source_type: str, link: TaskLink) -> None:
    _by_source[source_type] = link


def registered_kinds() -> frozenset[str]:
    return frozenset(_by_kind)


def kind_label(kind: str) -> str:
    return _labels.get(kind, "")


def person_link(task: Task, actor=None) -> str | None:
    return reverse("person_detail", args=[task.person_id]) if task.person_id else None


def _new_information(task: Task, actor=None) -> str | None:
    return reverse("person_detail", args=[task.person_id]) + "#chronology" if task.person_id else None


register_task_kind("new_information", _new_information, label="New information about a child you work with")


def task_link(task: Task, actor=None) -> str:
    """The page where the task's work is done, for this practitioner."""
    for link in (_by_kind.get(task.kind), _by_source.get(task.source_type), person_link):
        if link is None:
            continue
        try:
            url = link(task, actor)
        except (NoReverseMatch, ValueError, LookupError):
            url = None
        if url:
            return url
    return reverse("home")


# --- Work without an owner -----------------------------------------------------------------------

# name -> () -> number of open items of that kind with no owner (no practitioner and no team queue)
_unowned: dict[str, Callable[[], int]] = {}


def register_unowned_work(name: str, counter: Callable[[], int]) -> None:
    """Each app that hands work on says how to count its items that nobody owns."""
    _unowned[name] = counter


def _unowned_tasks() -> int:
    """Open tasks whose only owner cannot act: a practitioner who can no longer sign in, or a team
    nobody belongs to any more. (A task with no owner at all is refused by the database.)"""
    from django.db.models import Q
    from django.utils import timezone

    from safeguard.agencies.models import Membership
    from safeguard.core.models import TaskStatus

    today = timezone.localdate()
    staffed = (
        Membership.objects.filter(starts_on__lte=today, practitioner__is_active=True)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .values("team_id")
    )
    open_tasks = Task.objects.filter(status=TaskStatus.OPEN)
    return (
        open_tasks.filter(assignee__isnull=False, assignee__is_active=False).count()
        + open_tasks.filter(assignee__isnull=True).exclude(team_id__in=staffed).count()
    )


register_unowned_work("tasks", _unowned_tasks)


def unowned_work() -> dict[str, int]:
    """Partnership-wide count of work nobody owns, by kind of work: all zero in normal use."""
    return {name: counter() for name, counter in sorted(_unowned.items())}


# --- Hand-offs: work passed to another team waits in its allocation queue --------------------------


@dataclasses.dataclass(frozen=True)
class HandOff:
    """What a kind of handed-on work is, and what allocating it sets in motion.

    `children(task)` lists the children the allocated worker takes on; `allocated(task=, worker=,
    actor=)` gives the worker the work itself (e.g. "Convene the strategy discussion"), inside the
    allocating transaction."""

    label: str
    children: Callable[[Task], list]
    allocated: Callable[..., None]
    # Allocating makes the worker the children's allocated social worker (not so for early help,
    # which a front door worker takes on without becoming the child's social worker).
    allocates_child: bool = True


_handoffs: dict[str, HandOff] = {}


def register_handoff(kind: str, handoff: HandOff) -> None:
    _handoffs[kind] = handoff
    register_task_kind(kind, _allocation_link, label=f"Allocate: {handoff.label.lower()}")


def handoff_for(kind: str) -> HandOff | None:
    return _handoffs.get(kind)


def handoff_kinds() -> frozenset[str]:
    return frozenset(_handoffs)


def _allocation_link(task: Task, actor=None) -> str | None:
    return reverse("protection:allocation_queue") + f"#item-{task.pk}"
