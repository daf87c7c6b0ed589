"""A social worker reads a child's genogram and ecomap, and adds a missing grandparent, in a real browser."""

from datetime import date

import pytest
from playwright.sync_api import expect

from safeguard.access.models import InvolvementKind
from safeguard.agencies.roles import Role
from safeguard.people.models import Relationship
from safeguard.testing.factories import TEST_PASSWORD, PersonFactory, involve, practitioner_with_role

pytestmark = pytest.mark.browser


def test_genogram_page_shows_the_family_and_takes_a_missing_member(page, login, assert_accessible):
    # Given a social worker allocated to a child whose mother and grandmother are recorded
    worker = practitioner_with_role(Role.SOCIAL_WORKER, username="sw.genogram")
    child = PersonFactory(given_name="Rhys", family_name="Fictionby", sex="M", date_of_birth=date(2016, 1, 1))
    mum = PersonFactory(given_name="Nia", family_name="Fictionby", sex="F", date_of_birth=date(1990, 1, 1))
    gran = PersonFactory(given_name="Eira", family_name="Fictionby", sex="F", date_of_birth=date(1960, 1, 1))
    involve(child, practitioner=worker, kind=InvolvementKind.ALLOCATED_WORKER)
    Relationship.objects.create(from_person=mum, to_person=child, relationship_type="parent")
    Relationship.objects.create(from_person=gran, to_person=mum, relationship_type="parent")

    # When she opens the family diagrams
    login(page, "sw.genogram", TEST_PASSWORD)
    page.goto(f"/family/people/{child.pk}/genogram/")

    # Then the genogram is an image with a name, and the same people are in the table
    expect(page.get_by_role("img", name="Genogram for Rhys Fictionby")).to_be_visible()
    table = page.get_by_role("table", name="People in the genogram")
    expect(table).to_contain_text("Eira Fictionby")
    expect(table).to_contain_text("3 generations")
    assert_accessible(page)

    # When she adds the child's father from the page
    page.get_by_label("First name").fill("Aled")
    page.get_by_label("Last name").fill("Fictionby")
    page.get_by_role("radio", name="Male", exact=True).check()
    page.get_by_label("How are they related to the child?").select_option(label="Parent")
    page.get_by_role("button", name="Add family member").click()

    # Then he appears in the diagram and the table
    expect(page.get_by_text("Aled Fictionby added to the family")).to_be_visible()
    expect(page.get_by_role("img", name="Genogram for Rhys Fictionby")).to_contain_text("Aled Fictionby")
    expect(page.get_by_role("table", name="People in the genogram")).to_contain_text("Aled Fictionby")
    assert_accessible(page)
