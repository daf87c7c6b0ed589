"""The batched writer stores exactly what the generator made, as the ORM reads it back."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from safeguard.access.models import Involvement
from safeguard.core.models import ChronologyEvent, Task
from safeguard.demo.generator import FamilyRows, generate
from safeguard.demo.seeding import ensure_partnership
from safeguard.demo.writer import BulkWriter
from safeguard.people.models import (
    Address,
    Household,
    HouseholdMembership,
    Person,
    PersonIdentifier,
    PersonName,
    Relationship,
)
from safeguard.protection.models import (
    Allocation,
    Conference,
    DiscussionChild,
    Plan,
    Section47Enquiry,
    StrategyDiscussion,
)

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 3, 16)
MODELS = {
    "households": Household,
    "people": Person,
    "identifiers": PersonIdentifier,
    "names": PersonName,
    "addresses": Address,
    "relationships": Relationship,
    "memberships": HouseholdMembership,
    "events": ChronologyEvent,
    "involvements": Involvement,
    "tasks": Task,
    "discussions": StrategyDiscussion,
    "discussion_children": DiscussionChild,
    "enquiries": Section47Enquiry,
    "conferences": Conference,
    "plans": Plan,
    "review_conferences": Conference,
    "allocations": Allocation,
}
# Lists that share a model with another list: which of its rows are theirs.
ONE_OF_MANY = {"conferences": {"kind": Conference.Kind.INITIAL}, "review_conferences": {"kind": Conference.Kind.REVIEW}}
SKIP = {"id", "updated_at", "recorded_at", "created_at"}


def comparable(obj, fields) -> tuple:
    return tuple(getattr(obj, f) for f in fields)


def test_round_trip_through_the_database():
    refs = ensure_partnership(as_of=AS_OF, password="Throwaway-test-pass-1")
    made = FamilyRows()
    writer = BulkWriter(now=timezone.now(), batch_size=7)  # tiny batches exercise the chunking
    for rows in generate(seed=9, as_of=AS_OF, refs=refs, families=12):
        writer.add(rows)
        for name in FamilyRows.FIELDS:
            getattr(made, name).extend(getattr(rows, name))
    writer.flush()

    for name, model in MODELS.items():
        expected = getattr(made, name)
        stored_rows = model.objects.filter(**ONE_OF_MANY.get(name, {}))
        assert stored_rows.count() == len(expected) == writer.counts[name], name
        fields = [f.attname for f in model._meta.concrete_fields if f.attname not in SKIP]
        stored = sorted((comparable(o, fields) for o in stored_rows), key=repr)
        assert stored == sorted((comparable(o, fields) for o in expected), key=repr), name
    # UUID primary keys survive too.
    assert set(Person.objects.values_list("id", flat=True)) == {p.id for p in made.people}
    person = made.people[0]
    assert Person.objects.get(pk=person.id).created_at == person.created_at
    assert made.plans and made.discussions and made.allocations  # twelve families include a plan
