"""Genogram and ecomap drawn from the records: three generations, standard notation, a table too."""

from datetime import date

import pytest

from safeguard.access.models import InvolvementKind
from safeguard.agencies.roles import Role
from safeguard.family.graph import build_genogram, genogram_svg
from safeguard.family.models import EcomapLink
from safeguard.people.models import Person, Relationship
from safeguard.people.services import household_join
from safeguard.testing.factories import PersonFactory, involve, practitioner_with_role

JSON = "application/json"


def rel(a, b, kind, **kw):
    return Relationship.objects.create(from_person=a, to_person=b, relationship_type=kind, **kw)


@pytest.fixture
def three_generations(db):
    worker = practitioner_with_role(Role.SOCIAL_WORKER)
    p = {
        "gran": PersonFactory(given_name="Gwen", family_name="Elder", sex="F", date_of_birth=date(1950, 1, 1)),
        "grandad": PersonFactory(
            given_name="Glyn",
            family_name="Elder",
            sex="M",
            date_of_birth=date(1948, 1, 1),
            date_of_death=date(2019, 6, 1),
        ),
        "mum": PersonFactory(given_name="Mair", family_name="Elder", sex="F", date_of_birth=date(1985, 1, 1)),
        "dad": PersonFactory(given_name="Dewi", family_name="Jones", sex="M", date_of_birth=date(1983, 1, 1)),
        "stepdad": PersonFactory(given_name="Steff", family_name="Newman", sex="U", date_of_birth=date(1982, 1, 1)),
        "child": PersonFactory(given_name="Cai", family_name="Jones", sex="M", date_of_birth=date(2015, 1, 1)),
        "sister": PersonFactory(given_name="Sian", family_name="Jones", sex="F", date_of_birth=date(2017, 1, 1)),
    }
    involve(p["child"], practitioner=worker, kind=InvolvementKind.ALLOCATED_WORKER)
    rel(p["gran"], p["grandad"], "partner")
    rel(p["gran"], p["mum"], "parent")
    rel(p["grandad"], p["mum"], "parent")
    rel(p["mum"], p["dad"], "ex_partner")
    rel(p["mum"], p["stepdad"], "partner")
    for kid in ("child", "sister"):
        rel(p["mum"], p[kid], "parent")
        rel(p["dad"], p[kid], "parent")
    involve(p["mum"], practitioner=worker)
    home = household_join(actor=worker, person=p["mum"]).household
    household_join(actor=worker, person=p["child"], household=home)
    p["worker"] = worker
    return p


@pytest.mark.django_db
def test_genogram_of_a_three_generation_family(client, three_generations):
    p = three_generations
    client.force_login(p["worker"])
    response = client.get(f"/api/v1/family/people/{p['child'].pk}/genogram")
    assert response.status_code == 200
    body = response.json()
    assert body["generations"] == 3
    people = {x["name"]: x for x in body["people"]}
    assert set(people) == {
        "Gwen Elder",
        "Glyn Elder",
        "Mair Elder",
        "Dewi Jones",
        "Steff Newman",
        "Cai Jones",
        "Sian Jones",
    }
    assert people["Gwen Elder"]["generation"] == -2 and people["Mair Elder"]["generation"] == -1
    assert people["Gwen Elder"]["relation"] == "Parent's parent"
    assert people["Glyn Elder"]["died"] == "2019-06-01"
    assert (people["Dewi Jones"]["shape"], people["Mair Elder"]["shape"], people["Steff Newman"]["shape"]) == (
        "square",
        "circle",
        "diamond",
    )
    assert people["Cai Jones"]["is_index"] and people["Cai Jones"]["in_household"]
    assert not people["Sian Jones"]["in_household"]
    ids = {x["id"]: x["name"] for x in body["people"]}
    links = {(ids[lk["source"]], lk["kind"], ids[lk["target"]]) for lk in body["links"]}
    assert ("Mair Elder", "separated", "Dewi Jones") in links
    assert ("Mair Elder", "partnership", "Steff Newman") in links
    assert ("Gwen Elder", "child", "Mair Elder") in links
    assert ("Dewi Jones", "child", "Sian Jones") in links
    svg = body["svg"]
    assert svg.startswith("<svg") and 'role="img"' in svg and 'aria-labelledby="genogram-title genogram-desc"' in svg
    assert '<title id="genogram-title">Genogram for Cai Jones</title>' in svg
    for name in people:
        assert name in svg
    assert svg.count('class="sg-deceased"') == 1  # Glyn's cross
    assert svg.count('class="sg-separation"') == 1  # Mair and Dewi
    assert 'class="sg-household"' in svg
    # Generations are drawn top to bottom (the layout respects them)
    g = build_genogram(p["child"])
    y = {x.name: x.y for x in g.people}
    assert y["Gwen Elder"] < y["Mair Elder"] < y["Cai Jones"] == y["Sian Jones"]


@pytest.mark.django_db
def test_genogram_svg_function_for_reports_and_the_ecomap(client, three_generations):
    p = three_generations
    assert "Sian Jones" in genogram_svg(p["child"])
    school = practitioner_with_role(Role.DESIGNATED_SAFEGUARDING_LEAD)
    involve(p["child"], practitioner=school, kind=InvolvementKind.MEETING_INVITEE)
    client.force_login(p["worker"])
    stressful = client.post(
        f"/api/v1/family/people/{p['child'].pk}/ecomap-links",
        {"agency_id": school.primary_agency.pk, "quality": "stressful", "note": "Exclusions this term"},
        content_type=JSON,
    )
    assert stressful.status_code == 200
    body = client.get(f"/api/v1/family/people/{p['child'].pk}/ecomap").json()
    nodes = {n["name"]: n for n in body["nodes"]}
    assert nodes["Test School or education service"]["quality_label"] == "Stressful"
    assert "Designated safeguarding lead (school)" in nodes["Test School or education service"]["professionals"][0]
    assert 'class="sg-link sg-link-stressful"' in body["svg"]
    bad = client.post(f"/api/v1/family/people/{p['child'].pk}/ecomap-links", {"quality": "amazing"}, content_type=JSON)
    assert bad.status_code == 422
    # A code off the list is refused as the body is read; the service's rule (an agency or a name) after.
    assert {e["field"] for e in bad.json()["errors"]} == {"quality"}
    url = f"/api/v1/family/people/{p['child'].pk}/ecomap-links"
    unnamed = client.post(url, {"quality": "strong"}, content_type=JSON)
    assert unnamed.status_code == 422
    assert {e["field"] for e in unnamed.json()["errors"]} == {"label"}
    assert EcomapLink.objects.count() == 1


@pytest.mark.django_db
def test_adding_a_missing_family_member_from_the_diagram_page(client, three_generations):
    p = three_generations
    client.force_login(p["worker"])
    url = f"/family/people/{p['child'].pk}/genogram/"
    page = client.get(url)
    assert page.status_code == 200 and "Gwen Elder" in page.content.decode()
    response = client.post(
        url,
        {
            "action": "member",
            "member-given_name": "Bryn",
            "member-family_name": "Jones",
            "member-sex": "M",
            "member-date_of_birth": "1955-02-02",
            "member-relation": "grandparent:from",
        },
    )
    assert response.status_code == 302
    bryn = Person.objects.get(given_name="Bryn")
    assert Relationship.objects.filter(from_person=bryn, to_person=p["child"], relationship_type="grandparent").exists()
    assert "Bryn Jones" in client.get(url).content.decode()
    invalid = client.post(url, {"action": "member", "member-given_name": ""})
    assert invalid.status_code == 200 and "Enter a first name" in invalid.content.decode()  # as POST /people says
    # Someone without involvement sees nothing
    client.force_login(practitioner_with_role(Role.SOCIAL_WORKER, username="unrelated"))
    assert client.get(url).status_code == 404
