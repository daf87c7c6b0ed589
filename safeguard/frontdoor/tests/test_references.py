"""Contact references people can read out on the phone: "C-2026-000123", one sequence per year,
stored and unique, shown wherever the contact is referred to (not a fragment of its id)."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from safeguard.frontdoor.models import Contact
from safeguard.frontdoor.tests.conftest import contact_body

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def test_each_contact_gets_the_next_reference_of_its_year_and_the_referrer_sees_it(world, api):
    year = timezone.localdate().year
    first = api(world.dsl).post("/contacts", contact_body())
    second = api(world.dsl).post("/contacts", contact_body(concerns="A second, different worry about Peter."))
    assert (first.status_code, second.status_code) == (201, 201), (first.content, second.content)
    assert first.json()["reference"] == f"C-{year}-000001"
    assert second.json()["reference"] == f"C-{year}-000002"

    contact = Contact.objects.get(reference=f"C-{year}-000002")
    client = Client()
    client.force_login(world.screener)
    page = client.get(f"/front-door/contacts/{contact.pk}/").content.decode()
    assert f"Contact C-{year}-000002" in page
    # No id fragment stands in for the reference on what the reader sees (links may hold the id:
    # a fragment of digits alone would otherwise be found in an href).
    shown = re.sub(r"<[^>]+>", " ", page)
    assert str(contact.pk)[:8].upper() not in shown


def test_a_new_year_starts_again_and_numbers_taken_in_bulk_are_never_reused(world):
    base = {
        "team": world.front_door, "decision_due_on": timezone.localdate(), "recorded_by": world.screener,
        "referrer_name": "Ms Teacher", "referral_source": "2A", "concerns": "Worried", "consent_status": "agreed",
    }  # fmt: skip
    # A contact written in bulk (as the demo seed does) took number 41 of 2025 without the counter.
    Contact.objects.bulk_create(
        [Contact(reference="C-2025-000041", received_at=datetime(2025, 6, 1, 10, tzinfo=LONDON), **base)]
    )
    late_2025 = Contact.objects.create(received_at=datetime(2025, 12, 31, 23, 30, tzinfo=LONDON), **base)
    new_year = Contact.objects.create(received_at=datetime(2026, 1, 1, 0, 30, tzinfo=LONDON), **base)
    assert late_2025.reference == "C-2025-000042"
    assert new_year.reference == "C-2026-000001"
    # Unique in the database, whatever writes the row.
    with pytest.raises(IntegrityError), transaction.atomic():
        Contact.objects.bulk_create(
            [Contact(reference="C-2026-000001", received_at=datetime(2026, 1, 2, 9, tzinfo=LONDON), **base)]
        )
