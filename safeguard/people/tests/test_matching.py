"""find_candidates: the right person first for the errors real records carry, explained plainly;
records the actor may not see only as "a record exists held by …", and the enquiry audited."""

from datetime import date

import pytest

from safeguard.access.errors import InvalidInput, NotFound
from safeguard.access.models import AuditAction, AuditEntry, InvolvementKind
from safeguard.agencies.roles import Role
from safeguard.core.models import Task
from safeguard.people.matching import MatchDetails, find_candidates, person_from_enquiry_token, record_enquiry
from safeguard.people.models import Address, PersonIdentifier
from safeguard.testing.factories import AgencyFactory, PersonFactory, TeamFactory, involve, practitioner_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker():
    return practitioner_with_role(Role.FRONT_DOOR_SOCIAL_WORKER)


@pytest.fixture
def family(worker):
    """A child, her brother and her mother at one address, plus strangers with similar details."""
    people = {
        "katherine": PersonFactory(given_name="Katherine", family_name="Whitmore", date_of_birth=date(2014, 3, 7)),
        "thomas": PersonFactory(given_name="Thomas", family_name="Whitmore", date_of_birth=date(2016, 8, 1), sex="M"),
        "mother": PersonFactory(given_name="Sarah", family_name="Whitmore", date_of_birth=date(1988, 3, 7)),
        "stranger": PersonFactory(given_name="Katherine", family_name="Walters", date_of_birth=date(2014, 11, 30)),
        "william": PersonFactory(given_name="William", family_name="Oduya", date_of_birth=date(2012, 1, 20), sex="M"),
    }
    for key in ("katherine", "thomas", "mother"):
        Address.objects.create(person=people[key], line_1="12 Oak Road", postcode="AB1 2CD")
    for person in people.values():
        involve(person, practitioner=worker, kind=InvolvementKind.FRONT_DOOR_CONTACT)
    return people


@pytest.mark.parametrize(
    ("details", "expected", "explained"),
    [
        (  # misspelt family name
            MatchDetails(given_name="Katherine", family_name="Whitmoor", date_of_birth=date(2014, 3, 7)),
            "katherine",
            ["given name agrees", "family name similar", "date of birth agrees"],
        ),
        (  # nickname, and day and month swapped
            MatchDetails(given_name="Katie", family_name="Whitmore", date_of_birth=date(2014, 7, 3)),
            "katherine",
            ["short form", "date of birth: day and month swapped"],
        ),
        (  # nickname for a boy, mistyped digit in the date of birth
            MatchDetails(given_name="Billy", family_name="Oduya", date_of_birth=date(2012, 1, 21)),
            "william",
            ["short form", "family name agrees", "date of birth differs by one digit"],
        ),
        (  # sibling at the same address must not outrank the child
            MatchDetails(
                given_name="Kathrine", family_name="Whitmore", postcode="ab12cd", date_of_birth=date(2014, 3, 7)
            ),
            "katherine",
            ["postcode agrees"],
        ),
    ],
)
def test_the_right_person_is_ranked_first_with_a_plain_explanation(worker, family, details, expected, explained):
    candidates = find_candidates(actor=worker, details=details)
    assert candidates, "no candidates"
    top = candidates[0]
    assert top.person == family[expected]
    assert top.match_probability > 0.5
    text = top.explanation_text.lower()
    for phrase in explained:
        assert phrase in text
    probabilities = [c.match_probability for c in candidates]
    assert probabilities == sorted(probabilities, reverse=True)


def test_an_exact_nhs_number_match_is_first_even_when_other_details_differ(worker, family):
    PersonIdentifier.objects.create(person=family["thomas"], id_type="nhs_number", value="9434765919")
    candidates = find_candidates(
        actor=worker,
        details=MatchDetails(given_name="Katherine", family_name="Whitmore", date_of_birth=date(2014, 3, 7),
                             nhs_number="943 476 5919"),
    )
    assert candidates[0].person == family["thomas"] and candidates[0].nhs_number_agrees
    assert candidates[0].explanation[0] == "NHS number agrees"
    assert candidates[1].person == family["katherine"]


def test_merged_records_are_not_candidates(worker, family):
    family["stranger"].merged_into = family["katherine"]
    family["stranger"].save()
    candidates = find_candidates(actor=worker, details=MatchDetails(given_name="Katherine", family_name="Walters",
                                                                     date_of_birth=date(2014, 11, 30)))
    assert family["stranger"] not in [c.person for c in candidates]


def test_nothing_to_search_on_gives_no_candidates(worker, family):
    assert find_candidates(actor=worker, details=MatchDetails(sex="F")) == []


def test_a_record_the_actor_may_not_see_is_only_an_enquiry_and_the_enquiry_is_audited(worker):
    police = AgencyFactory(name="Fictionshire Police")
    team = TeamFactory(agency=police, name="Public protection unit")
    officer = practitioner_with_role(Role.POLICE_PUBLIC_PROTECTION, team=team)
    hidden = PersonFactory(given_name="Jayden", family_name="Marsh", date_of_birth=date(2011, 6, 2),
                           recorded_by_agency=police, created_by=officer)
    involve(hidden, team=team, kind=InvolvementKind.TEAM_EPISODE)

    [candidate] = find_candidates(
        actor=worker, details=MatchDetails(given_name="Jaden", family_name="Marsh", date_of_birth=date(2011, 6, 2))
    )
    assert not candidate.visible
    assert candidate.enquiry_message == "A record exists held by Fictionshire Police: ask for information"
    assert person_from_enquiry_token(candidate.enquiry_token, actor=worker) == hidden

    with pytest.raises(InvalidInput):
        record_enquiry(actor=worker, person_id=hidden.pk, reason="")
    task = record_enquiry(actor=worker, person_id=hidden.pk, reason="Contact from school about bruising today")
    assert task.team == team and task.person == hidden and task.kind == "information_enquiry"
    entry = AuditEntry.objects.filter(action=AuditAction.ENQUIRY).get()
    assert entry.person_id == str(hidden.pk) and entry.actor_id == worker.pk
    assert entry.detail["held_by"] == "Fictionshire Police"
    assert Task.objects.filter(team=team).count() == 1

    # The holding team answers it on the enquiry's page, which closes the task; the worker who
    # asked finds the answer on "Your work", and reading it closes theirs.
    from django.test import Client

    from safeguard.core.models import TaskStatus
    from safeguard.core.work import task_link

    page = task_link(task, officer)
    assert page.startswith("/people/enquiries/")
    police_client, worker_client, outsider = Client(), Client(), Client()
    police_client.force_login(officer)
    worker_client.force_login(worker)
    outsider.force_login(practitioner_with_role(Role.SOCIAL_WORKER, username="someone.else"))
    assert outsider.get(page).status_code == 404
    assert "Contact from school about bruising today" in police_client.get(page).content.decode()
    assert "Say what you told them" in police_client.post(page, {"answer": ""}).content.decode()
    police_client.post(page, {"answer": "Phoned: known to us for a missing episode in 2024, nothing since."})
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    answered = Task.objects.get(kind="information_enquiry_answered", assignee=worker, status=TaskStatus.OPEN)
    assert task_link(answered, worker) == page
    shown = worker_client.get(page).content.decode()
    assert "missing episode in 2024" in shown and "Jayden" not in shown  # the asker still cannot see the record
    answered.refresh_from_db()
    assert answered.status == TaskStatus.DONE



def test_enquiry_tokens_cannot_be_forged_and_analysts_cannot_enquire(worker):
    with pytest.raises(NotFound):
        person_from_enquiry_token("not-a-token", actor=worker)
    person = PersonFactory()
    with pytest.raises(NotFound):
        record_enquiry(actor=practitioner_with_role(Role.PARTNERSHIP_ANALYST), person_id=person.pk,
                       reason="Just curious about this one")
