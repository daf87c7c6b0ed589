"""Reading a CSV of person records into DuckDB and standardising it for linkage.

The file is read by DuckDB (never into Python row by row); standardisation runs in Python once per
*distinct* value of each column and is joined back in DuckDB, so millions of rows fit in memory.
Bad values do not stop the run: each is reported with its line number, record and field (never its
value, which may be personal data), the field is treated as missing and the record is still linked.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from . import standardise as std

INPUT_COLUMNS = ("record_id", "given_name", "family_name", "date_of_birth", "sex",
                 "postcode", "address", "nhs_number")


@dataclass
class BadRow:
    line: int  # 1-based line in the file (header is line 1)
    record_id: str | None
    field: str
    problem: str

    def __str__(self) -> str:
        rid = f" (record {self.record_id})" if self.record_id else ""
        return f"line {self.line}{rid}: {self.field}: {self.problem}"


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
