"""Reads for professional challenges: one challenge (for those involved), and the partnership view."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import date

from django.db.models import Count, F, Min, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from safeguard.access import records
from safeguard.access.errors import NotFound
from safeguard.challenges.models import ChallengeStatus, ProfessionalChallenge


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


def _primary_agency_names(practitioner_ids) -> dict:
    """Each practitioner's primary agency name now, in one query (Practitioner.primary_membership's rule)."""
    from safeguard.agencies.models import Membership

    today = timezone.localdate()
    names: dict = {}
    for practitioner_id, agency in (
        Membership.objects.filter(practitioner_id__in=set(practitioner_ids), starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .order_by("practitioner_id", "-is_primary", "starts_on")
        .values_list("practitioner_id", "team__agency__name")
    ):
        names.setdefault(practitioner_id, agency)
    return names


def partnership_open_challenges(
    *, actor, today: date | None = None, rows_per_agency: int = ROWS_PER_AGENCY
) -> list[AgencyGroup]:
    """Open challenges by the agency that raised them, oldest first. No names: agencies, stages, ages.

    Each agency's count and oldest age cover all its open challenges; the rows shown are its oldest
    `rows_per_agency`. Three queries however many challenges are open.
    """
    records.require(actor, "oversee", ProfessionalChallenge)
    today = today or timezone.localdate()
    open_challenges = ProfessionalChallenge.objects.filter(status=ChallengeStatus.OPEN)
    totals = {
        row["raised_by_agency"]: row
        for row in open_challenges.values("raised_by_agency").annotate(count=Count("pk"), first=Min("raised_at"))
    }
    oldest = (
        open_challenges.annotate(
            position=Window(
                RowNumber(), partition_by=[F("raised_by_agency")], order_by=[F("raised_at").asc(), F("pk").asc()]
            ),
            automatic=Count("steps", filter=Q(steps__automatic=True)),
        )
        .filter(position__lte=rows_per_agency)
        .select_related("raised_by_agency")
        .order_by("raised_at", "pk")
    )
    oldest = list(oldest)
    owner_agencies = _primary_agency_names(c.owner_id for c in oldest)
    groups: dict[int | None, AgencyGroup] = {}
    for agency_id, total in totals.items():
        groups[agency_id] = AgencyGroup(
            agency="",
            rows=[],
            count=total["count"],
            oldest_days=(today - timezone.localtime(total["first"]).date()).days,
        )
    for c in oldest:
        group = groups[c.raised_by_agency_id]
        group.agency = c.raised_by_agency.name if c.raised_by_agency else "Unknown agency"
        group.rows.append(
            OpenChallengeRow(
                id=c.pk,
                raised_by_agency=group.agency,
                owner_agency=owner_agencies.get(c.owner_id) or "Unknown agency",
                stage=c.get_stage_display(),
                age_days=(today - timezone.localtime(c.raised_at).date()).days,
                stage_due_on=c.stage_due_on,
                overdue=c.stage_due_on < today,
                automatic_escalations=c.automatic,
            )
        )
    for group in groups.values():
        group.rows.sort(key=lambda r: -r.age_days)
    return sorted(groups.values(), key=lambda g: g.agency)
