"""link_persons learns its parameters from the file, and holds on data unlike our generator."""

import csv
import json
import logging

import pytest
from django.core.management import call_command

from safeguard.matching.batch import (
    GUARD_MAX_M_GIVEN_ELSE,
    ThresholdChoice,
    _connect,
    _Engine,
    choose_threshold,
    expected_cluster_scores,
    link_file,
)
from safeguard.matching.estimation import (
    DETERMINISTIC_RECALL_BOUNDS,
    _em_outcome,
    estimated_rule_recall,
)
from safeguard.matching.model import load_model, model_from_dict, without_term_frequencies
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


def test_threshold_is_the_one_whose_clusters_the_model_expects_to_score_best():
    choices = [ThresholdChoice(0.5, True, 0.90, 0.99), ThresholdChoice(0.6, True, 0.97, 0.98),
               ThresholdChoice(0.7, True, 0.99, 0.90)]
    assert choose_threshold(choices).threshold == 0.6
    # Within 0.0005 of expected F1 the lower threshold wins (recall for the reviewer to judge).
    close = [ThresholdChoice(0.8, True, 0.9802, 0.9798), ThresholdChoice(0.5, True, 0.98, 0.98)]
    assert choose_threshold(close).threshold == 0.5


def test_a_doubtful_link_is_judged_by_every_pair_it_puts_together(tmp_path):
    """Two people with two records each; one doubtful link (0.6) between them. Judged as a link
    it looks acceptable; judged by the clusters it makes (four pairs it joins, scored 0.6, 0.1 and
    two not at all likely) it is not, so a threshold above it is expected to do better."""
    src = tmp_path / "two.csv"
    src.write_text(HEADER + "a1,Ann,Lee,2001-02-03,F,,,\n" + "a2,Ann,Lee,2001-02-03,F,,,\n"
                   + "b1,Bea,Lee,2003-04-05,F,,,\n" + "b2,Bea,Lee,2003-04-05,F,,,\n")
    con = _connect(None, 1)
    from safeguard.matching.batch import load_and_standardise

    load_and_standardise(con, src)
    runner = _Engine("duckdb", con, spark_master=None, work_dir=str(tmp_path), threads=1,
                     memory_limit=None, spark_partitions=None)
    con.execute("CREATE TABLE pred AS SELECT * FROM (VALUES ('a1', 'a2', 0.99), "
                "('b1', 'b2', 0.99), ('a1', 'b1', 0.6), ('a2', 'b2', 0.1)) "
                "t(record_id_l, record_id_r, match_probability)").fetchall()
    con.execute("CREATE TABLE together AS SELECT record_id, 'x' AS cluster_id FROM persons"
                ).fetchall()
    con.execute("CREATE TABLE apart AS SELECT record_id, substr(record_id, 1, 1) AS cluster_id "
                "FROM persons").fetchall()
    compared = "l.family_name = r.family_name"  # every pair of the four was compared
    low = ThresholdChoice(0.5, True, *expected_cluster_scores(runner, "pred", "together",
                                                              compared, 2.68))
    high = ThresholdChoice(0.95, True, *expected_cluster_scores(runner, "pred", "apart",
                                                                compared, 2.68))
    assert low.expected_precision == pytest.approx(2.68 / 6)
    assert (high.expected_precision, high.expected_recall) == pytest.approx((0.99, 1.98 / 2.68))
    assert choose_threshold([low, high]) is high


def test_the_prior_follows_how_often_the_exact_rule_holds_for_a_true_match():
    """On a file where a person's records seldom agree exactly on given name, family name and
    date of birth, the deterministic rule finds fewer of the true matches than the 70% assumed
    before training, and the prior must rise accordingly."""
    model = json.loads(json.dumps(load_model().source))
    rules = [("given_name", "family_name", "date_of_birth")]
    clean = estimated_rule_recall(model, {}, rules)
    dob = next(c for c in model["comparisons"] if c["output_column_name"] == "date_of_birth")
    levels = {lvl.get("label_for_charts"): lvl for lvl in dob["comparison_levels"]}
    exact_before = levels["exact"]["m_probability"]
    levels["else"]["m_probability"] += exact_before - 0.5
    levels["exact"]["m_probability"] = 0.5  # half of a person's pairs: another date of birth
    damaged = estimated_rule_recall(model, {}, rules)
    assert damaged == pytest.approx(clean * 0.5 / exact_before, rel=1e-3)
    assert damaged < clean < 0.7
    with_gaps = estimated_rule_recall(model, {"date_of_birth": 0.2}, rules)
    assert with_gaps == pytest.approx(damaged * 0.8 * 0.8, rel=1e-3)
    assert estimated_rule_recall(model, {"given_name": 1.0}, rules) == DETERMINISTIC_RECALL_BOUNDS[0]


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


def test_a_malformed_spark_property_is_refused_before_anything_runs(tmp_path):
    from django.core.management.base import CommandError

    src = tmp_path / "in.csv"
    src.write_text(HEADER + "a1,Ann,Lee,2001-02-03,F,,,\n")
    out = tmp_path / "out.csv"
    with pytest.raises(CommandError, match="--spark-conf 'spark.executor.memory': expected KEY=VALUE"):
        call_command("link_persons", str(src), output=str(out), engine="spark",
                     spark_conf=["spark.executor.memory"], no_progress=True)
    assert not out.exists()
