"""Issue 10's journey from a school's contact to the social worker who convenes the strategy
discussion. Each person starts from their own "Your work" and only clicks links and buttons (no
typed addresses after signing in); axe checks every page.

Front door worker: records the school's call, then, from the task, finds or records each person
named. Front door manager: from the task, decides "strategy discussion". Social work team manager:
from the task, allocates it to a social worker, seeing caseloads. Social worker: from the task,
opens the strategy discussion, which names the alleged perpetrator from the contact."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from safeguard.agencies.roles import AgencyType, Role
from safeguard.core.models import Task
from safeguard.protection.models import StrategyDiscussion
from safeguard.testing.factories import TEST_PASSWORD, AgencyFactory, TeamFactory, practitioner_with_role

try:
    from .harness import assert_accessible, fill_date
except ImportError:  # tests/browser is not a package: pytest put this folder on sys.path
    from harness import assert_accessible, fill_date

pytestmark = pytest.mark.browser


@pytest.fixture
def partnership(transactional_db):
    council = AgencyFactory(name="Shire Council", agency_type=AgencyType.CHILDRENS_SOCIAL_CARE)
    front_door = TeamFactory(agency=council, name="Front door", is_front_door=True)
    locality = TeamFactory(agency=council, name="Locality team north")
    practitioner_with_role(Role.FRONT_DOOR_SOCIAL_WORKER, team=front_door, username="fdw")
    practitioner_with_role(Role.FRONT_DOOR_MANAGER, team=front_door, username="fdm")
    practitioner_with_role(Role.SOCIAL_WORK_MANAGER, team=locality, username="swm")
    worker = practitioner_with_role(Role.SOCIAL_WORKER, team=locality, username="sw")
    worker.first_name, worker.last_name = "Hana", "Okafor"
    worker.save()
    return worker


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


def _continue(page):
    page.get_by_role("button", name=re.compile("^Continue")).click()
    assert_accessible(page)


def test_contact_to_allocated_strategy_discussion_from_each_persons_your_work(browser, live_server, partnership):
    # The front door worker takes the school's call.
    context, page = _signed_in(browser, live_server, "fdw")
    page.get_by_role("link", name="Front door", exact=True).first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Record a new contact").click()
    assert_accessible(page)
    page.get_by_label("Referrer's name").fill("Ms Amina Teacher")
    page.get_by_label("Organisation (if not your own agency)").fill("Oak Primary School")
    source = page.locator("select[name=referral_source]")
    source.select_option(label=next(o for o in source.locator("option").all_text_contents() if "chool" in o))
    _continue(page)
    page.get_by_label("First name").fill("Riley")
    page.get_by_label("Last name").fill("Journeyman")
    fill_date(page, "Date of birth", date(2016, 5, 14))
    _continue(page)
    for given, family, role, born in (
        ("Darren", "Lodger", "Alleged perpetrator", date(1980, 3, 3)),
        ("Maria", "Journeyman", "Parent or carer", date(1988, 8, 8)),
    ):
        page.get_by_label("Yes", exact=True).check()
        _continue(page)
        page.get_by_label("First name").fill(given)
        page.get_by_label("Last name").fill(family)
        page.get_by_label(role, exact=True).check()
        fill_date(page, "Date of birth (if known)", born)
        page.get_by_role("button", name="Save and continue").click()
        assert_accessible(page)
    page.get_by_label("No", exact=True).check()
    _continue(page)
    page.get_by_label("What are the concerns?").fill(
        "Riley told her teacher that her mother's lodger Darren touches her at night and she is scared to go home."
    )
    page.get_by_label("Child sexual abuse within the family").check()
    _continue(page)
    page.get_by_label(re.compile("^Not sought")).first.check()
    page.locator("select[name=lawful_basis]").select_option(index=1)
    page.get_by_label("Why are you sharing without consent?").fill("Asking the family could put Riley at risk")
    _continue(page)
    page.get_by_role("button", name="Accept and send").click()
    assert_accessible(page)

    # From "Your work": the decision task leads to the contact, where each person named is recorded.
    page.get_by_role("link", name="Your work").first.click()
    page.get_by_role("link", name=re.compile("Make a threshold decision")).click()
    assert_accessible(page)
    for _ in range(3):
        page.get_by_role("link", name=re.compile("Find or record")).first.click()
        assert_accessible(page)
        page.get_by_role("button", name=re.compile("record a new person")).click()
        assert_accessible(page)
    page.get_by_label("Red", exact=True).check()
    page.get_by_role("button", name="Save screening").click()
    assert_accessible(page)
    context.close()

    # The front door manager decides from the same task: it leads them straight to the decision.
    context, page = _signed_in(browser, live_server, "fdm")
    page.get_by_role("link", name=re.compile("Make a threshold decision")).click()
    expect(page.get_by_role("heading", name="Threshold decision")).to_be_visible()
    assert_accessible(page)
    page.get_by_label(re.compile("^Strategy discussion")).check()
    page.get_by_label("Reasons for the decision").fill("Disclosure of sexual abuse by an adult in the household")
    page.get_by_role("button", name="Record decision").click()
    assert_accessible(page)
    context.close()
    assert not Task.objects.filter(kind="contact_decision", status="open").exists()

    # The social work team manager allocates it from the queue, seeing each worker's caseload.
    context, page = _signed_in(browser, live_server, "swm")
    page.get_by_role("link", name="Allocate the strategy discussion for Riley Journeyman").click()
    expect(page.get_by_role("heading", name="Allocate work")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Allocate to").select_option(label="Hana Okafor — 0 children allocated")
    page.get_by_role("button", name="Allocate").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Allocated to Hana Okafor")
    assert_accessible(page)
    context.close()

    # The social worker convenes it from her "Your work"; it names the adults from the contact.
    context, page = _signed_in(browser, live_server, "sw")
    page.get_by_role("link", name="Convene the strategy discussion for Riley Journeyman").click()
    expect(page.get_by_role("heading", name="Adults named")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Darren Lodger")
    assert_accessible(page)
    context.close()
    discussion = StrategyDiscussion.objects.get()
    assert discussion.convenor.username == "sw"
    assert [p.full_name for p in discussion.alleged_perpetrators.all()] == ["Darren Lodger"]
