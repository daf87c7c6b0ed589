"""Asking to reconvene the multi-agency meeting, deciding on the request, and escalating
reviews left overdue."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from safeguard.access import records
from safeguard.access.audit import audit_record
from safeguard.access.errors import InvalidInput
from safeguard.access.models import AuditAction, Involvement, InvolvementKind
from safeguard.core import clock
from safeguard.core.models import EventType, Task, TaskStatus
from safeguard.core.services import chronology_event_record, task_complete, task_create
from safeguard.people.models import Person
from safeguard.protection import selectors
from safeguard.protection.inputs.casework import (
    RECONVENE_DECISION_REASON_REQUIRED,
    RECONVENE_DECISION_REQUIRED,
    RECONVENE_REASON_REQUIRED,
)
from safeguard.protection.models import ReconveneReview, StrategyDiscussion

from .common import MIN_REASON, _add, _audit, _raise, _team, _text
from .strategy_discussions import _propose


def _review_tasks(review: ReconveneReview, title: str) -> None:
    due = clock.reconvene_decision_due(review.raised_on)
    people = {
        p.pk: p for p in (selectors.lead_social_worker(review.child), selectors.conference_chair(review.child)) if p
    }
    for practitioner in people.values():
        task_create(
            kind="consider_reconvening",
            title=title,
            due_on=due,
            assignee=practitioner,
            person=review.child,
            source=review,
        )
    if not people:
        team = (
            Involvement.objects.active()
            .filter(person=review.child, kind=InvolvementKind.TEAM_EPISODE, team__isnull=False)
            .first()
        )
        if team:
            task_create(
                kind="consider_reconvening", title=title, due_on=due, team=team.team, person=review.child, source=review
            )


@transaction.atomic
def reconvene_request(*, actor, child: Person, reason: str) -> ReconveneReview:
    """Any agency that can see the child asks for the meeting to be reconvened."""
    records.require(actor, "view", child)
    if len(_text(reason)) < MIN_REASON:
        raise InvalidInput({"reason": [RECONVENE_REASON_REQUIRED]})
    if not selectors.children_with_open_protection([child.pk]):
        raise InvalidInput({"child_id": ["This child has no open enquiry or plan to reconvene"]})
    today = timezone.localdate()
    review = ReconveneReview.objects.create(
        child=child,
        requested_by=actor,
        requested_by_agency=actor.primary_agency,
        request_reason=_text(reason),
        raised_on=today,
        escalate_after=clock.reconvene_request_escalation_due(today),
    )
    _review_tasks(review, f"Reconvening requested by {actor.primary_agency or actor}")
    chronology_event_record(
        person=child,
        event_type=EventType.RECONVENE_REQUESTED,
        occurred_on=today,
        summary=f"Reconvening requested by {actor.primary_agency or actor}",
        actor=actor,
        source=review,
    )
    _audit(actor, AuditAction.CREATE, review, child, "requested a reconvened meeting")
    return review


@transaction.atomic
def reconvene_decide(*, actor, review: ReconveneReview, decision: str, reason: str) -> ReconveneReview:
    """The lead social worker or chair decides: reconvene, bring forward the review, or no change."""
    child = review.child
    if not records.allows(actor, "decide", review):
        # 403 for those who see the child but may not change it, 404 for everyone else
        records.require(actor, "change", child)
    chair = selectors.conference_chair(child)
    errors: dict = {}
    if review.decision:
        _add(errors, "decision", "A decision has already been recorded")
    if decision not in {d for d in ReconveneReview.Decision.values if d}:
        _add(errors, "decision", RECONVENE_DECISION_REQUIRED)
    if len(_text(reason)) < MIN_REASON:
        _add(errors, "reason", RECONVENE_DECISION_REASON_REQUIRED)
    _raise(errors)
    review.decision, review.decision_reason = decision, _text(reason)
    review.decided_by, review.decided_at = actor, timezone.now()
    review.save(update_fields=["decision", "decision_reason", "decided_by", "decided_at"])
    for task in Task.objects.filter(
        source_type="protection.reconvenereview", source_id=str(review.pk), status=TaskStatus.OPEN
    ):
        task_complete(task=task, outcome=review.get_decision_display())
    if decision == ReconveneReview.Decision.RECONVENE_STRATEGY:
        previous = StrategyDiscussion.objects.filter(child_links__child=child).first()
        _propose(
            actor=actor,
            children=[child],
            reason=f"Reconvened: {review.decision_reason}",
            source=review,
            sexual_abuse_suspected=bool(previous and previous.sexual_abuse_suspected),
            hsb=[child]
            if previous and previous.child_links.filter(child=child, harmful_sexual_behaviour=True).exists()
            else [],
            perpetrators=list(previous.alleged_perpetrators.all()) if previous else [],
            non_recent=False,
        )
    elif decision == ReconveneReview.Decision.BRING_FORWARD_REVIEW and chair is not None:
        task_create(
            kind="bring_forward_review",
            title="Bring forward the review conference",
            assignee=chair,
            person=child,
            due_on=clock.brought_forward_review_due(timezone.localdate()),
            source=review,
        )
    chronology_event_record(
        person=child,
        event_type=EventType.RECONVENE_DECIDED,
        occurred_on=timezone.localdate(),
        summary=f"Decision on reconvening: {review.get_decision_display()}",
        actor=actor,
        source=review,
    )
    _audit(actor, AuditAction.CHANGE, review, child, "decided whether to reconvene", {"decision": decision})
    return review


def escalate_overdue(*, now=None) -> int:
    """Escalate every unanswered 'consider reconvening' past its escalation date to the lead social
    worker's managers. Idempotent: each review escalates once. Returns how many escalated."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    count = 0
    for review in ReconveneReview.objects.filter(decision="", escalated_at__isnull=True, escalate_after__lt=today):
        with transaction.atomic():
            locked = ReconveneReview.objects.select_for_update().get(pk=review.pk)
            if locked.escalated_at or locked.decision:
                continue
            locked.escalated_at = now
            locked.save(update_fields=["escalated_at"])
            lead = selectors.lead_social_worker(locked.child)
            managers = selectors.managers_of(lead)
            title = "Escalated: no decision yet on reconvening"
            for manager in managers:
                task_create(
                    kind="reconvene_escalated",
                    title=title,
                    due_on=today,
                    assignee=manager,
                    person=locked.child,
                    source=locked,
                )
            if not managers and lead is not None:
                team_id = next(iter(sorted(lead.team_ids)), None)
                if team_id:
                    task_create(
                        kind="reconvene_escalated",
                        title=title,
                        due_on=today,
                        team=_team(team_id),
                        person=locked.child,
                        source=locked,
                    )
            audit_record(
                actor=None,
                action=AuditAction.CHANGE,
                object_type="protection.reconvenereview",
                object_id=str(locked.pk),
                person=locked.child,
                purpose="automatic escalation",
                detail={"managers": [m.pk for m in managers]},
            )
            count += 1
    return count
