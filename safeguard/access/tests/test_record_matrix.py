"""Who may do what to each kind of record other than a person's: role × record kind × action × involvement.

EXPECTED is the specification. For every role in agencies/roles.py, every record kind and action that
access.records knows, and each way of being involved with the record, `allows` must answer as the
table says, and `visible` (the queryset twin) must return the record exactly when `allows` does. A rule
added without a row here, or a row whose rule is gone, fails the coverage test.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.apps import apps
from django.db.models import Model
from django.utils import timezone

from safeguard.access import records
from safeguard.access.models import ApiToken, InvolvementKind
from safeguard.agencies.roles import MANAGER_ROLES, NO_CASE_CONTENT_ROLES, Role
from safeguard.challenges.models import ChallengeStep, ProfessionalChallenge
from safeguard.cin.models import CINEpisode, CINPlan
from safeguard.core.models import Task
from safeguard.family.models import (
    AdultAttendance,
    GpNotification,
    Pregnancy,
    RiskBasis,
    RiskFlag,
    RiskLink,
    SexualHealthAssessment,
)
from safeguard.frontdoor.codes import SubjectRole
from safeguard.frontdoor.models import (
    Assessment,
    Contact,
    ContactSubject,
    Decision,
    EncompassNotice,
    InformationRequest,
    TriageAction,
    TriageItem,
    TriageMeeting,
)
from safeguard.people.models import MergeRecord, RecordEnquiry, Relationship
from safeguard.protection.models import (
    Action,
    Allocation,
    Conference,
    CoreGroup,
    Invitation,
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
HEALTH_SETTINGS = frozenset(
    {Role.ED_CLINICIAN, Role.SEXUAL_HEALTH, Role.MIDWIFE, Role.HEALTH_VISITOR, Role.SCHOOL_NURSE}
)
MANAGERS = frozenset(MANAGER_ROLES)
POLICE = frozenset({Role.POLICE_PUBLIC_PROTECTION})
DSL = frozenset({Role.DESIGNATED_SAFEGUARDING_LEAD})
# "the kind": the question is about the kind as a whole (the model class, or a Collection), not one row.
KIND = "the kind"
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
    ("family.gpnotification", "acknowledge"): {
        KIND: PRACTICE, "in the practice notified": PRACTICE, "sent it": NONE, "none": NONE,
    },
    ("family.gpnotification", "view"): {
        KIND: PRACTICE | {Role.MIDWIFE}, "in the practice notified": PRACTICE, "sent it": frozenset({Role.MIDWIFE}),
        "none": NONE,
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
    ("challenges.professionalchallenge", "hold"): {
        "raised it": ALL, "owns the stage": ALL, "owned an earlier stage": NONE,
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
    ("frontdoor.assessment", "amend"): CIN_RECORD,
    ("cin.cinplan", "view"): CIN_VIEW,
    ("cin.cinplan", "end"): CIN_RECORD,
    ("returns.statutoryreturn", "view"): {KIND: DATA_TEAM},
    ("family.healthlookup", "use"): {KIND: HEALTH_SETTINGS},
    ("returns.statutoryreturn", "export"): {KIND: DATA_TEAM},
    ("protection.strategydiscussion", "view"): CHILD_VIEW,
    ("protection.strategydiscussion", "update"): CHILD_CHANGE,
    ("protection.strategydiscussion", "record_outcome"): CHILD_CHANGE,
    ("protection.strategydiscussion", "change"): CHILD_CHANGE,
    ("protection.strategydiscussion", "convene"): {KIND: MANAGERS},
    ("protection.conference", "change"): CHILD_CHANGE,
    ("protection.coregroup", "change"): CHILD_CHANGE,
    ("protection.plan", "change"): CHILD_CHANGE,
    # An invitation follows the meeting's children: an invitee who may only view may not name or remove.
    ("protection.invitation", "view"): CHILD_VIEW,
    ("protection.invitation", "change"): CHILD_CHANGE,
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
    ("challenges.professionalchallenge", "oversee"): {
        KIND: MANAGERS | {Role.PARTNERSHIP_ANALYST, Role.AUDITOR, Role.HEAD_OF_SERVICE, Role.PARTNERSHIP_LEAD},
    },
    # A person's record: the policy (involvement, break-glass); the matrix of access_matrix.py in depth.
    ("people.person", "view"): CHILD_VIEW,
    ("people.person", "change"): CHILD_CHANGE,
    ("people.person", "export"): CHILD_CHANGE,
    ("people.person", "work_with"): CHILD_VIEW,  # involvement only: break-glass is not work (test_break_glass)
    ("people.person", "search"): {KIND: CASE},
    ("people.person", "record"): {KIND: CASE},
    ("people.person", "break_glass"): {KIND: CASE},
    ("people.person", "view_flags"): {
        "may change the child": FLAG_READERS, "sees the child only": FLAG_READERS, "none": NONE,
    },
    ("people.person", "record_flags"): {
        "may change the child": FLAG_RECORDERS, "sees the child only": NONE, "none": NONE,
    },
    ("people.relationship", "change"): CHILD_CHANGE,
    ("people.relationship", "record"): CHILD_CHANGE,  # change one of the two and see both
    ("people.likelyduplicate", "review"): {KIND: MANAGERS},
    ("people.mergerecord", "make"): {"may change both": MANAGERS, "may change one": NONE, "none": NONE},
    ("people.mergerecord", "view"): {"may change both": MANAGERS, "may change one": MANAGERS, "none": NONE},
    ("people.mergerecord", "undo"): {"may change both": MANAGERS, "may change one": MANAGERS, "none": NONE},
    ("people.recordenquiry", "answer"): {"in the holding team": CASE, "asked it": NONE, "none": NONE},
    ("people.recordenquiry", "view"): {"in the holding team": CASE, "asked it": CASE, "none": NONE},
    ("directory.knownprofessional", "use"): {KIND: CASE},
    ("access.auditlog", "view"): {KIND: frozenset({Role.AUDITOR})},
    ("access.breakglassgrant", "review"): {KIND: frozenset({Role.AUDITOR})},
    ("agencies.accounts", "manage"): {KIND: frozenset({Role.SYSTEM_ADMINISTRATOR})},
    ("access.apitoken", "issue"): {"issued to me": ALL, "none": frozenset({Role.SYSTEM_ADMINISTRATOR})},
    ("access.apitoken", "revoke"): {"issued to me": ALL, "none": frozenset({Role.SYSTEM_ADMINISTRATOR})},
    ("partnership.aggregates", "view"): {
        KIND: frozenset({Role.PARTNERSHIP_ANALYST, Role.AUDITOR, Role.FRONT_DOOR_MANAGER}),
    },
    ("core.unownedwork", "view"): {KIND: MANAGERS | {Role.PARTNERSHIP_ANALYST}},
    ("agencies.team", "view_calendar"): {"a member": ALL, "none": NONE},
    ("agencies.team", "manage"): {"a member": MANAGERS, "none": NONE},
    ("core.task", "allocate"): {KIND: MANAGERS, "handed to my team": MANAGERS, "none": NONE},
    ("frontdoor.contact", "record"): {KIND: CASE},
    ("frontdoor.contact", "queue"): {KIND: FRONT_DOOR},
    ("frontdoor.decision", "make"): {KIND: frozenset({Role.FRONT_DOOR_MANAGER})},
    ("frontdoor.informationrequest", "queue"): {KIND: CASE},
    ("frontdoor.notification", "screen"): {KIND: POLICE},
    ("frontdoor.notification", "import"): {KIND: POLICE | FRONT_DOOR},
    ("frontdoor.notification", "view"): {KIND: POLICE | TRIAGE_AGENCIES},
    ("frontdoor.decision", "view"): {
        "in the holding team": FRONT_DOOR, "asked for information": CASE, "recorded it": CASE, "sees the child": CASE,
        "none": NONE,
    },
    ("frontdoor.notification", "dashboard"): {KIND: POLICE | FRONT_DOOR},
    ("frontdoor.encompassnotice", "view"): {
        KIND: FRONT_DOOR | POLICE | DSL, "at my school": FRONT_DOOR | POLICE | DSL, "none": FRONT_DOOR | POLICE,
    },
    ("frontdoor.encompassnotice", "acknowledge"): {KIND: DSL, "at my school": DSL, "none": NONE},
    ("frontdoor.triagemeeting", "attend"): {KIND: TRIAGE_AGENCIES},
    ("frontdoor.triagemeeting", "chair"): {KIND: TRIAGE_CHAIRS},
    ("frontdoor.triageaction", "complete"): {"owns it": CASE, "none": TRIAGE_CHAIRS},
    ("family.adultattendance", "record"): {KIND: HEALTH_SETTINGS},
    ("family.sexualhealthassessment", "record"): {KIND: frozenset({Role.SEXUAL_HEALTH})},
    ("family.pregnancy", "record"): {KIND: frozenset({Role.MIDWIFE})},
    ("family.pregnancy", "change"): {
        "may change the mother": frozenset({Role.MIDWIFE}), "sees the mother only": NONE, "none": NONE,
    },
    ("family.risklink", "view"): CHILD_VIEW,
    ("family.risklink", "review"): CHILD_VIEW,
}  # fmt: skip

# Every kind of record the issue names (and the newer apps' records) must have rules, so that no kind is
# decided elsewhere: a kind left out of access.records fails here.
KINDS_THAT_MUST_HAVE_RULES = {
    "people.person", "people.relationship", "people.likelyduplicate", "people.mergerecord", "people.recordenquiry",
    "frontdoor.contact", "frontdoor.informationrequest", "frontdoor.triageitem", "frontdoor.triagemeeting",
    "frontdoor.triageaction", "frontdoor.decision", "frontdoor.assessment", "frontdoor.notification",
    "frontdoor.encompassnotice", "protection.strategydiscussion", "protection.conference", "protection.coregroup",
    "protection.invitation", "protection.action", "protection.plan", "protection.writtenagreement",
    "protection.section47enquiry", "protection.reconvenereview", "challenges.professionalchallenge",
    "family.adultattendance", "family.sexualhealthassessment", "family.healthlookup", "family.riskflag",
    "family.risklink", "family.pregnancy", "family.gpnotification", "cin.cinepisode", "cin.cinplan",
    "returns.statutoryreturn", "directory.knownprofessional", "core.task", "access.auditlog",
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
        if involvement == KIND:
            return records.Collection(kind) if kind in COLLECTIONS else apps.get_model(kind)
        if kind == "people.relationship":
            other = self._child("sees the parent only" if involvement != "none" else "none")
            return Relationship.objects.create(
                from_person=other, to_person=self._child(involvement), relationship_type="parent"
            )
        if kind == "people.mergerecord":
            first, second = PersonFactory(), PersonFactory()
            for person in [first, second][: {"may change both": 2, "may change one": 1}.get(involvement, 0)]:
                involve(person, practitioner=self.actor, kind=InvolvementKind.ALLOCATED_WORKER)
            return MergeRecord(survivor=first, merged=second)  # unsaved: the merge asked about
        if kind == "people.recordenquiry":
            return RecordEnquiry.objects.create(
                person=PersonFactory(), team=self.actor_team if involvement == "in the holding team" else self.partner,
                asked_by=self.actor if involvement == "asked it" else self.other, reason="Fictional reason",
            )  # fmt: skip
        if kind == "access.apitoken":  # unsaved: the rule reads only whose token it is
            return ApiToken(practitioner=self.actor if mine else self.other, name="A fictional system")
        if kind == "agencies.team":
            return self.actor_team if involvement == "a member" else self.partner
        if kind == "core.task":
            team = self.actor_team if involvement == "handed to my team" else self.partner
            return Task.objects.create(kind="allocate", title="Allocate a fictional child", team=team)
        if kind == "frontdoor.encompassnotice":  # unsaved: the rule reads only the school
            return EncompassNotice(school=self.actor_team.agency if involvement == "at my school" else AgencyFactory())
        if kind == "frontdoor.decision":
            contact = self.contact("none" if involvement == "sees the child" else involvement)
            child = self._child("sees the child only" if involvement == "sees the child" else "none")
            ContactSubject.objects.create(contact=contact, role=SubjectRole.SUBJECT_CHILD, person=child)
            return Decision.objects.create(
                contact=contact, outcome="nfa", rationale="Fictional", decided_by=self.other, within_timescale=True
            )
        if kind == "frontdoor.triageaction":
            item = TriageItem.objects.create(contact=self.contact("none"))
            owner = self.actor if involvement == "owns it" else self.other
            return TriageAction.objects.create(item=item, description="A fictional action", owner=owner, due_on=TODAY)
        if kind == "family.risklink":
            flag = self.build("family.riskflag", "none")
            return RiskLink.objects.create(flag=flag, child=self._child(involvement), path="Fictional path")
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
        if kind == "frontdoor.notification":
            raise AssertionError("police notifications are asked about as a kind")
        if kind in {"cin.cinepisode", "cin.cinplan", "frontdoor.assessment"}:
            return self.cin(kind, self._child(involvement))
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
        if kind == "protection.invitation":  # unsaved: the rule reads only the meeting it is to
            return Invitation(conference=conference, label="A fictional invitee")
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


COLLECTIONS = {c.label for c in vars(records).values() if isinstance(c, records.Collection)}


def test_the_table_covers_every_rule_access_knows():
    """A (kind, action) registered without rows here, or rows whose rule is gone, fails."""
    missing = sorted(set(records.RULES) - set(EXPECTED))
    stale = sorted(set(EXPECTED) - set(records.RULES))
    assert not missing and not stale, f"rules without matrix rows: {missing}; rows without a rule: {stale}"


def test_every_kind_of_record_has_rules():
    """Each kind of record is decided in access.records (so nowhere else)."""
    assert KINDS_THAT_MUST_HAVE_RULES - {kind for kind, _ in records.RULES} == set()


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
            if (
                records.RULES[(kind, action)].rows is not None
                and isinstance(record, Model)
                and not record._state.adding
            ):
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
