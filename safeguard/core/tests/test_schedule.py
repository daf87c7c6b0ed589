from django.core.management import call_command
from django.utils import timezone

from safeguard.core import schedule


def test_a_failing_job_does_not_stop_the_others(monkeypatch):
    monkeypatch.setattr(schedule, "_jobs", {})
    ran = []
    schedule.register("a_fails", lambda now: 1 / 0, "always fails")
    schedule.register("b_works", lambda now: ran.append(now) or "1 chased", "works")
    results = schedule.run_all(timezone.now())
    assert isinstance(results["a_fails"], ZeroDivisionError)
    assert results["b_works"] == "1 chased" and len(ran) == 1


def test_the_command_reports_each_job(monkeypatch, capsys):
    monkeypatch.setattr(schedule, "_jobs", {})
    schedule.register("chase", lambda now: "2 chased", "chase")
    call_command("run_scheduled_work")
    assert "chase: 2 chased" in capsys.readouterr().out
