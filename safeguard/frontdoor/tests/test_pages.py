"""The GOV.UK pages: intake with check-your-answers, queue, screening, decision and challenge,
partners' answers, the police dashboard and Operation Encompass."""

from __future__ import annotations

import html as html_lib
from datetime import date, timedelta

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


def html(response) -> str:
    return html_lib.unescape(response.content.decode())


def _dob(day: date) -> dict:
    """A date as typed into the GOV.UK date input's three boxes."""
    return {f"date_of_birth_{part}": str(getattr(day, part)) for part in ("day", "month", "year")}


def test_intake_question_pages_keep_answers_and_send_after_check_your_answers(world):
    web = browser(world.dsl)
    r = web.post("/front-door/contacts/new/referrer/", {"referrer_name": "Ms Teacher", "referral_source": "2A"})
    assert r.status_code == 302 and r["Location"].endswith("/child/")
    r = web.post(
        "/front-door/contacts/new/child/",
        {"given_name": "Peter", "family_name": "Fictional", "date_of_birth": "2016-05-14"},
    )
    assert r["Location"] == "/front-door/contacts/new/people/"
    assert web.post(r["Location"], {"add_another": "yes"})["Location"] == "/front-door/contacts/new/people/add/"
    r = web.post(
        "/front-door/contacts/new/people/add/",
        {"given_name": "Paula", "family_name": "Fictional", "role": "sibling", "relationship": "sibling",
         **_dob(date(2018, 1, 1))},
    )  # fmt: skip
    assert r["Location"] == "/front-door/contacts/new/people/"
    assert web.post(r["Location"], {"add_another": "no"})["Location"] == "/front-door/contacts/new/concerns/"
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


NEW = "/front-door/contacts/new"
DARREN = {"given_name": "Darren", "family_name": "Lodger", "role": "alleged_perpetrator",
          "relationship": "partner_of_parent", "address": "4 Example Road\nShiretown", "postcode": "sh1 2aa"}
MARIA = {"given_name": "Maria", "family_name": "Journeyman", "role": "parent_carer", "relationship": "parent"}
KAI = {"given_name": "Kai", "family_name": "Journeyman", "role": "sibling", "relationship": "sibling"}


def _answered_up_to_the_people(web) -> None:
    web.post(f"{NEW}/referrer/", {"referrer_name": "Ms Teacher", "referral_source": "2A"})
    web.post(f"{NEW}/child/", {"given_name": "Riley", "family_name": "Journeyman", **_dob(date(2016, 5, 14))})


def _answered_the_rest(web) -> None:
    concerns = {"concerns": "Riley says Darren touches her at night.", "categories": ["csa_within_family"]}
    web.post(f"{NEW}/concerns/", concerns)
    web.post(f"{NEW}/consent/", {"consent_status": "not_sought_risk", "lawful_basis": "safeguarding",
                                 "consent_reason": "Asking the family could put Riley at risk"})  # fmt: skip


def test_other_people_are_added_one_page_each_changed_and_removed_and_arrive_as_the_api_sends_them(world, api):
    web = browser(world.dsl)
    _answered_up_to_the_people(web)
    first = html(web.get(f"{NEW}/people/"))
    assert "Does the contact name anyone else?" in first
    r = web.post(f"{NEW}/people/", {})  # nothing chosen: said on the page
    assert "Select yes if the contact names anyone else" in html(r)
    for person in (DARREN, MARIA, KAI):
        assert web.post(f"{NEW}/people/", {"add_another": "yes"})["Location"] == f"{NEW}/people/add/"
        add = html(web.get(f"{NEW}/people/add/"))
        assert "What are they to Riley?" in add and "Alleged perpetrator" in add and "alleged_perpetrator" not in (
            add.replace('value="alleged_perpetrator"', "")
        )
        assert web.post(f"{NEW}/people/add/", {**person, **_dob(date(1980, 3, 3))})["Location"] == f"{NEW}/people/"
    listed = html(web.get(f"{NEW}/people/"))
    assert "You have added 3 people" in listed and "Do you need to add another person?" in listed
    assert "Partner of parent of Riley" in listed and "Born Monday 3 March 1980" in listed
    assert "4 Example Road, Shiretown, SH1 2AA" in listed
    assert f'href="{NEW}/people/2/"' in listed and f'href="{NEW}/people/3/remove/"' in listed

    # Change Maria: her page opens with her answers; what is typed replaces them.
    change = html(web.get(f"{NEW}/people/2/"))
    assert 'value="Maria"' in change and 'value="parent_carer" checked' in change
    r = web.post(f"{NEW}/people/2/", {**MARIA, "given_name": "Mariah", **_dob(date(1988, 8, 8))})
    assert r["Location"] == f"{NEW}/people/"
    # Remove Kai, after saying so; "No" keeps him.
    assert "Are you sure you want to remove Kai Journeyman?" in html(web.get(f"{NEW}/people/3/remove/"))
    web.post(f"{NEW}/people/3/remove/", {"remove": "no"})
    assert "You have added 3 people" in html(web.get(f"{NEW}/people/"))
    assert web.post(f"{NEW}/people/3/remove/", {"remove": "yes"})["Location"] == f"{NEW}/people/"
    listed = html(web.get(f"{NEW}/people/"))
    assert "You have added 2 people" in listed and "Kai Journeyman removed" in listed
    assert f"{NEW}/people/3/" not in listed and listed.count("Kai Journeyman") == 1  # only in the banner
    assert web.post(f"{NEW}/people/", {"add_another": "no"})["Location"] == f"{NEW}/concerns/"
    _answered_the_rest(web)

    check = html(web.get(f"{NEW}/check/"))
    assert "Darren Lodger" in check and "Alleged perpetrator" in check and "Mariah Journeyman" in check
    assert "Born Monday 8 August 1988" in check and "Kai" not in check
    assert "alleged_perpetrator" not in check and "partner_of_parent" not in check  # labels only
    assert f'href="{NEW}/people/1/?change=1"' in check and f'href="{NEW}/people/?change=1"' in check
    # Changing a person from check your answers comes back to it.
    r = web.post(f"{NEW}/people/1/?change=1", {**DARREN, **_dob(date(1980, 3, 4))})
    assert r["Location"] == f"{NEW}/check/"
    assert "Contact sent" in html(web.post(f"{NEW}/check/"))

    # The same contact as the API makes from the same answers, through the same service.
    body = contact_body(
        referrer_name="Ms Teacher",
        referrer_role="",
        concerns="Riley says Darren touches her at night.",
        categories=["csa_within_family"],
        consent_status="not_sought_risk",
        lawful_basis="safeguarding",
        consent_reason="Asking the family could put Riley at risk",
        subjects=[
            {"role": "subject_child", "given_name": "Riley", "family_name": "Journeyman",
             "date_of_birth": "2016-05-14"},
            {**DARREN, "date_of_birth": "1980-03-04"},
            {**MARIA, "given_name": "Mariah", "date_of_birth": "1988-08-08"},
        ],  # fmt: skip
    )
    assert api(world.dsl).post("/contacts", body).status_code == 201
    web_contact, api_contact = Contact.objects.order_by("received_at")

    def subjects(contact):
        return list(contact.subjects.values_list(
            "role", "given_name", "family_name", "date_of_birth", "relationship", "address", "postcode"
        ))  # fmt: skip

    assert subjects(web_contact) == subjects(api_contact)
    assert subjects(web_contact)[1] == (
        "alleged_perpetrator", "Darren", "Lodger", date(1980, 3, 4), "partner_of_parent", "4 Example Road\nShiretown",
        "SH1 2AA",
    )  # fmt: skip


def test_a_persons_date_of_birth_is_checked_on_their_page_and_nothing_typed_is_lost(world):
    web = browser(world.dsl)
    _answered_up_to_the_people(web)
    future = timezone.localdate() + timedelta(days=30)
    for dob, message in (
        ({"date_of_birth_day": "30", "date_of_birth_month": "2", "date_of_birth_year": "1990"},
         "Date of birth must be a real date"),
        (_dob(future), "Date of birth must be today or in the past"),
    ):  # fmt: skip
        r = web.post(f"{NEW}/people/add/", {**DARREN, **dob})
        page = html(r)
        assert r.status_code == 200 and page.count(message) == 2  # the error summary and the field, once each
        assert 'href="#id_date_of_birth_day"' in page and 'value="Darren"' in page
    r = web.post(f"{NEW}/people/add/", {**DARREN, "given_name": "", "family_name": "", "role": ""})
    assert "Enter the person's name" in html(r) and "Select the person's part in the concern" in html(r)
    # Going back and returning to the page: what was typed is still there, though it was not valid.
    web.post(f"{NEW}/people/add/", {**DARREN, "date_of_birth_day": "31", "date_of_birth_month": "4",
                                    "date_of_birth_year": "1980"})  # fmt: skip
    again = html(web.get(f"{NEW}/people/add/"))
    assert 'value="Darren"' in again and 'name="date_of_birth_day" value="31"' in again
    assert "You have added" not in html(web.get(f"{NEW}/people/"))  # not added until it is valid
    assert web.post(f"{NEW}/people/add/", {**DARREN, **_dob(date(1980, 4, 30))})["Location"] == f"{NEW}/people/"
    assert 'value="Darren"' not in html(web.get(f"{NEW}/people/add/"))  # a fresh page for the next person
    # The child's answers from earlier pages are all still there.
    assert 'value="Riley"' in html(web.get(f"{NEW}/child/"))


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
