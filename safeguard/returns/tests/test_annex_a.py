"""Ofsted's Annex A workbook: every list, the template's headings in order, real dates, the period
respected, the values an inspector reads, and flat query counts however many children."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from safeguard.cin.models import CINEpisode
from safeguard.frontdoor.models import Assessment
from safeguard.protection.models import Allocation, LookedAfterEpisode
from safeguard.returns.annex_a import write_workbook
from safeguard.returns.selectors import la_child_id
from safeguard.returns.tests import annex_world
from safeguard.returns.tests.annex_world import PERIOD

pytestmark = pytest.mark.django_db

TEMPLATE = Path(__file__).with_name("annex_a_template.md")  # copy of ../shared/domain/annex-a.md


def template_lists() -> dict[int, list[str]]:
    """{list number: headings} as Ofsted's template names them (read from the domain document)."""
    lists: dict[int, list[str]] = {}
    current = None
    for line in TEMPLATE.read_text().splitlines():
        if m := re.match(r"## List (\d+):", line):
            current = lists.setdefault(int(m.group(1)), [])
        elif current is not None and line.startswith("- "):
            current.append(line[2:].strip())
    return lists


def export(period=PERIOD, **kwargs):
    buffer = io.BytesIO()
    counts = write_workbook(buffer, period, **kwargs)
    buffer.seek(0)
    return load_workbook(buffer), counts


def rows_of(sheet) -> list[dict]:
    values = list(sheet.iter_rows(values_only=True))
    headings = values[0]
    return [dict(zip(headings, row, strict=True)) for row in values[1:]]


def rows_for(workbook, number: int, child_id: str) -> list[dict]:
    return [r for r in rows_of(workbook.worksheets[number - 1]) if r.get("Child Unique ID") == child_id]


@pytest.fixture
def world():
    return annex_world.build()


def test_every_list_has_the_templates_headings_in_order(world):
    workbook, _ = export()
    expected = template_lists()
    assert len(expected) == 11
    assert len(workbook.worksheets) == 11
    for number, headings in expected.items():
        sheet = workbook.worksheets[number - 1]
        assert sheet.title.startswith(f"List {number} ")
        assert [c.value for c in next(sheet.iter_rows(max_row=1))] == headings, sheet.title


def test_dates_are_real_dates_and_answers_read_yes_or_no(world):
    workbook, _ = export()
    sheet = workbook["List 1 Contacts"]
    headings = [c.value for c in sheet[1]]
    first = sheet[2]
    contact_date = first[headings.index("Date of Contact")]
    born = first[headings.index("Date of Birth")]
    assert isinstance(contact_date.value, datetime) and contact_date.value.date() == date(2026, 5, 2)
    assert contact_date.is_date and "dd" in contact_date.number_format
    assert born.is_date and born.value.date() == date(2016, 7, 20)
    [referral] = rows_for(workbook, 3, la_child_id(world.ruby.pk))
    assert referral["Referral NFA?"] == "No"


def test_a_child_whose_history_ended_before_the_period_is_absent(world):
    workbook, counts = export()
    for number in range(1, 8):
        assert rows_for(workbook, number, la_child_id(world.oscar.pk)) == [], f"Oscar is in list {number}"
    assert rows_for(workbook, 3, la_child_id(world.ruby.pk)), "Ruby's referral in the period is missing"
    # The same export over 2025 finds Oscar everywhere his history was.
    earlier, _ = export(annex_world.Period(date(2025, 4, 1), date(2026, 3, 31)))
    for number in (1, 3, 4, 5, 6, 7):
        assert rows_for(earlier, number, la_child_id(world.oscar.pk)), f"Oscar missing from list {number} for 2025-26"


def test_the_values_an_inspector_reads(world):
    workbook, counts = export()
    ruby = la_child_id(world.ruby.pk)
    assert [r["Contact Source"] for r in rows_for(workbook, 1, ruby)] == ["2A", "5D"]
    [help_row] = rows_for(workbook, 2, ruby)
    assert help_row["Assessment start date"].date() == date(2026, 6, 15)
    assert help_row["Organisation completing assessment"] == "First point of contact team"

    [referral] = rows_for(workbook, 3, ruby)
    assert referral["Gender"] == "Female" and referral["Ethnicity"] == "WBRI"
    assert referral["Age of Child (Years)"] == 9  # on the referral date; 10 by the period's end
    assert referral["Referral Source"] == "2A"
    assert referral["Number of Referrals in Last 12 Months"] == 1
    assert referral["Allocated Team"] == "Locality team 1"
    assert referral["Allocated Worker"] == "Asha Testworker"

    [assessment] = rows_for(workbook, 4, ruby)
    assert assessment["Does the Child have a Disability"] == "Yes"
    assert assessment["Child Seen During Continuous Assessment"] == "Yes"
    assert assessment["Continuous Assessment Date of Authorisation"].date() == date(2026, 6, 20)
    assert assessment["Was the child assessed as requiring LA children's social care support?"] == "Yes"

    [s47] = rows_for(workbook, 5, ruby)
    assert s47["Strategy discussion initiating Section 47 Enquiry Start Date"].date() == date(2026, 5, 8)
    assert s47["Was an Initial Child Protection Conference deemed unnecessary?"] == "No"
    assert s47["Date of Initial Child Protection Conference"].date() == date(2026, 5, 28)
    assert s47["Did the Initial Child Protection Conference Result in a Child Protection Plan"] == "Yes"
    assert s47["Number of Section 47 Enquiries in the last 12 months"] == 1
    assert s47["Number of ICPCs in the last 12 months"] == 1

    [cin] = rows_for(workbook, 6, ruby)
    assert cin["Primary Need Code"] == "N1"
    assert cin["Date Child Was Last Seen"].date() == date(2026, 9, 10)
    assert cin["CIN Closure Date"] is None and cin["Case Status"] == "Child protection plan"
    assert cin["Age of Child (Years)"] == 10  # at the period's end

    [plan] = rows_for(workbook, 7, ruby)
    assert plan["Initial Category of Abuse"] == "NEG"
    assert plan["Latest Category of Abuse"] == "EMO"  # from the review conference
    assert plan["Date of the Last Statutory Visit"].date() == date(2026, 9, 10)
    assert plan["Was the Child Seen Alone?"] == "Yes"
    assert plan["Date of latest review conference"].date() == date(2026, 8, 28)
    assert plan["Child Protection Plan End Date"] is None
    assert plan["Number of Previous Child Protection Plans"] == 0
    assert plan["Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)"] \
        == "No"

    care = rows_of(workbook.worksheets[7])
    assert [(r["Child's Legal Status"], r[
        "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)"
    ]) for r in care] == [("L1", "No"), ("V2", "Yes")]
    assert care[0]["Reason Ceased to be Looked After"] == "Returned home"
    assert care[1]["Placement Type"] is None  # held in the care system, not Safeguard

    [leaver] = rows_of(workbook.worksheets[8])
    assert leaver["Eligibility Category"] == "Former relevant" and leaver["Age of Child (Years)"] == 18
    assert counts[10] == counts[11] == 0


def test_query_count_does_not_grow_with_the_children(world):
    """Per chunk the export makes a fixed set of look-ups: twice the children, same queries."""
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            export(chunk_size=1000)
        return len(captured)

    before = queries()
    team = world.social_worker.memberships.first().team
    for n in range(3):
        extra = annex_world._child(f"Extra{n}", date(2015, 1, n + 1))
        decision = annex_world.contact_for(extra, date(2026, 5, 30), team=team, worker=world.social_worker)
        CINEpisode.objects.create(child=extra, referral_date=date(2026, 5, 30), referral_source="2A",
                                  decision=decision, primary_need="N4")
        Assessment.objects.create(decision=decision, person=extra, started_on=date(2026, 5, 31),
                                  due_on=date(2026, 7, 31))
        annex_world.s47_with_plan(extra, date(2026, 6, 1), worker=world.social_worker, icpc_held=date(2026, 6, 20))
        Allocation.objects.create(child=extra, worker=world.social_worker, starts_on=date(2026, 6, 1),
                                  recorded_by=world.social_worker)
    after = queries()
    workbook, counts = export()
    assert counts[3] == 4 and counts[7] == 4  # the extra children are in the lists
    assert after == before


def test_care_leavers_are_young_people_who_left_care_after_16(world):
    """Kai left care at 17 (a care leaver); Zara went home at 14, Leo is still in care."""
    zara = annex_world._child("Zara", date(2009, 5, 5))
    LookedAfterEpisode.objects.create(child=zara, legal_status="V2", started_on=date(2023, 6, 1),
                                      ended_on=date(2024, 1, 1), recorded_by=world.social_worker)
    leo = annex_world._child("Leo", date(2009, 8, 8), sex="M")
    LookedAfterEpisode.objects.create(child=leo, legal_status="C2", started_on=date(2025, 1, 1),
                                      recorded_by=world.social_worker)
    workbook, _ = export()
    leavers = {r["Child Unique ID"] for r in rows_of(workbook.worksheets[8])}
    assert leavers == {la_child_id(world.kai.pk)}
    in_care = {r["Child Unique ID"] for r in rows_of(workbook.worksheets[7])}
    assert la_child_id(leo.pk) in in_care and la_child_id(zara.pk) not in in_care


def test_a_child_nobody_is_allocated_to_shows_the_team_holding_the_episode(world):
    team = world.social_worker.memberships.first().team
    waiting = annex_world._child("Ada", date(2014, 4, 4))
    decision = annex_world.contact_for(waiting, date(2026, 9, 1), team=team, worker=world.social_worker)
    CINEpisode.objects.create(child=waiting, referral_date=date(2026, 9, 1), referral_source="2A",
                              decision=decision, team=team)
    workbook, _ = export()
    [referral] = rows_for(workbook, 3, la_child_id(waiting.pk))
    assert referral["Allocated Team"] == "Locality team 1"
    assert referral["Allocated Worker"] is None
    [ruby] = rows_for(workbook, 3, la_child_id(world.ruby.pk))
    assert ruby["Allocated Worker"] == "Asha Testworker"
