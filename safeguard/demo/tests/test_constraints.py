"""Seeding on PostgreSQL loads without secondary indexes and foreign keys, and must leave every one of
them back and validated: the catalog after a seed is the catalog `migrate` made, or nothing lands."""

from __future__ import annotations

import uuid
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from safeguard.demo import constraints
from safeguard.demo.constraints import ConstraintsNotRestored, catalog
from safeguard.demo.generator import FamilyRows
from safeguard.demo.writer import BulkWriter
from safeguard.people.models import Household, HouseholdMembership, Person

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="indexes and keys are set aside on PostgreSQL only"),
]


def seed_demo(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", "--allow-without-debug", "--as-of", "2026-03-16", "--no-logins", *args,
                 stdout=out, stderr=StringIO())
    return out.getvalue()


def test_after_a_seed_the_catalog_holds_every_index_and_constraint_migrate_made():
    migrated = catalog()
    assert {e.kind for e in migrated} >= {"index", "f", "p", "u"}

    output = seed_demo("--families", "12")

    assert "built and validated after the load" in output  # they really were set aside
    assert catalog() == migrated


@pytest.mark.parametrize("left_out", [
    "FOREIGN KEY (household_id) REFERENCES people_household(id)",  # a foreign key
    "CREATE INDEX people_householdmembership_person_id_",  # an index
])
def test_a_seed_that_does_not_restore_one_index_or_key_fails_and_leaves_nothing(monkeypatch, left_out):
    migrated = catalog()
    execute = constraints._execute

    def leave_one_out(cursor, statement):
        if left_out in statement and "householdmembership" in statement:
            return
        execute(cursor, statement)

    monkeypatch.setattr(constraints, "_execute", leave_one_out)

    with pytest.raises(ConstraintsNotRestored, match="people_householdmembership"):
        seed_demo("--families", "3")

    assert not Person.objects.exists()
    assert catalog() == migrated


def test_a_row_whose_parent_is_missing_is_refused_when_its_key_is_added_back():
    household = Household(id=uuid.uuid4())  # never written
    person = Person(id=uuid.uuid4(), given_name="Ada", family_name="Testperson", date_of_birth=date(2015, 1, 2))
    rows = FamilyRows(people=[person], memberships=[HouseholdMembership(household=household, person=person)])

    with pytest.raises(IntegrityError), transaction.atomic():
        writer = BulkWriter(now=timezone.now(), set_aside=True)
        writer.add_all([rows])
        writer.finish()

    assert not HouseholdMembership.objects.exists()
