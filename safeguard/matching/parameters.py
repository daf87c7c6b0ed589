"""Adjusting a trained model's m and u probabilities before it is used or saved: levels training never
reached, m floors (a disagreement is never impossible), comparisons that only carry term
frequencies, and taking term frequencies out. Plain dicts in Splink's format; no Splink needed.
"""

from __future__ import annotations

from typing import Any

from .model import COMPARISONS


def fill_unobserved_levels(model: dict[str, Any]) -> list[str]:
    """Give explicit m/u values to levels the training data never reached.

    Splink would otherwise fall back to internal defaults on reload; writing the
    values keeps Splink and the Python scorer on identical parameters. An
    unobserved level gets m and u equal (Bayes factor 1, i.e. neutral).
    Returns the labels that were filled.
    """
    filled = []
    for comp in model["comparisons"]:
        for lvl in comp["comparison_levels"]:
            if lvl.get("is_null_level"):
                continue
            m, u = lvl.get("m_probability"), lvl.get("u_probability")
            if m is None or u is None:
                value = m if m is not None else (u if u is not None else 0.01)
                lvl["m_probability"] = value
                lvl["u_probability"] = value
                filled.append(f"{comp['output_column_name']}:{lvl['label_for_charts']}")
    return filled


# Real records of the same person do disagree on any field now and then (a mistyped NHS number
# that still passes its check digit, a wrong date keyed in). Synthetic training data may never
# show that, and EM then learns "never happens": one disagreement would veto a link for ever.
MIN_M_PROBABILITY = 1e-3


def without_term_frequencies(model: dict[str, Any]) -> dict[str, Any]:
    """The model with every term-frequency adjustment removed. (A weight of 0 is not enough:
    Splink reads it as unset and applies the adjustment in full.)"""
    for comp in model["comparisons"]:
        for lvl in comp["comparison_levels"]:
            if lvl.get("tf_adjustment_column"):
                for key in ("tf_adjustment_column", "tf_adjustment_weight",
                            "disable_tf_exact_match_detection", "tf_minimum_u_value"):
                    lvl.pop(key, None)
    return model


#: Comparisons that carry only a term-frequency adjustment (every level m = u).
NEUTRAL_COMPARISONS = frozenset(
    spec.name for spec in COMPARISONS
    if all(lvl.neutral for lvl in spec.levels if not lvl.is_null)
)


def make_neutral(model: dict[str, Any]) -> None:
    """Fix m = u on the levels of :data:`NEUTRAL_COMPARISONS` (after u has been estimated), so
    they weigh nothing themselves and EM leaves them alone."""
    for comp in model["comparisons"]:
        if comp["output_column_name"] not in NEUTRAL_COMPARISONS:
            continue
        for lvl in comp["comparison_levels"]:
            if not lvl.get("is_null_level") and lvl.get("u_probability") is not None:
                lvl["m_probability"] = lvl["u_probability"]  # unobserved: fill_unobserved_levels
                lvl["fix_m_probability"] = True


def floor_m_probabilities(model: dict[str, Any], floor: float = MIN_M_PROBABILITY) -> list[str]:
    """Raise every level's m probability to at least `floor`, taking the excess from the most
    likely level of the same comparison so each comparison's m values still sum to one.
    Returns the labels that were raised. Neutral comparisons (m = u by design) are left alone."""
    raised = []
    for comp in model["comparisons"]:
        if comp["output_column_name"] in NEUTRAL_COMPARISONS:
            continue
        levels = [lvl for lvl in comp["comparison_levels"] if not lvl.get("is_null_level")]
        low = [lvl for lvl in levels if (lvl.get("m_probability") or 0) < floor]
        if not low:
            continue
        excess = sum(floor - (lvl.get("m_probability") or 0) for lvl in low)
        for lvl in low:
            lvl["m_probability"] = floor
            raised.append(f"{comp['output_column_name']}:{lvl['label_for_charts']}")
        top = max(levels, key=lambda lvl: lvl["m_probability"])
        top["m_probability"] -= excess
    return raised
