"""manage.py rebuild_person_index — rebuild the matching index from the people tables (after bulk seeding)."""

from django.core.management.base import BaseCommand

from safeguard.matching.index import rebuild_person_index


class Command(BaseCommand):
    help = "Rebuild the person-matching index from the people tables (run after bulk loading people)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument("--quiet", action="store_true", help="no progress lines")

    def handle(self, *args, **options):
        def progress(people, rows):
            if not options["quiet"]:
                self.stderr.write(f"\r{people:,} people, {rows:,} index rows", ending="")

        result = rebuild_person_index(batch_size=options["batch_size"], progress=progress)
        if not options["quiet"]:
            self.stderr.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"person index rebuilt: {result['people']:,} people, {result['rows']:,} rows "
                f"in {result['seconds']} s"
            )
        )
