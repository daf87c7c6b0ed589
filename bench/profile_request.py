"""Where one request's CPU goes: an audited page and an API read, in-process, profiled.

    DATABASE_URL=... DJANGO_DEBUG=1 nice -n 10 .venv/bin/python bench/profile_request.py [--requests 50]

Prints CPU ms per request (process time: not inflated by other work on a shared machine), the
queries one request issues, and the top of a cProfile of all of them.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguard.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

import django  # noqa: E402

django.setup()

from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402

from safeguard.access.models import Involvement  # noqa: E402
from safeguard.agencies.models import Practitioner  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    user = Practitioner.objects.get(username="sw.locality1")
    child = Involvement.objects.filter(practitioner=user).values_list("person_id", flat=True).first()
    client = Client()
    client.force_login(user)
    for label, path in [("audited page: a child's record", f"/people/{child}/"),
                        ("API read: a child's record", f"/api/v1/people/{child}"),
                        ("API read: me (not audited)", "/api/v1/me")]:
        for _ in range(3):
            assert client.get(path).status_code == 200, path
        connection.force_debug_cursor = True
        reset_queries()
        client.get(path)
        queries = list(connection.queries)
        connection.force_debug_cursor = False
        plain_cpu, plain_wall = time.process_time(), time.perf_counter()
        for _ in range(args.requests):
            client.get(path)
        plain_cpu, plain_wall = time.process_time() - plain_cpu, time.perf_counter() - plain_wall
        profiler = cProfile.Profile()
        cpu, wall = time.process_time(), time.perf_counter()
        profiler.enable()
        for _ in range(args.requests):
            client.get(path)
        profiler.disable()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        print(f"\n## {label} ({path}): {plain_cpu / args.requests * 1000:.1f} ms CPU, "
              f"{plain_wall / args.requests * 1000:.1f} ms wall per request ({cpu / args.requests * 1000:.1f} ms CPU "
              f"profiled), {len(queries)} queries")
        for q in queries:
            print("   ", q["sql"][:160])
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(args.top)
        print(out.getvalue())


if __name__ == "__main__":
    main()
