"""Annex A export benchmark: time and peak memory of `manage.py export_annex_a` on a seeded database.

Runs the command in its own process under `/usr/bin/time -v` (wall, CPU, peak RSS), beside the
same process doing nothing but start Django (`manage.py check`), so the export's own memory is
the difference. Then, in this process, counts the database's queries per list at two chunk sizes
(the count follows the chunks, not the rows) and checks the reconciliation with the CIN census for
the collection year the period ends in (rows of lists 3 to 7 against the census's modules).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/r13annex DJANGO_DEBUG=1 nice -n 19 \\
        .venv/bin/python bench/annex_a.py --to 2026-11-30 --label 100k

Writes bench/results/annex-a-<date>[-label].md and .json.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
from collections import Counter
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguard.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from safeguard.people.models import Person  # noqa: E402
from safeguard.returns import annex_a, cin_census  # noqa: E402
from safeguard.returns.periods import CollectionYear  # noqa: E402
from safeguard.returns.selectors import Period  # noqa: E402

MANAGE = [sys.executable, str(ROOT / "manage.py")]


def timed(args: list[str]) -> dict:
    """Run `args` under /usr/bin/time -v: wall seconds, CPU seconds, peak RSS MiB, stdout."""
    done = subprocess.run(["/usr/bin/time", "-v", *args], capture_output=True, text=True, cwd=ROOT, check=True)
    err = done.stderr

    def field(name: str) -> str:
        return re.search(rf"{re.escape(name)}: (.+)", err).group(1).strip()

    wall = 0.0
    for part in field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":"):
        wall = wall * 60 + float(part)
    return {
        "wall_s": round(wall, 1),
        "cpu_s": round(float(field("User time (seconds)")) + float(field("System time (seconds)")), 1),
        "peak_rss_mib": round(int(field("Maximum resident set size (kbytes)")) / 1024),
        "stdout": done.stdout,
    }


def queries(period: Period, chunk_size: int) -> int:
    with CaptureQueriesContext(connection) as captured:
        annex_a.write_workbook(io.BytesIO(), period, chunk_size=chunk_size)
    return len(captured)


def reconciliation(period_end: date) -> dict:
    """Annex A for the collection year up to the census cut-off, beside the census's modules
    counted the way returns/tests/test_reconciliation.py counts them."""
    year = CollectionYear.containing(period_end)
    census = cin_census.Census.for_year(year, as_at=period_end)
    period = Period(year.start, census.as_at)

    def in_period(text: str | None) -> bool:
        return text is not None and period.start <= date.fromisoformat(text) <= period.end

    found: Counter = Counter()
    with tempfile.TemporaryFile() as xml:
        cin_census.write(census, xml)
        xml.seek(0)
        for _event, element in ElementTree.iterparse(xml):  # noqa: S314 - our own export
            if element.tag == "CINdetails":
                found["episodes"] += 1
                found["referrals"] += in_period(element.findtext("CINreferralDate"))
                found["assessments"] += len(element.findall("Assessments"))
                found["section47"] += sum(in_period(s.findtext("S47ActualStartDate"))
                                          for s in element.findall("Section47"))
                found["cp_plans"] += len(element.findall("ChildProtectionPlans"))
            elif element.tag == "Child":
                element.clear()
    rows = annex_a.write_workbook(io.BytesIO(), period)
    return {
        "period": f"{period.start} to {period.end}",
        "list 3 referrals / census CINreferralDate in the period": [rows[3], found["referrals"]],
        "list 4 assessments / census Assessments": [rows[4], found["assessments"]],
        "list 5 section 47 / census Section47 started in the period": [rows[5], found["section47"]],
        "list 6 children in need / census CINdetails": [rows[6], found["episodes"]],
        "list 7 CP plans / census ChildProtectionPlans": [rows[7], found["cp_plans"]],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--to", default=date.today().isoformat(), help="last day of the period (YYYY-MM-DD)")
    parser.add_argument("--label", default="")
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    end = date.fromisoformat(args.to)
    period = Period.twelve_months_to(end)
    children = Person.objects.filter(cin_episodes__isnull=False).distinct().count()
    people = Person.objects.count()

    baseline = timed([*MANAGE, "check"])
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "annex-a.xlsx"
        for _ in range(args.runs):
            run = timed([*MANAGE, "export_annex_a", "--output", str(out), "--to", args.to])
            run["file_mib"] = round(out.stat().st_size / 2**20, 1)
            runs.append(run)
    rows = {int(m.group(1)): int(m.group(2)) for m in re.finditer(r"List (\d+) .*?: (\d+) rows", runs[-1]["stdout"])}
    for run in runs:
        del run["stdout"]
    del baseline["stdout"]
    query_counts = {size: queries(period, size) for size in (500, 2000)}
    result = {
        "date": date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "database": connection.vendor,
        "people": people,
        "children_with_cin_episodes": children,
        "period": f"{period.start} to {period.end}",
        "rows": rows,
        "baseline_manage_check": baseline,
        "export_runs": runs,
        "queries_by_chunk_size": query_counts,
        "reconciliation": reconciliation(end),
    }
    name = f"annex-a-{result['date']}{'-' + args.label if args.label else ''}"
    results = ROOT / "bench" / "results"
    (results / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n")
    lines = [
        f"# Annex A export ({result['date']}{', ' + args.label if args.label else ''})",
        "",
        f"{result['machine']}; {result['database']}; {people:,} people; period {result['period']}.",
        "",
        "| run | wall s | CPU s | peak RSS MiB | file MiB |",
        "|---|---:|---:|---:|---:|",
        f"| `manage.py check` (Django alone) | {baseline['wall_s']} | {baseline['cpu_s']} | "
        f"{baseline['peak_rss_mib']} | |",
    ]
    for i, run in enumerate(runs, start=1):
        lines.append(f"| export_annex_a, run {i} | {run['wall_s']} | {run['cpu_s']} | {run['peak_rss_mib']} | "
                     f"{run['file_mib']} |")
    lines += ["", "Rows per list: " + ", ".join(f"{n}: {c:,}" for n, c in sorted(rows.items())), "",
              "Queries for the whole export: " + ", ".join(f"{c} at chunks of {s}" for s, c in query_counts.items()),
              "", f"Reconciliation with the CIN census for {result['reconciliation']['period']} "
              "(Annex A rows / census modules):", ""]
    for what, value in result["reconciliation"].items():
        if what != "period":
            lines.append(f"- {what}: {value[0]:,} / {value[1]:,}")
    lines += ["", "Command: `" + " ".join(["bench/annex_a.py", "--to", args.to] +
                                         (["--label", args.label] if args.label else [])) + "`", ""]
    (results / f"{name}.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
