"""The CIN census file: who is in it for a collection year, what each child carries, the schema,
and that reading it costs a fixed number of queries per chunk of children."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree

from safeguard.people.codes import IdentifierType
from safeguard.people.models import PersonIdentifier
from safeguard.returns import cin_census, validation
from safeguard.returns.periods import CollectionYear
from safeguard.returns.tests.builders import World

pytestmark = pytest.mark.django_db

YEAR = CollectionYear(2026)
AS_AT = date(2026, 11, 20)


def export(as_at=AS_AT, chunk_size=500) -> tuple[etree._Element, cin_census.Counts, bytes]:
    out = io.BytesIO()
    census = cin_census.Census(year=YEAR, as_at=as_at, lea="999")
    counts = cin_census.write(census, out, chunk_size=chunk_size)
    return etree.fromstring(out.getvalue()), counts, out.getvalue()


def child_el(root, person) -> etree._Element:
    found = root.xpath(f"//Child[ChildIdentifiers/LAchildID='{cin_census.la_child_id(person.pk)}']")
    return found[0] if found else None


def test_the_census_holds_the_children_in_need_during_the_year_and_no_one_else():
    w = World()
    in_year = w.child("Ada")
    w.episode(in_year, date(2026, 5, 3))
    carried_over = w.child("Bea")
    w.episode(carried_over, date(2025, 12, 1), closed=date(2026, 4, 10))
    closed_before = w.child("Cal")
    w.episode(closed_before, date(2025, 6, 1), closed=date(2026, 3, 31))
    after_cut_off = w.child("Dot")
    w.episode(after_cut_off, date(2026, 11, 25))
    root, counts, _ = export()
    assert child_el(root, in_year) is not None and child_el(root, carried_over) is not None
    assert child_el(root, closed_before) is None and child_el(root, after_cut_off) is None
    assert counts.children == 2
    header = root.find("Header")
    assert header.findtext("CollectionDetails/Year") == "2027"
    assert header.findtext("CollectionDetails/ReferenceDate") == "2027-03-31"
    assert header.findtext("Source/LEA") == "999"


def test_a_child_carries_identifiers_characteristics_and_every_module_of_the_episode():
    w = World()
    ada = w.child("Ada", disabilities=["LD", "AUT"], ethnicity="MWBC", upn_unknown="")
    PersonIdentifier.objects.create(person=ada, id_type=IdentifierType.UPN, value="A999123456789")
    episode = w.episode(ada, date(2026, 4, 14), need="N1")
    w.assessment(episode, date(2026, 4, 15), authorised=date(2026, 5, 20), factors=["3A", "19C"])
    enquiry, icpc = w.section47(ada, date(2026, 5, 21), icpc_on=date(2026, 6, 10))
    plan = w.cp_plan(ada, icpc)
    w.review(plan, date(2026, 9, 9), category="SAB")
    root, counts, _ = export()
    el = child_el(root, ada)
    assert el.findtext("ChildIdentifiers/UPN") == "A999123456789"
    assert el.find("ChildIdentifiers/UPNunknown") is None
    assert el.findtext("ChildIdentifiers/Sex") == "F"
    assert [d.text for d in el.findall("ChildCharacteristics/Disabilities/Disability")] == ["LD", "AUT"]
    details = el.find("CINdetails")
    assert details.findtext("CINreferralDate") == "2026-04-14" and details.findtext("ReferralNFA") == "0"
    assert [f.text for f in details.findall("Assessments/FactorsIdentifiedAtAssessment/AssessmentFactors")] == [
        "3A", "19C",
    ]  # fmt: skip
    s47 = details.find("Section47")
    assert (s47.findtext("DateOfInitialCPC"), s47.findtext("ICPCnotRequired")) == ("2026-06-10", "0")
    cpp = details.find("ChildProtectionPlans")
    assert cpp.findtext("CPPstartDate") == "2026-06-10"
    assert (cpp.findtext("InitialCategoryOfAbuse"), cpp.findtext("LatestCategoryOfAbuse")) == ("NEG", "SAB")
    assert cpp.findtext("NumberOfPreviousCPP") == "0"
    assert [r.text for r in cpp.findall("Reviews/CPPreviewDate")] == ["2026-09-09"]
    assert (counts.episodes, counts.assessments, counts.section47, counts.cp_plans) == (1, 1, 1, 1)
    assert validation.schema_errors(io_path(root)) == []


def io_path(root, tmp=[]):  # noqa: B006 - one temporary directory per test run is enough
    import tempfile
    from pathlib import Path

    if not tmp:
        tmp.append(tempfile.mkdtemp(prefix="cin-test-"))
    path = Path(tmp[0]) / "census.xml"
    path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8"))
    return path


def test_what_happens_after_the_cut_off_has_not_happened_yet():
    w = World()
    ada = w.child("Ada")
    episode = w.episode(ada, date(2026, 4, 14), closed=date(2026, 11, 28), reason="RC7")
    w.assessment(episode, date(2026, 11, 1), authorised=date(2026, 11, 27))
    root, _, _ = export()
    details = child_el(root, ada).find("CINdetails")
    assert details.find("CINclosureDate") is None and details.find("ReasonForClosure") is None
    assert details.find("Assessments/AssessmentAuthorisationDate") is None
    assert details.find("Assessments/FactorsIdentifiedAtAssessment") is None  # factors only once authorised


def test_an_unborn_child_is_sex_u_with_the_expected_date_and_no_birth_date():
    w = World()
    baby = w.child("Baby", born=None, expected_birth_date=date(2027, 1, 15), upn_unknown="UN1")
    baby.sex = "F"
    baby.save()
    w.episode(baby, date(2026, 10, 1), need="N1")
    el = child_el(export()[0], baby)
    assert el.find("ChildIdentifiers/PersonBirthDate") is None
    assert el.findtext("ChildIdentifiers/ExpectedPersonBirthDate") == "2027-01-15"
    assert el.findtext("ChildIdentifiers/Sex") == "U"


def test_a_second_plan_counts_the_first_and_a_plan_before_the_year_is_left_out():
    w = World()
    ada = w.child("Ada")
    w.episode(ada, date(2025, 1, 6))
    _enq, first_icpc = w.section47(ada, date(2025, 1, 7), icpc_on=date(2025, 1, 20))
    w.cp_plan(ada, first_icpc, ended=date(2025, 9, 1))
    _enq, second_icpc = w.section47(ada, date(2026, 5, 5), icpc_on=date(2026, 5, 20))
    w.cp_plan(ada, second_icpc)
    details = child_el(export()[0], ada).find("CINdetails")
    plans = details.findall("ChildProtectionPlans")
    assert [(p.findtext("CPPstartDate"), p.findtext("NumberOfPreviousCPP")) for p in plans] == [("2026-05-20", "1")]
    assert [s.findtext("S47ActualStartDate") for s in details.findall("Section47")] == ["2026-05-05"]


def test_reading_the_year_costs_the_same_queries_for_a_chunk_of_two_children_or_of_eight():
    w = World()

    def add_children(n, start):
        for i in range(n):
            kid = w.child(f"Kid{start + i}")
            episode = w.episode(kid, date(2026, 4, 20))
            w.assessment(episode, date(2026, 4, 21), authorised=date(2026, 5, 1))
            w.cin_plan(episode, date(2026, 5, 2))
            _enq, icpc = w.section47(kid, date(2026, 6, 1), icpc_on=date(2026, 6, 15))
            w.review(w.cp_plan(kid, icpc), date(2026, 9, 14))

    add_children(2, 0)
    export()  # settings the clock reads once (timescales, non-working days) are cached from here on
    with CaptureQueriesContext(connection) as two:
        export(chunk_size=10)
    add_children(6, 2)
    with CaptureQueriesContext(connection) as eight:
        _root, counts, _ = export(chunk_size=10)
    assert counts.children == 8 and counts.reviews == 8
    assert len(eight) == len(two)
    with CaptureQueriesContext(connection) as chunks_of_two:
        export(chunk_size=2)
    extra = len(chunks_of_two) - len(two)  # four chunks instead of one: three more, each the same
    assert extra % 3 == 0 and 0 < extra // 3 <= 10


def test_an_enquiry_that_needed_no_conference_is_in_the_year_it_ended_and_says_so():
    w = World()
    ada = w.child("Ada")
    w.episode(ada, date(2026, 2, 2))
    last_year, _ = w.section47(ada, date(2026, 2, 3))
    this_year, _ = w.section47(ada, date(2026, 3, 20))
    for enquiry, concluded in ((last_year, date(2026, 3, 2)), (this_year, date(2026, 4, 9))):
        enquiry.icpc_needed, enquiry.outcome, enquiry.concluded_on = "no", "cin", concluded
        enquiry.save()
    details = child_el(export()[0], ada).find("CINdetails")
    assert [
        (s.findtext("S47ActualStartDate"), s.findtext("ICPCnotRequired")) for s in details.findall("Section47")
    ] == [("2026-03-20", "1")]
