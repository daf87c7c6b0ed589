"""Two practitioners changing the same record at once: nothing is silently lost."""

import json
import threading
from unittest import mock

import pytest
from django.db import connection
from django.test import Client

from safeguard.access.errors import StaleVersion
from safeguard.access.models import InvolvementKind
from safeguard.agencies.roles import Role
from safeguard.people import selectors, services
from safeguard.people.models import Person
from safeguard.testing.factories import PersonFactory, involve, practitioner_with_role

JSON = "application/json"


@pytest.fixture
def worker_and_child(db):
    worker = practitioner_with_role(Role.SOCIAL_WORKER)
    child = PersonFactory(given_name="Mia", family_name="Testwood")
    involve(child, practitioner=worker, kind=InvolvementKind.ALLOCATED_WORKER)
    return worker, child


def test_a_change_saved_from_an_older_read_keeps_the_other_change(worker_and_child):
    """The lost update, made deterministic: B read the record before A saved, then B saves."""
    worker, child = worker_and_child
    read_by_b = Person.objects.get(pk=child.pk)
    services.person_update(actor=worker, person=Person.objects.get(pk=child.pk), changes={"gender": "Girl"})
    services.person_update(actor=worker, person=read_by_b, changes={"first_language": "Welsh"})
    child.refresh_from_db()
    assert (child.gender, child.first_language) == ("Girl", "Welsh")
    assert child.version == 3


def test_a_change_from_a_stale_version_is_refused_and_saves_nothing(worker_and_child):
    worker, child = worker_and_child
    services.person_update(actor=worker, person=child, changes={"gender": "Girl"}, expected_version=1)
    with pytest.raises(StaleVersion):
        services.person_update(actor=worker, person=child, changes={"gender": "Other"}, expected_version=1)
    child.refresh_from_db()
    assert (child.gender, child.version) == ("Girl", 2)


def test_the_api_gives_an_etag_and_refuses_a_stale_if_match_with_412(client, worker_and_child):
    worker, child = worker_and_child
    client.force_login(worker)
    read = client.get(f"/api/v1/people/{child.pk}")
    assert read["ETag"] == '"1"' and read.json()["version"] == 1
    first = client.patch(
        f"/api/v1/people/{child.pk}", json.dumps({"gender": "Girl"}), content_type=JSON, headers={"If-Match": '"1"'}
    )
    assert first.status_code == 200 and first["ETag"] == '"2"'
    stale = client.patch(
        f"/api/v1/people/{child.pk}", json.dumps({"gender": "Other"}), content_type=JSON, headers={"If-Match": '"1"'}
    )
    assert stale.status_code == 412
    assert stale["Content-Type"] == "application/problem+json" and stale["ETag"] == '"2"'
    assert "changed this record after you read it" in stale.json()["detail"]
    child.refresh_from_db()
    assert child.gender == "Girl"
    # Without If-Match the rule is documented: only the fields sent are written.
    plain = client.patch(f"/api/v1/people/{child.pk}", json.dumps({"first_language": "Welsh"}), content_type=JSON)
    assert plain.status_code == 200 and plain.json()["gender"] == "Girl"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    "connection.vendor != 'postgresql'",
    reason="needs a server database: SQLite's in-memory test database cannot take concurrent writers "
    "(the same interleaving is tested on both by the first test in this module)",
)
def test_two_concurrent_patches_of_different_fields_both_persist():
    worker = practitioner_with_role(Role.SOCIAL_WORKER)
    pairs = 10
    children = [PersonFactory() for _ in range(pairs)]
    for child in children:
        involve(child, practitioner=worker, kind=InvolvementKind.ALLOCATED_WORKER)
    original = selectors.person_lookup
    barrier = threading.Barrier(2, timeout=30)

    def person_lookup(**kwargs):
        person = original(**kwargs)
        barrier.wait()  # both requests have read the record before either saves
        return person

    statuses, errors = [], []

    def patch(child, body):
        try:
            client = Client()
            client.force_login(worker)
            response = client.patch(f"/api/v1/people/{child.pk}", json.dumps(body), content_type=JSON)
            statuses.append(response.status_code)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    with mock.patch.object(selectors, "person_lookup", person_lookup):
        for child in children:
            threads = [
                threading.Thread(target=patch, args=(child, {"gender": "Girl"})),
                threading.Thread(target=patch, args=(child, {"first_language": "Welsh"})),
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
            barrier.reset()
    assert errors == [] and statuses == [200] * (2 * pairs)
    for child in children:
        child.refresh_from_db()
        assert (child.gender, child.first_language, child.version) == ("Girl", "Welsh", 3)
