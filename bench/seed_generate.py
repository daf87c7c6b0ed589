"""CPU of the demo generator alone (no database writes): generating families, and converting their rows
into what the bulk writer hands to COPY / executemany, for the database DATABASE_URL names.

Run from the repository root:
`DJANGO_DEBUG=1 PYTHONPATH=. .venv/bin/python bench/seed_generate.py 20000 [--profile out.prof] [--no-convert]
[--pause-gc]`
(children; prints CPU seconds of generation and of conversion). Nothing is written to the database:
the writer's tables are built from model metadata only.
"""

import argparse
import cProfile
import gc
import os
import time
from datetime import UTC, date, datetime

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguard.settings")
django.setup()

from django.db import connections  # noqa: E402 - after django.setup()

from safeguard.demo.generator import generate  # noqa: E402
from safeguard.demo.rows import FamilyRows  # noqa: E402
from safeguard.demo.writer import _Table  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("children", type=int)
    parser.add_argument("--profile")
    parser.add_argument("--no-convert", action="store_true")
    parser.add_argument("--pause-gc", action="store_true", help="cyclic GC off, as seed_demo runs its loop")
    args = parser.parse_args()
    connection = connections["default"]  # the wrapper itself, as the writer has it (not the proxy)
    now = datetime(2026, 11, 20, 12, tzinfo=UTC)  # the writer's time of writing
    # As `seed_demo --as-of 2026-11-20` on a later day: histories stop at the as-of date (now=None).

    tables: dict[str, _Table] = {}
    generation = conversion = 0.0
    families = rows_out = 0
    profiler = cProfile.Profile() if args.profile else None
    if args.pause_gc:
        gc.collect()
        gc.freeze()
        gc.disable()
    if profiler:
        profiler.enable()
    stream = generate(seed=2026, as_of=date(2026, 11, 20), children=args.children, now=None)
    while True:
        started = time.process_time()
        rows = next(stream, None)
        generation += time.process_time() - started
        if rows is None:
            break
        families += 1
        if args.no_convert:
            continue
        started = time.process_time()
        for name in FamilyRows.FIELDS:
            items = getattr(rows, name)
            if not items:
                continue
            table = tables.get(name)
            if table is None:
                model = type(items[0])
                numbered = model._meta.pk.get_internal_type() in ("AutoField", "BigAutoField") and \
                    items[0].pk is not None
                table = tables[name] = _Table(model, connection, now, numbered=numbered)
            rows_out += len(table.rows(items))
        conversion += time.process_time() - started
    if profiler:
        profiler.disable()
        profiler.dump_stats(args.profile)
    print(f"{families} families, {rows_out} rows converted ({connection.vendor}); CPU: generation "
          f"{generation:.2f} s, conversion {conversion:.2f} s")


if __name__ == "__main__":
    main()
