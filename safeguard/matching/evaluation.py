"""Pairwise precision, recall and F1 of a clustering against known truth."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any


@dataclass
class PairwiseScores:
    true_pairs: int
    predicted_pairs: int
    true_positive_pairs: int
    precision: float
    recall: float
    f1: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise_scores(predicted: Mapping[str, Any], truth: Mapping[str, Any]) -> PairwiseScores:
    """Compare two assignments ``record_id -> cluster``; records in only one are ignored."""
    ids: Iterable[str] = predicted.keys() & truth.keys()
    both: Counter = Counter()
    pred_sizes: Counter = Counter()
    true_sizes: Counter = Counter()
    for rid in ids:
        p, t = predicted[rid], truth[rid]
        both[(p, t)] += 1
        pred_sizes[p] += 1
        true_sizes[t] += 1
    tp = sum(_pairs(n) for n in both.values())
    pp = sum(_pairs(n) for n in pred_sizes.values())
    tt = sum(_pairs(n) for n in true_sizes.values())
    precision = tp / pp if pp else 1.0
    recall = tp / tt if tt else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PairwiseScores(tt, pp, tp, precision, recall, f1)


def read_assignment(path: str | Path, id_column: str, cluster_column: str) -> dict[str, str]:
    with open(path, newline="", encoding="utf-8") as f:
        return {row[id_column]: row[cluster_column] for row in csv.DictReader(f)}


def score_files(clusters_csv: str | Path, truth_csv: str | Path) -> PairwiseScores:
    """Score a ``link_persons`` output against a ``record_id,true_id`` truth file."""
    return pairwise_scores(read_assignment(clusters_csv, "record_id", "cluster_id"),
                           read_assignment(truth_csv, "record_id", "true_id"))
