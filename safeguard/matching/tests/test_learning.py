"""link_persons learns its parameters from the file, and holds on data unlike our generator."""

import csv
import json
import logging

import pytest
from django.core.management import call_command

from safeguard.matching.batch import (
    GUARD_MAX_M_GIVEN_ELSE,
    choose_threshold,
    expected_precision_recall,
    link_file,
)
from safeguard.matching.model import (
    _em_outcome,
    load_model,
    model_from_dict,
    without_term_frequencies,
)
from safeguard.matching.scoring import score_pair
from safeguard.matching.synthetic import write_population

HEADER = "record_id,given_name,family_name,date_of_birth,sex,postcode,address,nhs_number\n"


def clusters(path):
    with open(path, newline="") as f:
        return {r["record_id"]: r["cluster_id"] for r in csv.DictReader(f)}


@pytest.fixture(scope="module")
def population(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("learn")
    data, truth = tmp / "in.csv", tmp / "truth.csv"
    write_population(data, truth, 3000, seed=33, include_nhs=False)
    return tmp, data


def test_link_persons_prints_what_it_learnt_and_can_save_and_reuse_the_model(population, capsys):
    tmp, data = population
    model_file, out = tmp / "model.json", tmp / "out.csv"
    call_command("link_persons", str(data), output=str(out), save_model=str(model_file),
                 no_progress=True)
    printed = capsys.readouterr().out
    assert "estimated on 3,000 records" in printed
    assert "prior probability that two records are one person" in printed
    assert "EM on dob_unordered: converged" in printed
    assert "given_name             exact" in printed  # m, u and weight per level
    assert "chosen from the model's estimate): expected precision 0." in printed
    saved = json.loads(model_file.read_text())
    assert {c["output_column_name"] for c in saved["comparisons"]} >= {"given_name", "date_of_birth"}

    again = tmp / "again.csv"
    call_command("link_persons", str(data), output=str(again), model=str(model_file),
                 no_progress=True, threshold=0.7)
    printed = capsys.readouterr().out
    assert "What the model learnt" not in printed  # reused, not re-estimated
    assert "threshold 0.7 (as given)" in printed
    assert len(set(clusters(again).values())) < 3000


def test_the_estimate_differs_from_the_starting_model(population):
    _, data = population
    result = link_file(data, population[0] / "o.csv", progress=False)
    learnt = {(c, label): m for c, label, m, _u, _w in result.training.levels}
    shipped = {(c["output_column_name"], lvl["label_for_charts"]): lvl.get("m_probability")
               for c in load_model().source["comparisons"] for lvl in c["comparison_levels"]}
    assert learnt[("date_of_birth", "exact")] != shipped[("date_of_birth", "exact")]
    assert 0 < result.training.prior < 0.01


def test_a_small_file_uses_the_shipped_model_and_says_so(tmp_path):
    src = tmp_path / "small.csv"
    src.write_text(HEADER + "a1,Ann,Lee,2001-02-03,F,SG1 2AB,12 High St,\n"
                   + "a2,Ann,Lee,2001-02-03,F,SG1 2AB,12 High Street,\n")
    result = link_file(src, tmp_path / "out.csv", progress=False)
    assert result.training is None
    assert any("too few to estimate" in note for note in result.notes)
    assert len(set(clusters(tmp_path / "out.csv").values())) == 1


def test_records_unlike_ours_still_link(tmp_path):
    """Swapped given and family names, an initial, a one-letter slip in a short given name, a
    double-barrelled family name and a partial postcode with the address in free text."""
    src = tmp_path / "unlike.csv"
    src.write_text(
        HEADER
        + "a1,Oliver,Whitmore,2015-04-01,M,AB1 2CD,12 Oak Road,\n"
        + "a2,Whitmore,Oliver,2015-04-01,M,AB1 2CD,12 Oak Rd,\n"          # names swapped
        + "b1,Mia,Kowalczyk,2012-06-30,F,ZX9 8YW,3 Elm Close,\n"
        + "b2,Nia,Kowalczyk,2012-06-30,F,ZX9 8YW,3 Elm Close,\n"          # one letter off
        + "c1,Priya,Ashworth-Bell,2010-11-12,F,LM4 5NP,\"Flat 2, 7 Mill Lane, Wrekin\",\n"
        + "c2,P,Ashworth,2010-11-12,F,LM4 5N,7 Mill Lane,\n"              # initial, partial postcode
    )
    out = tmp_path / "out.csv"
    link_file(src, out, progress=False)
    got = clusters(out)
    assert got["a1"] == got["a2"]
    assert got["b1"] == got["b2"]
    assert got["c1"] == got["c2"]
    assert len({got["a1"], got["b1"], got["c1"]}) == 3


def test_the_new_levels_explain_themselves_in_real_time():
    swapped = score_pair({"given_name": "Oliver", "family_name": "Whitmore"},
                         {"given_name": "Whitmore", "family_name": "Oliver"})
    assert "given and family names swapped" in swapped.explanation
    assert not swapped.likely_relative
    initial = score_pair({"given_name": "P", "family_name": "Ashworth"},
                         {"given_name": "Priya", "family_name": "Ashworth"})
    assert "given name is an initial of the other" in initial.explanation
    slip = score_pair({"given_name": "Mia", "family_name": "Kowalczyk"},
                      {"given_name": "Nia", "family_name": "Kowalczyk"})
    assert "given name differs by one letter" in slip.explanation and not slip.likely_relative


def test_relatives_guard_stands_aside_when_the_file_shows_given_names_often_differ(tmp_path):
    """A file whose records of one person often carry another given name (replaced, or keyed in
    another order): the model learns that, and the guard must not drop those links."""
    model = json.loads(json.dumps(load_model().source))
    given = next(c for c in model["comparisons"] if c["output_column_name"] == "given_name")
    levels = {lvl["label_for_charts"]: lvl for lvl in given["comparison_levels"]}
    levels["exact"]["m_probability"] -= 0.2 - levels["else"]["m_probability"]
    levels["else"]["m_probability"] = 0.2  # one person's records: 1 pair in 5 another given name
    assert GUARD_MAX_M_GIVEN_ELSE <= 0.2
    src = tmp_path / "replaced.csv"
    src.write_text(
        HEADER
        + "a1,Connor,Shepherd,1932-09-07,M,3183,39 Burnage Place Winston Hills,\n"
        + "a2,Olivia,Shepherd,1932-09-07,M,3183,39 Burnage Place Winston Hills,\n"
    )
    out = tmp_path / "out.csv"
    result = link_file(src, out, progress=False, model=model, threshold=0.5)
    assert any("relatives guard not used" in note for note in result.notes)
    got = clusters(out)
    assert got["a1"] == got["a2"]


def test_threshold_is_chosen_where_expected_precision_and_recall_balance():
    # (probability, pairs, sum of their probabilities)
    histogram = [(0.1, 100, 10.0), (0.6, 1000, 600.0), (0.95, 200, 190.0), (0.999, 2000, 1998.0)]
    choice = choose_threshold(histogram)
    p, r = expected_precision_recall(histogram, choice.threshold)
    assert (choice.expected_precision, choice.expected_recall) == (p, r)
    assert choice.threshold == 0.61  # the 0.6 pairs cost more precision than they add recall
    assert p >= r
    below = expected_precision_recall(histogram, 0.6)
    assert below[0] < below[1]
    assert choose_threshold([(0.999, 10, 9.99)]).threshold == 0.5  # nothing in doubt


def test_em_that_stops_at_its_iteration_limit_is_reported_as_not_converged():
    messages = [f"Iteration {i}: Largest change in params was 0.0{i} in x" for i in range(1, 21)]
    iterations, converged, change = _em_outcome(messages, 20, 0.001)
    assert (iterations, converged) == (20, False) and change == pytest.approx(0.020)
    iterations, converged, _ = _em_outcome(messages[:6], 20, 0.001)
    assert (iterations, converged) == (6, True)


def test_python_scorer_reproduces_splink_on_the_new_levels(tmp_path):
    """Transposed names, initials, one-letter slips, year-only dates, near homes: Splink's SQL and
    the real-time scorer agree on each."""
    from splink import DuckDBAPI, Linker

    from safeguard.matching.batch import _connect, load_and_standardise

    src = tmp_path / "levels.csv"
    src.write_text(
        HEADER
        + "a1,Oliver,Whitmore,2015-04-01,M,AB1 2CD,12 Oak Road,\n"
        + "a2,Whitmore,Olivr,2015-04-01,M,AB1 2CE,12 Oak Rd,\n"
        + "a3,O,Whitmore,2015-01-01,M,AB1 2CD,12 Oak Road Wrekin,\n"
        + "a4,Mia,Whitmore,2015-04-01,F,AB1 2CD,12 Oak Road,\n"
        + "a5,Nia,Whitmore,2015-09-09,F,,12 Oak Rd,\n"
    )
    con = _connect(None, None)
    load_and_standardise(con, src)
    settings = without_term_frequencies(json.loads(json.dumps(load_model().source)))
    settings["blocking_rules_to_generate_predictions"] = ["1=1"]
    model = model_from_dict(settings)  # no name frequencies in a file of five
    linker = Linker(DuckDBAPI(con).register("persons"), settings, log_level=logging.WARNING)
    pred = linker.inference.predict(warning_mode="never")
    rows = con.execute(f"SELECT record_id_l, record_id_r, match_weight FROM {pred.physical_name}"
                       ).fetchall()
    assert len(rows) == 10
    cols = [d[0] for d in con.execute("SELECT * FROM persons LIMIT 0").description]
    people = {r[1]: dict(zip(cols, r, strict=True))
              for r in con.execute("SELECT * FROM persons").fetchall()}
    seen = set()
    for left, right, weight in rows:
        scored = score_pair(people[left], people[right], model)
        assert scored.match_weight == pytest.approx(weight, abs=1e-6), (left, right)
        seen |= {f"{k}:{v}" for k, v in scored.levels.items()}
    assert {"given_name:transposed", "given_name:initial", "given_name:one_edit",
            "date_of_birth:same_year"} <= seen
