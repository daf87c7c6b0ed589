"""Lists of children's clocks, actions and reviews are views of those children: each read writes one
audit entry naming every child it showed, so "who has looked at this child" finds it."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from safeguard.access.models import AuditEntry, AuditEntryPerson
from safeguard.agencies.models import Practitioner
from safeguard.protection.models import ReconveneReview

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(db):
    call_command("seed_demo", "--allow-without-debug", "--families", "150", "--no-logins", "--no-index",
                 stdout=StringIO(), stderr=StringIO())
    user = Practitioner.objects.get(username="sw.locality1")
    client = Client()
    client.force_login(user)
    return user, client


def _audited_people(user, purpose: str) -> set[str]:
    entry = AuditEntry.objects.filter(actor_id=user.pk, purpose=purpose).order_by("-pk").first()
    assert entry is not None, f"no audit entry for {purpose}"
    return set(AuditEntryPerson.objects.filter(entry=entry).values_list("person_id", flat=True))


def test_the_statutory_clocks_api_audits_the_children_it_shows(worker):
    user, client = worker
    shown = {c["child_id"] for c in client.get("/api/v1/protection/due", {"limit": 500}).json()}
    assert len(shown) > 5
    assert _audited_people(user, "statutory clocks") == shown


def test_your_work_audits_every_child_it_lists_in_one_entry(worker):
    user, client = worker
    before = AuditEntry.objects.filter(actor_id=user.pk, purpose="your work").count()
    assert client.get("/protection/").status_code == 200
    assert AuditEntry.objects.filter(actor_id=user.pk, purpose="your work").count() == before + 1
    audited = _audited_people(user, "your work")
    clocks = {c["child_id"] for c in client.get("/api/v1/protection/due", {"limit": 500}).json()}
    assert len(clocks) > 5 and clocks <= audited


def test_an_empty_list_writes_no_entry(worker):
    user, client = worker
    ReconveneReview.objects.all().delete()
    client.get("/api/v1/protection/reconvene-reviews")
    assert not AuditEntry.objects.filter(actor_id=user.pk, purpose="reconvene reviews").exists()
