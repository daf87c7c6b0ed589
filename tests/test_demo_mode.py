"""`make run` serves the demo as production would show it: DEBUG off, the site's own error pages."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def settings_with(env: dict) -> dict:
    """The settings a fresh process reads from this environment (nothing else inherited)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SAFEGUARD_", "DATABASE_URL"))}
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps({'DEBUG': settings.DEBUG, 'storage': settings.STORAGES['staticfiles']['BACKEND'], "
        "'finders': settings.WHITENOISE_USE_FINDERS, "
        "'secure_cookies': getattr(settings, 'SESSION_COOKIE_SECURE', False), "
        "'ssl_redirect': getattr(settings, 'SECURE_SSL_REDIRECT', False), 'training': settings.SAFEGUARD_TRAINING}))"
    )
    env = {**clean, "DJANGO_SETTINGS_MODULE": "safeguard.settings", "SAFEGUARD_VAR_DIR": str(ROOT / "var"), **env}
    done = subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_demo_runs_without_debug_but_with_what_a_laptop_needs():
    demo = settings_with({"SAFEGUARD_DEMO": "1"})
    assert demo["DEBUG"] is False  # Django's debug pages are never shown
    assert demo["storage"].endswith("StaticFilesStorage") and demo["finders"] is True  # no collectstatic
    assert demo["secure_cookies"] is False and demo["ssl_redirect"] is False  # plain HTTP on 127.0.0.1
    assert demo["training"] is True  # the training clock may be set for a demo


def test_a_live_service_still_needs_its_own_key_and_https():
    refused = subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SAFEGUARD_"))}
        | {"DJANGO_SETTINGS_MODULE": "safeguard.settings", "SAFEGUARD_VAR_DIR": str(ROOT / "var")},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode != 0 and "DJANGO_SECRET_KEY must be set" in refused.stderr
    live = settings_with({"DJANGO_SECRET_KEY": "x" * 50, "SAFEGUARD_AUDIT_KEY": "y" * 50})
    assert live["DEBUG"] is False and live["secure_cookies"] is True and live["training"] is False
    assert "Manifest" in live["storage"]


def test_makefile_runs_the_demo_in_demo_mode_not_debug():
    makefile = (ROOT / "Makefile").read_text()
    assert "DEMO_ENV := SAFEGUARD_DEMO=1" in makefile and "DJANGO_DEBUG=1" not in makefile


@pytest.mark.django_db
def test_unknown_pages_get_the_sites_own_not_found_page(client):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404 and "Page not found – Safeguard" in html
    assert "URLconf" not in html and "technical_500" not in html
