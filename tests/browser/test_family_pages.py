"""Health practitioners' think family pages in a real browser: an ED clinician records an adult's
attendance and refers in one step; a midwife records a pregnancy and the GP practice acknowledges it."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

try:
    from .harness import fill_date
except ImportError:  # tests/browser is not a package: pytest put this folder on sys.path
    from harness import fill_date

from safeguard.access.models import InvolvementKind
from safeguard.agencies.models import Agency, Team
from safeguard.agencies.roles import AgencyType, Role
from safeguard.core import status as core_status
from safeguard.family.models import GpNotification
from safeguard.frontdoor.models import Contact
from safeguard.people.identifiers import nhs_number_check_digit
from safeguard.people.models import PersonIdentifier, Relationship
from safeguard.testing.factories import (
    TEST_PASSWORD,
    AgencyFactory,
    PersonFactory,
    TeamFactory,
    involve,
    practitioner_with_role,
)

pytestmark = pytest.mark.browser


def _nhs_number(person) -> str:
    first_nine = 900000000
    while nhs_number_check_digit(str(first_nine)) is None:
        first_nine += 1
    value = str(first_nine) + str(nhs_number_check_digit(str(first_nine)))
    PersonIdentifier.objects.create(person=person, id_type="nhs_number", value=value)
    return value


@pytest.fixture
def child_on_plan():
    """A protection-status provider standing in for the protection app: the given people are on plans."""
    on_plan: set = set()

    def provider(person):
        return {"on_child_protection_plan": True, "plan_since": date(2026, 1, 12)} if person.pk in on_plan else {}

    core_status.register_status_provider(provider)
    yield on_plan
    core_status._providers.remove(provider)


def test_ed_clinician_records_an_adult_attendance_and_refers_in_one_step(page, login, assert_accessible, child_on_plan):
    # Given a mother with two children, one on a plan, and a front door to receive referrals
    TeamFactory(agency=AgencyFactory(agency_type=AgencyType.CHILDRENS_SOCIAL_CARE), is_front_door=True)
    practitioner_with_role(Role.ED_CLINICIAN, username="ed.browser")
    mum = PersonFactory(given_name="Jo", family_name="Carewell", date_of_birth=date(1992, 1, 1))
    max_ = PersonFactory(given_name="Max", family_name="Carewell", date_of_birth=date(2014, 6, 6))
    ivy = PersonFactory(given_name="Ivy", family_name="Carewell", date_of_birth=date(2020, 6, 6))
    for child in (max_, ivy):
        Relationship.objects.create(from_person=mum, to_person=child, relationship_type="parent")
    child_on_plan.add(max_.pk)
    nhs = _nhs_number(mum)

    # When the ED clinician records the mother's attendance
    login(page, "ed.browser", TEST_PASSWORD)
    page.goto("/family/attendances/new/")
    expect(page.get_by_role("heading", name="Record an adult's attendance")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Record attendance").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select your setting")
    assert_accessible(page)
    page.get_by_label("Your setting").select_option(label="Emergency department")
    page.get_by_label("NHS number").fill(nhs)
    page.get_by_label("Reason for attendance (optional)").fill("Overdose")
    page.get_by_role("button", name="Record attendance").click()

    # Then she sees both children, and the plan, and is asked whether a referral is needed
    expect(page.get_by_role("heading", name="Children linked to this adult")).to_be_visible()
    table = page.get_by_role("table")
    expect(table).to_contain_text("Max Carewell")
    expect(table).to_contain_text("Ivy Carewell")
    expect(table).to_contain_text("On a child protection plan")
    assert nhs not in page.url
    assert_accessible(page)

    # When she answers yes and refers in one step
    page.get_by_role("radio", name="Yes").check()
    page.get_by_label("Why is a referral needed, or not needed?").fill("Sole carer, admitted overnight")
    page.get_by_label("Refer to the front door now").check()
    page.get_by_label("Your concern for the front door (if referring now)").fill(
        "Mother admitted after overdose; two children at home with no carer"
    )
    page.get_by_role("button", name="Save answer").click()

    # Then the referral has reached the front door as a contact, and she sees its reference
    contact = Contact.objects.get()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"Reference {contact.reference}")
    expect(page.locator(".govuk-summary-list")).to_contain_text(contact.reference)
    assert_accessible(page)


def test_midwife_records_a_pregnancy_and_the_gp_acknowledges_it(page, login, assert_accessible):
    # Given a midwife supervising an expectant mother registered at a GP practice
    practice = Agency.objects.create(name="Riverside Surgery", agency_type=AgencyType.GP_PRACTICE)
    practitioner_with_role(Role.GP, team=Team.objects.create(agency=practice, name="Riverside"), username="gp.browser")
    midwife = practitioner_with_role(Role.MIDWIFE, username="midwife.browser")
    mother = PersonFactory(given_name="Rae", family_name="Expecting", date_of_birth=date(1999, 1, 1))
    involve(mother, practitioner=midwife, kind=InvolvementKind.SUPERVISING)

    # When the midwife records the pregnancy with its vulnerabilities
    login(page, "midwife.browser", TEST_PASSWORD)
    page.goto(f"/family/people/{mother.pk}/pregnancy/new/")
    assert_accessible(page)
    fill_date(page, "Expected date of birth", timezone.localdate() + timedelta(weeks=20))
    page.get_by_role("button", name="Record pregnancy").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select at least one additional vulnerability")
    assert_accessible(page)
    page.get_by_label("Domestic abuse").check()
    page.get_by_label("Mental health").check()
    page.get_by_label("Mother's GP practice").select_option(label="Riverside Surgery")
    page.get_by_role("button", name="Record pregnancy").click()

    # Then the pregnancy page shows the GP has been notified and the acknowledgement is awaited
    expect(page.get_by_text("Riverside Surgery has been notified")).to_be_visible()
    expect(page.get_by_text("Awaiting acknowledgement")).to_be_visible()
    assert_accessible(page)

    # And she records an antenatal home visit
    fill_date(page, "Date of the visit", timezone.localdate())
    page.get_by_role("radio", name="Yes").check()
    page.get_by_role("button", name="Record visit").click()
    expect(page.get_by_text("Antenatal visit recorded")).to_be_visible()
    assert_accessible(page)

    # When the GP signs in and opens the practice's notifications
    page.context.clear_cookies()
    login(page, "gp.browser", TEST_PASSWORD)
    page.goto("/family/gp-notifications/")
    expect(page.get_by_role("table")).to_contain_text("Rae Expecting")
    assert_accessible(page)
    page.get_by_role("button", name="Acknowledge the notification for Rae Expecting").click()

    # Then it is acknowledged and leaves the list
    expect(page.get_by_text("Pregnancy notification for Rae Expecting acknowledged")).to_be_visible()
    expect(page.get_by_text("No pregnancy notifications are awaiting acknowledgement")).to_be_visible()
    assert_accessible(page)
    assert GpNotification.objects.get().acknowledged_at is not None
