"""Who holds the case: allocating a child or a piece of work to a worker, and the casework
tasks that follow the allocation."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from safeguard.access import records
from safeguard.access.errors import InvalidInput, NotFound
from safeguard.access.models import AuditAction, Involvement, InvolvementKind
from safeguard.access.services import involvement_end_for_source, involvement_grant
from safeguard.core.models import EventType, Task, TaskStatus
from safeguard.core.services import chronology_event_record, task_complete, task_create, tasks_complete_for
from safeguard.people.models import Person
from safeguard.protection import selectors
from safeguard.protection.models import Allocation, DiscussionStatus, StrategyDiscussion
from safeguard.protection.validation import WORKER_REQUIRED

from .common import _audit, _int, _text


@transaction.atomic
def allocation_change(*, actor, child: Person, worker, starts_on: date | None = None, reason: str = "") -> Allocation:
    """Allocate a new social worker. The history counts changes; the involvement follows the allocation."""
    records.require(actor, "change", child)
    if worker is None:
        raise InvalidInput({"worker_id": [WORKER_REQUIRED]})
    starts_on = starts_on or timezone.localdate()
    current = Allocation.objects.filter(child=child, ends_on__isnull=True).first()
    if current and current.worker_id == worker.pk:
        raise InvalidInput({"worker_id": ["This social worker is already allocated"]})
    if current:
        current.ends_on = starts_on
        current.save(update_fields=["ends_on"])
        involvement_end_for_source(source=current)
    Involvement.objects.active().filter(person=child, kind=InvolvementKind.ALLOCATED_WORKER).exclude(
        practitioner=worker
    ).filter(source_type__in=["", "protection.allocation"]).update(ends_at=timezone.now())
    allocation = Allocation.objects.create(
        child=child, worker=worker, starts_on=starts_on, reason=_text(reason), recorded_by=actor
    )
    if current:
        _casework_tasks_follow(child=child, old_worker_id=current.worker_id, worker=worker)
    involvement_grant(person=child, kind=InvolvementKind.ALLOCATED_WORKER, practitioner=worker, source=allocation)
    chronology_event_record(
        person=child,
        event_type=EventType.WORKER_CHANGED,
        occurred_on=starts_on,
        summary=f"Social worker allocated: {worker}",
        actor=actor,
        source=allocation,
    )
    _audit(actor, AuditAction.CHANGE, allocation, child, "allocated a social worker", {"worker": worker.pk})
    return allocation


# The allocated worker's own casework for a child: it moves with the child when the worker changes
# (meeting invitations, actions and challenges stay with the named person they were given to).
CASEWORK_TASK_KINDS = frozenset(
    {
        "convene_strategy_discussion",
        "first_core_group",
        "new_information",
        "consider_reconvening",
        "statutory_visit",
        "assessment_due",
        "cin_review",
    }
)


def _casework_tasks_follow(*, child: Person, old_worker_id, worker) -> None:
    """Hand the outgoing worker's open casework for the child to the new worker, so nothing is left
    with someone no longer allocated (a task the new worker already holds is not duplicated)."""
    for task in Task.objects.filter(
        status=TaskStatus.OPEN, person=child, assignee_id=old_worker_id, kind__in=CASEWORK_TASK_KINDS
    ):
        held = bool(task.dedupe_key) and Task.objects.filter(
            status=TaskStatus.OPEN, assignee=worker, dedupe_key=task.dedupe_key
        ).exists()
        if held:
            task_complete(task=task, outcome=f"Passed to {worker}, who already had it")
        else:
            task.assignee = worker
            task.save(update_fields=["assignee"])


@transaction.atomic
def work_allocate(*, actor, task_id, worker_id) -> Task:
    """A team manager allocates work waiting in the team's queue to one of the team's workers.

    The worker becomes the children's allocated worker (so they see the record and hear of new
    information), is given the work itself (e.g. "Convene the strategy discussion"), and every
    manager's "Allocate" task for it closes. At no moment is the work without an owner."""
    from safeguard.core.work import handoff_for, handoff_kinds

    task = (
        Task.objects.select_for_update(of=("self",))
        .filter(pk=task_id, kind__in=handoff_kinds())
        .select_related("team")
        .first()
    )
    if task is None:
        raise NotFound()
    records.require(actor, "allocate", task)
    if task.status != TaskStatus.OPEN:
        raise InvalidInput({"worker_id": ["This work has already been allocated"]})
    workers = {w.pk: w for w, _ in selectors.team_workers(task.team)}
    worker = workers.get(_int(worker_id)) if worker_id else None
    if worker is None:
        raise InvalidInput({"worker_id": ["Choose a worker in the team"]})
    handoff = handoff_for(task.kind)
    children = handoff.children(task)
    if handoff.allocates_child:
        for child in children:
            current = Allocation.objects.filter(child=child, ends_on__isnull=True).first()
            if current is None or current.worker_id != worker.pk:
                current = allocation_change(actor=actor, child=child, worker=worker, reason=handoff.label)
            _team_holds_episode(child=child, team=task.team, allocation=current)
    # The work has been taken on (for early help: accepted), so the sight of the children the team
    # was given by the hand-off ends whatever the kind of work; whoever is otherwise involved keeps
    # theirs (the allocation, or for early help the worker's own grant given by `allocated`).
    handoff_access_end(source_type=task.source_type, source_id=task.source_id, team=task.team)
    handoff.allocated(task=task, worker=worker, actor=actor)
    tasks_complete_for(
        source_type=task.source_type,
        source_id=task.source_id,
        kinds=[task.kind],
        outcome=f"Allocated to {worker}",
    )
    task.refresh_from_db()
    for child in children or [None]:
        purpose = f"allocated work: {handoff.label.lower()}"
        _audit(actor, AuditAction.CHANGE, task, child, purpose, {"worker": worker.pk})
    return task


def _team_holds_episode(*, child, team, allocation) -> None:
    """The allocated worker's team keeps sight of the child (its manager supervises the work) for as
    long as the allocation lasts: the grant ends with the allocation."""
    source_type, source_id = "protection.allocation", str(allocation.pk)
    if not Involvement.objects.active().filter(
        person=child, kind=InvolvementKind.TEAM_EPISODE, team=team, source_type=source_type, source_id=source_id
    ).exists():
        involvement_grant(person=child, kind=InvolvementKind.TEAM_EPISODE, team=team, source=allocation)


def handoff_access_end(*, source_type: str, source_id: str, team=None) -> int:
    """The sight of the children a team was given when work was handed to it ends when the work is
    allocated (the allocation carries it from then) or closed. Returns how many grants ended."""
    grants = Involvement.objects.active().filter(
        kind=InvolvementKind.TEAM_EPISODE, source_type=source_type, source_id=str(source_id)
    )
    if team is not None:
        grants = grants.filter(team=team)
    return grants.update(ends_at=timezone.now())


def allocation_tasks_reassign(*, now=None, practitioner=None) -> int:
    """"Allocate" tasks whose manager can no longer act (left the team, or the account was closed)
    pass to the team's other managers, or to the team's own queue when it has none, so handed-on
    work always has someone who can allocate it. Idempotent; returns how many tasks moved."""
    from safeguard.core.services import team_managers
    from safeguard.core.work import handoff_kinds

    tasks = Task.objects.filter(status=TaskStatus.OPEN, kind__in=handoff_kinds(), assignee__isnull=False)
    if practitioner is not None:
        tasks = tasks.filter(assignee=practitioner)
    moved = 0
    for task in tasks.select_related("team", "assignee"):
        managers = team_managers(task.team)
        if task.assignee in managers:
            continue
        owners = [{"assignee": m} for m in managers] or [{"assignee": None}]
        for owner in owners:
            same = Task.objects.filter(status=TaskStatus.OPEN, dedupe_key=task.dedupe_key, **owner)
            if owner["assignee"] is None:
                same = same.filter(team=task.team)
            if not same.exists():
                Task.objects.create(
                    kind=task.kind, title=task.title, due_on=task.due_on, team=task.team, person=task.person,
                    source_type=task.source_type, source_id=task.source_id, dedupe_key=task.dedupe_key,
                    urgent=task.urgent, **owner,
                )  # fmt: skip
        to = ", ".join(str(m) for m in managers) or f"the {task.team.name} queue"
        task_complete(task=task, outcome=f"Passed to {to}: {task.assignee} no longer manages the team")
        moved += 1
    return moved


def _discussion_children(task) -> list[Person]:
    return list(Person.objects.filter(strategy_links__discussion_id=task.source_id).order_by("date_of_birth"))


def _discussion_allocated(*, task, worker, actor) -> None:
    discussion = StrategyDiscussion.objects.get(pk=task.source_id)
    discussion.convenor = worker
    discussion.save(update_fields=["convenor"])
    # The allocated worker is children's social care's invitee, not whoever was proposed before.
    discussion.invitations.filter(rule="local_authority", removed=False).exclude(practitioner=worker).update(
        practitioner=worker, agency=worker.primary_agency
    )
    children = _discussion_children(task)
    task_create(
        kind="convene_strategy_discussion",
        title=f"Convene the strategy discussion for {', '.join(c.full_name for c in children)}",
        due_on=task.due_on,
        assignee=worker,
        person=children[0] if children else None,
        source=discussion,
    )


def register_handoffs() -> None:
    from safeguard.core.work import HandOff, register_handoff, register_unowned_work

    register_handoff(
        "allocate_strategy_discussion",
        HandOff(label="Strategy discussion", children=_discussion_children, allocated=_discussion_allocated),
    )
    register_unowned_work("strategy discussions", _unowned_discussions)


def _unowned_discussions() -> int:
    """Strategy discussions awaiting convening with no convenor and no open task about them (one
    COUNT in the database: it was every such task's id and every waiting discussion's, in Python)."""
    from django.db.models import Exists, OuterRef

    from safeguard.core.sql import UuidText

    tasked = Task.objects.filter(
        status=TaskStatus.OPEN, source_type="protection.strategydiscussion", source_id=UuidText(OuterRef("pk"))
    )
    waiting = StrategyDiscussion.objects.filter(status=DiscussionStatus.AWAITING, convenor__isnull=True)
    return waiting.exclude(Exists(tasked)).count()
