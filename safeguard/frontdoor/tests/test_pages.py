"""The GOV.UK pages: intake with check-your-answers, queue, screening, decision and challenge,
partners' answers, the police dashboard and Operation Encompass."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from safeguard.challenges.models import ProfessionalChallenge
from safeguard.frontdoor.models import Contact, EncompassNotice
from safeguard.frontdoor.tests.conftest import contact_body
from safeguard.frontdoor.tests.test_contacts_api import link_child
from safeguard.frontdoor.tests.test_notifications import csv_file

pytestmark = pytest.mark.django_db


def browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_intake_question_pages_keep_answers_and_send_after_check_your_answers(world):
    web = browser(world.dsl)
    r = web.post("/front-door/contacts/new/referrer/", {"referrer_name": "Ms Teacher", "referral_source": "2A"})
    assert r.status_code == 302 and r["Location"].endswith("/child/")
    web.post(
        "/front-door/contacts/new/child/",
        {
            "given_name": "Peter",
            "family_name": "Fictional",
            "date_of_birth": "2016-05-14",
            "other_people": "sibling, Paula, Fictional, 2018-01-01",
        },
    )
    r = web.post("/front-door/contacts/new/concerns/", {"concerns": "Bruise on arm"})
    assert r.status_code == 200 and "Select at least one category of concern" in r.content.decode()
    assert "Bruise on arm" in r.content.decode()  # nothing typed is lost
    web.post("/front-door/contacts/new/concerns/", {"concerns": "Bruise on arm", "categories": ["physical_abuse"]})
    r = web.post("/front-door/contacts/new/consent/", {"consent_status": "refused"})
    assert r.status_code == 302 and r["Location"].endswith("/check/")
    page = web.get("/front-door/contacts/new/check/").content.decode()
    assert "Check your answers" in page and "Peter Fictional" in page
    # The service refuses: no lawful basis. Errors link back to the consent page; answers are kept.
    r = web.post("/front-door/contacts/new/check/")
    html = r.content.decode()
    assert "There is a problem" in html and "/front-door/contacts/new/consent/?change=1" in html
    assert Contact.objects.count() == 0
    web.post(
        "/front-door/contacts/new/consent/?change=1",
        {
            "consent_status": "refused",
            "lawful_basis": "safeguarding",
            "consent_reason": "Asking would put the child at risk.",
        },
    )
    r = web.post("/front-door/contacts/new/check/")
    assert "Contact sent" in r.content.decode()
    contact = Contact.objects.get()
    assert contact.lawful_basis == "safeguarding" and contact.subjects.count() == 2
    assert contact.referrer_agency == world.school


def test_queue_and_screening_page_lead_with_history_and_the_decision_needs_acknowledgement(world, api, child):
    w = world
    for days in (100, 50):
        cid = (
            api(w.dsl)
            .post("/contacts", contact_body(received_at=(timezone.now() - timedelta(days=days)).isoformat()))
            .json()["id"]
        )
        link_child(api, w, cid, child)
        api(w.manager).post(
            f"/contacts/{cid}/decision",
            {"outcome": "nfa", "rationale": "Handled by school.", "history_acknowledgement": "Seen."},
        )
    cid = api(w.dsl).post("/contacts", contact_body()).json()["id"]
    link_child(api, w, cid, child)
    queue = browser(w.screener).get("/front-door/").content.decode()
    assert "Peter Fictional" in queue and "due" in queue
    page = browser(w.screener).get(f"/front-door/contacts/{cid}/").content.decode()
    assert page.index("Repeated contacts") < page.index("The contact")
    r = browser(w.manager).post(
        f"/front-door/contacts/{cid}/decision/", {"outcome": "nfa", "rationale": "Handled by the school."}
    )
    html = r.content.decode()
    assert r.status_code == 200 and "#id_history_acknowledgement" in html and "3 contacts in the last 12 months" in html
    r = browser(w.manager).post(
        f"/front-door/contacts/{cid}/decision/", {"outcome": "assessment", "rationale": "Pattern of concern: assess."}
    )
    assert r.status_code == 302
    decision_page = browser(w.manager).get(r["Location"]).content.decode()
    assert "Raise a professional challenge" in decision_page
    assert browser(w.nurse).get(f"/front-door/contacts/{cid}/").status_code == 404
    assert browser(w.nurse).get("/front-door/").status_code == 404


def test_challenge_from_the_decision_page(world, api, child):
    w = world
    cid = api(w.dsl).post("/contacts", contact_body()).json()["id"]
    link_child(api, w, cid, child)
    decision = (
        api(w.manager)
        .post(f"/contacts/{cid}/decision", {"outcome": "advice", "rationale": "Advice to the school."})
        .json()
    )
    web = browser(w.dsl)  # the referrer sees the outcome of their own contact
    assert "Advice" in web.get(f"/front-door/decisions/{decision['id']}/").content.decode()
    r = web.post(f"/front-door/decisions/{decision['id']}/challenge/", {"person_id": str(child.pk), "concern": "x"})
    assert r.status_code == 200 and ProfessionalChallenge.objects.count() == 0
    r = web.post(
        f"/front-door/decisions/{decision['id']}/challenge/",
        {"person_id": str(child.pk), "concern": "Third contact this term; advice alone will not keep Peter safe."},
    )
    assert r.status_code == 302
    challenge = ProfessionalChallenge.objects.get()
    assert (challenge.raised_by, challenge.owner) == (w.dsl, w.manager)


def test_partner_answers_a_request_on_its_page(world, api, child):
    w = world
    cid = api(w.dsl).post("/contacts", contact_body()).json()["id"]
    link_child(api, w, cid, child)
    api(w.screener).post(f"/contacts/{cid}/screening", {"rag": "amber"})
    req = (
        api(w.screener)
        .post(
            f"/contacts/{cid}/information-requests", {"team_id": w.health_team.pk, "question": "Health history please"}
        )
        .json()
    )
    web = browser(w.nurse)
    assert "Health history please" in web.get("/front-door/information-requests/").content.decode()
    page = web.get(f"/front-door/information-requests/{req['id']}/").content.decode()
    assert "Peter Fictional" in page
    assert web.post(f"/front-door/information-requests/{req['id']}/", {"answer": ""}).status_code == 200
    r = web.post(f"/front-door/information-requests/{req['id']}/", {"answer": "Missed immunisations."})
    assert r.status_code == 302
    assert "Peter Fictional" not in web.get(f"/front-door/information-requests/{req['id']}/").content.decode()


def test_police_dashboard_and_encompass_pages(world, api):
    w = world
    api(w.officer).post_raw("/notifications/import", csv_file(), "text/csv")
    page = browser(w.officer).get("/front-door/police-screening/").content.decode()
    assert "DA-001" in page and "waiting more than 24 hours" in page
    dsl = browser(w.dsl)
    page = dsl.get("/front-door/operation-encompass/").content.decode()
    assert "Peter Fictional" in page and "Not acknowledged before the start of the school day" in page
    notice = EncompassNotice.objects.get(child__given_name="Peter")
    assert dsl.post(f"/front-door/operation-encompass/{notice.pk}/acknowledge/").status_code == 302
    notice.refresh_from_db()
    assert notice.acknowledged_by == w.dsl
    assert browser(w.nurse).get("/front-door/operation-encompass/").status_code == 404
