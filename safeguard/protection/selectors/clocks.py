"""Statutory clocks (conferences, core groups, reviews, visits) and the overdue work they lead to."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date, datetime, time

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
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
    """Every running statutory clock for each child (id -> clocks, soonest first), in at most three
    queries however many children: "Your work" and the due-clocks API ask for a whole caseload at once.
    Rows are read flat (only the columns a clock shows), with the latest dates computed in SQL."""
    children = {c.pk: c for c in children}
    ids = list(children)
    out: dict = {pk: [] for pk in ids}
    if not ids:
        return out
    last_discussion = (
        DiscussionChild.objects.filter(child_id=OuterRef("child_id"), discussion__held_on__isnull=False)
        .order_by("-discussion__held_on")
        .values("discussion__held_on")[:1]
    )
    enquiries = (
        Section47Enquiry.objects.filter(child_id__in=ids, outcome="")
        .annotate(last_discussion=Subquery(last_discussion))
        .order_by("-started_on", "pk")
        .values_list("child_id", "started_on", "last_discussion")
    )
    for child_id, started_on, last in enquiries:
        out[child_id].append(Clock("Initial child protection conference", clock.icpc_due(last or started_on),
                                   children[child_id]))
    kinds = dict(Conference.Kind.choices)
    conferences = (
        Conference.objects.filter(child_id__in=ids, held_on__isnull=True, cancelled_at__isnull=True)
        .order_by("-scheduled_for", "pk")
        .values_list("child_id", "kind", "due_on", "scheduled_for", "late_reason")
    )
    for child_id, kind, due_on, scheduled_for, late_reason in conferences:
        note = f"scheduled for {scheduled_for:%-d %B %Y}"
        if late_reason:
            note += f" — late: {late_reason}"
        out[child_id].append(Clock(kinds.get(kind, kind), due_on, children[child_id], note))
    for plan in _active_plan_rows(Plan.objects.filter(child_id__in=ids, status=PlanStatus.ACTIVE)):
        out[plan["child_id"]].extend(_plan_row_clocks(plan, children[plan["child_id"]]))
    return {pk: sorted(clocks, key=lambda c: c.due) for pk, clocks in out.items()}


def _active_plan_rows(plans: QuerySet[Plan]) -> list[dict]:
    """Each plan with the dates its clocks run from (one query: latest core group, review conference
    held, unheld review conferences, latest statutory visit, each a correlated subquery)."""

    def latest(model, field: str, **where):
        rows = model.objects.filter(plan_id=OuterRef("pk"), **where).order_by(f"-{field}").values(field)[:1]
        return Subquery(rows)

    unheld = (
        Conference.objects.filter(plan_id=OuterRef("pk"), held_on__isnull=True, cancelled_at__isnull=True)
        .order_by()
        .values("plan_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return list(
        plans.annotate(
            last_core=latest(CoreGroup, "held_on", held_on__isnull=False),
            last_held=latest(Conference, "held_on", held_on__isnull=False),
            unheld=Subquery(unheld),
            last_visit=latest(StatutoryVisit, "visited_on"),
        )
        .order_by("-started_on", "pk")
        .values("pk", "child_id", "started_on", "last_core", "last_held", "unheld", "last_visit")
    )


def _plan_row_clocks(plan: dict, child: Person) -> list[Clock]:
    """Core group, review conference and statutory visit clocks of one plan row (`_active_plan_rows`)."""
    clocks = []
    if plan["last_core"]:
        clocks.append(Clock("Core group", clock.next_core_group_due(plan["last_core"]), child))
    else:
        clocks.append(Clock("First core group", clock.first_core_group_due(plan["started_on"]), child))
    if not plan["unheld"]:
        last = plan["last_held"]
        due = clock.later_review_due(last) if last else clock.first_review_due(plan["started_on"])
        clocks.append(Clock("Review conference", due, child))
    clocks.append(Clock("Statutory visit", clock.statutory_visit_due(plan["last_visit"] or plan["started_on"]), child))
    return clocks


def _plans_clocks(plans: list[Plan]) -> dict:
    """Core group, review conference and statutory visit clocks for each plan (plan -> clocks), one query."""
    if not plans:
        return {}
    rows = {row["pk"]: row for row in _active_plan_rows(Plan.objects.filter(pk__in=[p.pk for p in plans]))}
    return {plan: _plan_row_clocks(rows[plan.pk], plan.child) for plan in plans}


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
    # A clock shows its child's name and links to them: nothing else of the person is read.
    items = [c for clocks in clocks_for_children(children.only("id", "given_name", "family_name")).values()
             for c in clocks]
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

