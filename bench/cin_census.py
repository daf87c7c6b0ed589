"""The CIN census export at county scale: time, queries and memory, and whether memory grows with
the number of children.

Runs against the database in DATABASE_URL, which must hold a `manage.py seed_demo` partnership
(its children in need episodes, assessments, plans, enquiries and conferences):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/r13cin DJANGO_DEBUG=1 \\
        nice -n 10 .venv/bin/python bench/cin_census.py --year 2026-27 --label 100k

Two passes over the same export (to a file under bench/results/tmp/):
1. timed: wall and CPU time, queries, file size, peak RSS of the process (getrusage);
2. traced: Python's own allocations (tracemalloc), the peak sampled after every chunk, so the
   table shows the peak after 10%, 25%, 50%, 75% and 100% of the children: flat means the export
   does not hold the year in memory.
Then (unless --no-validate) the schema check of the whole file (lxml, child by child).
Writes bench/results/cin-census-<date>[-label].md and .json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguard.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.db import connection, reset_queries  # noqa: E402

from safeguard.returns import checks, cin_census, validation  # noqa: E402
from safeguard.returns.periods import CollectionYear  # noqa: E402


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_pass(census: cin_census.Census, path: Path, chunk: int) -> dict:
    from django.conf import settings

    settings.DEBUG = True  # count queries
    reset_queries()
    counts = cin_census.Counts()
    rss_before = peak_rss_mib()
    cpu0, wall0 = time.process_time(), time.perf_counter()
    with path.open("wb") as out:
        for piece in cin_census.stream(census, chunk_size=chunk, counts=counts):
            out.write(piece)
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    queries = len(connection.queries)
    settings.DEBUG = False
    return {
        "wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "queries": queries,
        "chunks": -(-counts.children // chunk), "file_mb": round(path.stat().st_size / 1e6, 1),
        "rss_before_mib": round(rss_before, 1), "peak_rss_mib": round(peak_rss_mib(), 1),
        "counts": counts.__dict__,
    }  # fmt: skip


def traced_pass(census: cin_census.Census, path: Path, chunk: int, total: int) -> list[dict]:
    marks = [0.10, 0.25, 0.50, 0.75, 1.0]
    samples: list[dict] = []
    counts = cin_census.Counts()
    tracemalloc.start()
    with path.open("wb") as out:
        for piece in cin_census.stream(census, chunk_size=chunk, counts=counts):
            out.write(piece)
            while marks and counts.children >= marks[0] * total:
                _current, peak = tracemalloc.get_traced_memory()
                samples.append({"children": counts.children, "share": marks.pop(0),
                                "python_peak_mib": round(peak / 2**20, 1)})  # fmt: skip
    tracemalloc.stop()
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", default="2026-27")
    parser.add_argument("--chunk-size", type=int, default=cin_census.DEFAULT_CHUNK)
    parser.add_argument("--label", default="")
    parser.add_argument("--no-validate", action="store_true")
    args = parser.parse_args()
    year = CollectionYear.parse(args.year)
    census = cin_census.Census.for_year(year)
    tmp = ROOT / "bench" / "results" / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    path = tmp / f"cin-census-{year.code}.xml"

    modules = dict(checks.module_counts(census))
    timed = timed_pass(census, path, args.chunk_size)
    traced = traced_pass(census, path, args.chunk_size, timed["counts"]["children"])
    schema = None
    if not args.no_validate:
        t0 = time.perf_counter()
        errors = validation.schema_errors(path)
        schema = {"errors": len(errors), "wall_s": round(time.perf_counter() - t0, 1),
                  "peak_rss_mib": round(peak_rss_mib(), 1)}  # fmt: skip
    result = {
        "date": date.today().isoformat(), "year": year.code, "as_at": census.as_at.isoformat(),
        "database": connection.vendor, "python": platform.python_version(), "chunk_size": args.chunk_size,
        "load_average": os.getloadavg(), "modules": modules, "timed": timed, "traced": traced, "schema": schema,
    }  # fmt: skip
    stem = f"cin-census-{result['date']}" + (f"-{args.label}" if args.label else "")
    (ROOT / "bench" / "results" / f"{stem}.json").write_text(json.dumps(result, indent=2, default=str) + "\n")
    lines = [
        f"# CIN census export, {year.code} (as at {census.as_at}), {connection.vendor}",
        "",
        f"Load average at the end: {', '.join(f'{x:.1f}' for x in result['load_average'])}. Chunk {args.chunk_size}.",
        "",
        "| module | rows |", "|---|---:|", *[f"| {k} | {v:,} |" for k, v in modules.items()],
        "",
        "| wall | CPU | queries | chunks | file | peak RSS (process) |", "|---:|---:|---:|---:|---:|---:|",
        f"| {timed['wall_s']} s | {timed['cpu_s']} s | {timed['queries']:,} | {timed['chunks']:,} | "
        f"{timed['file_mb']} MB | {timed['peak_rss_mib']} MiB (before the export: {timed['rss_before_mib']} MiB) |",
        "",
        "Python allocations (tracemalloc peak so far) as the export goes:",
        "",
        "| children written | share | peak so far |", "|---:|---:|---:|",
        *[f"| {s['children']:,} | {s['share']:.0%} | {s['python_peak_mib']} MiB |" for s in traced],
    ]  # fmt: skip
    if schema:
        lines += ["", f"Schema check of the whole file: {schema['errors']} errors in {schema['wall_s']} s "
                      f"(peak RSS {schema['peak_rss_mib']} MiB)."]  # fmt: skip
    (ROOT / "bench" / "results" / f"{stem}.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
