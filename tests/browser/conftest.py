"""Fixtures for Safeguard's real-browser tests.

    browser            session-scoped Playwright Chromium (Debian /usr/bin/chromium, headless).
                       Every test that uses it is SKIPPED with a clear reason when chromium is
                       missing or will not start (scripts/install_browser.sh installs it).
    page               a fresh browser context and page per test, base_url = live_server.url,
                       so page.goto("/…") hits the test server. Uses pytest-django's live_server,
                       which brings transactional_db.
    assert_accessible  assert_accessible(page): axe-core (WCAG 2.0/2.1/2.2 A and AA), zero violations.
    login              login(page, username, password): fill the GOV.UK sign-in form and submit.

Every test under tests/browser/ gets the `browser` marker (`pytest -m "not browser"` skips them).
"""

from __future__ import annotations

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django would otherwise refuse
# ORM calls made from that thread (SynchronousOnlyOperation).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

try:
    from .harness import BrowserUnavailable, launch_chromium
    from .harness import assert_accessible as _assert_accessible
    from .harness import login as _login
except ImportError:  # tests/browser is not a package: pytest put this folder on sys.path
    from harness import BrowserUnavailable, launch_chromium
    from harness import assert_accessible as _assert_accessible
    from harness import login as _login

_HERE = os.path.dirname(os.path.abspath(__file__))


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: real-browser tests (need /usr/bin/chromium)")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if str(item.fspath).startswith(_HERE + os.sep):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def _playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Browser tests skipped: the playwright package is not installed")
    manager = sync_playwright()
    try:
        pw = manager.start()
    except Exception as exc:  # noqa: BLE001  (any failure here means: no browser)
        pytest.skip(f"Browser tests skipped: Playwright could not start: {exc}")
    yield pw
    manager.__exit__(None, None, None)


@pytest.fixture(scope="session")
def browser(_playwright):
    try:
        chromium = launch_chromium(_playwright)
    except BrowserUnavailable as exc:
        pytest.skip(str(exc))
    yield chromium
    chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(10_000)
    page = context.new_page()
    # Every browser test also checks the Content-Security-Policy breaks nothing on the pages it visits.
    refused = []
    page.on(
        "console",
        lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
    )
    yield page
    context.close()
    assert not refused, "The Content-Security-Policy refused something on a page:\n" + "\n".join(refused)


@pytest.fixture
def assert_accessible():
    return _assert_accessible


@pytest.fixture
def login(live_server):
    from django.urls import reverse

    def _do(page, username: str, password: str) -> None:
        _login(page, username, password, path=reverse("login"))

    return _do
