"""Statutory clocks (conferences, core groups, reviews, visits) and the overdue work they lead to."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date, datetime, time

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from safeguard.access import records
from safeguard.access.models import Involvement, InvolvementKind
from safeguard.core import clock
from safeguard.people.models import Person
from safeguard.protection.models import (
    Action,
    Allocation,
    Conference,
    CoreGroup,
    DiscussionChild,
    Plan,
    PlanStatus,
    Section47Enquiry,
    StatutoryVisit,
)
from safeguard.protection.selectors.common import managed_practitioner_ids


@dataclasses.dataclass(frozen=True)
class Clock:
    label: str
    due: date
    child: Person
    note: str = ""

    def describe(self, today: date | None = None) -> str:
        return clock.Deadline(self.due).describe(today)

    def is_overdue(self, today: date | None = None) -> bool:
        return clock.Deadline(self.due).is_overdue(today)


def last_strategy_discussion_date(child: Person) -> date | None:
    row = (
        DiscussionChild.objects.filter(child=child, discussion__held_on__isnull=False)
        .order_by("-discussion__held_on")
        .values_list("discussion__held_on", flat=True)
        .first()
    )
    return row


def clocks_for_child(child: Person) -> list[Clock]:
    """Every running statutory clock for the child, soonest first."""
    return clocks_for_children([child])[child.pk]


def clocks_for_children(children: Iterable[Person]) -> dict:
    """Every running statutory clock for each child (id -> clocks, soonest first), in a fixed number
    of queries however many children: "Your work" asks for a whole caseload at once."""
    children = {c.pk: c for c in children}
    ids = list(children)
    out: dict = {pk: [] for pk in ids}
    if not ids:
        return out
    last_discussion = dict(
        DiscussionChild.objects.filter(child_id__in=ids, discussion__held_on__isnull=False)
        .values("child_id")
        .annotate(last=Max("discussion__held_on"))
        .values_list("child_id", "last")
    )
    for enquiry in Section47Enquiry.objects.filter(child_id__in=ids, outcome="").order_by("-started_on", "pk"):
        last = last_discussion.get(enquiry.child_id) or enquiry.started_on
        child = children[enquiry.child_id]
        out[child.pk].append(Clock("Initial child protection conference", clock.icpc_due(last), child))
    for conf in Conference.objects.filter(child_id__in=ids, held_on__isnull=True, cancelled_at__isnull=True).order_by(
        "-scheduled_for", "pk"
    ):
        note = f"scheduled for {conf.scheduled_for:%-d %B %Y}"
        if conf.late_reason:
            note += f" — late: {conf.late_reason}"
        child = children[conf.child_id]
        out[child.pk].append(Clock(conf.get_kind_display(), conf.due_on, child, note))
    plans = list(Plan.objects.filter(child_id__in=ids, status=PlanStatus.ACTIVE).order_by("-started_on", "pk"))
    for plan in plans:
        plan.child = children[plan.child_id]
    for plan, clocks in _plans_clocks(plans).items():
        out[plan.child_id].extend(clocks)
    return {pk: sorted(clocks, key=lambda c: c.due) for pk, clocks in out.items()}


def _plans_clocks(plans: list[Plan]) -> dict:
    """Core group, review conference and statutory visit clocks for each plan, four queries in all."""
    plan_ids = [p.pk for p in plans]
    if not plan_ids:
        return {}
    last_core = dict(
        CoreGroup.objects.filter(plan_id__in=plan_ids, held_on__isnull=False).values("plan_id")
        .annotate(last=Max("held_on"))
        .values_list("plan_id", "last")
    )
    reviews = {
        row["plan_id"]: row
        for row in Conference.objects.filter(plan_id__in=plan_ids)
        .values("plan_id")
        .annotate(last_held=Max("held_on"),
                  unheld=Count("pk", filter=Q(held_on__isnull=True, cancelled_at__isnull=True)))
    }
    last_visit = dict(
        StatutoryVisit.objects.filter(plan_id__in=plan_ids).values("plan_id").annotate(last=Max("visited_on"))
        .values_list("plan_id", "last")
    )
    out = {}
    for plan in plans:
        child = plan.child
        clocks = []
        if plan.pk in last_core:
            clocks.append(Clock("Core group", clock.next_core_group_due(last_core[plan.pk]), child))
        else:
            clocks.append(Clock("First core group", clock.first_core_group_due(plan.started_on), child))
        review = reviews.get(plan.pk, {})
        if not review.get("unheld"):
            last = review.get("last_held")
            due = clock.later_review_due(last) if last else clock.first_review_due(plan.started_on)
            clocks.append(Clock("Review conference", due, child))
        visited = last_visit.get(plan.pk)
        clocks.append(Clock("Statutory visit", clock.statutory_visit_due(visited or plan.started_on), child))
        out[plan] = clocks
    return out


def plan_clocks(plan: Plan) -> list[Clock]:
    return _plans_clocks([plan])[plan]


def children_allocated_to(worker_ids: Iterable) -> QuerySet[Person]:
    ids = Allocation.objects.filter(worker_id__in=list(worker_ids), ends_on__isnull=True).values("child_id")
    inv = (
        Involvement.objects.active()
        .filter(kind=InvolvementKind.ALLOCATED_WORKER, practitioner_id__in=list(worker_ids))
        .values("person_id")
    )
    # One `pk IN (… UNION …)`: `pk IN (a) OR pk IN (b)` made PostgreSQL scan every person (378 ms at 1M).
    return Person.objects.filter(pk__in=ids.order_by().union(inv.order_by()))


def due_items_for(*, actor) -> list[Clock]:
    """Clocks for children allocated to the actor, or to anyone in a team the actor manages."""
    workers = {actor.pk} | managed_practitioner_ids(actor)
    # The access filter selects exactly the children the actor may view.
    children = records.visible(actor, "view", children_allocated_to(workers))
    items = [c for clocks in clocks_for_children(children).values() for c in clocks]
    return sorted(items, key=clock_order)


def clock_order(c: Clock) -> tuple[str, str, str]:
    """Soonest due first; a total order, so a list of clocks can be paged."""
    return (c.due.isoformat(), str(c.child.pk), c.label)


def overdue_actions_for(*, actor, today: date | None = None) -> QuerySet[Action]:
    """Open actions past their due date, owned by the actor or by someone in a team they manage."""
    today = today or timezone.localdate()
    owners = {actor.pk} | managed_practitioner_ids(actor)
    return (
        Action.objects.filter(owner_id__in=owners, completed_on__isnull=True, due_on__lt=today)
        .select_related("owner", "child", "owner_agency")
        .order_by("due_on")
    )


def workers_in_last_12_months(child: Person, *, today: date | None = None) -> int:
    today = today or timezone.localdate()
    start = clock.worker_changes_window_start(today)
    # Allocated-worker involvements follow every allocation (and exist for records allocated before
    # the protection pathway held them), so they are the one history to count.
    window_start = timezone.make_aware(datetime.combine(start, time.min))
    return (
        Involvement.objects.filter(
            person=child, kind=InvolvementKind.ALLOCATED_WORKER, practitioner__isnull=False, starts_at__date__lte=today
        )
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gte=window_start))
        .values("practitioner_id")
        .distinct()
        .count()
    )

