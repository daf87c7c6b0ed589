"""Children in need episodes and child in need plans: what the CIN census and Ofsted's Annex A count.

An episode runs from the referral (the front door decision that passed a contact to social work) to
its closure with a reason; assessments (frontdoor.Assessment), section 47 enquiries and plans sit
inside it. A child has at most one open episode at a time."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from safeguard.cin.codes import ClosureReason, PrimaryNeed
from safeguard.frontdoor.codes import ReferralSource

USER = settings.AUTH_USER_MODEL


class CINEpisode(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cin_episodes")
    referral_date = models.DateField()
    referral_source = models.CharField(max_length=3, choices=ReferralSource.choices)
    contact = models.ForeignKey(
        "frontdoor.Contact", null=True, blank=True, on_delete=models.PROTECT, related_name="cin_episodes"
    )
    decision = models.ForeignKey(
        "frontdoor.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="cin_episodes"
    )
    # The referral led to no further action (before any assessment): the CIN census ReferralNFA.
    referral_nfa = models.BooleanField(default=False)
    primary_need = models.CharField(max_length=2, choices=PrimaryNeed.choices, blank=True)
    closure_date = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=3, choices=ClosureReason.choices, blank=True)
    team = models.ForeignKey("agencies.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    closed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-referral_date"]
        indexes = [
            models.Index(fields=["child", "referral_date"]),
            # The census and Annex A select episodes open at any time in a period.
            models.Index(fields=["referral_date"]),
            models.Index(fields=["closure_date"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=Q(closure_date__isnull=True), name="cin_one_open_episode_per_child"
            ),
            models.CheckConstraint(
                condition=Q(closure_date__isnull=True) | Q(closure_date__gte=F("referral_date")),
                name="cin_episode_closed_after_referral",
            ),
            models.CheckConstraint(
                condition=Q(closure_date__isnull=True, closure_reason="")
                | (Q(closure_date__isnull=False) & ~Q(closure_reason="")),
                name="cin_episode_closure_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Children in need episode from {self.referral_date:%-d %B %Y}"

    @property
    def is_open(self) -> bool:
        return self.closure_date is None


class CINPlan(models.Model):
    """A child in need plan (section 17), within an episode."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    episode = models.ForeignKey(CINEpisode, on_delete=models.PROTECT, related_name="plans")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cin_plans")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-started_on"]
        indexes = [models.Index(fields=["child", "started_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="cin_plan_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Child in need plan from {self.started_on:%-d %B %Y}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None
