"""Reads for professional challenges: one challenge (for those involved), and the partnership view."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import date

from django.db.models import Count, F, Min, OuterRef, Q, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from safeguard.access import records
from safeguard.access.errors import NotFound
from safeguard.challenges.models import ChallengeStatus, ProfessionalChallenge
from safeguard.core.prepared import PreparedQuery


def challenge_lookup(*, challenge_id) -> ProfessionalChallenge:
    try:
        return ProfessionalChallenge.objects.select_related("person", "owner", "raised_by").get(
            pk=uuid.UUID(str(challenge_id))
        )
    except (ValueError, ProfessionalChallenge.DoesNotExist):
        raise NotFound() from None


def challenge_for_view(*, actor, challenge_id) -> ProfessionalChallenge:
    """Those who can see the child, plus the raiser and anyone who has owned a stage."""
    challenge = challenge_lookup(challenge_id=challenge_id)
    if records.allows(actor, "take_part", challenge):
        return challenge
    records.require(actor, "view", challenge.person, audit=True)
    return challenge


def challenges_for(*, actor):
    """Open challenges the actor raised or owns now (access decides which are theirs: "hold")."""
    open_challenges = ProfessionalChallenge.objects.filter(status=ChallengeStatus.OPEN)
    return records.visible(actor, "hold", open_challenges).select_related("raised_by_agency", "owner")


def challenges_about(*, person):
    """Every challenge about a child, newest first (the caller has already checked the child is visible)."""
    return (
        ProfessionalChallenge.objects.filter(person=person)
        .select_related("raised_by_agency", "owner")
        .order_by("-raised_at")
    )


def can_view_partnership(actor) -> bool:
    return records.allows(actor, "oversee", ProfessionalChallenge)


@dataclasses.dataclass
class OpenChallengeRow:
    id: uuid.UUID
    raised_by_agency: str
    owner_agency: str
    stage: str
    age_days: int
    stage_due_on: date
    overdue: bool
    automatic_escalations: int


@dataclasses.dataclass
class AgencyGroup:
    agency: str
    rows: list[OpenChallengeRow]  # the oldest, at most ROWS_PER_AGENCY
    count: int = 0  # every open challenge the agency raised
    oldest_days: int = 0


ROWS_PER_AGENCY = 25


def _oldest_open_challenges(rows_per_agency: int, today: date):
    """Each agency's oldest open challenges with the agency's totals and the owner's agency now."""
    from safeguard.agencies.models import Membership, active_membership_q

    by_agency = {"partition_by": [F("raised_by_agency")]}
    owner_agency = (
        Membership.objects.filter(active_membership_q(today=today), practitioner_id=OuterRef("owner_id"))
        .order_by("-is_primary", "starts_on")
        .values("team__agency__name")[:1]
    )
    return (
        ProfessionalChallenge.objects.filter(status=ChallengeStatus.OPEN)
        .annotate(
            position=Window(RowNumber(), order_by=[F("raised_at").asc(), F("pk").asc()], **by_agency),
            agency_count=Window(Count("pk"), **by_agency),
            agency_first=Window(Min("raised_at"), **by_agency),
            automatic=Count("steps", filter=Q(steps__automatic=True)),
            owner_agency=Subquery(owner_agency),
        )
        .filter(position__lte=rows_per_agency)
        .order_by("raised_at", "pk")
        .values_list(
            "pk", "raised_by_agency_id", "raised_by_agency__name", "owner_agency", "stage", "raised_at",
            "stage_due_on", "automatic", "agency_count", "agency_first",
        )
    )


#: The analyst's read of the load mix (one request in seven): compiling this window query took
#: ≈ 2 ms of CPU, several times running it, so it is compiled once per process and day.
_OLDEST_OPEN_CHALLENGES = PreparedQuery(_oldest_open_challenges, stand_in=-(2**31) + 7)


def partnership_open_challenges(
    *, actor, today: date | None = None, rows_per_agency: int = ROWS_PER_AGENCY
) -> list[AgencyGroup]:
    """Open challenges by the agency that raised them, oldest first. No names: agencies, stages, ages.

    Each agency's count and oldest age cover all its open challenges; the rows shown are its oldest
    `rows_per_agency`. One query however many challenges are open: the counts and first dates are
    window totals over each agency's open challenges, the owner's agency a subquery, and only the
    columns shown are read (each was a separate query, or a model instance per row).
    """
    records.require(actor, "oversee", ProfessionalChallenge)
    oldest = _OLDEST_OPEN_CHALLENGES(rows_per_agency, timezone.localdate())
    today = today or timezone.localdate()
    stages = dict(ProfessionalChallenge._meta.get_field("stage").flatchoices)
    groups: dict[int | None, AgencyGroup] = {}
    for pk, agency_id, agency, owner, stage, raised_at, due_on, automatic, count, first in oldest:
        group = groups.get(agency_id)
        if group is None:
            group = groups[agency_id] = AgencyGroup(
                agency=agency or "Unknown agency", rows=[], count=count,
                oldest_days=(today - timezone.localtime(first).date()).days,
            )
        group.rows.append(
            OpenChallengeRow(
                id=pk,
                raised_by_agency=group.agency,
                owner_agency=owner or "Unknown agency",
                stage=stages.get(stage, stage),
                age_days=(today - timezone.localtime(raised_at).date()).days,
                stage_due_on=due_on,
                overdue=due_on < today,
                automatic_escalations=automatic,
            )
        )
    for group in groups.values():
        group.rows.sort(key=lambda r: -r.age_days)
    return sorted(groups.values(), key=lambda g: g.agency)
