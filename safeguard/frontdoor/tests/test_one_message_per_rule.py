"""One rule, one message: the web page and the API refuse the same bad input in the same words.

Forms and services used to write each message out twice; they now share the constants in
frontdoor/validation.py, and these tests hold the two routes to a write to the same answer."""

from __future__ import annotations

import html as html_lib

from safeguard.frontdoor.models import TriageItem
from safeguard.frontdoor.tests.test_pages_work import browser, notifications  # noqa: F401 (fixture)
from safeguard.frontdoor.validation import TRIAGE_MINUTES_REQUIRED, TRIAGE_OUTCOME_REQUIRED, TRIAGE_RATIONALE_REQUIRED


def _api_messages(response) -> dict[str, str]:
    assert response.status_code == 422, response.content
    return {e["field"]: e["message"] for e in response.json()["errors"]}


def test_an_empty_triage_decision_is_refused_in_the_same_words_on_the_page_and_in_the_api(world, notifications):  # noqa: F811
    chair = browser(world.screener)
    chair.post("/front-door/triage/start/")
    item = TriageItem.objects.get(notification__source_reference="DA-001")

    # what a browser sends when nothing is chosen and nothing typed: the empty text area, no radio
    response = chair.post(f"/front-door/triage/items/{item.pk}/decision/", {"rationale": ""})
    page = html_lib.unescape(response.content.decode())
    api = _api_messages(
        chair.post(f"/api/v1/triage-items/{item.pk}/decision", {"outcome": "", "rationale": ""}, "application/json")
    )

    assert api == {"outcome": TRIAGE_OUTCOME_REQUIRED, "rationale": TRIAGE_RATIONALE_REQUIRED}
    assert TRIAGE_OUTCOME_REQUIRED in page and TRIAGE_RATIONALE_REQUIRED in page


def test_closing_a_meeting_without_minutes_is_refused_in_the_same_words(world, notifications):  # noqa: F811
    chair = browser(world.screener)
    meeting_id = chair.post("/front-door/triage/start/")["Location"].rstrip("/").rsplit("/", 1)[-1]

    page = html_lib.unescape(chair.post(f"/front-door/triage/{meeting_id}/close/", {"minutes": ""}).content.decode())
    api = _api_messages(
        chair.post(f"/api/v1/triage-meetings/{meeting_id}/close", {"minutes": ""}, "application/json")
    )

    assert api["minutes"] == TRIAGE_MINUTES_REQUIRED
    assert TRIAGE_MINUTES_REQUIRED in page
