"""`manage.py seed_demo` against the database."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F
from django.test import Client, override_settings
from django.utils import timezone

from safeguard.access.audit import ChainProblem, verify_chain
from safeguard.access.models import AuditEntry, Involvement, InvolvementKind
from safeguard.agencies.models import Agency, Membership, Practitioner, Team
from safeguard.agencies.roles import AgencyType, Role
from safeguard.cin.models import CINEpisode
from safeguard.core.models import ChronologyEvent, EventType, Task
from safeguard.core.status import protection_status
from safeguard.demo.seeding import DEFAULT_DEMO_PASSWORD
from safeguard.frontdoor.codes import Outcome
from safeguard.frontdoor.models import Decision
from safeguard.people.codes import IdentifierType
from safeguard.people.identifiers import validate_nhs_number
from safeguard.people.models import Household, HouseholdMembership, Person, PersonIdentifier, Relationship
from safeguard.protection.models import (
    Allocation,
    Conference,
    DiscussionChild,
    DiscussionStatus,
    LookedAfterEpisode,
    Plan,
    PlanStatus,
    Section47Enquiry,
    StrategyDiscussion,
)

pytestmark = pytest.mark.django_db

AS_OF = "2026-03-16"


def seed_demo(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", "--allow-without-debug", "--as-of", AS_OF, *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def snapshot() -> dict:
    return {
        "people": list(
            Person.objects.order_by("id").values_list("id", "given_name", "family_name", "date_of_birth", "sex")
        ),
        "nhs": sorted(
            PersonIdentifier.objects.filter(id_type=IdentifierType.NHS_NUMBER).values_list("person_id", "value")
        ),
        "relationships": sorted(
            Relationship.objects.values_list("from_person_id", "to_person_id", "relationship_type", "starts_on")
        ),
        "events": sorted(ChronologyEvent.objects.values_list("id", "person_id", "event_type", "occurred_on")),
        "plans": sorted(Plan.objects.values_list("id", "child_id", "status", "started_on", "category", "ended_on")),
        "conferences": sorted(Conference.objects.values_list("id", "child_id", "kind", "held_on", "decision")),
        "discussions": sorted(DiscussionChild.objects.values_list("discussion_id", "child_id")),
        "allocations": sorted(Allocation.objects.values_list("child_id", "worker_id", "starts_on")),
        "cin": sorted(
            CINEpisode.objects.values_list("id", "child_id", "referral_date", "closure_date", "closure_reason")
        ),
        "looked_after": sorted(
            LookedAfterEpisode.objects.values_list("id", "child_id", "legal_status", "started_on", "ended_on")
        ),
    }


def test_seeds_partnership_people_and_histories():
    output = seed_demo("--families", "10")

    assert Person.objects.exists()
    assert "sw.locality1" in output
    assert "local demo only" in output
    assert DEFAULT_DEMO_PASSWORD in output
    # The seeded work's own history is in the audit log, written through the chain, and marked as such.
    assert AuditEntry.objects.exists()
    assert AuditEntry.objects.filter(detail__demo_history=True).count() == AuditEntry.objects.count()
    assert [p for p in verify_chain() if isinstance(p, ChainProblem)] == []
    assert set(Agency.objects.values_list("agency_type", flat=True)) == set(AgencyType.values)
    assert Team.objects.filter(is_front_door=True).exists()


def test_every_role_has_a_demo_practitioner_with_an_active_membership():
    seed_demo("--families", "2", "--no-logins")
    for role in Role.values:
        membership = Membership.objects.filter(role=role).select_related("practitioner").first()
        assert membership is not None, role
        assert role in membership.practitioner.roles
    # Every demo login shares the one printed password (and the one hash).
    assert len(set(Practitioner.objects.values_list("password", flat=True))) == 1
    assert Practitioner.objects.get(username="dsl").check_password(DEFAULT_DEMO_PASSWORD)


def test_demo_social_worker_has_active_involvements_and_tasks():
    seed_demo("--families", "10", "--no-logins")
    worker = Practitioner.objects.get(username="sw.locality1")
    active = Involvement.objects.active().for_practitioner(worker)
    assert active.filter(practitioner=worker, kind=InvolvementKind.ALLOCATED_WORKER).exists()
    assert Task.objects.filter(assignee=worker, due_on__isnull=False).exists()
    front_door = Practitioner.objects.get(username="fd.worker")
    assert Involvement.objects.active().for_practitioner(front_door).filter(
        kind=InvolvementKind.FRONT_DOOR_CONTACT
    ).exists()


def test_database_is_consistent():
    seed_demo("--families", "25", "--no-logins")
    for value in PersonIdentifier.objects.filter(id_type=IdentifierType.NHS_NUMBER).values_list("value", flat=True):
        assert validate_nhs_number(value) == value
    assert not Relationship.objects.filter(from_person=F("to_person")).exists()
    assert not HouseholdMembership.objects.filter(ends_on__lt=F("starts_on")).exists()
    duplicates = PersonIdentifier.objects.values("id_type", "value").annotate(n=Count("id")).filter(n__gt=1)
    assert not duplicates.exists()
    as_of = date.fromisoformat(AS_OF)
    parented = set(Relationship.objects.filter(relationship_type__in=["parent", "carer"]).values_list(
        "to_person_id", flat=True))
    for person in Person.objects.all():
        if person.is_unborn or (person.age(as_of) is not None and person.age(as_of) < 18):
            assert person.pk in parented
    # Annex A list 2: every decision to signpost to early help made its referral.
    early_help = Decision.objects.filter(outcome=Outcome.EARLY_HELP)
    assert early_help.exists()
    assert not early_help.filter(early_help_referral__isnull=True).exists()


def empty_people() -> None:
    from safeguard.challenges.models import ProfessionalChallenge
    from safeguard.cin.models import CINPlan
    from safeguard.frontdoor.models import Assessment, Contact, EarlyHelpReferral, Notification, TriageMeeting
    from safeguard.protection.models import CoreGroup, StatutoryVisit

    Task.objects.all().delete()
    ProfessionalChallenge.objects.all().delete()
    Notification.objects.all().delete()
    TriageMeeting.objects.all().delete()
    Assessment.objects.all().delete()
    CINPlan.objects.all().delete()
    CINEpisode.objects.all().delete()
    EarlyHelpReferral.objects.all().delete()
    Decision.objects.all().delete()
    Contact.objects.all().delete()
    CoreGroup.objects.all().delete()
    StatutoryVisit.objects.all().delete()
    # Plans and conferences protect each other (a review names its plan, a plan its conference).
    Allocation.objects.all().delete()
    LookedAfterEpisode.objects.all().delete()
    Conference.objects.filter(kind=Conference.Kind.REVIEW).delete()
    Plan.objects.all().delete()
    Conference.objects.all().delete()
    Section47Enquiry.objects.all().delete()
    StrategyDiscussion.objects.all().delete()
    Person.objects.all().delete()
    Household.objects.all().delete()


def test_same_seed_gives_the_same_database():
    seed_demo("--families", "8", "--seed", "42", "--no-logins")
    first = snapshot()
    empty_people()
    seed_demo("--families", "8", "--seed", "42", "--no-logins")
    assert snapshot() == first
    empty_people()
    seed_demo("--families", "8", "--seed", "43", "--no-logins")
    assert snapshot()["people"] != first["people"]


def test_refuses_to_add_to_a_database_that_already_holds_people():
    seed_demo("--families", "2", "--no-logins")
    count = Person.objects.count()
    with pytest.raises(CommandError, match="already holds people"):
        seed_demo("--families", "2", "--no-logins")
    assert Person.objects.count() == count


def test_if_empty_adds_nothing_the_second_time_and_still_prints_logins():
    seed_demo("--families", "5", "--if-empty", "--no-logins")
    counts = (Person.objects.count(), Practitioner.objects.count(), Involvement.objects.count(),
              ChronologyEvent.objects.count(), Membership.objects.count())
    output = seed_demo("--families", "5", "--if-empty")
    assert "already holds people" in output
    assert "sw.locality1" in output and "Password for every demo login" in output
    assert (Person.objects.count(), Practitioner.objects.count(), Involvement.objects.count(),
            ChronologyEvent.objects.count(), Membership.objects.count()) == counts


def test_password_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("SAFEGUARD_DEMO_PASSWORD", "Another-local-demo-pass-1")
    output = seed_demo("--families", "1")
    assert "Another-local-demo-pass-1" in output
    assert Practitioner.objects.get(username="chair").check_password("Another-local-demo-pass-1")


@override_settings(DEBUG=False)
def test_refuses_without_debug_unless_told():
    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("seed_demo", "--families", "1", stdout=StringIO())
    assert not Person.objects.exists()


def test_seeded_people_can_be_found_by_the_matcher():
    """Bulk seeding bypasses signals, so the command rebuilds the matching index itself."""
    from safeguard.people.matching import MatchDetails, find_candidates

    seed_demo("--families", "5", "--no-logins")
    person = Person.objects.filter(date_of_birth__isnull=False).order_by("id").first()
    front_door_manager = Practitioner.objects.get(username="fd.manager")
    details = MatchDetails(
        given_name=person.given_name, family_name=person.family_name, date_of_birth=person.date_of_birth
    )
    candidates = find_candidates(actor=front_door_manager, details=details)
    assert candidates and candidates[0].person.pk == person.pk


def test_children_on_a_plan_have_real_protection_records():
    seed_demo("--families", "12", "--no-logins")
    allocated = {a.child_id: a for a in Allocation.objects.filter(ends_on__isnull=True)}
    plans = Plan.objects.filter(status=PlanStatus.ACTIVE, child_id__in=allocated)
    assert plans.exists()
    plan = plans.order_by("started_on", "id").first()
    child = plan.child
    started = ChronologyEvent.objects.get(person=child, event_type=EventType.PLAN_STARTED).occurred_on

    status = protection_status(child)
    assert status.on_child_protection_plan is True
    assert status.plan_since == started == plan.started_on
    assert status.plan_category == plan.category

    # The pathway behind it: a held strategy discussion, a concluded enquiry, the initial conference.
    link = DiscussionChild.objects.select_related("discussion").get(child=child)
    assert link.discussion.status == DiscussionStatus.HELD
    enquiry = Section47Enquiry.objects.get(child=child, discussion=link.discussion)
    assert enquiry.outcome == Section47Enquiry.Outcome.ICPC and enquiry.concluded_on == started
    assert plan.conference.kind == Conference.Kind.INITIAL and plan.conference.enquiry_id == enquiry.pk
    assert plan.conference.decision == Conference.Decision.PLAN and plan.conference.category == plan.category

    seeded_up_to = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first()
    client = Client()
    client.force_login(allocated[child.pk].worker)
    response = client.get(f"/api/v1/protection/children/{child.pk}/summary")
    assert response.status_code == 200, response.content
    body = response.json()
    assert str(plan.pk) in body["plan_ids"]
    assert str(link.discussion_id) in body["discussion_ids"]
    assert body["lead_social_worker"] == str(allocated[child.pk].worker)
    # Reading the summary is audited (the seeded history is marked as such).
    reads = AuditEntry.objects.filter(seq__gt=seeded_up_to)
    assert reads.exists()
    assert not reads.exclude(actor_id=allocated[child.pk].worker_id).exists()


def test_ended_plans_and_every_plan_start_match_the_chronology():
    seed_demo("--families", "40", "--no-logins")
    starts = {
        (e.person_id, e.occurred_on)
        for e in ChronologyEvent.objects.filter(event_type=EventType.PLAN_STARTED)
    }
    plans = {(p.child_id, p.started_on) for p in Plan.objects.all()}
    assert plans == starts
    ends = {(e.person_id, e.occurred_on) for e in ChronologyEvent.objects.filter(event_type=EventType.PLAN_ENDED)}
    assert {(p.child_id, p.ended_on) for p in Plan.objects.filter(status=PlanStatus.ENDED)} == ends
    assert not Plan.objects.filter(status=PlanStatus.ACTIVE, ended_on__isnull=False).exists()
    discussed = set(ChronologyEvent.objects.filter(event_type=EventType.STRATEGY_DISCUSSION).values_list(
        "person_id", flat=True))
    assert set(DiscussionChild.objects.values_list("child_id", flat=True)) == discussed
    assert set(Section47Enquiry.objects.values_list("child_id", flat=True)) == discussed


def test_the_front_door_and_police_work_is_seeded_and_consistent_with_its_clocks():
    """Contacts, decisions, requests, notifications, Encompass notices, triage and challenges exist, and
    every open item's due date is one the clock module would give: nothing impossibly overdue."""
    from safeguard.challenges.models import ChallengeStatus, ProfessionalChallenge
    from safeguard.core import clock
    from safeguard.frontdoor.codes import ContactStatus, RequestStatus, ScreeningStatus
    from safeguard.frontdoor.models import (
        Contact,
        Decision,
        EncompassNotice,
        InformationRequest,
        Notification,
        TriageItem,
        TriageMeeting,
    )

    seed_demo("--families", "300", "--no-logins", "--no-index")
    as_of = date.fromisoformat(AS_OF)
    for model in (Contact, Decision, InformationRequest, Notification, EncompassNotice, TriageItem, TriageMeeting,
                  ProfessionalChallenge):
        assert model.objects.exists(), model.__name__
    # Every decided contact has its decision; every open contact is due within a working day or two.
    assert not Contact.objects.filter(status=ContactStatus.DECIDED, decision__isnull=True).exists()
    for contact in Contact.objects.all():
        received = timezone.localdate(contact.received_at)
        assert contact.decision_due_on == clock.contact_decision_due(received)
    for contact in Contact.objects.exclude(status=ContactStatus.DECIDED):
        assert clock.working_days_between(contact.decision_due_on, as_of) <= 3
    # Information requests: due when the clock says; open ones are recent.
    for request in InformationRequest.objects.select_related("contact"):
        assert request.due_at == clock.information_request_due(request.requested_at, request.rag)
        if request.status == RequestStatus.OPEN:
            assert as_of - timezone.localdate(request.due_at) <= timedelta(days=7)
    # Encompass: due at the start of the next school day after the incident; acknowledged after sending.
    for notice in EncompassNotice.objects.select_related("notification"):
        assert notice.due_at == clock.operation_encompass_due(notice.notification.incident_at)
        assert notice.acknowledged_at is None or notice.acknowledged_at > notice.sent_at
    # The police backlog is notifications received in the last day or so.
    for notification in Notification.objects.filter(screening_status=ScreeningStatus.WAITING):
        assert as_of - timezone.localdate(notification.received_at) <= timedelta(days=2)
    # Open challenges are at a stage whose due date has not long passed.
    for challenge in ProfessionalChallenge.objects.filter(status=ChallengeStatus.OPEN):
        assert challenge.stage_due_on >= as_of - timedelta(days=3)
    # Nothing was done after the as-of day ends.
    end = timezone.make_aware(datetime.combine(as_of + timedelta(days=1), time.min))
    assert not Contact.objects.filter(received_at__gte=end).exists()
    assert not EncompassNotice.objects.filter(acknowledged_at__gte=end).exists()


def test_clocks_for_children_on_a_plan_agree_with_their_tasks():
    """The statutory visit a social worker's task asks for is due when the child's visit clock says."""
    from safeguard.protection.selectors import clocks_for_child

    seed_demo("--families", "60", "--no-logins", "--no-index")
    as_of = date.fromisoformat(AS_OF)
    tasks = Task.objects.filter(kind="statutory_visit")
    assert tasks.exists()
    for task in tasks.select_related("person"):
        clocks = {c.label: c.due for c in clocks_for_child(task.person)}
        assert clocks["Statutory visit"] == task.due_on
    for plan in Plan.objects.filter(status=PlanStatus.ACTIVE).select_related("child"):
        for running in clocks_for_child(plan.child):
            # Seeded visits, core groups and reviews keep every clock within its own interval of today.
            assert (as_of - running.due).days <= 14, (running.label, running.due)


def test_every_open_demo_contact_has_an_owner_whose_task_leads_to_it():
    """The demo shows what normal use looks like: no work nobody owns, each open contact decided from its task."""
    from safeguard.core.models import TaskStatus
    from safeguard.core.work import task_link, unowned_work
    from safeguard.frontdoor.codes import ContactStatus
    from safeguard.frontdoor.models import Contact

    seed_demo("--families", "60", "--no-logins")
    open_contacts = list(Contact.objects.exclude(status=ContactStatus.DECIDED))
    assert open_contacts
    assert sum(unowned_work().values()) == 0
    manager = Practitioner.objects.get(username="fd.manager")
    for contact in open_contacts:
        task = Task.objects.get(kind="contact_decision", status=TaskStatus.OPEN, source_id=str(contact.pk))
        assert str(contact.pk) in task_link(task, manager)


def test_demo_children_have_known_professionals_who_name_the_invitees_and_contacts_have_references():
    """Every demo child has a GP practice and, by age, a school or a health visitor, so a strategy
    discussion proposed in the demo names people (the school's safeguarding lead, the practice's GP)
    instead of "no one named yet"; every seeded contact has a readable, unique reference."""
    from safeguard.directory.models import KnownProfessional, ProfessionalKind
    from safeguard.frontdoor.models import Contact
    from safeguard.protection import services

    seed_demo("--families", "20", "--no-logins")
    children = Person.objects.filter(date_of_birth__gt=date(2009, 3, 17), date_of_birth__lte=date(2026, 3, 16))
    child = children.filter(date_of_birth__lte=date(2019, 9, 1), date_of_birth__gte=date(2015, 9, 2)).first()
    assert child is not None
    kinds = set(KnownProfessional.objects.filter(person=child).values_list("kind", flat=True))
    assert kinds == {ProfessionalKind.GP_PRACTICE, ProfessionalKind.SCHOOL}
    baby = children.filter(date_of_birth__gte=date(2022, 3, 17)).first()
    assert set(KnownProfessional.objects.filter(person=baby).values_list("kind", flat=True)) == {
        ProfessionalKind.GP_PRACTICE,
        ProfessionalKind.HEALTH_VISITOR,
    }
    worker = Practitioner.objects.get(username="sw.locality1")
    from safeguard.testing.factories import involve

    involve(child, practitioner=worker)
    discussion = services.strategy_discussion_propose(actor=worker, children=[child], reason="Disclosure at school")
    named = {i.rule: i.practitioner_id for i in discussion.invitations.all()}
    assert named.get("school") and named.get("gp"), named

    references = list(Contact.objects.values_list("reference", flat=True))
    assert references and all(r.startswith("C-20") and len(r) == 13 for r in references)
    assert len(set(references)) == len(references)


def test_seeded_chronologies_say_who_raised_a_concern_in_words_not_census_codes():
    """A practitioner reads "Contact received (Police): …", not "(referral source 6)"."""
    from safeguard.core.models import ChronologyEvent, EventType

    seed_demo("--families", "40")
    received = list(ChronologyEvent.objects.filter(event_type=EventType.CONTACT_RECEIVED)
                    .values_list("summary", flat=True))
    assert received
    assert not [s for s in received if "referral source" in s]
    assert any(s.startswith("Contact received (Police): ") for s in received)


@pytest.mark.django_db(transaction=True)
def test_a_seeded_postgresql_database_is_vacuumed_so_index_only_scans_can_skip_the_tables():
    """Autovacuum may be off (it is on the bench server): without a VACUUM after the bulk load no page
    is marked all-visible, so every index-only scan reads the table too, and plans rest on guesses."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("VACUUM and the visibility map are PostgreSQL's")
    out = StringIO()
    call_command("seed_demo", "--allow-without-debug", "--families", "5", "--no-logins", "--no-index", stdout=out)
    assert "Vacuumed and analysed the seeded tables" in out.getvalue()
    with connection.cursor() as cursor:
        cursor.execute("SELECT relallvisible, reltuples FROM pg_class WHERE relname = 'people_person'")
        all_visible, tuples = cursor.fetchone()
    assert all_visible > 0 and tuples > 0
