"""People (children, unborn children and adults), their identifiers, names, addresses,
relationships and households: the graph later features use for siblings, genograms and risk."""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone

from safeguard.people.codes import (
    INVERSE_LABELS,
    SYMMETRIC_TYPES,
    DobPrecision,
    Ethnicity,
    IdentifierType,
    NameType,
    RelationshipType,
    Sex,
    UPNUnknown,
)

ADULT_AGE = 18


def age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


class Person(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    dob_precision = models.CharField(max_length=10, choices=DobPrecision.choices, default=DobPrecision.EXACT)
    # Set for an unborn child; date_of_birth stays empty until the birth is recorded.
    expected_birth_date = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    gender = models.CharField("gender identity", max_length=60, blank=True)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, default=Ethnicity.NOBT)
    disabilities = models.JSONField(default=list, blank=True)
    # Why the child has no unique pupil number (UPNUnknown); the UPN is a PersonIdentifier.
    upn_unknown = models.CharField(
        "reason the unique pupil number is not known", max_length=3, choices=UPNUnknown.choices, blank=True
    )
    first_language = models.CharField(max_length=60, blank=True)
    communication_needs = models.CharField(max_length=300, blank=True)
    date_of_death = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # Goes up by one with every change to the details above: the API's ETag and If-Match, so two
    # practitioners editing the same record at once cannot silently overwrite each other.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Which agency first recorded the person: told to searchers who may not see the record.
    recorded_by_agency = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set when this record was merged into another (the survivor): kept, never deleted, hidden from
    # search and matching; the merge can be undone (see MergeRecord).
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_records"
    )

    class Meta:
        ordering = ["family_name", "given_name"]
        indexes = [
            models.Index(fields=["family_name", "given_name"]),
            models.Index(fields=["date_of_birth"]),
            # The police name people by first name, last name and date of birth, any case: the front
            # door's lists find each one's record (`frontdoor.selectors.known_people`) through this
            # index, not among everyone born that day (~65 at a million children).
            models.Index("date_of_birth", Upper("family_name"), Upper("given_name"), name="person_named_born"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_of_death__isnull=True)
                | Q(date_of_birth__isnull=True)
                | Q(date_of_death__gte=models.F("date_of_birth")),
                name="person_death_not_before_birth",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None and self.expected_birth_date is not None

    def age(self, on: date | None = None) -> int | None:
        if self.date_of_birth is None:
            return None
        return age_on(self.date_of_birth, on or timezone.localdate())

    @property
    def is_child(self) -> bool:
        if self.is_unborn:
            return True
        age = self.age()
        return age is not None and age < ADULT_AGE

    @property
    def nhs_number(self) -> str | None:
        for identifier in self.identifiers.all():
            if identifier.id_type == IdentifierType.NHS_NUMBER:
                return identifier.value
        return None


class PersonIdentifier(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="identifiers")
    id_type = models.CharField(max_length=20, choices=IdentifierType.choices)
    value = models.CharField(max_length=40)

    class Meta:
        ordering = ["id_type"]
        constraints = [
            models.UniqueConstraint(fields=["id_type", "value"], name="identifier_unique_per_type"),
            models.UniqueConstraint(fields=["person", "id_type"], name="one_identifier_of_each_type"),
        ]

    def __str__(self) -> str:
        return f"{self.get_id_type_display()} {self.value}"


class PersonName(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="other_names")
    name_type = models.CharField(max_length=12, choices=NameType.choices)
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    used_from = models.DateField(null=True, blank=True)
    used_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["name_type", "family_name"]
        indexes = [models.Index(fields=["family_name", "given_name"])]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


class Address(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    line_1 = models.CharField(max_length=200)
    line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    moved_in = models.DateField(null=True, blank=True)
    moved_out = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-moved_in"]
        indexes = [models.Index(fields=["postcode"])]

    def __str__(self) -> str:
        return ", ".join(p for p in [self.line_1, self.line_2, self.town, self.postcode] if p)

    @property
    def is_current(self) -> bool:
        return self.moved_out is None or self.moved_out >= timezone.localdate()


class Relationship(models.Model):
    """`from_person` is the <relationship_type> of `to_person`, between the dates given."""

    from_person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships_from")
    to_person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships_to")
    relationship_type = models.CharField(max_length=20, choices=RelationshipType.choices)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    # Whether from_person holds parental responsibility for / is the main carer of to_person.
    parental_responsibility = models.BooleanField(default=False)
    is_main_carer = models.BooleanField(default=False)
    notes = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["relationship_type"]
        indexes = [models.Index(fields=["to_person", "relationship_type"])]
        constraints = [
            models.CheckConstraint(condition=~Q(from_person=models.F("to_person")), name="relationship_not_self"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="relationship_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_person} is {self.get_relationship_type_display().lower()} of {self.to_person}"

    def is_current(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        return (self.starts_on is None or self.starts_on <= on) and (self.ends_on is None or self.ends_on >= on)

    def label_for(self, viewpoint: Person) -> str:
        """How the *other* person relates to `viewpoint` ("Parent", "Child", "Sibling")."""
        if viewpoint.pk == self.to_person_id or self.relationship_type in SYMMETRIC_TYPES:
            return self.get_relationship_type_display()
        return INVERSE_LABELS.get(self.relationship_type, self.get_relationship_type_display())

    def other(self, viewpoint: Person) -> Person:
        return self.from_person if viewpoint.pk == self.to_person_id else self.to_person


class Household(models.Model):
    """People living together at an address over a period."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    description = models.CharField(max_length=200, blank=True)
    postcode = models.CharField(max_length=8, blank=True)

    def __str__(self) -> str:
        return self.description or f"Household {str(self.id)[:8]}"


class HouseholdMembership(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="household_memberships")
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_on"]
        indexes = [models.Index(fields=["person", "ends_on"])]


class MergeRecord(models.Model):
    """One merge of a duplicate record into a survivor, with exactly what moved, so it can be undone.

    `moved` lists, per related table, the primary keys of the rows whose person reference was
    pointed from the duplicate to the survivor: {"app_label.model.field": [pk, ...]}. `created`
    lists rows the merge added to the survivor (e.g. the duplicate's name as an alias).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_received")
    merged = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_given")
    match_probability = models.FloatField(null=True, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    moved = models.JSONField(default=dict)
    created = models.JSONField(default=dict)
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    merged_at = models.DateTimeField(default=timezone.now)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-merged_at"]
        indexes = [models.Index(fields=["merged", "undone_at"])]

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None


class NotDuplicate(models.Model):
    """A practitioner decided two records are different people: the review queue stops offering them."""

    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person_a", "person_b"], name="not_duplicate_once")]


class LikelyDuplicate(models.Model):
    """Two live records the matching model thinks are one person: a row of the duplicate review queue.

    Precomputed by the scheduled work (`safeguard.people.duplicates.refresh_likely_duplicates`,
    incremental for people whose index rows changed since the last run) so the review page reads a
    page of rows instead of scoring every candidate pair on each request. `person_a` sorts before
    `person_b` (as in `NotDuplicate`). A merge or a "not duplicate" decision removes the pair at once.
    """

    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    match_probability = models.FloatField()
    match_weight = models.FloatField()
    explanation = models.JSONField(default=list)
    scored_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person_a", "person_b"], name="likely_duplicate_once")]
        # the review queue's order (most likely first), read a keyset page at a time
        indexes = [models.Index(fields=["-match_weight", "id"], name="likely_duplicate_queue")]

    def __str__(self) -> str:
        return f"possible duplicate {self.person_a_id} / {self.person_b_id} ({self.match_probability:.2f})"


class DuplicateScan(models.Model):
    """When the likely duplicates were last brought up to date (one row): the next run rescores only
    people whose index rows were written since, and rescores everyone when the model changed."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    model_version = models.CharField(max_length=200, blank=True)
    #: people in the person index when the pairs were scored: their prior is for this many
    #: (`matching.population`), and the side-by-side comparison scores with the same
    people = models.PositiveIntegerField(default=0)
    pairs = models.PositiveIntegerField(default=0)
    full = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"duplicate scan at {self.started_at:%Y-%m-%d %H:%M}"


class RecordEnquiry(models.Model):
    """"A record exists held by X: ask for information": who asked the holding team about a record
    they cannot see, and why; the holding team's answer closes the enquiry (and its task)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey("agencies.Team", on_delete=models.PROTECT, related_name="+")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField()
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["team", "answered_at"])]
