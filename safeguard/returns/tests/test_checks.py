"""The pre-submission report: each deliberately broken record is listed, in plain words, with a link
to the page where it is fixed; a clean record is not; the counts match the file."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse

from safeguard.returns import checks, cin_census, report
from safeguard.returns.periods import CollectionYear
from safeguard.returns.tests.builders import World

pytestmark = pytest.mark.django_db

CENSUS = cin_census.Census(year=CollectionYear(2026), as_at=date(2026, 11, 20), lea="999")


def found(key: str) -> list[report.ProblemRow]:
    return report.problem_rows(checks.CHECKS_BY_KEY[key], CENSUS)


@pytest.fixture
def world():
    return World()


def test_a_plan_with_no_category_is_listed_with_a_link_to_the_plan(world):
    ada = world.child("Ada")
    world.episode(ada, date(2026, 5, 1))
    _enq, icpc = world.section47(ada, date(2026, 5, 4), icpc_on=date(2026, 5, 18))
    plan = world.cp_plan(ada, icpc, category="")
    rows = found("cp_plan_no_category")
    assert [(r.child_name, r.url, r.record_label) for r in rows] == [
        ("Ada Census", reverse("protection:plan", args=[plan.pk]), "Child protection plan")
    ]
    assert rows[0].census_id == cin_census.la_child_id(ada.pk)


def test_a_clean_child_fails_no_check(world):
    ada = world.child("Ada")
    episode = world.episode(ada, date(2026, 5, 1))
    world.assessment(episode, date(2026, 5, 2), authorised=date(2026, 6, 1))
    _enq, icpc = world.section47(ada, date(2026, 6, 2), icpc_on=date(2026, 6, 16))
    world.review(world.cp_plan(ada, icpc), date(2026, 9, 15))
    assert {c.check.key: c.count for c in checks.check_counts(CENSUS) if c.count} == {}


def test_each_kind_of_broken_record_is_caught_by_its_check(world):
    no_need = world.child("Bea", disabilities=[])
    episode = world.episode(no_need, date(2026, 6, 1), need="")
    # An assessment dated before its referral, authorised with no factors recorded.
    world.assessment(episode, date(2026, 5, 20), authorised=date(2026, 6, 20), factors=())
    # Closed while an assessment was still open; closed "after assessment" with none.
    cal = world.child("Cal")
    closed = world.episode(cal, date(2026, 4, 20), closed=date(2026, 7, 1), reason="RC8")
    world.assessment(closed, date(2026, 4, 21))
    dot = world.child("Dot")
    world.episode(dot, date(2026, 4, 20), closed=date(2026, 7, 1), reason="RC9")
    # An assessment from last year still not authorised.
    eve = world.child("Eve")
    world.assessment(world.episode(eve, date(2026, 1, 10)), date(2026, 1, 12))
    # A CIN plan left open when a CP plan started; an ICPC on a Saturday with the plan a day later.
    fay = world.child("Fay")
    fay_episode = world.episode(fay, date(2026, 4, 7))
    world.cin_plan(fay_episode, date(2026, 4, 30))
    _enq, icpc = world.section47(fay, date(2026, 6, 1), icpc_on=date(2026, 6, 13))
    plan = world.cp_plan(fay, icpc)
    plan.started_on = date(2026, 6, 15)
    plan.save()
    world.review(plan, date(2026, 6, 15))
    # A section 47 enquiry with no episode around it.
    gus = world.child("Gus")
    world.episode(gus, date(2026, 8, 1))
    world.section47(gus, date(2026, 7, 1))
    names = {key: {r.child_name.split()[0] for r in found(key)} for key in checks.CHECKS_BY_KEY}
    assert names["no_disability"] == {"Bea"}
    assert names["no_primary_need"] == {"Bea"}
    assert names["assessment_before_referral"] == {"Bea"}
    assert names["assessment_without_factors"] == {"Bea"}
    assert names["closed_with_open_assessment"] == {"Cal"}
    assert names["closed_after_assessment_without_one"] == {"Dot"}
    assert names["open_assessment_from_last_year"] == {"Eve"}
    assert names["cin_plan_alongside_cp_plan"] == {"Fay"}
    assert names["icpc_at_weekend"] == {"Fay"}
    assert names["cp_plan_not_on_icpc_day"] == {"Fay"}
    assert names["review_not_after_start"] == {"Fay"}
    assert names["section47_outside_episode"] == {"Gus"}


def test_the_counts_by_module_are_what_the_file_holds(world):
    for name in ("Ada", "Bea", "Cal"):
        kid = world.child(name)
        episode = world.episode(kid, date(2026, 4, 20))
        world.assessment(episode, date(2026, 4, 21), authorised=date(2026, 5, 1))
        world.cin_plan(episode, date(2026, 5, 2), ended=date(2026, 6, 14))
        _enq, icpc = world.section47(kid, date(2026, 6, 1), icpc_on=date(2026, 6, 15))
        world.review(world.cp_plan(kid, icpc), date(2026, 9, 14))
    world.section47(world.child("Outside"), date(2026, 7, 1))  # no episode: in neither
    counts = cin_census.write(CENSUS, io.BytesIO())
    assert dict(checks.module_counts(CENSUS)) == {
        "Children": counts.children,
        "Children in need episodes": counts.episodes,
        "Assessments": counts.assessments,
        "Child in need plans": counts.cin_plans,
        "Section 47 enquiries": counts.section47,
        "Child protection plans": counts.cp_plans,
        "Child protection reviews": counts.reviews,
    } == {
        "Children": 3, "Children in need episodes": 3, "Assessments": 3, "Child in need plans": 3,
        "Section 47 enquiries": 3, "Child protection plans": 3, "Child protection reviews": 3,
    }  # fmt: skip
