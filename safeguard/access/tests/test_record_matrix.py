"""Who may do what to each kind of record other than a person's: role × record kind × action × involvement.

EXPECTED is the specification. For every role in agencies/roles.py, every record kind and action that
access.records knows, and each way of being involved with the record, `allows` must answer as the
table says, and `visible` (the queryset twin) must return the record exactly when `allows` does. A rule
added without a row here, or a row whose rule is gone, fails the coverage test.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from safeguard.access import records
from safeguard.access.models import InvolvementKind
from safeguard.agencies.roles import NO_CASE_CONTENT_ROLES, Role
from safeguard.challenges.models import ChallengeStep, ProfessionalChallenge
from safeguard.cin.models import CINEpisode, CINPlan
from safeguard.family.models import (
    AdultAttendance,
    GpNotification,
    Pregnancy,
    RiskBasis,
    RiskFlag,
    SexualHealthAssessment,
)
from safeguard.frontdoor.models import Assessment, Contact, Decision, InformationRequest, TriageItem, TriageMeeting
from safeguard.protection.models import (
    Action,
    Allocation,
    Conference,
    CoreGroup,
    Plan,
    ReconveneReview,
    Section47Enquiry,
    StrategyDiscussion,
    WrittenAgreement,
)
from safeguard.testing.factories import (
    AgencyFactory,
    PersonFactory,
    PractitionerFactory,
    TeamFactory,
    involve,
    practitioner_with_role,
)

ALL = frozenset(Role)
NONE: frozenset = frozenset()
CASE = frozenset(r for r in Role if r not in NO_CASE_CONTENT_ROLES and r != Role.AUDITOR)
FRONT_DOOR = frozenset({Role.FRONT_DOOR_SOCIAL_WORKER, Role.FRONT_DOOR_MANAGER})
PRACTICE = frozenset({Role.GP, Role.HEALTH_SAFEGUARDING})
TRIAGE_CHAIRS = FRONT_DOOR
TRIAGE_AGENCIES = FRONT_DOOR | {
    Role.POLICE_PUBLIC_PROTECTION, Role.HEALTH_SAFEGUARDING, Role.PROBATION_OFFICER, Role.YOUTH_JUSTICE_WORKER,
    Role.SPECIALIST_WORKER,
}  # fmt: skip
FLAG_RECORDERS = FRONT_DOOR | {
    Role.POLICE_PUBLIC_PROTECTION, Role.PROBATION_OFFICER, Role.SOCIAL_WORKER, Role.SOCIAL_WORK_MANAGER,
}  # fmt: skip
FLAG_READERS = FLAG_RECORDERS | {Role.HEALTH_SAFEGUARDING, Role.CONFERENCE_CHAIR}
# Children's social care: a school, a GP or the police involved with the child do not see CIN casework.
CIN = frozenset({
    Role.SOCIAL_WORKER, Role.SOCIAL_WORK_MANAGER, Role.FRONT_DOOR_SOCIAL_WORKER, Role.FRONT_DOOR_MANAGER,
    Role.HEAD_OF_SERVICE,
})  # fmt: skip
DATA_TEAM = frozenset({Role.DATA_OFFICER})
CIN_VIEW = {"may change the child": CIN, "sees the child only": CIN, "none": NONE}
CIN_RECORD = {"may change the child": CIN, "sees the child only": NONE, "none": NONE}
# Protection records follow the child's record: who may see the child sees them, who may change it acts.
CHILD_VIEW = {"may change the child": CASE, "sees the child only": CASE, "none": NONE}
CHILD_CHANGE = {"may change the child": CASE, "sees the child only": NONE, "none": NONE}

# (kind, action) -> {involvement: roles allowed}
EXPECTED: dict[tuple[str, str], dict[str, frozenset]] = {
    ("frontdoor.contact", "work"): {
        "in the holding team": FRONT_DOOR, "asked for information": NONE, "recorded it": NONE, "none": NONE,
    },
    ("frontdoor.contact", "contribute"): {
        "in the holding team": FRONT_DOOR, "asked for information": CASE, "recorded it": NONE, "none": NONE,
    },
    ("frontdoor.contact", "view"): {
        "in the holding team": FRONT_DOOR, "asked for information": CASE, "recorded it": CASE, "none": NONE,
    },
    ("frontdoor.informationrequest", "answer"): {"in the team asked": CASE, "in the asking team": NONE, "none": NONE},
    ("frontdoor.informationrequest", "view"): {
        "in the team asked": CASE, "in the asking team": FRONT_DOOR, "none": NONE,
    },
    ("frontdoor.triageitem", "contribute"): {"on a meeting's agenda": TRIAGE_AGENCIES, "waiting": NONE},
    ("frontdoor.triageitem", "decide"): {"on a meeting's agenda": TRIAGE_CHAIRS, "waiting": NONE},
    ("frontdoor.triagemeeting", "close"): {"any": TRIAGE_CHAIRS},
    ("family.riskflag", "view"): {
        "may change the adult": FLAG_READERS, "sees the adult only": FLAG_READERS, "none": NONE,
    },
    ("family.riskflag", "end"): {"may change the adult": FLAG_RECORDERS, "sees the adult only": NONE, "none": NONE},
    ("family.pregnancy", "view"): {"may change the mother": CASE, "sees the mother only": CASE, "none": NONE},
    ("family.adultattendance", "view"): {"saw the adult": ALL, "none": NONE},
    ("family.adultattendance", "decide"): {"saw the adult": ALL, "none": NONE},
    ("family.sexualhealthassessment", "view"): {"assessed": ALL, "none": NONE},
    ("family.sexualhealthassessment", "refer"): {"assessed": ALL, "none": NONE},
    ("family.gpnotification", "acknowledge"): {"in the practice notified": PRACTICE, "sent it": NONE, "none": NONE},
    ("family.gpnotification", "view"): {
        "in the practice notified": PRACTICE, "sent it": frozenset({Role.MIDWIFE}), "none": NONE,
    },
    ("protection.action", "complete"): {
        "owner, sees the child": CASE, "owner, no involvement": NONE,
        "may change the child": CASE, "sees the child only": NONE, "none": NONE,
    },
    ("protection.reconvenereview", "decide"): {
        "lead social worker, sees the child": CASE, "lead social worker, no involvement": NONE,
        "may change the child": CASE, "sees the child only": NONE, "none": NONE,
    },
    ("challenges.professionalchallenge", "take_part"): {
        "raised it": CASE, "owns the stage": CASE, "owned an earlier stage": CASE,
        "may change the child": NONE, "sees the child only": NONE, "none": NONE,
    },
    ("challenges.professionalchallenge", "view"): {
        "raised it": CASE, "owns the stage": CASE, "owned an earlier stage": CASE,
        "may change the child": CASE, "sees the child only": CASE, "none": NONE,
    },
    ("challenges.professionalchallenge", "respond"): {
        "raised it": NONE, "owns the stage": ALL, "owned an earlier stage": NONE,
        "may change the child": CASE, "sees the child only": CASE, "none": NONE,
    },
    ("challenges.professionalchallenge", "record_outcome"): {
        "raised it": ALL, "owns the stage": ALL, "owned an earlier stage": NONE,
        "may change the child": CASE, "sees the child only": NONE, "none": NONE,
    },
    ("challenges.professionalchallenge", "withdraw"): {
        "raised it": ALL, "owns the stage": NONE, "owned an earlier stage": NONE,
        "may change the child": NONE, "sees the child only": NONE, "none": NONE,
    },
    ("people.person", "view_cin"): CIN_VIEW,
    ("people.person", "record_cin"): CIN_RECORD,
    ("cin.cinepisode", "view"): CIN_VIEW,
    ("cin.cinepisode", "close"): CIN_RECORD,
    ("cin.cinepisode", "start_plan"): CIN_RECORD,
    ("frontdoor.assessment", "view"): CIN_VIEW,
    ("frontdoor.assessment", "record_findings"): CIN_RECORD,
    ("cin.cinplan", "view"): CIN_VIEW,
    ("cin.cinplan", "end"): CIN_RECORD,
    ("returns.statutoryreturn", "view"): {"any": DATA_TEAM},
    ("returns.statutoryreturn", "export"): {"any": DATA_TEAM},
    ("protection.strategydiscussion", "view"): CHILD_VIEW,
    ("protection.strategydiscussion", "update"): CHILD_CHANGE,
    ("protection.strategydiscussion", "record_outcome"): CHILD_CHANGE,
    ("protection.conference", "view"): CHILD_VIEW,
    ("protection.conference", "chair"): CHILD_CHANGE,
    ("protection.coregroup", "view"): CHILD_VIEW,
    ("protection.plan", "view"): CHILD_VIEW,
    ("protection.plan", "add_outcome"): CHILD_CHANGE,
    ("protection.plan", "record_visit"): CHILD_CHANGE,
    ("protection.plan", "finalise"): CHILD_CHANGE,
    ("protection.plan", "hold_core_group"): CHILD_CHANGE,
    ("protection.writtenagreement", "view"): CHILD_VIEW,
    ("protection.writtenagreement", "export"): CHILD_CHANGE,  # a meeting invitee may read, not print
    ("protection.writtenagreement", "edit"): CHILD_CHANGE,
    ("protection.section47enquiry", "view"): CHILD_VIEW,
    ("protection.section47enquiry", "record"): CHILD_CHANGE,
    ("protection.action", "view"): {
        "owner, sees the child": CASE, "owner, no involvement": NONE,
        "may change the child": CASE, "sees the child only": CASE, "none": NONE,
    },
    ("protection.reconvenereview", "view"): {
        "lead social worker, sees the child": CASE, "lead social worker, no involvement": NONE,
        "may change the child": CASE, "sees the child only": CASE, "none": NONE,
    },
}  # fmt: skip

TODAY = date(2026, 11, 30)


class World:
    """Builds each kind of record with the actor involved one way, everyone else a stranger."""

    def __init__(self, actor):
        self.actor = actor
        self.other = PractitionerFactory()
        self.front_door = TeamFactory(agency=AgencyFactory(), is_front_door=True)
        self.partner = TeamFactory(agency=AgencyFactory())
        self.actor_team = actor.primary_membership.team

    def _child(self, involvement: str):
        child = PersonFactory()
        if "may change the" in involvement:
            involve(child, practitioner=self.actor, kind=InvolvementKind.ALLOCATED_WORKER)
        elif "sees the" in involvement:
            involve(child, practitioner=self.actor, kind=InvolvementKind.MEETING_INVITEE)
        return child

    def contact(self, involvement: str, team=None, recorded_by=None) -> Contact:
        if involvement == "in the holding team":
            team = self.actor_team
        contact = Contact.objects.create(
            team=team or self.front_door, decision_due_on=TODAY, recorded_by=recorded_by or self.other,
            referrer_name="A fictional referrer", referral_source="1A", concerns="Fictional concern",
            consent_status="agreed",
        )  # fmt: skip
        if involvement == "asked for information":
            self.request(contact, self.actor_team)
        if involvement == "recorded it":
            contact.recorded_by = self.actor
            contact.save(update_fields=["recorded_by"])
        return contact

    def request(self, contact, team) -> InformationRequest:
        return InformationRequest.objects.create(
            contact=contact, team=team, question="What do you know?", requested_by=self.other, rag="amber",
            due_at=timezone.now() + timedelta(days=1),
        )  # fmt: skip

    def build(self, kind: str, involvement: str):
        mine = involvement != "none"
        if kind == "frontdoor.contact":
            return self.contact(involvement)
        if kind == "frontdoor.informationrequest":
            contact = self.contact("in the holding team" if involvement == "in the asking team" else "none")
            team = self.actor_team if involvement == "in the team asked" else self.partner
            return self.request(contact, team)
        if kind == "frontdoor.triageitem":
            on_agenda = involvement != "waiting"
            meeting = TriageMeeting.objects.create(held_on=TODAY, opened_by=self.other) if on_agenda else None
            return TriageItem.objects.create(contact=self.contact("none"), meeting=meeting)
        if kind == "frontdoor.triagemeeting":
            return TriageMeeting.objects.create(held_on=TODAY, opened_by=self.other)
        if kind == "family.riskflag":
            return RiskFlag.objects.create(
                person=self._child(involvement), basis=RiskBasis.values[0], evidence="Fictional evidence",
                review_on=TODAY, raised_by=self.other,
            )  # fmt: skip
        if kind == "family.pregnancy":
            return Pregnancy.objects.create(
                mother=self._child(involvement), unborn=PersonFactory(), gp_practice=AgencyFactory(), midwife=self.other
            )
        if kind == "family.adultattendance":
            return AdultAttendance.objects.create(
                adult=PersonFactory(), clinician=self.actor if mine else self.other, setting="ed", attended_on=TODAY
            )
        if kind == "family.sexualhealthassessment":
            return SexualHealthAssessment.objects.create(
                young_person=PersonFactory(), clinician=self.actor if mine else self.other, attended_on=TODAY,
                exploitation=0, age_gap=0, coercion=0, substance_use=0, going_missing=0, score=0, high_risk=False,
            )  # fmt: skip
        if kind == "family.gpnotification":
            practice = self.actor_team.agency if involvement == "in the practice notified" else AgencyFactory()
            pregnancy = Pregnancy.objects.create(
                mother=PersonFactory(), unborn=PersonFactory(), gp_practice=practice,
                midwife=self.actor if involvement == "sent it" else self.other,
            )  # fmt: skip
            return GpNotification.objects.create(pregnancy=pregnancy, practice=practice, acknowledge_by=TODAY)
        if kind == "protection.action":
            owner = self.actor if involvement.startswith("owner") else self.other
            return Action.objects.create(
                description="A fictional action", owner=owner, child=self._child(involvement), due_on=TODAY
            )
        if kind == "protection.reconvenereview":
            child = self._child(involvement)
            if involvement.startswith("lead social worker"):
                Allocation.objects.create(child=child, worker=self.actor, starts_on=TODAY, recorded_by=self.other)
            return ReconveneReview.objects.create(child=child, raised_on=TODAY, escalate_after=TODAY)
        if kind == "challenges.professionalchallenge":
            challenge = ProfessionalChallenge.objects.create(
                person=self._child(involvement), concern="A fictional concern", stage_due_on=TODAY,
                raised_by=self.actor if involvement == "raised it" else self.other,
                owner=self.actor if involvement == "owns the stage" else self.other,
            )  # fmt: skip
            if involvement == "owned an earlier stage":
                ChallengeStep.objects.create(challenge=challenge, stage=1, owner=self.actor, due_on=TODAY)
            return challenge
        if kind == "people.person":
            return self._child(involvement)
        if kind in {"cin.cinepisode", "cin.cinplan", "frontdoor.assessment"}:
            return self.cin(kind, self._child(involvement))
        if kind == "returns.statutoryreturn":
            return records.STATUTORY_RETURNS
        if kind.startswith("protection."):
            return self.protection(kind, self._child(involvement))
        raise AssertionError(f"the matrix test cannot build a {kind}")

    def protection(self, kind: str, child):
        """A strategy discussion about a stranger child and this one (one child is enough), or a
        conference, core group, plan, agreement or enquiry about this child."""
        discussion = StrategyDiscussion.objects.create(reason="Fictional", proposed_by=self.other)
        discussion.children.add(PersonFactory(), child)
        if kind == "protection.strategydiscussion":
            return discussion
        if kind == "protection.section47enquiry":
            return Section47Enquiry.objects.create(child=child, discussion=discussion, kind="joint", started_on=TODAY)
        if kind == "protection.writtenagreement":
            return WrittenAgreement.objects.create(child=child, parties="Fictional parents", body="We agree.",
                                                   updated_by=self.other)  # fmt: skip
        conference = Conference.objects.create(
            kind="initial", child=child, due_on=TODAY, scheduled_for=TODAY, created_by=self.other
        )
        if kind == "protection.conference":
            return conference
        plan = Plan.objects.create(child=child, conference=conference, started_on=TODAY)
        if kind == "protection.plan":
            return plan
        if kind == "protection.coregroup":
            return CoreGroup.objects.create(plan=plan)
        raise AssertionError(f"the matrix test cannot build a {kind}")

    def cin(self, kind: str, child):
        episode = CINEpisode.objects.create(child=child, referral_date=TODAY, referral_source="1A")
        if kind == "cin.cinepisode":
            return episode
        if kind == "cin.cinplan":
            return CINPlan.objects.create(episode=episode, child=child, started_on=TODAY)
        contact = self.contact("none")
        decision = Decision.objects.create(
            contact=contact, outcome="assessment", rationale="Fictional", decided_by=self.other, within_timescale=True
        )
        return Assessment.objects.create(
            decision=decision, person=child, episode=episode, started_on=TODAY, due_on=TODAY
        )


def test_the_table_covers_every_rule_access_knows():
    assert set(EXPECTED) == set(records.RULES)


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_each_role_may_do_exactly_what_the_table_says(role):
    actor = practitioner_with_role(role)
    world = World(actor)
    built: dict[tuple[str, str], object] = {}
    wrong = []
    for (kind, action), by_involvement in EXPECTED.items():
        for involvement, allowed_roles in by_involvement.items():
            record = built.get((kind, involvement))
            if record is None:
                record = built[(kind, involvement)] = world.build(kind, involvement)
            expected = role in allowed_roles
            if records.allows(actor, action, record) != expected:
                wrong.append(f"{action} {kind} ({involvement}): expected {'allow' if expected else 'deny'}")
            if records.RULES[(kind, action)].rows is not None:
                listed = records.visible(actor, action, type(record).objects.filter(pk=record.pk)).exists()
                if listed != expected:
                    should = "listed" if expected else "hidden"
                    wrong.append(f"visible {action} {kind} ({involvement}): should be {should}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
def test_require_answers_404_for_a_record_the_actor_may_not_touch():
    from safeguard.access.errors import NotFound

    actor = practitioner_with_role(Role.SOCIAL_WORKER)
    record = World(actor).build("family.adultattendance", "none")
    with pytest.raises(NotFound):
        records.require(actor, "view", record)
    mine = World(actor).build("family.adultattendance", "saw the adult")
    assert records.require(actor, "decide", mine) is mine


def test_an_unknown_action_is_a_programming_error_not_a_silent_deny():
    with pytest.raises(LookupError):
        records.allows(PractitionerFactory.build(), "teleport", Contact())
