"""Agencies, their teams, and practitioners who hold roles through team memberships."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone

from safeguard.agencies.roles import AgencyType, Role


class Agency(models.Model):
    name = models.CharField(max_length=200, unique=True)
    agency_type = models.CharField(max_length=20, choices=AgencyType.choices)
    ods_code = models.CharField("ODS or organisation code", max_length=20, blank=True)
    # How partners reach the agency's safeguarding team, in and out of hours.
    contact_in_hours = models.CharField(max_length=200, blank=True)
    contact_out_of_hours = models.CharField(max_length=200, blank=True)
    # A special school (education agencies): its pupils' school nurse is the specialist community
    # school nurse, who is invited to strategy discussions, conferences and core groups.
    is_special_school = models.BooleanField(default=False)
    # The paediatric sexual assault service (PSAS/SARC): its paediatricians are invited to strategy
    # discussions whenever sexual abuse is suspected.
    is_sexual_assault_service = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=200)
    is_front_door = models.BooleanField(default=False)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["agency__name", "name"]
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="team_name_unique_in_agency")]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency.name})"


class Practitioner(AbstractUser):
    """A person who signs in. Their roles come only from active team memberships."""

    job_title = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    failed_login_count = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def active_memberships(self):
        return self.memberships.filter(active_membership_q()).select_related("team__agency")

    @property
    def memberships_now(self) -> list[Membership]:
        """Active memberships (with team and agency), read once per instance: a request asks for the
        user's roles, teams and primary membership many times, and each used to be a query."""
        cached = getattr(self, "_memberships_cache", None)
        if cached is None:
            cached = self._memberships_cache = list(self.active_memberships().order_by("-is_primary", "starts_on"))
        return cached

    def keep_memberships_now(self, memberships: list[Membership]) -> None:
        """Adopt memberships already read with the user (`with_memberships_now`) as `memberships_now`."""
        for membership in memberships:
            membership.practitioner = self
        self._memberships_cache = memberships

    @property
    def roles(self) -> frozenset[str]:
        cached = getattr(self, "_roles_cache", None)
        if cached is None:
            cached = frozenset(m.role for m in self.memberships_now)
            self._roles_cache = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def team_ids(self) -> frozenset[int]:
        cached = getattr(self, "_team_ids_cache", None)
        if cached is None:
            cached = frozenset(m.team_id for m in self.memberships_now)
            self._team_ids_cache = cached
        return cached

    @property
    def primary_membership(self):
        memberships = self.memberships_now
        return memberships[0] if memberships else None

    @property
    def primary_agency(self):
        membership = self.primary_membership
        return membership.team.agency if membership else None

    @property
    def primary_role(self) -> str:
        membership = self.primary_membership
        return membership.role if membership else ""


def active_membership_q(prefix: str = "", today: date | None = None) -> models.Q:
    """Memberships in force today (`prefix`: the path to Membership from the queried model)."""
    today = today or timezone.localdate()
    return models.Q(**{f"{prefix}starts_on__lte": today}) & (
        models.Q(**{f"{prefix}ends_on__isnull": True}) | models.Q(**{f"{prefix}ends_on__gte": today})
    )


def memberships_now_queryset(memberships: models.QuerySet, today: date | None = None) -> models.QuerySet:
    """The active memberships `memberships` (already filtered to one practitioner) selects, each with
    its team and agency and the practitioner, in one query, primary first."""
    return (
        memberships.filter(active_membership_q(today=today))
        .select_related("practitioner", "team__agency")
        .order_by("-is_primary", "starts_on")
    )


def adopt_memberships(rows: list[Membership]) -> list[Membership]:
    """The practitioner read with `rows` (the same instance on every row) holds them as
    `memberships_now`. Empty when they have no active membership (the caller reads the practitioner
    alone, who then holds no role)."""
    if rows:
        rows[0].practitioner.keep_memberships_now(rows)
    return rows


def with_memberships_now(memberships: models.QuerySet) -> list[Membership]:
    """`memberships_now_queryset`'s rows, adopted by their practitioner (`adopt_memberships`)."""
    return adopt_memberships(list(memberships_now_queryset(memberships)))


class Membership(models.Model):
    practitioner = models.ForeignKey(Practitioner, on_delete=models.CASCADE, related_name="memberships")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=40, choices=Role.choices)
    is_primary = models.BooleanField(default=True)
    starts_on = models.DateField(default=timezone.localdate)
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-is_primary", "starts_on"]
        indexes = [models.Index(fields=["team", "role"])]

    def __str__(self) -> str:
        return f"{self.practitioner} — {self.get_role_display()}, {self.team}"
