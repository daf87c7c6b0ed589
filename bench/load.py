"""Load benchmark: gunicorn on 127.0.0.1, concurrent clients by role, mixed reads and writes.

Starts `gunicorn safeguard.wsgi` (DEBUG off) on loopback against DATABASE_URL (a seeded demo
database: it gains contacts, screening decisions, acknowledgements and audit entries), issues each
demo practitioner an API token, then runs `--clients` threads for `--seconds`, each acting as one
role: mostly that role's reads, about one request in ten a write (a contact from the front door, a
police screening decision, a school acknowledging an Encompass notice). Reports throughput, p50/p95
and errors (any status other than 2xx), then stops gunicorn and verifies the audit chain.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/i12perf nice -n 19 \\
        .venv/bin/python bench/load.py --workers 4 --clients 50 --seconds 60 --label 100k

Writes bench/results/load-<date>[-label].md and .json.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import re
import resource
import signal
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguard.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")  # this process only seeds tokens and verifies; gunicorn runs DEBUG off

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

from safeguard.access.audit import ChainProblem, seal_pending, verify_chain  # noqa: E402
from safeguard.access.services import api_token_issue  # noqa: E402
from safeguard.agencies.models import Practitioner  # noqa: E402
from safeguard.frontdoor.models import EncompassNotice, Notification  # noqa: E402
from safeguard.people.models import Person  # noqa: E402

READS: dict[str, list[str]] = {
    "fd.worker": ["/api/v1/contacts", "/api/v1/encompass-notices", "/api/v1/me", "/api/v1/police-screening"],
    "sw.locality1": ["/api/v1/protection/due", "/api/v1/protection/actions/overdue",
                     "/api/v1/protection/reconvene-reviews", "/api/v1/protection/children/{child}/summary",
                     "/api/v1/people/{child}", "/api/v1/family/people/{child}/genogram"],
    "sw.manager": ["/api/v1/protection/due", "/api/v1/protection/actions/overdue"],
    "police.ppu": ["/api/v1/police-screening", "/api/v1/encompass-notices", "/api/v1/information-requests"],
    "health.safeguarding": ["/api/v1/information-requests", "/api/v1/me"],
    "dsl": ["/api/v1/encompass-notices", "/api/v1/me"],
    "analyst": ["/api/v1/challenges/partnership"],
}
WRITE_SHARE = 0.1
ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def machine_cpu() -> tuple[float, float]:
    """Busy and total CPU seconds of the whole machine so far (/proc/stat), to tell a run on a quiet machine
    from one that shared it."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    ticks = os.sysconf("SC_CLK_TCK")
    idle = fields[3] + fields[4]
    return (sum(fields) - idle) / ticks, sum(fields) / ticks


def postgres_cpu() -> float:
    """CPU seconds used so far by every PostgreSQL process (each backend's /proc stat), summed."""
    total, ticks = 0.0, os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name, rest = text[text.index("(") + 1:text.rindex(")")], text[text.rindex(")") + 2:].split()
        if name.startswith("postgres"):
            total += (int(rest[11]) + int(rest[12])) / ticks  # utime, stime
    return total


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))]


class Work:
    """Targets for writes, shared by the threads without two taking the same one."""

    def __init__(self):
        self.lock = threading.Lock()
        self.notifications = list(Notification.objects.filter(screening_status="waiting").values_list("pk", flat=True))
        dsl = Practitioner.objects.get(username="dsl")
        from safeguard.access import policy

        self.notices = list(
            EncompassNotice.objects.filter(acknowledged_at__isnull=True, sent_at__isnull=False,
                                           school_id__in=policy.dsl_agency_ids(dsl)).values_list("pk", flat=True)
        )

    def take(self, name: str):
        with self.lock:
            items = getattr(self, name)
            return items.pop() if items else None


def contact_body(n: int) -> dict:
    return {
        "referrer_name": "Ms Load Test", "referrer_role": "Class teacher", "referral_source": "2A",
        "concerns": "Child arrived hungry and tired again; says there is no food at home.",
        "categories": ["neglect"], "consent_status": "agreed",
        "subjects": [{"role": "subject_child", "given_name": "Loadtest", "family_name": f"Fictional{n}",
                      "date_of_birth": "2016-05-14"}],
    }


def client_loop(role: str, token: str, ids: dict, port: int, deadline: float, work: Work, results: list,
                seed: int) -> None:
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    n = 0
    while time.monotonic() < deadline:
        n += 1
        method, path, body, kind = "GET", rng.choice(READS[role]).format(**ids), None, "read"
        if rng.random() < WRITE_SHARE:
            if role == "fd.worker":
                method, path, body, kind = "POST", "/api/v1/contacts", contact_body(seed * 100000 + n), "write"
            elif role == "police.ppu" and (target := work.take("notifications")):
                method, path, kind = "POST", f"/api/v1/notifications/{target}/screening", "write"
                body = {"decision": "no_referral", "reason": "Standard risk; universal services involved."}
            elif role == "dsl" and (target := work.take("notices")):
                method, path, body, kind = "POST", f"/api/v1/encompass-notices/{target}/acknowledge", {}, "write"
        started = time.perf_counter()
        try:
            payload = json.dumps(body) if body is not None else None
            conn.request(method, path, body=payload,
                         headers={**headers, **({"Content-Type": "application/json"} if payload else {})})
            response = conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            status = 0
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        results.append((role, kind, ID.sub("{id}", path.split("?")[0]), status, (time.perf_counter() - started) * 1000))
    conn.close()


def wait_for(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("gunicorn did not answer /healthz")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker (gthread when > 1)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    args.seconds = min(args.seconds, 600)  # bounded

    admin = Practitioner.objects.get(username="admin")
    users = {u.username: u for u in Practitioner.objects.filter(username__in=READS)}
    tokens = {name: api_token_issue(actor=admin, practitioner=user, name="load benchmark")[1]
              for name, user in users.items()}
    from safeguard.protection.models import Allocation

    child = (Allocation.objects.filter(worker=users["sw.locality1"], ends_on__isnull=True)
             .values_list("child_id", flat=True).first())
    ids = {"child": child}
    work = Work()
    from datetime import timedelta

    children = Person.objects.filter(date_of_birth__gt=date.today() - timedelta(days=18 * 365)).count()
    connection.close()

    # The server seals audit entries with the key this process verifies them with (the seeded chain's).
    env = {**os.environ, "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "load-benchmark-only-" + "x" * 40,
           "SAFEGUARD_AUDIT_KEY": settings.AUDIT_KEY,
           "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost", "DJANGO_SECURE_SSL_REDIRECT": "0"}
    command = [str(ROOT / ".venv/bin/gunicorn"), "safeguard.wsgi", "--bind", f"127.0.0.1:{args.port}",
               "--workers", str(args.workers), "--threads", str(args.threads), "--log-level", "warning",
               "--timeout", "60"]
    server = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603 - fixed command, loopback only
    try:
        wait_for(args.port)
        results: list = []
        roles = list(READS)
        deadline = time.monotonic() + args.seconds
        started, load_before = time.monotonic(), os.getloadavg()
        cpu_before = {"client": time.process_time(), "postgres": postgres_cpu(), "machine": machine_cpu(),
                      "server": _children_cpu()}
        threads = [
            threading.Thread(target=client_loop, args=(roles[i % len(roles)], tokens[roles[i % len(roles)]], ids,
                                                      args.port, deadline, work, results, i), daemon=True)
            for i in range(args.clients)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=args.seconds + 60)
        elapsed = time.monotonic() - started
        args.load_average = {"before": [round(x, 2) for x in load_before],
                             "after": [round(x, 2) for x in os.getloadavg()]}
        client_cpu, postgres_after, machine_after = time.process_time(), postgres_cpu(), machine_cpu()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    # gunicorn's workers are reaped by its master, whose usage (theirs included) is ours once it exits;
    # its start-up (imports) is included, so the server's figure is an upper bound.
    busy, total = (machine_after[0] - cpu_before["machine"][0], machine_after[1] - cpu_before["machine"][1])
    args.cpu = {"server_s": round(_children_cpu() - cpu_before["server"], 1),
                "postgres_s": round(postgres_after - cpu_before["postgres"], 1),
                "client_s": round(client_cpu - cpu_before["client"], 1),
                "machine_busy_share": round(busy / total, 2) if total else None}

    # Servers seal after a commit at most once a second each: what they left is sealed here, as the
    # scheduled job would, before the chain is verified.
    args.sealed_afterwards = seal_pending()
    problems = [p for p in verify_chain() if isinstance(p, ChainProblem)]
    report(results, elapsed, args, children, problems)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def report(results: list, elapsed: float, args, children: int, problems: list) -> None:
    today = date.today().isoformat()
    name = f"load-{today}" + (f"-{args.label}" if args.label else "")
    ok = [r for r in results if 200 <= r[3] < 300]
    errors = Counter((r[2], r[3]) for r in results if not 200 <= r[3] < 300)
    by_kind = defaultdict(list)
    for r in results:
        by_kind[r[1]].append(r[4])
    by_path = defaultdict(list)
    for r in results:
        by_path[(r[1], r[2])].append(r[4])
    summary = {
        "requests": len(results), "seconds": round(elapsed, 1), "throughput": round(len(results) / elapsed, 1),
        "p50_ms": round(percentile([r[4] for r in results], 50), 1),
        "p95_ms": round(percentile([r[4] for r in results], 95), 1),
        "errors": len(results) - len(ok), "writes": len(by_kind["write"]),
        "read_p95_ms": round(percentile(by_kind["read"], 95), 1),
        "write_p95_ms": round(percentile(by_kind["write"], 95), 1),
        "audit_chain": "verified" if not problems else f"BROKEN: {problems[0].message} (seq {problems[0].seq})",
        "entries_sealed_after_the_run": getattr(args, "sealed_afterwards", None),
    }
    cpu = getattr(args, "cpu", None)
    if cpu and results:
        # What one request cost the machine, whoever else was using it: gunicorn (with its start-up) and
        # PostgreSQL (every backend, so other databases' work too on a shared machine) per request.
        summary["cpu_ms_per_request"] = {
            "server": round(cpu["server_s"] * 1000 / len(results), 1),
            "postgres": round(cpu["postgres_s"] * 1000 / len(results), 1),
            "client": round(cpu["client_s"] * 1000 / len(results), 1)}
        summary["machine_busy_share"] = cpu["machine_busy_share"]
    meta = {"date": today, "children": children, "workers": args.workers, "threads": args.threads,
            "clients": args.clients, "machine": f"{os.cpu_count()} cores, Python {platform.python_version()}",
            "load_average": getattr(args, "load_average", None),  # the machine is shared (1, 5, 15 min)
            "command": f"DATABASE_URL=... nice -n 19 .venv/bin/python bench/load.py --workers {args.workers} "
                       f"--threads {args.threads} --clients {args.clients} --seconds {args.seconds}"
                       + (f" --label {args.label}" if args.label else "")}
    out = ROOT / "bench" / "results"
    (out / f"{name}.json").write_text(json.dumps({"meta": meta, "summary": summary,
                                                   "errors": {f"{k[0]} {k[1]}": v for k, v in errors.items()}},
                                                  indent=1))
    lines = [f"# Load benchmark, {today}", "",
             f"{children:,} children; gunicorn {args.workers} workers × {args.threads} threads on 127.0.0.1; "
             f"{args.clients} clients for {args.seconds} s; {meta['machine']}; load average (1, 5, 15 min) "
             f"{meta['load_average']}. Command: `{meta['command']}`.", "",
             "| requests | req/s | p50 ms | p95 ms | read p95 | write p95 | writes | errors | audit chain |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---|",
             f"| {summary['requests']} | {summary['throughput']} | {summary['p50_ms']} | {summary['p95_ms']} | "
             f"{summary['read_p95_ms']} | {summary['write_p95_ms']} | {summary['writes']} | {summary['errors']} | "
             f"{summary['audit_chain']} |", ""]
    if "cpu_ms_per_request" in summary:
        per = summary["cpu_ms_per_request"]
        lines += [f"CPU per request: gunicorn {per['server']} ms (start-up included), PostgreSQL {per['postgres']} ms "
                  f"(all backends on the machine), this client {per['client']} ms; the machine's cores were busy "
                  f"{summary['machine_busy_share']:.0%} of the run.", ""]
    lines += ["| kind | path | n | p95 ms |", "|---|---|---:|---:|"]
    for (kind, path), values in sorted(by_path.items()):
        lines.append(f"| {kind} | {path} | {len(values)} | {percentile(values, 95):.1f} |")
    if errors:
        lines += ["", "Errors: " + ", ".join(f"{p} → {s} ×{n}" for (p, s), n in errors.most_common())]
    (out / f"{name}.md").write_text("\n".join(lines) + "\n")
    print(json.dumps(summary, indent=1))
    print(f"wrote {out / name}.md")


if __name__ == "__main__":
    main()
