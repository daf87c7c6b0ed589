"""The children in need API: the same rules as the pages, codes with their labels, 404 for others."""

from __future__ import annotations

import pytest
from django.utils import timezone

from safeguard.cin.models import CINEpisode
from safeguard.cin.tests.conftest import refer
from safeguard.frontdoor.models import Assessment
from safeguard.testing.factories import involve

pytestmark = pytest.mark.django_db


def test_recording_closing_and_reading_an_episode_through_the_api(social_care, api, child):
    w = social_care
    refer(api, w, child)
    assessment = Assessment.objects.get(person=child)
    manager = api(w.team_manager)
    today = timezone.localdate().isoformat()
    # A code not on the list is refused as the page refuses it, before the service is asked...
    bad = manager.post(f"/cin/assessments/{assessment.pk}", {"authorised_on": "2001-01-01", "factors": ["99Z"]})
    assert bad.status_code == 422
    assert {e["field"]: e["message"] for e in bad.json()["errors"]} == {"factors": "Select factors from the list"}
    # ...and a well-formed answer the rules refuse gets every rule's message at once.
    bad = manager.post(f"/cin/assessments/{assessment.pk}", {"authorised_on": "2001-01-01"})
    assert bad.status_code == 422
    fields = {e["field"] for e in bad.json()["errors"]}
    assert {"authorised_on", "factors", "primary_need", "needs_social_care_support"} <= fields
    ok = manager.post(f"/cin/assessments/{assessment.pk}", {
        "child_seen_on": today, "factors": ["19B", "15A"], "authorised_on": today,
        "needs_social_care_support": False, "primary_need": "N9",
    })  # fmt: skip
    assert ok.status_code == 200, ok.content
    assert ok.json()["timescale_met"] is True
    assert ok.json()["factors"][0] == {"code": "19B", "label": "Sexual abuse by another child"}
    episode = CINEpisode.objects.get(child=child)
    closed = manager.post(f"/cin/episodes/{episode.pk}/close", {"closure_date": today, "closure_reason": "RC8"})
    assert closed.status_code == 200, closed.content
    body = manager.get(f"/cin/children/{child.pk}/episodes").json()
    assert body[0]["closure_reason"]["label"].startswith("No further action after assessment")
    assert body[0]["referral_source"] == {"code": "2A", "label": "Schools"}
    assert body[0]["referral_nfa"] is False


def test_others_get_404_from_the_cin_api(social_care, api, child):
    w = social_care
    refer(api, w, child)
    involve(child, practitioner=w.nurse)
    assert api(w.nurse).get(f"/cin/children/{child.pk}/episodes").status_code == 404
    characteristics = {"sex": "F", "ethnicity": "WBRI", "upn_unknown": "UN1"}
    assert api(w.nurse).client.put(
        f"/api/v1/cin/children/{child.pk}/characteristics", characteristics, content_type="application/json"
    ).status_code == 404
    saved = api(w.team_manager).client.put(
        f"/api/v1/cin/children/{child.pk}/characteristics", characteristics, content_type="application/json"
    )
    assert saved.status_code == 200 and saved.json()["disabilities"] == ["NONE"]
