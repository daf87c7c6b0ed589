"""The practitioner directory: search, the browse page, the API lists, and the demo partnership
holding every agency and post the invitation rules name."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from safeguard.agencies.models import Agency, Membership
from safeguard.agencies.roles import AgencyType, Role
from safeguard.demo.seeding import ensure_partnership
from safeguard.directory import selectors
from safeguard.directory.models import Cover
from safeguard.testing.factories import AgencyFactory, TeamFactory, practitioner_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    agency = AgencyFactory(name="Elm Tree Primary", agency_type=AgencyType.EDUCATION)
    lead = practitioner_with_role(
        Role.DESIGNATED_SAFEGUARDING_LEAD, team=TeamFactory(agency=agency, name="Safeguarding"), username="elm.dsl"
    )
    lead.first_name, lead.last_name = "Rita", "Elmwood"
    lead.save()
    nurse = practitioner_with_role(Role.SCHOOL_NURSE, username="elm.nurse")
    Cover.objects.create(practitioner=nurse, agency=agency)
    hv = practitioner_with_role(Role.HEALTH_VISITOR, username="west.hv")
    Cover.objects.create(practitioner=hv, area="West")
    return agency, lead, nurse, hv


def _client(role=Role.SOCIAL_WORKER, username="searcher"):
    c = Client()
    c.force_login(practitioner_with_role(role, username=username))
    return c


def test_a_schools_people_are_its_safeguarding_lead_and_the_nurse_who_covers_it(school):
    agency, lead, nurse, _hv = school
    total, entries = selectors.practitioner_search(agency_id=agency.pk)
    assert total == 2 and {e.practitioner for e in entries} == {lead, nurse}
    _total, nurses = selectors.practitioner_search(agency_id=agency.pk, role=Role.SCHOOL_NURSE)
    assert [e.practitioner for e in nurses] == [nurse] and nurses[0].covers_text == "Elm Tree Primary"
    assert [e.practitioner for e in selectors.practitioner_search(q="elmwood")[1]] == [lead]
    assert [e.practitioner for e in selectors.practitioner_search(area="west")[1]] == [school[3]]


def test_people_who_have_left_are_not_in_the_directory(school):
    agency, lead, _nurse, _hv = school
    Membership.objects.filter(practitioner=lead).update(ends_on=timezone.localdate().replace(year=2021))
    assert lead not in {e.practitioner for e in selectors.practitioner_search(agency_id=agency.pk)[1]}
    assert selectors.named_in_agency(agency, Role.DESIGNATED_SAFEGUARDING_LEAD) is None


def test_browse_page_lists_schools_with_lead_and_nurse_and_health_visitors_by_area(school):
    html = _client().get("/directory/").content.decode()
    assert "Elm Tree Primary" in html and "Rita Elmwood" in html
    assert "school nurse (covers this school)" in html
    assert "West" in html and "Health visitors by area" in html
    results = _client(username="s2").get("/directory/", {"searched": "1", "q": "Elm Tree"}).content.decode()
    assert "2 practitioners" in results and "Covers Elm Tree Primary" in results


def test_directory_is_not_for_roles_without_case_work():
    assert _client(Role.SYSTEM_ADMINISTRATOR, "admin").get("/directory/").status_code == 404


def test_api_lists_practitioners_with_roles_and_agencies_with_teams(school):
    agency, lead, _nurse, _hv = school
    c = _client()
    body = c.get("/api/v1/directory/practitioners", {"agency_id": agency.pk}).json()
    assert body["count"] == 2
    lead_out = next(p for p in body["items"] if p["id"] == lead.pk)
    assert lead_out["roles"][0]["role_label"] == "Designated safeguarding lead (school)"
    assert lead_out["roles"][0]["agency"] == "Elm Tree Primary"
    agencies = c.get("/api/v1/directory/agencies", {"agency_type": "education"}).json()
    assert [a["name"] for a in agencies] == ["Elm Tree Primary"]
    assert agencies[0]["teams"][0]["name"] == "Safeguarding"
    schemas = c.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert {"PractitionerOut", "PractitionerListOut", "AgencyOut"} <= set(schemas)


def test_demo_partnership_holds_every_agency_and_post_the_invitation_rules_name():
    ensure_partnership(as_of=timezone.localdate(), password="demo-password-for-tests")  # noqa: S106
    psas = Agency.objects.get(is_sexual_assault_service=True)
    assert selectors.named_in_agency(psas, Role.PAEDIATRICIAN) is not None
    assert Agency.objects.filter(agency_type=AgencyType.EDUCATION, is_special_school=True).exists()
    for school in Agency.objects.filter(agency_type=AgencyType.EDUCATION):
        assert selectors.named_in_agency(school, Role.DESIGNATED_SAFEGUARDING_LEAD), school
        assert selectors.covering(school, Role.SCHOOL_NURSE), school
    for practice in Agency.objects.filter(agency_type=AgencyType.GP_PRACTICE):
        assert selectors.named_in_agency(practice, Role.GP), practice
    areas = selectors.directory_groups()["health_visitors"]
    assert len(areas) >= 3 and all(people for _area, people in areas)
    # Seeding twice changes nothing.
    before = (Membership.objects.count(), Cover.objects.count())
    ensure_partnership(as_of=timezone.localdate(), password="demo-password-for-tests")  # noqa: S106
    assert (Membership.objects.count(), Cover.objects.count()) == before
