"""Think family: adults who pose a risk, the links they have to children, ecomap link quality,
health look-ups and attendances, under-18 sexual health assessments, pregnancies and GP notices."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class RiskBasis(models.TextChoices):
    CONVICTED_SEXUAL_OFFENDER = "convicted_sexual_offender", "Convicted sexual offender"
    ALLEGED_SEXUAL_OFFENDER = "alleged_sexual_offender", "Alleged sexual offender"
    MAPPA_NOMINAL = "mappa_nominal", "MAPPA nominal"
    SHPO_SUBJECT = "shpo_subject", "Subject of a sexual harm prevention order"
    SRO_SUBJECT = "sro_subject", "Subject of a sexual risk order"
    DOMESTIC_ABUSE_PERPETRATOR = "domestic_abuse_perpetrator", "Domestic abuse perpetrator"
    OTHER = "other", "Other"


class MappaCategory(models.TextChoices):
    ONE = "1", "Category 1: registered sexual offender"
    TWO = "2", "Category 2: violent offender"
    THREE = "3", "Category 3: other dangerous offender"


class MappaLevel(models.TextChoices):
    ONE = "1", "Level 1: ordinary agency management"
    TWO = "2", "Level 2: active multi-agency management"
    THREE = "3", "Level 3: as level 2 with senior involvement"


class RiskFlag(models.Model):
    """ "Poses a risk to children": seen only by roles with need to know (access.policy)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="risk_flags")
    basis = models.CharField(max_length=32, choices=RiskBasis.choices)
    mappa_category = models.CharField(max_length=1, choices=MappaCategory.choices, blank=True)
    mappa_level = models.CharField(max_length=1, choices=MappaLevel.choices, blank=True)
    evidence = models.TextField()
    review_on = models.DateField()
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at"]
        indexes = [models.Index(fields=["person", "ended_at"])]

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class ContactArrangement(models.Model):
    """An adult's contact with a child outside the household (a link for the risk network)."""

    adult = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="contact_with")
    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="contact_arrangements")
    frequency = models.CharField(max_length=100, blank=True)
    supervised = models.BooleanField(default=False)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [models.CheckConstraint(condition=~Q(adult=models.F("child")), name="contact_not_self")]


class RiskLink(models.Model):
    """A child found within reach of a flagged adult; remembered so each new link alerts once."""

    flag = models.ForeignKey(RiskFlag, on_delete=models.CASCADE, related_name="links")
    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=300)
    first_linked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["flag", "child"], name="risk_link_once")]


class RiskLinkReview(models.Model):
    """A worker told of a child's new link to a flagged adult records what they did about it; that
    closes their task. Each agency told reviews for itself, so there may be several."""

    link = models.ForeignKey(RiskLink, on_delete=models.CASCADE, related_name="reviews")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(default=timezone.now)
    what_was_done = models.TextField()


class LinkQuality(models.TextChoices):
    STRONG = "strong", "Strong"
    ORDINARY = "ordinary", "Ordinary"
    TENUOUS = "tenuous", "Tenuous"
    STRESSFUL = "stressful", "Stressful"


class EcomapLink(models.Model):
    """How strong or stressful a child's link to an agency, service, school or professional is."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="ecomap_links")
    agency = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    label = models.CharField(max_length=200, blank=True, help_text="A service or person not held as an agency")
    quality = models.CharField(max_length=10, choices=LinkQuality.choices, default=LinkQuality.ORDINARY)
    note = models.CharField(max_length=300, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "agency"], condition=Q(agency__isnull=False), name="ecomap_one_per_agency"
            ),
            models.CheckConstraint(condition=Q(agency__isnull=False) | ~Q(label=""), name="ecomap_link_named"),
        ]


class HealthSetting(models.TextChoices):
    EMERGENCY_DEPARTMENT = "ed", "Emergency department"
    URGENT_CARE = "urgent_care", "Urgent care"
    SEXUAL_HEALTH = "sexual_health", "Sexual health"
    MATERNITY = "maternity", "Maternity"
    HEALTH_VISITING = "health_visiting", "Health visiting"
    SCHOOL_NURSING = "school_nursing", "School nursing"


class HealthLookup(models.Model):
    """One CP-IS-style look-up: who looked, from which setting, whether a child was found."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    practitioner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    setting = models.CharField(max_length=20, choices=HealthSetting.choices)
    person = models.ForeignKey("people.Person", null=True, on_delete=models.SET_NULL, related_name="+")
    looked_up_at = models.DateTimeField(default=timezone.now)


class AdultAttendance(models.Model):
    """An adult attending a health setting, and the clinician's answer to "is a referral needed?"."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    adult = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    clinician = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    setting = models.CharField(max_length=20, choices=HealthSetting.choices)
    attended_on = models.DateField()
    presenting_reason = models.CharField(max_length=300, blank=True)
    linked_children = models.ManyToManyField("people.Person", related_name="+", blank=True)
    referral_needed = models.BooleanField(null=True)
    decision_reason = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    contact_reference = models.CharField(max_length=64, blank=True)


class SexualHealthAssessment(models.Model):
    """Structured under-18 risk assessment; each factor 0 (none), 1 (some concern), 2 (significant)."""

    FACTORS = ("exploitation", "age_gap", "coercion", "substance_use", "going_missing")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    young_person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    clinician = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    attended_on = models.DateField()
    exploitation = models.PositiveSmallIntegerField()
    age_gap = models.PositiveSmallIntegerField()
    coercion = models.PositiveSmallIntegerField()
    substance_use = models.PositiveSmallIntegerField()
    going_missing = models.PositiveSmallIntegerField()
    score = models.PositiveSmallIntegerField()
    high_risk = models.BooleanField()
    notes = models.TextField(blank=True)
    contact_reference = models.CharField(max_length=64, blank=True)


class Vulnerability(models.TextChoices):
    SUBSTANCE_MISUSE = "substance_misuse", "Substance misuse"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    MENTAL_HEALTH = "mental_health", "Mental health"
    LEARNING_DISABILITY = "learning_disability", "Learning disability"
    YOUNG_PARENT = "young_parent", "Parent aged under 20"
    PREVIOUS_CHILDREN_REMOVED = "previous_children_removed", "Previous children removed"
    HOMELESS = "homeless", "Homeless or insecurely housed"
    LATE_BOOKING = "late_booking", "Late booking or concealed pregnancy"
    OTHER = "other", "Other"


class Pregnancy(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    mother = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="pregnancies")
    unborn = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="pregnancy")
    midwife = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    gp_practice = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    vulnerabilities = models.JSONField(default=list)
    notes = models.TextField(blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    no_home_visit_flagged_at = models.DateTimeField(null=True, blank=True)
    born_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-recorded_at"]


class AntenatalVisit(models.Model):
    pregnancy = models.ForeignKey(Pregnancy, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField()
    home_visit = models.BooleanField(default=True)
    visited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    notes = models.TextField(blank=True)


class GpNotification(models.Model):
    """A midwife's notice of a pregnancy to the GP practice, which must acknowledge it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    pregnancy = models.OneToOneField(Pregnancy, on_delete=models.CASCADE, related_name="gp_notification")
    practice = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)
    acknowledge_by = models.DateField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    chase_count = models.PositiveSmallIntegerField(default=0)
    last_chased_on = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["acknowledged_at", "acknowledge_by"])]

    def is_overdue(self, today=None) -> bool:
        return self.acknowledged_at is None and (today or timezone.localdate()) > self.acknowledge_by

    @property
    def acknowledged_late(self) -> bool:
        """Acknowledged, but on a day after the acknowledge-by date (in local time)."""
        return self.acknowledged_at is not None and timezone.localdate(self.acknowledged_at) > self.acknowledge_by

    def state(self, today=None) -> str:
        """acknowledged, overdue (past its acknowledge-by date) or awaiting."""
        if self.acknowledged_at is not None:
            return "acknowledged"
        return "overdue" if self.is_overdue(today) else "awaiting"

    def state_label(self, today=None) -> str:
        """What the midwife and the practice see, in words."""
        state = self.state(today)
        if state == "acknowledged":
            return "Acknowledged"
        chased = f", chased {self.chase_count} time{'s' if self.chase_count != 1 else ''}" if self.chase_count else ""
        return f"Not acknowledged: overdue{chased}" if state == "overdue" else f"Awaiting acknowledgement{chased}"

    def next_chase_on(self):
        """When the practice is next chased if it still has not acknowledged (None once acknowledged)."""
        from safeguard.core import clock

        if self.acknowledged_at is not None:
            return None
        if self.last_chased_on:
            return clock.gp_chase_due(self.last_chased_on)
        return self.acknowledge_by + timedelta(days=1)
