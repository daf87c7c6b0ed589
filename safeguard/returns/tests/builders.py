"""Small builders for census records, written straight to the models (as a migration or an import
might), so the tests can make exactly the records the census must count, or must catch."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from safeguard.agencies.roles import Role
from safeguard.cin.models import CINEpisode, CINPlan
from safeguard.frontdoor.models import Assessment, Contact, Decision
from safeguard.people.models import Person
from safeguard.protection.models import Conference, Plan, Section47Enquiry, StrategyDiscussion
from safeguard.testing.factories import AgencyFactory, TeamFactory, practitioner_with_role


class World:
    def __init__(self):
        self.worker = practitioner_with_role(Role.SOCIAL_WORKER, username="census.worker")
        self.team = TeamFactory(agency=AgencyFactory(name="Front door agency"), name="Front door", is_front_door=True)

    def child(self, given="Ada", born=date(2015, 6, 1), **kw) -> Person:
        kw.setdefault("disabilities", ["NONE"])
        kw.setdefault("upn_unknown", "UN6")
        return Person.objects.create(given_name=given, family_name="Census", date_of_birth=born, sex="F", **kw)

    def episode(self, child, referral, closed=None, reason="", need="N1", **kw) -> CINEpisode:
        return CINEpisode.objects.create(
            child=child, referral_date=referral, referral_source="6", primary_need=need, closure_date=closed,
            closure_reason=reason or ("RC7" if closed else ""), **kw,
        )  # fmt: skip

    def assessment(self, episode, started, authorised=None, factors=("3B",)) -> Assessment:
        contact = Contact.objects.create(
            team=self.team, decision_due_on=started, recorded_by=self.worker, referrer_name="Police",
            referral_source="6", concerns="Domestic abuse incident", consent_status="agreed",
        )  # fmt: skip
        decision = Decision.objects.create(
            contact=contact, outcome="assessment", rationale="Needs assessing", decided_by=self.worker,
            decided_at=timezone.now(), within_timescale=True,
        )  # fmt: skip
        return Assessment.objects.create(
            decision=decision, person=episode.child, started_on=started, due_on=started, episode=episode,
            authorised_on=authorised, completed_on=authorised, factors=list(factors),
        )  # fmt: skip

    def cin_plan(self, episode, started, ended=None) -> CINPlan:
        return CINPlan.objects.create(episode=episode, child=episode.child, started_on=started, ended_on=ended)

    def section47(self, child, started, icpc_on=None) -> tuple[Section47Enquiry, Conference | None]:
        discussion = StrategyDiscussion.objects.create(reason="Injury", proposed_by=self.worker, held_on=started)
        enquiry = Section47Enquiry.objects.create(
            child=child, discussion=discussion, kind="single_agency", started_on=started,
            icpc_needed="yes" if icpc_on else "", outcome="icpc" if icpc_on else "",
        )  # fmt: skip
        conference = None
        if icpc_on:
            conference = Conference.objects.create(
                kind=Conference.Kind.INITIAL, child=child, enquiry=enquiry, due_on=icpc_on, scheduled_for=icpc_on,
                held_on=icpc_on, decision="plan", category="NEG", created_by=self.worker,
            )  # fmt: skip
        return enquiry, conference

    def cp_plan(self, child, icpc: Conference, ended=None, category="NEG") -> Plan:
        return Plan.objects.create(
            child=child, conference=icpc, status="active", started_on=icpc.held_on, category=category,
            ended_on=ended,
        )  # fmt: skip

    def review(self, plan, held_on, category="") -> Conference:
        return Conference.objects.create(
            kind=Conference.Kind.REVIEW, child=plan.child, plan=plan, due_on=held_on, scheduled_for=held_on,
            held_on=held_on, decision="plan", category=category, created_by=self.worker,
        )  # fmt: skip
