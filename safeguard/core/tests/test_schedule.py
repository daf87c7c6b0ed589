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


def test_jobs_can_be_queued_for_the_task_worker(monkeypatch, capsys):
    monkeypatch.setattr(schedule, "_jobs", {})
    schedule.register("chase", lambda now: "3 chased", "chase")
    from safeguard.core.tasks import run_scheduled_job

    # The test settings use the immediate backend: the task runs as it is queued.
    assert run_scheduled_job.enqueue("chase").return_value == "3 chased"
    call_command("run_scheduled_work", "--enqueue")
    assert "chase: queued" in capsys.readouterr().out
