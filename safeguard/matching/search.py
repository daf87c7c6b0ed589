"""Real-time candidate search over the person index: blocking in SQL, scoring in Python.

1. Standardise the query and compute its index keys (:func:`index.realtime_keys`).
2. One SQL query: OR of equality lookups on the indexed key columns the query can fill
   (each an index scan; PostgreSQL combines them with a BitmapOr), capped at ``max_rows``.
3. Look up how common the query's names are (:func:`index.name_frequencies`, one query).
4. Score each row with the trained Splink model (:func:`scoring.score_candidates`), keep the
   best-scoring row per person (a person has one row per name variant × address).

No access decisions here: callers (``people.matching.find_candidates``) decide what the
actor may see.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Q

from safeguard.matching.index import INDEX_KEYS, SCORING_COLUMNS, name_frequencies, realtime_keys, row_as_record
from safeguard.matching.model import DEFAULT_MODEL_PATH, TermFrequencies, TrainedModel, load_model
from safeguard.matching.models import PersonIndexEntry, key_field
from safeguard.matching.scoring import Match, score_candidates
from safeguard.matching.standardise import standardise_record

#: rows fetched at most per search (a very common name without a date of birth)
MAX_ROWS = 1000


def model_path() -> Path:
    """The model file in use: setting SAFEGUARD_MATCH_MODEL, else the one the monthly
    re-estimation adopted, else the shipped default."""
    configured = getattr(settings, "SAFEGUARD_MATCH_MODEL", "") or os.environ.get("SAFEGUARD_MATCH_MODEL", "")
    if configured:
        return Path(configured)
    from safeguard.matching.training import adopted_model_path

    adopted = adopted_model_path()
    return adopted if adopted.exists() else DEFAULT_MODEL_PATH


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> TrainedModel:
    return load_model(path)


def current_model() -> TrainedModel:
    """The trained model, reloaded when its file changes (e.g. after train_match_model)."""
    path = model_path()
    try:
        mtime = path.stat().st_mtime
    except OSError:
        path, mtime = DEFAULT_MODEL_PATH, DEFAULT_MODEL_PATH.stat().st_mtime
    return _load(str(path), mtime)


def query_lookups(standardised: dict[str, Any]) -> list[tuple[str, str]]:
    """(model field, value) pairs to OR together for this standardised query."""
    keys = realtime_keys(standardised)
    return [(key_field(k), keys[k]) for k in INDEX_KEYS if keys.get(k) is not None]


def fetch_rows(lookups: list[tuple[str, str]], *, max_rows: int = MAX_ROWS, using: str = "default") -> list[dict]:
    if not lookups:
        return []
    q = Q()
    for column, value in lookups:
        q |= Q(**{column: value})
    return list(PersonIndexEntry.objects.using(using).filter(q).values(*SCORING_COLUMNS)[:max_rows])


def search_index(
    query: dict[str, Any], *, model: TrainedModel | None = None, max_rows: int = MAX_ROWS, using: str = "default"
) -> list[Match]:
    """Best match per person for a raw query (any subset of the engine's input fields).

    ``Match.record_id`` is the person id. Ordered: NHS number agreeing first, then by weight.
    """
    standardised = standardise_record(query)
    rows = fetch_rows(query_lookups(standardised), max_rows=max_rows, using=using)
    if not rows:
        return []
    return score_rows(standardised, rows, model=model, frequencies=name_frequencies([standardised], using=using))


def score_rows(
    standardised: dict[str, Any],
    rows: list[dict],
    *,
    model: TrainedModel | None = None,
    frequencies: TermFrequencies = None,
) -> list[Match]:
    """Score fetched index rows against a standardised query; best match per person.

    ``frequencies`` are the names' term frequencies (:func:`index.name_frequencies`); only the
    query's names are needed, as the model adjusts agreements, where both sides hold the name.
    """
    if not rows:
        return []
    matches = score_candidates(
        standardised, [row_as_record(r) for r in rows], model=model or current_model(), frequencies=frequencies
    )
    best: dict[Any, Match] = {}
    for match in matches:  # already best first
        best.setdefault(match.record_id, match)
    return list(best.values())
