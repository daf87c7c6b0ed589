"""`manage.py seed_demo`: a fictional partnership (Wrekinshire) with families and case histories."""

from __future__ import annotations

import time
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from safeguard.demo import seeding


class Command(BaseCommand):
    help = (
        "Create the fictional Wrekinshire partnership: agencies, teams, one demo practitioner per role, and "
        "families with believable histories. Deterministic: the same --seed and --as-of give the same people."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=seeding.DEFAULT_SEED, help="random seed (default 2026)")
        scale = parser.add_mutually_exclusive_group()
        scale.add_argument("--families", type=int, help=f"number of families (default {seeding.DEFAULT_FAMILIES})")
        scale.add_argument("--children", type=int, help="generate families until there are this many children")
        parser.add_argument("--as-of", type=date.fromisoformat, help="the day histories lead up to (default today)")
        parser.add_argument("--if-empty", action="store_true",
                            help="do nothing (but print the logins) if the database already holds people")
        parser.add_argument("--no-logins", action="store_true", help="do not print the demo logins")
        parser.add_argument(
            "--no-index",
            action="store_true",
            help="skip rebuilding the matching index (run `rebuild_person_index` later; for very large seeds)",
        )
        parser.add_argument("--batch-size", type=int, default=seeding.DEFAULT_BATCH_SIZE, help="rows per insert batch")
        parser.add_argument("--allow-without-debug", action="store_true",
                            help="seed even though DJANGO_DEBUG is off (benchmarks and tests; never production)")

    def handle(self, *args, **options):
        if not (settings.DEBUG or settings.SAFEGUARD_DEMO) and not options["allow_without_debug"]:
            raise CommandError(
                "seed_demo creates demo accounts that share a published password, so it runs only with "
                "SAFEGUARD_DEMO=1 or DJANGO_DEBUG=1 (or --allow-without-debug on a throwaway database)."
            )
        if seeding.has_people():
            if not options["if_empty"]:
                raise CommandError(
                    "The database already holds people. seed_demo fills an empty database only "
                    "(use --if-empty to skip quietly, or start from a fresh database)."
                )
            self.stdout.write("The database already holds people: demo data not added.")
        else:
            families = options["families"]
            children = options["children"]
            if families is None and children is None:
                families = seeding.DEFAULT_FAMILIES
            if (families is not None and families < 0) or (children is not None and children < 0):
                raise CommandError("--families and --children must not be negative")
            as_of = options["as_of"] or timezone.localdate()
            result = seeding.seed(
                seed=options["seed"], as_of=as_of, families=families, children=children,
                batch_size=options["batch_size"], progress=self._progress,
            )
            counts = ", ".join(f"{n} {name}" for name, n in result.counts.items())
            self.stdout.write(self.style.SUCCESS(
                f"Seeded Wrekinshire (seed {options['seed']}, as of {as_of.isoformat()}): {result.families} families, "
                f"{result.children} children in {result.seconds:.1f}s."
            ))
            self.stdout.write(f"Rows: {counts}.")
            if result.tables_set_aside:
                self.stdout.write(
                    f"Secondary indexes and foreign keys of {result.tables_set_aside} tables built and validated "
                    f"after the load ({result.restore_seconds:.1f}s of the above)."
                )
            # Statistics before anything reads the new rows: the index rebuild pages through the
            # people by key, and without statistics PostgreSQL plans each page as a scan of them all.
            self._analyse()
            # Bulk seeding bypasses the signals that keep the matching index in step.
            if options["no_index"]:
                self.stdout.write("Matching index not rebuilt: run `manage.py rebuild_person_index` before searching.")
            else:
                from safeguard.matching.index import rebuild_person_index

                index = rebuild_person_index()
                self.stdout.write(
                    f"Person matching index: {index['rows']:,} rows for {index['people']:,} people "
                    f"({index['seconds']:.0f}s)."
                )
                from safeguard.people.duplicates import refresh_likely_duplicates

                scan = refresh_likely_duplicates(full=True)
                self.stdout.write(
                    f"Possible duplicate records: {scan['pairs']:,} pairs among {scan['people']:,} people "
                    f"({scan['seconds']:.0f}s)."
                )
            # A bulk load leaves the planner without statistics, and every page unmarked in the visibility
            # map, until autovacuum gets round to it (never, where it is switched off): every plan after
            # the seed would be a guess and no index-only scan could skip the table.
            seconds = self._vacuum_analyse()
            if seconds is not None:
                self.stdout.write(f"Vacuumed and analysed the seeded tables ({seconds:.1f}s).")
        if not options["no_logins"]:
            self.stdout.write("")
            self.stdout.write("Demo logins (fictional practitioners in the fictional county of Wrekinshire):")
            self.stdout.write(seeding.logins_table())
            self.stdout.write("")
            self.stdout.write(
                f"Password for every demo login: {seeding.demo_password()}\n"
                "This shared password is for the local demo only: never use these accounts on a real system. "
                f"Set {seeding.DEMO_PASSWORD_ENV} to choose another before seeding."
            )

    @staticmethod
    def _analyse() -> None:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    @classmethod
    def _vacuum_analyse(cls) -> float | None:
        """VACUUM (ANALYZE) on PostgreSQL, the seconds it took; ANALYZE only elsewhere, or inside a
        transaction (tests), where VACUUM cannot run. A freshly seeded database holds only what the
        seed filled, so the whole database is those tables."""
        if connection.vendor != "postgresql" or connection.in_atomic_block:
            cls._analyse()
            return None
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
        return time.monotonic() - started

    def _progress(self, families: int, children: int, seconds: float) -> None:
        self.stderr.write(f"  … {families} families, {children} children ({seconds:.0f}s)")
