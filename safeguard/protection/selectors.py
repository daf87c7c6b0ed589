"""Reads for the protection pathway, scoped by the access policy. Views and the API use only these."""

from __future__ import annotations

import dataclasses
import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from safeguard.access import policy
from safeguard.access.errors import NotFound
from safeguard.access.models import Involvement, InvolvementKind
from safeguard.access.services import person_access_check, record_access_check
from safeguard.agencies.models import Membership
from safeguard.agencies.roles import MANAGER_ROLES
from safeguard.core import clock
from safeguard.people.models import Person
from safeguard.protection.models import (
    Action,
    Allocation,
    Conference,
    CoreGroup,
    DiscussionChild,
    DiscussionStatus,
    Plan,
    PlanStatus,
    ReconveneReview,
    Section47Enquiry,
    SiblingDecision,
    StatutoryVisit,
    StrategyDiscussion,
    WrittenAgreement,
)

OPEN_PLAN = (PlanStatus.DRAFT, PlanStatus.ACTIVE)
OPEN_DISCUSSION = (DiscussionStatus.AWAITING, DiscussionStatus.HELD)


def _get(model, pk):
    try:
        return model.objects.get(pk=uuid.UUID(str(pk)))
    except (ValueError, model.DoesNotExist):
        raise NotFound() from None


def children_with_open_protection(ids: Iterable) -> set:
    ids = list(ids)
    out = set(
        DiscussionChild.objects.filter(child_id__in=ids, discussion__status__in=OPEN_DISCUSSION).values_list(
            "child_id", flat=True
        )
    )
    out |= set(Section47Enquiry.objects.filter(child_id__in=ids, outcome="").values_list("child_id", flat=True))
    out |= set(Plan.objects.filter(child_id__in=ids, status__in=OPEN_PLAN).values_list("child_id", flat=True))
    return out


def lead_social_worker(child: Person):
    allocation = Allocation.objects.filter(child=child, ends_on__isnull=True).select_related("worker").first()
    if allocation:
        return allocation.worker
    inv = (
        Involvement.objects.active()
        .filter(person=child, kind=InvolvementKind.ALLOCATED_WORKER, practitioner__isnull=False)
        .select_related("practitioner")
        .order_by("-starts_at")
        .first()
    )
    return inv.practitioner if inv else None


def conference_chair(child: Person):
    plan = Plan.objects.filter(child=child, status__in=OPEN_PLAN, chair__isnull=False).select_related("chair").first()
    if plan:
        return plan.chair
    conf = Conference.objects.filter(child=child, chair__isnull=False).select_related("chair").first()
    return conf.chair if conf else None


def managers_of(practitioner) -> list:
    """Managers (team manager roles) in any of the practitioner's teams."""
    if practitioner is None:
        return []
    today = timezone.localdate()
    rows = (
        Membership.objects.filter(team_id__in=practitioner.team_ids, role__in=MANAGER_ROLES, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .exclude(practitioner=practitioner)
        .select_related("practitioner")
    )
    return list({m.practitioner_id: m.practitioner for m in rows}.values())


def managed_practitioner_ids(actor) -> set:
    """Practitioners in teams where the actor holds a manager role."""
    today = timezone.localdate()
    teams = (
        Membership.objects.filter(practitioner=actor, role__in=MANAGER_ROLES, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .values("team_id")
    )
    return set(Membership.objects.filter(team_id__in=teams).values_list("practitioner_id", flat=True))


# --- Access-checked fetches -----------------------------------------------------------------------


def _check_any(actor, children: Iterable[Person], action, *, audit: bool) -> Person:
    """Allowed when the actor may do `action` to at least one of the children; audited on that child."""
    children = list(children)
    for child in children:
        if policy.decide(actor, child, action):
            person_access_check(actor=actor, person=child, action=action, audit=audit)
            return child
    if action != policy.Action.VIEW and any(policy.decide(actor, c, policy.Action.VIEW) for c in children):
        person_access_check(actor=actor, person=children[0], action=action, audit=False)  # raises Forbidden
    raise NotFound()


def discussion_lookup(*, discussion_id) -> StrategyDiscussion:
    return _get(StrategyDiscussion, discussion_id)


def discussion_for_view(*, actor, discussion_id) -> StrategyDiscussion:
    discussion = discussion_lookup(discussion_id=discussion_id)
    record_access_check(actor=actor, action="view", record=discussion)
    return discussion


def check_change(actor, children: Iterable[Person]) -> Person:
    return _check_any(actor, children, policy.Action.CHANGE, audit=False)


def may_change(actor, children: Iterable[Person]) -> bool:
    """Whether the page should offer this practitioner its actions (arrange, reschedule, record,
    name invitees, decide): the policy's answer, so an invitee who may only view sees no button
    that would refuse them."""
    return any(policy.decide(actor, child, policy.Action.CHANGE) for child in children)


def conference_for_view(*, actor, conference_id) -> Conference:
    conference = _get(Conference, conference_id)
    record_access_check(actor=actor, action="view", record=conference)
    return conference


def core_group_for_view(*, actor, core_group_id):
    from safeguard.protection.models import CoreGroup

    core_group = _get(CoreGroup, core_group_id)
    record_access_check(actor=actor, action="view", record=core_group)
    return core_group


def plan_for_view(*, actor, plan_id) -> Plan:
    plan = _get(Plan, plan_id)
    record_access_check(actor=actor, action="view", record=plan)
    return plan


def agreement_for_view(*, actor, agreement_id, export: bool = False) -> WrittenAgreement:
    agreement = _get(WrittenAgreement, agreement_id)
    record_access_check(actor=actor, action="export" if export else "view", record=agreement)
    return agreement


def review_for_view(*, actor, review_id) -> ReconveneReview:
    review = _get(ReconveneReview, review_id)
    record_access_check(actor=actor, action="view", record=review)
    return review


def invitation_for_naming(*, actor, invitation_id):
    """An invitee row the actor may name (they may change a child the meeting is about)."""
    from safeguard.protection.models import Invitation

    try:
        invitation = Invitation.objects.select_related("discussion", "conference", "core_group", "agency").get(
            pk=int(invitation_id)
        )
    except (ValueError, TypeError, Invitation.DoesNotExist):
        raise NotFound() from None
    meeting = invitation.meeting
    children = list(meeting.children.all()) if invitation.discussion_id else (
        [meeting.child] if invitation.conference_id else [meeting.plan.child]
    )
    check_change(actor, children)
    return invitation


def action_for_view(*, actor, action_id) -> Action:
    """An action: its owner sees it (they were given the child's record when it was theirs), and
    anyone who may see the child."""
    action = _get(Action, action_id)
    record_access_check(actor=actor, action="view", record=action)
    return action


def enquiry_for_view(*, actor, enquiry_id) -> Section47Enquiry:
    enquiry = _get(Section47Enquiry, enquiry_id)
    record_access_check(actor=actor, action="view", record=enquiry)
    return enquiry


def enquiry_lookup(*, enquiry_id) -> Section47Enquiry:
    return _get(Section47Enquiry, enquiry_id)


def conference_lookup(*, conference_id) -> Conference:
    return _get(Conference, conference_id)


def core_group_lookup(*, core_group_id):
    from safeguard.protection.models import CoreGroup

    return _get(CoreGroup, core_group_id)


def plan_lookup(*, plan_id) -> Plan:
    return _get(Plan, plan_id)


def agreement_lookup(*, agreement_id) -> WrittenAgreement:
    return _get(WrittenAgreement, agreement_id)


def review_lookup(*, review_id) -> ReconveneReview:
    return _get(ReconveneReview, review_id)


# --- Siblings -------------------------------------------------------------------------------------


@dataclasses.dataclass
class OtherChild:
    child: Person
    decision: SiblingDecision | None


def other_children_for_plan(plan: Plan) -> list[OtherChild]:
    from safeguard.protection import rules

    perpetrators = _perpetrators_for(plan.child)
    decisions = {d.other_child_id: d for d in plan.sibling_decisions.all()}
    return [
        OtherChild(c, decisions.get(c.pk))
        for c in rules.other_children_linked([plan.child], alleged_perpetrators=perpetrators)
    ]


def other_children_for_discussion(discussion: StrategyDiscussion) -> list[OtherChild]:
    from safeguard.protection import rules

    decisions = {d.other_child_id: d for d in discussion.sibling_decisions.all()}
    others = rules.other_children_linked(
        discussion.children.all(),
        alleged_perpetrators=[*discussion.alleged_perpetrators.all(), *discussion.named_adults.all()],
    )
    return [OtherChild(c, decisions.get(c.pk)) for c in others]


def _perpetrators_for(child: Person) -> list[Person]:
    """The adults the child's strategy discussions named: alleged perpetrators and the adults named
    in the contact that led to them (parents, carers, household adults)."""
    ids = set(
        StrategyDiscussion.alleged_perpetrators.through.objects.filter(
            strategydiscussion__child_links__child=child
        ).values_list("person_id", flat=True)
    ) | set(
        StrategyDiscussion.named_adults.through.objects.filter(
            strategydiscussion__child_links__child=child
        ).values_list("person_id", flat=True)
    )
    return list(Person.objects.filter(pk__in=ids))


# --- Clocks ---------------------------------------------------------------------------------------


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
    # The access filter selects exactly the children `policy.decide` would let the actor view.
    children = children_allocated_to(workers).filter(policy.visible_people_filter(actor, policy.Action.VIEW))
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


def reviews_for(*, actor) -> QuerySet[ReconveneReview]:
    """Open 'consider reconvening' reviews for children the actor may see."""
    return (
        ReconveneReview.objects.filter(decision="")
        .filter(child__in=Person.objects.filter(policy.visible_people_filter(actor)))
        .select_related("child", "event", "requested_by_agency")
    )


@dataclasses.dataclass
class ProtectionSummary:
    child: Person
    clocks: list[Clock]
    discussions: list[StrategyDiscussion]
    enquiries: list[Section47Enquiry]
    conferences: list[Conference]
    plans: list[Plan]
    agreements: list[WrittenAgreement]
    reviews: list[ReconveneReview]
    sibling_decisions: list[SiblingDecision]
    lead_social_worker: object | None
    workers_last_12_months: int
    allocations: list[Allocation]


def protection_summary(*, actor, person_id) -> ProtectionSummary:
    from safeguard.people.selectors import person_lookup

    child = person_lookup(person_id=person_id)
    person_access_check(actor=actor, person=child, action=policy.Action.VIEW)
    plans = list(Plan.objects.filter(child=child))
    return ProtectionSummary(
        child=child,
        clocks=clocks_for_child(child),
        discussions=list(StrategyDiscussion.objects.filter(child_links__child=child)),
        enquiries=list(Section47Enquiry.objects.filter(child=child)),
        conferences=list(Conference.objects.filter(child=child)),
        plans=plans,
        agreements=list(WrittenAgreement.objects.filter(child=child)),
        reviews=list(ReconveneReview.objects.filter(child=child).select_related("event")),
        sibling_decisions=list(
            SiblingDecision.objects.filter(Q(plan__child=child) | Q(discussion__child_links__child=child))
            .select_related("other_child")
            .distinct()
        ),
        lead_social_worker=lead_social_worker(child),
        workers_last_12_months=workers_in_last_12_months(child),
        allocations=list(Allocation.objects.filter(child=child).select_related("worker")),
    )


# --- Choices for the web forms --------------------------------------------------------------------


def practitioners_with_roles(roles: Iterable[str]) -> list:
    """Active practitioners holding any of `roles` now (for choosing a chair or a social worker)."""
    from safeguard.agencies.models import Practitioner

    today = timezone.localdate()
    ids = (
        Membership.objects.filter(role__in=list(roles), starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .values("practitioner_id")
    )
    return list(Practitioner.objects.filter(pk__in=ids, is_active=True).order_by("first_name", "last_name", "pk"))


def practitioners_around(child: Person, *, actor=None, extra: Iterable = ()) -> list:
    """Named practitioners working with the child now (involvements, lead social worker, chair), plus
    `extra` and the actor: who can own an action or receive a challenge."""
    from safeguard.agencies.models import Practitioner

    ids = set(
        Involvement.objects.active()
        .filter(person=child, practitioner__isnull=False)
        .values_list("practitioner_id", flat=True)
    )
    ids |= {p.pk for p in (lead_social_worker(child), conference_chair(child), actor, *extra) if p is not None}
    return list(Practitioner.objects.filter(pk__in=ids, is_active=True).order_by("first_name", "last_name", "pk"))


def people_for_event(*, actor, person: Person) -> list[Person]:
    """The person, the adults around them and those adults' children — those the actor may see."""
    from safeguard.protection import rules

    today = timezone.localdate()
    adults = rules.adults_around(person, on=today) if rules._is_child(person, today) else {person.pk}
    ids = {person.pk} | adults | rules.children_of_adults(adults, on=today)
    people = Person.objects.filter(pk__in=ids).order_by("date_of_birth", "family_name")
    visible = [p for p in people if policy.decide(actor, p, policy.Action.VIEW)]
    return sorted(visible, key=lambda p: p.pk != person.pk)


def challenge_subjects(child: Person) -> dict:
    """What a challenge about this child can be about: the case, or one of its recorded decisions."""
    subjects: dict = {"case": ("The case as a whole", None)}
    for d in StrategyDiscussion.objects.filter(child_links__child=child).exclude(section_47=""):
        subjects[f"discussion:{d.pk}"] = (
            f"Strategy discussion decision ({d.held_on:%-d %B %Y}): {d.get_section_47_display()}",
            d,
        )
    for e in Section47Enquiry.objects.filter(child=child).exclude(outcome=""):
        subjects[f"enquiry:{e.pk}"] = (f"Section 47 outcome: {e.get_outcome_display()}", e)
    for c in Conference.objects.filter(child=child, held_on__isnull=False):
        subjects[f"conference:{c.pk}"] = (
            f"{c.get_kind_display()} decision ({c.held_on:%-d %B %Y}): {c.get_decision_display()}",
            c,
        )
    return subjects


def looked_after_episode(*, episode_id):
    """The episode by id; the service decides access (404 for those who may not change the child)."""
    from safeguard.protection.models import LookedAfterEpisode

    return _get(LookedAfterEpisode, episode_id)


@dataclasses.dataclass
class WorkLink:
    """One piece of protection work about a person, for the links on their record page."""

    kind: str
    text: str
    url_name: str
    pk: object
    on: date | None


def work_links_for(person: Person) -> list[WorkLink]:
    """The person's plans, strategy discussions and conferences, newest first (the caller has
    already decided the viewer may see the person; each linked page checks again)."""
    links: list[WorkLink] = []
    for plan in Plan.objects.filter(child=person).order_by("-started_on"):
        links.append(WorkLink("plan", f"Child protection plan ({plan.get_status_display().lower()})", "protection:plan",
                              plan.pk, plan.started_on))  # fmt: skip
    discussions = StrategyDiscussion.objects.filter(child_links__child=person).distinct().order_by("-created_at")
    for d in discussions[:20]:
        on = d.held_on or timezone.localtime(d.created_at).date()
        links.append(WorkLink("meeting", "Strategy discussion", "protection:discussion", d.pk, on))
    for c in Conference.objects.filter(child=person).order_by("-scheduled_for")[:20]:
        links.append(
            WorkLink("meeting", c.get_kind_display(), "protection:conference", c.pk, c.held_on or c.scheduled_for)
        )
    return links


# --- Allocation queues ----------------------------------------------------------------------------

def team_workers(team) -> list[tuple]:
    """(practitioner, caseload) for each worker in the team who can take work, lightest caseload
    first. Caseload: the children they are allocated to today."""
    from django.db.models import Count

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

    team_ids = policy.managed_team_ids(actor)
    tasks = (
        Task.objects.filter(status=TaskStatus.OPEN, kind__in=handoff_kinds(), team_id__in=team_ids)
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


# --- The meetings calendar ------------------------------------------------------------------------


@dataclasses.dataclass
class CalendarMeeting:
    meeting: object
    title: str
    on: date
    starts_at: object
    place: str
    children: list  # the children's names the viewer may see; others are counted, not named
    hidden_children: int
    url: str
    invitees: list  # the people (of those asked about) invited or chairing

    @property
    def time_text(self) -> str:
        from safeguard.protection.services import time_in_words

        return time_in_words(self.starts_at)


@dataclasses.dataclass
class CalendarDay:
    on: date
    meetings: list[CalendarMeeting]


def _upcoming(model, start: date, end: date):
    qs = model.objects.filter(cancelled_at__isnull=True, held_on__isnull=True, scheduled_for__gte=start,
                              scheduled_for__lte=end)  # fmt: skip
    if model is StrategyDiscussion:
        qs = qs.filter(status=DiscussionStatus.AWAITING)
    return qs


def meetings_calendar(*, actor, practitioner_ids: Iterable[int], start: date, days: int = 56) -> list[CalendarDay]:
    """Meetings still to happen from `start` for `days`, by day, where any of these practitioners is a
    named invitee (or the conference's chair). Children the viewer may not see are not named."""
    from safeguard.protection.models import CoreGroup, Invitation
    from safeguard.protection.services import meeting_title
    from safeguard.protection.views import meeting_url

    ids = set(practitioner_ids)
    end = start + timedelta(days=days)
    invited = defaultdict(set)
    rows = Invitation.objects.filter(practitioner_id__in=ids, removed=False).values_list(
        "discussion_id", "conference_id", "core_group_id", "practitioner_id"
    )
    for discussion_id, conference_id, core_group_id, practitioner_id in rows:
        invited[discussion_id or conference_id or core_group_id].add(practitioner_id)
    for conf_id, chair_id in Conference.objects.filter(chair_id__in=ids).values_list("id", "chair_id"):
        invited[conf_id].add(chair_id)
    meetings = [
        *_upcoming(StrategyDiscussion, start, end).filter(pk__in=list(invited)).prefetch_related("children"),
        *_upcoming(Conference, start, end).filter(pk__in=list(invited)).select_related("child"),
        *_upcoming(CoreGroup, start, end).filter(pk__in=list(invited)).select_related("plan__child"),
    ]
    from safeguard.agencies.models import Practitioner

    people = {p.pk: p for p in Practitioner.objects.filter(pk__in={i for v in invited.values() for i in v})}
    seen: dict = {}
    items = []
    for m in meetings:
        if isinstance(m, StrategyDiscussion):
            children = list(m.children.all())
        elif isinstance(m, Conference):
            children = [m.child]
        else:
            children = [m.plan.child]
        visible = []
        for c in children:
            if c.pk not in seen:
                seen[c.pk] = bool(policy.decide(actor, c, policy.Action.VIEW))
            if seen[c.pk]:
                visible.append(c.full_name)
        items.append(CalendarMeeting(
            meeting=m, title=meeting_title(m), on=m.scheduled_for, starts_at=m.starts_at, place=m.place,
            children=visible, hidden_children=len(children) - len(visible),
            url=meeting_url(m) if visible else "",
            invitees=sorted(str(people[i]) for i in invited[m.pk] if i in people),
        ))  # fmt: skip
    items.sort(key=lambda i: (i.on, i.starts_at or time.min, i.title))
    days_out: list[CalendarDay] = []
    for item in items:
        if not days_out or days_out[-1].on != item.on:
            days_out.append(CalendarDay(item.on, []))
        days_out[-1].meetings.append(item)
    return days_out


def team_member_ids(team) -> set[int]:
    today = timezone.localdate()
    return set(
        Membership.objects.filter(team=team, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .values_list("practitioner_id", flat=True)
    )
