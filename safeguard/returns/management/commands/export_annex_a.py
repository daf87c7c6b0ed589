"""`manage.py export_annex_a --output FILE.xlsx [--from DATE --to DATE] [--as USERNAME]`: Ofsted's Annex A."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from safeguard.access import context
from safeguard.access.errors import NotFound
from safeguard.agencies.models import Practitioner
from safeguard.core import clock
from safeguard.returns.annex_a import LISTS, annex_a_export
from safeguard.returns.selectors import Period


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date: write it like 2026-04-01") from None


class Command(BaseCommand):
    help = (
        "Write Ofsted's Annex A lists (one sheet per list) for a period, by default the 12 months to today. "
        "The export is written to the audit log."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, type=Path, help="The .xlsx file to write")
        parser.add_argument("--from", dest="start", help="First day of the period (YYYY-MM-DD)")
        parser.add_argument("--to", dest="end", help="Last day of the period (YYYY-MM-DD); default today")
        parser.add_argument("--as", dest="username", help="The data officer exporting (for the audit log)")

    def handle(self, *args, output: Path, start: str | None, end: str | None, username: str | None, **options):
        last = _date(end) if end else clock.today()
        try:
            period = Period(_date(start), last) if start else Period.twelve_months_to(last)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        actor = None
        if username:
            actor = Practitioner.objects.filter(username=username, is_active=True).first()
            if actor is None:
                raise CommandError(f"No active practitioner with the username {username!r}")
        token = context.bind(context.AuditContext(channel="command"))
        try:
            counts = annex_a_export(actor=actor, period=period, output=output)
        except NotFound:
            raise CommandError(f"{username} may not export statutory returns") from None
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror}") from None
        finally:
            context.reset(token)
        self.stdout.write(f"Annex A for {period.start:%-d %B %Y} to {period.end:%-d %B %Y} written to {output}")
        for annex_list in LISTS:
            self.stdout.write(f"  {annex_list.sheet}: {counts[annex_list.number]} rows")
