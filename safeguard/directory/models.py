"""The practitioner directory's own facts: which schools or area a practitioner covers, and which
professionals know a child (their school, GP practice, health visitor, school nurse).

Who works where is already in `agencies` (teams and memberships); these two tables add what the
invitation rules need to name a person rather than an agency."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

USER = settings.AUTH_USER_MODEL


class Cover(models.Model):
    """A practitioner covers a school or GP practice (a school nurse's schools) or an area (a health
    visitor's patch). A school's own staff and a practice's own GPs need no row: their team says so."""

    practitioner = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="covers")
    agency = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    area = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["area", "agency__name"]
        indexes = [models.Index(fields=["agency"]), models.Index(fields=["area"])]
        constraints = [
            models.CheckConstraint(condition=~Q(agency=None) | ~Q(area=""), name="cover_has_agency_or_area"),
        ]

    def __str__(self) -> str:
        return f"{self.practitioner} covers {self.agency or self.area}"


class ProfessionalKind(models.TextChoices):
    SCHOOL = "school", "School"
    GP_PRACTICE = "gp_practice", "GP practice"
    HEALTH_VISITOR = "health_visitor", "Health visitor"
    SCHOOL_NURSE = "school_nurse", "School nurse"
    OTHER = "other", "Other professional"


class KnownProfessional(models.Model):
    """A professional who knows the child: the school they attend, the practice they are registered
    with, their health visitor. An agency, a named practitioner, or both."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="known_professionals")
    kind = models.CharField(max_length=20, choices=ProfessionalKind.choices)
    agency = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    practitioner = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    since = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    # Where we learnt it ("frontdoor.contact", id): a referral from the child's school names the school.
    source_type = models.CharField(max_length=60, blank=True)
    source_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["kind", "-since"]
        indexes = [models.Index(fields=["person", "ended_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(agency__isnull=False) | Q(practitioner__isnull=False),
                name="known_professional_names_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.practitioner or self.agency}"
