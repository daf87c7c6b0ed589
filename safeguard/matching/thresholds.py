"""Choosing the match threshold from the model's own estimate of the clusters each candidate gives."""

from __future__ import annotations

from dataclasses import dataclass

from .engines import _Engine

#: Thresholds the model's own estimate chooses among (each is clustered to see what it gives).
THRESHOLD_CANDIDATES = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
THRESHOLD_RANGE = (THRESHOLD_CANDIDATES[0], THRESHOLD_CANDIDATES[-1])
#: Pairs are scored down to this probability so the expected precision and recall can be read.
PREDICTION_FLOOR = 0.05


@dataclass
class ThresholdChoice:
    threshold: float
    chosen: bool  # True when chosen from the model's estimate, False when given
    expected_precision: float
    expected_recall: float

    @property
    def expected_f1(self) -> float:
        p, r = self.expected_precision, self.expected_recall
        return 2 * p * r / (p + r) if p + r else 0.0


def expected_cluster_scores(runner: _Engine, predictions: str, clusters: str, compared_sql: str,
                            total: float) -> tuple[float, float]:
    """Pairwise precision and recall the model itself expects of the *clusters* (not of the
    links): each pair of records put in one cluster is a true match with its scored probability.

    Counting every pair a cluster creates is what makes this differ from the links alone: one
    wrong link between a parent's and a child's records joins all of them, and those pairs were
    compared and scored low. Pairs in one cluster that no candidate rule compared (nothing in
    common left to block on) are not counted either way: the model has no view on them.
    ``total`` is the sum of probabilities over all scored pairs (the expected true pairs).
    """
    ((inside,),) = runner.fetch(
        f"SELECT coalesce(sum(p.match_probability), 0) FROM {predictions} p "
        f"JOIN {clusters} cl ON cl.record_id = p.record_id_l "
        f"JOIN {clusters} cr ON cr.record_id = p.record_id_r WHERE cl.cluster_id = cr.cluster_id")
    ((pairs,),) = runner.fetch(
        f"WITH m AS (SELECT c.cluster_id, p.* FROM {clusters} c "
        f"JOIN persons p ON p.record_id = c.record_id) "
        f"SELECT count(*) FROM m l JOIN m r ON l.cluster_id = r.cluster_id "
        f"AND l.record_id < r.record_id WHERE {compared_sql}")
    inside, pairs = float(inside or 0.0), float(pairs or 0)
    return (min(1.0, inside / pairs) if pairs else 1.0), (min(1.0, inside / total) if total else 1.0)


def choose_threshold(expected: list[ThresholdChoice]) -> ThresholdChoice:
    """The candidate whose clusters the model expects to score the highest pairwise F1 (the lower
    threshold when two are within 0.0005 of each other).

    Expected F1 of the *links* would always choose the lowest candidate (a pair more likely a
    match than not always adds to it); of the clusters it does not, because a doubtful link
    brings every pair of the two clusters it joins. On household-shaped files this chooses high
    (a wrong link chains relatives), on files of unrelated people low.
    """
    best = max(choice.expected_f1 for choice in expected)
    return min((c for c in expected if c.expected_f1 >= best - 0.0005), key=lambda c: c.threshold)
