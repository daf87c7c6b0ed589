"""A child becomes looked after; an emergency department looking the child up sees that, and since
when, and nothing more; when the episode ends, the look-up says so."""

import pytest
from django.test import Client

from safeguard.access.models import InvolvementKind
from safeguard.agencies.roles import Role
from safeguard.core.models import ChronologyEvent
from safeguard.people.models import PersonIdentifier
from safeguard.testing.factories import PersonFactory, involve, practitioner_with_role

JSON = "application/json"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_looked_after_status_reaches_the_emergency_department_and_ends():
    social_worker = practitioner_with_role(Role.SOCIAL_WORKER)
    child = PersonFactory(given_name="Ada", family_name="Fictioncare", date_of_birth="2015-01-02")
    PersonIdentifier.objects.create(person=child, id_type="nhs_number", value="9434765919")
    involve(child, practitioner=social_worker, kind=InvolvementKind.ALLOCATED_WORKER)
    worker = signed_in(social_worker)
    ed = signed_in(practitioner_with_role(Role.ED_CLINICIAN))

    bad = worker.post(
        "/api/v1/protection/looked-after", {"child_id": str(child.pk), "legal_status": "ZZ"}, content_type=JSON
    )
    assert bad.status_code == 422
    assert "legal status" in bad.json()["errors"][0]["message"]

    started = worker.post(
        "/api/v1/protection/looked-after",
        {"child_id": str(child.pk), "legal_status": "C2", "started_on": "2026-09-01"},
        content_type=JSON,
    )
    assert started.status_code == 201, started.json()
    assert ChronologyEvent.objects.filter(person=child, event_type="looked_after_started").exists()
    again = worker.post(
        "/api/v1/protection/looked-after", {"child_id": str(child.pk), "legal_status": "V2"}, content_type=JSON
    )
    assert again.status_code == 422 and "already looked after" in again.content.decode()

    seen = ed.post("/api/v1/family/health-lookups", {"setting": "ed", "nhs_number": "9434765919"}, content_type=JSON)
    status = seen.json()["status"]
    assert status["looked_after"] is True and status["looked_after_since"] == "2026-09-01"
    assert status["on_child_protection_plan"] is False
    assert "Full care order" not in seen.content.decode()  # the legal status is not theirs to know

    episode_id = started.json()["id"]
    no_reason = worker.post(f"/api/v1/protection/looked-after/{episode_id}/end", {"reason": ""}, content_type=JSON)
    assert no_reason.status_code == 422
    ended = worker.post(
        f"/api/v1/protection/looked-after/{episode_id}/end",
        {"ended_on": "2026-11-20", "reason": "Returned home under a supervision order"},
        content_type=JSON,
    )
    assert ended.status_code == 200 and ended.json()["ended_on"] == "2026-11-20"
    later = ed.post("/api/v1/family/health-lookups", {"setting": "ed", "nhs_number": "9434765919"}, content_type=JSON)
    assert later.json()["status"]["looked_after"] is False


@pytest.mark.django_db
def test_only_those_who_may_change_the_childs_record_can_record_it():
    child = PersonFactory()
    gp = signed_in(practitioner_with_role(Role.GP))
    response = gp.post(
        "/api/v1/protection/looked-after", {"child_id": str(child.pk), "legal_status": "C2"}, content_type=JSON
    )
    assert response.status_code == 404
