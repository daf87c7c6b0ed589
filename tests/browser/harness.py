"""Helpers for Safeguard's real-browser tests (Playwright + Debian chromium + axe-core).

Used by conftest.py (as fixtures) and by selfcheck.py (standalone). No Django imports here.
"""

from __future__ import annotations

import os
from pathlib import Path

CHROMIUM = os.environ.get("SAFEGUARD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


class BrowserUnavailable(Exception):
    """Chromium or Playwright is missing or cannot start; browser tests should be skipped."""


def chromium_missing_reason() -> str | None:
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        return (
            f"Browser tests skipped: {CHROMIUM} not found (run scripts/install_browser.sh, or apt-get install chromium)"
        )
    return None


def launch_chromium(playwright):
    """Launch headless Debian chromium, or raise BrowserUnavailable with a clear reason."""
    reason = chromium_missing_reason()
    if reason:
        raise BrowserUnavailable(reason)
    try:
        return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    except Exception as exc:  # Playwright raises its own Error types; any failure means no browser
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        message = f"Browser tests skipped: Playwright could not launch {CHROMIUM}: {first_line}"
        raise BrowserUnavailable(message) from exc


def run_axe(page, tags: list[str] | None = None) -> list[dict]:
    """Run axe-core on the page's document and return its violations."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Evaluated through the DevTools protocol, not added as an inline <script>: the site's
        # Content-Security-Policy (rightly) refuses inline scripts without its nonce.
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                targets: v.nodes.map(n => n.target.join(' ')),
                summaries: v.nodes.map(n => n.failureSummary || ''),
            }));
        }""",
        tags or AXE_TAGS,
    )
    return result


def format_violations(violations: list[dict], url: str = "") -> str:
    lines = [f"{len(violations)} accessibility violation(s){' on ' + url if url else ''}:"]
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} [{v['helpUrl']}]")
        for target, summary in zip(v["targets"], v["summaries"], strict=False):
            lines.append(f"    at {target}")
            for s in summary.splitlines()[1:3]:
                if s.strip():
                    lines.append(f"       {s.strip()}")
    return "\n".join(lines)


def assert_accessible(page, tags: list[str] | None = None) -> None:
    """Fail with a readable list when axe-core finds any WCAG 2.2 A/AA violation on the page."""
    violations = run_axe(page, tags)
    if violations:
        raise AssertionError(format_violations(violations, page.url))


def login(page, username: str, password: str, path: str = "/accounts/login/") -> None:
    """Sign in through the GOV.UK sign-in form, by its labels.

    Navigates to `path` first unless the page already shows the sign-in form.
    Waits for the navigation that follows submitting.
    """
    if page.get_by_label("Username", exact=True).count() == 0:
        page.goto(path)
    page.get_by_label("Username", exact=True).fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


def fill_date(scope, legend: str, day) -> None:
    """Type a date into the GOV.UK date input whose legend is `legend` (day, month and year boxes)."""
    from datetime import date

    day = date.fromisoformat(day) if isinstance(day, str) else day
    group = scope.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day", exact=True).fill(str(day.day))
    group.get_by_label("Month", exact=True).fill(str(day.month))
    group.get_by_label("Year", exact=True).fill(str(day.year))
