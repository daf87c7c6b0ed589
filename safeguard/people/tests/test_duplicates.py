"""The duplicate review queue is precomputed by the scheduled work: a new near-duplicate is offered
after the next run, a decided pair leaves the queue at once, and the page reads a page of stored pairs
(its query count does not grow with the pairs it shows)."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguard.access.models import AuditEntry, InvolvementKind
from safeguard.agencies.roles import Role
from safeguard.core import schedule
from safeguard.people.duplicates import refresh_likely_duplicates
from safeguard.people.merging import likely_duplicates, mark_not_duplicate, person_merge
from safeguard.people.models import Address, LikelyDuplicate
from safeguard.testing.factories import PersonFactory, involve, practitioner_with_role

pytestmark = pytest.mark.django_db

FAMILIES = ["Whitmore", "Ashcombe", "Pellingham", "Thistlewood", "Brackenridge", "Quennell", "Fairweather",
            "Holloway", "Marchbank", "Oakenshaw", "Penhallow", "Ravensworth"]
GIVEN = [("Katherine", "Katie"), ("Oliver", "Oliver"), ("Amelia", "Amelia"), ("Jack", "Jack"), ("Freya", "Freya"),
         ("Harry", "Harry"), ("Poppy", "Poppy"), ("Noah", "Noah"), ("Isla", "Isla"), ("Arthur", "Arthur"),
         ("Florence", "Florence"), ("Alfie", "Alfie")]


@pytest.fixture
def manager():
    return practitioner_with_role(Role.FRONT_DOOR_MANAGER)


def recorded_twice(manager, family: str, number: int = 1):
    """One child recorded by two agencies: a short given name and day and month swapped, same home."""
    given, short = GIVEN[number - 1]  # a different child in each family
    first = PersonFactory(given_name=given, family_name=family, date_of_birth=date(2013 + number, 3, 7))
    second = PersonFactory(given_name=short, family_name=family, date_of_birth=date(2013 + number, 7, 3))
    for person in (first, second):
        Address.objects.create(person=person, line_1=f"{number} Oak Road", postcode=f"AB{number} 2CD")
        involve(person, practitioner=manager, kind=InvolvementKind.FRONT_DOOR_CONTACT)
    return first, second


def offered(manager, **kwargs) -> list[set]:
    return [{p.first, p.second} for p in likely_duplicates(actor=manager, **kwargs)]


def test_a_new_near_duplicate_is_offered_after_the_scheduled_run(manager):
    first, second = recorded_twice(manager, "Whitmore")
    call_command("run_scheduled_work")
    assert offered(manager) == [{first, second}]

    # A third record of the same child arrives: not offered until the next run, then offered
    # with both records it duplicates; and the run rescored only the new record's pairs.
    third = PersonFactory(given_name="Kathy", family_name="Whitmore", date_of_birth=date(2014, 3, 7))
    Address.objects.create(person=third, line_1="1 Oak Road", postcode="AB1 2CD")
    involve(third, practitioner=manager, kind=InvolvementKind.FRONT_DOOR_CONTACT)
    assert offered(manager) == [{first, second}]
    result = schedule.job("refresh_likely_duplicates").run(now=None)
    assert not result["full"] and result["people"] >= 1
    pairs = offered(manager)
    assert {first, third} in pairs and {second, third} in pairs and {first, second} in pairs

    # A record corrected so that it now looks like the same child is offered after the next run.
    stranger = PersonFactory(given_name="Katherine", family_name="Brightwater", date_of_birth=date(2011, 1, 9))
    involve(stranger, practitioner=manager, kind=InvolvementKind.FRONT_DOOR_CONTACT)
    schedule.job("refresh_likely_duplicates").run(now=None)
    assert not any(stranger in pair for pair in offered(manager))
    stranger.family_name, stranger.date_of_birth = "Whitmore", date(2014, 3, 7)
    stranger.save()
    schedule.job("refresh_likely_duplicates").run(now=None)
    assert {first, stranger} in offered(manager)


def test_a_training_run_next_week_does_not_hide_records_changed_this_week(manager):
    """`run_scheduled_work --as-of` a future moment must not mark the days up to it as scanned:
    a near-duplicate recorded afterwards (in real time) is still offered after the next real run."""
    first, _second = recorded_twice(manager, "Whitmore")
    call_command("run_scheduled_work")
    with override_settings(SAFEGUARD_TRAINING=True):
        call_command("run_scheduled_work", "--as-of", "2099-12-16T09:30")
    third = PersonFactory(given_name="Kathy", family_name="Whitmore", date_of_birth=date(2014, 3, 7))
    Address.objects.create(person=third, line_1="1 Oak Road", postcode="AB1 2CD")
    involve(third, practitioner=manager, kind=InvolvementKind.FRONT_DOOR_CONTACT)
    call_command("run_scheduled_work")
    assert {first, third} in offered(manager)


def test_a_decided_pair_leaves_the_queue_at_once_and_is_not_offered_again(manager):
    first, second = recorded_twice(manager, "Whitmore", 1)
    other_a, other_b = recorded_twice(manager, "Ashcombe", 2)
    refresh_likely_duplicates()
    assert len(offered(manager)) == 2

    mark_not_duplicate(actor=manager, first=second, second=first)
    assert offered(manager) == [{other_a, other_b}]  # no refresh needed
    person_merge(actor=manager, survivor=other_a, duplicate=other_b, reason="Same child, checked with school")
    assert offered(manager) == []

    refresh_likely_duplicates()
    refresh_likely_duplicates(full=True)
    assert offered(manager) == []


def test_only_pairs_of_records_the_manager_may_change_are_offered(manager):
    mine = recorded_twice(manager, "Whitmore", 1)
    elsewhere = practitioner_with_role(Role.FRONT_DOOR_MANAGER)
    recorded_twice(elsewhere, "Ashcombe", 2)
    refresh_likely_duplicates()
    assert offered(manager) == [set(mine)]
    assert len(offered(elsewhere)) == 1
    assert LikelyDuplicate.objects.count() == 2


def test_a_team_that_may_change_some_of_the_queue_is_shown_its_pairs_best_first_and_no_others(manager):
    """The read starts from the manager's people: the pages must still show exactly the pairs both of
    whose records the manager may change, most likely first (ties in queue order), each once."""
    mine = [PersonFactory() for _ in range(6)]
    theirs = [PersonFactory() for _ in range(4)]
    for person in mine:
        involve(person, practitioner=manager, kind=InvolvementKind.FRONT_DOOR_CONTACT)
    involve(mine[0], practitioner=manager, kind=InvolvementKind.ALLOCATED_WORKER)  # two reasons, one person
    elsewhere = practitioner_with_role(Role.FRONT_DOOR_MANAGER)
    for person in theirs:
        involve(person, practitioner=elsewhere, kind=InvolvementKind.FRONT_DOOR_CONTACT)

    def queued(first, second, weight: float) -> LikelyDuplicate:
        a, b = sorted([first, second], key=lambda p: str(p.pk))
        return LikelyDuplicate.objects.create(person_a=a, person_b=b, match_probability=0.9, match_weight=weight)

    shown = [  # most likely first; the two at 9.0 in the order they were queued
        queued(mine[0], mine[1], 12.0), queued(mine[2], mine[3], 9.0), queued(mine[0], mine[4], 9.0),
        queued(mine[4], mine[5], 7.5), queued(mine[1], mine[5], 3.0),
    ]
    for first, second, weight in [(mine[0], theirs[0], 20.0), (theirs[1], mine[2], 10.0),
                                  (theirs[2], theirs[3], 11.0), (mine[3], theirs[1], 1.0)]:
        queued(first, second, weight)  # another team's record on one side or both: never shown
    expected = [{row.person_a, row.person_b} for row in sorted(shown, key=lambda r: (-r.match_weight, r.pk))]

    seen, cursor = [], None
    while True:
        page = likely_duplicates(actor=manager, cursor=cursor, size=2)
        seen += [{p.first, p.second} for p in page]
        if not (cursor := page.next_cursor):
            break
    assert seen == expected
    assert offered(elsewhere) == [{theirs[2], theirs[3]}]


def test_the_page_lists_pairs_a_page_at_a_time_with_a_constant_number_of_queries(manager):
    for number, family in enumerate(FAMILIES, start=1):
        recorded_twice(manager, family, number)
    refresh_likely_duplicates()
    client = Client()
    client.force_login(manager)
    url = reverse("duplicates")

    def get(**params):
        client.get(url, params)  # fills per-process caches
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, params)
        assert response.status_code == 200
        return len(ctx.captured_queries), response

    one, _ = get(size=1)
    many, response = get(size=50)
    assert one == many
    page = response.content.decode()
    assert all(family in page for family in FAMILIES) and "Next page" not in page

    first_page = get(size=5)[1]
    assert "Next page" in first_page.content.decode()
    cursor = first_page.context["page"].next_cursor
    second_page = get(size=5, cursor=cursor)[1]
    seen = [p.first.family_name for p in first_page.context["page"]] + [
        p.first.family_name for p in second_page.context["page"]
    ]
    assert len(set(seen)) == 10

    audited = AuditEntry.objects.filter(object_type="people.likelyduplicate").latest("seq")
    assert len(audited.detail["people"]) == 5


def test_only_managers_see_the_queue(manager):
    client = Client()
    client.force_login(practitioner_with_role(Role.SOCIAL_WORKER))
    assert client.get(reverse("duplicates")).status_code == 404


def strangers_and_a_child_recorded_twice(manager):
    """Two unrelated girls called Katherine born on the same day, living apart with other family
    names; and a third child recorded twice by two agencies, her family name mistyped once."""
    katherine = PersonFactory(given_name="Katherine", family_name="Whitmore", date_of_birth=date(2014, 3, 7), sex="F")
    namesake = PersonFactory(given_name="Katherine", family_name="Ashcombe", date_of_birth=date(2014, 3, 7), sex="F")
    freya = PersonFactory(given_name="Freya", family_name="Pellingham", date_of_birth=date(2012, 5, 9), sex="F")
    freya_again = PersonFactory(given_name="Freya", family_name="Pelingham", date_of_birth=date(2012, 5, 9), sex="F")
    elm_close = ("7 Elm Close", "CD4 5EF")
    homes = (("12 Oak Road", "AB1 2CD"), ("3 Mill Lane", "ZZ9 8XY"), elm_close, elm_close)
    for person, (line, postcode) in zip((katherine, namesake, freya, freya_again), homes, strict=True):
        Address.objects.create(person=person, line_1=line, postcode=postcode)
        involve(person, practitioner=manager, kind=InvolvementKind.FRONT_DOOR_CONTACT)
    return (katherine, namesake), (freya, freya_again)


def queued() -> list[set]:
    return [{row.person_a, row.person_b} for row in LikelyDuplicate.objects.select_related("person_a", "person_b")]


def test_namesakes_born_on_the_same_day_are_not_queued_in_a_county_of_two_million(manager, monkeypatch):
    """Sharing a given name and a birthday is weak evidence, and the weaker the more people there are
    to share them: in a county of two million such strangers are counted in hundreds of thousands.
    A child recorded twice, her family name mistyped once, is still offered."""
    from safeguard.people import duplicates
    from safeguard.people.merging import pair_comparison

    namesakes, child = strangers_and_a_child_recorded_twice(manager)
    refresh_likely_duplicates(full=True)
    assert set(namesakes) in queued() and set(child) in queued()  # a small county: both stored

    monkeypatch.setattr(duplicates, "indexed_people", lambda: 2_000_000)
    result = refresh_likely_duplicates()
    assert result["full"]  # every pair's prior moved: rescored without being asked
    assert queued() == [set(child)]
    assert offered(manager) == [set(child)]
    # the comparison page scores the pair as the queue did, for a county of two million
    stored = LikelyDuplicate.objects.get()
    assert pair_comparison(actor=manager, first_id=stored.person_a_id, second_id=stored.person_b_id
                           ).match_probability == stored.match_probability


def test_a_full_scan_written_in_small_batches_keeps_each_pairs_best_score(manager, monkeypatch):
    """The scan writes pairs as it goes rather than holding the queue in memory: a pair met again
    under another key or another of the records' addresses keeps its best score, and pairs not found
    again are removed."""
    from safeguard.people import duplicates
    from safeguard.people.merging import pair_comparison

    first, second = recorded_twice(manager, "Whitmore", 1)
    Address.objects.create(person=second, line_1="40 Quay Street", postcode="EF6 7GH", moved_out=date(2020, 1, 1))
    other_a, other_b = recorded_twice(manager, "Ashcombe", 2)
    refresh_likely_duplicates(full=True)
    whole = {(row.person_a_id, row.person_b_id): row.match_probability for row in LikelyDuplicate.objects.all()}
    assert len(whole) == 2

    monkeypatch.setattr(duplicates, "WRITE_BATCH", 1)
    other_b.given_name, other_b.date_of_birth, other_b.family_name = "Arthur", date(2001, 1, 1), "Marchbank"
    other_b.save()
    refresh_likely_duplicates(full=True)
    assert queued() == [{first, second}]
    row = LikelyDuplicate.objects.get()
    assert row.match_probability == whole[(row.person_a_id, row.person_b_id)]
    compared = pair_comparison(actor=manager, first_id=first.pk, second_id=second.pk)
    assert row.match_probability == compared.match_probability
