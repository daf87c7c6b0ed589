"""Real-time scoring of candidate people against details typed at intake.

Pure Python; the parameters (m/u probabilities per comparison level and the
prior) come from a Splink-trained model JSON, and the comparison levels are the
Python twins of the SQL levels Splink evaluates (see :mod:`.model`).

Typical use on the Django side::

    keys = candidate_lookups(query)            # [(column, value), ...] OR'ed
    rows = PersonIndex.objects.filter(Q(**{c: v}) | ...)[:500]
    matches = score_candidates(query, [row.as_match_dict() for row in rows])
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .model import BLOCKING_RULES, TermFrequencies, TrainedModel, load_model, model_from_dict
from .standardise import standardise_record

__all__ = [
    "CANDIDATE_KEYS",
    "Match",
    "blocking_keys",
    "candidate_lookups",
    "score_candidates",
    "score_pair",
]


@dataclass
class Match:
    record_id: Any
    match_probability: float
    match_weight: float
    explanation: list[str] = field(default_factory=list)
    nhs_number_agrees: bool = False
    #: comparison name -> label of the level that applied (absent: null, nothing to compare)
    levels: dict[str, str] = field(default_factory=dict)

    @property
    def likely_relative(self) -> bool:
        """Twins/siblings guard: given names differ outright (not a short form, not similar) and no
        NHS number agrees. Family name, address and even date of birth are shared inside a household,
        so such a pair is far more often two relatives than one person recorded twice."""
        return self.levels.get("given_name") == "else" and self.levels.get("nhs_number") != "exact"


def _key_name(rule: tuple[str, ...]) -> str:
    return "key_" + "__".join(rule)


#: Composite index columns, one per blocking rule, each a single string; a
#: candidate search ORs equality lookups on those the query can fill.
CANDIDATE_KEYS: tuple[str, ...] = tuple(_key_name(rule) for rule in BLOCKING_RULES)


def _as_standard(record: dict[str, Any]) -> dict[str, Any]:
    # Records already produced by standardise_record (e.g. rows of the person
    # index) are used as they are; raw records are standardised here.
    if "dob_unordered" in record:
        return record
    return standardise_record(record)


def _resolve_model(model: Any) -> TrainedModel:
    if model is None:
        return load_model()
    if isinstance(model, TrainedModel):
        return model
    if isinstance(model, (str, Path)):
        return load_model(model)
    if isinstance(model, dict):
        return model_from_dict(model)
    raise TypeError("model must be None, a TrainedModel, a path or a Splink model dict")


#: A term-frequency adjustment at least this large (bits) is worth saying in the explanation.
NOTABLE_TF_BITS = 2.0
_TF_NOTES = {"given_name": "given name", "family_name": "family name"}


def _tf_note(column: str, bits: float) -> str | None:
    if bits >= NOTABLE_TF_BITS:
        return f"{_TF_NOTES.get(column, column)} is uncommon"
    if bits <= -NOTABLE_TF_BITS:
        return f"{_TF_NOTES.get(column, column)} is common"
    return None


def _score(left: dict[str, Any], right: dict[str, Any], model: TrainedModel,
           record_id: Any, frequencies: TermFrequencies = None) -> Match:
    weight = model.prior_weight
    explanation: list[str] = []
    levels: dict[str, str] = {}
    nhs_agrees = False
    for comp in model.comparisons:
        if comp.is_null(left, right):
            continue  # null level: neutral, nothing to say
        for level in comp.levels:
            if level.test is None or level.test(left, right):
                weight += level.weight
                levels[comp.name] = level.label
                if level.explanation:
                    explanation.append(level.explanation)
                if level.tf_column:
                    bits = level.tf_adjustment(left, right, frequencies)
                    weight += bits
                    if note := _tf_note(level.tf_column, bits):
                        explanation.append(note)
                if comp.name == "nhs_number" and level.label == "exact":
                    nhs_agrees = True
                break
    probability = 1.0 / (1.0 + 2.0 ** -weight) if weight > -1000 else 0.0
    return Match(record_id, probability, weight, explanation, nhs_agrees, levels)


def score_pair(left: dict[str, Any], right: dict[str, Any], model: Any = None,
               frequencies: TermFrequencies = None) -> Match:
    """Score one pair of records (raw or standardised); ``record_id`` from ``right``."""
    return _score(_as_standard(left), _as_standard(right), _resolve_model(model),
                  right.get("record_id"), frequencies)


def score_candidates(query: dict, candidates: list[dict], model=None,
                     frequencies: TermFrequencies = None) -> list[Match]:
    """Rank candidate records against a query.

    ``query`` may hold any subset of given_name, family_name, date_of_birth
    (date or ``YYYY-MM-DD``), sex, postcode, address, nhs_number; missing or
    unparseable fields are neutral. Each candidate is a raw record or a
    standardised one (from :func:`standardise_record`) with a ``record_id``.
    ``frequencies`` (column -> standardised value -> share of people) lets an agreement on a
    rare name count for more than one on a common name, as Splink does in batch; without it
    every agreement counts as an average one.

    Returns one :class:`Match` per candidate: those whose NHS number agrees
    exactly first, then by descending match weight.
    """
    trained = _resolve_model(model)
    left = _as_standard(query)
    matches = [
        _score(left, _as_standard(candidate), trained, candidate.get("record_id"), frequencies)
        for candidate in candidates
    ]
    matches.sort(key=lambda m: (not m.nhs_number_agrees, -m.match_weight))
    return matches


def blocking_keys(record: dict[str, Any]) -> dict[str, Any]:
    """Keys a person index row should hold for candidate retrieval.

    Atomic keys (``nhs_number``, ``family_phonetic``, ``given_phonetic``,
    ``date_of_birth``, ``dob_unordered``, ``dob_year``, ``dob_year_month``,
    ``postcode``, ``postcode_outward``) and one composite string per blocking
    rule (:data:`CANDIDATE_KEYS`, e.g. ``key_family_phonetic__dob_unordered`` =
    ``"SM0|2014-03-07"``), ``None`` when any part is missing. Index each
    composite key; search by OR'ing equality on the query's non-null keys.
    """
    std = _as_standard(record)
    year, month = std.get("dob_year"), std.get("dob_month")
    keys: dict[str, Any] = {
        "nhs_number": std.get("nhs_number"),
        "family_phonetic": std.get("family_phonetic"),
        "given_phonetic": std.get("given_phonetic"),
        "date_of_birth": std.get("date_of_birth"),
        "dob_unordered": std.get("dob_unordered"),
        "dob_year": year,
        "dob_year_month": f"{year:04d}-{month:02d}" if year and month else None,
        "postcode": std.get("postcode"),
        "postcode_outward": std.get("postcode_outward"),
    }
    for rule in BLOCKING_RULES:
        parts = [std.get(column) for column in rule]
        keys[_key_name(rule)] = (
            None if any(p is None for p in parts) else "|".join(str(p) for p in parts)
        )
    return keys


def candidate_lookups(query: dict[str, Any]) -> list[tuple[str, str]]:
    """(composite key column, value) pairs to OR together when searching the index."""
    keys = blocking_keys(query)
    return [(name, keys[name]) for name in CANDIDATE_KEYS if keys[name] is not None]


def probability_to_weight(probability: float) -> float:
    probability = min(max(probability, 1e-300), 1 - 1e-16)
    return math.log2(probability / (1 - probability))
