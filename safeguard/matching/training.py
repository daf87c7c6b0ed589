"""Training the model on the partnership's own people (the person index), unsupervised.

Reads one standardised row per person (main name, current address) straight from the
person index into DuckDB and runs the same Splink estimation as ``train_file``.
"""

from __future__ import annotations

import json
from pathlib import Path

MIN_PEOPLE = 1000


def train_from_people(output: str | Path, *, max_pairs_u: float = 1e7, seed: int = 42,
                      start_model: dict | None = None) -> int:
    """Train on the person index and write the model JSON to ``output``. Returns people used."""
    import duckdb
    import pyarrow as pa
    from splink import DuckDBAPI

    from safeguard.matching.estimation import estimate_model
    from safeguard.matching.index import SCORING_COLUMNS, row_as_record
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
        model, _ = estimate_model(DuckDBAPI(con), "persons", start_model=start_model,
                                  max_pairs_u=max_pairs_u, seed=seed, records=len(records))
    finally:
        con.close()
    Path(output).write_text(json.dumps(model, indent=2) + "\n", encoding="utf-8")
    return len(records)


# --------------------------------------------------------------------------------------
# Monthly re-estimation, adopted only when it does at least as well on practitioners' decisions
# --------------------------------------------------------------------------------------

#: Re-estimate at most this often (the scheduled work runs far more often).
REESTIMATE_EVERY_DAYS = 28
#: Below this many labelled decisions (merges plus "not duplicate") a new model is not adopted:
#: too few to tell whether it is better.
MIN_LABELLED_PAIRS = 20


def adopted_model_path() -> Path:
    """Where the scheduled re-estimation keeps the model it adopted (used when no
    SAFEGUARD_MATCH_MODEL is configured)."""
    from django.conf import settings

    return Path(settings.VAR_DIR) / "match_model_adopted.json"


def _person_record(person) -> dict:
    from safeguard.matching.index import _address_text, standardised_variants

    address = next((a for a in person.addresses.all() if a.is_current), None)
    places = [(_address_text(address.line_1, address.line_2), address.postcode, True)] if address else []
    _, _, record = next(standardised_variants(
        given_name=person.given_name, family_name=person.family_name,
        date_of_birth=person.date_of_birth, sex=person.sex, nhs_number=None, addresses=places))
    return record


def labelled_pairs() -> list[tuple[dict, dict, bool]]:
    """Practitioners' decisions as labels: a merge (not undone) says the two records were one
    person, a "not duplicate" decision that they were two. The model never trains on them
    (estimation is unsupervised), so they are a held-out sample by construction."""
    from safeguard.people.models import MergeRecord, NotDuplicate

    pairs = []
    merges = MergeRecord.objects.filter(undone_at__isnull=True).select_related(
        "survivor", "merged").prefetch_related("survivor__addresses", "merged__addresses")
    for merge in merges:
        pairs.append((_person_record(merge.survivor), _person_record(merge.merged), True))
    decisions = NotDuplicate.objects.select_related("person_a", "person_b").prefetch_related(
        "person_a__addresses", "person_b__addresses")
    for decision in decisions:
        pairs.append((_person_record(decision.person_a), _person_record(decision.person_b), False))
    return pairs


def labelled_accuracy(model: dict, pairs: list[tuple[dict, dict, bool]], threshold: float) -> float:
    """Share of the labelled pairs the model decides as the practitioners did."""
    from safeguard.matching.model import model_from_dict
    from safeguard.matching.scoring import score_pair

    trained = model_from_dict(model)
    right = sum((score_pair(a, b, trained).match_probability >= threshold) == label
                for a, b, label in pairs)
    return right / len(pairs) if pairs else 0.0


def reestimate_match_model(now=None, *, force: bool = False, max_pairs_u: float = 1e7) -> str:
    """Re-estimate on the partnership's own people, starting from the model in use, and adopt
    the result only when it decides the labelled pairs at least as well. Returns what happened."""
    import datetime as dt
    import tempfile

    from safeguard.matching.batch import DEFAULT_THRESHOLD
    from safeguard.matching.search import model_path

    target = adopted_model_path()
    stamp = target.with_name("match_model_reestimated.stamp")  # last attempt, adopted or not
    if not force and stamp.exists() and now is not None:
        age = now.timestamp() - stamp.stat().st_mtime
        if age < dt.timedelta(days=REESTIMATE_EVERY_DAYS).total_seconds():
            return "not due"
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.touch()
    pairs = labelled_pairs()
    if len(pairs) < MIN_LABELLED_PAIRS:
        return f"kept: only {len(pairs)} labelled decisions (at least {MIN_LABELLED_PAIRS} needed)"
    current = json.loads(model_path().read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        candidate_path = Path(tmp) / "candidate.json"
        try:
            train_from_people(candidate_path, max_pairs_u=max_pairs_u, start_model=current)
        except ValueError as exc:
            return f"kept: {exc}"
        candidate = json.loads(candidate_path.read_text(encoding="utf-8"))
    before = labelled_accuracy(current, pairs, DEFAULT_THRESHOLD)
    after = labelled_accuracy(candidate, pairs, DEFAULT_THRESHOLD)
    if after < before:
        return (f"kept: the re-estimated model decides {after:.1%} of {len(pairs)} labelled pairs "
                f"as practitioners did, the model in use {before:.1%}")
    target.write_text(json.dumps(candidate, indent=2) + "\n", encoding="utf-8")
    return f"adopted: {after:.1%} of {len(pairs)} labelled pairs right (was {before:.1%})"


def scheduled_reestimation(now) -> str:
    """The scheduled job: monthly, and only where no model is configured by hand."""
    from django.conf import settings

    if getattr(settings, "SAFEGUARD_MATCH_MODEL", ""):
        return "not used: SAFEGUARD_MATCH_MODEL is set"
    return reestimate_match_model(now)
