"""Each role's menu names its areas of work; a person's page leads to their family and their work."""

import pytest

from safeguard.access.models import InvolvementKind
from safeguard.agencies.roles import Role
from safeguard.people.models import Household, HouseholdMembership, Relationship
from safeguard.testing.factories import PersonFactory, involve, practitioner_with_role

pytestmark = pytest.mark.django_db


def menu(client, role):
    client.force_login(practitioner_with_role(role))
    html = client.get("/").content.decode()
    nav = html.split('<ul class="govuk-service-navigation__list"', 1)[1].split("</ul>", 1)[0]
    return nav


@pytest.mark.parametrize(
    ("role", "present", "absent"),
    [
        (Role.DESIGNATED_SAFEGUARDING_LEAD, ["Operation Encompass", "Information requests"], ["Police screening"]),
        (Role.HEALTH_SAFEGUARDING, ["Information requests", "Domestic abuse triage"], ["Operation Encompass"]),
        (Role.ED_CLINICIAN, ["Information requests", "Status look-up", "Adult attendance"], ["Front door"]),
        (Role.POLICE_PUBLIC_PROTECTION, ["Police screening", "Domestic abuse triage"], ["Partnership challenges"]),
        (Role.SOCIAL_WORKER, ["Find a person", "Protection work"], ["Partnership challenges", "Accounts"]),
        (Role.PARTNERSHIP_ANALYST, ["Partnership challenges"], ["Find a person", "Audit log"]),
        (Role.SYSTEM_ADMINISTRATOR, ["Accounts"], ["Find a person", "Partnership challenges"]),
        (Role.AUDITOR, ["Audit log", "Partnership challenges"], ["Find a person"]),
    ],
)
def test_each_role_menu_names_its_areas_of_work(client, role, present, absent):
    nav = menu(client, role)
    for text in present:
        assert f">{text}<" in nav
    for text in absent:
        assert f">{text}<" not in nav


def test_every_menu_link_opens_for_the_role_that_sees_it(client):
    for role in Role.values:
        client.force_login(practitioner_with_role(role))
        nav = client.get("/").content.decode().split('id="navigation"', 1)[1].split("</ul>", 1)[0]
        hrefs = [part.split('"', 1)[0] for part in nav.split('href="')[1:]]
        assert hrefs, role
        for href in hrefs:
            assert client.get(href).status_code == 200, (role, href)


def test_partnership_challenges_link_only_for_those_allowed(client):
    worker = practitioner_with_role(Role.SOCIAL_WORKER)
    client.force_login(worker)
    assert "/protection/challenges/partnership/" not in client.get("/protection/").content.decode()
    assert client.get("/protection/challenges/partnership/").status_code == 404
    client.force_login(practitioner_with_role(Role.SOCIAL_WORK_MANAGER))
    assert "/protection/challenges/partnership/" in client.get("/protection/").content.decode()


def test_roles_without_case_content_are_told_what_they_can_do(client):
    client.force_login(practitioner_with_role(Role.PARTNERSHIP_ANALYST))
    html = client.get("/").content.decode()
    assert "Your role does not show records about individual children or adults" in html
    assert 'href="/protection/challenges/partnership/"' in html.split("<main", 1)[1]


def test_administrator_sees_accounts_with_roles_in_words(client):
    admin = practitioner_with_role(Role.SYSTEM_ADMINISTRATOR)
    practitioner_with_role(Role.DESIGNATED_SAFEGUARDING_LEAD)
    client.force_login(admin)
    html = client.get("/accounts/").content.decode()
    assert "Designated safeguarding lead (school)" in html and "System administrator" in html
    assert "system_administrator" not in html
    client.force_login(practitioner_with_role(Role.SOCIAL_WORKER))
    assert client.get("/accounts/").status_code == 404


def test_person_page_links_family_household_and_work_the_viewer_may_open(client):
    worker = practitioner_with_role(Role.SOCIAL_WORKER)
    child = PersonFactory(given_name="Ada", family_name="Fictionhouse")
    sister = PersonFactory(given_name="Bea", family_name="Fictionhouse")
    mother = PersonFactory(given_name="Cara", family_name="Fictionhouse", date_of_birth="1988-02-03")
    lodger = PersonFactory(given_name="Dev", family_name="Fictionlodge", date_of_birth="1970-01-01")
    Relationship.objects.create(from_person=sister, to_person=child, relationship_type="sibling")
    Relationship.objects.create(from_person=mother, to_person=child, relationship_type="parent")
    home = Household.objects.create(description="Fictional house")
    for person in (child, sister, lodger):
        HouseholdMembership.objects.create(household=home, person=person)
    for person in (child, sister):
        involve(person, practitioner=worker, kind=InvolvementKind.ALLOCATED_WORKER)
    client.force_login(worker)
    html = client.get(f"/people/{child.pk}/").content.decode()
    assert f'href="/people/{sister.pk}/">Bea Fictionhouse</a>' in html  # she may see the sister: a link
    assert "Cara Fictionhouse" in html and f'href="/people/{mother.pk}/"' not in html  # not the mother's record
    assert "Dev Fictionlodge" in html and f'href="/people/{lodger.pk}/"' not in html
    assert 'href="#chronology"' in html and f'href="/family/people/{child.pk}/genogram/"' in html


def test_person_page_is_one_audited_view_of_everyone_it_names(client):
    """The record names the child's relatives and household: the one audit entry for the view names
    them too, so "who has looked at this person" finds it from the mother's or lodger's record."""
    from safeguard.access.models import AuditEntry, AuditEntryPerson

    worker = practitioner_with_role(Role.SOCIAL_WORKER)
    child = PersonFactory(given_name="Ada", family_name="Fictionshown")
    mother = PersonFactory(given_name="Cara", family_name="Fictionshown", date_of_birth="1988-02-03")
    lodger = PersonFactory(given_name="Dev", family_name="Fictionlodger", date_of_birth="1970-01-01")
    stranger = PersonFactory(given_name="Eve", family_name="Fictionelse")
    Relationship.objects.create(from_person=mother, to_person=child, relationship_type="parent")
    home = Household.objects.create(description="Fictional house")
    for person in (child, lodger):
        HouseholdMembership.objects.create(household=home, person=person)
    involve(child, practitioner=worker, kind=InvolvementKind.ALLOCATED_WORKER)
    client.force_login(worker)
    last = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    html = client.get(f"/people/{child.pk}/").content.decode()
    assert "Cara Fictionshown" in html and "Dev Fictionlodger" in html
    entries = list(AuditEntry.objects.filter(seq__gt=last, actor_id=worker.pk))
    assert len(entries) == 1 and entries[0].person_id == str(child.pk)
    named = set(AuditEntryPerson.objects.filter(entry=entries[0]).values_list("person_id", flat=True))
    assert named == {str(child.pk), str(mother.pk), str(lodger.pk)}  # not the stranger
    assert str(stranger.pk) not in named
    # The auditor sees that the one view showed three people, from the lodger's record as well.
    client.force_login(practitioner_with_role(Role.AUDITOR))
    for url in ("/audit/", f"/audit/people/{lodger.pk}/"):
        assert "3 people named" in client.get(url).content.decode(), url


def test_audit_pages_show_roles_and_records_in_words(client):
    worker = practitioner_with_role(Role.SOCIAL_WORKER)
    child = PersonFactory(given_name="Ada", family_name="Fictionaudit")
    involve(child, practitioner=worker)
    client.force_login(worker)
    client.get(f"/people/{child.pk}/")  # an audited view
    client.force_login(practitioner_with_role(Role.AUDITOR))
    for url in ("/audit/", f"/audit/people/{child.pk}/"):
        html = client.get(url).content.decode()
        assert "Social worker" in html and ">Person<" in html, url
        assert "social_worker" not in html and "people.person" not in html, url
        assert str(child.pk) not in html.split("<main", 1)[1].replace(f"/audit/people/{child.pk}/", ""), url
