"""The person-linkage model: comparison levels, blocking rules and training.

Each comparison level is written once, here, in two equivalent forms: the SQL
condition Splink evaluates (batch linkage, training) and a Python predicate the
real-time scorer evaluates (:mod:`safeguard.matching.scoring`). Levels are
matched between the two by their label, and a test checks that the Python
scorer reproduces Splink's match weights.

String similarities use DuckDB's ``jaro_winkler_similarity`` and
``levenshtein`` in SQL and jellyfish's functions in Python; the two give
identical values (checked in the tests).

No Django imports: this module can be used and tested without a database.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jellyfish

logger = logging.getLogger(__name__)

DEFAULT_MODEL_PATH = Path(__file__).with_name("default_model.json")

Record = dict[str, Any]
Predicate = Callable[[Record, Record], bool]
#: column -> standardised value -> share of records holding it (Splink's term frequencies)
TermFrequencies = Mapping[str, Mapping[Any, float]] | None


def _eq(a: Any, b: Any) -> bool:
    """SQL equality: NULL never equals anything."""
    return a is not None and b is not None and a == b


def _jw(a: str | None, b: str | None) -> float:
    if a is None or b is None:
        return 0.0
    return jellyfish.jaro_winkler_similarity(a, b)


@dataclass(frozen=True)
class Level:
    """One comparison level: SQL for Splink, a Python twin for real-time scoring."""

    label: str
    sql: str
    test: Predicate | None  # None for the null level and the final ELSE level
    explanation: str | None  # plain English; None = say nothing (null level)
    is_null: bool = False
    #: Term-frequency adjustment: an agreement on a rare value of this column is stronger
    #: evidence than one on a common value (Splink's ``tf_adjustment_column``).
    tf_column: str | None = None
    #: True for a level whose only evidence is its term-frequency adjustment (m fixed to u).
    neutral: bool = False

    def splink_dict(self) -> dict[str, Any]:
        level: dict[str, Any] = {"sql_condition": self.sql, "label_for_charts": self.label}
        if self.is_null:
            level["is_null_level"] = True
        if self.tf_column:
            level["tf_adjustment_column"] = self.tf_column
            level["tf_adjustment_weight"] = 1.0
            if self.neutral:  # the level's own u is the baseline (its SQL is not a bare equality)
                level["disable_tf_exact_match_detection"] = True
        return level


@dataclass(frozen=True)
class ComparisonSpec:
    name: str  # Splink output_column_name
    description: str
    columns: tuple[str, ...]  # standardised fields; missing any -> null level
    levels: tuple[Level, ...] = field(default_factory=tuple)
    #: null level only when *every* column is missing on one side or the other
    null_when_all_missing: bool = False

    def is_null(self, left: Record, right: Record) -> bool:
        missing = (left.get(c) is None or right.get(c) is None for c in self.columns)
        return all(missing) if self.null_when_all_missing else any(missing)

    def splink_dict(self) -> dict[str, Any]:
        return {
            "output_column_name": self.name,
            "comparison_description": self.description,
            "comparison_levels": [lvl.splink_dict() for lvl in self.levels],
        }


def _null(*cols: str) -> Level:
    sql = " OR ".join(f"{c}_l IS NULL OR {c}_r IS NULL" for c in cols)
    return Level("null", sql, None, None, is_null=True)


def _else(text: str) -> Level:
    return Level("else", "ELSE", None, text)


_HOME_SAME_SQL = "address_l = address_r OR postcode_l = postcode_r"
_HOME_MISSING_SQL = ("(address_l IS NULL OR address_r IS NULL) AND "
                     "(postcode_outward_l IS NULL OR postcode_outward_r IS NULL)")
_FAMILY_CLOSE_SQL = ("jaro_winkler_similarity(family_name_l, family_name_r) >= 0.92 "
                     "OR list_has_any(family_parts_l, family_parts_r)")
_FAMILY_SIMILAR_SQL = (f"{_FAMILY_CLOSE_SQL} OR family_phonetic_l = family_phonetic_r "
                       "OR jaro_winkler_similarity(family_name_l, family_name_r) >= 0.8")


def _home_same(l: Record, r: Record) -> bool:
    return _eq(l["address"], r["address"]) or _eq(l["postcode"], r["postcode"])


def _home_missing(l: Record, r: Record) -> bool:
    return ((l["address"] is None or r["address"] is None)
            and (l["postcode_outward"] is None or r["postcode_outward"] is None))


_HOME_SIMILAR_SQL = ("jaro_winkler_similarity(address_l, address_r) >= 0.9 "
                     "OR levenshtein(postcode_l, postcode_r) <= 1")


def _home_similar(l: Record, r: Record) -> bool:
    """A free-text address with a typo or a different layout, or a postcode one character off."""
    return (_jw(l["address"], r["address"]) >= 0.9
            or (l["postcode"] is not None and r["postcode"] is not None
                and jellyfish.levenshtein_distance(l["postcode"], r["postcode"]) <= 1))


def _given_one_edit(l: Record, r: Record) -> bool:
    return jellyfish.damerau_levenshtein_distance(l["given_name"], r["given_name"]) <= 1


def _names_transposed(l: Record, r: Record) -> bool:
    return (_jw(l["given_name"], r.get("family_name")) >= 0.9
            and _jw(l.get("family_name"), r["given_name"]) >= 0.9)


def _initial(l: Record, r: Record) -> bool:
    a, b = l["given_name"], r["given_name"]
    return (len(a) == 1 or len(b) == 1) and a[0] == b[0]


def _family_close(l: Record, r: Record) -> bool:
    return (_jw(l["family_name"], r["family_name"]) >= 0.92
            or bool(set(l["family_parts"] or ()) & set(r["family_parts"] or ())))


def _family_weak(l: Record, r: Record) -> bool:
    return (_eq(l["family_phonetic"], r["family_phonetic"])
            or _jw(l["family_name"], r["family_name"]) >= 0.8)


def _family_similar(l: Record, r: Record) -> bool:
    return _family_close(l, r) or _family_weak(l, r)


COMPARISONS: tuple[ComparisonSpec, ...] = (
    ComparisonSpec(
        "nhs_number", "NHS number", ("nhs_number",),
        (
            _null("nhs_number"),
            Level("exact", "nhs_number_l = nhs_number_r",
                  lambda l, r: l["nhs_number"] == r["nhs_number"], "NHS number agrees"),
            _else("NHS number differs"),
        ),
    ),
    ComparisonSpec(
        "given_name", "Given name, nickname-aware", ("given_name",),
        (
            _null("given_name"),
            Level("exact", "given_name_l = given_name_r",
                  lambda l, r: l["given_name"] == r["given_name"], "given name agrees",
                  tf_column="given_name"),
            Level("nickname",
                  "list_has_any(given_canonical_l, given_canonical_r)",
                  lambda l, r: bool(set(l["given_canonical"]) & set(r["given_canonical"])),
                  "given name is a known short form of the other (e.g. Bill / William)"),
            Level("jaro_winkler_0.92",
                  "jaro_winkler_similarity(given_name_l, given_name_r) >= 0.92",
                  lambda l, r: _jw(l["given_name"], r["given_name"]) >= 0.92,
                  "given name similar"),
            Level("phonetic", "given_phonetic_l = given_phonetic_r",
                  lambda l, r: _eq(l["given_phonetic"], r["given_phonetic"]),
                  "given name sounds alike"),
            Level("jaro_winkler_0.8",
                  "jaro_winkler_similarity(given_name_l, given_name_r) >= 0.8",
                  lambda l, r: _jw(l["given_name"], r["given_name"]) >= 0.8,
                  "given name partly similar"),
            # A misspelt short name ("Mia" / "Nia") is neither similar nor alike in sound.
            Level("one_edit", "damerau_levenshtein(given_name_l, given_name_r) <= 1",
                  _given_one_edit, "given name differs by one letter"),
            Level("transposed",  # allowing a typo in either
                  "jaro_winkler_similarity(given_name_l, family_name_r) >= 0.9 "
                  "AND jaro_winkler_similarity(family_name_l, given_name_r) >= 0.9",
                  _names_transposed, "given and family names swapped"),
            Level("initial",
                  "(length(given_name_l) = 1 OR length(given_name_r) = 1) "
                  "AND substr(given_name_l, 1, 1) = substr(given_name_r, 1, 1)",
                  _initial, "given name is an initial of the other"),
            _else("given name differs"),
        ),
    ),
    ComparisonSpec(
        "date_of_birth", "Date of birth, tolerant of swapped day and month",
        ("date_of_birth",),
        (
            # dob_unordered is named so that Splink treats a training blocking rule
            # on it as fixing this comparison (it is NULL exactly when the date is).
            _null("date_of_birth", "dob_unordered"),
            Level("exact", "date_of_birth_l = date_of_birth_r",
                  lambda l, r: l["date_of_birth"] == r["date_of_birth"],
                  "date of birth agrees"),
            Level("day_month_swapped",
                  "dob_year_l = dob_year_r AND dob_month_l = dob_day_r "
                  "AND dob_day_l = dob_month_r",
                  lambda l, r: (l["dob_year"] == r["dob_year"]
                                and l["dob_month"] == r["dob_day"]
                                and l["dob_day"] == r["dob_month"]),
                  "date of birth: day and month swapped"),
            Level("one_character",
                  "levenshtein(date_of_birth_l, date_of_birth_r) <= 1",
                  lambda l, r: jellyfish.levenshtein_distance(
                      l["date_of_birth"], r["date_of_birth"]) <= 1,
                  "date of birth differs by one digit"),
            Level("two_of_three_parts",
                  "(dob_year_l = dob_year_r AND dob_month_l = dob_month_r) "
                  "OR (dob_year_l = dob_year_r AND dob_day_l = dob_day_r) "
                  "OR (dob_month_l = dob_month_r AND dob_day_l = dob_day_r)",
                  lambda l, r: sum((l["dob_year"] == r["dob_year"],
                                    l["dob_month"] == r["dob_month"],
                                    l["dob_day"] == r["dob_day"])) >= 2,
                  "date of birth: two of day, month and year agree"),
            # A day unknown and keyed as 1 January, or day and month both mistyped.
            Level("same_year", "dob_year_l = dob_year_r",
                  lambda l, r: l["dob_year"] == r["dob_year"],
                  "date of birth: only the year agrees"),
            _else("date of birth differs"),
        ),
    ),
    ComparisonSpec(
        "sex", "Sex", ("sex",),
        (
            _null("sex"),
            Level("exact", "sex_l = sex_r", lambda l, r: l["sex"] == r["sex"], "sex agrees"),
            _else("sex differs"),
        ),
    ),
    ComparisonSpec(
        "family_and_residence",
        "Family name and home (address, postcode) as one comparison: a household shares "
        "both, so scoring them separately would count a parent, child or sibling's "
        "household as two independent pieces of evidence that the records are one person",
        ("family_name", "address", "postcode_outward"),
        (
            Level("null",
                  f"(family_name_l IS NULL OR family_name_r IS NULL) AND {_HOME_MISSING_SQL}",
                  None, None, is_null=True),
            Level("family_exact_home_same",
                  f"family_name_l = family_name_r AND ({_HOME_SAME_SQL})",
                  lambda l, r: _eq(l["family_name"], r["family_name"]) and _home_same(l, r),
                  "family name agrees; address or postcode agrees"),
            Level("family_similar_home_same",
                  f"({_FAMILY_SIMILAR_SQL}) AND ({_HOME_SAME_SQL})",
                  lambda l, r: _family_similar(l, r) and _home_same(l, r),
                  "family name similar; address or postcode agrees"),
            Level("family_similar_home_similar",
                  f"({_FAMILY_SIMILAR_SQL}) AND ({_HOME_SIMILAR_SQL})",
                  lambda l, r: _family_similar(l, r) and _home_similar(l, r),
                  "family name similar; address or postcode nearly agrees"),
            Level("home_same", _HOME_SAME_SQL, _home_same,
                  "address or postcode agrees; family name differs or is missing"),
            Level("home_similar", _HOME_SIMILAR_SQL, _home_similar,
                  "address or postcode nearly agrees; family name differs or is missing"),
            Level("family_exact_home_near",
                  "family_name_l = family_name_r AND postcode_sector_l = postcode_sector_r",
                  lambda l, r: _eq(l["family_name"], r["family_name"])
                  and _eq(l["postcode_sector"], r["postcode_sector"]),
                  "family name agrees; postcode in the same sector"),
            Level("family_exact_home_differs",
                  f"family_name_l = family_name_r AND NOT ({_HOME_MISSING_SQL})",
                  lambda l, r: _eq(l["family_name"], r["family_name"])
                  and not _home_missing(l, r),
                  "family name agrees; address and postcode differ"),
            Level("family_exact", "family_name_l = family_name_r",
                  lambda l, r: _eq(l["family_name"], r["family_name"]),
                  "family name agrees"),
            Level("family_close", _FAMILY_CLOSE_SQL,
                  _family_close,
                  "family name similar or shares a part (double-barrelled or hyphenated)"),
            Level("family_weak",
                  "family_phonetic_l = family_phonetic_r "
                  "OR jaro_winkler_similarity(family_name_l, family_name_r) >= 0.8",
                  _family_weak,
                  "family name sounds alike or is partly similar"),
            Level("family_missing", "family_name_l IS NULL OR family_name_r IS NULL",
                  lambda l, r: l["family_name"] is None or r["family_name"] is None,
                  "family name missing; address and postcode differ"),
            _else("family name and home differ"),
        ),
        null_when_all_missing=True,
    ),
    ComparisonSpec(
        "family_name_frequency",
        "How rare a shared family name is, where a shared home does not explain it. Neutral in "
        "itself (m = u): it only carries the term-frequency adjustment that family_and_residence, "
        "a joint comparison, cannot (a Patel or a Smith elsewhere says less than a Quartey)",
        ("family_name",),
        (
            _null("family_name"),
            Level("exact_elsewhere",
                  f"family_name_l = family_name_r AND NOT coalesce({_HOME_SAME_SQL}, false)",
                  lambda l, r: _eq(l["family_name"], r["family_name"]) and not _home_same(l, r),
                  None, tf_column="family_name", neutral=True),
            Level("else", "ELSE", None, None, neutral=True),
        ),
    ),
)

#: Candidate-retrieval rules. Each tuple names standardised fields that must all
#: be equal; a pair is compared when any rule holds. The same rules are Splink's
#: ``blocking_rules_to_generate_predictions`` and the person index's lookup keys.
BLOCKING_RULES: tuple[tuple[str, ...], ...] = (
    ("nhs_number",),
    ("family_phonetic", "dob_unordered"),
    ("given_phonetic", "dob_unordered"),
    ("given_phonetic", "family_phonetic", "dob_year"),
    ("given_phonetic", "postcode"),
    ("family_phonetic", "postcode"),
    ("date_of_birth", "postcode_outward"),
    ("given_phonetic", "family_phonetic", "dob_month", "dob_day"),
    ("family_phonetic", "address"),
)

#: Batch candidate rules beyond the shared ones, for records that kept little in common with the
#: person's other records: the same two names whatever the date of birth and home, and whichever
#: way round they were keyed (``names_unordered``: given and family name swapped, as FEBRL does in
#: some records; no date of birth; a previous address); the same date of birth and sex (a changed
#: family name, a nickname); the same
#: given name at the same address or in the same postcode district (a mistyped date of birth).
#: Measured on a held-out population: F1 0.9770 -> 0.9787 at 1M records for 10 s more
#: (bench/README.md). The person index holds its own real-time lookups
#: (``index.REALTIME_ONLY_RULES``).
BATCH_ONLY_RULES: tuple[tuple[str, ...], ...] = (
    ("names_unordered",),
    # Sex may be missing on either side: a file that records no sex at all (FEBRL) would
    # otherwise never compare two records on their date of birth alone.
    ("date_of_birth", "sex?"),
    ("given_name", "address"),
    ("given_name", "postcode_outward"),
    # A day mistyped together with a changed or mistyped name or home.
    ("family_phonetic", "dob_year", "dob_month"),
    ("given_phonetic", "dob_year", "dob_month"),
)

#: Rules used for EM estimation of m probabilities. Each fixes the comparisons whose columns it
#: uses and estimates the others, so each must leave at least two informative comparisons free:
#: with one alone EM cannot tell a match that disagrees on the comparison being estimated from a
#: non-match, and learns that it never happens. Date of birth frees given name and the joint
#: family-and-home comparison; given name frees date of birth and family-and-home.
#: Family name or postcode (used before 2026-11-30) fix family-and-home too (its SQL reads both),
#: leaving date of birth with given name alone beside it: EM then learnt that a person's records
#: never carry another date of birth (m 0.00001 on FEBRL 2, where 4% of pairs do), and Splink
#: takes the median over runs, so one good run among three could not correct it.
#: EM samples the pairs of a large file (``em_max_pairs``).
TRAINING_BLOCKING_RULES: tuple[tuple[str, ...], ...] = (
    ("dob_unordered",),
    ("given_phonetic",),
)
#: Added to the training rules when the data has NHS numbers: blocking on them
#: leaves every other comparison free and unbiased.
NHS_TRAINING_BLOCKING_RULE: tuple[str, ...] = ("nhs_number",)

#: Deterministic rules used to estimate the prior probability of a match.
DETERMINISTIC_RULES: tuple[tuple[str, ...], ...] = (
    ("nhs_number",),
    ("given_name", "family_name", "date_of_birth"),
)


#: Share of true matches the deterministic rules are assumed to find before the model is trained;
#: once it is, ``estimation.estimated_rule_recall`` estimates it from the trained m probabilities.
DETERMINISTIC_RECALL = 0.7


def blocking_rule_sql(rule: Sequence[str]) -> str:
    """``l.c = r.c AND ...``; a column written ``c?`` must agree only where both records have it."""
    return " AND ".join(
        f"(l.{c[:-1]} = r.{c[:-1]} OR l.{c[:-1]} IS NULL OR r.{c[:-1]} IS NULL)"
        if c.endswith("?") else f"l.{c} = r.{c}" for c in rule)


def settings_dict(probability_two_random_records_match: float = 1e-5) -> dict[str, Any]:
    """Splink settings (untrained) for deduplicating standardised person records."""
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "record_id",
        "probability_two_random_records_match": probability_two_random_records_match,
        "comparisons": [spec.splink_dict() for spec in COMPARISONS],
        "blocking_rules_to_generate_predictions": [
            {"blocking_rule": blocking_rule_sql(rule)} for rule in (*BLOCKING_RULES, *BATCH_ONLY_RULES)
        ],
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": False,
        "em_convergence": 0.001,
        "max_iterations": 20,
    }


# --------------------------------------------------------------------------------------
# Loading a trained model for real-time scoring
# --------------------------------------------------------------------------------------

M_U_CLAMP_MIN = 1e-300  # as Splink's comparison_level.M_U_CLAMP_MIN


@dataclass(frozen=True)
class ScoringLevel:
    label: str
    test: Predicate | None
    explanation: str | None
    weight: float  # log2 Bayes factor
    tf_column: str | None = None
    #: log2 of the u probability the term frequency replaces (Splink's exact-match baseline)
    tf_baseline: float = 0.0
    tf_weight: float = 1.0
    tf_minimum: float = 0.0

    def tf_adjustment(self, left: Record, right: Record, frequencies: TermFrequencies) -> float:
        """Splink's adjustment in bits: log2(u_baseline) - log2(term frequency of the value).

        Zero when the level has none or neither value's frequency is known (as in Splink).
        """
        if not self.tf_column or not self.tf_weight or frequencies is None:
            return 0.0
        table = frequencies.get(self.tf_column) or {}
        known = [f for f in (table.get(left.get(self.tf_column)), table.get(right.get(self.tf_column)))
                 if f is not None]
        if not known:
            return 0.0
        return self.tf_weight * (self.tf_baseline - math.log2(max(*known, self.tf_minimum)))


@dataclass(frozen=True)
class ScoringComparison:
    name: str
    is_null: Predicate
    levels: tuple[ScoringLevel, ...]  # non-null levels, in Splink's order


@dataclass(frozen=True)
class TrainedModel:
    prior_weight: float  # log2 prior odds
    comparisons: tuple[ScoringComparison, ...]
    source: dict[str, Any]


def _level_weight(level: dict[str, Any]) -> float:
    m = level.get("m_probability")
    u = level.get("u_probability")
    if m is None or u is None:
        return 0.0
    return math.log2(max(m, M_U_CLAMP_MIN) / max(u, M_U_CLAMP_MIN))


def _tf_baseline(comparison: dict[str, Any], level: dict[str, Any]) -> float:
    """log2 u that Splink's term-frequency adjustment replaces: the level's own u when exact-match
    detection is disabled, else the u of the comparison's bare equality level on the column."""
    column = level["tf_adjustment_column"]
    if not level.get("disable_tf_exact_match_detection"):
        exact = f"{column}_l = {column}_r"
        level = next((lvl for lvl in comparison["comparison_levels"]
                      if lvl.get("sql_condition", "").strip() == exact), None)
        if level is None:
            raise ValueError(f"no exact match level on {column} for its term-frequency adjustment")
    return math.log2(max(level["u_probability"], M_U_CLAMP_MIN))


def model_from_dict(model: dict[str, Any]) -> TrainedModel:
    """Pair the Splink model's trained levels with the Python predicates here."""
    specs = {spec.name: spec for spec in COMPARISONS}
    prior = model["probability_two_random_records_match"]
    comparisons = []
    for comp in model["comparisons"]:
        spec = specs.get(comp["output_column_name"])
        if spec is None:
            raise ValueError(f"model comparison {comp['output_column_name']!r} is unknown")
        by_label = {lvl.label: lvl for lvl in spec.levels}
        levels = []
        for lvl in comp["comparison_levels"]:
            if lvl.get("is_null_level"):
                continue
            defn = by_label.get(lvl.get("label_for_charts"))
            if defn is None:
                raise ValueError(
                    f"model level {lvl.get('label_for_charts')!r} of {spec.name} is unknown"
                )
            tf_column = lvl.get("tf_adjustment_column")
            levels.append(ScoringLevel(
                defn.label, defn.test, defn.explanation, _level_weight(lvl),
                tf_column=tf_column,
                tf_baseline=_tf_baseline(comp, lvl) if tf_column else 0.0,
                tf_weight=lvl.get("tf_adjustment_weight", 1.0),
                tf_minimum=lvl.get("tf_minimum_u_value", 0.0),
            ))
        comparisons.append(ScoringComparison(spec.name, spec.is_null, tuple(levels)))
    return TrainedModel(math.log2(prior / (1 - prior)), tuple(comparisons), model)


def load_model(path: str | Path | None = None) -> TrainedModel:
    """Load a Splink model JSON (the shipped default when ``path`` is None)."""
    if path is None:
        return _default_model()
    return model_from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def _default_model() -> TrainedModel:
    return model_from_dict(json.loads(DEFAULT_MODEL_PATH.read_text(encoding="utf-8")))


#: Below this many records (batch) or people (real time) term frequencies are not used: each
#: count includes the person being matched, so in a small population every name looks common.
MIN_RECORDS_FOR_TERM_FREQUENCIES = 20_000


# Training adjustments live in parameters.py; re-exported for those who import them from here.
from .parameters import (  # noqa: E402,F401
    MIN_M_PROBABILITY,
    NEUTRAL_COMPARISONS,
    fill_unobserved_levels,
    floor_m_probabilities,
    make_neutral,
    without_term_frequencies,
)
