"""manage.py train_match_model INPUT.csv --output MODEL.json"""

from django.core.management.base import BaseCommand, CommandError

from safeguard.matching.batch import train_file


class Command(BaseCommand):
    help = (
        "Train the person-matching model (unsupervised Splink estimation) on a CSV of "
        "person records with the link_persons input columns, and write the model JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("input", help="input CSV file of person records")
        parser.add_argument("--output", required=True, help="model JSON file to write")
        parser.add_argument("--max-pairs-u", type=float, default=1e7,
                            help="pairs sampled to estimate u probabilities (default 1e7)")
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        try:
            train_file(options["input"], options["output"],
                       max_pairs_u=options["max_pairs_u"], seed=options["seed"],
                       progress=not options["no_progress"])
        except (FileNotFoundError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"model written to {options['output']}"))
