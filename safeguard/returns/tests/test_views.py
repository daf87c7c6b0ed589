"""The data team's page: the report, a check's records with links, the download (streamed, audited
as an export), and 404 for everyone outside the data team."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from lxml import etree

from safeguard.access.models import AuditAction, AuditEntry
from safeguard.agencies.roles import Role
from safeguard.core import clock
from safeguard.returns import cin_census, validation
from safeguard.returns.tests.builders import World
from safeguard.testing.factories import TeamFactory, practitioner_with_role

pytestmark = pytest.mark.django_db

YEAR = "2026-27"


@pytest.fixture
def officer():
    return practitioner_with_role(Role.DATA_OFFICER, username="data.officer.views")


@pytest.fixture
def client(officer):
    c = Client()
    c.force_login(officer)
    return c


@pytest.fixture
def broken_plan():
    w = World()
    ada = w.child("Ada")
    w.episode(ada, date(2026, 5, 1), team=TeamFactory(name="Locality Census Team"))
    _enq, icpc = w.section47(ada, date(2026, 5, 4), icpc_on=date(2026, 5, 18))
    return w.cp_plan(ada, icpc, category="")


@pytest.fixture(autouse=True)
def during_the_year():
    """On the training clock: 20 November 2026, in the middle of the 2026-27 collection year."""
    with override_settings(SAFEGUARD_TRAINING=True, SAFEGUARD_CLOCK_NOW=clock.parse_moment("2026-11-20T10:00")):
        yield


def test_the_report_counts_the_year_and_names_the_check_that_fails(client, broken_plan):
    html = client.get(f"/returns/?year={YEAR}").content.decode()
    assert "1 April 2026 to 31 March 2027" in html and "Friday 20 November 2026" in html
    assert "Child protection plan with no category of abuse" in html
    assert reverse("returns:cin_census_check", args=[YEAR, "cp_plan_no_category"]) in html
    entry = AuditEntry.objects.filter(action=AuditAction.VIEW, object_id=YEAR).get()
    assert entry.object_type.endswith("children_in_need_census_checks")


def test_a_checks_page_lists_the_child_and_links_to_the_record_to_fix(client, broken_plan):
    html = client.get(reverse("returns:cin_census_check", args=[YEAR, "cp_plan_no_category"])).content.decode()
    assert "Ada Census" in html and cin_census.la_child_id(broken_plan.child_id) in html
    assert f'href="{reverse("protection:plan", args=[broken_plan.pk])}"' in html
    assert "Record the category the conference decided." in html
    assert "Locality Census Team" in html  # who holds the child's episode, to ask


def test_the_download_streams_the_census_and_is_audited_as_an_export(client, officer, broken_plan):
    response = client.get(reverse("returns:cin_census_download", args=[YEAR]))
    assert response.status_code == 200 and response.streaming
    assert 'filename="cin-census-2026-27-999-001.xml"' in response["Content-Disposition"]
    root = etree.fromstring(b"".join(response.streaming_content))
    assert root.findtext("Children/Child/ChildIdentifiers/LAchildID") == cin_census.la_child_id(broken_plan.child_id)
    export = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert (export.actor_id, export.object_id, export.detail["serial_no"]) == (officer.pk, YEAR, 1)
    again = client.get(reverse("returns:cin_census_download", args=[YEAR]))
    assert "-002.xml" in again["Content-Disposition"]


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.PARTNERSHIP_ANALYST, Role.HEAD_OF_SERVICE])
def test_no_one_else_reaches_the_report_or_the_file(role, broken_plan):
    c = Client()
    c.force_login(practitioner_with_role(role, username=f"other.{role}"))
    for url in (
        reverse("returns:cin_census_download", args=[YEAR]),
        reverse("returns:cin_census_check", args=[YEAR, "cp_plan_no_category"]),
        reverse("returns:cin_census_dfe", args=[YEAR]),
    ):
        assert c.get(url).status_code == 404
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_a_year_not_yet_begun_or_badly_named_is_not_found(client):
    assert client.get(reverse("returns:cin_census_download", args=["2027-28"])).status_code == 404
    assert client.get(reverse("returns:cin_census_download", args=["2026-29"])).status_code == 404


@pytest.mark.skipif(not validation.available(), reason="the DfE validator's venv is made by `make test`")
def test_the_dfe_validator_page_points_its_findings_at_the_record(client, broken_plan):
    html = client.post(reverse("returns:cin_census_dfe", args=[YEAR])).content.decode()
    assert "8905" in html  # initial category missing or invalid
    assert f'href="{reverse("protection:plan", args=[broken_plan.pk])}"' in html
