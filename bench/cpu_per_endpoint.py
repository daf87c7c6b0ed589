"""CPU ms and queries per request for every read the load benchmark issues, as the role it issues it.

The load target (issue 12: 150 requests/s on two cores) is a CPU budget of about 13 ms per request,
Django and PostgreSQL together; wall time on this shared machine is mostly waiting, so this reports
CPU: the process time of this Python process (the in-process request, DEBUG off, the same API token
authentication as `bench/load.py`) and the CPU its PostgreSQL backend used meanwhile (from
/proc/<backend pid>/stat, 10 ms ticks, so only meaningful over many requests; "-" when the server
is not local). Queries are counted on one request after warming up. The reads and roles are
`bench/load.py`'s READS (so the two cannot drift apart); the child is the one load.py uses.

    DATABASE_URL=... SAFEGUARD_DEMO=1 nice -n 10 .venv/bin/python bench/cpu_per_endpoint.py \\
        --requests 40 --label 100k-before

Writes bench/results/cpu-endpoints-<date>[-label].md and .json. Audited reads write audit entries
(and seal them after commit at most once a second, as a gunicorn worker does) into DATABASE_URL.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguard.settings")
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from safeguard.access.services import api_token_issue  # noqa: E402
from safeguard.agencies.models import Practitioner  # noqa: E402
from safeguard.protection.models import Allocation  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def load_reads() -> dict[str, list[str]]:
    """load.py's READS, imported from the file itself so the two stay the same list."""
    spec = importlib.util.spec_from_file_location("bench_load", ROOT / "bench" / "load.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.READS


def backend_cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU of the PostgreSQL backend serving this connection (local server only)."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / TICKS


def measure(client: Client, path: str, requests: int, pid: int | None) -> dict:
    for _ in range(3):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code, response.content[:300])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    queries, size = len(captured.captured_queries), len(response.content)  # before the next request resets the log
    batches, pg = [], []
    per_batch = max(1, requests // 5)
    for _ in range(5):
        pg_start, started = backend_cpu_seconds(pid), time.process_time()
        for _ in range(per_batch):
            client.get(path)
        batches.append((time.process_time() - started) / per_batch * 1000)
        pg_end = backend_cpu_seconds(pid)
        if pg_start is not None and pg_end is not None:
            pg.append((pg_end - pg_start) / per_batch * 1000)
    return {"queries": queries, "bytes": size,
            "cpu_ms": round(statistics.median(batches), 2), "cpu_ms_min": round(min(batches), 2),
            "pg_cpu_ms": round(sum(pg) / len(pg), 2) if pg else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=40, help="timed requests per read (5 batches)")
    parser.add_argument("--label", default="")
    parser.add_argument("--only", default="", help="only paths containing this text")
    args = parser.parse_args()
    reads = load_reads()
    admin = Practitioner.objects.get(username="admin")
    users = {u.username: u for u in Practitioner.objects.filter(username__in=reads)}
    child = (Allocation.objects.filter(worker=users["sw.locality1"], ends_on__isnull=True)
             .values_list("child_id", flat=True).first())
    ids = {"child": child}
    pid = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
    load_before = os.getloadavg()
    rows = []
    for role, paths in reads.items():
        token = api_token_issue(actor=admin, practitioner=users[role], name="cpu per endpoint benchmark")[1]
        client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT="application/json")
        for template in paths:
            if args.only and args.only not in template:
                continue
            result = measure(client, template.format(**ids), args.requests, pid)
            rows.append({"path": template, "role": role, **result})
            print(f"{template:52} {role:20} {result['cpu_ms']:7.2f} ms  pg {result['pg_cpu_ms']} ms  "
                  f"{result['queries']:3} q  {result['bytes']:8} B", flush=True)
    meta = {"date": date.today().isoformat(), "debug": settings.DEBUG, "requests": args.requests,
            "vendor": connection.vendor, "load_average": {"before": [round(x, 2) for x in load_before],
                                                          "after": [round(x, 2) for x in os.getloadavg()]},
            "command": f"bench/cpu_per_endpoint.py --requests {args.requests}"
                       + (f" --label {args.label}" if args.label else "")}
    write(rows, meta, args.label)


def write(rows: list[dict], meta: dict, label: str) -> None:
    name = f"cpu-endpoints-{meta['date']}" + (f"-{label}" if label else "")
    out = ROOT / "bench" / "results"
    (out / f"{name}.json").write_text(json.dumps({"meta": meta, "rows": rows}, indent=1))
    lines = [f"# CPU per request, every read of bench/load.py ({meta['date']})", "",
             f"In-process, DEBUG {'on' if meta['debug'] else 'off'}, API token, {meta['vendor']}; "
             f"{meta['requests']} timed requests per read (median of 5 batches); load average (1, 5, 15 min) "
             f"{meta['load_average']}. Command: `DATABASE_URL=... SAFEGUARD_DEMO=1 nice -n 10 .venv/bin/python "
             f"{meta['command']}`.", "",
             "| read | role | CPU ms (Django) | min | PostgreSQL CPU ms | queries | bytes |",
             "|---|---|---:|---:|---:|---:|---:|"]
    for r in rows:
        pg = "-" if r["pg_cpu_ms"] is None else f"{r['pg_cpu_ms']:.2f}"
        lines.append(f"| {r['path']} | {r['role']} | {r['cpu_ms']:.2f} | {r['cpu_ms_min']:.2f} | {pg} | "
                     f"{r['queries']} | {r['bytes']} |")
    (out / f"{name}.md").write_text("\n".join(lines) + "\n")
    print(f"wrote {out / name}.md")


if __name__ == "__main__":
    main()
