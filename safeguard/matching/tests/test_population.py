"""The prior is for the population being de-duplicated: it falls like 1/N beyond the size the model was
estimated on, decided in one place, and it moves every pair's weight by the same amount."""

import math

from safeguard.matching.model import load_model
from safeguard.matching.population import (
    PRIOR_POPULATION,
    model_for_population,
    population_band,
    prior_for_population,
)
from safeguard.matching.scoring import score_pair

MODEL_PRIOR = load_model().source["probability_two_random_records_match"]


def test_the_prior_falls_like_one_over_the_population_beyond_the_models_own():
    assert prior_for_population(1_000) == prior_for_population(PRIOR_POPULATION) == MODEL_PRIOR
    tenfold = prior_for_population(10 * PRIOR_POPULATION)
    assert math.isclose(tenfold, MODEL_PRIOR / 10, rel_tol=1e-4)
    assert math.isclose(prior_for_population(20 * PRIOR_POPULATION), tenfold / 2, rel_tol=1e-4)


def test_a_larger_population_lowers_every_pairs_weight_by_the_same_amount_and_keeps_the_evidence():
    model = load_model()
    county = model_for_population(model, 2_000_000)
    assert county.comparisons == model.comparisons  # m and u as estimated
    namesakes = (
        {"given_name": "Katherine", "family_name": "Whitmore", "date_of_birth": "2014-03-07", "sex": "F",
         "postcode": "AB1 2CD", "address": "12 Oak Road"},
        {"given_name": "Katherine", "family_name": "Ashcombe", "date_of_birth": "2014-03-07", "sex": "F",
         "postcode": "ZZ9 8XY", "address": "3 Mill Lane"},
    )
    small, large = score_pair(*namesakes, model=model), score_pair(*namesakes, model=county)
    assert math.isclose(small.match_weight - large.match_weight, math.log2(10), abs_tol=0.01)
    assert small.match_probability >= 0.5 > large.match_probability


def test_the_queue_is_rescored_when_the_population_doubles_not_as_it_creeps():
    assert population_band(5_000) == population_band(PRIOR_POPULATION)  # the prior does not move below
    assert population_band(1_000_000) == population_band(1_100_000)
    assert population_band(1_000_000) != population_band(2_000_000)
