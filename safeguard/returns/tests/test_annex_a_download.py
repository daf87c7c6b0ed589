"""Annex A from the data team's page and from the command line: who may have it, and the audit log."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from openpyxl import load_workbook

from safeguard.access.models import AuditEntry
from safeguard.agencies.roles import Role
from safeguard.core import clock
from safeguard.returns.tests import annex_world
from safeguard.testing.factories import practitioner_with_role

pytestmark = pytest.mark.django_db

# The world's period ends on 30 September 2026: the page offers the 12 months to "today".
TODAY = "2026-09-30T12:00:00+01:00"


def _signed_in(who) -> Client:
    c = Client()
    c.force_login(who)
    return c


def _exports():
    return AuditEntry.objects.filter(action="export", object_type="returns.annex_a")


@pytest.fixture
def world(settings):
    settings.SAFEGUARD_TRAINING = True
    settings.SAFEGUARD_CLOCK_NOW = TODAY
    return annex_world.build()


def test_the_data_officer_downloads_annex_a_from_the_returns_page_and_it_is_audited(world):
    client = _signed_in(world.data_officer)
    page = client.get("/returns/").content.decode()
    assert 'href="/returns/annex-a.xlsx"' in page
    assert "1 October 2025 to 30 September 2026" in page

    response = client.get("/returns/annex-a.xlsx")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Disposition"].startswith('attachment; filename="annex-a-2025-10-01-to-2026-09-30.xlsx"')
    assert response["Cache-Control"] == "no-store"
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert len(workbook.worksheets) == 11
    assert workbook["List 3 Referrals"].max_row == 2  # the heading and Ruby's referral

    [entry] = _exports()
    assert entry.actor_id == world.data_officer.pk
    assert entry.detail["from"] == "2025-10-01" and entry.detail["to"] == "2026-09-30"
    assert entry.detail["rows"]["3"] == 1  # Ruby's referral
    assert entry.detail["rows"]["7"] == 2  # Ruby's plan, and Oscar's until it ended in January
    assert entry.detail.get("channel") == "web"


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.SOCIAL_WORK_MANAGER, Role.PARTNERSHIP_ANALYST])
def test_a_practitioner_is_told_the_download_does_not_exist(world, role):
    practitioner = practitioner_with_role(role, username=f"not.data.{role}")
    response = _signed_in(practitioner).get("/returns/annex-a.xlsx")
    assert response.status_code == 404
    assert not _exports().exists()


def test_the_command_writes_the_workbook_and_the_audit_log(world, tmp_path):
    output = tmp_path / "annex-a.xlsx"
    out = io.StringIO()
    call_command("export_annex_a", "--output", str(output), "--from", "2026-04-01", "--to", "2026-09-30", stdout=out)
    workbook = load_workbook(output, read_only=True)
    assert len(workbook.sheetnames) == 11
    assert "List 7 Child protection: 1 rows" in out.getvalue()
    [entry] = _exports()
    assert entry.actor_id is None and entry.detail["channel"] == "command"
    assert entry.detail["from"] == "2026-04-01" and entry.detail["rows"]["5"] == 1


def test_the_command_defaults_to_the_12_months_to_today_and_names_whoever_runs_it(world, tmp_path):
    assert clock.today() == date(2026, 9, 30)
    call_command("export_annex_a", "--output", str(tmp_path / "a.xlsx"), "--as", world.data_officer.username,
                 stdout=io.StringIO())
    [entry] = _exports()
    assert entry.actor_id == world.data_officer.pk and entry.detail["from"] == "2025-10-01"


def test_the_command_refuses_bad_periods_and_non_data_team_users(world, tmp_path):
    with pytest.raises(CommandError, match="not a date"):
        call_command("export_annex_a", "--output", str(tmp_path / "a.xlsx"), "--from", "1 April")
    with pytest.raises(CommandError, match="on or after its start"):
        call_command("export_annex_a", "--output", str(tmp_path / "a.xlsx"), "--from", "2026-09-30",
                     "--to", "2026-04-01")
    with pytest.raises(CommandError, match="may not export"):
        call_command("export_annex_a", "--output", str(tmp_path / "a.xlsx"), "--as", world.social_worker.username)
    assert not _exports().exists()
    assert not (tmp_path / "a.xlsx").exists()
