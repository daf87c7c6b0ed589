"""Batch linkage of a CSV of person records with Splink on DuckDB.

The file is read by DuckDB (never into Python row by row); standardisation
runs in Python once per *distinct* value of each column and is joined back in
DuckDB, so millions of rows fit comfortably in memory. Splink then scores the
blocked pairs with the trained model and clusters them (connected components
at the threshold).

Bad values do not stop the run: each is reported with its line number, record
and field (never its value, which may be personal data), the field is treated
as missing and the record is still linked.
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from . import model as linkage_model
from . import standardise as std
from .estimation import TrainingReport, estimate_model, missing_shares, train_model_on_table
from .model import DEFAULT_MODEL_PATH, without_term_frequencies

logger = logging.getLogger(__name__)

INPUT_COLUMNS = ("record_id", "given_name", "family_name", "date_of_birth", "sex",
                 "postcode", "address", "nhs_number")
#: The threshold used with ``--model`` when none is given and for the real-time duplicate
#: review. ``link_persons`` otherwise chooses its threshold from the model it estimated.
DEFAULT_THRESHOLD = 0.8


@dataclass
class BadRow:
    line: int  # 1-based line in the file (header is line 1)
    record_id: str | None
    field: str
    problem: str

    def __str__(self) -> str:
        rid = f" (record {self.record_id})" if self.record_id else ""
        return f"line {self.line}{rid}: {self.field}: {self.problem}"


@dataclass
class LinkResult:
    records: int
    clusters: int
    bad_rows: list[BadRow] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    output_csv: str | None = None
    training: TrainingReport | None = None
    threshold: Any = None  # ThresholdChoice
    notes: list[str] = field(default_factory=list)
    engine: str = "duckdb"


class _Stages:
    """Coarse progress display: one tick per stage, with the stage's name."""

    def __init__(self, names: list[str], enabled: bool):
        self.names = names
        self.bar = None
        self.seconds: dict[str, float] = {}
        self._t = time.perf_counter()
        self._current: str | None = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=len(names), unit="stage", desc="linking", leave=True)

    def start(self, name: str) -> None:
        self._finish()
        self._current = name
        self._t = time.perf_counter()
        if self.bar is not None:
            self.bar.set_description(name)

    def _finish(self) -> None:
        if self._current is not None:
            self.seconds[self._current] = round(time.perf_counter() - self._t, 3)
            if self.bar is not None:
                self.bar.update(1)
            self._current = None

    def close(self) -> None:
        self._finish()
        if self.bar is not None:
            self.bar.set_description("done")
            self.bar.close()


def _run(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Execute a statement and drain its result (DuckDB 2 requires it)."""
    con.execute(sql).fetchall()


def _connect(memory_limit: str | None, threads: int | None) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    _run(con, f"SET temp_directory = '{tempfile.gettempdir()}/safeguard_matching_spill'")
    _run(con, "SET preserve_insertion_order = true")
    if memory_limit:
        _run(con, f"SET memory_limit = '{memory_limit}'")
    if threads:
        _run(con, f"SET threads = {int(threads)}")
    return con


def _sql_str(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _map_distinct(con: duckdb.DuckDBPyConnection, column: str, table: str,
                  fn: Callable[[str], dict[str, Any]], schema: pa.Schema) -> None:
    """Apply ``fn`` to each distinct non-null value of ``raw.column`` into ``table``."""
    values = [v for (v,) in con.execute(
        f"SELECT DISTINCT {column} FROM raw WHERE {column} IS NOT NULL").fetchall()]
    rows = [fn(v) for v in values]
    data = {"raw_value": values}
    for name in schema.names[1:]:
        data[name] = [row[name] for row in rows]
    con.register("_lookup_arrow", pa.table(data, schema=schema))
    _run(con, f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM _lookup_arrow")
    con.unregister("_lookup_arrow")


def _nhs_lookup(value: str) -> dict[str, Any]:
    try:
        return {"nhs_number": std.normalise_nhs_number(value), "nhs_invalid": False}
    except ValueError:
        return {"nhs_number": None, "nhs_invalid": True}


def load_and_standardise(
    con: duckdb.DuckDBPyConnection, input_csv: str | Path, stages: _Stages | None = None
) -> tuple[int, list[BadRow]]:
    """Read ``input_csv`` into DuckDB table ``persons`` (standardised columns).

    Returns the number of records and the bad-row reports.
    """
    stages = stages or _Stages([], False)
    path = str(input_csv)
    if not os.path.exists(path):
        raise FileNotFoundError(path)
    stages.start("reading file")
    _run(
        con,
        "CREATE OR REPLACE TABLE raw AS SELECT * FROM read_csv("
        f"{_sql_str(path)}, all_varchar = true, header = true, store_rejects = true, "
        "rejects_table = 'csv_rejects', rejects_scan = 'csv_reject_scans')"
    )
    header = [row[0] for row in con.execute("DESCRIBE raw").fetchall()]
    missing = [c for c in INPUT_COLUMNS if c not in header]
    if missing:
        raise ValueError(f"input file lacks column(s): {', '.join(missing)}")
    # Trim and blank -> NULL for every input column.
    _run(
        con,
        "CREATE OR REPLACE TABLE raw AS SELECT rowid AS row_no, "
        + ", ".join(f"nullif(trim({c}), '') AS {c}" for c in INPUT_COLUMNS)
        + " FROM raw ORDER BY rowid"
    )

    stages.start("checking values")
    rejected_lines = sorted({int(line) for (line,) in con.execute(
        "SELECT DISTINCT line FROM csv_rejects").fetchall()})
    reject_reports = con.execute(
        "SELECT line, min(error_type)::VARCHAR FROM csv_rejects GROUP BY line ORDER BY line"
    ).fetchall()

    _map_distinct(con, "nhs_number", "nhs_lookup", _nhs_lookup, pa.schema(
        [("raw_value", pa.string()), ("nhs_number", pa.string()),
         ("nhs_invalid", pa.bool_())]))
    problems = con.execute("""
        WITH numbered AS (
            SELECT row_no, record_id, date_of_birth, nhs_number,
                   row_number() OVER (PARTITION BY record_id ORDER BY row_no) AS dup_no
            FROM raw
        )
        SELECT row_no, record_id, 'record_id', 'blank record id: row skipped'
          FROM numbered WHERE record_id IS NULL
        UNION ALL
        SELECT row_no, record_id, 'record_id', 'duplicate record id: row skipped'
          FROM numbered WHERE record_id IS NOT NULL AND dup_no > 1
        UNION ALL
        SELECT row_no, record_id, 'date_of_birth',
               'not a valid YYYY-MM-DD date: treated as missing'
          FROM numbered WHERE date_of_birth IS NOT NULL
           AND try_strptime(date_of_birth, '%Y-%m-%d') IS NULL
        UNION ALL
        SELECT n.row_no, n.record_id, 'nhs_number',
               'not a valid NHS number: treated as missing'
          FROM numbered n JOIN nhs_lookup l ON n.nhs_number = l.raw_value
         WHERE l.nhs_invalid
        ORDER BY 1, 3
    """).fetchall()

    def file_line(row_no: int) -> int:
        line = row_no + 2
        for rejected in rejected_lines:  # rows DuckDB rejected shift later lines
            if rejected <= line:
                line += 1
        return line

    bad = [BadRow(int(line), None, "row", f"unreadable row ({error}): skipped")
           for line, error in reject_reports]
    bad += [BadRow(file_line(row_no), rid, fld, problem)
            for row_no, rid, fld, problem in problems]
    bad.sort(key=lambda b: (b.line, b.field))

    stages.start("standardising")
    list_of_str = pa.list_(pa.string())
    _map_distinct(con, "given_name", "given_lookup", std.standardise_given_name, pa.schema(
        [("raw_value", pa.string()), ("given_name", pa.string()),
         ("given_canonical", list_of_str), ("given_phonetic", pa.string())]))
    _map_distinct(con, "family_name", "family_lookup", std.standardise_family_name,
                  pa.schema([("raw_value", pa.string()), ("family_name", pa.string()),
                             ("family_parts", list_of_str),
                             ("family_phonetic", pa.string())]))
    _map_distinct(con, "postcode", "postcode_lookup", std.standardise_postcode, pa.schema(
        [("raw_value", pa.string()), ("postcode", pa.string()),
         ("postcode_sector", pa.string()), ("postcode_outward", pa.string())]))
    _map_distinct(con, "address", "address_lookup",
                  lambda v: {"address": std.standardise_address(v)},
                  pa.schema([("raw_value", pa.string()), ("address", pa.string())]))
    _map_distinct(con, "sex", "sex_lookup", lambda v: {"sex": std.standardise_sex(v)},
                  pa.schema([("raw_value", pa.string()), ("sex", pa.string())]))
    # Date parts in SQL mirror standardise.date_of_birth_parts.
    _run(con, """
        CREATE OR REPLACE TABLE persons AS
        WITH dedup AS (
            SELECT * FROM raw WHERE record_id IS NOT NULL
            QUALIFY row_number() OVER (PARTITION BY record_id ORDER BY row_no) = 1
        ), dated AS (
            SELECT *, try_strptime(date_of_birth, '%Y-%m-%d')::DATE AS dob FROM dedup
        )
        SELECT d.row_no, d.record_id,
               g.given_name, g.given_canonical, g.given_phonetic,
               f.family_name, f.family_parts, f.family_phonetic,
               strftime(d.dob, '%Y-%m-%d') AS date_of_birth,
               year(d.dob) AS dob_year, month(d.dob) AS dob_month, day(d.dob) AS dob_day,
               CASE WHEN d.dob IS NOT NULL THEN
                   lpad(year(d.dob)::VARCHAR, 4, '0') || '-'
                   || lpad(least(month(d.dob), day(d.dob))::VARCHAR, 2, '0') || '-'
                   || lpad(greatest(month(d.dob), day(d.dob))::VARCHAR, 2, '0')
               END AS dob_unordered,
               -- the same two names whichever way round they were keyed (batch candidates)
               CASE WHEN g.given_phonetic IS NOT NULL AND f.family_phonetic IS NOT NULL THEN
                   least(g.given_phonetic, f.family_phonetic) || '|'
                   || greatest(g.given_phonetic, f.family_phonetic)
               END AS names_unordered,
               s.sex, p.postcode, p.postcode_sector, p.postcode_outward,
               a.address, n.nhs_number
        FROM dated d
        LEFT JOIN given_lookup g ON d.given_name = g.raw_value
        LEFT JOIN family_lookup f ON d.family_name = f.raw_value
        LEFT JOIN postcode_lookup p ON d.postcode = p.raw_value
        LEFT JOIN address_lookup a ON d.address = a.raw_value
        LEFT JOIN sex_lookup s ON d.sex = s.raw_value
        LEFT JOIN nhs_lookup n ON d.nhs_number = n.raw_value
        ORDER BY d.row_no
    """)
    for table in ("given_lookup", "family_lookup", "postcode_lookup", "address_lookup",
                  "sex_lookup", "nhs_lookup", "raw"):
        _run(con, f"DROP TABLE IF EXISTS {table}")
    (count,) = con.execute("SELECT count(*) FROM persons").fetchall()[0]
    return int(count), bad


def _read_model(model: str | Path | dict | None) -> dict[str, Any]:
    if model is None:
        model = DEFAULT_MODEL_PATH
    if isinstance(model, dict):
        return json.loads(json.dumps(model))
    return json.loads(Path(model).read_text(encoding="utf-8"))


#: Below this many records a file is too small to estimate the model on (EM sees a handful of
#: pairs): the starting model (the shipped one) is used as it is, and the command says so.
MIN_RECORDS_TO_ESTIMATE = 500

ENGINES = ("duckdb", "spark")


def spark_sql(sql: str) -> str:
    """A DuckDB SQL condition of this module in Spark SQL with Splink's similarity functions."""
    sql = re.sub(r"\bjaro_winkler_similarity\(", "jaro_winkler(", sql)
    return re.sub(r"\blist_has_any\(", "arrays_overlap(", sql)


def _same_sql(sql: str) -> str:
    return sql


def _level_sql_on_pair(sql: str) -> str:
    """A comparison level's condition (``given_name_l``) on a join of ``l`` and ``r``."""
    return re.sub(r"\b(\w+)_([lr])\b", r"\2.\1", sql)


def _relatives_sql() -> str:
    """The twins/siblings guard: the given-name comparison's "else" level (no other level holds:
    not equal, not a short form, not similar, not alike in sound, not one letter off, not swapped
    with the family name, not an initial) and no NHS number agreeing. Built from the levels, so it
    stays the same rule as ``scoring.Match.likely_relative``."""
    spec = next(c for c in linkage_model.COMPARISONS if c.name == "given_name")
    others = [f"coalesce({_level_sql_on_pair(lvl.sql)}, false)" for lvl in spec.levels
              if not lvl.is_null and lvl.sql != "ELSE"]
    return ("l.given_name IS NOT NULL AND r.given_name IS NOT NULL AND NOT ("
            + " OR ".join(others) + ") AND NOT coalesce(l.nhs_number = r.nhs_number, false)")


#: The relatives guard is used only when the model says that records of one person seldom have
#: wholly different given names (m of the given-name "else" level below this). Where they often
#: do (a file whose given names are replaced or keyed in another order), dropping those links
#: would throw true matches away, and the model's own weight for the disagreement is used instead.
GUARD_MAX_M_GIVEN_ELSE = 0.02


def given_name_else_m(model: dict[str, Any]) -> float | None:
    for comp in model.get("comparisons", []):
        if comp["output_column_name"] == "given_name":
            for lvl in comp["comparison_levels"]:
                if lvl.get("label_for_charts") == "else":
                    return lvl.get("m_probability")
    return None


class _Engine:
    """Runs this module's own SQL (guard, threshold, output) on DuckDB or on Spark."""

    def __init__(self, name: str, con: duckdb.DuckDBPyConnection, *, spark_master: str | None,
                 work_dir: str, threads: int | None, memory_limit: str | None,
                 spark_partitions: int | None, spark_conf: dict[str, str] | None = None):
        self.name, self.con, self.work_dir = name, con, work_dir
        self.translate = spark_sql if name == "spark" else _same_sql
        self.spark = None
        if name == "spark":
            from splink.backends.spark import SparkAPI

            self.spark = spark_session(master=spark_master, threads=threads,
                                       memory=memory_limit, partitions=spark_partitions,
                                       conf=spark_conf,
                                       work_dir=work_dir)
            # Splink breaks long query lineages by checkpointing: into this run's directory.
            self.spark.sparkContext.setCheckpointDir(os.path.join(work_dir, "checkpoints"))
            path = os.path.join(work_dir, "persons.parquet")
            _run(con, f"COPY persons TO {_sql_str(path)} (FORMAT parquet)")
            persons = self.spark.read.parquet(path)
            persons.createOrReplaceTempView("persons")
            self.db_api = SparkAPI(spark_session=self.spark, break_lineage_method="parquet")
            self.sdf = self.db_api.register("persons", dataset_display_name="persons")
        else:
            from splink import DuckDBAPI

            self.db_api = DuckDBAPI(con)
            self.sdf = self.db_api.register("persons", dataset_display_name="persons")

    def create(self, name: str, select_sql: str) -> Any:
        """Make ``select_sql``'s result a table (view on Spark) called ``name``; return it for Splink."""
        if self.spark is not None:
            df = self.spark.sql(self.translate(select_sql))
            df.createOrReplaceTempView(name)
            return self.db_api.register(name, table_name=name)
        _run(self.con, f"CREATE OR REPLACE TABLE {name} AS {select_sql}")
        return self.db_api.register(name, table_name=name)

    def fetch(self, sql: str) -> list[tuple]:
        if self.spark is not None:
            return [tuple(row) for row in self.spark.sql(self.translate(sql)).collect()]
        return self.con.execute(sql).fetchall()

    def to_duckdb(self, physical_name: str, name: str) -> str:
        """Bring a Splink table into DuckDB (for writing the output); returns its DuckDB name."""
        if self.spark is None:
            return physical_name
        path = os.path.join(self.work_dir, f"{name}.parquet")
        self.spark.table(physical_name).write.mode("overwrite").parquet(path)
        _run(self.con, f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM read_parquet("
                       f"{_sql_str(os.path.join(path, '*.parquet'))})")
        return name


def spark_session(*, master: str | None = None, threads: int | None = None,
                  memory: str | None = None, partitions: int | None = None,
                  work_dir: str | None = None, conf: dict[str, str] | None = None) -> Any:
    """The Spark session for ``--engine spark``: the running one if there is one, else a new one
    on ``master`` (default: this machine, ``local[threads]``) with Splink's similarity functions.

    For a cluster, give its master URL (``spark://host:7077``, ``yarn``, ``k8s://...``) and a
    work directory every executor can read; ``conf`` sets any other Spark property (executor
    memory and cores, timeouts), after and over the defaults here; see the README.
    """
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    master = master or os.environ.get("SAFEGUARD_SPARK_MASTER") or f"local[{threads or 2}]"
    builder = (SparkSession.builder.master(master).appName("safeguard-link-persons")
               .config("spark.jars", similarity_jar_location())
               .config("spark.sql.shuffle.partitions", str(partitions or 8))
               .config("spark.default.parallelism", str(partitions or 8))
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               # Splink's scoring expressions are long: whole-stage code generation exceeds the
               # JVM's 64 KB method limit, fails, and falls back anyway after a costly attempt.
               .config("spark.sql.codegen.wholeStage", "false")
               .config("spark.sql.adaptive.enabled", "false")
               # A loaded machine or a long garbage collection can keep an executor silent for
               # longer than Spark's 10 s heartbeat / 120 s network defaults expect.
               .config("spark.executor.heartbeatInterval", "60s")
               .config("spark.network.timeout", "600s"))
    if memory and master.startswith("local"):
        builder = builder.config("spark.driver.memory", memory.replace("GB", "g").replace("MB", "m"))
    if work_dir:
        builder = builder.config("spark.local.dir", work_dir)
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    logging.getLogger("py4j").setLevel(logging.ERROR)  # not its chatter on closing
    return spark


#: Thresholds the model's own estimate chooses among (each is clustered to see what it gives).
THRESHOLD_CANDIDATES = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
THRESHOLD_RANGE = (THRESHOLD_CANDIDATES[0], THRESHOLD_CANDIDATES[-1])
#: Pairs are scored down to this probability so the expected precision and recall can be read.
PREDICTION_FLOOR = 0.05


@dataclass
class ThresholdChoice:
    threshold: float
    chosen: bool  # True when chosen from the model's estimate, False when given
    expected_precision: float
    expected_recall: float

    @property
    def expected_f1(self) -> float:
        p, r = self.expected_precision, self.expected_recall
        return 2 * p * r / (p + r) if p + r else 0.0


def expected_cluster_scores(runner: _Engine, predictions: str, clusters: str, compared_sql: str,
                            total: float) -> tuple[float, float]:
    """Pairwise precision and recall the model itself expects of the *clusters* (not of the
    links): each pair of records put in one cluster is a true match with its scored probability.

    Counting every pair a cluster creates is what makes this differ from the links alone: one
    wrong link between a parent's and a child's records joins all of them, and those pairs were
    compared and scored low. Pairs in one cluster that no candidate rule compared (nothing in
    common left to block on) are not counted either way: the model has no view on them.
    ``total`` is the sum of probabilities over all scored pairs (the expected true pairs).
    """
    ((inside,),) = runner.fetch(
        f"SELECT coalesce(sum(p.match_probability), 0) FROM {predictions} p "
        f"JOIN {clusters} cl ON cl.record_id = p.record_id_l "
        f"JOIN {clusters} cr ON cr.record_id = p.record_id_r WHERE cl.cluster_id = cr.cluster_id")
    ((pairs,),) = runner.fetch(
        f"WITH m AS (SELECT c.cluster_id, p.* FROM {clusters} c "
        f"JOIN persons p ON p.record_id = c.record_id) "
        f"SELECT count(*) FROM m l JOIN m r ON l.cluster_id = r.cluster_id "
        f"AND l.record_id < r.record_id WHERE {compared_sql}")
    inside, pairs = float(inside or 0.0), float(pairs or 0)
    return (min(1.0, inside / pairs) if pairs else 1.0), (min(1.0, inside / total) if total else 1.0)


def choose_threshold(expected: list[ThresholdChoice]) -> ThresholdChoice:
    """The candidate whose clusters the model expects to score the highest pairwise F1 (the lower
    threshold when two are within 0.0005 of each other).

    Expected F1 of the *links* would always choose the lowest candidate (a pair more likely a
    match than not always adds to it); of the clusters it does not, because a doubtful link
    brings every pair of the two clusters it joins. On household-shaped files this chooses high
    (a wrong link chains relatives), on files of unrelated people low.
    """
    best = max(choice.expected_f1 for choice in expected)
    return min((c for c in expected if c.expected_f1 >= best - 0.0005), key=lambda c: c.threshold)


def link_file(
    input_csv: str | Path,
    output_csv: str | Path,
    threshold: float | None = None,
    progress: bool = True,
    *,
    model: str | Path | dict | None = None,
    estimate: bool | None = None,
    save_model: str | Path | None = None,
    memory_limit: str | None = "3GB",
    threads: int | None = None,
    relatives_guard: bool = True,
    engine: str = "duckdb",
    spark_master: str | None = None,
    spark_work_dir: str | None = None,
    spark_partitions: int | None = None,
    spark_conf: dict[str, str] | None = None,
    seed: int = 42,
) -> LinkResult:
    """Link the records of ``input_csv`` and write ``record_id,cluster_id,match_probability``.

    The model is estimated on the file itself (``estimate``, the default unless ``model`` is
    given), starting from the shipped model: u by random sampling, the prior from deterministic
    rules, m by expectation maximisation. ``model`` reuses a trained model without re-estimating;
    ``save_model`` writes the one used. ``threshold`` None chooses, among
    :data:`THRESHOLD_CANDIDATES`, the one whose clusters the model itself expects to give the best
    pairwise F1 (:func:`expected_cluster_scores`). ``engine`` "spark" scores and clusters on Spark.

    One output row per distinct record_id (rows with a blank or repeated
    record_id are reported and skipped). Records believed to be the same person
    share a ``cluster_id`` (the record_id of one of its members, as chosen by
    Splink's connected components; a record alone keeps its own id). ``match_probability`` is the highest
    probability linking the record to another record of its cluster, blank for
    a record alone in its cluster.
    """
    from splink import Linker

    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}")
    if threshold is not None and not 0 < threshold < 1:
        raise ValueError("threshold must be between 0 and 1")
    if estimate is None:
        estimate = model is None
    stages = _Stages(["reading file", "checking values", "standardising", "estimating model",
                      "scoring pairs", "clustering", "writing output"], progress)
    con = _connect(memory_limit, threads)
    work = tempfile.TemporaryDirectory(prefix="safeguard_link_", dir=spark_work_dir)
    report: TrainingReport | None = None
    notes: list[str] = []
    try:
        count, bad = load_and_standardise(con, input_csv, stages)
        has_nhs = con.execute(
            "SELECT count(*) FROM (SELECT 1 FROM persons WHERE nhs_number IS NOT NULL "
            "LIMIT 10)").fetchall()[0][0] >= 10
        stages.start("estimating model")
        runner = _Engine(engine, con, spark_master=spark_master, work_dir=work.name,
                         threads=threads, memory_limit=memory_limit,
                         spark_partitions=spark_partitions, spark_conf=spark_conf)
        settings = _read_model(model)
        if estimate and count >= MIN_RECORDS_TO_ESTIMATE:
            settings, report = estimate_model(
                runner.db_api, "persons", start_model=settings, records=count, seed=seed,
                max_pairs_u=min(5e6, max(2e6, count * 5.0)), engine_sql=runner.translate,
                has_nhs=has_nhs, null_shares=missing_shares(con, "persons"))
        elif estimate:
            notes.append(f"only {count:,} records: too few to estimate the model on, so the "
                         f"{'given' if model is not None else 'shipped'} model was used as it is")
        if save_model:
            Path(save_model).write_text(json.dumps(_portable(settings), indent=2) + "\n",
                                        encoding="utf-8")
        if count < linkage_model.MIN_RECORDS_FOR_TERM_FREQUENCIES:
            settings = without_term_frequencies(settings)
        settings = _for_engine(settings, runner.translate)
        stages.start("scoring pairs")
        linker = Linker(runner.sdf, settings, log_level=logging.WARNING)
        floor = min(PREDICTION_FLOOR, threshold) if threshold is not None else PREDICTION_FLOOR
        predictions = linker.inference.predict(threshold_match_probability=floor,
                                               warning_mode="never")
        stages.start("clustering")
        m_else = given_name_else_m(settings)
        if relatives_guard and m_else is not None and m_else >= GUARD_MAX_M_GIVEN_ELSE:
            relatives_guard = False
            notes.append(f"relatives guard not used: the model estimates that {m_else:.1%} of "
                         "a person's pairs of records have wholly different given names")
        if relatives_guard:
            predictions = runner.create("guarded_predictions", f"""
                SELECT p.* FROM {predictions.physical_name} p
                JOIN persons l ON l.record_id = p.record_id_l
                JOIN persons r ON r.record_id = p.record_id_r
                WHERE NOT ({_relatives_sql()})""")
        ((total,),) = runner.fetch(
            f"SELECT coalesce(sum(match_probability), 0) FROM {predictions.physical_name}")
        compared_sql = " OR ".join(f"({rule['blocking_rule']})" for rule in
                                   settings["blocking_rules_to_generate_predictions"])
        candidates = []
        for t in (THRESHOLD_CANDIDATES if threshold is None else (threshold,)):
            clustered = linker.clustering.cluster_pairwise_predictions_at_threshold(
                predictions, threshold_match_probability=t)
            candidates.append((ThresholdChoice(t, threshold is None, *expected_cluster_scores(
                runner, predictions.physical_name, clustered.physical_name, compared_sql,
                float(total))), clustered))
        choice = choose_threshold([c for c, _ in candidates])
        clusters = next(table for c, table in candidates if c is choice)
        stages.start("writing output")
        pred_table = runner.to_duckdb(predictions.physical_name, "scored_pairs")
        cluster_table = runner.to_duckdb(clusters.physical_name, "clusters")
        _run(con, f"""
            CREATE OR REPLACE TABLE link_output AS
            WITH edges AS (
                SELECT record_id_l AS record_id, match_probability FROM {pred_table}
                WHERE match_probability >= {choice.threshold}
                UNION ALL
                SELECT record_id_r, match_probability FROM {pred_table}
                WHERE match_probability >= {choice.threshold}
            ), best AS (
                SELECT record_id, max(match_probability) AS match_probability
                FROM edges GROUP BY record_id
            )
            SELECT p.record_id, c.cluster_id, round(b.match_probability, 6) AS match_probability
            FROM persons p
            JOIN {cluster_table} c ON c.record_id = p.record_id
            LEFT JOIN best b ON b.record_id = p.record_id
            ORDER BY p.row_no
        """)
        _run(con, f"COPY link_output TO {_sql_str(str(output_csv))} (HEADER, DELIMITER ',')")
        (n_clusters,) = con.execute(
            "SELECT count(DISTINCT cluster_id) FROM link_output").fetchall()[0]
        stages.close()
        return LinkResult(count, int(n_clusters), bad, stages.seconds, str(output_csv),
                          training=report, threshold=choice, notes=notes, engine=engine)
    finally:
        if stages.bar is not None:
            stages.bar.close()
        con.close()
        work.cleanup()


def _portable(model: dict[str, Any]) -> dict[str, Any]:
    """The model as Splink saved it, minus the engine-specific SQL dialect name."""
    model = json.loads(json.dumps(model))
    model.pop("sql_dialect", None)
    return model


def _for_engine(model: dict[str, Any], translate: Callable[[str], str]) -> dict[str, Any]:
    """A saved model (DuckDB SQL) with its current candidate rules, translated for the engine."""
    model = json.loads(json.dumps(model))
    model.pop("sql_dialect", None)
    model["blocking_rules_to_generate_predictions"] = [
        {"blocking_rule": translate(rule["blocking_rule"])}
        for rule in linkage_model.settings_dict()["blocking_rules_to_generate_predictions"]]
    for comp in model["comparisons"]:
        for lvl in comp["comparison_levels"]:
            lvl["sql_condition"] = translate(lvl["sql_condition"])
    return model


def train_file(
    input_csv: str | Path,
    model_path: str | Path | None = None,
    *,
    max_pairs_u: float = 5e6,
    seed: int = 42,
    progress: bool = True,
    memory_limit: str | None = "3GB",
) -> dict[str, Any]:
    """Train the model (unsupervised) on the records of ``input_csv``.

    Writes the Splink model JSON to ``model_path`` when given; returns it.
    """
    from splink import DuckDBAPI

    stages = _Stages(["reading file", "checking values", "standardising", "training"],
                     progress)
    con = _connect(memory_limit, None)
    try:
        load_and_standardise(con, input_csv, stages)
        stages.start("training")
        model = train_model_on_table(DuckDBAPI(con), "persons", max_pairs_u=max_pairs_u,
                                     seed=seed)
        stages.close()
    finally:
        if stages.bar is not None:
            stages.bar.close()
        con.close()
    if model_path is not None:
        Path(model_path).write_text(json.dumps(model, indent=2) + "\n", encoding="utf-8")
    return model
