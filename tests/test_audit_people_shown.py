"""Every page and API read that shows a person by name is audited as a view of that person.

"Who has looked at this child?" is answered from the audit log filtered by the child: a list that
showed the child's name (a queue, a schedule, search results) and wrote no entry naming them is a
view the auditor never finds. This seeds the demo partnership, signs in as each demo practitioner,
follows the pages they are shown (safeguard/testing/crawl.py) and reads every list the API publishes
that takes no path parameter, and fails for any response that showed a seeded person's name when no
audit entry written for that request names the person.
"""

from __future__ import annotations

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from safeguard.access.models import AuditEntry, AuditEntryPerson
from safeguard.agencies.models import Practitioner
from safeguard.demo.partnership import PRACTITIONERS
from safeguard.people.models import Person
from safeguard.testing.crawl import _Page, crawl, pattern_of

pytestmark = pytest.mark.django_db

#: One person's record pages that also name their relatives, household or the other children of a
#: meeting: audited as a view of the person (or record) only, not yet of the others they name.
#: Still to do (not lists); remove a pattern when its page names everyone it shows.
RECORD_PAGES_NAMING_OTHERS: frozenset[str] = frozenset()


class _People:
    """The seeded people's full names, and which people each name could be (names can repeat)."""

    def __init__(self):
        self.ids_by_name: dict[str, set[str]] = {}
        for pk, given, family in Person.objects.values_list("pk", "given_name", "family_name"):
            if given and family:
                self.ids_by_name.setdefault(f"{given} {family}", set()).add(str(pk))
        names = sorted(self.ids_by_name, key=len, reverse=True)
        self.pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")

    def named_in(self, text: str) -> set[str]:
        return set(self.pattern.findall(text))


def _json_text(value) -> str:
    """Every string a JSON answer shows, with given and family names put together as a reader would."""
    out: list[str] = []

    def walk(v):
        if isinstance(v, dict):
            for key, item in v.items():
                if key.endswith("given_name") and isinstance(item, str):
                    family = v.get(key[: -len("given_name")] + "family_name")
                    if isinstance(family, str):
                        out.append(f"{item} {family}")
                walk(item)
        elif isinstance(v, list):
            for item in v:
                walk(item)
        elif isinstance(v, str):
            out.append(v)

    walk(value)
    return "\n".join(out)


class _AuditedClient(Client):
    """A client that, after each GET, compares the people the answer named with those its audit
    entries named, and keeps a finding for each person shown but not audited."""

    def __init__(self, user, people: _People, findings: list[str]):
        super().__init__()
        self.force_login(user)
        self.user, self.people, self.findings = user, people, findings
        self.checked: list[str] = []

    def get(self, path, *args, **kwargs):
        last = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
        response = super().get(path, *args, **kwargs)
        if response.status_code != 200:
            return response
        kind = response.get("Content-Type", "")
        if "text/html" in kind:
            page = _Page()
            page.feed(response.content.decode("utf-8", "replace"))
            text = "\n".join(page.text)
        elif "json" in kind:
            text = _json_text(json.loads(response.content))
        else:
            return response
        shown = self.people.named_in(text)
        self.checked.append(path)
        if not shown:
            return response
        entries = list(AuditEntry.objects.filter(seq__gt=last, actor_id=self.user.pk).values_list("seq", "person_id"))
        audited = {p for _, p in entries} | set(
            AuditEntryPerson.objects.filter(entry_id__in=[s for s, _ in entries]).values_list("person_id", flat=True)
        )
        missed = sorted(name for name in shown if not (self.people.ids_by_name[name] & audited))
        if missed and pattern_of(path) not in RECORD_PAGES_NAMING_OTHERS:
            self.findings.append(
                f"{self.user.username}: GET {path} showed {len(missed)} of {len(shown)} people unaudited "
                f"(e.g. {', '.join(missed[:3])})"
            )
        return response


def _api_lists() -> list[str]:
    """Every GET the API publishes with no path parameter: the lists and searches."""
    schema = Client().get("/api/v1/openapi.json").json()
    return sorted(path for path, ops in schema["paths"].items() if "get" in ops and "{" not in path)


def test_every_page_and_api_list_that_names_a_person_is_audited_as_a_view_of_them():
    call_command("seed_demo", "--allow-without-debug", "--families", "12", "--no-logins", "--no-index",
                 stdout=StringIO(), stderr=StringIO())
    people = _People()
    findings: list[str] = []
    checked = 0
    lists = _api_lists()
    for spec in PRACTITIONERS:
        client = _AuditedClient(Practitioner.objects.get(username=spec.username), people, findings)
        crawl(client, max_pages=250, per_pattern=1, seconds=30)
        for path in lists:
            client.get(path)
        checked += len(client.checked)
    unique = sorted(set(findings))
    assert checked > 100
    assert not unique, f"{len(unique)} reads showed people they did not audit:\n" + "\n".join(unique)
