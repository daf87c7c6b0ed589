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
from .model import (
    DEFAULT_MODEL_PATH,
    DETERMINISTIC_RECALL,
    DETERMINISTIC_RULES,
    blocking_rule_sql,
    train_model_on_table,
    without_term_frequencies,
)

logger = logging.getLogger(__name__)

INPUT_COLUMNS = ("record_id", "given_name", "family_name", "date_of_birth", "sex",
                 "postcode", "address", "nhs_number")
#: Chosen on a held-out population (seed 2, not the benchmark's seed 1) at 100k and 1M records:
#: 0.7 / 0.8 / 0.9 / 0.95 gave F1 0.9762 / 0.9770 / 0.9748 / 0.9703 at 1M (bench/README.md).
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


#: Below this many records the prior estimated from the file itself is too noisy
#: and the model's own prior is kept.
MIN_RECORDS_TO_REESTIMATE_PRIOR = 20_000


def _reestimate_prior(linker: Any, con: duckdb.DuckDBPyConnection) -> None:
    """Re-estimate the prior for this file: it scales with the number of records."""
    settings = linker._settings_obj
    before = settings._probability_two_random_records_match
    has_nhs = con.execute(
        "SELECT count(*) FROM (SELECT 1 FROM persons WHERE nhs_number IS NOT NULL "
        "LIMIT 10)").fetchall()[0][0] >= 10
    rules = [blocking_rule_sql(r) for r in DETERMINISTIC_RULES
             if has_nhs or "nhs_number" not in r]
    linker.training.estimate_probability_two_random_records_match(
        rules, recall=DETERMINISTIC_RECALL)
    after = settings._probability_two_random_records_match
    if not 0 < after < 1:
        settings._probability_two_random_records_match = before
    logger.info("prior probability of a match: model %.3g, this file %.3g", before,
                settings._probability_two_random_records_match)


#: The twins/siblings guard in SQL: the given-name comparison's "else" level (not equal, no shared
#: formal name, not similar, not alike in sound) with no NHS number agreeing. Mirrors
#: ``scoring.Match.likely_relative``.
_RELATIVES_SQL = """
    l.given_name IS NOT NULL AND r.given_name IS NOT NULL
    AND l.given_name <> r.given_name
    AND NOT list_has_any(l.given_canonical, r.given_canonical)
    AND jaro_winkler_similarity(l.given_name, r.given_name) < 0.8
    AND NOT coalesce(l.given_phonetic = r.given_phonetic, false)
    AND NOT coalesce(l.nhs_number = r.nhs_number, false)
"""


def _without_relatives(con: duckdb.DuckDBPyConnection, db_api: Any, predictions: Any) -> Any:
    """Drop predicted links between records whose given names differ outright.

    Family name, address, postcode and (for twins) date of birth are shared inside a household,
    so Fellegi–Sunter adds them up to a confident link between a parent and child or two
    siblings; one link like that also chains two people's clusters together. Records of one
    person with wholly different given names are rare (nicknames and typos are other levels),
    so these links are dropped before clustering.
    """
    _run(con, f"""
        CREATE OR REPLACE TABLE guarded_predictions AS
        SELECT p.* FROM {predictions.physical_name} p
        JOIN persons l ON l.record_id = p.record_id_l
        JOIN persons r ON r.record_id = p.record_id_r
        WHERE NOT ({_RELATIVES_SQL})
    """)
    return db_api.register("guarded_predictions", table_name="guarded_predictions")


def link_file(
    input_csv: str | Path,
    output_csv: str | Path,
    threshold: float = DEFAULT_THRESHOLD,
    progress: bool = True,
    *,
    model: str | Path | dict | None = None,
    memory_limit: str | None = "3GB",
    threads: int | None = None,
    reestimate_prior: bool = True,
    relatives_guard: bool = True,
) -> LinkResult:
    """Link the records of ``input_csv`` and write ``record_id,cluster_id,match_probability``.

    One output row per distinct record_id (rows with a blank or repeated
    record_id are reported and skipped). Records believed to be the same person
    share a ``cluster_id`` (the record_id of one of its members, as chosen by
    Splink's connected components; a record alone keeps its own id). ``match_probability`` is the highest
    probability linking the record to another record of its cluster, blank for
    a record alone in its cluster.
    """
    from splink import DuckDBAPI, Linker

    if not 0 < threshold < 1:
        raise ValueError("threshold must be between 0 and 1")
    stages = _Stages(["reading file", "checking values", "standardising",
                      "scoring pairs", "clustering", "writing output"], progress)
    con = _connect(memory_limit, threads)
    try:
        count, bad = load_and_standardise(con, input_csv, stages)
        stages.start("scoring pairs")
        db_api = DuckDBAPI(con)
        sdf = db_api.register("persons", dataset_display_name="persons")
        settings = _read_model(model)
        if count < linkage_model.MIN_RECORDS_FOR_TERM_FREQUENCIES:
            settings = without_term_frequencies(settings)
        linker = Linker(sdf, settings, log_level=logging.WARNING)
        if reestimate_prior and count >= MIN_RECORDS_TO_REESTIMATE_PRIOR:
            _reestimate_prior(linker, con)
        predictions = linker.inference.predict(
            threshold_match_probability=threshold, warning_mode="never")
        stages.start("clustering")
        if relatives_guard:
            predictions = _without_relatives(con, db_api, predictions)
        clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
            predictions, threshold_match_probability=threshold)
        stages.start("writing output")
        pred_table = predictions.physical_name
        cluster_table = clusters.physical_name
        _run(con, f"""
            CREATE OR REPLACE TABLE link_output AS
            WITH edges AS (
                SELECT record_id_l AS record_id, match_probability FROM {pred_table}
                UNION ALL
                SELECT record_id_r, match_probability FROM {pred_table}
            ), best AS (
                SELECT record_id, max(match_probability) AS match_probability
                FROM edges GROUP BY record_id
            )
            SELECT p.record_id, c.cluster_id, round(b.match_probability, 6)
                   AS match_probability
            FROM persons p
            JOIN {cluster_table} c ON c.record_id = p.record_id
            LEFT JOIN best b ON b.record_id = p.record_id
            ORDER BY p.row_no
        """)
        _run(con, f"COPY link_output TO {_sql_str(str(output_csv))} (HEADER, DELIMITER ',')")
        (n_clusters,) = con.execute(
            "SELECT count(DISTINCT cluster_id) FROM link_output").fetchall()[0]
        stages.close()
        return LinkResult(count, int(n_clusters), bad, stages.seconds, str(output_csv))
    finally:
        if stages.bar is not None:
            stages.bar.close()
        con.close()


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
