"""Batch linkage benchmark: wall time, peak memory, pairwise precision/recall/F1.

    .venv/bin/python bench/bench_batch.py --sizes 100000 1000000

For each size, a synthetic population *without NHS numbers* (seed 1) is linked
by ``link_file`` (Splink + DuckDB, the shipped default model) and by a plain
baseline in the same run: exact match on cleaned given name + family name +
date of birth (records lacking any of the three stay alone). ``splink`` runs with the
relatives guard (links between records whose given names differ outright dropped before
clustering), ``splink-unguarded`` without it (same model). Each measurement
runs in its own child process, whose peak RSS (getrusage ru_maxrss) is
reported. Results go to bench/results/batch-YYYY-MM-DD.json and .md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_population import ensure_population, truth_path

TMP = ROOT / "bench" / "results" / "tmp"
RESULTS = ROOT / "bench" / "results"


def run_splink(input_csv: str, output_csv: str, threshold: float | None, guard: bool = True,
               engine: str = "duckdb", threads: int | None = None) -> dict:
    from safeguard.matching.batch import link_file

    started = time.perf_counter()
    result = link_file(input_csv, output_csv, threshold=threshold, progress=False,
                       relatives_guard=guard, engine=engine, threads=threads)
    return {"wall_seconds": round(time.perf_counter() - started, 2),
            "stages": result.seconds, "clusters": result.clusters,
            "threshold": result.threshold.threshold, "notes": result.notes}


def run_baseline(input_csv: str, output_csv: str, threshold: float,
                 threads: int | None = None) -> dict:
    from safeguard.matching.batch import _connect, _run, load_and_standardise

    started = time.perf_counter()
    con = _connect("3GB", threads)
    load_and_standardise(con, input_csv)
    _run(con, f"""
        COPY (
            SELECT record_id,
                   CASE WHEN given_name IS NULL OR family_name IS NULL
                             OR date_of_birth IS NULL THEN record_id
                        ELSE min(record_id) OVER (
                            PARTITION BY given_name, family_name, date_of_birth)
                   END AS cluster_id,
                   NULL AS match_probability
            FROM persons ORDER BY row_no
        ) TO '{output_csv}' (HEADER, DELIMITER ',')""")
    con.close()
    return {"wall_seconds": round(time.perf_counter() - started, 2)}


def child(method: str, input_csv: str, output_csv: str, threshold: float | None,
          threads: int | None) -> None:
    fn = {"splink": run_splink, "baseline": run_baseline,
          "splink-unguarded": lambda i, o, t, n: run_splink(i, o, t, guard=False, threads=n),
          "splink-spark": lambda i, o, t, n: run_splink(i, o, t, engine="spark", threads=n)
          }[method]
    out = fn(input_csv, output_csv, threshold, threads)
    out["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print("RESULT " + json.dumps(out))


def measure(method: str, input_csv: Path, threshold: float, threads: int | None = None) -> dict:
    from safeguard.matching.evaluation import score_files

    output_csv = TMP / f"{input_csv.stem}_{method}_clusters.csv"
    proc = subprocess.run(
        [sys.executable, __file__, "--child", method, str(input_csv), str(output_csv),
         str(threshold), str(threads or 0)], capture_output=True, text=True, check=True, cwd=ROOT)
    line = next(x for x in proc.stdout.splitlines() if x.startswith("RESULT "))
    result = json.loads(line[len("RESULT "):])
    result.update({k: (round(v, 4) if isinstance(v, float) else v)
                   for k, v in score_files(output_csv, truth_path(input_csv)).as_dict().items()})
    return result


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], sys.argv[4],
              None if sys.argv[5] == "None" else float(sys.argv[5]), int(sys.argv[6]) or None)
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--label", default="",
                        help="suffix for the result files (a second run the same day keeps the first)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--threshold", type=float, default=None,
                        help="link at this probability (default: link_persons chooses it)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--methods", nargs="+", default=["baseline", "splink-unguarded", "splink"],
                        choices=["baseline", "splink-unguarded", "splink", "splink-spark"],
                        help="splink-spark: link_persons --engine spark (local Spark)")
    parser.add_argument("--threads", type=int, default=None,
                        help="DuckDB threads and local Spark cores per run (default: all / 2)")
    args = parser.parse_args()
    os.environ.setdefault("PYTHONPATH", str(ROOT))
    runs = []
    for size in args.sizes:
        data = ensure_population(TMP / f"people_{size}_nonhs_s{args.seed}.csv", size,
                                 args.seed, include_nhs=False)
        for method in args.methods:
            result = {"records": size, "method": method, **measure(method, data,
                                                                   args.threshold, args.threads)}
            print(json.dumps(result), flush=True)
            runs.append(result)
    today = dt.date.today().isoformat()
    stem = today + (f"-{args.label}" if args.label else "")
    report = {
        "date": today,
        "machine": {"cores": os.cpu_count(), "platform": platform.platform(),
                    "python": platform.python_version()},
        "command": "bench/bench_batch.py " + " ".join(sys.argv[1:]),
        "threshold": args.threshold,
        "data": f"synthetic, no NHS numbers, seed {args.seed}",
        "runs": runs,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"batch-{stem}.json").write_text(json.dumps(report, indent=2) + "\n")
    lines = [f"# Batch linkage benchmark, {today}", "",
             (f"Machine: {os.cpu_count()} cores, {platform.platform()}. "
             f"Data: {report['data']}. Threshold "
             f"{args.threshold or 'chosen by link_persons (see json)'}."), "",
             f"Rerun: `.venv/bin/python {report['command']}`", "",
             "| records | method | wall s | peak RSS MiB | precision | recall | F1 |",
             "|---:|---|---:|---:|---:|---:|---:|"]
    for r in runs:
        lines.append(f"| {r['records']:,} | {r['method']} ({r.get('threshold', '')}) | "
                     f"{r['wall_seconds']} | "
                     f"{r['peak_rss_mib']} | {r['precision']:.4f} | {r['recall']:.4f} | "
                     f"{r['f1']:.4f} |")
    (RESULTS / f"batch-{stem}.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
