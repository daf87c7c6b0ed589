"""Write a signed checkpoint of the audit chain's head, outside the database.

Run it on a schedule (e.g. hourly) with --file pointing somewhere the database role cannot write
(another host's mount, append-only storage), or without a file to print it for the system log.
`verify_audit --checkpoints FILE` then detects a chain rewritten or cut back since.
"""

import json

from django.conf import settings
from django.core.management.base import BaseCommand

from safeguard.access.audit import checkpoint_make


class Command(BaseCommand):
    help = "Seal waiting audit entries and append a signed checkpoint of the chain's head to a file (or print it)."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=settings.AUDIT_CHECKPOINT_FILE, help="JSON-lines file to append to")

    def handle(self, *args, **options):
        line = json.dumps(checkpoint_make(), sort_keys=True)
        if options["file"]:
            with open(options["file"], "a", encoding="utf-8") as handle:
                handle.write(line + "\n")
            self.stdout.write(f"Checkpoint appended to {options['file']}.")
        else:
            self.stdout.write(line)
