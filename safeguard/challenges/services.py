"""Raising a professional challenge. The protection pathway builds the stages' workflow on this."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from safeguard.access import policy
from safeguard.access.audit import audit_record
from safeguard.access.errors import InvalidInput, NotFound
from safeguard.access.models import AuditAction
from safeguard.challenges.models import ChallengeStep, ProfessionalChallenge, Stage
from safeguard.core import clock
from safeguard.core.models import EventType
from safeguard.core.services import chronology_event_record, source_ref, task_create


@transaction.atomic
def challenge_raise(
    *, actor, person, concern: str, owner, subject=None, desired_outcome: str = ""
) -> ProfessionalChallenge:
    """Start a challenge at the practitioner stage, owned by the person who made the decision."""
    if not policy.decide(actor, person, policy.Action.VIEW):
        raise NotFound()
    if len((concern or "").strip()) < 10:
        raise InvalidInput({"concern": ["Say what you disagree with and why"]})
    if owner is None:
        raise InvalidInput({"owner": ["Choose who the challenge is to"]})
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
