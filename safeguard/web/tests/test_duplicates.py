"""The duplicate review pages: queue, side-by-side comparison, merge, undo."""

from datetime import date

import pytest

from safeguard.access.models import AuditEntry, InvolvementKind
from safeguard.agencies.roles import Role
from safeguard.people.duplicates import refresh_likely_duplicates
from safeguard.people.models import Address, MergeRecord, NotDuplicate, Person
from safeguard.testing.factories import PersonFactory, involve, practitioner_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client):
    manager = practitioner_with_role(Role.FRONT_DOOR_MANAGER)
    client.force_login(manager)
    return manager


@pytest.fixture
def pair(manager):
    first = PersonFactory(given_name="Katherine", family_name="Whitmore", date_of_birth=date(2014, 3, 7))
    second = PersonFactory(given_name="Kathryn", family_name="Whitmore", date_of_birth=date(2014, 3, 7))
    for person in (first, second):
        Address.objects.create(person=person, line_1="12 Oak Road", postcode="AB1 2CD")
        involve(person, practitioner=manager, kind=InvolvementKind.FRONT_DOOR_CONTACT)
    refresh_likely_duplicates()  # the scheduled work's scan
    return first, second


def test_queue_compare_merge_and_undo(client, manager, pair):
    first, second = pair
    queue = client.get("/people/duplicates/").content.decode()
    assert "Katherine Whitmore" in queue and "Kathryn Whitmore" in queue and "Compare" in queue
    url = f"/people/duplicates/{first.pk}/{second.pk}/"
    page = client.get(url).content.decode()
    assert "Record on the left" in page and "12 Oak Road" in page and "same person" in page

    missing = client.post(url, {}).content.decode()
    assert "Select whether these records are the same person" in missing
    no_reason = client.post(url, {"decision": "keep_first", "reason": ""}).content.decode()
    assert "Say why you are sure" in no_reason

    done = client.post(url, {"decision": "keep_first", "reason": "Checked with the school: same child"})
    merge = MergeRecord.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/people/merges/{merge.pk}/"
    assert Person.objects.get(pk=second.pk).merged_into_id == first.pk
    assert "Undo this merge" in client.get(done["Location"]).content.decode()
    assert "Kathryn" not in client.get("/people/duplicates/").content.decode()

    undo_url = f"/people/merges/{merge.pk}/undo/"
    assert "Enter why you are undoing" in client.post(undo_url, {}).content.decode()
    undone = client.post(undo_url, {"reason": "Twins, confirmed by the GP"})
    assert undone.status_code == 302
    assert Person.objects.get(pk=second.pk).merged_into_id is None
    assert client.get(undo_url).status_code == 404
    events = list(AuditEntry.objects.filter(object_type="people.mergerecord").values_list("detail__event", flat=True))
    assert events == ["merge", "unmerge"]


def test_marking_different_people_removes_the_pair_from_the_queue(client, manager, pair):
    first, second = pair
    response = client.post(f"/people/duplicates/{first.pk}/{second.pk}/", {"decision": "different"})
    assert response.status_code == 302 and NotDuplicate.objects.count() == 1
    assert "No likely duplicates" in client.get("/people/duplicates/").content.decode()


def test_practitioners_who_are_not_managers_get_404(client, pair):
    first, second = pair
    worker = practitioner_with_role(Role.FRONT_DOOR_SOCIAL_WORKER)
    for person in pair:
        involve(person, practitioner=worker, kind=InvolvementKind.FRONT_DOOR_CONTACT)
    client.force_login(worker)
    assert client.get("/people/duplicates/").status_code == 404
    assert client.get(f"/people/duplicates/{first.pk}/{second.pk}/").status_code == 404
    posted = client.post(f"/people/duplicates/{first.pk}/{second.pk}/", {"decision": "keep_first", "reason": "x" * 20})
    assert posted.status_code == 404 and not MergeRecord.objects.exists()
