"""The prior for a population: how likely two records picked at random from it are one person.

Splink's ``probability_two_random_records_match`` (the model's prior, λ) is the probability that two
random records *from the input data* are a match: Splink's own estimate of it
(``linker.training.estimate_probability_two_random_records_match``) counts the matches deterministic
rules find, scales them up by the rules' recall and divides by the number of possible record
comparisons, N(N−1)/2 when de-duplicating. So it belongs to the data being linked, not to the m and
u probabilities, and every pair's match weight starts from it.

Among N records each of which has on average r true duplicate pairs, the true pairs grow like
r·N while the pairs grow like N²/2, so λ = 2r / (N − 1): it falls like 1/N. A fixed λ with a fixed
cut-off therefore lets in more coincidences the larger the population: two strangers who share a
given name and a date of birth are a few hundred pairs in 100,000 people and hundreds of thousands
in a county of 1.9M records (issue 12: 697,059 pairs queued at 1M, 1,295 at 100k).

So the model's prior is read as "right for a population of ``PRIOR_POPULATION`` records" (the size
of the file the shipped model was estimated on, ``bench/train_default_model.py --records 200000``,
whose true prior is about that: one duplicate pair per record) and, for a larger population, scaled
down by ``PRIOR_POPULATION / N``: the same duplicates per record spread over more pairs. The m and u
probabilities (the evidence) are unchanged.

It is never raised above the model's prior for a smaller population, although Splink's semantics
would: the training file's one duplicate pair per record is already far more than any county holds
(the seeded county has none), so a raised prior would over-state it further. At 1,000 people two
strangers who share a given name, a date of birth and a sex would score 0.9986 (0.78 with the
model's prior). Measured on files with known truth in bench/results/dupqueue-*.md.

Decided here only (``model_for_population``); the duplicate review queue (``people.duplicates``)
scores every pair with the prior for the people in the person index, and rescans everyone when that
number has doubled or halved since (``population_band``).

Real-time search for a new contact (``people.matching.find_candidates``) deliberately keeps the
model's prior. There a practitioner looks for one child at intake and sees at most ten candidates,
best first; the prior moves every candidate's weight by the same amount, so the order is the same
either way, and only the 0.001 floor would move. Missing a child who is already known (and their
history) costs far more than one more stranger on a short list a person reads, and the list cannot
flood as the county grows. The queue is different: it is unbounded and nobody asked for its pairs.
"""

from __future__ import annotations

import dataclasses
import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from safeguard.matching.model import TrainedModel

#: Records in the file the shipped model's prior was estimated on (bench/train_default_model.py).
PRIOR_POPULATION = 200_000


def prior_for_population(population: int, *, model_prior: float | None = None,
                         reference: int = PRIOR_POPULATION) -> float:
    """λ for ``population`` records: the model's prior (``model_prior``, by default the current
    model's) for up to ``reference`` records, and ``reference / population`` of it beyond: the
    same duplicates per record, spread over N(N−1)/2 pairs instead of reference(reference−1)/2."""
    if model_prior is None:
        from safeguard.matching.search import current_model

        model_prior = current_model().source["probability_two_random_records_match"]
    if population <= reference:
        return model_prior
    return model_prior * (reference - 1) / (population - 1)


def prior_weight(prior: float) -> float:
    """log2 prior odds, the match weight a pair starts from."""
    return math.log2(prior / (1 - prior))


def model_for_population(model: TrainedModel, population: int) -> TrainedModel:
    """The model with its prior for ``population`` records (m and u as they are)."""
    prior = prior_for_population(population, model_prior=model.source["probability_two_random_records_match"])
    return dataclasses.replace(model, prior_weight=prior_weight(prior))


def population_band(population: int) -> int:
    """The population to the nearest power of two: a change of band changes every pair's prior by
    about a bit, enough to rescan the queue rather than leave old pairs scored with the old prior."""
    return round(math.log2(max(population, PRIOR_POPULATION)))
