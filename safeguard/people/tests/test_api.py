"""The people API through the eyes of an agency system: what it can do, and what bad input gets."""

import uuid

import pytest

from safeguard.access.models import AuditEntry, InvolvementKind
from safeguard.agencies.roles import Role
from safeguard.people.models import Person, PersonIdentifier, Relationship
from safeguard.testing.factories import PersonFactory, involve, practitioner_with_role

JSON = "application/json"


@pytest.fixture
def worker(client):
    worker = practitioner_with_role(Role.SOCIAL_WORKER)
    client.force_login(worker)
    return worker


@pytest.fixture
def child(worker):
    child = PersonFactory(given_name="Mia", family_name="Testwood")
    involve(child, practitioner=worker, kind=InvolvementKind.ALLOCATED_WORKER)
    return child


def _fields(response) -> dict[str, str]:
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == response.status_code
    return {e["field"]: e["message"] for e in body["errors"]}


@pytest.mark.django_db
def test_create_a_child_with_identifiers_and_read_it_back(client, worker):
    response = client.post(
        "/api/v1/people",
        {
            "given_name": "Noah",
            "family_name": "Testwood",
            "date_of_birth": "2018-06-01",
            "sex": "M",
            "ethnicity": "WBRI",
            "disabilities": ["COMM"],
            "identifiers": [{"id_type": "nhs_number", "value": "943 476 5919"}],
            "other_names": [{"name_type": "alias", "given_name": "Noey"}],
            "address": {"line_1": "1 Fictional Row", "town": "Wrekin", "postcode": "sy99 1aa"},
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["identifiers"] == [{"id_type": "nhs_number", "value": "9434765919"}]
    assert body["addresses"][0]["postcode"] == "SY99 1AA"
    assert body["is_child"] is True
    assert body["chronology"][0]["event_type"] == "person_recorded"
    again = client.get(f"/api/v1/people/{body['id']}")
    assert again.status_code == 200 and again.json()["other_names"][0]["given_name"] == "Noey"


@pytest.mark.django_db
def test_unborn_child_is_recorded_with_an_expected_date(client, worker):
    response = client.post(
        "/api/v1/people",
        {"given_name": "Baby", "family_name": "Testwood", "expected_birth_date": "2027-02-01"},
        content_type=JSON,
    )
    assert response.status_code == 201
    assert response.json()["date_of_birth"] is None and response.json()["is_child"] is True


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"given_name": "", "family_name": "X"}, "given_name", "Enter a first name"),
        ({"family_name": "X"}, "given_name", "Enter a first name"),  # left out, as on the page
        ({"given_name": "A", "family_name": "X", "date_of_birth": "2019-02-30"}, "date_of_birth", "real date"),
        ({"given_name": "A", "family_name": "X", "date_of_birth": "2099-01-01"}, "date_of_birth", "in the past"),
        ({"given_name": "A", "family_name": "X", "sex": "Q"}, "sex", "Select sex"),
        ({"given_name": "A", "family_name": "X", "disabilities": ["FLY"]}, "disabilities", "census list"),
        (
            {"given_name": "A", "family_name": "X", "identifiers": [{"id_type": "nhs_number", "value": "9434765918"}]},
            "identifiers[0].value",
            "check digit",
        ),
        (
            {"given_name": "A", "family_name": "X", "address": {"line_1": "1 Row", "postcode": "nonsense"}},
            "address.postcode",
            "postcode",
        ),
        ({"given_name": "A", "family_name": "X", "favourite_colour": "blue"}, "favourite_colour", "not accepted"),
    ],
)
def test_bad_input_to_create_gets_a_field_level_error_and_saves_nothing(client, worker, payload, field, message):
    before = (Person.objects.count(), AuditEntry.objects.count())
    response = client.post("/api/v1/people", payload, content_type=JSON)
    assert response.status_code == 422
    fields = _fields(response)
    assert message in fields[field], fields
    assert (Person.objects.count(), AuditEntry.objects.count()) == before


@pytest.mark.django_db
def test_every_problem_is_reported_at_once(client, worker):
    response = client.post(
        "/api/v1/people",
        {"given_name": "", "family_name": "", "sex": "Q", "identifiers": [{"id_type": "upn", "value": "1"}]},
        content_type=JSON,
    )
    # The body's shape is checked first, every field at once; the service's checks (an identifier's
    # check digits, whether it is free) follow once the shape is right.
    assert set(_fields(response)) == {"given_name", "family_name", "sex"}
    response = client.post(
        "/api/v1/people",
        {"given_name": "A", "family_name": "X", "identifiers": [{"id_type": "upn", "value": "1"}]},
        content_type=JSON,
    )
    assert set(_fields(response)) == {"identifiers[0].value"}
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_a_duplicate_nhs_number_is_refused_pointing_at_search(client, worker, child):
    PersonIdentifier.objects.create(person=child, id_type="nhs_number", value="9434765919")
    response = client.post(
        "/api/v1/people",
        {"given_name": "A", "family_name": "X", "identifiers": [{"id_type": "nhs_number", "value": "9434765919"}]},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert "search for them" in _fields(response)["identifiers[0].value"]


@pytest.mark.django_db
def test_not_json_body_is_a_problem_not_a_crash(client, worker):
    response = client.post("/api/v1/people", "{not json", content_type=JSON)
    assert response.status_code in (400, 422)
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
def test_update_validates_and_changes_nothing_on_error(client, worker, child):
    response = client.patch(
        f"/api/v1/people/{child.pk}", {"date_of_death": "2000-01-01", "gender": "x" * 61}, content_type=JSON
    )
    assert response.status_code == 422
    assert set(_fields(response)) == {"gender"}  # the shape first (the service's date rule follows)
    assert _fields(response)["gender"] == "Gender identity must be 60 characters or fewer"
    response = client.patch(f"/api/v1/people/{child.pk}", {"date_of_death": "2000-01-01"}, content_type=JSON)
    assert response.status_code == 422 and set(_fields(response)) == {"date_of_death"}
    child.refresh_from_db()
    assert child.date_of_death is None and child.gender == ""


@pytest.mark.django_db
def test_update_records_a_chronology_event(client, worker, child):
    response = client.patch(f"/api/v1/people/{child.pk}", {"first_language": "Polish"}, content_type=JSON)
    assert response.status_code == 200
    assert response.json()["chronology"][0]["summary"] == "Changed: first language"


@pytest.mark.django_db
def test_add_identifier_bad_and_good(client, worker, child):
    bad = client.post(
        f"/api/v1/people/{child.pk}/identifiers", {"id_type": "passport", "value": "1"}, content_type=JSON
    )
    assert bad.status_code == 422 and "Unknown identifier type" in _fields(bad)["identifier[0].id_type"]
    good = client.post(
        f"/api/v1/people/{child.pk}/identifiers", {"id_type": "upn", "value": "L12345678901B"}, content_type=JSON
    )
    assert good.status_code == 201
    assert child.identifiers.get().value == "L12345678901B"


@pytest.mark.django_db
def test_relationships_read_from_both_ends_and_bad_ones_are_refused(client, worker, child):
    mother = PersonFactory(given_name="Jo", family_name="Testwood", date_of_birth="1990-01-01")
    involve(mother, practitioner=worker)
    ok = client.post(
        "/api/v1/relationships",
        {
            "from_person_id": str(mother.pk),
            "to_person_id": str(child.pk),
            "relationship_type": "parent",
            "parental_responsibility": True,
            "is_main_carer": True,
        },
        content_type=JSON,
    )
    assert ok.status_code == 201
    from_child = client.get(f"/api/v1/people/{child.pk}").json()["relationships"]
    from_mother = client.get(f"/api/v1/people/{mother.pk}").json()["relationships"]
    assert [(r["label"], r["other_person_name"]) for r in from_child] == [("Parent", "Jo Testwood")]
    assert [(r["label"], r["other_person_name"]) for r in from_mother] == [("Child", "Mia Testwood")]

    self_link = client.post(
        "/api/v1/relationships",
        {"from_person_id": str(child.pk), "to_person_id": str(child.pk), "relationship_type": "cousin"},
        content_type=JSON,
    )
    assert self_link.status_code == 422
    assert set(_fields(self_link)) == {"relationship_type"}  # a type off the list, as the body is read
    self_link = client.post(
        "/api/v1/relationships",
        {"from_person_id": str(child.pk), "to_person_id": str(child.pk), "relationship_type": "sibling"},
        content_type=JSON,
    )
    assert self_link.status_code == 422 and set(_fields(self_link)) == {"to_person_id"}  # the service's rule
    assert Relationship.objects.count() == 1

    ended = client.post(f"/api/v1/relationships/{ok.json()['id']}/end", {"ends_on": "2000-01-01"}, content_type=JSON)
    assert ended.status_code == 200
    later = client.post(f"/api/v1/relationships/{ok.json()['id']}/end", {"ends_on": "not-a-date"}, content_type=JSON)
    assert later.status_code == 422 and "real date" in _fields(later)["ends_on"]


@pytest.mark.django_db
def test_linking_to_someone_you_cannot_see_answers_404(client, worker, child):
    stranger = PersonFactory()
    response = client.post(
        "/api/v1/relationships",
        {"from_person_id": str(stranger.pk), "to_person_id": str(child.pk), "relationship_type": "parent"},
        content_type=JSON,
    )
    assert response.status_code == 404
    assert not Relationship.objects.exists()


@pytest.mark.django_db
def test_search_returns_only_visible_people_and_bad_dates_are_field_errors(client, worker, child):
    PersonFactory(given_name="Mia", family_name="Testwood")  # same name, not visible
    found = client.post("/api/v1/people/search", {"name": "mia testwood"}, content_type=JSON)
    assert [p["id"] for p in found.json()] == [str(child.pk)]
    bad = client.post("/api/v1/people/search", {"date_of_birth": "31/12/2019"}, content_type=JSON)
    assert bad.status_code == 422 and "date_of_birth" in _fields(bad)


@pytest.mark.django_db
def test_unknown_and_malformed_ids_answer_404_or_422(client, worker):
    assert client.get(f"/api/v1/people/{uuid.uuid4()}").status_code == 404
    malformed = client.get("/api/v1/people/not-a-uuid")
    assert malformed.status_code == 422 and "person_id" in _fields(malformed)


@pytest.mark.django_db
def test_reading_a_record_is_one_audited_view_of_the_relatives_it_names(client, worker, child):
    """The API's record lists the child's relatives by name: its one audit entry names them; the
    chronology, which shows no relatives, names only the child."""
    from safeguard.access.models import AuditEntryPerson

    father = PersonFactory(given_name="Tom", family_name="Testwood", date_of_birth="1985-05-05")
    Relationship.objects.create(from_person=father, to_person=child, relationship_type="parent")
    last = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    body = client.get(f"/api/v1/people/{child.pk}").json()
    assert [r["other_person_name"] for r in body["relationships"]] == ["Tom Testwood"]
    entries = list(AuditEntry.objects.filter(seq__gt=last))
    assert len(entries) == 1 and entries[0].person_id == str(child.pk)
    named = set(AuditEntryPerson.objects.filter(entry=entries[0]).values_list("person_id", flat=True))
    assert named == {str(child.pk), str(father.pk)}
    last = entries[0].seq
    assert client.get(f"/api/v1/people/{child.pk}/chronology").status_code == 200
    entries = list(AuditEntry.objects.filter(seq__gt=last))
    assert len(entries) == 1 and entries[0].person_id == str(child.pk)
    assert not AuditEntryPerson.objects.filter(entry=entries[0]).exists()


@pytest.mark.django_db
def test_chronology_is_newest_first_and_paged(client, worker, child):
    from safeguard.core.services import chronology_event_record

    for day in (1, 3, 2):
        chronology_event_record(person=child, event_type="other", occurred_on=f"2026-01-0{day}", summary=f"e{day}")
    response = client.get(f"/api/v1/people/{child.pk}/chronology?limit=2")
    assert [e["summary"] for e in response.json()] == ["e3", "e2"]


@pytest.mark.django_db
def test_me_shows_roles(client, worker):
    body = client.get("/api/v1/me").json()
    assert body["username"] == worker.username
    assert body["memberships"][0]["role"] == Role.SOCIAL_WORKER
