"""Signing in and out, in a real browser, with an accessibility check on each page."""

import pytest
from playwright.sync_api import expect

from safeguard.testing.factories import TEST_PASSWORD, PractitionerFactory

pytestmark = pytest.mark.browser


def test_practitioner_signs_in_and_out(page, login, assert_accessible):
    # Given a practitioner with an account
    PractitionerFactory(username="pshah", first_name="Priya", last_name="Shah")

    # When she opens the service, she is asked to sign in
    page.goto("/")
    expect(page.get_by_role("heading", name="Sign in to Safeguard")).to_be_visible()
    assert_accessible(page)

    # When she signs in, she sees her name in the header
    login(page, "pshah", TEST_PASSWORD)
    expect(page.get_by_role("banner")).to_contain_text("Priya Shah")
    assert_accessible(page)

    # When she signs out, she is told so
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in to Safeguard")).to_be_visible()


def test_wrong_password_shows_the_error_summary(page, login, assert_accessible):
    # Given a practitioner with an account
    PractitionerFactory(username="jlee")

    # When they sign in with the wrong password
    login(page, "jlee", "not-the-password")

    # Then the GOV.UK error summary says what went wrong, and the page title says Error
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Enter a correct username and password")
    expect(page).to_have_title("Error: Sign in – Safeguard")
    assert_accessible(page)
