"""Ofsted's Annex A from the data team's page: the data officer finds it and downloads the workbook;
a social worker is never offered it and is told it does not exist."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from safeguard.returns.tests import annex_world
from safeguard.testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser


def test_the_data_officer_downloads_annex_a_and_a_social_worker_cannot(page, login, assert_accessible, tmp_path):
    # Given a case load with a child at every step of the pathway
    annex_world.build()
    # When the data officer opens Statutory returns from the menu
    login(page, "data.officer.annex", TEST_PASSWORD)
    page.get_by_role("link", name="Statutory returns").first.click()
    expect(page.get_by_role("heading", name="Ofsted's Annex A")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=str(tmp_path / "returns.png"), full_page=True)
    # and downloads Annex A
    with page.expect_download() as download:
        page.get_by_role("link", name="Download Annex A (Excel spreadsheet)").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    # Then the spreadsheet holds every list, headed as Ofsted's template
    assert saved.name.startswith("annex-a-") and saved.suffix == ".xlsx"
    workbook = load_workbook(saved, read_only=True)
    assert len(workbook.sheetnames) == 11
    assert next(workbook["List 1 Contacts"].iter_rows(values_only=True))[0] == "Child Unique ID"

    # And a social worker has no such page in the menu, and the download answers "not found"
    page.context.clear_cookies()
    login(page, "sw.annex", TEST_PASSWORD)
    expect(page.get_by_role("link", name="Statutory returns")).to_have_count(0)
    response = page.goto("/returns/annex-a.xlsx")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_contain_text("not found", ignore_case=True)
