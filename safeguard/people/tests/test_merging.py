"""Merging duplicate records: everything moves to the survivor, an undo restores it exactly,
only a manager with change access to both may do it, and every merge and undo is audited."""

from datetime import date

import pytest
from django.utils import timezone

from safeguard.access.errors import InvalidInput, NotFound
from safeguard.access.models import AuditEntry, Involvement, InvolvementKind
from safeguard.agencies.roles import Role
from safeguard.core.models import ChronologyEvent, Task
from safeguard.core.services import chronology_event_record, task_create
from safeguard.people.duplicates import refresh_likely_duplicates
from safeguard.people.matching import MatchDetails, find_candidates
from safeguard.people.merging import likely_duplicates, mark_not_duplicate, person_merge, person_unmerge
from safeguard.people.models import (
    Address,
    Household,
    HouseholdMembership,
    Person,
    PersonIdentifier,
    PersonName,
    Relationship,
)
from safeguard.testing.factories import PersonFactory, involve, practitioner_with_role

pytestmark = pytest.mark.django_db

REFERENCING = [
    (PersonIdentifier, "person"), (PersonName, "person"), (Address, "person"), (Relationship, "from_person"),
    (Relationship, "to_person"), (HouseholdMembership, "person"), (ChronologyEvent, "person"),
    (Involvement, "person"), (Task, "person"),
]


@pytest.fixture
def manager():
    return practitioner_with_role(Role.FRONT_DOOR_MANAGER)


@pytest.fixture
def pair(manager):
    """One child recorded twice (by two agencies), each record with its own history."""
    survivor = PersonFactory(given_name="Katherine", family_name="Whitmore", date_of_birth=date(2014, 3, 7))
    duplicate = PersonFactory(given_name="Katie", family_name="Whitmore", date_of_birth=date(2014, 7, 3))
    mother = PersonFactory(given_name="Sarah", family_name="Whitmore", date_of_birth=date(1988, 1, 1))
    for person in (survivor, duplicate):
        Address.objects.create(person=person, line_1="12 Oak Road", postcode="AB1 2CD")
        involve(person, practitioner=manager, kind=InvolvementKind.FRONT_DOOR_CONTACT)
    PersonIdentifier.objects.create(person=survivor, id_type="local_id", value="LA-1")
    PersonIdentifier.objects.create(person=duplicate, id_type="local_id", value="POL-9")  # kept: same type
    PersonIdentifier.objects.create(person=duplicate, id_type="nhs_number", value="9434765919")
    PersonName.objects.create(person=duplicate, name_type="previous", family_name="Marsh")
    Relationship.objects.create(from_person=mother, to_person=duplicate, relationship_type="parent")
    Relationship.objects.create(from_person=survivor, to_person=duplicate, relationship_type="sibling")  # stays
    HouseholdMembership.objects.create(household=Household.objects.create(), person=duplicate)
    chronology_event_record(person=duplicate, event_type="ed_attendance", occurred_on=date(2026, 1, 2),
                            summary="ED attendance", actor=manager)
    task_create(kind="visit", title="Visit", due_on=None, assignee=manager, person=duplicate)
    return survivor, duplicate


def _snapshot():
    rows = set()
    for model, field in REFERENCING:
        for pk, person_id in model.objects.values_list("pk", f"{field}_id"):
            rows.add((model._meta.label_lower, field, str(pk), str(person_id)))
    return rows


def test_merge_moves_everything_to_the_survivor_and_undo_restores_it_exactly(manager, pair):
    survivor, duplicate = pair
    before = _snapshot()
    record = person_merge(actor=manager, survivor=survivor, duplicate=duplicate,
                          reason="Same child: school and police records", match_probability=0.97)

    duplicate.refresh_from_db()
    assert duplicate.merged_into == survivor  # kept, not deleted
    assert survivor.identifiers.get(id_type="nhs_number").value == "9434765919"
    assert duplicate.identifiers.get().value == "POL-9"  # a second local id stays on the merged record
    assert {n.family_name for n in survivor.other_names.all()} == {"Marsh", "Whitmore"}  # + Katie as an alias
    assert survivor.addresses.count() == 2
    assert Relationship.objects.filter(from_person__given_name="Sarah", to_person=survivor).exists()
    assert Relationship.objects.filter(from_person=survivor, to_person=duplicate).exists()  # not self-linked
    assert HouseholdMembership.objects.filter(person=survivor).count() == 1
    assert survivor.chronology.filter(summary="ED attendance").exists()
    assert Task.objects.get(title="Visit").person == survivor
    assert Involvement.objects.filter(person=duplicate).count() == 0
    assert not duplicate.index_entries.exists()

    # hidden from search and matching; the survivor is found by the duplicate's details
    found = find_candidates(actor=manager, details=MatchDetails(given_name="Katie", family_name="Whitmore",
                                                                date_of_birth=date(2014, 7, 3)))
    assert [c.person for c in found][:1] == [survivor] and duplicate not in [c.person for c in found]
    found = find_candidates(actor=manager, details=MatchDetails(nhs_number="9434765919"))
    assert found[0].person == survivor

    entry = AuditEntry.objects.filter(object_type="people.mergerecord", detail__event="merge").get()
    assert entry.person_id == str(survivor.pk) and entry.actor_id == manager.pk

    person_unmerge(actor=manager, merge=record, reason="Different children after all")
    merge_events = ChronologyEvent.objects.filter(summary__contains="merge").values_list("pk", flat=True)
    new_events = {str(pk) for pk in merge_events}
    after = {row for row in _snapshot() if not (row[0] == "core.chronologyevent" and row[2] in new_events)}
    assert after == before
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None
    assert {n.family_name for n in survivor.other_names.all()} == set()  # the alias the merge added is gone
    assert duplicate.index_entries.exists()
    assert AuditEntry.objects.filter(object_type="people.mergerecord", detail__event="unmerge").count() == 1
    record.refresh_from_db()
    assert record.undone_by == manager and record.undone_at <= timezone.now()
    with pytest.raises(NotFound):
        person_unmerge(actor=manager, merge=record)  # only once


def test_merge_needs_a_manager_with_change_access_to_both_records(pair):
    survivor, duplicate = pair
    worker = practitioner_with_role(Role.FRONT_DOOR_SOCIAL_WORKER)
    for person in (survivor, duplicate):
        involve(person, practitioner=worker, kind=InvolvementKind.FRONT_DOOR_CONTACT)
    with pytest.raises(NotFound):
        person_merge(actor=worker, survivor=survivor, duplicate=duplicate, reason="Same child, checked")
    other_manager = practitioner_with_role(Role.SOCIAL_WORK_MANAGER)
    involve(survivor, practitioner=other_manager, kind=InvolvementKind.ALLOCATED_WORKER)
    with pytest.raises(NotFound):  # may change only one of them
        person_merge(actor=other_manager, survivor=survivor, duplicate=duplicate, reason="Same child, checked")
    assert not AuditEntry.objects.filter(object_type="people.mergerecord").exists()
    assert Person.objects.get(pk=duplicate.pk).merged_into is None


def test_merge_refuses_different_nhs_numbers_and_wants_a_reason(manager, pair):
    survivor, duplicate = pair
    with pytest.raises(InvalidInput) as short:
        person_merge(actor=manager, survivor=survivor, duplicate=duplicate, reason="")
    assert "reason" in short.value.errors
    PersonIdentifier.objects.create(person=survivor, id_type="nhs_number", value="4010232137")
    with pytest.raises(InvalidInput) as clash:
        person_merge(actor=manager, survivor=survivor, duplicate=duplicate, reason="Same child, checked")
    assert "different NHS numbers" in clash.value.errors["survivor"][0]


def test_the_review_queue_offers_likely_duplicates_until_marked_as_different_people(manager, pair):
    survivor, duplicate = pair
    twin = PersonFactory(given_name="Thomas", family_name="Whitmore", date_of_birth=date(2014, 3, 7), sex="M")
    Address.objects.create(person=twin, line_1="12 Oak Road", postcode="AB1 2CD")
    involve(twin, practitioner=manager, kind=InvolvementKind.FRONT_DOOR_CONTACT)
    refresh_likely_duplicates()
    pairs = likely_duplicates(actor=manager).items
    assert [{p.first, p.second} for p in pairs] == [{survivor, duplicate}]  # the twin brother is not offered
    assert "date of birth: day and month swapped" in pairs[0].explanation
    mark_not_duplicate(actor=manager, first=duplicate, second=survivor)
    assert likely_duplicates(actor=manager).items == []
    with pytest.raises(NotFound):
        likely_duplicates(actor=practitioner_with_role(Role.SOCIAL_WORKER))


def test_the_review_queue_weighs_how_common_the_shared_names_are(manager, monkeypatch):
    """Two records of a Katherine Whitmore who moved: names shared away from a shared home count for
    less the more common they are among the people indexed (once there are enough people to judge)."""
    from safeguard.matching import model
    from safeguard.matching.index import refresh_name_frequencies
    from safeguard.people.merging import pair_comparison

    first = PersonFactory(given_name="Katherine", family_name="Whitmore", date_of_birth=date(2014, 3, 7))
    second = PersonFactory(given_name="Katherine", family_name="Whitmore", date_of_birth=date(2014, 3, 7))
    Address.objects.create(person=first, line_1="12 Oak Road", postcode="AB1 2CD")
    Address.objects.create(person=second, line_1="3 Mill Lane", postcode="ZZ9 8XY")
    for person in (first, second):
        involve(person, practitioner=manager, kind=InvolvementKind.FRONT_DOOR_CONTACT)
    refresh_name_frequencies()
    uncounted = pair_comparison(actor=manager, first_id=first.pk, second_id=second.pk)
    assert not any("common" in line for line in uncounted.explanation)  # two people: too few to judge
    monkeypatch.setattr(model, "MIN_RECORDS_FOR_TERM_FREQUENCIES", 2)
    counted = pair_comparison(actor=manager, first_id=first.pk, second_id=second.pk)
    # among two people everyone shares both names: as common as a name can be, so weaker evidence
    assert "given name is common" in counted.explanation and "family name is common" in counted.explanation
    assert counted.match_probability < uncounted.match_probability
    from safeguard.people import duplicates

    monkeypatch.setattr(duplicates, "MIN_STORED_PROBABILITY", 0.0)  # the queue keeps pairs from 0.5
    refresh_likely_duplicates(full=True)
    queue = likely_duplicates(actor=manager, min_probability=0.0).items
    assert [p.match_probability for p in queue] == [counted.match_probability]
