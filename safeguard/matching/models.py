"""The person index: standardised, blocking-keyed rows kept in step with the people tables.

One row per (name variant × address) of a person: the main name and each alias or previous
name, crossed with each recorded address (or no address). Each row holds the standardised
fields the scorer needs (so candidates are scored without re-standardising) and one indexed
column per candidate key (`safeguard.matching.scoring.CANDIDATE_KEYS`, named by `key_field`), so a search is an OR
of equality lookups. Maintained by `safeguard.matching.index` (signals and bulk rebuild).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from safeguard.matching.scoring import CANDIDATE_KEYS


def key_field(key: str) -> str:
    """Model field of a candidate key (Django field names may not contain "__")."""
    return "k_" + key.removeprefix("key_").replace("__", "_")


#: short index names (Django limits them to 30 characters)
_KEY_INDEX_NAMES = {key_field(key): f"pie_k{i}" for i, key in enumerate(CANDIDATE_KEYS)}


class PersonIndexEntry(models.Model):
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="index_entries")
    # what this row was built from: "main", "alias", "previous", ... and current address or not
    name_source = models.CharField(max_length=12, default="main")
    address_current = models.BooleanField(default=True)

    given_name = models.CharField(max_length=100, null=True)
    given_canonical = models.CharField(max_length=500, null=True)  # space-separated
    given_phonetic = models.CharField(max_length=100, null=True)
    family_name = models.CharField(max_length=100, null=True)
    family_parts = models.CharField(max_length=200, null=True)  # space-separated
    family_phonetic = models.CharField(max_length=100, null=True)
    date_of_birth = models.CharField(max_length=10, null=True)
    dob_year = models.SmallIntegerField(null=True)
    dob_month = models.SmallIntegerField(null=True)
    dob_day = models.SmallIntegerField(null=True)
    dob_unordered = models.CharField(max_length=10, null=True)
    sex = models.CharField(max_length=1, null=True)
    postcode = models.CharField(max_length=8, null=True)
    postcode_sector = models.CharField(max_length=6, null=True)
    postcode_outward = models.CharField(max_length=4, null=True)
    address = models.CharField(max_length=500, null=True)
    nhs_number = models.CharField(max_length=10, null=True)

    k_nhs_number = models.CharField(max_length=10, null=True)
    k_family_phonetic_dob_unordered = models.CharField(max_length=250, null=True)
    k_given_phonetic_dob_unordered = models.CharField(max_length=250, null=True)
    k_given_phonetic_family_phonetic_dob_year = models.CharField(max_length=250, null=True)
    k_given_phonetic_postcode = models.CharField(max_length=250, null=True)
    k_family_phonetic_postcode = models.CharField(max_length=250, null=True)
    k_date_of_birth_postcode_outward = models.CharField(max_length=250, null=True)
    k_given_phonetic_family_phonetic_dob_month_dob_day = models.CharField(max_length=250, null=True)
    k_family_phonetic_address = models.CharField(max_length=600, null=True)
    # Real-time only (safeguard.matching.index.REALTIME_ONLY_RULES)
    k_given_phonetic_family_phonetic = models.CharField(max_length=250, null=True)
    k_dob_unordered = models.CharField(max_length=10, null=True)
    k_postcode_address = models.CharField(max_length=600, null=True)
    k_family_phonetic_dob_month_dob_day = models.CharField(max_length=250, null=True)
    k_given_phonetic_dob_month_dob_day = models.CharField(max_length=250, null=True)
    # When this row was (re)built: the duplicate scan rescores people whose rows are newer than its
    # last run (`safeguard.people.duplicates`). Rows are rebuilt, never edited, so this is their age.
    indexed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            *[models.Index(fields=[key], name=name) for key, name in _KEY_INDEX_NAMES.items()],
            models.Index(fields=["k_given_phonetic_family_phonetic"], name="pie_kname"),
            models.Index(fields=["k_dob_unordered"], name="pie_kdob"),
            models.Index(fields=["k_postcode_address"], name="pie_kaddr"),
            models.Index(fields=["k_family_phonetic_dob_month_dob_day"], name="pie_kfmd"),
            models.Index(fields=["k_given_phonetic_dob_month_dob_day"], name="pie_kgmd"),
            models.Index(fields=["indexed_at"], name="pie_indexed_at"),
        ]

    def __str__(self) -> str:
        return f"index entry {self.pk} of {self.person_id}"


class NameFrequency(models.Model):
    """How common each standardised given and family name is among the people indexed.

    The real-time scorer's term frequencies (Splink computes the same from the file in batch):
    an agreement on a rare name is stronger evidence than one on a Smith or a Mohammed. Refreshed
    in bulk (`safeguard.matching.index.refresh_name_frequencies`: after an index rebuild and daily
    by the scheduled work), not per save: frequencies move slowly and a name not yet counted is
    simply scored as an average one.
    """

    column = models.CharField(max_length=20)  # "given_name" or "family_name"
    value = models.CharField(max_length=100)
    people = models.PositiveIntegerField()
    share = models.FloatField()  # people with this value / people with any value in the column
    refreshed_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["column", "value"], name="name_frequency_unique")]

    def __str__(self) -> str:
        return f"{self.column} {self.value}: {self.share:.2g}"
