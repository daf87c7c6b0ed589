"""Child protection conferences: when one is due, scheduling it and recording its outcome."""

from __future__ import annotations

from datetime import date, time

from django.db import transaction
from django.utils import timezone

from safeguard.access import records
from safeguard.access.models import AuditAction, InvolvementKind
from safeguard.access.services import involvement_grant
from safeguard.core import clock
from safeguard.core.inputs import date_problem
from safeguard.core.models import EventType, Task, TaskStatus
from safeguard.core.services import chronology_event_record, task_create, tasks_complete_for
from safeguard.people.models import Person
from safeguard.protection import nextsteps, rules, selectors
from safeguard.protection.inputs.conferences import (
    CATEGORY_REQUIRED,
    CHILD_VIEWS_HOW_REQUIRED,
    CHILD_VIEWS_REQUIRED,
    COMMUNICATION_METHOD_REQUIRED,
    CONFERENCE_DECISION_REQUIRED,
    CONFERENCE_KIND_REQUIRED,
    CONFERENCE_RECORD,
    INTRA_FAMILIAL_REQUIRED,
    PARENTS_VIEWS_REQUIRED,
    REPORTS_REQUIRED,
)
from safeguard.protection.models import CategoryOfAbuse, Conference, Plan, PlanStatus, Section47Enquiry
from safeguard.protection.validation import CONFERENCE_DATE_REQUIRED, CONFERENCE_HELD_ON_REQUIRED

from .common import MIN_REASON, _add, _audit, _raise, _text
from .invitations import _apply_attendance, _create_invitations, _save_attendance
from .meetings import _before_message, _follows

# Free text a conference's record holds (saved by name: only what recording a conference changes).
RECORDED_TEXT = ("reports_received", "child_views", "child_views_how_sought", "communication_method", "parents_views")


def conference_due(*, child: Person, kind: str, plan: Plan | None) -> date | None:
    if kind == Conference.Kind.INITIAL:
        last = selectors.last_strategy_discussion_date(child)
        return clock.icpc_due(last) if last else None
    if plan is None:
        return None
    last_review = plan.reviews.filter(held_on__isnull=False).order_by("-held_on").first()
    return clock.later_review_due(last_review.held_on) if last_review else clock.first_review_due(plan.started_on)


@transaction.atomic
def conference_schedule(
    *,
    actor,
    child: Person,
    kind: str,
    scheduled_for: date | None,
    chair=None,
    late_reason: str = "",
    plan: Plan | None = None,
    starts_at: time | None = None,
    place: str = "",
) -> Conference:
    """Schedule an initial (within 15 working days of the last strategy discussion) or review
    conference. A date after the clock's due date needs a recorded reason; a date before what the
    conference follows (the strategy discussion; for a review, the plan's start) is refused."""
    records.require(actor, "change", child)
    errors: dict = {}
    if kind not in Conference.Kind.values:
        _add(errors, "kind", CONFERENCE_KIND_REQUIRED)
    if kind == Conference.Kind.REVIEW and (
        plan is None or plan.child_id != child.pk or plan.status != PlanStatus.ACTIVE
    ):
        _add(errors, "plan_id", "Choose the child's active plan to review")
    if not isinstance(scheduled_for, date):
        _add(errors, "scheduled_for", CONFERENCE_DATE_REQUIRED)
    due = conference_due(child=child, kind=kind, plan=plan) if not errors else None
    if kind == Conference.Kind.INITIAL and not errors and due is None:
        _add(errors, "kind", "Hold a strategy discussion before an initial conference")
    if not errors:
        follows_on, what = _follows(kind=kind, child=child, plan=plan)
        if follows_on and scheduled_for < follows_on:
            _add(errors, "scheduled_for", _before_message("conference", what, follows_on))
    if due and isinstance(scheduled_for, date) and scheduled_for > due and len(_text(late_reason)) < MIN_REASON:
        _add(
            errors,
            "late_reason",
            f"The conference is due by {due:%-d %B %Y}. Give the reason for scheduling it later",
        )
    _raise(errors)
    enquiry = Section47Enquiry.objects.filter(child=child).first() if kind == Conference.Kind.INITIAL else None
    conference = Conference.objects.create(
        kind=kind,
        child=child,
        enquiry=enquiry,
        plan=plan,
        chair=chair,
        due_on=due,
        scheduled_for=scheduled_for,
        late_reason=_text(late_reason) if scheduled_for > due else "",
        created_by=actor,
        starts_at=starts_at,
        place=_text(place)[:300],
    )
    discussion = enquiry.discussion if enquiry else None
    sexual = bool(discussion and discussion.sexual_abuse_suspected) or (plan is not None and plan.category == "SAB")
    _create_invitations(
        {"conference": conference},
        rules.propose_invitations(
            children=[child],
            sexual_abuse_suspected=sexual,
            lead_social_worker=selectors.lead_social_worker(child),
            adults=Person.objects.filter(pk__in=rules.adults_around(child)),
        ),
    )
    tasks_complete_for(person=child, kinds=["bring_forward_review"], outcome="Conference scheduled")
    if kind == Conference.Kind.INITIAL:
        nextsteps.initial_conference_scheduled(conference=conference)
    if chair is not None:
        # The chair works with the child's record while the conference runs (and records it).
        involvement_grant(person=child, kind=InvolvementKind.SUPERVISING, practitioner=chair, source=conference)
        task_create(
            kind="chair_conference",
            title=f"Chair the {conference.get_kind_display().lower()} for {child.full_name}",
            due_on=scheduled_for,
            assignee=chair,
            person=child,
            source=conference,
        )
    _audit(
        actor,
        AuditAction.CREATE,
        conference,
        child,
        "scheduled a conference",
        {"kind": kind, "late": bool(conference.late_reason)},
    )
    return conference


@transaction.atomic
def conference_record(
    *,
    actor,
    conference: Conference,
    held_on: date | None,
    attendance: list[dict] | None = None,
    reports_received: str = "",
    child_views: str = "",
    child_views_how_sought: str = "",
    communication_method: str = "",
    parents_views: str = "",
    decision: str = "",
    category: str = "",
    sexual_abuse_intra_familial: bool | None = None,
) -> Conference:
    child = conference.child
    records.require(actor, "chair", conference)
    errors: dict = {}
    if conference.held_on:
        _add(errors, "held_on", "This conference has already been recorded")
    if conference.is_cancelled:
        _add(errors, "held_on", "This conference was cancelled")
    if not isinstance(held_on, date):
        _add(errors, "held_on", CONFERENCE_HELD_ON_REQUIRED)
    elif problem := date_problem(held_on, what=CONFERENCE_RECORD.fields["held_on"].what, past=True):
        _add(errors, "held_on", problem)
    else:
        follows_on, what = _follows(kind=conference.kind, child=child, plan=conference.plan)
        if follows_on and held_on < follows_on:
            _add(errors, "held_on", _before_message("conference", what, follows_on))
    updates = _apply_attendance(conference.invitations.all(), attendance or [], errors, require_all=True)
    if not _text(reports_received):
        _add(errors, "reports_received", REPORTS_REQUIRED)
    if not _text(child_views):
        _add(errors, "child_views", CHILD_VIEWS_REQUIRED)
    if not _text(child_views_how_sought):
        _add(errors, "child_views_how_sought", CHILD_VIEWS_HOW_REQUIRED)
    disabled = [d for d in (child.disabilities or []) if d and d != "NONE"]
    if disabled and not _text(communication_method):
        _add(errors, "communication_method", COMMUNICATION_METHOD_REQUIRED)
    if not _text(parents_views):
        _add(errors, "parents_views", PARENTS_VIEWS_REQUIRED)
    if decision not in (Conference.Decision.PLAN, Conference.Decision.NO_PLAN):
        _add(errors, "decision", CONFERENCE_DECISION_REQUIRED)
    if decision == Conference.Decision.PLAN:
        if category not in CategoryOfAbuse.values:
            _add(errors, "category", CATEGORY_REQUIRED)
        elif category == CategoryOfAbuse.SAB and sexual_abuse_intra_familial is None:
            _add(errors, "sexual_abuse_intra_familial", INTRA_FAMILIAL_REQUIRED)
    _raise(errors)
    _save_attendance(updates)
    for field in RECORDED_TEXT:
        setattr(conference, field, _text(locals()[field]))
    conference.held_on, conference.decision = held_on, decision
    if decision == Conference.Decision.PLAN:
        conference.category = category
        conference.sexual_abuse_intra_familial = sexual_abuse_intra_familial if category == "SAB" else None
    conference.chair = conference.chair or actor
    conference.save(
        update_fields=[
            *RECORDED_TEXT, "held_on", "decision", "category", "sexual_abuse_intra_familial", "chair",
        ]
    )  # fmt: skip
    chronology_event_record(
        person=child,
        event_type=EventType.CONFERENCE_HELD,
        occurred_on=held_on,
        summary=f"{conference.get_kind_display()}: {conference.get_decision_display()}",
        actor=actor,
        source=conference,
    )
    if conference.kind == Conference.Kind.INITIAL:
        if conference.enquiry and not conference.enquiry.outcome:
            conference.enquiry.outcome = Section47Enquiry.Outcome.ICPC
            conference.enquiry.concluded_on = held_on
            conference.enquiry.outcome_reason = conference.enquiry.outcome_reason or "Initial conference held"
            conference.enquiry.save(update_fields=["outcome", "concluded_on", "outcome_reason"])
            nextsteps.enquiry_concluded(enquiry=conference.enquiry, actor=actor)
        if decision == Conference.Decision.PLAN:
            plan = Plan.objects.create(
                child=child,
                conference=conference,
                started_on=held_on,
                category=category,
                sexual_abuse_intra_familial=conference.sexual_abuse_intra_familial,
                chair=conference.chair,
            )
            nextsteps.plan_drafted(plan=plan, actor=actor)
    elif conference.plan is not None:
        plan = conference.plan
        if decision == Conference.Decision.NO_PLAN:
            plan.status, plan.ended_on = PlanStatus.ENDED, held_on
            chronology_event_record(
                person=child,
                event_type=EventType.PLAN_ENDED,
                occurred_on=held_on,
                summary="Child protection plan ended at review conference",
                actor=actor,
                source=plan,
            )
        else:
            plan.category = category
            plan.sexual_abuse_intra_familial = conference.sexual_abuse_intra_familial
        plan.save(update_fields=["status", "ended_on", "category", "sexual_abuse_intra_familial"])
    Task.objects.filter(
        source_type="protection.conference", source_id=str(conference.pk), status=TaskStatus.OPEN
    ).update(status=TaskStatus.DONE, completed_at=timezone.now())
    _audit(actor, AuditAction.CHANGE, conference, child, "recorded a conference", {"decision": decision})
    return conference
