"""Reads for professional challenges: one challenge (for those involved), and the partnership view."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import date

from django.db.models import Q
from django.utils import timezone

from safeguard.access import policy
from safeguard.access.errors import NotFound
from safeguard.access.services import person_access_check
from safeguard.agencies.roles import MANAGER_ROLES, Role
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
    involved = {challenge.raised_by_id, challenge.owner_id, *challenge.steps.values_list("owner_id", flat=True)}
    if actor.pk in involved and policy.sees_case_content(actor):
        return challenge
    person_access_check(actor=actor, person=challenge.person, action=policy.Action.VIEW)
    return challenge


def challenges_for(*, actor):
    """Open challenges the actor raised or owns now."""
    return (
        ProfessionalChallenge.objects.filter(status=ChallengeStatus.OPEN)
        .filter(Q(raised_by=actor) | Q(owner=actor))
        .select_related("raised_by_agency", "owner")
    )


def challenges_about(*, person):
    """Every challenge about a child, newest first (the caller has already checked the child is visible)."""
    return (
        ProfessionalChallenge.objects.filter(person=person)
        .select_related("raised_by_agency", "owner")
        .order_by("-raised_at")
    )


def can_view_partnership(actor) -> bool:
    seniors = MANAGER_ROLES | {Role.HEAD_OF_SERVICE, Role.PARTNERSHIP_LEAD}
    return policy.can_view_aggregates(actor) or bool(getattr(actor, "roles", frozenset()) & seniors)


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
    rows: list[OpenChallengeRow]

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def oldest_days(self) -> int:
        return max((r.age_days for r in self.rows), default=0)


def partnership_open_challenges(*, actor, today: date | None = None) -> list[AgencyGroup]:
    """Open challenges by the agency that raised them, oldest first. No names: agencies, stages, ages."""
    if not can_view_partnership(actor):
        raise NotFound()
    today = today or timezone.localdate()
    groups: dict[str, list[OpenChallengeRow]] = {}
    qs = ProfessionalChallenge.objects.filter(status=ChallengeStatus.OPEN).select_related("raised_by_agency")
    for c in qs.order_by("raised_at"):
        owner_agency = c.owner.primary_agency
        row = OpenChallengeRow(
            id=c.pk,
            raised_by_agency=c.raised_by_agency.name if c.raised_by_agency else "Unknown agency",
            owner_agency=owner_agency.name if owner_agency else "Unknown agency",
            stage=c.get_stage_display(),
            age_days=(today - timezone.localtime(c.raised_at).date()).days,
            stage_due_on=c.stage_due_on,
            overdue=c.stage_due_on < today,
            automatic_escalations=c.steps.filter(automatic=True).count(),
        )
        groups.setdefault(row.raised_by_agency, []).append(row)
    return [AgencyGroup(k, sorted(v, key=lambda r: -r.age_days)) for k, v in sorted(groups.items())]
