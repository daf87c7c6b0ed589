"""Who acknowledged, and when, in a real browser (each page checked with axe-core): a GP practice
chased over a pregnancy notification, the midwife who sent it following it; a school acknowledging an
Operation Encompass notice and the front door seeing who did; the training clock's warning."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client, override_settings
from django.utils import timezone
from playwright.sync_api import expect

from safeguard.access.models import InvolvementKind
from safeguard.agencies.models import Agency, Team
from safeguard.agencies.roles import AgencyType, Role
from safeguard.family import services as family_services
from safeguard.family.models import GpNotification
from safeguard.frontdoor.models import EncompassNotice
from safeguard.frontdoor.tests.test_notifications import csv_file
from safeguard.testing.factories import (
    TEST_PASSWORD,
    AgencyFactory,
    PersonFactory,
    TeamFactory,
    involve,
    practitioner_with_role,
)

pytestmark = pytest.mark.browser


def sign_in_as(page, login, username):
    page.context.clear_cookies()
    login(page, username, TEST_PASSWORD)


def test_midwife_and_gp_practice_follow_a_chased_pregnancy_notification(page, login, assert_accessible):
    # Given a midwife's notification the practice did not acknowledge by its date, chased once
    practice = Agency.objects.create(name="Riverside Surgery", agency_type=AgencyType.GP_PRACTICE)
    gp = practitioner_with_role(Role.GP, team=Team.objects.create(agency=practice, name="Riverside"), username="gp.b")
    midwife = practitioner_with_role(Role.MIDWIFE, username="midwife.b")
    mother = PersonFactory(given_name="Rae", family_name="Expecting", date_of_birth=date(1999, 1, 1))
    involve(mother, practitioner=midwife, kind=InvolvementKind.SUPERVISING)
    family_services.pregnancy_record(
        actor=midwife,
        mother=mother,
        expected_birth_date=timezone.localdate() + timedelta(weeks=20),
        vulnerabilities=["domestic_abuse"],
        gp_practice=practice,
    )
    GpNotification.objects.update(acknowledge_by=timezone.localdate() - timedelta(days=3))
    assert len(family_services.chase_unacknowledged()) == 1

    # When the midwife opens her pregnancy notifications from the menu
    sign_in_as(page, login, "midwife.b")
    page.get_by_role("link", name="Pregnancy notifications").first.click()
    row = page.get_by_role("row", name="Rae Expecting")
    # Then she sees it is overdue and the practice has been chased, with no button to acknowledge it
    expect(row).to_contain_text("Riverside Surgery")
    expect(row).to_contain_text("Overdue")
    expect(row).to_contain_text("1 time, last")
    expect(page.get_by_role("button", name="Acknowledge the notification for Rae Expecting")).to_have_count(0)
    assert_accessible(page)

    # When the GP signs in, sees the same and acknowledges it
    sign_in_as(page, login, "gp.b")
    page.goto("/family/gp-notifications/")
    expect(page.get_by_role("row", name="Rae Expecting")).to_contain_text("1 time, last")
    assert_accessible(page)
    page.get_by_role("button", name="Acknowledge the notification for Rae Expecting").click()

    # Then it moves to "Acknowledged", with who acknowledged it; the midwife sees that too
    expect(page.get_by_text("No pregnancy notifications are awaiting acknowledgement")).to_be_visible()
    expect(page.get_by_role("row", name="Rae Expecting")).to_contain_text(f"By {gp}")
    assert_accessible(page)
    sign_in_as(page, login, "midwife.b")
    page.goto("/family/gp-notifications/")
    expect(page.get_by_role("row", name="Rae Expecting")).to_contain_text(f"By {gp}")
    assert GpNotification.objects.get().acknowledged_by == gp


def test_school_acknowledges_an_encompass_notice_and_the_front_door_sees_who(page, login, assert_accessible):
    # Given a domestic abuse incident last night involving a pupil of Oak Primary School
    school = AgencyFactory(name="Oak Primary School", agency_type=AgencyType.EDUCATION, ods_code="123456")
    dsl = practitioner_with_role(
        Role.DESIGNATED_SAFEGUARDING_LEAD, team=TeamFactory(agency=school, name="Safeguarding"), username="enc.dsl"
    )
    dsl.first_name, dsl.last_name, dsl.job_title = "Wanda", "Fictional", "Deputy head teacher"
    dsl.save()
    council = AgencyFactory(name="Shire Council", agency_type=AgencyType.CHILDRENS_SOCIAL_CARE)
    practitioner_with_role(
        Role.FRONT_DOOR_SOCIAL_WORKER, team=TeamFactory(agency=council, name="Front door", is_front_door=True),
        username="enc.screener",
    )
    police = AgencyFactory(name="Shire Police", agency_type=AgencyType.POLICE)
    officer = practitioner_with_role(Role.POLICE_PUBLIC_PROTECTION, team=TeamFactory(agency=police, name="PPU"))
    feed = Client()
    feed.force_login(officer)
    incident = (timezone.localtime() - timedelta(hours=1)).replace(tzinfo=None).isoformat(timespec="seconds")
    imported = feed.post("/api/v1/notifications/import", data=csv_file(incident), content_type="text/csv")
    assert imported.status_code == 200

    # When the school's designated safeguarding lead acknowledges Peter's notice
    sign_in_as(page, login, "enc.dsl")
    page.goto("/front-door/operation-encompass/")
    assert_accessible(page)
    page.get_by_role("button", name="Acknowledge notice for Peter Fictional").click()
    expect(page.get_by_text("Notice acknowledged")).to_be_visible()

    # Then the notice says who acknowledged it and when, for the school and for the front door
    # (acknowledged notices leave the open-work list; they are one link away)
    at = timezone.localtime(EncompassNotice.objects.get(child__given_name="Peter").acknowledged_at)
    said = f"Acknowledged by Wanda Fictional (Deputy head teacher), {at:%A} {at.day} {at:%B %Y} at {at:%H:%M}"
    expect(page.get_by_role("row", name="Peter Fictional")).to_have_count(0)
    page.get_by_role("link", name="Show acknowledged notices too").click()
    expect(page.get_by_role("row", name="Peter Fictional")).to_contain_text(said)
    assert_accessible(page)
    sign_in_as(page, login, "enc.screener")
    page.goto("/front-door/operation-encompass/")
    page.get_by_role("link", name="Show acknowledged notices too").click()
    expect(page.get_by_role("row", name="Peter Fictional")).to_contain_text(said)
    expect(page.get_by_role("row", name="Ruby Fictional")).to_contain_text("Waiting for the school")
    assert_accessible(page)


def test_the_training_clock_is_shown_on_every_page(page, login, assert_accessible):
    practitioner_with_role(Role.FRONT_DOOR_SOCIAL_WORKER, username="trainee")
    monday = datetime(2026, 12, 14, 10, 0, tzinfo=ZoneInfo("Europe/London"))
    with override_settings(SAFEGUARD_TRAINING=True, SAFEGUARD_CLOCK_NOW=monday):
        page.goto("/sign-in/")
        expect(page.get_by_label("Username", exact=True)).to_be_visible()
        expect(page.locator("#training-clock")).to_contain_text("Training clock: Monday 14 December 2026 10:00")
        login(page, "trainee", TEST_PASSWORD)
        expect(page.locator("#training-clock")).to_contain_text("not the real date")
        assert_accessible(page)
