"""A social worker runs the child protection pathway in the browser: strategy discussion with
actions, a late initial conference with its reason, the conference (plan, sexual abuse within the
family), an outcome on the plan, and a significant event that asks for reconvening. Every page is
checked with axe."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

try:
    from .harness import fill_date
except ImportError:  # tests/browser is not a package: pytest put this folder on sys.path
    from harness import fill_date

from safeguard.core import clock
from safeguard.core.models import Task
from safeguard.protection.models import Action, Conference, Plan, ReconveneReview
from safeguard.protection.tests.conftest import world  # noqa: F401  (the fictional family fixture)
from safeguard.protection.tests.helpers import propose
from safeguard.testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser


def _all_present(page):
    for radio in page.locator('input[type="radio"][value="present"]').all():
        radio.check()


def _section(page, assert_accessible, name):
    """Open one section of a meeting's record from its task list."""
    page.get_by_role("link", name=name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    assert_accessible(page)


def _continue(page, assert_accessible):
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Record the")  # back on the task list
    assert_accessible(page)


def _check_and_submit(page, assert_accessible):
    page.get_by_role("link", name="Check and submit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before you submit the record")
    assert_accessible(page)
    page.get_by_role("button", name="Submit the record").click()


def test_strategy_discussion_to_reconvene(page, login, assert_accessible, world):  # noqa: F811
    today = timezone.localdate()
    child = world.pupil
    # Given a strategy discussion proposed for Dan
    d = propose(world, [child])
    login(page, "sw", TEST_PASSWORD)

    # When the social worker records it, section by section, with two actions
    page.goto(f"/protection/strategy-discussions/{d['id']}/")
    assert_accessible(page)
    page.get_by_role("button", name="Record the strategy discussion").click()
    assert_accessible(page)
    _section(page, assert_accessible, "Date held and who attended")
    fill_date(page, "Date held", today.isoformat())
    _all_present(page)
    _continue(page, assert_accessible)
    _section(page, assert_accessible, "Information shared by each agency")
    page.get_by_label("Information shared by each agency").fill("School: change in behaviour. Police: no record.")
    _continue(page, assert_accessible)
    _section(page, assert_accessible, "Section 47 decision")
    page.get_by_label("Section 47 enquiry: single agency (social care)").check()
    page.get_by_label("Reasons for the section 47 decision").fill("Reasonable cause to suspect significant harm")
    _continue(page, assert_accessible)
    _section(page, assert_accessible, "Interview, medical examination and referral")
    _continue(page, assert_accessible)
    _section(page, assert_accessible, "Actions")
    due = (today + timedelta(days=5)).isoformat()
    for i, what in enumerate(["Visit the family at home", "Ask the GP for records"]):
        row = page.locator("fieldset", has_text=f"Action {i + 1}")
        row.get_by_label("What will be done").fill(what)
        row.get_by_label("Owner").select_option(str(world.social_worker.pk))
        fill_date(row, "Due date", due)
        row.get_by_label("Child this action is for").select_option(str(child.pk))
    _continue(page, assert_accessible)
    _check_and_submit(page, assert_accessible)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Strategy discussion recorded")
    assert_accessible(page)
    assert Action.objects.count() == 2

    # And schedules the initial conference after its due date, which needs a reason
    page.goto(f"/protection/children/{child.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Schedule the initial child protection conference").click()
    icpc_due = clock.icpc_due(today)
    expect(page.locator("#icpc-clock")).to_contain_text(f"Due by {icpc_due:%A %-d %B %Y} (15 working days")
    assert_accessible(page)
    fill_date(page, "Date of the initial child protection conference", (icpc_due + timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Schedule the conference").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give the reason for scheduling it later")
    assert_accessible(page)
    page.get_by_label("If the conference is after the due date, why?").fill("Police investigator on leave")
    page.get_by_role("button", name="Schedule the conference").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("conference scheduled")
    assert_accessible(page)
    assert Conference.objects.get().late_reason == "Police investigator on leave"

    # And records the conference, section by section: a plan, sexual abuse within the family environment
    page.get_by_role("button", name="Record the conference").click()
    assert_accessible(page)
    _section(page, assert_accessible, "Date held and who attended")
    fill_date(page, "Date held", today.isoformat())
    _all_present(page)
    _continue(page, assert_accessible)
    _section(page, assert_accessible, "Reports received")
    page.get_by_label("Reports received").fill("Police, school and GP reports")
    _continue(page, assert_accessible)
    _section(page, assert_accessible, "The child's and parents' views")
    page.get_by_label("The child's views", exact=True).fill("Wants to stay at home")
    page.get_by_label("How the child's views were sought").fill("Direct work at school")
    page.get_by_label("The parents' views").fill("Mother accepts the concerns")
    _continue(page, assert_accessible)
    _section(page, assert_accessible, "Decision, plan and category")
    page.get_by_label("Child protection plan", exact=True).check()
    page.get_by_label("Sexual abuse", exact=True).check()
    page.get_by_label("Yes, within the family environment").check()
    _continue(page, assert_accessible)
    _check_and_submit(page, assert_accessible)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Conference recorded")
    assert_accessible(page)
    plan = Plan.objects.get()
    assert plan.category == "SAB" and plan.sexual_abuse_intra_familial is True

    # And adds an outcome to the plan with an action
    page.get_by_role("link", name="Open the child protection plan").click()
    assert_accessible(page)
    page.get_by_role("link", name="Add an outcome").click()
    assert_accessible(page)
    page.get_by_label("Outcome for the child").fill("Dan is safe at home and at school")
    row = page.locator("fieldset", has_text="Action 1")
    row.get_by_label("What will be done").fill("Weekly direct work with Dan")
    row.get_by_label("Owner").select_option(str(world.social_worker.pk))
    fill_date(row, "Due date", due)
    row.get_by_label("Measure of success").fill("Dan says he feels safe")
    page.get_by_role("button", name="Save the outcome").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Outcome added")
    expect(page.locator("main")).to_contain_text("Weekly direct work with Dan")
    assert_accessible(page)

    # When a significant event is recorded
    page.goto(f"/protection/children/{child.pk}/")
    page.get_by_role("link", name="Record a significant event").click()
    assert_accessible(page)
    page.get_by_label("Bail conditions changed or lifted").check()
    fill_date(page, "Date of the event", today.isoformat())
    page.get_by_label("What happened", exact=True).fill("Stepfather's bail conditions lifted")
    page.get_by_role("button", name="Record the event").click()

    # Then a "consider reconvening" task is raised for the lead social worker
    expect(page.locator(".govuk-notification-banner")).to_contain_text("'consider reconvening' task")
    assert_accessible(page)
    review = ReconveneReview.objects.get(child=child)
    assert Task.objects.filter(
        kind="consider_reconvening", source_id=str(review.pk), assignee=world.social_worker
    ).exists()


def test_other_protection_forms_are_accessible_with_and_without_errors(page, login, assert_accessible, world):  # noqa: F811
    # Given Dan has an active plan after a strategy discussion and conference
    from safeguard.protection.tests.helpers import hold_discussion, post
    from safeguard.protection.tests.test_conferences_plans import _icpc, _record

    hold_discussion(world, [world.pupil])
    conf = _icpc(world, world.pupil)
    post(world.client(world.chair), f"/protection/conferences/{conf['id']}/record", _record(world, conf))
    plan = Plan.objects.get()
    Plan.objects.filter(pk=plan.pk).update(status="active")
    login(page, "sw", TEST_PASSWORD)

    # Each form, empty and after submitting it empty (error summary linked to the fields), passes axe
    pages = [
        (f"/protection/plans/{plan.pk}/core-groups/new/", "Save the core group"),
        (f"/protection/plans/{plan.pk}/visits/new/", "Save the visit"),
        (f"/protection/children/{world.pupil.pk}/allocation/", "Allocate"),
        (f"/protection/children/{world.pupil.pk}/reconvene/request/", "Send the request"),
        (f"/protection/children/{world.pupil.pk}/challenges/new/", "Raise the challenge"),
        (f"/protection/people/{world.pupil.pk}/significant-events/new/", "Record the event"),
        (f"/protection/plans/{plan.pk}/outcomes/new/", "Save the outcome"),
    ]
    for url, button in pages:
        page.goto(url)
        assert_accessible(page)
        page.get_by_role("button", name=button, exact=True).click()
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        assert_accessible(page)
    # The plan page, with its clocks and the ways to record progress
    page.goto(f"/protection/plans/{plan.pk}/")
    expect(page.get_by_role("link", name="Record a statutory visit")).to_be_visible()
    assert_accessible(page)
