"""Every write to children in need episodes and plans: validated, audited in one transaction.
Keyword-only `thing_verb(*, actor, ...)`."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from safeguard.access.audit import audit_record
from safeguard.access.models import AuditAction
from safeguard.cin.codes import ClosureReason
from safeguard.cin.models import CINEpisode
from safeguard.frontdoor.codes import ReferralSource
from safeguard.people.models import Person
from safeguard.people.validation import Errors


def open_episode_of(child: Person) -> CINEpisode | None:
    return CINEpisode.objects.filter(child=child, closure_date__isnull=True).first()


@transaction.atomic
def episode_open(
    *,
    actor,
    child: Person,
    referral_date: date,
    referral_source: str,
    contact=None,
    decision=None,
    team=None,
) -> tuple[CINEpisode, bool]:
    """Open a children in need episode for a referral, or join the child's open one (a new referral
    while an episode is open is part of it, as the census counts it). Returns (episode, created)."""
    errors = Errors()
    if referral_source not in ReferralSource.values:
        errors.add("referral_source", "Select where the referral came from")
    if referral_date > timezone.localdate():
        errors.add("referral_date", "The referral date must be today or in the past")
    errors.raise_if_any()
    Person.objects.select_for_update().filter(pk=child.pk).first()  # one open episode, even at once
    existing = open_episode_of(child)
    if existing is not None:
        return existing, False
    episode = CINEpisode.objects.create(
        child=child,
        referral_date=referral_date,
        referral_source=referral_source,
        contact=contact,
        decision=decision,
        team=team,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        record=episode,
        person=child,
        purpose="opened a children in need episode for a referral",
    )
    return episode, True


@transaction.atomic
def episode_close(*, actor, episode: CINEpisode, closure_date: date | None, closure_reason: str) -> CINEpisode:
    """Close the episode with the date and reason the census needs. Nothing changes on bad input."""
    episode = CINEpisode.objects.select_for_update().get(pk=episode.pk)
    errors = Errors()
    if not episode.is_open:
        errors.add("closure_date", "This episode is already closed")
    if closure_date is None:
        errors.add("closure_date", "Enter the date the episode closed")
    elif closure_date < episode.referral_date:
        referred = f"{episode.referral_date:%-d %B %Y}"
        errors.add("closure_date", f"The closure date must be on or after the referral date, {referred}")
    elif closure_date > timezone.localdate():
        errors.add("closure_date", "The closure date must be today or in the past")
    if closure_reason not in ClosureReason.values:
        errors.add("closure_reason", "Select why the episode is closing")
    errors.raise_if_any()
    episode.closure_date = closure_date
    episode.closure_reason = closure_reason
    episode.closed_by = actor if getattr(actor, "is_authenticated", False) else None
    episode.save(update_fields=["closure_date", "closure_reason", "closed_by"])
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        record=episode,
        person=episode.child,
        purpose="closed a children in need episode",
        detail={"closure_reason": closure_reason},
    )
    return episode
