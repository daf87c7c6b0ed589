"""Issue 13: a social worker records a child and family assessment for the census, by clicking
only. From "Your work" the assessment task leads to the assessment page (with its 45-working-day
clock); she records when she saw the child, what the assessment found (including child sexual
abuse), the main need and the outcome, and the date her manager authorised it. The task leaves her
work, and the child's children in need page shows the authorised assessment. axe checks each page."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from safeguard.agencies.roles import AgencyType, Role
from safeguard.core.models import Task
from safeguard.frontdoor.models import Assessment
from safeguard.testing.factories import (
    TEST_PASSWORD,
    AgencyFactory,
    PersonFactory,
    TeamFactory,
    involve,
    practitioner_with_role,
)

try:
    from .harness import assert_accessible, fill_date
except ImportError:  # tests/browser is not a package: pytest put this folder on sys.path
    from harness import assert_accessible, fill_date

pytestmark = pytest.mark.browser


@pytest.fixture
def referred(transactional_db):
    """A school's contact about Riley, decided 'assessment' at the front door and allocated to Hana."""
    from safeguard.frontdoor import services as frontdoor
    from safeguard.protection.services import work_allocate

    council = AgencyFactory(name="Shire Council", agency_type=AgencyType.CHILDRENS_SOCIAL_CARE)
    front_door = TeamFactory(agency=council, name="Front door", is_front_door=True)
    locality = TeamFactory(agency=council, name="Locality team north")
    fdm = practitioner_with_role(Role.FRONT_DOOR_MANAGER, team=front_door, username="fdm")
    swm = practitioner_with_role(Role.SOCIAL_WORK_MANAGER, team=locality, username="swm")
    worker = practitioner_with_role(Role.SOCIAL_WORKER, team=locality, username="sw")
    worker.first_name, worker.last_name = "Hana", "Okafor"
    worker.save()
    child = PersonFactory(given_name="Riley", family_name="Journeyman", date_of_birth=timezone.localdate().replace(
        year=timezone.localdate().year - 9))  # fmt: skip
    involve(child, practitioner=fdm)
    contact, _ = frontdoor.contact_record(
        actor=fdm,
        data={"referrer_name": "Ms Teacher", "referral_source": "2A", "consent_status": "agreed",
              "concerns": "Riley told her teacher an adult at home touches her at night.",
              "categories": ["csa_within_family"]},
        subjects=[{"role": "subject_child", "given_name": "Riley", "family_name": "Journeyman"}],
    )  # fmt: skip
    subject = contact.subjects.get()
    frontdoor.subject_match_confirm(actor=fdm, contact=contact, subject=subject, person_id=child.pk)
    frontdoor.decision_record(actor=fdm, contact=contact, outcome="assessment",
                              rationale="Disclosure of sexual abuse: assess Riley's needs and safety")  # fmt: skip
    allocation = Task.objects.get(kind="allocate_assessment", status="open")
    work_allocate(actor=swm, task_id=allocation.pk, worker_id=worker.pk)
    return child


def _signed_in(browser, live_server, username):
    context = browser.new_context(base_url=live_server.url, locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/")
    page.get_by_label("Username", exact=True).fill(username)
    page.get_by_label("Password", exact=True).fill(TEST_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your work", level=1)).to_be_visible()
    assert_accessible(page)
    return context, page


def test_a_social_worker_records_and_authorises_an_assessment_by_clicking(browser, live_server, referred, tmp_path):
    child = referred
    today = timezone.localdate()
    context, page = _signed_in(browser, live_server, "sw")
    task_link = page.get_by_role("link", name="Complete the child and family assessment for Riley Journeyman")
    expect(page.locator("main")).to_contain_text("due in 45 working days")
    task_link.click()
    expect(page.get_by_role("heading", name="Riley Journeyman", level=1)).to_be_visible()
    expect(page.get_by_test_id("assessment-clock")).to_have_text("Due in 45 working days")
    assert_accessible(page)

    # Saving nothing but a wrong date shows the error on its field, and nothing is saved.
    fill_date(page, "Date the manager authorised the assessment", today.replace(year=today.year - 1))
    page.get_by_role("button", name="Save the assessment").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be the same as or after")
    assert_accessible(page)

    fill_date(page, "Date the child was seen during the assessment", today)
    page.get_by_label("Sexual abuse by an adult").check()
    page.get_by_label("Domestic abuse: a parent or carer").check()
    page.get_by_label("What is the child's main need?").select_option(label="Abuse or neglect")
    page.get_by_role("group", name=re.compile("Does the child need support")).get_by_label("Yes").check()
    fill_date(page, "Date the manager authorised the assessment", today)
    page.screenshot(path=str(tmp_path / "cin-assessment-form.png"), full_page=True)
    page.get_by_role("button", name="Save the assessment").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Assessment authorised")
    expect(page.get_by_test_id("assessment-clock")).to_have_text("Authorised within 45 working days")
    expect(page.locator("main")).to_contain_text("Sexual abuse by an adult")
    assert_accessible(page)
    page.screenshot(path=str(tmp_path / "cin-assessment-authorised.png"), full_page=True)

    page.get_by_role("link", name="Back to children in need").click()
    expect(page.locator("main")).to_contain_text("Abuse or neglect")
    assert_accessible(page)
    page.get_by_role("link", name="Your work").first.click()
    expect(page.get_by_role("link", name=re.compile("Complete the child and family assessment"))).to_have_count(0)
    context.close()
    assessment = Assessment.objects.get(person=child)
    assert assessment.authorised_on == today and assessment.factors == ["19C", "3B"]


def test_a_manager_records_census_details_and_closes_the_episode_by_clicking(browser, live_server, referred, tmp_path):
    child = referred
    today = timezone.localdate()
    Assessment.objects.filter(person=child).update(
        authorised_on=today, completed_on=today, child_seen_on=today, factors=["16A"], needs_social_care_support=False
    )
    context, page = _signed_in(browser, live_server, "swm")
    page.get_by_role("link", name="Find a person").first.click()
    page.get_by_label("Name").fill("Riley Journeyman")
    page.get_by_role("button", name=re.compile("Search")).click()
    page.get_by_role("link", name="Riley Journeyman").first.click()
    page.get_by_role("link", name="Children in need: referrals, assessments and plans").click()
    expect(page.get_by_role("heading", name="Riley Journeyman", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text("Schools")
    assert_accessible(page)

    page.get_by_role("link", name="Change the child's census details").click()
    assert_accessible(page)
    page.get_by_label("Unique pupil number (UPN)").fill("A12345678901B")
    page.get_by_role("button", name="Save the details").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("check letter")
    assert_accessible(page)
    page.get_by_label("Unique pupil number (UPN)").fill("")
    page.get_by_label("If the unique pupil number is not known, why not?").select_option(
        label="Newly arrived in the UK, for example an asylum-seeking child")
    page.get_by_label("Hearing").check()
    page.get_by_role("button", name="Save the details").click()
    expect(page.locator("main")).to_contain_text("Not known. Reason: Newly arrived in the UK")
    expect(page.locator("main")).to_contain_text("Hearing")

    page.get_by_role("link", name="Close this episode").click()
    assert_accessible(page)
    page.get_by_role("button", name="Close the episode").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select why the episode is closing")
    page.get_by_label("No further action after assessment: not a child in need").check()
    fill_date(page, "Date the episode closed", today)
    page.get_by_role("button", name="Close the episode").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Children in need episode closed")
    expect(page.locator("main")).to_contain_text("No further action after assessment")
    assert_accessible(page)
    page.screenshot(path=str(tmp_path / "cin-child.png"), full_page=True)
    context.close()
