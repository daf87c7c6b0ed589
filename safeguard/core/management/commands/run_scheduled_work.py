"""Run the partnership's periodic work: chasing, escalating, flagging what is late."""

import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from safeguard.core import schedule


class Command(BaseCommand):
    help = "Run every registered periodic job once, or repeatedly with --every SECONDS."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=0, help="Repeat every N seconds (0: run once)")

    def handle(self, *args, every: int, **options):
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
