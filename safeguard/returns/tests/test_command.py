"""`manage.py export_cin_census`: the file, the report on the console, the audit entry, bad input."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from lxml import etree

from safeguard.access.models import AuditAction, AuditEntry
from safeguard.returns.tests.builders import World

pytestmark = pytest.mark.django_db


def test_the_command_writes_the_year_and_reports_each_broken_record_with_its_link(tmp_path):
    w = World()
    ada = w.child("Ada")
    w.episode(ada, date(2026, 5, 1))
    _enq, icpc = w.section47(ada, date(2026, 5, 4), icpc_on=date(2026, 5, 18))
    plan = w.cp_plan(ada, icpc, category="")
    out = StringIO()
    path = tmp_path / "cin.xml"
    call_command("export_cin_census", "--year", "2026-27", "--output", str(path), "--reference-date", "2026-11-20",
                 "--report", stdout=out)  # fmt: skip
    text = out.getvalue()
    assert etree.parse(str(path)).getroot().findtext("Header/CollectionDetails/Year") == "2027"
    assert "1 children" in text and "as at 20 November 2026" in text
    assert "Child protection plan with no category of abuse" in text
    assert reverse("protection:plan", args=[plan.pk]) in text
    assert "Schema: 1 problem\n" in text  # the missing category is missing from the file too
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.detail["as_at"] == "2026-11-20" and entry.detail["channel"] == "command"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "2026/27"], "Enter the collection year like 2026-27"),
        (["--year", "2026-27", "--reference-date", "2027-04-01"], "The reference date must fall between"),
        (["--year", "2026-27", "--as", "nobody"], "No active practitioner"),
    ],
)
def test_bad_input_is_refused_in_plain_words_and_nothing_is_written(tmp_path, args, message):
    path = tmp_path / "cin.xml"
    with pytest.raises(CommandError, match=message):
        call_command("export_cin_census", "--output", str(path), *args, stdout=StringIO())
    assert not path.exists() and not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()
