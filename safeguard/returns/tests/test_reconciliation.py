"""Annex A and the CIN census tell the same story for the same period: an inspector comparing the two
finds the same referrals, section 47 enquiries, assessments, children in need and plans, child by
child. Both exports read returns.selectors; this proves what they print agrees."""

from __future__ import annotations

import io
from collections import Counter
from datetime import date
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook

from safeguard.cin.models import CINEpisode
from safeguard.frontdoor.models import Assessment
from safeguard.returns import cin_census
from safeguard.returns.annex_a import write_workbook
from safeguard.returns.periods import CollectionYear
from safeguard.returns.selectors import Period
from safeguard.returns.tests import annex_world

pytestmark = pytest.mark.django_db

YEAR = CollectionYear(2026)
AS_AT = date(2026, 9, 30)  # the census cut-off while the year is running: Annex A's period ends here too
PERIOD = Period(YEAR.start, AS_AT)


def _more_children(world) -> None:
    """Beyond the core world: an episode closed in the period, an enquiry started in March whose
    conference fell in April (in the census, not in list 5), an NFA referral, and a second plan."""
    team = world.social_worker.memberships.first().team
    worker = world.social_worker

    closed = annex_world._child("Milo", date(2013, 9, 9), sex="M")
    decision = annex_world.contact_for(closed, date(2026, 4, 10), team=team, worker=worker, source="3A")
    episode = CINEpisode.objects.create(child=closed, referral_date=date(2026, 4, 10), referral_source="3A",
                                        decision=decision, primary_need="N4", closure_date=date(2026, 7, 1),
                                        closure_reason="RC8")
    Assessment.objects.create(decision=decision, person=closed, episode=episode, started_on=date(2026, 4, 11),
                              due_on=date(2026, 6, 11), child_seen_on=date(2026, 4, 12),
                              authorised_on=date(2026, 6, 1), needs_social_care_support=False)

    march = annex_world._child("Ivy", date(2020, 11, 2))
    decision = annex_world.contact_for(march, date(2026, 3, 2), team=team, worker=worker, source="6")
    CINEpisode.objects.create(child=march, referral_date=date(2026, 3, 2), referral_source="6", decision=decision,
                              primary_need="N1")
    annex_world.s47_with_plan(march, date(2026, 3, 20), worker=worker, icpc_held=date(2026, 4, 9))

    nfa = annex_world._child("Theo", date(2018, 1, 30), sex="M")
    decision = annex_world.contact_for(nfa, date(2026, 8, 3), team=team, worker=worker, source="1A")
    CINEpisode.objects.create(child=nfa, referral_date=date(2026, 8, 3), referral_source="1A", decision=decision,
                              referral_nfa=True, primary_need="N9", closure_date=date(2026, 8, 3),
                              closure_reason="RC8")


def _annex_a() -> dict[int, list[dict]]:
    buffer = io.BytesIO()
    write_workbook(buffer, PERIOD)
    buffer.seek(0)
    workbook = load_workbook(buffer, read_only=True)
    lists = {}
    for number, sheet in enumerate(workbook.worksheets, start=1):
        values = list(sheet.iter_rows(values_only=True))
        # A read-only sheet gives a row only as far as its last filled cell.
        lists[number] = [dict(zip(values[0], (*row, *[None] * len(values[0])), strict=False)) for row in values[1:]]
    return lists


def _census() -> ElementTree.Element:
    buffer = io.BytesIO()
    cin_census.write(cin_census.Census.for_year(YEAR, as_at=AS_AT), buffer)
    return ElementTree.fromstring(buffer.getvalue())  # noqa: S314 - our own export, not untrusted input


def _in_period(text: str | None) -> bool:
    return text is not None and PERIOD.start <= date.fromisoformat(text) <= PERIOD.end


def _census_rows(root) -> dict[str, Counter]:
    """{what: Counter of LAchildID} for each module Annex A has a list for."""
    found = {k: Counter() for k in ("referrals", "episodes", "assessments", "section47", "cp_plans")}
    for child in root.iter("Child"):
        child_id = child.findtext("ChildIdentifiers/LAchildID")
        for episode in child.iter("CINdetails"):
            found["episodes"][child_id] += 1
            if _in_period(episode.findtext("CINreferralDate")):
                found["referrals"][child_id] += 1
            found["assessments"][child_id] += len(episode.findall("Assessments"))
            found["section47"][child_id] += sum(
                1 for s in episode.findall("Section47") if _in_period(s.findtext("S47ActualStartDate"))
            )
            found["cp_plans"][child_id] += len(episode.findall("ChildProtectionPlans"))
    return found


def _ids(rows: list[dict]) -> Counter:
    return Counter(r["Child Unique ID"] for r in rows)


def test_annex_a_and_the_cin_census_count_the_same_children_for_the_same_period():
    world = annex_world.build()
    _more_children(world)
    annex = _annex_a()
    census = _census_rows(_census())

    assert _ids(annex[3]) == census["referrals"]  # list 3 = CINreferralDate in the period
    assert _ids(annex[4]) == census["assessments"]  # list 4 = Assessments modules
    assert _ids(annex[5]) == census["section47"]  # list 5 = Section47 modules started in the period
    assert _ids(annex[6]) == census["episodes"]  # list 6 = CINdetails
    assert _ids(annex[7]) == census["cp_plans"]  # list 7 = ChildProtectionPlans

    # Not vacuous: every kind of row is there, and the period rules bite.
    assert sum(census["referrals"].values()) == 3  # Ruby, Milo, Theo (Ivy was referred in March)
    assert sum(census["episodes"].values()) == 4  # and Ivy's, open since March
    assert sum(census["section47"].values()) == 1  # Ruby's; Ivy's started in March
    assert sum(census["cp_plans"].values()) == 2  # Ruby's, and Ivy's from April (Oscar's ended in January)
    assert sum(census["assessments"].values()) == 2


def test_the_answers_agree_too():
    """Where both returns carry the same fact, they say the same thing (codes vs Yes/No aside)."""
    world = annex_world.build()
    _more_children(world)
    annex = _annex_a()
    root = _census()
    by_child = {c.findtext("ChildIdentifiers/LAchildID"): c for c in root.iter("Child")}
    for row in annex[6]:
        child = by_child[row["Child Unique ID"]]
        assert child.findtext("ChildCharacteristics/Ethnicity") == row["Ethnicity"]
        episodes = {e.findtext("CINreferralDate"): e for e in child.iter("CINdetails")}
        episode = episodes[row["CIN Start Date"].date().isoformat()]
        assert episode.findtext("PrimaryNeedCode") == row["Primary Need Code"]
        closed = row["CIN Closure Date"]
        assert episode.findtext("CINclosureDate") == (closed.date().isoformat() if closed else None)
        assert episode.findtext("ReasonForClosure") == row["Reason for Closure"]
    for row in annex[7]:
        child = by_child[row["Child Unique ID"]]
        [plan] = [p for p in child.iter("ChildProtectionPlans")
                  if p.findtext("CPPstartDate") == row["Child Protection Plan Start Date"].date().isoformat()]
        assert plan.findtext("InitialCategoryOfAbuse") == row["Initial Category of Abuse"]
        assert plan.findtext("LatestCategoryOfAbuse") == row["Latest Category of Abuse"]
        assert int(plan.findtext("NumberOfPreviousCPP")) == row["Number of Previous Child Protection Plans"]
