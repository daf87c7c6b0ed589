"""Reads for auditors: who looked at a record, and break-glass grants awaiting review."""

from __future__ import annotations

from django.db.models import QuerySet

from safeguard.access import policy
from safeguard.access.errors import NotFound
from safeguard.access.models import AuditEntry, AuditEntryPerson, BreakGlassGrant


def audit_entries_for_person(*, actor, person_id: str) -> QuerySet[AuditEntry]:
    if not policy.can_view_audit(actor):
        raise NotFound()
    # One IN over a UNION (not an OR of two conditions, which PostgreSQL answers by reading the log).
    named = AuditEntry.objects.filter(person_id=str(person_id)).order_by().values("seq").union(
        AuditEntryPerson.objects.filter(person_id=str(person_id)).order_by().values("entry_id")
    )
    return AuditEntry.objects.filter(seq__in=named).order_by("-seq")


def audit_entries(*, actor, action: str = "", username: str = "") -> QuerySet[AuditEntry]:
    if not policy.can_view_audit(actor):
        raise NotFound()
    qs = AuditEntry.objects.order_by("-seq")
    if action:
        qs = qs.filter(action=action)
    if username:
        qs = qs.filter(actor_username=username)
    return qs


def break_glass_for_review(*, actor) -> QuerySet[BreakGlassGrant]:
    if not policy.can_review_break_glass(actor):
        raise NotFound()
    return BreakGlassGrant.objects.filter(review=BreakGlassGrant.Review.PENDING).select_related(
        "practitioner", "person"
    )


def break_glass_for_person(*, person) -> QuerySet[BreakGlassGrant]:
    """Shown on the record itself, to anyone who can see the record."""
    return BreakGlassGrant.objects.filter(person=person).select_related("practitioner")


def accounts_for_admin(*, actor):
    """Every practitioner account with its team memberships, for the system administrator."""
    from django.db.models import Prefetch

    from safeguard.agencies.models import Membership, Practitioner

    if not policy.can_manage_accounts(actor):
        raise NotFound()
    memberships = Membership.objects.select_related("team__agency").order_by("-is_primary", "starts_on")
    return Practitioner.objects.order_by("last_name", "first_name", "username").prefetch_related(
        Prefetch("memberships", queryset=memberships)
    )
