import random

import duckdb
import jellyfish
import pytest

from safeguard.matching.model import load_model
from safeguard.matching.scoring import (
    CANDIDATE_KEYS,
    blocking_keys,
    candidate_lookups,
    score_candidates,
    score_pair,
)

CHILD = {
    "record_id": "C1", "given_name": "Katherine", "family_name": "Smith",
    "date_of_birth": "2014-03-07", "sex": "F", "postcode": "SG1 2AB",
    "address": "12 High Street", "nhs_number": "9434765919",
}


def test_day_and_month_swapped_is_explained_and_still_a_likely_match():
    other = dict(CHILD, record_id="C2", date_of_birth="2014-07-03", nhs_number="")
    match = score_pair(CHILD, other)
    assert "date of birth: day and month swapped" in match.explanation
    assert match.match_probability > 0.9


def test_nickname_is_explained_and_scores_above_an_unrelated_name():
    katie = dict(CHILD, record_id="C2", given_name="Katie", nhs_number="")
    zoe = dict(CHILD, record_id="C3", given_name="Zoe", nhs_number="")
    nick = score_pair(CHILD, katie)
    assert any("short form" in line for line in nick.explanation)
    assert nick.match_weight > score_pair(CHILD, zoe).match_weight


def test_exact_nhs_number_agreement_ranks_first():
    query = {"given_name": "Katie", "family_name": "Smith", "nhs_number": "943 476 5919"}
    same_details = dict(CHILD, record_id="lookalike", given_name="Katie", nhs_number="")
    nhs_only = {"record_id": "nhs", "given_name": "Kate", "family_name": "Jones",
                "nhs_number": "9434765919"}
    ranked = score_candidates(query, [same_details, nhs_only])
    assert [m.record_id for m in ranked] == ["nhs", "lookalike"]
    assert ranked[0].nhs_number_agrees
    assert "NHS number agrees" in ranked[0].explanation


def test_missing_fields_are_neutral_and_not_explained():
    query = {"given_name": "Katherine", "family_name": "Smith"}
    full = score_pair(query, CHILD)
    sparse = score_pair(query, {"record_id": "x", "given_name": "Katherine",
                                "family_name": "Smith"})
    assert full.match_weight == pytest.approx(sparse.match_weight)
    assert full.explanation == ["given name agrees", "family name agrees"]


def test_ranking_puts_the_corrupted_true_record_above_a_sibling():
    query = {"given_name": "Katy", "family_name": "Smyth", "date_of_birth": "07/03/2014",
             "postcode": "sg12ab"}
    sibling = dict(CHILD, record_id="sib", given_name="Thomas", sex="M",
                   date_of_birth="2011-09-30", nhs_number="9876543210")
    ranked = score_candidates(query, [sibling, CHILD])
    assert ranked[0].record_id == "C1"
    assert ranked[0].match_probability > 0.5 > ranked[1].match_probability
    assert any(text.startswith(("family name sounds alike", "family name similar"))
               for text in ranked[0].explanation)


def test_blocking_keys_find_swapped_dates_and_nicknames():
    a = blocking_keys(CHILD)
    b = blocking_keys(dict(CHILD, given_name="Kate", date_of_birth="2014-07-03"))
    assert set(CANDIDATE_KEYS) <= a.keys()
    assert a["key_family_phonetic__dob_unordered"] == b["key_family_phonetic__dob_unordered"]
    assert a["key_given_phonetic__dob_unordered"] == b["key_given_phonetic__dob_unordered"]
    assert a["dob_year_month"] == "2014-03"
    lookups = candidate_lookups({"family_name": "Smith", "date_of_birth": "2014-03-07"})
    assert [name for name, _ in lookups] == ["key_family_phonetic__dob_unordered"]


def test_jellyfish_string_similarity_equals_duckdb():
    rng = random.Random(0)
    words = ["".join(rng.choice("ABCDEHKLMNORSTY") for _ in range(rng.randint(1, 10)))
             for _ in range(400)]
    pairs = list(zip(words[::2], words[1::2], strict=True)) + [("MARTHA", "MARHTA"), ("SMITH", "SMYTH")]
    con = duckdb.connect()
    rows = con.execute(
        "SELECT a, b, jaro_winkler_similarity(a, b), levenshtein(a, b) "
        "FROM (SELECT unnest(?) AS a, unnest(?) AS b)",
        [[p[0] for p in pairs], [p[1] for p in pairs]]).fetchall()
    for a, b, jw, lev in rows:
        assert jellyfish.jaro_winkler_similarity(a, b) == pytest.approx(jw, abs=1e-12)
        assert jellyfish.levenshtein_distance(a, b) == lev


def test_python_scorer_reproduces_splink_match_weights(tmp_path):
    """The real-time scorer and Splink's SQL must agree on every scored pair, term-frequency
    adjustments included (frequencies counted over the file, as Splink counts them)."""
    from splink import DuckDBAPI, Linker

    from safeguard.matching.batch import _connect, load_and_standardise
    from safeguard.matching.synthetic import write_population

    data = tmp_path / "in.csv"
    write_population(data, None, 1500, seed=9)
    con = _connect(None, None)
    load_and_standardise(con, data)
    model = load_model()
    linker = Linker(DuckDBAPI(con).register("persons"), model.source, log_level=None)
    pred = linker.inference.predict(warning_mode="never")
    rows = con.execute(
        f"SELECT record_id_l, record_id_r, match_weight FROM {pred.physical_name}"
    ).fetchall()
    assert len(rows) > 500
    cols = [d[0] for d in con.execute("SELECT * FROM persons LIMIT 0").description]
    people = {r[1]: dict(zip(cols, r, strict=True)) for r in con.execute("SELECT * FROM persons").fetchall()}
    frequencies = {
        column: dict(con.execute(
            f"SELECT {column}, count(*) / sum(count(*)) OVER () FROM persons "
            f"WHERE {column} IS NOT NULL GROUP BY {column}").fetchall())
        for column in ("given_name", "family_name")
    }
    adjusted = 0
    for left, right, weight in rows:
        scored = score_pair(people[left], people[right], model, frequencies)
        assert scored.match_weight == pytest.approx(weight, abs=1e-6)
        adjusted += scored.match_weight != pytest.approx(score_pair(people[left], people[right], model).match_weight)
    assert adjusted > 100  # name frequencies changed many of the weights


def test_one_mistyped_nhs_number_does_not_veto_an_otherwise_certain_match():
    # 401 023 2137 is a valid NHS number too: a keying error the check digit cannot catch.
    other = dict(CHILD, record_id="C2", nhs_number="4010232137")
    match = score_pair(CHILD, other)
    assert "NHS number differs" in match.explanation
    assert match.match_probability > 0.9


def test_floor_keeps_each_comparisons_m_probabilities_summing_to_one():
    from safeguard.matching.model import MIN_M_PROBABILITY, floor_m_probabilities

    model = {
        "comparisons": [
            {
                "output_column_name": "nhs_number",
                "comparison_levels": [
                    {"is_null_level": True, "label_for_charts": "null"},
                    {"m_probability": 1.0, "label_for_charts": "exact"},
                    {"m_probability": 1e-16, "label_for_charts": "else"},
                ],
            }
        ]
    }
    assert floor_m_probabilities(model) == ["nhs_number:else"]
    levels = model["comparisons"][0]["comparison_levels"][1:]
    assert levels[1]["m_probability"] == MIN_M_PROBABILITY
    assert sum(lvl["m_probability"] for lvl in levels) == pytest.approx(1.0)


def test_agreement_on_a_rare_name_counts_for_more_than_on_a_common_one():
    """Same agreement pattern (given name, date of birth; family name changed, moved), scored with
    the people's name frequencies: the rare given name is the likelier match, and says so."""
    query = {"given_name": "Zebedee", "family_name": "Ashworth", "date_of_birth": "2013-06-02", "sex": "M"}
    rare = {"record_id": "R", **query, "family_name": "Okonkwo", "postcode": "SG1 2AB"}
    common = {**rare, "record_id": "C", "given_name": "Jack"}
    frequencies = {"given_name": {"ZEBEDEE": 1 / 200_000, "JACK": 1 / 60}, "family_name": {}}
    plain_rare = score_pair(query, rare)
    plain_common = score_pair(dict(query, given_name="Jack"), common)
    assert plain_rare.match_weight == pytest.approx(plain_common.match_weight)  # no frequencies: equal
    with_rare = score_pair(query, rare, frequencies=frequencies)
    with_common = score_pair(dict(query, given_name="Jack"), common, frequencies=frequencies)
    assert with_rare.match_weight > plain_rare.match_weight > with_common.match_weight
    assert "given name is uncommon" in with_rare.explanation
    assert "given name is common" in with_common.explanation


def test_shared_family_name_rarity_counts_only_away_from_a_shared_home():
    """A household shares its family name whatever its rarity; elsewhere a rare one is evidence."""
    child = {"given_name": "Mia", "family_name": "Quartermaine", "date_of_birth": "2016-01-09",
             "postcode": "SG1 2AB", "address": "4 Elm Close"}
    moved = {**child, "record_id": "M", "postcode": "LU3 4EF", "address": "9 Birch Way"}
    at_home = {**child, "record_id": "H"}
    rare = {"given_name": {}, "family_name": {"QUARTERMAINE": 1 / 500_000}}
    assert score_pair(child, moved, frequencies=rare).match_weight > score_pair(child, moved).match_weight
    assert "family name is uncommon" in score_pair(child, moved, frequencies=rare).explanation
    assert score_pair(child, at_home, frequencies=rare).match_weight == \
        pytest.approx(score_pair(child, at_home).match_weight)


def test_family_name_frequency_comparison_weighs_nothing_but_its_adjustment():
    model = load_model()
    (frequency,) = [c for c in model.comparisons if c.name == "family_name_frequency"]
    assert [lvl.weight for lvl in frequency.levels] == [0.0, 0.0]
