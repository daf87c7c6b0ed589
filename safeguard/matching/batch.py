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
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import model as linkage_model

# Re-exported: callers (commands, benchmarks, tests) import these from here.
from .engines import (  # noqa: F401
    ENGINES,
    GUARD_MAX_M_GIVEN_ELSE,
    _Engine,
    _relatives_sql,
    given_name_else_m,
    spark_session,
    spark_sql,
)
from .estimation import TrainingReport, estimate_model, missing_shares, train_model_on_table
from .loading import (  # noqa: F401
    INPUT_COLUMNS,
    BadRow,
    _connect,
    _run,
    _sql_str,
    _Stages,
    load_and_standardise,
)
from .model import DEFAULT_MODEL_PATH, without_term_frequencies
from .thresholds import (  # noqa: F401
    PREDICTION_FLOOR,
    THRESHOLD_CANDIDATES,
    THRESHOLD_RANGE,
    ThresholdChoice,
    choose_threshold,
    expected_cluster_scores,
)

#: The threshold used with ``--model`` when none is given and for the real-time duplicate
#: review. ``link_persons`` otherwise chooses its threshold from the model it estimated.
DEFAULT_THRESHOLD = 0.8


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


def _read_model(model: str | Path | dict | None) -> dict[str, Any]:
    if model is None:
        model = DEFAULT_MODEL_PATH
    if isinstance(model, dict):
        return json.loads(json.dumps(model))
    return json.loads(Path(model).read_text(encoding="utf-8"))


#: Below this many records a file is too small to estimate the model on (EM sees a handful of
#: pairs): the starting model (the shipped one) is used as it is, and the command says so.
MIN_RECORDS_TO_ESTIMATE = 500


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
