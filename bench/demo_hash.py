"""Hash of what the demo generator makes for a fixed seed: a refactor of safeguard/demo must leave it unchanged.

Run from the repository root: `DJANGO_DEBUG=1 PYTHONPATH=. .venv/bin/python bench/demo_hash.py 300`
(prints the sha256 over every field of every row of 300 families, and the number of rows).
"""

import hashlib
import os
import sys
from datetime import UTC, date, datetime

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguard.settings")
django.setup()

from safeguard.demo.generator import generate  # noqa: E402 - after django.setup()
from safeguard.demo.rows import FamilyRows  # noqa: E402

digest = hashlib.sha256()
count = 0
families = int(sys.argv[1]) if len(sys.argv) > 1 else 300
for rows in generate(seed=2026, as_of=date(2026, 11, 20), families=families,
                     now=datetime(2026, 11, 20, 12, tzinfo=UTC)):
    for name in (*FamilyRows.FIELDS, "audit"):
        for obj in getattr(rows, name):
            fields = sorted((k, repr(v)) for k, v in vars(obj).items() if k != "_state")
            digest.update(repr((name, fields)).encode())
            count += 1
print(digest.hexdigest(), count)
