"""A strategy discussion's record as a GOV.UK task list, clicked through as a social worker would:
start the record, complete two sections, leave, come back from "Your work" (the statuses and the
answers are kept), get a field error on one section, fix it, check and submit. axe on every page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

try:
    from .harness import fill_date
except ImportError:  # tests/browser is not a package: pytest put this folder on sys.path
    from harness import fill_date

from safeguard.protection.models import Action, MeetingRecordDraft, StrategyDiscussion
from safeguard.protection.tests.conftest import world  # noqa: F401  (the fictional family fixture)
from safeguard.protection.tests.helpers import propose
from safeguard.testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser


def _status(page, section: str):
    """The status shown against a section in the task list."""
    return page.locator(".govuk-task-list__item", has_text=section).locator(".govuk-task-list__status")


def _open(page, assert_accessible, section: str):
    page.get_by_role("link", name=section, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(section)
    assert_accessible(page)


def _continue(page, assert_accessible):
    page.get_by_role("button", name="Save and continue").click()
    assert_accessible(page)


def test_record_a_strategy_discussion_section_by_section(page, login, assert_accessible, world):  # noqa: F811
    today = timezone.localdate()
    d = propose(world, [world.pupil])
    login(page, "sw", TEST_PASSWORD)

    # She starts the record from Dan's page
    page.get_by_role("link", name="Dan Fictional").first.click()
    page.get_by_role("link", name="Strategy discussion", exact=True).click()
    assert_accessible(page)
    page.get_by_role("button", name="Record the strategy discussion").click()
    assert_accessible(page)
    expect(_status(page, "Information shared by each agency")).to_have_text("Not yet started")
    expect(_status(page, "Check and submit")).to_have_text("Cannot start yet")

    # She completes two sections
    _open(page, assert_accessible, "Information shared by each agency")
    page.get_by_label("Information shared by each agency").fill("School: change in behaviour. Police: no record.")
    _continue(page, assert_accessible)
    _open(page, assert_accessible, "Section 47 decision")
    page.get_by_label("Section 47 enquiry: single agency (social care)").check()
    page.get_by_label("Reasons for the section 47 decision").fill("Reasonable cause to suspect significant harm")
    _continue(page, assert_accessible)
    expect(_status(page, "Section 47 decision")).to_have_text("Completed")

    # She leaves, and comes back from "Your work": the statuses and her answers are kept
    page.get_by_role("link", name="Back to the strategy discussion").click()
    page.get_by_role("link", name="Your work").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Finish the record of the strategy discussion for Dan Fictional").click()
    assert_accessible(page)
    expect(page.locator("main")).to_contain_text("You have completed 2 of")
    expect(_status(page, "Information shared by each agency")).to_have_text("Completed")
    expect(_status(page, "Section 47 decision")).to_have_text("Completed")
    expect(_status(page, "Date held and who attended")).to_have_text("Not yet started")
    _open(page, assert_accessible, "Information shared by each agency")
    expect(page.get_by_label("Information shared by each agency")).to_have_value(
        "School: change in behaviour. Police: no record."
    )
    page.get_by_role("link", name="Back to the record", exact=True).click()

    # The date without attendance: a field error on this page, next to the invitees; the date is kept
    _open(page, assert_accessible, "Date held and who attended")
    fill_date(page, "Date held", today.isoformat())
    _continue(page, assert_accessible)
    expect(page.locator(".govuk-error-summary")).to_contain_text("attended")
    expect(page.get_by_role("heading", level=1)).to_have_text("Date held and who attended")
    # She fixes it
    for radio in page.locator('input[type="radio"][value="present"]').all():
        radio.check()
    _continue(page, assert_accessible)
    expect(_status(page, "Date held and who attended")).to_have_text("Completed")

    _open(page, assert_accessible, "Interview, medical examination and referral")
    _continue(page, assert_accessible)
    _open(page, assert_accessible, "Actions")
    row = page.locator("fieldset", has_text="Action 1")
    row.get_by_label("What will be done").fill("Visit the family at home")
    row.get_by_label("Owner").select_option(str(world.social_worker.pk))
    fill_date(row, "Due date", (today + timedelta(days=5)).isoformat())
    row.get_by_label("Child this action is for").select_option(str(world.pupil.pk))
    _continue(page, assert_accessible)

    # Check and submit: the answers in words, each with a Change link
    page.get_by_role("link", name="Check and submit").click()
    assert_accessible(page)
    main = page.locator("main")
    expect(main).to_contain_text("School: change in behaviour. Police: no record.")
    expect(main).to_contain_text("Visit the family at home")
    expect(main).to_contain_text(f"{today:%A %-d %B %Y}")
    expect(main.get_by_role("link", name="Change information shared by each agency")).to_be_visible()
    page.get_by_role("button", name="Submit the record").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Strategy discussion recorded")
    assert_accessible(page)
    discussion = StrategyDiscussion.objects.get(pk=d["id"])
    assert discussion.status == "held" and discussion.section_47 == "single_agency"
    assert Action.objects.get().description == "Visit the family at home"
    assert not MeetingRecordDraft.objects.exists()
