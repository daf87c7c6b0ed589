"""CPU ms per request (process time, so not inflated by waiting on a shared machine), in-process with
DEBUG off, for the audited record page, its API read and /api/v1/me (sw.locality1, first allocated child).

    DATABASE_URL=... DJANGO_DEBUG=0 SAFEGUARD_DEMO=1 nice -n 10 .venv/bin/python bench/cpu_per_request.py 200

Includes this process's after-commit sealing (at most once a second), as a gunicorn worker pays it.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguard.settings")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

from safeguard.access.models import Involvement  # noqa: E402
from safeguard.agencies.models import Practitioner  # noqa: E402


def main() -> None:
    requests = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    user = Practitioner.objects.get(username="sw.locality1")
    child = Involvement.objects.filter(practitioner=user).values_list("person_id", flat=True).first()
    client = Client()
    client.force_login(user)
    print("DEBUG", settings.DEBUG, "load average", os.getloadavg())
    paths = [("record page", f"/people/{child}/"), ("API person", f"/api/v1/people/{child}"), ("API me", "/api/v1/me")]
    for label, path in paths:
        for _ in range(5):
            assert client.get(path).status_code == 200, path
        batches = []
        for _batch in range(5):
            started = time.process_time()
            for _ in range(requests // 5):
                client.get(path)
            batches.append((time.process_time() - started) / (requests // 5) * 1000)
        print(f"{label}: CPU ms/request, median of 5 batches {statistics.median(batches):.2f} (min {min(batches):.2f})")


if __name__ == "__main__":
    main()
