"""Starting and ending a period of care (looked after)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from safeguard.access import records
from safeguard.access.errors import InvalidInput
from safeguard.access.models import AuditAction
from safeguard.core.inputs import date_problem
from safeguard.core.models import EventType
from safeguard.core.services import chronology_event_record
from safeguard.people.models import Person
from safeguard.protection.inputs.casework import LEGAL_STATUS_REQUIRED, LOOKED_AFTER, LOOKED_AFTER_END_REASON_REQUIRED

from .common import _audit, _text


@transaction.atomic
def looked_after_start(*, actor, child: Person, legal_status: str, started_on: date | None = None):
    """The child starts to be looked after: recorded once, on the chronology, audited."""
    from safeguard.protection.models import LegalStatus, LookedAfterEpisode

    records.require(actor, "change", child)
    started_on = started_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if legal_status not in LegalStatus.values:
        errors["legal_status"] = [LEGAL_STATUS_REQUIRED]
    if problem := date_problem(started_on, what=LOOKED_AFTER.fields["started_on"].what, past=True):
        errors["started_on"] = [problem]
    if LookedAfterEpisode.objects.filter(child=child, ended_on__isnull=True).exists():
        errors["child_id"] = ["This child is already looked after: end that episode first"]
    if errors:
        raise InvalidInput(errors)
    episode = LookedAfterEpisode.objects.create(
        child=child, legal_status=legal_status, started_on=started_on, recorded_by=actor
    )
    chronology_event_record(
        person=child,
        event_type=EventType.LOOKED_AFTER_STARTED,
        occurred_on=started_on,
        summary=f"Looked after: {episode.get_legal_status_display()}",
        actor=actor,
        source=episode,
    )
    _audit(actor, AuditAction.CREATE, episode, child, "recorded that a child is looked after")
    return episode


@transaction.atomic
def looked_after_end(*, actor, episode, ended_on: date | None = None, reason: str = ""):
    records.require(actor, "change", episode.child)
    ended_on = ended_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if episode.ended_on is not None:
        errors["ended_on"] = ["This episode has already ended"]
    elif ended_on < episode.started_on:
        errors["ended_on"] = ["The end date must be on or after the start date"]
    if not _text(reason):
        errors["reason"] = [LOOKED_AFTER_END_REASON_REQUIRED]
    if errors:
        raise InvalidInput(errors)
    episode.ended_on, episode.end_reason = ended_on, _text(reason)[:300]
    episode.save(update_fields=["ended_on", "end_reason"])
    chronology_event_record(
        person=episode.child,
        event_type=EventType.LOOKED_AFTER_ENDED,
        occurred_on=ended_on,
        summary=f"Stopped being looked after: {episode.end_reason}",
        actor=actor,
        source=episode,
    )
    _audit(actor, AuditAction.CHANGE, episode, episode.child, "recorded the end of a looked-after episode")
    return episode
