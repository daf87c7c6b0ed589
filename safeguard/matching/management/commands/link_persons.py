"""manage.py link_persons INPUT.csv --output CLUSTERS.csv [--threshold P]"""

from django.core.management.base import BaseCommand, CommandError

from safeguard.matching.batch import DEFAULT_THRESHOLD, link_file


class Command(BaseCommand):
    help = (
        "Link person records in a CSV (record_id,given_name,family_name,date_of_birth,"
        "sex,postcode,address,nhs_number) and write record_id,cluster_id,"
        "match_probability. Bad values are reported by line and field, never by value."
    )

    def add_arguments(self, parser):
        parser.add_argument("input", help="input CSV file")
        parser.add_argument("--output", required=True, help="output CSV file of clusters")
        parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD,
                            help=f"match probability to link at (default {DEFAULT_THRESHOLD})")
        parser.add_argument("--model", default=None,
                            help="Splink model JSON (default: the shipped model)")
        parser.add_argument("--memory-limit", default="3GB",
                            help="DuckDB memory limit, e.g. 3GB (spills to disk beyond)")
        parser.add_argument("--no-progress", action="store_true",
                            help="do not show the progress display")
        parser.add_argument("--no-relatives-guard", action="store_true",
                            help="keep links between records whose given names differ outright "
                                 "(by default dropped: they are mostly relatives sharing a home)")

    def handle(self, *args, **options):
        try:
            result = link_file(
                options["input"], options["output"], threshold=options["threshold"],
                progress=not options["no_progress"], model=options["model"],
                memory_limit=options["memory_limit"],
                relatives_guard=not options["no_relatives_guard"],
            )
        except (FileNotFoundError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        for bad in result.bad_rows:
            self.stderr.write(f"warning: {bad}")
        self.stdout.write(self.style.SUCCESS(
            f"{result.records} records in {result.clusters} clusters written to "
            f"{result.output_csv} ({len(result.bad_rows)} problem(s) reported)"))
