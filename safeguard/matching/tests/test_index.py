"""The person index stays in step with the people tables, whichever path writes them."""

from datetime import date

import pytest
from django.core.management import call_command

from safeguard.agencies.roles import Role
from safeguard.matching.index import INDEX_KEYS, rebuild_person_index
from safeguard.matching.models import PersonIndexEntry, key_field
from safeguard.people import services
from safeguard.people.models import Address, Person, PersonName
from safeguard.testing.factories import PersonFactory, practitioner_with_role

pytestmark = pytest.mark.django_db


def _rows(person):
    return list(PersonIndexEntry.objects.filter(person=person).order_by("pk"))


def _snapshot():
    # indexed_at says when a row was built, not what it holds
    fields = [f.name for f in PersonIndexEntry._meta.fields if f.name not in ("id", "indexed_at")]
    return sorted(tuple(str(v) for v in row) for row in PersonIndexEntry.objects.values_list(*fields))


def test_every_candidate_key_has_an_indexed_column():
    names = {f.name for f in PersonIndexEntry._meta.fields}
    indexed = {i.fields[0] for i in PersonIndexEntry._meta.indexes}
    for key in INDEX_KEYS:
        assert key_field(key) in names and key_field(key) in indexed


def test_person_create_through_the_service_indexes_names_aliases_address_and_nhs_number():
    worker = practitioner_with_role(Role.FRONT_DOOR_SOCIAL_WORKER)
    person = services.person_create(
        actor=worker,
        details={"given_name": "Katherine", "family_name": "Whitmore", "date_of_birth": date(2014, 3, 7), "sex": "F"},
        identifiers=[{"id_type": "nhs_number", "value": "9434765919"}],
        other_names=[{"name_type": "alias", "given_name": "Kitty", "family_name": ""}],
        address={"line_1": "12 Oak Road", "postcode": "AB1 2CD"},
    )
    rows = _rows(person)
    assert {r.given_name for r in rows} == {"KATHERINE", "KITTY"}
    assert {r.family_name for r in rows} == {"WHITMORE"}  # a blank alias part means "as the main name"
    row = next(r for r in rows if r.given_name == "KATHERINE")
    assert row.nhs_number == "9434765919" and row.k_nhs_number == "9434765919"
    assert row.postcode == "AB1 2CD" and row.address == "12 OAK RD"
    assert row.dob_unordered == "2014-03-07"
    assert row.k_family_phonetic_dob_unordered == f"{row.family_phonetic}|2014-03-07"
    assert row.k_given_phonetic_family_phonetic == f"{row.given_phonetic}|{row.family_phonetic}"


def test_update_alias_address_and_identifier_changes_keep_the_index_in_step():
    worker = practitioner_with_role(Role.FRONT_DOOR_SOCIAL_WORKER)
    person = services.person_create(
        actor=worker, details={"given_name": "Tom", "family_name": "Fictionby", "date_of_birth": date(2017, 4, 5)}
    )
    assert [r.family_name for r in _rows(person)] == ["FICTIONBY"]

    services.person_update(actor=worker, person=person, changes={"family_name": "Newname"})
    assert [r.family_name for r in _rows(person)] == ["NEWNAME"]

    PersonName.objects.create(person=person, name_type="previous", family_name="Fictionby")
    assert sorted(r.family_name for r in _rows(person)) == ["FICTIONBY", "NEWNAME"]

    services.address_add(actor=worker, person=person, address={"line_1": "1 High Street", "postcode": "ZZ1 1ZZ"})
    services.address_add(actor=worker, person=person, address={"line_1": "9 Low Lane", "postcode": "ZZ2 2ZZ"})
    rows = _rows(person)
    assert len(rows) == 4  # two names x two addresses
    assert {(r.postcode, r.address_current) for r in rows} >= {("ZZ2 2ZZ", True)}

    services.identifier_add(actor=worker, person=person, id_type="nhs_number", value="9434765919")
    assert {r.k_nhs_number for r in _rows(person)} == {"9434765919"}

    person.other_names.all().delete()  # queryset delete still sends post_delete per row
    assert {r.family_name for r in _rows(person)} == {"NEWNAME"}
    Address.objects.filter(person=person).first().delete()
    assert len(_rows(person)) == 1

    person_pk = person.pk
    Person.objects.filter(pk=person_pk).delete()
    assert not PersonIndexEntry.objects.filter(person_id=person_pk).exists()


def test_rebuild_gives_the_same_rows_as_the_signals_and_the_command_is_quick_to_call():
    a = PersonFactory(given_name="Ann", family_name="Fictional")
    PersonName.objects.create(person=a, name_type="alias", given_name="Annie")
    Address.objects.create(person=a, line_1="3 The Green", postcode="AB1 2CD")
    b = PersonFactory(given_name="Bob", family_name="Fictional", date_of_birth=None)
    Person.objects.bulk_create([Person(given_name="Cath", family_name="Bulk", date_of_birth=date(2010, 1, 2))])
    by_signals = _snapshot()
    assert PersonIndexEntry.objects.filter(given_name="CATH").count() == 0  # bulk_create sent no signals

    result = rebuild_person_index()
    assert result["people"] == 3
    rebuilt = _snapshot()
    assert set(by_signals) <= set(rebuilt)
    assert PersonIndexEntry.objects.filter(given_name="CATH").count() == 1
    assert PersonIndexEntry.objects.filter(person=b, date_of_birth__isnull=True).count() == 1

    PersonIndexEntry.objects.all().delete()
    call_command("rebuild_person_index", "--quiet")
    assert _snapshot() == rebuilt


def test_merged_records_have_no_index_rows():
    survivor, duplicate = PersonFactory(), PersonFactory()
    duplicate.merged_into = survivor
    duplicate.save()
    assert not PersonIndexEntry.objects.filter(person=duplicate).exists()
    rebuild_person_index()
    assert not PersonIndexEntry.objects.filter(person=duplicate).exists()
    assert PersonIndexEntry.objects.filter(person=survivor).exists()


def test_name_frequencies_count_people_not_index_rows_and_reach_the_search(monkeypatch):
    from safeguard.matching import model
    from safeguard.matching.index import name_frequencies, refresh_name_frequencies
    from safeguard.matching.models import NameFrequency
    from safeguard.matching.search import search_index

    worker = practitioner_with_role(Role.FRONT_DOOR_SOCIAL_WORKER)
    for i in range(3):  # three Jacks, each with an alias row and two addresses: many index rows
        services.person_create(
            actor=worker,
            details={"given_name": "Jack", "family_name": f"Fictionby{i}", "date_of_birth": date(2015, 1, 1 + i)},
            other_names=[{"name_type": "alias", "given_name": "Jacky", "family_name": ""}],
            address={"line_1": f"{i} Oak Road", "postcode": "AB1 2CD"},
        )
    zeb = services.person_create(
        actor=worker,
        details={"given_name": "Zebedee", "family_name": "Quartermaine", "date_of_birth": date(2013, 6, 2)},
    )
    assert refresh_name_frequencies() > 0
    jack = NameFrequency.objects.get(column="given_name", value="JACK")
    assert jack.people == 3 and jack.share == pytest.approx(3 / 4)
    assert NameFrequency.objects.get(column="family_name", value="QUARTERMAINE").people == 1

    query = {"given_name": "Zebedee", "family_name": "Quartermaine", "date_of_birth": "2013-06-02"}
    # four people is far too few to judge how common a name is: frequencies are withheld
    assert name_frequencies([{"given_name": "ZEBEDEE"}]) == {"given_name": {}, "family_name": {}}
    small = search_index(query)[0]
    monkeypatch.setattr(model, "MIN_RECORDS_FOR_TERM_FREQUENCIES", 4)
    assert name_frequencies([{"given_name": "ZEBEDEE"}])["given_name"] == {"ZEBEDEE": pytest.approx(1 / 4)}
    counted = search_index(query)[0]
    # in a population of four, one Zebedee is a quarter of everyone: weaker evidence than average
    assert counted.record_id == small.record_id == zeb.pk
    assert counted.match_weight < small.match_weight


def test_frequencies_are_refreshed_by_the_scheduled_work_once_a_day():
    from datetime import timedelta

    from django.utils import timezone

    from safeguard.core import schedule
    from safeguard.matching.models import NameFrequency

    PersonFactory(given_name="Imogen")
    job = schedule.job("refresh_name_frequencies")
    now = timezone.now()
    assert job.run(now=now) > 0  # no counts yet: counted
    assert NameFrequency.objects.filter(column="given_name", value="IMOGEN").exists()
    PersonFactory(given_name="Ottoline")
    assert job.run(now=now + timedelta(hours=1)) is None  # fresh: left alone
    assert not NameFrequency.objects.filter(value="OTTOLINE").exists()
    assert job.run(now=now + timedelta(hours=25)) > 0
    assert NameFrequency.objects.filter(value="OTTOLINE").exists()


ALIASES = ["Ada", "Bea", "Cal", "Dot", "Eve", "Fay", "Gus", "Hal", "Ivy", "Jo", "Kit", "Lu"]


def _people_with_names_addresses_and_nhs_numbers(count):
    people = []
    for n in range(count):
        person = PersonFactory(given_name=f"Page{n}", family_name="Fictional")
        PersonName.objects.create(person=person, name_type="alias", given_name=ALIASES[n])
        Address.objects.create(person=person, line_1=f"{n} The Green", postcode="AB1 2CD")
        people.append(person)
    return people


def test_a_rebuild_in_small_pages_gives_every_person_their_own_names_addresses_and_numbers():
    people = _people_with_names_addresses_and_nhs_numbers(7)
    rebuild_person_index(batch_size=5000)
    in_one_page = _snapshot()
    rebuild_person_index(batch_size=2)  # pages end between people: each page reads its own key range
    assert _snapshot() == in_one_page
    for person, alias in zip(people, ALIASES[:7], strict=True):  # each alias on its own person's rows
        assert PersonIndexEntry.objects.filter(person=person, given_name=alias.upper()).exists()
    assert PersonIndexEntry.objects.filter(given_name="GUS").count() == 1


def test_a_rebuilds_reads_of_related_rows_do_not_list_the_pages_people():
    """At county scale PostgreSQL answers `person_id IN (5,000 ids)` with a scan of the whole table per
    page; the rebuild reads each page's names, addresses and numbers by a key range instead."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _people_with_names_addresses_and_nhs_numbers(12)
    with CaptureQueriesContext(connection) as captured:
        rebuild_person_index(batch_size=10)
    related = [q["sql"] for q in captured.captured_queries
               if any(t in q["sql"] for t in ('FROM "people_personname"', 'FROM "people_address"',
                                               'FROM "people_personidentifier"'))]
    assert len(related) >= 6  # two pages × three tables
    assert all(sql.count("'") <= 12 and " IN (" not in sql for sql in related), related
