"""Who works with a child and which children have open protection work: the reads the rest build on."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone

from safeguard.access.errors import NotFound
from safeguard.access.models import Involvement, InvolvementKind
from safeguard.agencies.models import Membership
from safeguard.agencies.roles import MANAGER_ROLES
from safeguard.people.models import Person
from safeguard.protection.models import (
    Allocation,
    Conference,
    DiscussionChild,
    DiscussionStatus,
    Plan,
    PlanStatus,
    Section47Enquiry,
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
    from safeguard.access import records
    from safeguard.agencies.models import Team

    teams = records.visible(actor, "manage", Team.objects.all()).values("pk")
    return set(Membership.objects.filter(team_id__in=teams).values_list("practitioner_id", flat=True))


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


def team_member_ids(team) -> set[int]:
    today = timezone.localdate()
    return set(
        Membership.objects.filter(team=team, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .values_list("practitioner_id", flat=True)
    )

