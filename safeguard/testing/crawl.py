"""Follow every link a signed-in practitioner is shown, and list what a user would trip over.

Used by tests/test_crawl.py (one crawl per demo role) and by `manage.py crawl_pages`. A finding is
a page that fails (5xx), a link the site showed that leads nowhere (404 or 403), an internal code
on the screen (role code, enum value, model label, UUID, bare code from a code list), a date asked
for in one box instead of the GOV.UK date input, raw HTML in a page title, or Django's debug page.
"""

from __future__ import annotations

import re
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from django.apps import apps

UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.I)
SNAKE = re.compile(r"(?<![\w./@-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/@-]|\.\w)")
ID_SEGMENT = re.compile(r"/(?:[0-9a-f]{8}-[0-9a-f-]{27}|\d+)(?=/|$)", re.I)
DATE_NAME = re.compile(r"(^|_|-)(date|dob|birth|born|on|at)$|date_of|_date", re.I)
SKIP_PREFIXES = ("/api/", "/static/", "/sign-out/", "/admin/")
DEBUG_MARKERS = ("technical_500", "Using the URLconf defined in", "You're seeing this error because you have")


@dataclass
class Finding:
    kind: str
    url: str
    detail: str
    via: str = ""

    def __str__(self) -> str:
        via = f" (linked from {self.via})" if self.via else ""
        return f"{self.kind}: {self.url}{via}: {self.detail}"


@dataclass
class CrawlResult:
    pages: int = 0
    seconds: float = 0.0
    findings: list[Finding] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)


class _Page(HTMLParser):
    """Links, visible text, date-like inputs and the title of one HTML page."""

    SKIP_TEXT = {"script", "style", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.text: list[str] = []
        self.inputs: list[dict] = []
        self.title = ""
        self._stack: list[str] = []
        self._in_title = False
        self._hidden_depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self._in_title:  # markup inside <title> is shown to the user as text
            self.title += f"<{tag}>"
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag == "input":
            self.inputs.append(a)
        if tag == "title":
            self._in_title = True
        if tag not in ("input", "br", "img", "meta", "link", "hr", "col", "source", "wbr"):
            self._stack.append(tag)

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        while self._stack:
            if self._stack.pop() == tag:
                break

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        elif data.strip() and not any(t in self.SKIP_TEXT for t in self._stack):
            self.text.append(data.strip())


def _internal_codes() -> tuple[set[str], set[str], set[str]]:
    """Model labels ("people.person"), and choice values that differ from their labels ("2A", "CON")."""
    labels, codes = set(), set()
    for model in apps.get_models():
        labels.add(model._meta.label_lower)
        for f in model._meta.get_fields():
            for value, label in getattr(f, "flatchoices", None) or []:
                value, label = str(value), str(label)
                if value.lower() != label.lower() and len(value) >= 2 and not value.isdigit():
                    codes.add(value)
    role_codes = set()
    from safeguard.agencies.roles import Role

    for value, label in Role.choices:
        if value.lower() != label.lower():
            role_codes.add(value)
    return labels, codes, role_codes


def pattern_of(url: str) -> str:
    """/people/<id>/chronology/ for /people/3f2a…/chronology/: pages of one kind share a pattern."""
    parts = urlsplit(url)
    path = ID_SEGMENT.sub("/<id>", parts.path)
    query = "&".join(sorted(q.split("=")[0] for q in parts.query.split("&") if q))
    return path + ("?" + query if query else "")


def text_findings(
    url: str, page: _Page, labels: set[str], codes: set[str], role_codes: set[str], ignore: frozenset[str] = frozenset()
) -> list[Finding]:
    found: list[Finding] = []
    text = "\n".join(page.text)
    for m in UUID.finditer(text):
        found.append(Finding("id on screen", url, m.group(0)))
    for m in SNAKE.finditer(text):
        found.append(Finding("internal code on screen", url, m.group(0)))
    for label in labels:
        if re.search(rf"(?<![\w.]){re.escape(label)}(?![\w])", text):
            found.append(Finding("model name on screen", url, label))
    for segment in page.text:
        # A bare code: a role ("dsl"), or a code list value that is not an ordinary word ("CON", "2A").
        if segment in ignore:
            continue
        if segment in role_codes or (segment in codes and not (segment.isalpha() and segment.islower())):
            found.append(Finding("code on screen", url, repr(segment)))
            continue
        for piece in re.split(r"[,;:()\u2013\u2014]|\s-\s", segment):
            piece = piece.strip()
            if piece in codes and not piece.isalpha() or piece.isupper() and piece in codes:
                found.append(Finding("code on screen", url, f"{piece!r} in {segment[:80]!r}"))
    if "<" in page.title or "&lt;" in page.title or ">" in page.title:
        found.append(Finding("raw HTML in page title", url, page.title.strip()[:120]))
    for a in page.inputs:
        kind = (a.get("type") or "text").lower()
        if kind == "date" or kind == "datetime-local":
            found.append(Finding("single-box date input", url, f"<input type={kind} name={a.get('name')}>"))
        elif (
            kind == "text"
            and DATE_NAME.search(a.get("name") or "")
            and "govuk-date-input__input" not in (a.get("class") or "")
            and "data-time-of-day" not in a  # a time box (starts_at) holds a time, not a date
        ):
            found.append(Finding("single-box date input", url, f"<input name={a.get('name')}>"))
    return found


def crawl(
    client,
    *,
    start: str = "/",
    max_pages: int = 400,
    per_pattern: int = 2,
    seconds: float = 60.0,
    ignore: frozenset[str] = frozenset(),
) -> CrawlResult:
    """Breadth-first over same-site GET links from `start`, a few pages of each kind, bounded in time.

    `ignore`: exact texts that may look like codes but are not (usernames such as "dsl").
    """
    labels, codes, role_codes = _internal_codes()
    client.raise_request_exception = False  # a page that fails is a finding, not the end of the crawl
    result = CrawlResult()
    began = time.monotonic()
    queue: deque[tuple[str, str]] = deque([(start, "")])
    seen = {start}
    per = Counter()
    while queue and result.pages < max_pages and time.monotonic() - began < seconds:
        url, via = queue.popleft()
        response = client.get(url)
        hops = 0
        while response.status_code in (301, 302, 303, 307, 308) and hops < 5:
            location = urljoin(url, response["Location"])
            if urlsplit(location).netloc not in ("", "testserver"):
                break
            url = urlsplit(location)._replace(scheme="", netloc="").geturl()
            response = client.get(url)
            hops += 1
        result.pages += 1
        result.visited.append(url)
        status = response.status_code
        body = response.content.decode("utf-8", "replace") if hasattr(response, "content") else ""
        if status >= 500:
            result.findings.append(Finding("server error", url, str(status), via))
            continue
        if any(marker in body for marker in DEBUG_MARKERS):
            result.findings.append(Finding("debug page", url, str(status), via))
        if status in (403, 404) and via:
            result.findings.append(Finding("dead link", url, str(status), via))
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        page = _Page()
        page.feed(body)
        result.findings.extend(text_findings(url, page, labels, codes, role_codes, ignore))
        for href in page.links:
            target, _ = urldefrag(urljoin(url, href))
            parts = urlsplit(target)
            if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
                continue
            target = parts._replace(scheme="", netloc="").geturl()
            if not target or target in seen or target.startswith(SKIP_PREFIXES):
                continue
            seen.add(target)
            pattern = pattern_of(target)
            if per[pattern] >= per_pattern:
                continue
            per[pattern] += 1
            queue.append((target, url))
    result.seconds = time.monotonic() - began
    unique: dict[tuple[str, str, str], Finding] = {}
    for finding in result.findings:  # one finding per kind of page and problem, not one per row
        unique.setdefault((finding.kind, pattern_of(finding.url), finding.detail), finding)
    result.findings = list(unique.values())
    return result
