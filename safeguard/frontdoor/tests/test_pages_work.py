"""The pages that finish the front door in the browser: the police referral decision, information
requests, agencies' threshold views, domestic abuse triage meetings and who is offered the
Operation Encompass acknowledgement."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from safeguard.frontdoor.models import (
    Contact,
    InformationRequest,
    Notification,
    ThresholdView,
    TriageAction,
    TriageInput,
    TriageItem,
    TriageMeeting,
)
from safeguard.frontdoor.tests.conftest import contact_body
from safeguard.frontdoor.tests.test_contacts_api import link_child
from safeguard.frontdoor.tests.test_notifications import csv_file

pytestmark = pytest.mark.django_db


def browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def notifications(world, api):
    api(world.officer).post_raw("/notifications/import", csv_file(), "text/csv")
    return {n.source_reference: n for n in Notification.objects.all()}


@pytest.fixture
def screened_contact(world, api, child):
    cid = api(world.dsl).post("/contacts", contact_body()).json()["id"]
    link_child(api, world, cid, child)
    api(world.screener).post(f"/contacts/{cid}/screening", {"rag": "red"})
    return Contact.objects.get(pk=cid)


# --------------------------------------------------------------------------------------------- police decision


def test_officer_refers_a_notification_from_the_dashboard(world, notifications):
    web = browser(world.officer)
    n = notifications["DA-001"]
    assert f"/front-door/police-screening/{n.pk}/" in html(web.get("/front-door/police-screening/"))
    page = html(web.get(f"/front-door/police-screening/{n.pk}/"))
    assert "Peter Fictional" in page and "Referral decision" in page
    r = web.post(f"/front-door/police-screening/{n.pk}/", {"decision": "refer"})
    assert r.status_code == 302 and r["Location"] == "/front-door/police-screening/"
    n.refresh_from_db()
    assert n.screening_status == "referred" and n.contact is not None
    assert n.contact.subjects.filter(given_name="Peter").exists()
    assert "referred to children&#x27;s social care" in html(web.get("/front-door/police-screening/"))


def test_no_referral_needs_a_reason_and_keeps_what_was_chosen(world, notifications):
    web = browser(world.officer)
    n = notifications["DA-002"]
    r = web.post(f"/front-door/police-screening/{n.pk}/", {"decision": "no_referral", "reason": ""})
    page = html(r)
    assert r.status_code == 200 and "There is a problem" in page and 'href="#id_decision_0"' not in page
    assert "Explain why no referral is needed" in page and 'href="#id_reason"' in page
    assert 'value="no_referral" checked' in page  # the choice is kept
    r = web.post(f"/front-door/police-screening/{n.pk}/", {"decision": "no_referral", "reason": "too short"})
    assert r.status_code == 200 and "too short" in html(r)  # service refusal keeps the typed reason
    r = web.post(
        f"/front-door/police-screening/{n.pk}/",
        {"decision": "no_referral", "reason": "Adults only were present; children were at grandparents."},
    )
    assert r.status_code == 302
    n.refresh_from_db()
    assert n.screening_status == "no_referral" and n.contact is None


def test_only_police_officers_decide_on_notifications(world, notifications):
    n = notifications["DA-001"]
    assert browser(world.screener).get(f"/front-door/police-screening/{n.pk}/").status_code == 404
    assert browser(world.nurse).get(f"/front-door/police-screening/{n.pk}/").status_code == 404
    assert (
        browser(world.screener).post(f"/front-door/police-screening/{n.pk}/", {"decision": "refer"}).status_code == 404
    )
    # The front door sees the dashboard but is not offered a Decide link that would answer 404.
    assert f"/front-door/police-screening/{n.pk}/" not in html(
        browser(world.screener).get("/front-door/police-screening/")
    )


# --------------------------------------------------------------------------------------------- information requests


def test_screener_sends_an_information_request_with_its_due_time(world, screened_contact):
    c = screened_contact
    web = browser(world.screener)
    assert f"/front-door/contacts/{c.pk}/information-requests/new/" in html(web.get(f"/front-door/contacts/{c.pk}/"))
    page = html(web.get(f"/front-door/contacts/{c.pk}/information-requests/new/"))
    assert "due within 4 working hours" in page and "Safeguarding children (Shire Health)" in page
    r = web.post(
        f"/front-door/contacts/{c.pk}/information-requests/new/",
        {"team_id": str(world.health_team.pk), "question": "What does health hold on Peter and his mother?"},
    )
    assert r.status_code == 302 and r["Location"] == f"/front-door/contacts/{c.pk}/"
    row = InformationRequest.objects.get()
    assert row.team == world.health_team and row.rag == "red"
    assert "What does health hold" in html(browser(world.nurse).get("/front-door/information-requests/"))


def test_a_partner_team_sees_requests_waiting_for_an_answer_first_a_page_at_a_time(world, screened_contact):
    """Open requests soonest due first, paged, with how many wait; answered ones behind a link, most
    recent first (the page was every request in due order, oldest answered first, cut at 200)."""
    now = timezone.now()

    def ask(question: str, due_in_hours: int, answered: bool = False) -> None:
        InformationRequest.objects.create(
            contact=screened_contact, team=world.health_team, question=question, requested_by=world.screener,
            rag="amber", due_at=now + timedelta(hours=due_in_hours), status="answered" if answered else "open",
            answer="Nothing held." if answered else "", answered_at=now if answered else None,
        )

    ask("Answered long ago", -900, answered=True)
    ask("Answered last week", -150, answered=True)
    for n, hours in enumerate((30, 4, 12)):
        ask(f"Open question {n}", hours)
    nurse = browser(world.nurse)
    page = html(nurse.get("/front-door/information-requests/", {"size": 2}))
    assert "3 requests waiting for an answer" in page and "Answered" not in page.split("<table", 1)[1]
    assert page.index("Open question 1") < page.index("Open question 2") and "Open question 0" not in page
    cursor = page.split("cursor=", 1)[1].split('"', 1)[0]
    page = html(nurse.get(f"/front-door/information-requests/?size=2&cursor={cursor}"))
    assert "Open question 0" in page and "Open question 1" not in page
    page = html(nurse.get("/front-door/information-requests/", {"show": "answered"}))
    assert page.index("Answered last week") < page.index("Answered long ago") and "Open question" not in page


def test_information_request_errors_keep_the_question(world, screened_contact):
    c = screened_contact
    r = browser(world.screener).post(
        f"/front-door/contacts/{c.pk}/information-requests/new/",
        {"team_id": "", "question": "Anything on file about the father?"},
    )
    page = html(r)
    assert r.status_code == 200 and "Select the partner team to ask" in page and 'href="#id_team_id"' in page
    assert "Anything on file about the father?" in page
    r = browser(world.screener).post(
        f"/front-door/contacts/{c.pk}/information-requests/new/",
        {"team_id": str(world.health_team.pk), "question": "?"},
    )
    assert "Say what you need to know" in html(r) and InformationRequest.objects.count() == 0


def test_only_the_front_door_sends_information_requests(world, screened_contact):
    url = f"/front-door/contacts/{screened_contact.pk}/information-requests/new/"
    assert browser(world.nurse).get(url).status_code == 404
    assert browser(world.dsl).get(url).status_code == 404  # the referrer sees the contact, not this page
    assert (
        browser(world.nurse).post(url, {"team_id": str(world.health_team.pk), "question": "x" * 20}).status_code == 404
    )


# --------------------------------------------------------------------------------------------- threshold views


def test_a_partner_asked_for_information_records_its_view_and_the_manager_sees_it(world, api, screened_contact):
    c = screened_contact
    api(world.screener).post(
        f"/contacts/{c.pk}/information-requests", {"team_id": world.health_team.pk, "question": "Health history please"}
    )
    web = browser(world.nurse)
    assert f"/front-door/contacts/{c.pk}/threshold-view/" in html(web.get(f"/front-door/contacts/{c.pk}/"))
    r = web.post(
        f"/front-door/contacts/{c.pk}/threshold-view/",
        {"recommended_outcome": "assessment", "rationale": "Missed health appointments and injuries: assess."},
    )
    assert r.status_code == 302
    view = ThresholdView.objects.get()
    assert view.agency == world.health
    page = html(browser(world.manager).get(f"/front-door/contacts/{c.pk}/decision/"))
    assert "Shire Health" in page and "Missed health appointments and injuries: assess." in page
    # The earlier view is offered for change.
    assert "Missed health appointments" in html(web.get(f"/front-door/contacts/{c.pk}/threshold-view/"))


def test_threshold_view_errors_keep_input(world, screened_contact):
    c = screened_contact
    r = browser(world.screener).post(
        f"/front-door/contacts/{c.pk}/threshold-view/", {"recommended_outcome": "", "rationale": "Council view typed"}
    )
    page = html(r)
    assert r.status_code == 200 and "Select the outcome your agency thinks is right" in page
    assert "Council view typed" in page and ThresholdView.objects.count() == 0


def test_agencies_not_involved_cannot_record_a_view(world, screened_contact):
    url = f"/front-door/contacts/{screened_contact.pk}/threshold-view/"
    assert browser(world.yj_worker).get(url).status_code == 404
    assert browser(world.nurse).post(url, {"recommended_outcome": "nfa", "rationale": "x" * 20}).status_code == 404
    assert browser(world.dsl).get(url).status_code == 404  # the referrer is not a contributing agency


# --------------------------------------------------------------------------------------------- triage


def test_triage_meeting_in_the_browser(world, notifications):
    chair, nurse = browser(world.screener), browser(world.nurse)
    page = html(chair.get("/front-door/triage/"))
    assert "2 cases waiting" in page and "Start today" in page
    assert "Start today" not in html(nurse.get("/front-door/triage/"))
    r = chair.post("/front-door/triage/start/")
    meeting = TriageMeeting.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/front-door/triage/{meeting.pk}/"
    page = html(chair.get(r["Location"]))
    assert "DA-001" in page and "DA-002" in page and "Peter Fictional" in page
    item = TriageItem.objects.get(notification__source_reference="DA-001")
    r = nurse.post(f"/front-door/triage/items/{item.pk}/information/", {"information": "Mother missed antenatal care."})
    assert r.status_code == 302 and TriageInput.objects.get().agency == world.health
    due = (timezone.localdate() + timedelta(days=3)).isoformat()
    assert str(world.nurse.pk) in html(chair.get(f"/front-door/triage/items/{item.pk}/actions/new/"))
    r = chair.post(
        f"/front-door/triage/items/{item.pk}/actions/new/",
        {"description": "Health visitor home visit", "owner_id": str(world.nurse.pk), "due_on": due},
    )
    assert r.status_code == 302 and TriageAction.objects.get().owner == world.nurse
    r = chair.post(f"/front-door/triage/{meeting.pk}/close/", {"minutes": "Two cases considered, actions agreed."})
    assert r.status_code == 200 and "2 cases still need a decision" in html(r)
    assert "Two cases considered, actions agreed." in html(r)
    for i in TriageItem.objects.filter(meeting=meeting):
        r = chair.post(
            f"/front-door/triage/items/{i.pk}/decision/",
            {"outcome": "single_agency", "rationale": "Health visitor support."},
        )
        assert r.status_code == 302
    r = chair.post(f"/front-door/triage/{meeting.pk}/close/", {"minutes": "Two cases considered, actions agreed."})
    assert r.status_code == 302
    page = html(chair.get(f"/front-door/triage/{meeting.pk}/"))
    assert "Minutes" in page and "Two cases considered" in page and "Add an action" not in page


def test_a_long_triage_agenda_is_shown_a_page_at_a_time(world, notifications, monkeypatch):
    """A meeting opened after a backlog does not render every case at once: the chair sees which cases
    of how many are shown, pages on, and comes back to the page of the case they just decided."""
    from safeguard.access.models import AuditEntry
    from safeguard.frontdoor import selectors

    monkeypatch.setattr(selectors, "TRIAGE_AGENDA_PAGE_SIZE", 1)
    chair = browser(world.screener)
    meeting_url = chair.post("/front-door/triage/start/")["Location"]
    first, second = TriageItem.objects.order_by("created_at", "pk")
    page = html(chair.get(meeting_url))
    assert "2 cases on the agenda, 2 not yet decided" in page and "Showing cases 1 to 1 of 2" in page
    assert "Case 1: " + first.notification.source_reference in page
    assert second.notification.source_reference not in page and 'rel="next"' in page
    viewed = AuditEntry.objects.filter(object_type="frontdoor.triagemeeting", action="view").latest("pk")
    assert viewed.detail["items"] == [str(first.pk)]
    page = html(chair.get(meeting_url, {"page": 2}))
    assert "Case 2: " + second.notification.source_reference in page and first.notification.source_reference not in page
    r = chair.post(
        f"/front-door/triage/items/{second.pk}/decision/",
        {"outcome": "single_agency", "rationale": "Health visitor support."},
    )
    assert r["Location"] == f"{meeting_url}?page=2#item-{second.pk}"
    assert "1 not yet decided" in html(chair.get(r["Location"]))
    form = html(chair.get(f"/front-door/triage/items/{second.pk}/decision/"))
    assert f'href="{meeting_url}?page=2#item-{second.pk}"' in form


def test_triage_forms_keep_input_on_error(world, notifications):
    chair = browser(world.screener)
    chair.post("/front-door/triage/start/")
    item = TriageItem.objects.get(notification__source_reference="DA-001")
    r = chair.post(
        f"/front-door/triage/items/{item.pk}/actions/new/",
        {"description": "Home visit by health", "owner_id": str(world.nurse.pk), "due_on": "2001-01-01"},
    )
    page = html(r)
    assert (
        r.status_code == 200 and "Due date must be today or in the future" in page and 'href="#id_due_on_day"' in page
    )
    assert "Home visit by health" in page and 'name="due_on_year" value="2001"' in page
    r = chair.post(f"/front-door/triage/items/{item.pk}/decision/", {"outcome": "", "rationale": "Typed reasons kept"})
    assert "Select the triage decision" in html(r) and "Typed reasons kept" in html(r)


def test_an_entirely_empty_submission_on_a_triage_page_shows_every_error(world, notifications):
    """A POST with no fields at all (every box left empty, no radio chosen) is still a submission:
    the page says what is missing instead of showing the blank form again, and nothing is saved."""
    chair = browser(world.screener)
    meeting_id = chair.post("/front-door/triage/start/")["Location"].rstrip("/").rsplit("/", 1)[-1]
    item = TriageItem.objects.get(notification__source_reference="DA-001")
    expected = {
        f"/front-door/triage/items/{item.pk}/decision/": ["Select the triage decision", "Explain the decision"],
        f"/front-door/triage/items/{item.pk}/information/": ["Enter what your agency knows"],
        f"/front-door/triage/items/{item.pk}/actions/new/": ["Describe the action", "Choose who will do this"],
        f"/front-door/triage/{meeting_id}/close/": ["Enter the minutes of the meeting"],
    }
    for url, messages in expected.items():
        r = chair.post(url, {})
        page = html(r)
        assert r.status_code == 200 and "There is a problem" in page, url
        for message in messages:
            assert message in page, (url, message)
    item.refresh_from_db()
    assert not item.outcome and not TriageInput.objects.exists() and not TriageAction.objects.exists()
    assert TriageMeeting.objects.get().closed_at is None


def test_triage_pages_are_404_for_those_not_at_the_meeting(world, notifications):
    browser(world.screener).post("/front-door/triage/start/")
    meeting, item = TriageMeeting.objects.get(), TriageItem.objects.first()
    dsl = browser(world.dsl)
    for url in [
        "/front-door/triage/",
        f"/front-door/triage/{meeting.pk}/",
        f"/front-door/triage/items/{item.pk}/information/",
        f"/front-door/triage/{meeting.pk}/close/",
    ]:
        assert dsl.get(url).status_code == 404, url
    assert dsl.post("/front-door/triage/start/").status_code == 404
    nurse = browser(world.nurse)  # attends, but does not chair
    assert nurse.get(f"/front-door/triage/items/{item.pk}/decision/").status_code == 404
    assert nurse.post("/front-door/triage/start/").status_code == 404
    assert nurse.get(f"/front-door/triage/{meeting.pk}/close/").status_code == 404


# --------------------------------------------------------------------------------------------- Encompass


def test_only_the_schools_dsl_is_offered_the_acknowledge_button(world, notifications):
    button = 'data-module="govuk-button">Acknowledge'
    assert button in html(browser(world.dsl).get("/front-door/operation-encompass/"))
    for who in (world.screener, world.officer):
        page = html(browser(who).get("/front-door/operation-encompass/"))
        assert "Peter Fictional" in page and button not in page and "Waiting for the school" in page
