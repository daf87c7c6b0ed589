"""Import police notifications from a CSV or JSON file: `manage.py import_notifications FILE --as USERNAME`."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from safeguard.access import context
from safeguard.access.errors import NotFound
from safeguard.agencies.models import Practitioner
from safeguard.frontdoor import imports, services


class Command(BaseCommand):
    help = (
        "Import police notifications (public protection notices, domestic abuse incidents with children). "
        "Good rows are kept, bad rows reported by line and field; re-importing a file creates nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--as", dest="username", required=True, help="The practitioner importing (for the audit log)"
        )
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar")

    def handle(self, *args, file: Path, username: str, no_progress: bool, **options):
        actor = Practitioner.objects.filter(username=username, is_active=True).first()
        if actor is None:
            raise CommandError(f"No active practitioner with the username {username!r}")
        try:
            groups = imports.parse(file.read_bytes(), filename=file.name)
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from None
        except imports.FileError as exc:
            raise CommandError(exc.message) from None
        token = context.bind(context.AuditContext(channel="command"))
        try:
            with tqdm(total=len(groups), unit="notification", disable=no_progress, file=self.stderr._out) as bar:
                report = services.notifications_import(actor=actor, groups=groups, progress=bar.update)
        except NotFound:
            raise CommandError(f"{username} may not import police notifications") from None
        finally:
            context.reset(token)
        self.stdout.write(
            f"{len(report['accepted'])} imported, {len(report['already_imported'])} already imported, "
            f"{len(report['errors'])} problem{'s' if len(report['errors']) != 1 else ''}"
        )
        for error in report["errors"]:
            self.stdout.write(f"line {error.line}: {error.field}: {error.message}")
        if report["errors"]:
            raise CommandError("Some rows were not imported: correct the lines listed and import the file again")
