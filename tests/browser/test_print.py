"""A strategy discussion record, printed: the record on paper, without menus, buttons or forms."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from safeguard.protection.tests.conftest import world  # noqa: F401  (the fictional family fixture)
from safeguard.protection.tests.helpers import hold_discussion
from safeguard.testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser


def test_strategy_discussion_record_prints_without_menus_or_buttons(page, login, world, assert_accessible):  # noqa: F811
    # Given a strategy discussion that has been held
    d = hold_discussion(world, [world.pupil])
    login(page, "sw", TEST_PASSWORD)
    page.goto(f"/protection/strategy-discussions/{d['id']}/")
    # When the social worker looks at the record on screen, she is offered a print link
    print_link = page.get_by_role("link", name="Print this record")
    expect(print_link).to_be_visible()
    expect(page.locator(".app-print-only")).to_be_hidden()
    assert_accessible(page)
    # Then on paper the record is there, and menus, buttons, forms and the print link are not
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".app-print-only")).to_be_visible()
    expect(page.locator(".app-print-only")).to_contain_text("Printed from Safeguard by")
    for hidden in (".govuk-service-navigation", ".govuk-phase-banner", ".govuk-footer", ".app-print-link"):
        expect(page.locator(hidden).first).to_be_hidden()
    for button in page.locator("main .govuk-button, main form").all():
        expect(button).to_be_hidden()
