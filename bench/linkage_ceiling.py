"""How well could *any* pairwise linkage do on this data? A ceiling for batch F1, fitted on truth.

    nice .venv/bin/python bench/linkage_ceiling.py --sizes 100000 1000000

Analysis only: the truth file is used here to *measure* the data, never by ``link_file``.

The synthetic corruption destroys information: a record whose family name changed *and* who moved
shares only a given name and a date of birth with the person's other records, and at a million
records as many unrelated pairs share those. This script asks how well the best possible decision
on each pair could do, given everything the linkage model compares:

1. Candidate pairs from the shipped model's blocking rules (``BLOCKING_RULES`` and
   ``BATCH_ONLY_RULES``: name, date of birth and sex, given name and home...), so that the
   oracle and the model judge the same pairs.
2. Each pair's *comparison pattern*: the level reached in every comparison of the model, plus how
   common each name is (term frequency, in powers of two) — everything Splink scores.
3. The **oracle** links every pattern in which at least a share ``r`` of the pairs are truly the
   same person, the share read from the truth file (the Bayes-optimal rule for that pattern,
   fitted in-sample, so optimistic), and clusters by connected components as ``link_file`` does.
4. Beside it, in the same run: the shipped model at the default threshold on the same pairs
   (no relatives guard), and "every true pair among the candidates" (the retrieval ceiling).

The best oracle F1 over ``r`` is an upper bound for any model that scores pairs from these
comparisons and clusters them; results go to bench/results/ceiling-<date>.md|json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_population import ensure_population, truth_path

RESULTS = ROOT / "bench" / "results"
TMP = RESULTS / "tmp"
RATES = (0.5, 0.6, 0.7, 0.8, 0.9)


def clusters(con, ids: list[str], edges_sql: str) -> dict[str, int]:
    import igraph

    index = {rid: i for i, rid in enumerate(ids)}
    edges = [(index[a], index[b]) for a, b in con.execute(edges_sql).fetchall()]
    membership = igraph.Graph(n=len(ids), edges=edges).connected_components().membership
    return {rid: membership[i] for i, rid in enumerate(ids)}


def measure(size: int, seed: int) -> dict:
    from splink import DuckDBAPI, Linker

    from safeguard.matching import batch, estimation, model
    from safeguard.matching.evaluation import pairwise_scores

    data = ensure_population(TMP / f"people_{size}_nonhs_s{seed}.csv", size, seed, include_nhs=False)
    con = batch._connect("8GB", None)
    count, _ = batch.load_and_standardise(con, data)
    settings, _ = estimation.estimate_model(DuckDBAPI(con), "persons", start_model=batch._read_model(None),
                                       records=count)  # as link_file does
    if count < model.MIN_RECORDS_FOR_TERM_FREQUENCIES:
        settings = model.without_term_frequencies(settings)
    settings["retain_intermediate_calculation_columns"] = True
    linker = Linker(DuckDBAPI(con).register("persons"), settings, log_level=logging.WARNING)
    started = time.perf_counter()
    pred = linker.inference.predict(warning_mode="never")
    scoring_seconds = time.perf_counter() - started
    con.execute(f"CREATE TABLE truth AS SELECT * FROM read_csv('{truth_path(data)}', all_varchar = true)")
    columns = [c for (c, *_) in con.execute(f"DESCRIBE {pred.physical_name}").fetchall()]
    levels = [c for c in columns if c.startswith("mw_") and "tf_adj" not in c and c != "mw_family_name_frequency"]
    bands = {"given_band": "tf_given_name_l", "family_band": "tf_family_name_l"}
    pattern = [*levels, *bands]
    con.execute(f"""
        CREATE TABLE pairs AS SELECT p.record_id_l, p.record_id_r, p.match_probability,
               tl.true_id = tr.true_id AS same_person,
               {", ".join(f"round({c}, 3) AS {c}" for c in levels)},
               {", ".join(f"round(log2(coalesce({src}, 1)))::INTEGER AS {name}" for name, src in bands.items())}
        FROM {pred.physical_name} p
        JOIN truth tl ON tl.record_id = p.record_id_l JOIN truth tr ON tr.record_id = p.record_id_r""")
    con.execute(f"""CREATE TABLE patterns AS SELECT {", ".join(pattern)}, avg(same_person::INTEGER) AS rate
                    FROM pairs GROUP BY ALL""")
    truth = dict(con.execute("SELECT record_id, true_id FROM truth").fetchall())
    ids = list(truth)
    (n_pairs,) = con.execute("SELECT count(*) FROM pairs").fetchone()
    result = {"records": size, "seed": seed, "candidate_pairs": n_pairs,
              "scoring_seconds": round(scoring_seconds, 1), "oracle": {}}
    join = " AND ".join(f"t.{c} IS NOT DISTINCT FROM p.{c}" for c in pattern)
    for rate in RATES:
        scores = pairwise_scores(clusters(con, ids, f"""
            SELECT p.record_id_l, p.record_id_r FROM pairs p JOIN patterns t ON {join}
            WHERE t.rate >= {rate}"""), truth)
        result["oracle"][str(rate)] = scores.as_dict()
    result["model_at_default_threshold"] = pairwise_scores(clusters(con, ids, f"""
        SELECT record_id_l, record_id_r FROM pairs
        WHERE match_probability >= {batch.DEFAULT_THRESHOLD}"""), truth).as_dict()
    result["all_true_candidate_pairs"] = pairwise_scores(clusters(con, ids, """
        SELECT record_id_l, record_id_r FROM pairs WHERE same_person"""), truth).as_dict()
    con.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    runs = [measure(size, args.seed) for size in args.sizes]
    today = dt.date.today().isoformat()
    report = {"date": today, "machine": {"cores": os.cpu_count(), "platform": platform.platform()},
              "command": "bench/linkage_ceiling.py " + " ".join(sys.argv[1:]), "runs": runs}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"ceiling-{today}.json").write_text(json.dumps(report, indent=2) + "\n")
    lines = [f"# Ceiling of pairwise linkage on the synthetic data, {today}", "",
             f"Data: synthetic, no NHS numbers, seed {args.seed}. Rerun: `nice .venv/bin/python {report['command']}`",
             "", "| records | decision | precision | recall | F1 |", "|---:|---|---:|---:|---:|"]

    def row(size: int, label: str, s: dict) -> str:
        return f"| {size:,} | {label} | {s['precision']:.4f} | {s['recall']:.4f} | {s['f1']:.4f} |"

    for run in runs:
        lines.append(row(run["records"], "shipped model, default threshold, no guard",
                         run["model_at_default_threshold"]))
        for rate, scores in run["oracle"].items():
            lines.append(row(run["records"], f"oracle: patterns with true-match share >= {rate}", scores))
        lines.append(row(run["records"], "every true pair among the candidates", run["all_true_candidate_pairs"]))
    (RESULTS / f"ceiling-{today}.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
