"""The demo's children in need records hold together as the CIN census rules ask, so both returns
can be exported full and valid from the demo partnership."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from safeguard.cin.codes import CSA_FACTORS, AssessmentFactor, ClosureReason
from safeguard.cin.models import CINEpisode, CINPlan
from safeguard.core.models import Task, TaskStatus
from safeguard.frontdoor.models import Assessment
from safeguard.people.codes import IdentifierType, UPNUnknown
from safeguard.people.models import age_on
from safeguard.protection.models import Plan, Section47Enquiry

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 11, 27)
AFTER_ASSESSMENT = {ClosureReason.NFA_AFTER_ASSESSMENT, ClosureReason.EARLY_HELP_AFTER_ASSESSMENT}


@pytest.fixture
def demo():
    call_command("seed_demo", "--allow-without-debug", "--as-of", AS_OF.isoformat(), "--families", "150",
                 "--no-logins", "--no-index", stdout=StringIO(), stderr=StringIO())  # fmt: skip


def _within(day, episode) -> bool:
    return episode.referral_date <= day and (episode.closure_date is None or day <= episode.closure_date)


def test_episodes_assessments_and_plans_keep_the_census_rules(demo):
    episodes = list(CINEpisode.objects.select_related("child"))
    assert len(episodes) > 20
    by_child = defaultdict(list)
    for e in episodes:
        by_child[e.child_id].append(e)
        assert e.primary_need, "every referral that led to further action has a main need"
        assert e.referral_date <= AS_OF
    for child_episodes in by_child.values():
        assert sum(e.is_open for e in child_episodes) <= 1
    cp_plans = defaultdict(list)
    for plan in Plan.objects.all():
        cp_plans[plan.child_id].append(plan)
    for a in Assessment.objects.select_related("episode"):
        e = a.episode
        assert e is not None and a.started_on >= e.referral_date
        if a.authorised_on:
            assert a.started_on <= a.authorised_on <= AS_OF and a.factors
            assert AssessmentFactor.NO_FACTORS not in a.factors or a.factors == [AssessmentFactor.NO_FACTORS]
            assert a.child_seen_on is None or a.started_on <= a.child_seen_on <= a.authorised_on
        if not e.is_open:
            assert a.authorised_on is not None and a.authorised_on <= e.closure_date
    for cp in Plan.objects.all():
        assert cp.ended_on is None or cp.ended_on > cp.started_on  # census rule 8840
    for p in CINPlan.objects.select_related("episode"):
        assert _within(p.started_on, p.episode) and (p.ended_on is None or _within(p.ended_on, p.episode))
        for cp in cp_plans[p.child_id]:  # never alongside a child protection plan (may start the day it ends)
            assert not (cp.started_on <= p.started_on and (cp.ended_on is None or p.started_on < cp.ended_on))
    for e in episodes:
        if e.closure_reason in AFTER_ASSESSMENT:
            assert e.assessments.exists() and not e.plans.exists()
            assert not Section47Enquiry.objects.filter(child=e.child, started_on__range=(e.referral_date,
                                                                                         e.closure_date)).exists()
    reasons = {e.closure_reason for e in episodes}
    assert {"", "RC8", "RC7"} <= reasons, reasons  # open ones and closed ones, with reasons


def test_open_assessments_are_on_someones_work_and_csa_is_recorded(demo):
    from safeguard.core.work import unowned_work

    open_assessments = Assessment.objects.filter(authorised_on__isnull=True)
    assert open_assessments.exists()
    for a in open_assessments:
        task = Task.objects.get(kind="cin_assessment", status=TaskStatus.OPEN, source_id=str(a.pk))
        assert task.person_id == a.person_id and task.due_on == a.due_on
    assert sum(unowned_work().values()) == 0
    factors = [f for a in Assessment.objects.exclude(authorised_on=None) for f in a.factors]
    assert CSA_FACTORS & set(factors), "the sexual abuse cases carry the child sexual abuse factors"


def test_children_in_need_have_a_upn_or_a_reason_ethnicity_and_disability(demo):
    for e in CINEpisode.objects.select_related("child").prefetch_related("child__identifiers"):
        child = e.child
        assert child.disabilities, "'no disability' is recorded as such"
        assert child.ethnicity
        if child.date_of_birth is None:
            assert child.sex == "U" and child.expected_birth_date
            assert (child.expected_birth_date - e.referral_date).days <= 40 * 7  # census rule 8606
            continue
        has_upn = any(i.id_type == IdentifierType.UPN for i in child.identifiers.all())
        age = age_on(child.date_of_birth, AS_OF)
        assert has_upn != bool(child.upn_unknown), child
        if child.upn_unknown == UPNUnknown.NOT_SCHOOL_AGE:
            assert age < 5
