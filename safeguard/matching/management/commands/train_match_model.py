"""manage.py train_match_model INPUT.csv --output MODEL.json
manage.py train_match_model --from-people [--output MODEL.json]"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from safeguard.matching.batch import train_file


class Command(BaseCommand):
    help = (
        "Train the person-matching model (unsupervised Splink estimation) on a CSV of person records "
        "with the link_persons input columns, or on the partnership's own person index (--from-people), "
        "and write the model JSON. Use it by setting SAFEGUARD_MATCH_MODEL to the file."
    )

    def add_arguments(self, parser):
        parser.add_argument("input", nargs="?", help="input CSV file of person records")
        parser.add_argument("--from-people", action="store_true",
                            help="train on the people recorded in Safeguard (the person index)")
        parser.add_argument("--output", help="model JSON file to write (default for --from-people: "
                            "<SAFEGUARD_VAR_DIR>/match_model.json)")
        parser.add_argument("--max-pairs-u", type=float, default=1e7,
                            help="pairs sampled to estimate u probabilities (default 1e7)")
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        if options["from_people"] == bool(options["input"]):
            raise CommandError("give either an input CSV file or --from-people")
        if options["from_people"]:
            from safeguard.matching.training import train_from_people

            output = Path(options["output"] or Path(settings.VAR_DIR) / "match_model.json")
            output.parent.mkdir(parents=True, exist_ok=True)
            try:
                people = train_from_people(output, max_pairs_u=options["max_pairs_u"], seed=options["seed"])
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(self.style.SUCCESS(
                f"model trained on {people:,} people written to {output}; "
                f"set SAFEGUARD_MATCH_MODEL={output} to use it"))
            return
        if not options["output"]:
            raise CommandError("--output is required with an input file")
        try:
            train_file(options["input"], options["output"],
                       max_pairs_u=options["max_pairs_u"], seed=options["seed"],
                       progress=not options["no_progress"])
        except (FileNotFoundError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"model written to {options['output']}"))
