"""The demo partnership's census for 2026-27: valid against the schema, clean in Safeguard's own
checks, and passed by the DfE's validator, with every module present."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from safeguard.returns import checks, cin_census, validation
from safeguard.returns.periods import CollectionYear

pytestmark = pytest.mark.django_db

AS_OF = "2026-11-20"  # a Friday in the middle of the 2026-27 collection year


@pytest.fixture
def census(tmp_path):
    call_command("seed_demo", "--allow-without-debug", "--as-of", AS_OF, "--families", "60", "--no-logins",
                 stdout=StringIO(), stderr=StringIO())  # fmt: skip
    census = cin_census.Census.for_year(CollectionYear(2026), as_at=cin_census.date.fromisoformat(AS_OF))
    path = tmp_path / "cin.xml"
    with path.open("wb") as out:
        counts = cin_census.write(census, out)
    return census, path, counts


def test_the_demo_census_has_every_module_is_schema_valid_and_fails_none_of_our_checks(census):
    census, path, counts = census
    assert min(counts.children, counts.episodes, counts.assessments, counts.cin_plans, counts.section47,
               counts.cp_plans, counts.reviews) > 0  # fmt: skip
    assert validation.schema_errors(path) == []
    assert {c.check.key: c.count for c in checks.check_counts(census) if c.count} == {}


@pytest.mark.skipif(not validation.available(), reason="the DfE validator's venv is made by `make test`")
def test_the_dfe_validator_finds_no_error_in_the_demo_census(census):
    census, path, _counts = census
    result = validation.run_dfe_rules(path, ruleset="cin2026_27")
    assert result.crashed == []
    # Zero errors, rule 1530 included: the demo's pupil numbers carry the DfE pseudo-LA code 001,
    # which the rule accepts and no real authority holds.
    assert [(f.rule, f.fields) for f in result.errors] == []
