"""Professional challenge (escalation) about a decision or a case: any practitioner can start one."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class Stage(models.IntegerChoices):
    PRACTITIONER = 0, "Practitioner to practitioner"
    MANAGERS = 1, "Managers"
    SENIOR_MANAGERS = 2, "Senior managers"
    PARTNERSHIP = 3, "Safeguarding partnership"


class ChallengeStatus(models.TextChoices):
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ProfessionalChallenge(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="challenges")
    # What is challenged: a decision or record elsewhere ("frontdoor.thresholddecision", "<id>").
    subject_type = models.CharField(max_length=60, blank=True)
    subject_id = models.CharField(max_length=64, blank=True)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_by_agency = models.ForeignKey("agencies.Agency", null=True, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(auto_now_add=True)
    concern = models.TextField()
    desired_outcome = models.TextField(blank=True)
    stage = models.IntegerField(choices=Stage.choices, default=Stage.PRACTITIONER)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Why the current owner holds it when it is not the stage's usual owner (e.g. nobody more senior
    # and independent of the decision in the agency, so the partnership lead's queue holds it).
    owner_reason = models.TextField(blank=True)
    stage_due_on = models.DateField()
    status = models.CharField(max_length=10, choices=ChallengeStatus.choices, default=ChallengeStatus.OPEN)
    outcome = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["stage_due_on"]
        indexes = [models.Index(fields=["status", "stage_due_on"])]

    @property
    def decision_maker(self):
        """Whose decision is challenged: the owner of the first stage."""
        first = self.steps.select_related("owner").order_by("recorded_at", "pk").first()
        return first.owner if first else self.owner

    @property
    def owner_role_label(self) -> str:
        return role_label(self.owner)


def role_label(practitioner) -> str:
    from safeguard.agencies.roles import Role

    role = practitioner.primary_role
    return Role(role).label if role in Role.values else ""


class ChallengeStep(models.Model):
    """The history of a challenge: each stage entered, with its owner, and each outcome recorded."""

    challenge = models.ForeignKey(ProfessionalChallenge, on_delete=models.CASCADE, related_name="steps")
    stage = models.IntegerField(choices=Stage.choices)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    note = models.TextField(blank=True)
    # What the stage's owner concluded (blank while the stage is open).
    outcome = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    automatic = models.BooleanField(default=False)

    class Meta:
        ordering = ["recorded_at"]
