"""Categorise batch linkage errors against truth (analysis only; truth never feeds linkage).

    nice .venv/bin/python bench/analyse_errors.py --records 100000
    nice .venv/bin/python bench/analyse_errors.py --input bench/results/tmp/febrl2.csv

``--input`` analyses any link_persons input file with its truth beside it (``F_truth.csv``, as
``febrl.py`` and ``alt_population.py`` write them) instead of our own generator.

Links a synthetic population without NHS numbers with ``link_file`` (the model it estimates is
saved and reused, so the pairs are scored exactly as it scored them), then joins
the *scored pairs* and the *clusters* to the truth file and prints:

- false-positive pairs inside predicted clusters, split into direct links (a scored edge
  above the threshold) and chained pairs (no direct edge: joined through other records),
  each categorised: same household (same family name or address), twins (same date of
  birth), given names, date of birth agreement, common names;
- false-negative pairs (same person, different cluster), categorised by which
  fields disagree, and whether the pair was ever blocked/scored.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_population import ensure_population, truth_path

TMP = ROOT / "bench" / "results" / "tmp"


def show(con, title, sql, limit=25):
    print(f"\n== {title}")
    rel = con.execute(sql)
    cols = [d[0] for d in rel.description]
    rows = rel.fetchall()
    print(" | ".join(cols))
    for row in rows[:limit]:
        print(" | ".join("" if v is None else str(v) for v in row))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threshold", type=float, default=None,
                        help="default: the threshold link_persons chooses")
    parser.add_argument("--input", default=None, help="any input file with F_truth.csv beside it")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--examples", type=int, default=0)
    args = parser.parse_args()
    from splink import DuckDBAPI, Linker

    from safeguard.matching import batch
    from safeguard.matching.model import MIN_RECORDS_FOR_TERM_FREQUENCIES, without_term_frequencies

    if args.input:
        data = Path(args.input)
    else:
        data = ensure_population(TMP / f"people_{args.records}_nonhs_s{args.seed}.csv",
                                 args.records, args.seed, include_nhs=False)
    out = TMP / f"{data.stem}_analysis_clusters.csv"
    model_file = TMP / f"{data.stem}_analysis_model.json"
    res = batch.link_file(data, out, threshold=args.threshold, progress=False,
                          threads=args.threads, save_model=model_file)
    threshold = res.threshold.threshold
    print("link_file seconds", res.seconds, "threshold", threshold, res.notes)

    con = batch._connect("3GB", args.threads)
    count, _ = batch.load_and_standardise(con, data)
    db_api = DuckDBAPI(con)
    settings = batch._read_model(model_file)  # the model link_file used, as it used it
    if count < MIN_RECORDS_FOR_TERM_FREQUENCIES:
        settings = without_term_frequencies(settings)
    settings = batch._for_engine(settings, lambda sql: sql)
    settings["retain_intermediate_calculation_columns"] = True
    settings["retain_matching_columns"] = True
    linker = Linker(db_api.register("persons"), settings, log_level=logging.WARNING)
    pred = linker.inference.predict(threshold_match_probability=0.01, warning_mode="never")
    con.execute(f"CREATE TABLE scored AS SELECT * FROM {pred.physical_name}").fetchall()
    con.execute(f"CREATE TABLE truth AS SELECT * FROM read_csv('{truth_path(data)}', "
                "all_varchar=true)").fetchall()
    con.execute(f"CREATE TABLE clus AS SELECT * FROM read_csv('{out}', all_varchar=true)"
                ).fetchall()
    con.execute("""CREATE TABLE p AS SELECT p.*, t.true_id, c.cluster_id,
                   count(*) OVER (PARTITION BY p.family_name) AS fam_freq,
                   count(*) OVER (PARTITION BY p.given_name) AS giv_freq
                   FROM persons p JOIN truth t USING (record_id)
                   JOIN clus c USING (record_id)""").fetchall()
    con.execute("""CREATE TABLE households AS
        SELECT DISTINCT true_id FROM p""").fetchall()
    # all predicted-together pairs that are wrong, and all true pairs that are split
    con.execute("""CREATE TABLE fp AS
        SELECT l.record_id AS id_l, r.record_id AS id_r FROM p l JOIN p r
        ON l.cluster_id = r.cluster_id AND l.record_id < r.record_id AND l.true_id <> r.true_id
    """).fetchall()
    con.execute("""CREATE TABLE fn AS
        SELECT l.record_id AS id_l, r.record_id AS id_r FROM p l JOIN p r
        ON l.true_id = r.true_id AND l.record_id < r.record_id AND l.cluster_id <> r.cluster_id
    """).fetchall()
    cols = {c for (c,) in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'scored'"
    ).fetchall()}
    joint = "s.gamma_family_and_residence"
    g_family = "s.gamma_family_name" if "gamma_family_name" in cols else joint
    g_home = "s.gamma_residence" if "gamma_residence" in cols else joint
    cat = f"""
        CASE WHEN s.match_probability IS NULL THEN 'not scored'
             WHEN s.match_probability >= {threshold} THEN 'direct edge'
             ELSE 'edge below threshold' END AS edge,
        CASE WHEN l.given_name = r.given_name THEN 'given same'
             WHEN l.given_name IS NULL OR r.given_name IS NULL THEN 'given missing'
             ELSE 'given ' || coalesce(s.gamma_given_name::VARCHAR, '?') END AS given,
        CASE WHEN l.family_name = r.family_name THEN 'family same'
             WHEN l.family_name IS NULL OR r.family_name IS NULL THEN 'family missing'
             ELSE 'family ' || coalesce({g_family}::VARCHAR, '?') END AS family,
        CASE WHEN l.date_of_birth = r.date_of_birth THEN 'dob same'
             WHEN l.date_of_birth IS NULL OR r.date_of_birth IS NULL THEN 'dob missing'
             ELSE 'dob ' || coalesce(s.gamma_date_of_birth::VARCHAR, '?') END AS dob,
        CASE WHEN l.address = r.address OR l.postcode = r.postcode THEN 'home same'
             WHEN (l.address IS NULL OR r.address IS NULL)
              AND (l.postcode IS NULL OR r.postcode IS NULL) THEN 'home missing'
             ELSE 'home ' || coalesce({g_home}::VARCHAR, '?') END AS home
    """
    for name in ("fp", "fn"):
        con.execute(f"""CREATE TABLE {name}_c AS
            SELECT e.*, {cat}, s.match_probability, l.fam_freq, l.giv_freq
            FROM {name} e JOIN p l ON l.record_id = e.id_l JOIN p r ON r.record_id = e.id_r
            LEFT JOIN scored s ON (s.record_id_l = e.id_l AND s.record_id_r = e.id_r)
                               OR (s.record_id_l = e.id_r AND s.record_id_r = e.id_l)
        """).fetchall()
    print("records", res.records, "clusters", res.clusters)
    for name in ("fp", "fn"):
        show(con, f"{name} pairs by edge", f"""SELECT edge, count(*) n FROM {name}_c
             GROUP BY ALL ORDER BY n DESC""")
        show(con, f"{name} pairs by categories", f"""SELECT edge, given, family, dob, home,
             count(*) n FROM {name}_c GROUP BY ALL ORDER BY n DESC""", 40)
    show(con, "fp direct edges: family-name frequency (records with that name)", """
         SELECT CASE WHEN fam_freq > 300 THEN '>300' WHEN fam_freq > 100 THEN '101-300'
                ELSE '<=100' END AS fam, count(*) FROM fp_c WHERE edge='direct edge'
         GROUP BY ALL""")
    show(con, "fp cluster sizes", """
         SELECT n_true, count(*) clusters FROM (SELECT cluster_id,
            count(DISTINCT true_id) n_true FROM p GROUP BY ALL) WHERE n_true > 1
         GROUP BY ALL ORDER BY 1""")
    if args.examples:
        show(con, "fp direct examples", f"""SELECT l.given_name, r.given_name, l.family_name,
             r.family_name, l.date_of_birth, r.date_of_birth, l.sex, r.sex, l.address,
             r.address, round(e.match_probability, 4) p
             FROM fp_c e JOIN p l ON l.record_id=e.id_l JOIN p r ON r.record_id=e.id_r
             WHERE edge='direct edge' USING SAMPLE {args.examples} ROWS""", args.examples)
        show(con, "fn examples", f"""SELECT e.edge, l.given_name, r.given_name, l.family_name,
             r.family_name, l.date_of_birth, r.date_of_birth, l.postcode, r.postcode,
             round(e.match_probability, 4) p
             FROM fn_c e JOIN p l ON l.record_id=e.id_l JOIN p r ON r.record_id=e.id_r
             USING SAMPLE {args.examples} ROWS""", args.examples)


if __name__ == "__main__":
    main()
