"""Every page each demo role can reach from its home page works and speaks the users' language.

Seeds the demo partnership at a small size, signs in as each of its practitioners (one per role)
and follows every same-site link from "Your work" (a few pages of each kind), failing on any
server error, dead link (404 or 403 from a link the site showed), internal code on the screen,
single-box date input, raw HTML in a title or Django debug page. See safeguard/testing/crawl.py.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from safeguard.agencies.models import Practitioner
from safeguard.agencies.roles import Role
from safeguard.demo.partnership import PRACTITIONERS
from safeguard.testing.crawl import Finding, _Page, crawl, text_findings

pytestmark = pytest.mark.django_db


def test_every_page_reachable_from_each_demo_role_works_and_is_in_words():
    call_command("seed_demo", "--allow-without-debug", "--families", "12", "--no-logins", stdout=StringIO())
    usernames = frozenset(spec.username for spec in PRACTITIONERS)  # "dsl" is a username here, not a code
    findings: list[str] = []
    pages = 0
    roles = set()
    for spec in PRACTITIONERS:
        client = Client()
        client.force_login(Practitioner.objects.get(username=spec.username))
        result = crawl(client, max_pages=250, per_pattern=2, seconds=6, ignore=usernames)
        pages += result.pages
        roles.add(spec.role)
        if result.pages < 2:
            findings.append(f"{spec.username}: nowhere to go from their home page")
        findings += [f"{spec.username}: {f}" for f in result.findings]
    assert roles == set(Role.values) and pages > 200  # every role takes part
    assert not findings, f"{len(findings)} problems on {pages} pages:\n" + "\n".join(findings)


def _findings(html: str) -> list[Finding]:
    from safeguard.testing.crawl import _internal_codes

    page = _Page()
    page.feed(html)
    return text_findings("/x/", page, *_internal_codes())


def test_the_crawl_sees_what_a_user_would_trip_over():
    """The checks themselves: each kind of problem is caught, and ordinary words are not."""
    bad = _findings(
        "<title>Plan <strong>for</strong></title><main><p>Referral source: 2A</p><p>not_sought_risk</p>"
        "<p>people.person</p><p>0eabf949-03f3-4851-b726-99ec6a1e860d</p><dd>Disabilities: CON</dd>"
        '<input type="text" name="held_on"><input type="date" name="x"></main>'
    )
    kinds = sorted({f.kind for f in bad})
    assert kinds == [
        "code on screen",
        "id on screen",
        "internal code on screen",
        "model name on screen",
        "raw HTML in page title",
        "single-box date input",
    ]
    assert {f.detail for f in bad if f.kind == "code on screen"} >= {"'2A' in 'Referral source: 2A'"}
    good = _findings(
        "<title>Plan for Ada – Safeguard</title><main><p>Referral source: Schools</p><p>Individual: other</p>"
        "<p>Email sw.locality1@wrekinshire.example</p><script>var not_seen_code = 1;</script>"
        '<input class="govuk-input govuk-date-input__input" name="held_on_day"></main>'
    )
    assert good == []


def test_a_time_of_day_box_is_not_taken_for_a_single_box_date():
    """A meeting's time box is named like a timestamp (starts_at) but holds a time: the time field says so."""
    from safeguard.core.inputs import Time

    time_box = str(Time(label="Time").form_field().widget.render("starts_at", ""))
    assert _findings(f"<main>{time_box}</main>") == []
    assert [f.kind for f in _findings('<main><input type="text" name="starts_at"></main>')] == ["single-box date input"]
