"""CPU ms per request (process time, so not inflated by waiting on a shared machine), in-process with
DEBUG off, for the audited record page, its API read and /api/v1/me (sw.locality1, first allocated child),
signed in (session) and, for the two API reads, with an API token as an agency system calls (a token
is made for the run and revoked at its end).

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

from safeguard.access.models import ApiToken, Involvement  # noqa: E402
from safeguard.access.services import TOKEN_PREFIX, _hash_key  # noqa: E402
from safeguard.agencies.models import Practitioner  # noqa: E402


def main() -> None:
    requests = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    user = Practitioner.objects.get(username="sw.locality1")
    child = Involvement.objects.filter(practitioner=user).values_list("person_id", flat=True).first()
    client = Client()
    client.force_login(user)
    secret = f"{TOKEN_PREFIX}_bench{os.getpid():07x}_{'x' * 40}"[:60]
    token = ApiToken.objects.create(practitioner=user, name="cpu_per_request", prefix=secret.split("_")[1],
                                    key_hash=_hash_key(secret))
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    print("DEBUG", settings.DEBUG, "load average", os.getloadavg())
    paths = [("record page", f"/people/{child}/", client, {}),
             ("API person", f"/api/v1/people/{child}", client, {}),
             ("API me", "/api/v1/me", client, {}),
             ("API person (token)", f"/api/v1/people/{child}", Client(), bearer),
             ("API me (token)", "/api/v1/me", Client(), bearer)]
    try:
        for label, path, who, headers in paths:
            for _ in range(5):
                assert who.get(path, **headers).status_code == 200, path
            batches = []
            for _batch in range(5):
                started = time.process_time()
                for _ in range(requests // 5):
                    who.get(path, **headers)
                batches.append((time.process_time() - started) / (requests // 5) * 1000)
            print(f"{label}: CPU ms/request, median of 5 batches {statistics.median(batches):.2f} "
                  f"(min {min(batches):.2f})")
    finally:
        token.delete()

if __name__ == "__main__":
    main()
