"""A partnership with a front door and a social work team, and a helper that takes a contact about
a child through the real front door to a decision (so the episode opens as it does in use)."""

from __future__ import annotations

import pytest
from django.test import Client

from safeguard.agencies.roles import Role
from safeguard.frontdoor.tests.conftest import api, child, contact_body, world  # noqa: F401 - fixtures
from safeguard.frontdoor.tests.test_contacts_api import link_child
from safeguard.testing.factories import TeamFactory, practitioner_with_role


@pytest.fixture
def social_care(world):  # noqa: F811
    w = world
    w.locality = TeamFactory(agency=w.council, name="Locality social work team")
    w.team_manager = practitioner_with_role(Role.SOCIAL_WORK_MANAGER, team=w.locality, username="teammanager")
    w.social_worker = practitioner_with_role(Role.SOCIAL_WORKER, team=w.locality, username="socialworker")
    return w


def refer(api, w, child, outcome="assessment", **body):  # noqa: F811
    """A school's contact about the child, matched and decided by the front door manager."""
    contact_id = api(w.dsl).post("/contacts", contact_body(**body)).json()["id"]
    link_child(api, w, contact_id, child)
    r = api(w.manager).post(
        f"/contacts/{contact_id}/decision", {"outcome": outcome, "rationale": "The reasons for this decision."}
    )
    assert r.status_code == 201, r.content
    return contact_id, r.json()["id"]


def allocate(w) -> None:
    """The team manager gives the team's assessment to the social worker."""
    from safeguard.core.models import Task

    allocation = Task.objects.get(kind="allocate_assessment", team=w.locality, status="open")
    client = Client()
    client.force_login(w.team_manager)
    r = client.post("/protection/allocations/", {"task_id": str(allocation.pk), "worker_id": w.social_worker.pk})
    assert r.status_code == 302, r.content
