"""The pre-submission report as the data team reads it: counts, checks, and each record to fix
with a link to its page. Shared by the page and `export_cin_census --report`."""

from __future__ import annotations

import dataclasses
import tempfile
from datetime import date
from pathlib import Path

from django.urls import NoReverseMatch, reverse

from safeguard.returns import checks, cin_census, validation
from safeguard.returns.cin_census import Census, la_child_id

# Where each kind of record is fixed: (URL name, keyed by the record or by the child), the first
# that exists; else the child's protection summary, which leads to all of them.
RECORD_PAGES: dict[str, tuple[tuple[str, str], ...]] = {
    "child": (("cin:characteristics", "child"), ("protection:child_summary", "child")),
    "episode": (("cin:child", "child"),),
    "assessment": (("cin:assessment", "record"), ("cin:child", "child")),
    "cin_plan": (("cin:child", "child"),),
    "section47": (("protection:enquiry", "record"),),
    "cp_plan": (("protection:plan", "record"),),
}
RECORD_LABELS = {
    "child": "Child's record",
    "episode": "Children in need episode",
    "assessment": "Assessment",
    "cin_plan": "Child in need plan",
    "section47": "Section 47 enquiry",
    "cp_plan": "Child protection plan",
}


def record_url(kind: str, record_id, child_id) -> str:
    for name, key in RECORD_PAGES.get(kind, ()):
        try:
            return reverse(name, args=[record_id if key == "record" else child_id])
        except NoReverseMatch:
            continue
    return reverse("protection:child_summary", args=[child_id])


@dataclasses.dataclass(frozen=True)
class ProblemRow:
    child_name: str
    census_id: str
    on: date | None
    record_label: str
    url: str
    team: str = ""  # the team holding the child's latest episode: who to ask to fix it


def problem_rows(check: checks.Check, census: Census, *, offset: int = 0, limit: int = 25) -> list[ProblemRow]:
    """One page of a check's records: three queries whatever the page size."""
    from safeguard.cin.models import CINEpisode
    from safeguard.people.models import Person

    rows = list(check.rows(census).order_by("on", "record_id")[offset : offset + limit])
    names = {
        p.pk: f"{p.given_name} {p.family_name}"
        for p in Person.objects.filter(pk__in=[r["child_key"] for r in rows]).only("given_name", "family_name")
    }
    teams = {}
    episodes = CINEpisode.objects.filter(child_id__in=names, team__isnull=False).order_by("referral_date")
    for child_id, team in episodes.values_list("child_id", "team__name"):
        teams[child_id] = team  # the latest episode's team wins
    return [
        ProblemRow(names.get(r["child_key"], ""), la_child_id(r["child_key"]), r["on"], RECORD_LABELS[check.record],
                   record_url(check.record, r["record_id"], r["child_key"]), teams.get(r["child_key"], ""))
        for r in rows
    ]  # fmt: skip


# --- the DfE's own rules, mapped back to the records ----------------------------------------------

TABLE_RECORDS = {
    "ChildIdentifiers": "child",
    "ChildCharacteristics": "child",
    "Disabilities": "child",
    "CINdetails": "episode",
    "Assessments": "assessment",
    "AssessmentFactorsList": "assessment",
    "CINplanDates": "cin_plan",
    "Section47": "section47",
    "ChildProtectionPlans": "cp_plan",
    "Reviews": "cp_plan",
}


@dataclasses.dataclass(frozen=True)
class DfeRow:
    rule: str
    is_error: bool
    message: str
    census_id: str
    record_label: str
    url: str


@dataclasses.dataclass(frozen=True)
class DfeResult:
    schema_errors: list[validation.SchemaError]
    rows: list[DfeRow]
    crashed: list[str]
    counts: cin_census.Counts

    @property
    def error_count(self) -> int:
        return sum(1 for r in self.rows if r.is_error)

    @property
    def query_count(self) -> int:
        return sum(1 for r in self.rows if not r.is_error)


def run_dfe_checks(census: Census, iterate) -> DfeResult:
    """Write the census to a temporary file (through `iterate`, the audited export), check it
    against the schema and the DfE's rules, and point each finding at its record."""
    refs = cin_census.RowRefs()
    counts = cin_census.Counts()
    with tempfile.TemporaryDirectory(prefix="cin-census-") as tmp:
        path = Path(tmp) / "cin-census.xml"
        with path.open("wb") as out:
            for piece in iterate(refs=refs, counts=counts):
                out.write(piece)
        schema_errors = validation.schema_errors(path)
        result = validation.run_dfe_rules(path, ruleset=validation.ruleset_for(census.year.start_year))
    rows = []
    for f in result.findings:
        kind = TABLE_RECORDS.get(f.table, "")
        ref = refs.rows.get(f.table, [])[f.row] if kind and f.row is not None and f.row < len(
            refs.rows.get(f.table, [])) else None  # fmt: skip
        child = refs.children.get(f.child)
        if ref is not None:
            url, label = record_url(ref[0], ref[1], ref[2]), RECORD_LABELS[ref[0]]
        elif child is not None:
            url, label = record_url("child", child, child), RECORD_LABELS["child"]
        else:
            url, label = "", "The whole return"
        rows.append(DfeRow(f.rule, f.is_error, f.message, f.child, label, url))
    rows.sort(key=lambda r: (not r.is_error, r.rule, r.census_id))
    return DfeResult(schema_errors, rows, result.crashed, counts)
