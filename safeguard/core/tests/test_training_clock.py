"""The training clock: one "now" for the whole service, shown on every page, refused on a live service."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.utils import timezone

from safeguard.agencies.roles import Role
from safeguard.core import checks, clock, schedule
from safeguard.testing.factories import practitioner_with_role

LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2026, 12, 14, 10, 0, tzinfo=LONDON)
TRAINING = override_settings(SAFEGUARD_CLOCK_NOW=MONDAY, SAFEGUARD_TRAINING=True)


def _start(**env) -> subprocess.CompletedProcess:
    """Start the service's configuration in a fresh process, as a server would."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SAFEGUARD_"))}
    base.update({"DJANGO_SETTINGS_MODULE": "safeguard.settings", "DJANGO_SECRET_KEY": "x" * 40})
    base.update({"SAFEGUARD_AUDIT_KEY": "y" * 40, **env})
    code = "import django; django.setup(); from django.utils import timezone; print(timezone.now().isoformat())"
    return subprocess.run(  # noqa: S603 - our own interpreter and fixed code
        [sys.executable, "-c", code], env=base, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=60
    )


def test_a_production_configuration_refuses_the_training_clock_at_startup():
    refused = _start(SAFEGUARD_CLOCK_NOW="2026-12-14T10:00")
    assert refused.returncode != 0
    assert "SAFEGUARD_CLOCK_NOW sets a training clock, which is refused" in refused.stderr
    training = _start(SAFEGUARD_CLOCK_NOW="2026-12-14T10:00", SAFEGUARD_TRAINING="1")
    assert training.returncode == 0, training.stderr
    assert training.stdout.strip() == "2026-12-14T10:00:00+00:00"
    live = _start()
    assert live.returncode == 0 and not live.stdout.startswith("2026-12-14")


def test_a_training_clock_set_without_training_mode_fails_loudly_not_silently():
    with override_settings(SAFEGUARD_CLOCK_NOW=MONDAY, SAFEGUARD_TRAINING=False, DEBUG=False):
        with pytest.raises(ImproperlyConfigured, match="refused"):
            timezone.now()
        assert [e.id for e in checks.training_clock_check()] == ["safeguard.E001"]
        with pytest.raises(CommandError, match="refused"):
            call_command("run_scheduled_work", "--as-of", "2026-12-16T09:30")
    assert checks.training_clock_check() == []


@pytest.mark.django_db
@TRAINING
def test_every_clock_reads_the_training_clock():
    assert timezone.now() == MONDAY and clock.now() == MONDAY
    assert timezone.localdate() == clock.today() == MONDAY.date()
    # A deadline's plain-English status counts from the training day, not the real one.
    assert clock.Deadline(due=datetime(2026, 12, 11).date()).describe() == "overdue by 1 working day"
    assert clock.describe_training_clock() == "Training clock: Monday 14 December 2026 10:00"


@pytest.mark.django_db
def test_every_page_shows_the_training_clock(client: Client):
    user = practitioner_with_role(Role.FRONT_DOOR_SOCIAL_WORKER, username="trainee")
    client.force_login(user)
    assert "Training clock" not in client.get("/").content.decode()
    with TRAINING:
        client.force_login(user)  # a session started on the real clock has expired by 14 December
        for page in (client.get("/"), Client().get("/sign-in/")):
            assert page.status_code == 200
            assert "Training clock: Monday 14 December 2026 10:00" in page.content.decode()
        # An agency system using the API sees it in a header.
        assert client.get("/api/v1/openapi.json")["Safeguard-Training-Clock"] == "2026-12-14T10:00:00+00:00"
    assert "Safeguard-Training-Clock" not in client.get("/api/v1/openapi.json")


@pytest.mark.django_db
def test_scheduled_work_runs_as_of_a_training_moment(capsys):
    seen = []
    schedule.register("test.as_of", lambda now: seen.append((now, timezone.now())) or "ok", "records now")
    try:
        with override_settings(SAFEGUARD_TRAINING=True):
            call_command("run_scheduled_work", "--as-of", "2026-12-16T09:30")
            with pytest.raises(CommandError, match="date and time"):
                call_command("run_scheduled_work", "--as-of", "next Tuesday")
    finally:
        schedule._jobs.pop("test.as_of")
    wednesday = datetime(2026, 12, 16, 9, 30, tzinfo=LONDON)
    assert seen == [(wednesday, wednesday)]  # the job and everything it calls agree on "now"
    assert "As of Wednesday 16 December 2026 09:30 (training clock)" in capsys.readouterr().out
    assert timezone.now() != wednesday  # only for that run
