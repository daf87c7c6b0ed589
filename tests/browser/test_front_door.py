"""The front door's joint work, in a real browser, each page checked with axe-core:
a police officer refers a notification, the screener asks health what it holds, the nurse answers and
records her agency's view, the manager decides; then a domestic abuse triage meeting."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

try:
    from .harness import fill_date
except ImportError:  # tests/browser is not a package: pytest put this folder on sys.path
    from harness import fill_date

from safeguard.agencies.models import Practitioner
from safeguard.agencies.roles import AgencyType, Role
from safeguard.frontdoor.models import Contact, Decision, InformationRequest, TriageMeeting
from safeguard.frontdoor.tests.test_notifications import csv_file
from safeguard.testing.factories import TEST_PASSWORD, AgencyFactory, TeamFactory, practitioner_with_role

pytestmark = pytest.mark.browser


@pytest.fixture
def partnership(db):
    council = AgencyFactory(name="Shire Council", agency_type=AgencyType.CHILDRENS_SOCIAL_CARE)
    front_door = TeamFactory(agency=council, name="Front door", is_front_door=True)
    school = AgencyFactory(name="Oak Primary School", agency_type=AgencyType.EDUCATION, ods_code="123456")
    police = AgencyFactory(name="Shire Police", agency_type=AgencyType.POLICE)
    health = AgencyFactory(name="Shire Health", agency_type=AgencyType.HEALTH_PROVIDER)
    health_team = TeamFactory(agency=health, name="Safeguarding children")
    practitioner_with_role(Role.FRONT_DOOR_SOCIAL_WORKER, team=front_door, username="fd.screener")
    practitioner_with_role(Role.FRONT_DOOR_MANAGER, team=front_door, username="fd.manager")
    practitioner_with_role(
        Role.DESIGNATED_SAFEGUARDING_LEAD, team=TeamFactory(agency=school, name="Safeguarding"), username="fd.dsl"
    )
    officer = practitioner_with_role(
        Role.POLICE_PUBLIC_PROTECTION, team=TeamFactory(agency=police, name="Public protection"), username="fd.officer"
    )
    practitioner_with_role(Role.HEALTH_SAFEGUARDING, team=health_team, username="fd.nurse")
    feed = Client()
    feed.force_login(officer)
    r = feed.post("/api/v1/notifications/import", data=csv_file(), content_type="text/csv")
    assert r.status_code in (200, 201), r.content
    return health_team


def sign_in_as(page, login, username):
    page.context.clear_cookies()
    login(page, username, TEST_PASSWORD)


def test_police_referral_to_a_joint_decision(page, login, assert_accessible, partnership):
    # Given police notifications waiting for a referral decision
    # When the officer opens the dashboard and decides on DA-001
    sign_in_as(page, login, "fd.officer")
    page.goto("/front-door/police-screening/")
    assert_accessible(page)
    page.get_by_role("link", name="Decide on DA-001").click()
    expect(page.get_by_role("heading", name="Referral decision")).to_be_visible()
    assert_accessible(page)
    # Then "no referral needed" without a reason is refused, with the error linked to the field
    page.get_by_label("No referral needed").check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Explain why no referral is needed")
    expect(page.get_by_label("No referral needed")).to_be_checked()
    assert_accessible(page)
    # When she refers instead, the contact is created
    page.get_by_label("Refer to children's social care").check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".govuk-notification-banner, .govuk-body").first).to_be_visible()
    contact = Contact.objects.get()
    assert contact.notification.source_reference == "DA-001"
    assert_accessible(page)

    # When the screener opens the contact, links the child, rates it red and asks health
    sign_in_as(page, login, "fd.screener")
    page.goto(f"/front-door/contacts/{contact.pk}/")
    for name in ("Peter Fictional", "Adam Fictional"):
        page.get_by_role("link", name=f"Find or record {name}").click()
        assert_accessible(page)
        page.get_by_role("button", name="None of these: record a new person").click()
    page.get_by_label("Red").check()
    page.get_by_role("button", name="Save screening").click()
    assert_accessible(page)
    page.get_by_role("link", name="Ask a partner agency what it holds").click()
    expect(page.locator("#due-time")).to_contain_text("within 4 working hours")
    assert_accessible(page)
    page.get_by_role("button", name="Send request").click()  # nothing chosen yet
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the partner team to ask")
    assert_accessible(page)
    page.get_by_label("Which partner team do you want to ask?").select_option(str(partnership.pk))
    page.get_by_label("What do you need to know?").fill("What does health hold on Peter and his mother?")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_text("Information request sent")).to_be_visible()
    assert InformationRequest.objects.get().team == partnership
    assert "Peter" not in page.url

    # When the nurse answers and records her agency's view
    sign_in_as(page, login, "fd.nurse")
    page.goto("/front-door/information-requests/")
    assert_accessible(page)
    page.get_by_role("link", name="What does health hold on Peter and his mother?").click()
    page.get_by_label("What does your agency hold?").fill("Missed immunisations; ED attendance for a burn in May.")
    page.get_by_role("button", name="Send answer").click()
    page.goto(f"/front-door/information-requests/{InformationRequest.objects.get().pk}/")
    page.get_by_role("link", name="Record your agency's view of the threshold").click()
    assert_accessible(page)
    page.get_by_label("Child and family assessment (section 17)").check()
    page.get_by_label("Why?").fill("Pattern of injury and missed health care: assess.")
    page.get_by_role("button", name="Record view").click()
    expect(page.locator("#threshold-views")).to_contain_text("Shire Health")
    assert_accessible(page)

    # Then the manager sees the answer and the view when deciding
    sign_in_as(page, login, "fd.manager")
    page.goto(f"/front-door/contacts/{contact.pk}/")
    expect(page.locator("#threshold-views")).to_contain_text("Pattern of injury")
    assert_accessible(page)
    page.get_by_role("link", name="Record the decision").click()
    expect(page.get_by_text("Missed immunisations; ED attendance for a burn in May.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Child and family assessment (section 17)").check()
    page.get_by_label("Reasons for the decision").fill("Health and police information together: assess.")
    page.get_by_role("button", name="Record decision").click()
    expect(
        page.get_by_role("heading", name="Front door decision: Child and family assessment (section 17)")
    ).to_be_visible()
    assert_accessible(page)
    assert Decision.objects.get().outcome == "assessment"


def test_domestic_abuse_triage_meeting(page, login, assert_accessible, partnership):
    # Given domestic abuse notifications waiting, the chair starts today's meeting
    sign_in_as(page, login, "fd.screener")
    page.goto("/front-door/triage/")
    assert_accessible(page)
    page.get_by_role("button", name="Start today's meeting").click()
    expect(page.get_by_role("heading", name="Case 1: DA-001")).to_be_visible()
    assert_accessible(page)
    meeting = TriageMeeting.objects.get()

    # The nurse adds what health knows
    sign_in_as(page, login, "fd.nurse")
    page.goto(f"/front-door/triage/{meeting.pk}/")
    page.get_by_role("link", name="Add what your agency knows about case 1").click()
    assert_accessible(page)
    page.get_by_label("What does your agency know about this household?").fill("Mother missed antenatal care.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#item-" + str(meeting.items.first().pk))).to_contain_text("Mother missed antenatal care.")

    # The chair records an action, decisions, and closes with minutes
    sign_in_as(page, login, "fd.screener")
    page.goto(f"/front-door/triage/{meeting.pk}/")
    page.get_by_role("link", name="Add an action for case 1").click()
    page.get_by_label("What needs to be done?").fill("Health visitor home visit")
    nurse = Practitioner.objects.get(username="fd.nurse")
    page.get_by_label("Who will do it?").select_option(label=f"{nurse.get_full_name()} (Shire Health)")
    fill_date(page, "Due date", "2001-01-01")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Due date must be today or in the future")
    expect(page.get_by_label("What needs to be done?")).to_have_value("Health visitor home visit")
    assert_accessible(page)
    fill_date(page, "Due date", (timezone.localdate() + timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Save").click()
    for n in (1, 2):
        page.get_by_role("link", name=f"Record the decision for case {n}").click()
        assert_accessible(page)
        page.get_by_label("Single-agency support").check()
        page.get_by_label("Reasons for the decision").fill("Health visitor support is enough for now.")
        page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Record the minutes and close the meeting").click()
    assert_accessible(page)
    page.get_by_label("Minutes of the meeting").fill("Two cases considered; health to visit.")
    page.get_by_role("button", name="Save minutes and close").click()
    expect(page.get_by_role("heading", name="Minutes")).to_be_visible()
    assert_accessible(page)
    meeting.refresh_from_db()
    assert meeting.closed_at is not None


def test_a_school_names_the_other_people_one_page_each_changes_one_and_removes_one(
    page, login, assert_accessible, partnership
):
    """The contact wizard's "add another", clicking only from the home page: two people added, one
    changed from check your answers, one removed after confirming; axe on every page."""
    import re
    from datetime import date

    def go(click) -> None:
        with page.expect_navigation():
            click()
        assert_accessible(page)

    def cont(name="Continue") -> None:
        go(lambda: page.get_by_role("button", name=name).click())

    sign_in_as(page, login, "fd.dsl")
    assert_accessible(page)
    go(lambda: page.get_by_role("link", name="Tell the front door about a child").first.click())
    page.locator("select[name=referral_source]").select_option(label="Schools")
    cont()
    page.get_by_label("First name").fill("Riley")
    page.get_by_label("Last name").fill("Journeyman")
    fill_date(page, "Date of birth", date(2016, 5, 14))
    cont()
    expect(page.get_by_role("group", name="Does the contact name anyone else?")).to_be_visible()
    page.get_by_label("Yes", exact=True).check()
    cont()
    # A date of birth in the future is refused on the person's own page, keeping what was typed.
    page.get_by_label("First name").fill("Darren")
    page.get_by_label("Last name").fill("Lodger")
    page.get_by_label("Alleged perpetrator", exact=True).check()
    page.get_by_label("What are they to Riley?").select_option(label="Partner of parent")
    fill_date(page, "Date of birth (if known)", timezone.localdate() + timedelta(days=10))
    page.get_by_label("Address (if known)").fill("4 Example Road, Shiretown")
    cont("Save and continue")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Date of birth must be today or in the past")
    expect(page.get_by_label("First name")).to_have_value("Darren")
    fill_date(page, "Date of birth (if known)", date(1980, 3, 3))
    cont("Save and continue")
    expect(page.get_by_role("heading", name="You have added 1 person")).to_be_visible()
    page.get_by_label("Yes", exact=True).check()
    cont()
    page.get_by_label("First name").fill("Kai")
    page.get_by_label("Last name").fill("Journeyman")
    page.get_by_label("Brother or sister", exact=True).check()
    cont("Save and continue")
    expect(page.get_by_role("heading", name="You have added 2 people")).to_be_visible()
    # Remove Kai, after confirming.
    go(lambda: page.get_by_role("link", name="Remove Kai Journeyman").click())
    page.get_by_label("Yes", exact=True).check()
    cont()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Kai Journeyman removed")
    expect(page.get_by_role("heading", name="You have added 1 person")).to_be_visible()
    page.get_by_label("No", exact=True).check()
    cont()
    page.get_by_label("What are the concerns?").fill("Riley says her mother's partner Darren touches her at night.")
    page.get_by_label("Child sexual abuse within the family").check()
    cont()
    page.get_by_label(re.compile("^Not sought")).first.check()
    page.locator("select[name=lawful_basis]").select_option(index=1)
    page.get_by_label("Why are you sharing without consent?").fill("Asking the family could put Riley at risk")
    cont()
    summary = page.locator(".govuk-summary-list")
    expect(summary).to_contain_text("Darren Lodger")
    expect(summary).to_contain_text("Partner of parent of Riley")
    expect(summary).not_to_contain_text("Kai")
    # Change Darren from check your answers: his answers are there; saving comes back here.
    go(lambda: page.get_by_role("link", name="Change the details of Darren Lodger").click())
    expect(page.get_by_label("First name")).to_have_value("Darren")
    expect(page.get_by_label("Alleged perpetrator", exact=True)).to_be_checked()
    page.get_by_label("What are they to Riley?").select_option(label="Household member")
    cont("Save and continue")
    expect(page.get_by_role("heading", name="Check your answers before sending the contact")).to_be_visible()
    expect(summary).to_contain_text("Household member of Riley")
    cont("Accept and send")
    expect(page.locator(".govuk-panel")).to_contain_text("Contact sent")
    contact = Contact.objects.get()
    assert [(s.role, s.typed_name, s.relationship, s.date_of_birth) for s in contact.subjects.all()] == [
        ("subject_child", "Riley Journeyman", "", date(2016, 5, 14)),
        ("alleged_perpetrator", "Darren Lodger", "household_member", date(1980, 3, 3)),
    ]
