"""The data officer checks last year's children in need census, follows a failing record to its
page, runs the DfE's validator and downloads the file, in a real browser; nobody else sees it."""

from datetime import timedelta

import pytest
from lxml import etree
from playwright.sync_api import expect

from safeguard.agencies.roles import Role
from safeguard.returns import validation
from safeguard.returns.periods import recent_years
from safeguard.returns.tests.builders import World
from safeguard.testing.factories import TEST_PASSWORD, practitioner_with_role

pytestmark = pytest.mark.browser


def _broken_plan_last_year():
    """A child protection plan with no category, in the last full collection year."""
    year = recent_years()[1]
    w = World()
    ada = w.child("Ada")
    w.episode(ada, year.start + timedelta(days=30))
    _enq, icpc = w.section47(ada, year.start + timedelta(days=33), icpc_on=year.start + timedelta(days=47))
    return year, w.cp_plan(ada, icpc, category="")


def test_the_data_officer_finds_the_failing_record_checks_with_the_dfe_and_downloads_the_file(
    page, login, assert_accessible, tmp_path
):
    year, plan = _broken_plan_last_year()
    practitioner_with_role(Role.DATA_OFFICER, username="data.browser")
    login(page, "data.browser", TEST_PASSWORD)

    # She opens the statutory returns and chooses last year
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Statutory returns").click()
    page.get_by_label("Collection year").select_option(label=year.label)
    page.get_by_role("button", name="Show this year").click()
    expect(page.get_by_role("heading", name=f"Children in need census, {year.label}")).to_be_visible()
    expect(page.get_by_role("row", name="Children 1")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=str(tmp_path / "returns.png"), full_page=True)

    # The plan with no category is listed, with the child and a link to the plan
    page.get_by_role("link", name="Child protection plan with no category of abuse").click()
    expect(page.get_by_role("cell", name="Ada Census", exact=True)).to_be_visible()
    assert_accessible(page)
    link = page.get_by_role("link", name="Child protection plan for Ada Census")
    assert link.get_attribute("href") == f"/protection/plans/{plan.pk}/"

    # The DfE's own validator agrees, and points at the same plan
    page.get_by_role("link", name="Back to statutory returns").click()
    page.get_by_role("link", name="Check the census file with the Department for Education's own validator").click()
    assert_accessible(page)
    if validation.available():
        page.get_by_role("button", name="Run the checks").click()
        expect(page.get_by_role("row").filter(has_text="8905").first).to_be_visible(timeout=60_000)
        assert_accessible(page)
        page.screenshot(path=str(tmp_path / "dfe.png"), full_page=True)

    # And she downloads the census file
    page.get_by_role("link", name="Back to statutory returns").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the census file (XML)").click()
    path = tmp_path / "census.xml"
    download.value.save_as(path)
    root = etree.parse(str(path)).getroot()
    assert root.findtext("Header/CollectionDetails/Year") == str(year.end.year)
    assert len(root.findall("Children/Child")) == 1


def test_a_social_worker_has_no_statutory_returns(page, login):
    practitioner_with_role(Role.SOCIAL_WORKER, username="sw.returns")
    login(page, "sw.returns", TEST_PASSWORD)
    expect(page.get_by_role("link", name="Statutory returns")).to_have_count(0)
    page.goto("/returns/")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
