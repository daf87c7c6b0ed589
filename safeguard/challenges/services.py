"""Raising a professional challenge. The protection pathway builds the stages' workflow on this."""

from __future__ import annotations

import dataclasses

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from safeguard.access import records
from safeguard.access.audit import audit_record
from safeguard.access.errors import InvalidInput
from safeguard.access.models import AuditAction
from safeguard.agencies.models import Membership
from safeguard.agencies.roles import ESCALATION_RANK, MANAGER_ROLES, AgencyType, Role
from safeguard.challenges.models import ChallengeStatus, ChallengeStep, ProfessionalChallenge, Stage
from safeguard.challenges.validation import (
    CONCERN_REQUIRED,
    MIN_CONCERN,
    MIN_OUTCOME,
    OUTCOME_REQUIRED,
    OWNER_REQUIRED,
    WITHDRAW_REASON_REQUIRED,
)
from safeguard.core import clock
from safeguard.core.models import EventType, Task, TaskStatus
from safeguard.core.services import chronology_event_record, source_ref, task_complete, task_create


@transaction.atomic
def challenge_raise(
    *, actor, person, concern: str, owner, subject=None, desired_outcome: str = ""
) -> ProfessionalChallenge:
    """Start a challenge at the practitioner stage, owned by the person who made the decision."""
    records.require(actor, "view", person)
    if len((concern or "").strip()) < MIN_CONCERN:
        raise InvalidInput({"concern": [CONCERN_REQUIRED]})
    if owner is None:
        raise InvalidInput({"owner_id": [OWNER_REQUIRED]})
    subject_type, subject_id = source_ref(subject)
    today = timezone.localdate()
    due = clock.challenge_stage_due(today, Stage.PRACTITIONER)
    challenge = ProfessionalChallenge.objects.create(
        person=person,
        subject_type=subject_type,
        subject_id=subject_id,
        raised_by=actor,
        raised_by_agency=actor.primary_agency,
        concern=concern.strip(),
        desired_outcome=(desired_outcome or "").strip(),
        owner=owner,
        stage_due_on=due,
    )
    ChallengeStep.objects.create(challenge=challenge, stage=Stage.PRACTITIONER, owner=owner, due_on=due, note=concern)
    task_create(
        kind="challenge_response",
        title=f"Respond to a professional challenge from {actor}",
        due_on=due,
        assignee=owner,
        person=person,
        source=challenge,
    )
    chronology_event_record(
        person=person,
        event_type=EventType.CHALLENGE_RAISED,
        occurred_on=today,
        summary=f"Professional challenge raised by {actor.primary_agency or actor}",
        actor=actor,
        source=challenge,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="challenges.professionalchallenge",
        object_id=str(challenge.pk),
        person=person,
        purpose="raised a professional challenge",
    )
    return challenge


# --- The stages workflow --------------------------------------------------------------------------

def _active(qs):
    today = timezone.localdate()
    return qs.filter(starts_on__lte=today).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))


@dataclasses.dataclass(frozen=True)
class Escalation:
    stage: int
    owner: object
    reason: str = ""


def _rank(practitioner) -> int:
    return max((ESCALATION_RANK.get(role, 0) for role in practitioner.roles), default=0)


def _candidates(*, roles, agency=None, team_ids=None, partnership=False):
    rows = _active(Membership.objects.filter(role__in=roles, practitioner__is_active=True))
    if team_ids is not None:
        rows = rows.filter(team_id__in=team_ids)
    if agency is not None:
        rows = rows.filter(team__agency=agency)
    if partnership:
        rows = rows.filter(team__agency__agency_type=AgencyType.PARTNERSHIP)
    return [m.practitioner for m in rows.select_related("practitioner").order_by("-is_primary", "pk")]


def next_owner(challenge: ProfessionalChallenge) -> Escalation:
    """Who the challenge goes to when it is not resolved at its stage: always up, never back.

    The person must be more senior than everyone who has held it so far (the decision maker
    included) and independent of the decision: not the decision maker, not anyone who has already
    held a stage, not the person who raised it. The ladder: a manager of the decision maker's team
    (managers stage), the agency's head of service (senior managers stage), the partnership's named
    lead (partnership stage); a level with nobody suitable is skipped, and the reason recorded. If the
    agency has nobody suitable at all, the partnership lead's queue holds it and says why."""
    steps = list(challenge.steps.select_related("owner").order_by("recorded_at", "pk"))
    decision_maker = steps[0].owner if steps else challenge.owner
    holders = [decision_maker, challenge.owner, *(s.owner for s in steps)]
    excluded = {p.pk for p in holders} | {challenge.raised_by_id}
    floor = max(_rank(p) for p in holders)
    agency = decision_maker.primary_agency
    agency_name = str(agency) if agency else "the decision maker's agency"
    levels = [
        (
            Stage.MANAGERS,
            "manager of the team that made the decision",
            lambda: (
                _candidates(roles=MANAGER_ROLES, team_ids=decision_maker.team_ids)
                + _candidates(roles=MANAGER_ROLES, agency=agency)
            ),
        ),
        (
            Stage.SENIOR_MANAGERS,
            f"head of service in {agency_name}",
            lambda: _candidates(roles=[Role.HEAD_OF_SERVICE], agency=agency),
        ),
    ]
    skipped: list[str] = []
    for stage, who, find in levels:
        if stage <= challenge.stage:
            continue
        found = next((p for p in find() if p.pk not in excluded and _rank(p) > floor), None)
        if found:
            reason = f"There is no {skipped[-1]} {INDEPENDENT}: it went to the head of service" if skipped else ""
            return Escalation(stage=stage, owner=found, reason=reason)
        skipped.append(who)
    why = f"Held by the partnership lead: there is no {' and no '.join(skipped)} {INDEPENDENT}" if skipped else ""
    leads = [p for p in _candidates(roles=[Role.PARTNERSHIP_LEAD], partnership=True) if p.pk not in excluded]
    if leads:
        return Escalation(stage=Stage.PARTNERSHIP, owner=leads[0], reason=why)
    if challenge.owner_id != decision_maker.pk:
        return Escalation(stage=Stage.PARTNERSHIP, owner=challenge.owner, reason=NO_LEAD)
    raise InvalidInput({"outcome": [NO_LEAD]})


INDEPENDENT = "who is more senior than, and independent of, the decision"
NO_LEAD = (
    "Nobody more senior than, and independent of, the decision can take this challenge and the partnership "
    "has not named a lead: the partnership must name one"
)


def _close_stage_tasks(challenge: ProfessionalChallenge, outcome: str) -> None:
    for task in Task.objects.filter(
        source_type="challenges.professionalchallenge", source_id=str(challenge.pk), status=TaskStatus.OPEN
    ):
        task_complete(task=task, outcome=outcome[:200])


def _enter_stage(
    challenge: ProfessionalChallenge, *, escalation: Escalation, note: str, automatic: bool, actor
) -> None:
    today = timezone.localdate()
    stage, owner = escalation.stage, escalation.owner
    due = clock.challenge_stage_due(today, stage)
    challenge.stage, challenge.owner, challenge.stage_due_on = stage, owner, due
    challenge.owner_reason = escalation.reason
    challenge.save(update_fields=["stage", "owner", "stage_due_on", "owner_reason"])
    if escalation.reason:
        note = f"{note}. {escalation.reason}"
    ChallengeStep.objects.create(
        challenge=challenge, stage=stage, owner=owner, due_on=due, note=note, automatic=automatic
    )
    task_create(
        kind="challenge_response",
        title=f"Respond to a professional challenge ({Stage(stage).label.lower()} stage)"
        + (f": {escalation.reason[0].lower()}{escalation.reason[1:]}" if escalation.reason else ""),
        due_on=due,
        assignee=owner,
        person=challenge.person,
        source=challenge,
    )
    chronology_event_record(
        person=challenge.person,
        event_type=EventType.CHALLENGE_ESCALATED,
        occurred_on=today,
        summary=f"Professional challenge escalated to {Stage(stage).label.lower()}"
        + (" (automatically, stage overdue)" if automatic else ""),
        actor=actor,
        agency=challenge.raised_by_agency if actor is None else None,
        source=challenge,
    )


def _current_step(challenge: ProfessionalChallenge) -> ChallengeStep | None:
    return challenge.steps.filter(stage=challenge.stage, closed_at__isnull=True).order_by("-recorded_at").first()


@transaction.atomic
def challenge_respond(
    *, actor, challenge: ProfessionalChallenge, outcome: str, resolved: bool
) -> ProfessionalChallenge:
    """The stage's owner records the outcome. Resolved closes it; not resolved moves to the next stage."""
    records.require(actor, "respond", challenge)
    errors = {}
    if challenge.status != ChallengeStatus.OPEN:
        errors["status"] = ["This challenge is closed"]
    elif not records.allows(actor, "record_outcome", challenge):
        errors["outcome"] = ["Only the owner of this stage, or the person who raised it, can record its outcome"]
    if len((outcome or "").strip()) < MIN_OUTCOME:
        errors.setdefault("outcome", []).append(OUTCOME_REQUIRED)
    if errors:
        raise InvalidInput(errors)
    outcome = outcome.strip()
    step = _current_step(challenge)
    if step:
        step.outcome, step.closed_at = outcome, timezone.now()
        step.save(update_fields=["outcome", "closed_at"])
    _close_stage_tasks(challenge, outcome)
    if resolved or challenge.stage >= Stage.PARTNERSHIP:
        challenge.status, challenge.outcome, challenge.closed_at = ChallengeStatus.RESOLVED, outcome, timezone.now()
        challenge.save(update_fields=["status", "outcome", "closed_at"])
        chronology_event_record(
            person=challenge.person,
            event_type=EventType.CHALLENGE_RESOLVED,
            occurred_on=timezone.localdate(),
            summary="Professional challenge resolved",
            actor=actor,
            source=challenge,
        )
    else:
        _enter_stage(
            challenge,
            escalation=next_owner(challenge),
            note=f"Not resolved at the previous stage: {outcome}",
            automatic=False,
            actor=actor,
        )
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="challenges.professionalchallenge",
        object_id=str(challenge.pk),
        person=challenge.person,
        purpose="recorded a challenge outcome",
        detail={"resolved": challenge.status == ChallengeStatus.RESOLVED, "stage": challenge.stage},
    )
    return challenge


@transaction.atomic
def challenge_withdraw(*, actor, challenge: ProfessionalChallenge, reason: str) -> ProfessionalChallenge:
    records.require(actor, "withdraw", challenge)
    if len((reason or "").strip()) < MIN_OUTCOME:
        raise InvalidInput({"reason": [WITHDRAW_REASON_REQUIRED]})
    challenge.status, challenge.outcome, challenge.closed_at = ChallengeStatus.WITHDRAWN, reason.strip(), timezone.now()
    challenge.save(update_fields=["status", "outcome", "closed_at"])
    _close_stage_tasks(challenge, "Withdrawn")
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="challenges.professionalchallenge",
        object_id=str(challenge.pk),
        person=challenge.person,
        purpose="withdrew a challenge",
    )
    return challenge


def challenges_escalate_overdue(*, today=None) -> int:
    """Move every open challenge whose stage is overdue to the next stage, automatically.
    Idempotent: the new stage has a new due date, so a second run the same day changes nothing."""
    today = today or timezone.localdate()
    count = 0
    overdue = ProfessionalChallenge.objects.filter(
        status=ChallengeStatus.OPEN, stage_due_on__lt=today, stage__lt=Stage.PARTNERSHIP
    )
    for pk in overdue.values_list("pk", flat=True):
        with transaction.atomic():
            challenge = ProfessionalChallenge.objects.select_for_update().get(pk=pk)
            if challenge.status != ChallengeStatus.OPEN or challenge.stage_due_on >= today:
                continue
            step = _current_step(challenge)
            if step:
                step.outcome, step.closed_at = "No outcome recorded by the due date", timezone.now()
                step.save(update_fields=["outcome", "closed_at"])
            _close_stage_tasks(challenge, "Escalated: stage overdue")
            escalation = next_owner(challenge)
            stage = escalation.stage
            _enter_stage(
                challenge,
                escalation=escalation,
                note="Escalated automatically: the previous stage was not resolved by its due date",
                automatic=True,
                actor=None,
            )
            audit_record(
                actor=None,
                action=AuditAction.CHANGE,
                object_type="challenges.professionalchallenge",
                object_id=str(challenge.pk),
                person=challenge.person,
                purpose="automatic escalation",
                detail={"stage": stage},
            )
            count += 1
    return count
