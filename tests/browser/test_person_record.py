"""A social worker finds a child and reads their chronology, in a real browser."""

import pytest
from playwright.sync_api import expect

from safeguard.access.models import AuditAction, AuditEntry, InvolvementKind
from safeguard.agencies.roles import Role
from safeguard.core.services import chronology_event_record
from safeguard.testing.factories import TEST_PASSWORD, PersonFactory, involve, practitioner_with_role

pytestmark = pytest.mark.browser


def test_find_a_child_open_the_record_and_read_the_chronology(page, login, assert_accessible):
    # Given a social worker allocated to a child with a history
    worker = practitioner_with_role(Role.SOCIAL_WORKER, username="sw.browser")
    child = PersonFactory(given_name="Ellie", family_name="Fictionshire")
    involve(child, practitioner=worker, kind=InvolvementKind.ALLOCATED_WORKER)
    chronology_event_record(
        person=child, event_type="contact_received", occurred_on="2026-10-01", summary="School raised concerns"
    )
    chronology_event_record(
        person=child, event_type="strategy_discussion", occurred_on="2026-10-03", summary="Joint s47 agreed"
    )

    # When she signs in, her home page lists the child
    login(page, "sw.browser", TEST_PASSWORD)
    expect(page.get_by_role("heading", name="Your work")).to_be_visible()
    expect(page.get_by_role("link", name="Ellie Fictionshire")).to_be_visible()
    assert_accessible(page)

    # When she searches by name
    page.get_by_role("link", name="Find a person").click()
    assert_accessible(page)
    page.get_by_label("Name").fill("ellie")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="1 result")).to_be_visible()
    assert "ellie" not in page.url.lower()  # personal details never in the address bar
    assert_accessible(page)

    # Then she opens the record and reads the chronology, newest first
    page.get_by_role("link", name="Ellie Fictionshire").click()
    expect(page.get_by_role("heading", name="Ellie Fictionshire")).to_be_visible()
    rows = page.locator("#chronology + table tbody tr")
    expect(rows.first).to_contain_text("Joint s47 agreed")
    expect(rows.nth(1)).to_contain_text("School raised concerns")
    assert_accessible(page)

    # And her view was audited
    assert AuditEntry.objects.filter(action=AuditAction.VIEW, person_id=str(child.pk)).exists()


def test_search_with_nothing_entered_shows_the_error_summary(page, login, assert_accessible):
    practitioner_with_role(Role.FRONT_DOOR_SOCIAL_WORKER, username="fd.browser")
    login(page, "fd.browser", TEST_PASSWORD)
    page.get_by_role("link", name="Find a person").click()
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a name, a date of birth or an NHS number")
    assert_accessible(page)
