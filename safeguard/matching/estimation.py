"""Estimating the linkage model on a file, as Splink's own workflow does (needs Splink).

The prior from deterministic rules, with the share of true matches they find estimated from the
trained model; u by random sampling; m by expectation maximisation over the training rules,
starting from a given model. :mod:`safeguard.matching.model` holds the comparisons and rules;
this module only trains them, and reports what it learnt.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .model import (
    DETERMINISTIC_RECALL,
    DETERMINISTIC_RULES,
    NEUTRAL_COMPARISONS,
    NHS_TRAINING_BLOCKING_RULE,
    TRAINING_BLOCKING_RULES,
    _level_weight,
    blocking_rule_sql,
    fill_unobserved_levels,
    floor_m_probabilities,
    make_neutral,
    settings_dict,
)

logger = logging.getLogger(__name__)

#: The estimated recall is kept within these bounds (a file where almost nothing agrees exactly
#: would otherwise multiply the prior without limit).
DETERMINISTIC_RECALL_BOUNDS = (0.1, 0.95)

#: For each column of the deterministic rules: the comparison and the levels in which that column
#: agrees exactly (the levels are exclusive, so their m probabilities add up), and the columns
#: that must all be missing for that comparison to be null.
EXACT_AGREEMENT_LEVELS: dict[str, tuple[str, frozenset[str], tuple[str, ...]]] = {
    "nhs_number": ("nhs_number", frozenset({"exact"}), ("nhs_number",)),
    "given_name": ("given_name", frozenset({"exact"}), ("given_name",)),
    "date_of_birth": ("date_of_birth", frozenset({"exact"}), ("date_of_birth",)),
    "family_name": ("family_and_residence",
                    frozenset({"family_exact_home_same", "family_exact_home_near",
                               "family_exact_home_differs", "family_exact"}),
                    ("family_name", "address", "postcode_outward")),
}


def estimated_rule_recall(model: Mapping[str, Any], null_shares: Mapping[str, float],
                         rules: Sequence[Sequence[str]]) -> float:
    """The share of true matches the deterministic ``rules`` find, as the trained model sees it.

    A true pair agrees exactly on a column with the m probability of the levels where it does,
    times the chance that neither record lacks it; the comparisons are independent given a match
    (the model's own assumption), so a rule's recall is the product over its columns and several
    rules find 1 - prod(1 - recall). Splink's own workflow asks for this number as a guess; a guess
    of 0.7 halves the prior on files with heavy corruption (FEBRL: about 0.3), so every pair's
    probability came out too low there.
    """
    m_by_level = {(c["output_column_name"], lvl.get("label_for_charts")): lvl.get("m_probability")
                  for c in model["comparisons"] for lvl in c["comparison_levels"]
                  if not lvl.get("is_null_level")}
    missed = 1.0
    for rule in rules:
        recall = 1.0
        for column in rule:
            comparison, labels, null_columns = EXACT_AGREEMENT_LEVELS[column]
            m = sum(m_by_level.get((comparison, label)) or 0.0 for label in labels)
            present = 1.0 - min(null_shares.get(c, 0.0) for c in null_columns)
            recall *= m * present * present
        missed *= 1.0 - recall
    low, high = DETERMINISTIC_RECALL_BOUNDS
    return min(high, max(low, 1.0 - missed))


@dataclass
class EmSession:
    """One expectation-maximisation run: the blocking rule, how it ended."""

    rule: str
    iterations: int
    converged: bool
    largest_change: float | None


@dataclass
class TrainingReport:
    """What estimation on a file learnt, for the command to print and the caller to check."""

    records: int
    prior: float
    deterministic_rules: list[str]
    u_pairs_sampled: float
    em_sessions: list[EmSession] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: (comparison, level label, m, u, match weight in bits)
    levels: list[tuple[str, str, float, float, float]] = field(default_factory=list)
    #: share of true matches the deterministic rules find (estimated from the trained model)
    deterministic_recall: float = DETERMINISTIC_RECALL

    def describe(self) -> list[str]:
        """Plain lines: the prior, each level's m, u and weight, the EM runs, the warnings."""
        lines = [f"estimated on {self.records:,} records",
                 f"prior probability that two records are one person: {self.prior:.3g} "
                 f"(from {', '.join(self.deterministic_rules)}, which find an estimated "
                 f"{self.deterministic_recall:.0%} of true matches)",
                 f"u probabilities from {self.u_pairs_sampled:,.0f} random pairs"]
        for session in self.em_sessions:
            state = "converged" if session.converged else "did NOT converge"
            lines.append(f"EM on {session.rule}: {state} after {session.iterations} iteration(s)")
        lines.append(f"{'comparison':<22} {'level':<28} {'m':>10} {'u':>10} {'weight':>7}")
        for comp, label, m, u, weight in self.levels:
            lines.append(f"{comp:<22} {label:<28} {m:>10.4g} {u:>10.4g} {weight:>7.2f}")
        lines += [f"warning: {w}" for w in self.warnings]
        return lines


class _SplinkLog(logging.Handler):
    """Collects Splink's EM iteration messages so convergence can be reported."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _em_outcome(messages: list[str], max_iterations: int, convergence: float
                ) -> tuple[int, bool, float | None]:
    iterations, change = 0, None
    for message in messages:
        text = message.strip()
        if text.startswith("Iteration "):
            head = text.split(":", 1)[0]
            try:
                iterations = int(head.split()[1])
            except (IndexError, ValueError):
                continue
            for token in text.replace(",", "").split():
                try:
                    change = abs(float(token))
                    break
                except ValueError:
                    continue
    converged = iterations < max_iterations or (change is not None and change < convergence)
    return iterations, converged, change


def starting_settings(start_model: dict[str, Any] | None,
                      engine_sql: Callable[[str], str] | None = None) -> dict[str, Any]:
    """Current settings (levels, rules) with m and u carried over from ``start_model`` where a
    comparison level of the same name and label exists; new levels start neutral."""
    settings = settings_dict()
    if start_model:
        settings["probability_two_random_records_match"] = start_model.get(
            "probability_two_random_records_match", settings["probability_two_random_records_match"])
        known = {(c["output_column_name"], lvl.get("label_for_charts")): lvl
                 for c in start_model.get("comparisons", []) for lvl in c["comparison_levels"]}
        for comp in settings["comparisons"]:
            for lvl in comp["comparison_levels"]:
                old = known.get((comp["output_column_name"], lvl["label_for_charts"]))
                if old and not lvl.get("is_null_level"):
                    for key in ("m_probability", "u_probability"):
                        if old.get(key) is not None:
                            lvl[key] = old[key]
    if engine_sql is not None:
        for comp in settings["comparisons"]:
            for lvl in comp["comparison_levels"]:
                lvl["sql_condition"] = engine_sql(lvl["sql_condition"])
        for rule in settings["blocking_rules_to_generate_predictions"]:
            rule["blocking_rule"] = engine_sql(rule["blocking_rule"])
    return settings


#: A comparison level seen in fewer random pairs than this, or never among the EM pairs, has
#: too little data behind its estimate: the command says so.
MIN_EM_PAIRS = 1_000


def estimate_model(
    db_api: Any,
    table_name: str,
    *,
    start_model: dict[str, Any] | None = None,
    max_pairs_u: float = 5e6,
    seed: int = 42,
    em_max_pairs: float | None = 2e6,
    deterministic_recall: float | None = None,
    records: int = 0,
    engine_sql: Callable[[str], str] | None = None,
    has_nhs: bool | None = None,
    null_shares: Mapping[str, float] | None = None,
) -> tuple[dict[str, Any], TrainingReport]:
    """Estimate the model on a standardised table, as Splink's own workflow does.

    The prior from :data:`DETERMINISTIC_RULES`, first with an assumed recall and, once m is
    trained, with the recall the model estimates for them (:func:`estimated_rule_recall`; unless
    ``deterministic_recall`` is given); u by random sampling; m by expectation maximisation over
    :data:`TRAINING_BLOCKING_RULES` (each rule estimates the comparisons it does not block on),
    starting from ``start_model``'s m values (the shipped model by default). ``null_shares``:
    share of records missing each column (read from a DuckDB table when not given). Returns the
    model as a Splink dict and a report of what was learnt.
    """
    from splink import Linker

    engine_sql = engine_sql or (lambda sql: sql)
    sdf = db_api.register(table_name, dataset_display_name=f"train_{table_name}")
    settings = starting_settings(start_model, engine_sql)
    linker = Linker(sdf, settings, log_level=logging.WARNING)
    if has_nhs is None:
        has_nhs = _column_has_values(db_api, table_name, "nhs_number")
    rules = [engine_sql(blocking_rule_sql(r)) for r in DETERMINISTIC_RULES
             if has_nhs or "nhs_number" not in r]
    warnings: list[str] = []
    before = linker._settings_obj._probability_two_random_records_match
    linker.training.estimate_probability_two_random_records_match(
        rules, recall=deterministic_recall or DETERMINISTIC_RECALL
    )
    prior = linker._settings_obj._probability_two_random_records_match
    if not 0 < prior < 1:
        warnings.append("no pairs agree on the deterministic rules: the prior was kept from "
                        "the starting model")
        linker._settings_obj._probability_two_random_records_match = prior = before
    linker.training.estimate_u_using_random_sampling(max_pairs=max_pairs_u, seed=seed)
    with_u = linker.misc.save_model_to_json()
    floor_u_probabilities(with_u, 1.0 / max_pairs_u)
    make_neutral(with_u)
    linker = Linker(sdf, with_u, log_level=logging.WARNING)
    training_rules = list(TRAINING_BLOCKING_RULES)
    if has_nhs:
        training_rules.append(NHS_TRAINING_BLOCKING_RULE)
    sessions = []
    splink_logger = logging.getLogger("splink")
    for rule in training_rules:
        before_session = linker.misc.save_model_to_json()
        handler = _SplinkLog()
        level, propagate, handlers = (splink_logger.level, splink_logger.propagate,
                                      list(splink_logger.handlers))
        for other in handlers:  # Splink's own console handler would print every iteration
            splink_logger.removeHandler(other)
        splink_logger.addHandler(handler)
        splink_logger.setLevel(logging.INFO)
        splink_logger.propagate = False
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                engine_sql(blocking_rule_sql(rule)),
                estimate_without_term_frequencies=True,
                max_pairs=em_max_pairs,
            )
        except ValueError as exc:
            # Splink refuses an m probability that underflowed (below 1e-300) mid-EM, and leaves
            # its settings half-changed: this run's estimates are dropped and the model goes
            # back to where it was before it (the other rules' estimates stand).
            if "below the minimum allowed" not in str(exc):
                raise
            linker = Linker(sdf, before_session, log_level=logging.WARNING)
            sessions.append(EmSession(" + ".join(rule), 0, False, None))
            warnings.append(f"EM on {' + '.join(rule)} stopped (an m probability underflowed): "
                            "its estimates were not used")
            continue
        finally:
            splink_logger.removeHandler(handler)
            for other in handlers:
                splink_logger.addHandler(other)
            splink_logger.setLevel(level)
            splink_logger.propagate = propagate
        iterations, converged, change = _em_outcome(
            handler.messages, with_u.get("max_iterations", 20), with_u.get("em_convergence", 0.001))
        sessions.append(EmSession(" + ".join(rule), iterations, converged, change))
        if not converged:
            warnings.append(f"EM on {' + '.join(rule)} did not converge in {iterations} "
                            "iterations: its m probabilities may be unreliable")
    model = linker.misc.save_model_to_json()
    filled = fill_unobserved_levels(model)
    floor_m_probabilities(model)
    if filled:
        warnings.append("too little data to estimate (level never seen; left neutral): "
                        + ", ".join(filled))
    used_rules = [r for r in DETERMINISTIC_RULES if has_nhs or "nhs_number" not in r]
    recall = deterministic_recall or DETERMINISTIC_RECALL
    if deterministic_recall is None and prior != before:
        # The prior was counted with an assumed recall; the trained model estimates it.
        if null_shares is None:
            con = getattr(db_api, "duckdb_con", None)  # on another engine: none assumed missing
            null_shares = missing_shares(con, table_name) if con is not None else {}
        recall = estimated_rule_recall(model, null_shares, used_rules)
        prior = min(prior * DETERMINISTIC_RECALL / recall, 0.5)
        model["probability_two_random_records_match"] = prior
    report = TrainingReport(records, prior, [" + ".join(r) for r in used_rules],
                            max_pairs_u, sessions, warnings, deterministic_recall=recall)
    for comp in model["comparisons"]:
        for lvl in comp["comparison_levels"]:
            if lvl.get("is_null_level"):
                continue
            report.levels.append((comp["output_column_name"], lvl["label_for_charts"],
                                  lvl["m_probability"], lvl["u_probability"], _level_weight(lvl)))
    return model, report


def floor_u_probabilities(model: dict[str, Any], floor: float) -> list[str]:
    """Raise u probabilities below ``floor`` (one in the number of random pairs sampled) to it.

    A level never or almost never seen among the random pairs (an initial, in a file without
    initials) would otherwise get a u near zero and an unbounded weight; all the sample says is
    that u is below about one in the pairs sampled. Returns the labels that were raised.
    """
    raised = []
    for comp in model["comparisons"]:
        if comp["output_column_name"] in NEUTRAL_COMPARISONS:
            continue
        for lvl in comp["comparison_levels"]:
            u = lvl.get("u_probability")
            if not lvl.get("is_null_level") and u is not None and u < floor:
                lvl["u_probability"] = floor
                raised.append(f"{comp['output_column_name']}:{lvl['label_for_charts']}")
    return raised


def train_model_on_table(
    db_api: Any,
    table_name: str,
    *,
    max_pairs_u: float = 5e6,
    seed: int = 42,
    em_max_pairs: float | None = 2e6,
    deterministic_recall: float | None = None,
) -> dict[str, Any]:
    """Train from scratch (no starting model) on a standardised DuckDB table; return the model."""
    model, report = estimate_model(db_api, table_name, max_pairs_u=max_pairs_u, seed=seed,
                                   em_max_pairs=em_max_pairs,
                                   deterministic_recall=deterministic_recall)
    for warning in report.warnings:
        logger.warning(warning)
    return model


def missing_shares(con: Any, table_name: str) -> dict[str, float]:
    """Share of records missing each column the deterministic rules' recall depends on, read from
    a DuckDB table (the standardised records are always in DuckDB, whatever the engine)."""
    columns = sorted({c for _, _, cols in EXACT_AGREEMENT_LEVELS.values() for c in cols})
    row = con.execute("SELECT " + ", ".join(f"avg(({c} IS NULL)::DOUBLE)" for c in columns)
                      + f" FROM {table_name}").fetchall()[0]
    return {c: float(v or 0.0) for c, v in zip(columns, row, strict=True)}


def _column_has_values(db_api: Any, table_name: str, column: str) -> bool:
    con = db_api.duckdb_con
    (count,) = con.execute(
        f"SELECT count(*) FROM (SELECT 1 FROM {table_name} "
        f"WHERE {column} IS NOT NULL LIMIT 1000)"
    ).fetchall()[0]
    return count >= 10
