"""The family generator, in memory: determinism and the consistency of what it makes."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date

import pytest

from safeguard.access.models import InvolvementKind
from safeguard.core.models import EventType
from safeguard.demo.generator import FamilyRows, age_on, generate
from safeguard.demo.identifiers import NhsNumberAllocator, UpnAllocator, is_valid_upn, upn_check_letter
from safeguard.demo.partnership import Refs
from safeguard.people.codes import IdentifierType, RelationshipType
from safeguard.people.identifiers import POSTCODE_RE, validate_local_id, validate_nhs_number, validate_pnc, validate_upn

AS_OF = date(2026, 3, 16)


def collect(seed: int = 7, families: int = 60, as_of: date = AS_OF) -> FamilyRows:
    merged = FamilyRows()
    for rows in generate(seed=seed, as_of=as_of, families=families):
        for name in FamilyRows.FIELDS:
            getattr(merged, name).extend(getattr(rows, name))
        merged.children += rows.children
    return merged


def fingerprint(rows: FamilyRows) -> dict:
    return {
        "people": [
            (p.id, p.given_name, p.family_name, p.date_of_birth, p.expected_birth_date, p.sex, p.ethnicity)
            for p in rows.people
        ],
        "identifiers": [(i.person_id, i.id_type, i.value) for i in rows.identifiers],
        "relationships": [
            (r.from_person_id, r.to_person_id, r.relationship_type, r.starts_on, r.ends_on, r.parental_responsibility)
            for r in rows.relationships
        ],
        "addresses": [(a.person_id, a.line_1, a.postcode, a.moved_in, a.moved_out) for a in rows.addresses],
        "memberships": [(m.household_id, m.person_id, m.starts_on, m.ends_on) for m in rows.memberships],
        "events": [(e.id, e.person_id, e.event_type, e.occurred_on, e.summary) for e in rows.events],
        "involvements": [(i.person_id, i.practitioner_id, i.team_id, i.kind, i.starts_at) for i in rows.involvements],
        "tasks": [(t.id, t.person_id, t.title, t.due_on) for t in rows.tasks],
    }


@pytest.fixture(scope="module")
def rows() -> FamilyRows:
    return collect(families=120)


def test_same_seed_and_date_give_identical_families():
    assert fingerprint(collect(seed=11)) == fingerprint(collect(seed=11))


def test_a_different_seed_gives_different_people():
    first, second = fingerprint(collect(seed=11)), fingerprint(collect(seed=12))
    assert first["people"] != second["people"]
    assert {p[0] for p in first["people"]}.isdisjoint({p[0] for p in second["people"]})


def test_a_run_is_a_prefix_of_a_longer_run_with_the_same_seed():
    short, long = fingerprint(collect(seed=5, families=10)), fingerprint(collect(seed=5, families=20))
    assert long["people"][: len(short["people"])] == short["people"]


def test_children_option_stops_once_enough_children_exist():
    families = list(generate(seed=3, as_of=AS_OF, children=50))
    made = sum(f.children for f in families)
    assert made >= 50
    assert made - families[-1].children < 50


def test_every_nhs_number_is_valid_test_range_and_unique(rows):
    values = [i.value for i in rows.identifiers if i.id_type == IdentifierType.NHS_NUMBER]
    assert len(values) > 0.8 * len([p for p in rows.people if p.date_of_birth])
    for value in values:
        assert validate_nhs_number(value) == value
        assert value.startswith("999")
    assert len(set(values)) == len(values)


def test_every_identifier_is_well_formed_and_unique(rows):
    validators = {
        IdentifierType.UPN: validate_upn,
        IdentifierType.PNC: validate_pnc,
        IdentifierType.LOCAL_ID: validate_local_id,
        IdentifierType.NHS_NUMBER: validate_nhs_number,
    }
    for identifier in rows.identifiers:
        assert validators[identifier.id_type](identifier.value) == identifier.value
        if identifier.id_type == IdentifierType.UPN:
            assert is_valid_upn(identifier.value)
    pairs = Counter((i.id_type, i.value) for i in rows.identifiers)
    assert max(pairs.values()) == 1
    per_person = Counter((i.person_id, i.id_type) for i in rows.identifiers)
    assert max(per_person.values()) == 1


def test_upns_go_to_school_age_children_only(rows):
    people = {p.id: p for p in rows.people}
    for identifier in rows.identifiers:
        if identifier.id_type == IdentifierType.UPN:
            person = people[identifier.person_id]
            assert 4 <= age_on(person.date_of_birth, AS_OF) < 18


def test_upn_check_letter_matches_the_dfe_examples():
    # The DfE's worked examples: a permanent UPN and a temporary one (letter in position 13).
    assert upn_check_letter("801200001001") == "H"
    assert upn_check_letter("80120000101A") == "G"
    assert is_valid_upn("H801200001001")
    assert not is_valid_upn("Z801200001001")


def test_allocators_never_repeat():
    nhs = NhsNumberAllocator(random.Random(1))
    numbers = [nhs.next() for _ in range(20000)]
    assert len(set(numbers)) == len(numbers)
    upn = UpnAllocator()
    upns = [upn.next(2020) for _ in range(3000)]
    assert len(set(upns)) == len(upns)
    assert all(is_valid_upn(u) for u in upns)


def test_no_relationship_to_self_and_dates_in_order(rows):
    for r in rows.relationships:
        assert r.from_person_id != r.to_person_id
        if r.starts_on and r.ends_on:
            assert r.starts_on <= r.ends_on
    for m in rows.memberships:
        assert m.starts_on is not None
        assert m.ends_on is None or m.starts_on <= m.ends_on
    for a in rows.addresses:
        assert a.moved_out is None or a.moved_in <= a.moved_out
        assert POSTCODE_RE.match(a.postcode)


def test_every_child_has_a_parent_or_carer(rows):
    carers = {RelationshipType.PARENT, RelationshipType.CARER, RelationshipType.STEP_PARENT}
    cared_for = {r.to_person_id for r in rows.relationships if r.relationship_type in carers}
    children = [p for p in rows.people if p.date_of_birth is None or age_on(p.date_of_birth, AS_OF) < 18]
    assert children
    assert all(child.id in cared_for for child in children)
    assert len(children) == rows.children


def test_people_are_born_in_order_and_ages_are_plausible(rows):
    for p in rows.people:
        if p.date_of_birth is None:
            assert p.expected_birth_date > AS_OF
        else:
            assert p.date_of_birth <= AS_OF
    people = {p.id: p for p in rows.people}
    for r in rows.relationships:
        if r.relationship_type == RelationshipType.PARENT:
            parent, child = people[r.from_person_id], people[r.to_person_id]
            assert age_on(parent.date_of_birth, AS_OF) >= 18
            assert parent.date_of_birth < (child.date_of_birth or child.expected_birth_date)


def test_family_shapes_include_step_half_siblings_unborn_and_grandparents(rows):
    types = Counter(r.relationship_type for r in rows.relationships)
    for expected in (
        RelationshipType.PARENT,
        RelationshipType.SIBLING,
        RelationshipType.HALF_SIBLING,
        RelationshipType.GRANDPARENT,
        RelationshipType.PARTNER,
        RelationshipType.EX_PARTNER,
    ):
        assert types[expected] > 0, expected
    assert types[RelationshipType.PARTNER_OF_PARENT] + types[RelationshipType.STEP_PARENT] > 0
    assert any(p.date_of_birth is None and p.expected_birth_date for p in rows.people)


def test_histories_use_known_event_types_and_stay_in_the_window(rows):
    known = set(EventType.values)
    people = {p.id: p for p in rows.people}
    for event in rows.events:
        assert event.event_type in known
        assert event.occurred_on <= AS_OF
        assert (AS_OF - event.occurred_on).days <= 3 * 365 + 1
        born = people[event.person_id].date_of_birth
        assert born is None or event.occurred_on >= born
    kinds = Counter(e.event_type for e in rows.events)
    for expected in (EventType.CONTACT_RECEIVED, EventType.DECISION_MADE, EventType.STRATEGY_DISCUSSION,
                     EventType.CONFERENCE_HELD, EventType.PLAN_STARTED):
        assert kinds[expected] > 0, expected


def test_quotas_give_demo_practitioners_people_even_in_a_small_run():
    refs = Refs.placeholder()
    small = collect(families=10)
    allocated = [
        i for i in small.involvements
        if i.practitioner_id == refs.practitioner_ids["sw.locality1"] and i.kind == InvolvementKind.ALLOCATED_WORKER
    ]
    assert allocated
    front_door = [i for i in small.involvements if i.team_id == refs.team_ids["front_door"]]
    assert front_door
    assert all(i.kind == InvolvementKind.FRONT_DOOR_CONTACT for i in front_door)
    assert any(t.assignee_id == refs.practitioner_ids["sw.locality1"] for t in small.tasks)


def test_allocations_are_capped_at_the_quota():
    refs = Refs.placeholder()
    big = collect(families=400)
    allocated = {
        i.person_id for i in big.involvements
        if i.practitioner_id == refs.practitioner_ids["sw.locality1"] and i.kind == InvolvementKind.ALLOCATED_WORKER
    }
    assert 20 <= len(allocated) <= 30


def test_a_busy_day_is_triaged_in_several_meetings_with_believable_agendas(monkeypatch):
    """A county with more domestic abuse cases holds more triage meetings, not longer ones: no seeded
    agenda exceeds the cap, every case is on a meeting held the working day after it arrived, and a
    day with more cases than one meeting takes has several."""
    from safeguard.demo import workload

    monkeypatch.setattr(workload, "TRIAGE_CASES_PER_MEETING", 1)
    rows = collect(families=400)
    meetings = {m.id: m for m in rows.triage_meetings}
    on_agenda = [i for i in rows.triage_items if i.meeting_id is not None]
    per_meeting = Counter(i.meeting_id for i in on_agenda)
    assert on_agenda and set(per_meeting) == set(meetings)
    assert max(per_meeting.values()) == 1
    assert max(Counter(m.held_on for m in meetings.values()).values()) > 1
    assert all(meetings[i.meeting_id].held_on > i.created_at.date() for i in on_agenda)
