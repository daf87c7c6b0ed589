"""Real-time scoring benchmark: latency and top-1 / top-5 accuracy.

    .venv/bin/python bench/bench_realtime_scoring.py --records 100000 --queries 1000

Builds an in-memory person index (standardised records keyed by the composite
candidate keys of ``blocking_keys``) from a synthetic population without NHS
numbers, then for sampled people with at least two records uses one record as
the query (removed from the index) and asks whether the top-ranked candidate
(top-1) or any of the top five (top-5) is another record of the same person.
A query whose candidate lookups return no record of that person counts as a
miss. Latency is measured for ``score_candidates`` on the retrieved candidate
set and on a fixed set of 200 candidates. The Postgres retrieval latency is
measured separately (see bench/README.md). Accuracy is measured twice in the same run: with the
names' term frequencies counted over the index (as the person index's ``NameFrequency`` table
holds them) and without (every name agreement an average one).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from safeguard.matching.model import load_model
from safeguard.matching.scoring import (
    CANDIDATE_KEYS,
    blocking_keys,
    score_candidates,
)
from safeguard.matching.standardise import standardise_record
from safeguard.matching.synthetic import generate

RESULTS = ROOT / "bench" / "results"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--label", default="",
                        help="suffix for the result files (a second run the same day keeps the first)")
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--max-candidates", type=int, default=500)
    args = parser.parse_args()

    model = load_model()
    started = time.perf_counter()
    records, truth = {}, {}
    index: dict[tuple[str, str], list[str]] = defaultdict(list)
    for raw, pid in generate(args.records, seed=args.seed, include_nhs=False):
        std = standardise_record(raw)
        rid = raw["record_id"]
        records[rid], truth[rid] = std, pid
        keys = blocking_keys(std)
        for name in CANDIDATE_KEYS:
            if keys[name] is not None:
                index[(name, keys[name])].append(rid)
    build_seconds = time.perf_counter() - started
    frequencies: dict[str, dict[str, float]] = {}
    for column in ("given_name", "family_name"):
        counts: dict[str, int] = defaultdict(int)
        for std in records.values():
            if std.get(column) is not None:
                counts[std[column]] += 1
        total = sum(counts.values())
        frequencies[column] = {value: n / total for value, n in counts.items()}

    by_person: dict[int, list[str]] = defaultdict(list)
    for rid, pid in truth.items():
        by_person[pid].append(rid)
    rng = random.Random(args.seed)
    eligible = [rids for rids in by_person.values() if len(rids) >= 2]
    sample = rng.sample(eligible, min(args.queries, len(eligible)))

    top1 = top5 = retrieved = plain_top1 = plain_top5 = 0
    latencies, latencies_200, sizes = [], [], []
    all_ids = list(records)
    for rids in sample:
        query_id = rng.choice(rids)
        query = records[query_id]
        keys = blocking_keys(query)
        candidate_ids: dict[str, None] = {}
        for name in CANDIDATE_KEYS:
            if keys[name] is not None:
                for rid in index.get((name, keys[name]), ()):
                    if rid != query_id:
                        candidate_ids[rid] = None
        ids = list(candidate_ids)[: args.max_candidates]
        sizes.append(len(ids))
        candidates = [records[rid] for rid in ids]
        t = time.perf_counter()
        ranked = score_candidates(query, candidates, model, frequencies)
        latencies.append((time.perf_counter() - t) * 1000)
        same = {rid for rid in rids if rid != query_id}
        retrieved += bool(same & set(ids))
        top1 += bool(ranked and ranked[0].record_id in same)
        top5 += any(m.record_id in same for m in ranked[:5])
        plain = score_candidates(query, candidates, model)
        plain_top1 += bool(plain and plain[0].record_id in same)
        plain_top5 += any(m.record_id in same for m in plain[:5])
        fixed = candidates + [records[rid] for rid in rng.sample(all_ids, 200)]
        t = time.perf_counter()
        score_candidates(query, fixed[:200], model, frequencies)
        latencies_200.append((time.perf_counter() - t) * 1000)

    n = len(sample)
    today = dt.date.today().isoformat()
    stem = today + (f"-{args.label}" if args.label else "")
    result = {
        "date": today,
        "machine": {"cores": os.cpu_count(), "platform": platform.platform(),
                    "python": platform.python_version()},
        "command": "bench/bench_realtime_scoring.py " + " ".join(sys.argv[1:]),
        "records_in_index": args.records,
        "queries": n,
        "index_build_seconds": round(build_seconds, 1),
        "candidates_per_query": {"mean": round(statistics.mean(sizes), 1),
                                 "p95": percentile(sizes, 95), "max": max(sizes)},
        "recall_of_candidate_lookup": round(retrieved / n, 4),
        "top1_accuracy": round(top1 / n, 4),
        "top5_accuracy": round(top5 / n, 4),
        "without_name_frequencies": {"top1_accuracy": round(plain_top1 / n, 4),
                                     "top5_accuracy": round(plain_top5 / n, 4)},
        "score_ms_retrieved": {"p50": round(percentile(latencies, 50), 3),
                               "p95": round(percentile(latencies, 95), 3)},
        "score_ms_200_candidates": {"p50": round(percentile(latencies_200, 50), 3),
                                    "p95": round(percentile(latencies_200, 95), 3)},
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"realtime-{args.records}-{stem}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
