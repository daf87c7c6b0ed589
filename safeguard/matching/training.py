"""Training the model on the partnership's own people (the person index), unsupervised.

Reads one standardised row per person (main name, current address) straight from the
person index into DuckDB and runs the same Splink estimation as ``train_file``.
"""

from __future__ import annotations

import json
from pathlib import Path

MIN_PEOPLE = 1000


def train_from_people(output: str | Path, *, max_pairs_u: float = 1e7, seed: int = 42) -> int:
    """Train on the person index and write the model JSON to ``output``. Returns people used."""
    import duckdb
    import pyarrow as pa
    from splink import DuckDBAPI

    from safeguard.matching.index import SCORING_COLUMNS, row_as_record
    from safeguard.matching.model import train_model_on_table
    from safeguard.matching.models import PersonIndexEntry

    rows = (
        PersonIndexEntry.objects.filter(name_source="main")
        .order_by("person_id", "-address_current", "pk")
        .values(*SCORING_COLUMNS)
    )
    seen, records = set(), []
    for row in rows.iterator(chunk_size=10_000):
        if row["person_id"] in seen:
            continue
        seen.add(row["person_id"])
        record = row_as_record(row)
        record["record_id"] = str(record["record_id"])
        records.append(record)
    if len(records) < MIN_PEOPLE:
        raise ValueError(f"only {len(records)} people recorded: at least {MIN_PEOPLE} are needed to train")
    columns = ["record_id", "given_name", "given_canonical", "given_phonetic", "family_name", "family_parts",
               "family_phonetic", "date_of_birth", "dob_year", "dob_month", "dob_day", "dob_unordered", "sex",
               "postcode", "postcode_sector", "postcode_outward", "address", "nhs_number"]
    table = pa.table({c: [r.get(c) for r in records] for c in columns})
    con = duckdb.connect(":memory:")
    try:
        con.register("_people", table)
        con.execute("CREATE TABLE persons AS SELECT * FROM _people").fetchall()
        con.unregister("_people")
        model = train_model_on_table(DuckDBAPI(con), "persons", max_pairs_u=max_pairs_u, seed=seed)
    finally:
        con.close()
    Path(output).write_text(json.dumps(model, indent=2) + "\n", encoding="utf-8")
    return len(records)
