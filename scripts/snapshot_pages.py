"""Snapshot what every demo role sees, to check a template refactor changed nothing a user would notice.

    DATABASE_URL=sqlite:////tmp/demo.sqlite3 SAFEGUARD_DEMO=1 python scripts/snapshot_pages.py save before.json
    ... change templates ...
    DATABASE_URL=sqlite:////tmp/demo.sqlite3 SAFEGUARD_DEMO=1 python scripts/snapshot_pages.py compare before.json

Crawls the seeded demo as each demo practitioner (the same walk as tests/test_crawl.py, in a fixed
order) and keeps each page's <main> and back link as a canonical form: elements with their
attributes (classes as a set; CSRF tokens and nonces dropped) and text with whitespace collapsed.
Whitespace between tags and attribute order are invisible to users, so they are not compared.
"""

from __future__ import annotations

import json
import os
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguard.settings")

VOLATILE = {"nonce", "value"}  # csrf token values; form values are compared through the text around them
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Canon(HTMLParser):
    """Tokens of the page from <main> (and the back link above it) with whitespace normalised."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tokens: list[str] = []
        self.depth = 0  # >0 inside <main> or a back link

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        starts = tag == "main" or "govuk-back-link" in (attributes.get("class") or "")
        if not (self.depth or starts):
            return
        if tag not in VOID:
            self.depth += 1
        shown = []
        for name, value in sorted(attributes.items()):
            if name == "class":
                value = " ".join(sorted((value or "").split()))
            if name in VOLATILE and attributes.get("name") == "csrfmiddlewaretoken" or name == "nonce":
                continue
            shown.append(f'{name}="{value}"')
        self.tokens.append(f"<{tag} {' '.join(shown)}>".replace(" >", ">"))

    def handle_endtag(self, tag):
        if self.depth and tag not in VOID:
            self.depth -= 1
            self.tokens.append(f"</{tag}>")

    def handle_data(self, data):
        if self.depth:
            text = " ".join(data.split())
            if text:
                if self.tokens and self.tokens[-1].startswith("#"):
                    self.tokens[-1] += " " + text
                else:
                    self.tokens.append("#" + text)


PRINTED = re.compile(r"(#Printed from Safeguard by .*?) on .*?\. (Official)")  # the clock moves on


def _steady(tokens: list[str]) -> list[str]:
    return [PRINTED.sub(r"\1 \2", token) for token in tokens]


def canonical(html: str) -> list[str]:
    parser = _Canon()
    parser.feed(html)
    return _steady(parser.tokens)


def snapshot() -> dict[str, list[str]]:
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.test.utils import setup_test_environment

    from safeguard.agencies.models import Practitioner
    from safeguard.demo.partnership import PRACTITIONERS
    from safeguard.testing.crawl import crawl

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    pages: dict[str, list[str]] = {}
    for spec in PRACTITIONERS:
        client = Client()
        client.force_login(Practitioner.objects.get(username=spec.username))
        result = crawl(client, max_pages=150, per_pattern=2, seconds=600)
        for url in result.visited:
            response = client.get(url)
            if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
                pages[f"{spec.username} {url}"] = canonical(response.content.decode())
    return pages


def main() -> int:
    mode, path = sys.argv[1], Path(sys.argv[2])
    pages = snapshot()
    if mode == "save":
        path.write_text(json.dumps(pages, indent=0))
        print(f"{len(pages)} pages saved to {path}")
        return 0
    import difflib

    before = json.loads(path.read_text())
    differing = 0
    for key in sorted(set(before) & set(pages)):
        before[key] = _steady(before[key])
        if before[key] != pages[key]:
            differing += 1
            print(f"--- {key}")
            for line in difflib.unified_diff(before[key], pages[key], lineterm="", n=2):
                print(line)
    missing = sorted(set(before) - set(pages))
    print(f"{len(set(before) & set(pages))} pages compared, {differing} differ; {len(missing)} not reached now")
    return 1 if differing else 0


if __name__ == "__main__":
    raise SystemExit(main())
