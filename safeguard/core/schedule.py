"""Periodic work (chasing, escalation, flagging late notices), registered once by each app.

Every job is an idempotent function taking `now`; running it twice changes nothing more. Each
app registers its jobs in AppConfig.ready(). `manage.py run_scheduled_work` runs them all once
(from cron or a systemd timer in production) or in a loop (`--every SECONDS`, used by `make run`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime

Job = Callable[..., object]


@dataclasses.dataclass(frozen=True)
class ScheduledJob:
    name: str
    run: Job
    description: str


_jobs: dict[str, ScheduledJob] = {}


def register(name: str, run: Job, description: str) -> None:
    _jobs[name] = ScheduledJob(name=name, run=run, description=description)


def job(name: str) -> ScheduledJob:
    return _jobs[name]


def jobs() -> list[ScheduledJob]:
    return [_jobs[k] for k in sorted(_jobs)]


def run_all(now: datetime) -> dict[str, object]:
    """Run every job; one failing job is reported and does not stop the others."""
    results: dict[str, object] = {}
    for job in jobs():
        try:
            results[job.name] = job.run(now=now)
        except Exception as exc:  # noqa: BLE001 - reported to the operator, others still run
            results[job.name] = exc
    return results
