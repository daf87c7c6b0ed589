"""A small fictional case load for the statutory returns tests, written straight to the tables the
returns read (the returns only read: how each record came to be is the other apps' tests' job).

The period is 1 April to 30 September 2026. Ruby is in it at every step of the pathway; Oscar's
contact, referral, enquiry and plan all ended before it began; Nell has been looked after since
June 2026; Kai left care at 17 and is a care leaver."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

from django.db import transaction

from safeguard.agencies.roles import AgencyType, Role
from safeguard.cin.models import CINEpisode
from safeguard.frontdoor.models import Assessment, Contact, ContactSubject, Decision, EarlyHelpReferral
from safeguard.people.models import Person
from safeguard.protection.models import (
    Allocation,
    Conference,
    LookedAfterEpisode,
    Plan,
    Section47Enquiry,
    StatutoryVisit,
    StrategyDiscussion,
)
from safeguard.returns.selectors import Period
from safeguard.testing.factories import AgencyFactory, TeamFactory, practitioner_with_role

PERIOD = Period(date(2026, 4, 1), date(2026, 9, 30))


@dataclasses.dataclass
class AnnexWorld:
    social_worker: object
    data_officer: object
    ruby: Person
    oscar: Person
    nell: Person
    kai: Person
    ruby_plan: Plan


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=UTC)


def _child(given: str, born: date, *, sex="F", ethnicity="WBRI", disabilities=()) -> Person:
    return Person.objects.create(
        given_name=given, family_name="Fictional", date_of_birth=born, sex=sex, ethnicity=ethnicity,
        disabilities=list(disabilities),
    )


def contact_for(child: Person, received: date, *, team, worker, source="2A", outcome="assessment") -> Decision:
    contact = Contact.objects.create(
        team=team, received_at=_at(received), decision_due_on=received, recorded_by=worker,
        referrer_name="A teacher", referral_source=source, concerns="Fictional concern for a test.",
        consent_status="agreed", status="decided",
    )
    ContactSubject.objects.create(contact=contact, role="subject_child", person=child, given_name=child.given_name)
    return Decision.objects.create(
        contact=contact, outcome=outcome, rationale="Test decision", decided_by=worker, decided_at=_at(received),
        within_timescale=True,
    )


def s47_with_plan(child: Person, started: date, *, worker, icpc_held: date | None, plan_ends: date | None = None):
    discussion = StrategyDiscussion.objects.create(reason="Test", proposed_by=worker, held_on=started,
                                                   status="held", section_47="joint")
    enquiry = Section47Enquiry.objects.create(child=child, discussion=discussion, kind="joint", started_on=started,
                                              icpc_needed="yes")
    if icpc_held is None:
        return enquiry, None
    icpc = Conference.objects.create(kind="initial", child=child, enquiry=enquiry, due_on=icpc_held,
                                     scheduled_for=icpc_held, held_on=icpc_held, decision="plan", category="NEG",
                                     created_by=worker)
    plan = Plan.objects.create(child=child, conference=icpc, status="ended" if plan_ends else "active",
                               started_on=icpc_held, category="NEG", ended_on=plan_ends)
    return enquiry, plan


@transaction.atomic  # a contact's reference is numbered under a row lock (browser tests run in autocommit)
def build() -> AnnexWorld:
    csc = AgencyFactory(name="Wrekinshire Children's Services", agency_type=AgencyType.CHILDRENS_SOCIAL_CARE)
    locality = TeamFactory(agency=csc, name="Locality team 1")
    front_door = TeamFactory(agency=csc, name="Front door", is_front_door=True)
    social_worker = practitioner_with_role(Role.SOCIAL_WORKER, team=locality, username="sw.annex")
    social_worker.first_name, social_worker.last_name = "Asha", "Testworker"
    social_worker.save()
    data_officer = practitioner_with_role(Role.DATA_OFFICER, username="data.officer.annex")

    ruby = _child("Ruby", date(2016, 7, 20), disabilities=["LD"])
    oscar = _child("Oscar", date(2012, 1, 5), sex="M", ethnicity="BAFR")
    nell = _child("Nell", date(2019, 2, 11), ethnicity="MWAS")
    kai = _child("Kai", date(2008, 3, 3), sex="M")

    # Ruby: contact 2 May, referral, assessment, section 47, ICPC 28 May, plan with a visit and a review.
    decision = contact_for(ruby, date(2026, 5, 2), team=front_door, worker=social_worker)
    episode = CINEpisode.objects.create(child=ruby, referral_date=date(2026, 5, 2), referral_source="2A",
                                        decision=decision, contact=decision.contact, primary_need="N1", team=locality)
    Assessment.objects.create(decision=decision, person=ruby, episode=episode, started_on=date(2026, 5, 3),
                              due_on=date(2026, 7, 3),
                              child_seen_on=date(2026, 5, 6), authorised_on=date(2026, 6, 20),
                              completed_on=date(2026, 6, 20), needs_social_care_support=True)
    _, ruby_plan = s47_with_plan(ruby, date(2026, 5, 8), worker=social_worker, icpc_held=date(2026, 5, 28))
    StatutoryVisit.objects.create(plan=ruby_plan, visited_on=date(2026, 9, 10), seen_alone=True, visitor=social_worker)
    StatutoryVisit.objects.create(plan=ruby_plan, visited_on=date(2026, 8, 27), seen_alone=False,
                                  visitor=social_worker)
    Conference.objects.create(kind="review", child=ruby, plan=ruby_plan, due_on=date(2026, 8, 28),
                              scheduled_for=date(2026, 8, 28), held_on=date(2026, 8, 28), decision="plan",
                              category="EMO", created_by=social_worker)
    Allocation.objects.create(child=ruby, worker=social_worker, starts_on=date(2026, 5, 3), recorded_by=social_worker)

    # Ruby also went to early help once in June (a later contact).
    help_decision = contact_for(ruby, date(2026, 6, 15), team=front_door, worker=social_worker, source="5D",
                                outcome="early_help")
    EarlyHelpReferral.objects.create(decision=help_decision, created_at=_at(date(2026, 6, 15)))

    # Oscar: everything in 2025, all of it over before 1 April 2026.
    old = contact_for(oscar, date(2025, 6, 2), team=front_door, worker=social_worker, source="6")
    old_episode = CINEpisode.objects.create(child=oscar, referral_date=date(2025, 6, 2), referral_source="6",
                                            decision=old, primary_need="N1", closure_date=date(2026, 2, 1),
                                            closure_reason="RC8")
    Assessment.objects.create(decision=old, person=oscar, episode=old_episode, started_on=date(2025, 6, 3),
                              due_on=date(2025, 8, 3),
                              child_seen_on=date(2025, 6, 4), authorised_on=date(2025, 7, 1))
    s47_with_plan(oscar, date(2025, 6, 10), worker=social_worker, icpc_held=date(2025, 6, 30),
                  plan_ends=date(2026, 1, 20))

    # Nell: looked after (police protection, then accommodated) since June 2026.
    LookedAfterEpisode.objects.create(child=nell, legal_status="L1", started_on=date(2026, 6, 1),
                                      ended_on=date(2026, 6, 3), end_reason="Returned home", recorded_by=social_worker)
    LookedAfterEpisode.objects.create(child=nell, legal_status="V2", started_on=date(2026, 6, 20),
                                      recorded_by=social_worker)
    # Kai: looked after from 15 to 17, left care in 2025.
    LookedAfterEpisode.objects.create(child=kai, legal_status="C2", started_on=date(2023, 5, 1),
                                      ended_on=date(2025, 6, 1), end_reason="Moved to independent living",
                                      recorded_by=social_worker)
    return AnnexWorld(social_worker, data_officer, ruby, oscar, nell, kai, ruby_plan)
