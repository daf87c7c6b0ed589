"""Run the partnership's periodic work: chasing, escalating, flagging what is late."""

import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from safeguard.core import schedule


class Command(BaseCommand):
    help = "Run every registered periodic job once, or repeatedly with --every SECONDS."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=0, help="Repeat every N seconds (0: run once)")
        parser.add_argument(
            "--enqueue", action="store_true", help="Put each job on the task queue for the worker instead"
        )

    def handle(self, *args, every: int, enqueue: bool, **options):
        if enqueue:
            from safeguard.core.tasks import run_scheduled_job

            for job in schedule.jobs():
                result = run_scheduled_job.enqueue(job.name)
                self.stdout.write(f"{job.name}: queued ({result.id})")
            return
        while True:
            failed = False
            for name, result in schedule.run_all(timezone.now()).items():
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
