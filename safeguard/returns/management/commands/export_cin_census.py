"""`manage.py export_cin_census --year 2026-27 --output FILE.xml [--reference-date D] [--report]`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from safeguard.access import context
from safeguard.access.errors import NotFound
from safeguard.agencies.models import Practitioner
from safeguard.returns import checks, report, services, validation
from safeguard.returns.cin_census import DEFAULT_CHUNK, Counts
from safeguard.returns.periods import CollectionYear


class Command(BaseCommand):
    help = (
        "Write the DfE children in need census XML for a collection year (1 April to 31 March), "
        "streamed a chunk of children at a time. --report adds the pre-submission checks, the "
        "schema check and, where installed, the DfE's own validator."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, help="Collection year, e.g. 2026-27")
        parser.add_argument("--output", required=True, type=Path, help="Where to write the XML")
        parser.add_argument(
            "--reference-date", type=date.fromisoformat, default=None,
            help="Census cut-off (YYYY-MM-DD; default 31 March, or today while the year runs)",
        )  # fmt: skip
        parser.add_argument("--report", action="store_true", help="Print the pre-submission report")
        parser.add_argument("--as", dest="username", default="", help="The data officer exporting (audit log)")
        parser.add_argument("--chunk-size", type=int, default=DEFAULT_CHUNK, help="Children read per chunk")

    def handle(self, *args, year: str, output: Path, reference_date, report: bool, username: str,
               chunk_size: int, **options):  # fmt: skip
        try:
            collection = CollectionYear.parse(year)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if reference_date and not (collection.start <= reference_date <= collection.end):
            raise CommandError(f"The reference date must fall between {collection.label.replace(' to ', ' and ')}")
        actor = None
        if username:
            actor = Practitioner.objects.filter(username=username, is_active=True).first()
            if actor is None:
                raise CommandError(f"No active practitioner with the username {username!r}")
        token = context.bind(context.AuditContext(channel="command"))
        counts = Counts()
        try:
            census, pieces = services.cin_census_export(
                actor=actor, year=collection, as_at=reference_date, chunk_size=chunk_size, counts=counts
            )
            with output.open("wb") as out:
                for piece in pieces:
                    out.write(piece)
        except NotFound:
            raise CommandError(f"{username} may not export statutory returns") from None
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror}") from None
        finally:
            context.reset(token)
        self.stdout.write(
            f"Wrote {output}: {counts.children} children, {counts.episodes} episodes, {counts.assessments} "
            f"assessments, {counts.cin_plans} child in need plans, {counts.section47} section 47 enquiries, "
            f"{counts.cp_plans} child protection plans (as at {census.as_at:%-d %B %Y})"
        )
        if report:
            self._report(census, output)

    def _report(self, census, output: Path) -> None:
        w = self.stdout.write
        w("\nPre-submission report")
        for label, n in checks.module_counts(census):
            w(f"  {label}: {n}")
        total = 0
        for cc in checks.check_counts(census):
            if not cc.count:
                continue
            total += cc.count if cc.check.is_error else 0
            kind = "error" if cc.check.is_error else "query"
            w(f"\n{cc.check.title} ({kind}, DfE rule {cc.check.dfe_rule}): {cc.count}")
            w(f"  {cc.check.fix}")
            for row in report.problem_rows(cc.check, census, limit=20):
                team = f", {row.team}" if row.team else ""
                w(f"  - {row.child_name} ({row.census_id}{team}): {row.record_label} {row.url}")
            if cc.count > 20:
                w(f"  … and {cc.count - 20} more (see the statutory returns page)")
        schema = validation.schema_errors(output)
        w(f"\nSchema: {'valid' if not schema else f'{len(schema)} problem' + ('s' if len(schema) != 1 else '')}")
        for e in schema[:20]:
            w(f"  - child {e.child or '(header)'}, line {e.line}: {e.message}")
        if not validation.available():
            w("DfE validator: not installed here (make cin-validator)")
            return
        result = validation.run_dfe_rules(output, ruleset=validation.ruleset_for(census.year.start_year))
        w(f"DfE validator ({result.ruleset}): {len(result.errors)} errors, {len(result.queries)} queries")
        for f in result.findings[:50]:
            w(f"  - {f.rule} {'error' if f.is_error else 'query'}: {f.message} {f.child}")
        for c in result.crashed:
            w(f"  ! rule failed to run: {c}")
