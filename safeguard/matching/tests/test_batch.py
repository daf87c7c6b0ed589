import csv

import pytest

from safeguard.matching.batch import link_file
from safeguard.matching.evaluation import pairwise_scores, score_files
from safeguard.matching.synthetic import write_population

HEADER = "record_id,given_name,family_name,date_of_birth,sex,postcode,address,nhs_number\n"


def read_rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def linked(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("link")
    data, truth, out = tmp / "in.csv", tmp / "truth.csv", tmp / "out.csv"
    write_population(data, truth, 5000, seed=21, include_nhs=False)
    result = link_file(data, out, progress=False)
    return result, data, truth, out


def test_links_synthetic_file_without_nhs_numbers_accurately(linked):
    result, _, truth, out = linked
    scores = score_files(out, truth)
    assert scores.precision >= 0.95, scores
    assert scores.recall >= 0.95, scores
    assert scores.f1 >= 0.96, scores
    assert result.records == 5000


def test_output_has_one_row_per_record_in_input_order(linked):
    result, data, _, out = linked
    rows = read_rows(out)
    assert list(rows[0]) == ["record_id", "cluster_id", "match_probability"]
    assert [r["record_id"] for r in rows] == [r["record_id"] for r in read_rows(data)]
    linked_rows = [r for r in rows if r["match_probability"]]
    threshold = result.threshold.threshold
    assert linked_rows and all(float(r["match_probability"]) >= threshold for r in linked_rows)
    singles = [r for r in rows if not r["match_probability"]]
    assert all(r["cluster_id"] == r["record_id"] for r in singles)


def test_bad_rows_are_reported_by_line_and_field_and_the_rest_linked(tmp_path):
    src = tmp_path / "bad.csv"
    src.write_text(
        HEADER
        + "a1,Katherine,Smith,2014-03-07,F,SG1 2AB,12 High St,\n"      # line 2
        + "a2,Katie,Smith,2014-07-03,F,SG1 2AB,12 High Street,\n"      # line 3
        + "a3,Tom,Jones,2014-13-45,M,SG1 2AB,1 Low Rd,\n"              # line 4: bad date
        + "a4,Tom,Jones,,M,SG1 2AB,1 Low Rd,1234567890\n"              # line 5: bad NHS
        + "a5,too,many,fields,M,x,y,z,extra,more\n"                    # line 6: unreadable
        + ",Nobody,Here,2000-01-01,F,,,\n"                             # line 7: blank id
        + "a1,Dupe,Id,2000-01-01,F,,,\n"                               # line 8: duplicate
        + "a6,Ann,Lee,2001-02-03,F,,,\n"                               # line 9
    )
    out = tmp_path / "out.csv"
    result = link_file(src, out, progress=False)
    reported = [(b.line, b.field) for b in result.bad_rows]
    assert reported == [(4, "date_of_birth"), (5, "nhs_number"), (6, "row"),
                        (7, "record_id"), (8, "record_id")]
    assert all("2014-13-45" not in str(b) for b in result.bad_rows)  # no values echoed
    rows = {r["record_id"]: r for r in read_rows(out)}
    assert set(rows) == {"a1", "a2", "a3", "a4", "a6"}
    assert rows["a1"]["cluster_id"] == rows["a2"]["cluster_id"]  # nickname + swapped date
    assert rows["a6"]["cluster_id"] != rows["a1"]["cluster_id"]


def test_missing_column_is_a_clear_error(tmp_path):
    src = tmp_path / "cols.csv"
    src.write_text("record_id,given_name\n1,Ann\n")
    with pytest.raises(ValueError, match="family_name"):
        link_file(src, tmp_path / "out.csv", progress=False)


def test_pairwise_scores_counts_pairs():
    truth = {"a": 1, "b": 1, "c": 1, "d": 2}
    predicted = {"a": "x", "b": "x", "c": "y", "d": "y"}
    s = pairwise_scores(predicted, truth)
    assert (s.true_pairs, s.predicted_pairs, s.true_positive_pairs) == (3, 2, 1)
    assert s.precision == 0.5 and s.recall == pytest.approx(1 / 3)


def test_relatives_guard_keeps_twins_and_parents_apart_but_links_nicknames(tmp_path):
    src = tmp_path / "household.csv"
    src.write_text(
        HEADER
        + "a1,Oliver,Whitmore,2015-04-01,M,AB1 2CD,12 Oak Road,\n"
        + "a2,Olly,Whitmore,2015-04-01,M,AB1 2CD,12 Oak Rd,\n"  # the same boy, nickname
        + "b1,Harry,Whitmore,2015-04-01,M,AB1 2CD,12 Oak Road,\n"  # his twin brother
        + "c1,Sarah,Whitmore,1985-04-01,F,AB1 2CD,12 Oak Road,\n"  # their mother
    )
    guarded, unguarded = tmp_path / "g.csv", tmp_path / "u.csv"
    link_file(src, guarded, progress=False, threshold=0.8)
    link_file(src, unguarded, progress=False, relatives_guard=False, threshold=0.8)
    g = {r["record_id"]: r["cluster_id"] for r in read_rows(guarded)}
    assert g["a1"] == g["a2"] and g["b1"] != g["a1"] and g["c1"] != g["a1"]
    u = {r["record_id"]: r["cluster_id"] for r in read_rows(unguarded)}
    assert u["b1"] == u["a1"]  # what the guard prevents: the twins chained into one person
