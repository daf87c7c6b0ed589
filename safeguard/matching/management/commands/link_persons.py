"""manage.py link_persons INPUT.csv --output CLUSTERS.csv [--threshold P] [--model FILE]
[--save-model FILE] [--engine duckdb|spark]"""

from django.core.management.base import BaseCommand, CommandError

from safeguard.matching.batch import ENGINES, THRESHOLD_RANGE, link_file


class Command(BaseCommand):
    help = (
        "Link person records in a CSV (record_id,given_name,family_name,date_of_birth,"
        "sex,postcode,address,nhs_number) and write record_id,cluster_id,"
        "match_probability. The model is estimated on the file itself (starting from the shipped "
        "one) and what it learnt is printed. Bad values are reported by line and field, never by "
        "value."
    )

    def add_arguments(self, parser):
        parser.add_argument("input", help="input CSV file")
        parser.add_argument("--output", required=True, help="output CSV file of clusters")
        parser.add_argument("--threshold", type=float, default=None,
                            help="match probability to link at (default: chosen from the model's "
                                 "own estimate of the clusters' precision and recall, between "
                                 f"{THRESHOLD_RANGE[0]} and {THRESHOLD_RANGE[1]})")
        parser.add_argument("--model", default=None,
                            help="use this trained model JSON as it is, without estimating on the "
                                 "file (default: estimate, starting from the shipped model)")
        parser.add_argument("--save-model", default=None,
                            help="write the model used (estimated on this file) to this JSON file")
        parser.add_argument("--engine", choices=ENGINES, default="duckdb",
                            help="where pairs are scored and clustered: duckdb (this machine, "
                                 "default) or spark (Splink's Spark backend; needs pyspark)")
        parser.add_argument("--spark-master", default=None,
                            help="Spark master URL (default SAFEGUARD_SPARK_MASTER, else local)")
        parser.add_argument("--spark-work-dir", default=None,
                            help="directory for Spark's intermediate files; on a cluster it must "
                                 "be readable by every executor")
        parser.add_argument("--spark-conf", action="append", default=[], metavar="KEY=VALUE",
                            help="a Spark property, e.g. spark.executor.memory=8g or "
                                 "spark.executor.cores=4 (repeat for more)")
        parser.add_argument("--memory-limit", default="3GB",
                            help="DuckDB memory limit, e.g. 3GB (spills to disk beyond); with "
                                 "local Spark also the driver's memory")
        parser.add_argument("--threads", type=int, default=None,
                            help="DuckDB threads, and cores of local Spark (default: all cores; "
                                 "local Spark 2)")
        parser.add_argument("--no-progress", action="store_true",
                            help="do not show the progress display")
        parser.add_argument("--no-relatives-guard", action="store_true",
                            help="keep links between records whose given names differ outright "
                                 "(by default dropped: they are mostly relatives sharing a home)")

    def handle(self, *args, **options):
        spark_conf = {}
        for item in options["spark_conf"]:
            key, sep, value = item.partition("=")
            if not sep or not key.strip():
                raise CommandError(f"--spark-conf {item!r}: expected KEY=VALUE")
            spark_conf[key.strip()] = value.strip()
        if options["engine"] == "spark":
            try:
                import pyspark  # noqa: F401
            except ImportError as exc:
                raise CommandError("--engine spark needs pyspark: pip install -r "
                                   "requirements-spark.txt (and a Java runtime)") from exc
        try:
            result = link_file(
                options["input"], options["output"], threshold=options["threshold"],
                progress=not options["no_progress"], model=options["model"],
                save_model=options["save_model"], memory_limit=options["memory_limit"],
                relatives_guard=not options["no_relatives_guard"], engine=options["engine"],
                spark_master=options["spark_master"], spark_work_dir=options["spark_work_dir"],
                spark_conf=spark_conf, threads=options["threads"],
            )
        except (FileNotFoundError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        for bad in result.bad_rows:
            self.stderr.write(f"warning: {bad}")
        if result.training is not None:
            self.stdout.write("What the model learnt from this file:")
            for line in result.training.describe():
                if line.startswith("warning: "):
                    self.stderr.write(line)
                else:
                    self.stdout.write(f"  {line}")
        for note in result.notes:
            self.stderr.write(f"warning: {note}")
        choice = result.threshold
        how = "chosen from the model's estimate" if choice.chosen else "as given"
        self.stdout.write(
            f"threshold {choice.threshold:g} ({how}): expected precision "
            f"{choice.expected_precision:.3f}, expected recall {choice.expected_recall:.3f}")
        if options["save_model"]:
            self.stdout.write(f"model written to {options['save_model']}")
        self.stdout.write(self.style.SUCCESS(
            f"{result.records} records in {result.clusters} clusters written to "
            f"{result.output_csv} ({len(result.bad_rows)} problem(s) reported)"))
