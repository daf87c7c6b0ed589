"""A social worker arranges a strategy discussion, names the school's invitee from the directory,
reschedules the meeting with a reason, and records the section 47 enquiry's findings and outcome;
the school's safeguarding lead finds the invitation on "Your work". Every page is checked with axe,
with and without errors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

try:
    from .harness import fill_date
except ImportError:  # tests/browser is not a package: pytest put this folder on sys.path
    from harness import fill_date

from safeguard.agencies.roles import AgencyType, Role
from safeguard.core.models import Task
from safeguard.protection.models import MeetingChange, Section47Enquiry, StrategyDiscussion
from safeguard.protection.tests.conftest import world  # noqa: F401  (the fictional family fixture)
from safeguard.protection.tests.helpers import hold_discussion, propose
from safeguard.testing.factories import TEST_PASSWORD, AgencyFactory, TeamFactory, practitioner_with_role

pytestmark = pytest.mark.browser


def test_arrange_name_an_invitee_and_reschedule_a_strategy_discussion(page, login, assert_accessible, world):  # noqa: F811
    today = timezone.localdate()
    d = propose(world, [world.half_sibling])  # Finn: no school known, so the school is "no one named yet"
    school = AgencyFactory(name="Riverbank Primary", agency_type=AgencyType.EDUCATION)
    lead = practitioner_with_role(
        Role.DESIGNATED_SAFEGUARDING_LEAD, team=TeamFactory(agency=school, name="Safeguarding"), username="rb.dsl"
    )
    login(page, "sw", TEST_PASSWORD)
    page.goto(f"/protection/strategy-discussions/{d['id']}/")
    expect(page.locator("body")).to_contain_text("Not arranged yet")
    assert_accessible(page)

    # Arrange it: first with no time or place (errors on the page), then properly.
    page.get_by_role("link", name="Arrange the meeting").click()
    assert_accessible(page)
    fill_date(page, "Date", today + timedelta(days=2))
    page.get_by_role("button", name="Arrange and send the invitations").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the time the meeting starts")
    assert_accessible(page)
    page.get_by_label("Time").fill("10:30am")
    page.get_by_label("Place, or how to join the call").fill("Room 2, Shire Hall")
    page.get_by_role("button", name="Arrange and send the invitations").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Strategy discussion arranged")
    expect(page.locator("body")).to_contain_text("at 10:30am, Room 2, Shire Hall")

    # Name the school's invitee from the directory.
    page.get_by_role("link", name="Find someone for School in the directory").click()
    expect(page.locator("h1")).to_contain_text("Find a practitioner: School")
    assert_accessible(page)
    page.get_by_label("Name, job, team or agency").fill("Riverbank")
    page.get_by_role("button", name="Search the directory").click()
    page.get_by_role("button", name=f"Invite {lead}").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"{lead} invited")
    expect(page.locator("body")).to_contain_text(f"School: {lead} (Riverbank Primary)")
    assert Task.objects.filter(kind="meeting_invitation", assignee=lead).exists()

    # Reschedule: a reason is needed.
    page.get_by_role("link", name="Reschedule").click()
    fill_date(page, "Date", today + timedelta(days=3))
    page.get_by_role("button", name="Reschedule").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give the reason for rescheduling")
    assert_accessible(page)
    page.get_by_label("Why is it being moved?").fill("The police officer is in court on the first date")
    page.get_by_role("button", name="Reschedule").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Strategy discussion rescheduled")
    expect(page.locator("body")).to_contain_text("The police officer is in court")
    assert_accessible(page)
    assert MeetingChange.objects.count() == 1
    assert StrategyDiscussion.objects.get(pk=d["id"]).scheduled_for == today + timedelta(days=3)

    # The school's lead finds the invitation on "Your work" and follows it to the meeting.
    page.get_by_role("button", name="Sign out").click()
    login(page, "rb.dsl", TEST_PASSWORD)
    page.goto("/")
    page.get_by_role("link", name="You are invited to a strategy discussion about Finn").click()
    expect(page.locator("h1")).to_contain_text("Finn Madeup")
    assert_accessible(page)
    page.goto("/protection/meetings/")
    expect(page.locator("body")).to_contain_text((today + timedelta(days=3)).strftime("%A %-d %B %Y"))
    assert_accessible(page)


def test_section_47_enquiry_page(page, login, assert_accessible, world):  # noqa: F811
    today = timezone.localdate()
    d = hold_discussion(world, [world.pupil])
    enquiry = Section47Enquiry.objects.get(discussion_id=d["id"])
    login(page, "sw", TEST_PASSWORD)
    page.goto(f"/protection/children/{world.pupil.pk}/")
    page.get_by_role("link", name="Section 47 enquiry: joint with police, started").click()
    expect(page.locator("h1")).to_contain_text("Dan Fictional")
    assert_accessible(page)
    page.get_by_label("The social worker's findings").fill("Dan repeated his account; his mother believes him.")
    page.get_by_role("button", name="Save the findings so far").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Findings saved")
    page.get_by_role("button", name="Complete the enquiry").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Record the police officer's findings")
    assert_accessible(page)
    page.get_by_label("The police officer's findings").fill("ABE interview done; the stepfather was bailed away.")
    page.get_by_role("group", name="Were the concerns substantiated?").get_by_label("Yes").check()
    page.get_by_role("group", name="Is an initial child protection conference needed?").get_by_label("Yes").check()
    page.get_by_label("Reasons for the outcome").fill("Substantiated abuse within the family; a plan is needed.")
    fill_date(page, "Date the enquiry was completed", today)
    page.get_by_role("button", name="Complete the enquiry").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Section 47 enquiry completed")
    expect(page.locator("body")).to_contain_text("Initial child protection conference")
    assert_accessible(page)
    enquiry.refresh_from_db()
    assert (enquiry.outcome, enquiry.icpc_needed, enquiry.concluded_on) == ("icpc", "yes", today)
