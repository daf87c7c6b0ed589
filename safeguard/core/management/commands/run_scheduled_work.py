"""Run the partnership's periodic work: chasing, escalating, flagging what is late."""

import time
from contextlib import nullcontext

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from safeguard.core import clock, schedule


class Command(BaseCommand):
    help = "Run every registered periodic job once, or repeatedly with --every SECONDS."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=0, help="Repeat every N seconds (0: run once)")
        parser.add_argument(
            "--enqueue", action="store_true", help="Put each job on the task queue for the worker instead"
        )
        parser.add_argument(
            "--as-of",
            default="",
            metavar="DATETIME",
            help="Training or demo only: run as if it were this moment (e.g. 2026-12-16T09:30, local time)",
        )

    def handle(self, *args, every: int, enqueue: bool, as_of: str = "", **options):
        if as_of:
            if not clock.training_clock_allowed():
                raise CommandError(clock.TRAINING_CLOCK_REFUSED)
            try:
                moment = clock.parse_moment(as_of)
            except ValueError:
                raise CommandError("--as-of must be a date and time such as 2026-12-16T09:30") from None
            if every or enqueue:
                raise CommandError("--as-of runs the work once, here: it cannot be combined with --every or --enqueue")
            self.stdout.write(f"As of {clock.describe_moment(moment)} (training clock)")
        try:
            with clock.override(moment) if as_of else nullcontext():
                self._run(every=every, enqueue=enqueue)
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from None

    def _run(self, *, every: int, enqueue: bool):
        if enqueue:
            from safeguard.core.tasks import run_scheduled_job

            for job in schedule.jobs():
                result = run_scheduled_job.enqueue(job.name)
                self.stdout.write(f"{job.name}: queued ({result.id})")
            return
        while True:
            failed = False
            for name, result in schedule.run_all(clock.now()).items():
                if isinstance(result, Exception):
                    failed = True
                    self.stderr.write(f"{name}: failed: {type(result).__name__}")
                else:
                    self.stdout.write(f"{name}: {result}")
            if not every:
                if failed:
                    raise SystemExit(1)
                return
            time.sleep(every)
