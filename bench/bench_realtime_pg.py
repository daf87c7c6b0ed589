"""Real-time candidate search on PostgreSQL: latency and top-1 / top-5 accuracy at scale.

    nice .venv/bin/python bench/bench_realtime_pg.py --people 100000 1000000 --queries 1000

For each size: creates a dedicated database (``bench_matching``, dropped afterwards unless
``--keep``), migrates it, generates a synthetic population without NHS numbers, loads ONE
record per person (the first) straight into ``people_person`` and the person index table
``matching_personindexentry`` with COPY, then uses another record of the same person (a
different, independently corrupted agency record) as the query.

Measured per query, on the same database in the same run:
- **matcher**: ``safeguard.matching.search`` — OR of equality lookups on the indexed keys
  (``fetch_rows``, through the Django ORM), the query's name frequencies (``name_frequencies``,
  one lookup in the table refreshed after loading), then ``score_candidates`` with the shipped model;
  best row per person — exactly what ``people.matching.find_candidates`` runs before its access
  filter;
- **baseline**: exact lookup on cleaned given name + family name + date of birth (a b-tree index
  on those three columns), the plain search most systems do.

Top-1 = the right person ranked first; top-5 = among the first five. A query with no right
person retrieved counts as a miss. Latencies are wall-clock milliseconds of the whole call.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
import uuid
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
DB_NAME = "bench_matching"
PG = "postgres://root@127.0.0.1:5432"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _psql(sql: str) -> None:
    subprocess.run(["psql", f"{PG}/postgres", "-q", "-c", sql], check=True)


def setup_django() -> None:
    os.environ["DATABASE_URL"] = f"{PG}/{DB_NAME}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguard.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()


def load(n_people: int, seed: int, queries_wanted: int) -> tuple[list, float]:
    """Load one record per person; return sampled (query record, person uuid) and load seconds."""
    from django.db import connection
    from django.utils import timezone

    from safeguard.matching.index import _STANDARD_COLUMNS, INDEX_KEYS, realtime_keys
    from safeguard.matching.models import key_field
    from safeguard.matching.standardise import standardise_record
    from safeguard.matching.synthetic import generate

    started = time.perf_counter()
    rng = random.Random(seed)
    person_uuid: dict[int, uuid.UUID] = {}
    others: dict[int, list[dict]] = defaultdict(list)
    now = timezone.now()
    index_cols = ["person_id", "name_source", "address_current", "given_canonical", "family_parts",
                  *_STANDARD_COLUMNS, *[key_field(k) for k in INDEX_KEYS]]
    person_cols = ["id", "given_name", "family_name", "date_of_birth", "dob_precision", "sex", "gender",
                   "ethnicity", "disabilities", "first_language", "communication_needs", "created_at", "updated_at"]
    with connection.cursor() as cursor:
        raw_cursor = cursor.cursor
        with raw_cursor.copy(f"COPY people_person ({', '.join(person_cols)}) FROM STDIN") as people_copy:
            index_rows = []
            for record, pid in generate(n_people * 3, seed=seed, include_nhs=False):
                if pid in person_uuid:
                    if len(others[pid]) < 3:
                        others[pid].append(record)
                    continue
                if len(person_uuid) >= n_people:
                    break
                pk = uuid.uuid4()
                person_uuid[pid] = pk
                dob = record["date_of_birth"] or None
                people_copy.write_row((
                    pk, record["given_name"][:100], record["family_name"][:100], dob, "exact",
                    record["sex"] or "U", "", "NOBT", "[]", "", "", now, now,
                ))
                std = standardise_record(record)
                keys = realtime_keys(std)
                index_rows.append((
                    pk, "main", True,
                    " ".join(std["given_canonical"]) if std.get("given_canonical") else None,
                    " ".join(std["family_parts"]) if std.get("family_parts") else None,
                    *[std.get(c) for c in _STANDARD_COLUMNS],
                    *[keys[k] for k in INDEX_KEYS],
                ))
        with raw_cursor.copy(f"COPY matching_personindexentry ({', '.join(index_cols)}) FROM STDIN") as copy:
            for row in index_rows:
                copy.write_row(row)
        cursor.execute("CREATE INDEX bench_exact ON matching_personindexentry (family_name, given_name, date_of_birth)")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE matching_personindexentry")
        cursor.execute("ANALYZE people_person")
    load_seconds = time.perf_counter() - started
    eligible = [pid for pid in others if others[pid]]
    sample = rng.sample(eligible, min(queries_wanted, len(eligible)))
    queries = [(rng.choice(others[pid]), person_uuid[pid]) for pid in sample]
    return queries, load_seconds


def baseline_search(query: dict) -> list:
    from safeguard.matching.index import SCORING_COLUMNS
    from safeguard.matching.models import PersonIndexEntry
    from safeguard.matching.standardise import standardise_record

    std = standardise_record(query)
    if not (std["given_name"] and std["family_name"] and std["date_of_birth"]):
        return []
    rows = PersonIndexEntry.objects.filter(
        family_name=std["family_name"], given_name=std["given_name"], date_of_birth=std["date_of_birth"]
    ).values(*SCORING_COLUMNS)[:50]
    return [r["person_id"] for r in rows]


def run(n_people: int, queries_wanted: int, seed: int) -> dict:
    from django.db import connection

    from safeguard.matching.index import name_frequencies, refresh_name_frequencies
    from safeguard.matching.search import current_model, fetch_rows, query_lookups, score_rows, search_index
    from safeguard.matching.standardise import standardise_record

    queries, load_seconds = load(n_people, seed, queries_wanted)
    started = time.perf_counter()
    refresh_name_frequencies()
    refresh_seconds = round(time.perf_counter() - started, 1)
    model = current_model()
    # warm up caches and connections
    for query, _ in queries[:50]:
        search_index(query, model=model)
        baseline_search(query)

    out = {"people": n_people, "queries": len(queries), "load_seconds": round(load_seconds, 1),
           "name_frequency_refresh_seconds": refresh_seconds}
    for method in ("baseline", "matcher"):
        total_ms, retrieval_ms, top1, top5, sizes = [], [], 0, 0, []
        for query, truth in queries:
            t0 = time.perf_counter()
            if method == "baseline":
                ranked = baseline_search(query)
            else:  # search_index, timed in its steps
                standardised = standardise_record(query)
                rows = fetch_rows(query_lookups(standardised))
                retrieval_ms.append((time.perf_counter() - t0) * 1000)
                sizes.append(len(rows))
                frequencies = name_frequencies([standardised]) if rows else None
                ranked = [m.record_id for m in score_rows(standardised, rows, model=model, frequencies=frequencies)]
            total_ms.append((time.perf_counter() - t0) * 1000)
            top1 += bool(ranked) and ranked[0] == truth
            top5 += truth in ranked[:5]
        result = {
            "p50_ms": round(percentile(total_ms, 50), 2),
            "p95_ms": round(percentile(total_ms, 95), 2),
            "mean_ms": round(statistics.mean(total_ms), 2),
            "top1": round(top1 / len(queries), 4),
            "top5": round(top5 / len(queries), 4),
        }
        if method == "matcher":
            result["retrieval_p50_ms"] = round(percentile(retrieval_ms, 50), 2)
            result["retrieval_p95_ms"] = round(percentile(retrieval_ms, 95), 2)
            result["rows_per_query"] = {"mean": round(statistics.mean(sizes), 1), "p95": percentile(sizes, 95),
                                        "max": max(sizes)}
        out[method] = result
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('matching_personindexentry'))")
        out["index_table_size"] = cursor.fetchone()[0]
    connection.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--label", default="",
                        help="suffix for the result files (a second run the same day keeps the first)")
    parser.add_argument("--people", type=int, nargs="+", default=[100_000])
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the bench database afterwards")
    args = parser.parse_args()

    setup_django()
    runs = []
    for n in args.people:
        _psql(f"DROP DATABASE IF EXISTS {DB_NAME}")
        _psql(f"CREATE DATABASE {DB_NAME}")
        subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "-v", "0"], check=True,
                       env={**os.environ, "DATABASE_URL": f"{PG}/{DB_NAME}", "DJANGO_DEBUG": "1"})
        result = run(n, args.queries, args.seed)
        print(json.dumps(result), flush=True)
        runs.append(result)
        if not args.keep:
            from django.db import connections

            connections.close_all()
            _psql(f"DROP DATABASE IF EXISTS {DB_NAME}")

    today = dt.date.today().isoformat()
    stem = today + (f"-{args.label}" if args.label else "")
    report = {
        "date": today,
        "machine": {"cores": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
        "command": "nice bench/bench_realtime_pg.py --people " + " ".join(map(str, args.people))
        + f" --queries {args.queries}",
        "data": f"synthetic, no NHS numbers, seed {args.seed}; one record per person indexed, "
                "another record of the same person as the query",
        "runs": runs,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"realtime-pg-{stem}.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
