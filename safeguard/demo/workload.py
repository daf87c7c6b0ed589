"""The day-to-day work behind a seeded family: contacts at the front door, information requests,
police notifications, Operation Encompass notices, domestic abuse triage, professional challenges,
core groups and statutory visits, and the audit history of who did it.

`WorkloadMixin` is part of `FamilyGenerator`: the same one RNG, the same as-of date. Every date is
worked out from the as-of date (and `now`, the moment the seed runs) with the partnership's
timescales, so what one page says is due matches what another says: nothing is impossibly overdue
and nothing was done in the future. Rows are unsaved model instances for the bulk writer; the audit
history is a list of `AuditSpec`, written afterwards through the real audit path.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from safeguard.access.models import AuditAction, InvolvementKind
from safeguard.agencies.roles import AgencyType
from safeguard.challenges.models import ChallengeStatus, ChallengeStep, ProfessionalChallenge, Stage
from safeguard.core.clock import Timescales
from safeguard.demo.factory import instance_factory
from safeguard.demo.partnership import AGENCIES
from safeguard.frontdoor.codes import (
    ConcernCategory,
    ConsentStatus,
    ContactStatus,
    DashRisk,
    LawfulBasis,
    NotificationKind,
    NotifiedPersonRole,
    Outcome,
    Rag,
    RequestStatus,
    ScreeningStatus,
    SubjectRole,
    TriageOutcome,
)
from safeguard.frontdoor.models import (
    Contact,
    ContactSubject,
    Decision,
    EarlyHelpReferral,
    EncompassNotice,
    InformationRequest,
    Notification,
    NotifiedPerson,
    TriageItem,
    TriageMeeting,
    contact_reference,
)
from safeguard.protection.models import CoreGroup, StatutoryVisit

LOCAL = ZoneInfo("Europe/London")
TIMESCALES = Timescales()  # the defaults from DOMAIN.md; a partnership's overrides are not the demo's

# The concern behind each of the generator's CONCERNS, as the contact's category.
CONCERN_CATEGORIES = (
    ConcernCategory.DOMESTIC_ABUSE,
    ConcernCategory.NEGLECT,
    ConcernCategory.PHYSICAL_ABUSE,
    ConcernCategory.EMOTIONAL_ABUSE,
    ConcernCategory.NEGLECT,
    ConcernCategory.CSA_WITHIN_FAMILY,
    ConcernCategory.NEGLECT,
    ConcernCategory.MISSING,
    ConcernCategory.NEGLECT,
    ConcernCategory.OTHER,
)

# Who the referrer was, by the source agency's key (fictional names).
REFERRERS = {
    "police": ("PC Sam Doyle", "Police officer"),
    "school_lowbridge": ("Wendy Hughes", "Designated safeguarding lead"),
    "school_high": ("Mark Ellery", "Designated safeguarding lead"),
    "trust": ("Dr Amir Rahman", "Emergency medicine registrar"),
    "gp_wrekin": ("Dr Stephen Ellis", "GP partner"),
}
# Demo practitioners who would challenge a front door decision, by the source agency's key.
CHALLENGERS = {
    "police": "police.ppu",
    "school_lowbridge": "dsl",
    "school_high": "dsl",
    "trust": "health.safeguarding",
    "gp_wrekin": "gp",
}
# Partner teams the front door asks, with the demo practitioner who answers for them (if any).
REQUEST_TEAMS = (
    ("trust_safeguarding", "health.safeguarding"),
    ("mash_police", "police.ppu"),
    ("health_visiting", "hv"),
    ("gp_wrekin_team", "gp"),
    ("school_lowbridge_dsl", "dsl"),
)
SCHOOL_KEYS = tuple(a.key for a in AGENCIES if a.agency_type == AgencyType.EDUCATION)
SCHOOL_DSL_USERNAME = {"school_lowbridge": "dsl"}  # the one school with a demo DSL login

# Per family: a domestic abuse incident the police notify (most need no referral), and one in the
# police screening backlog now. Tuned so a 100k-children seed has thousands of Encompass notices and
# a backlog of about a hundred notifications.
DA_NOTIFICATION_CHANCE = 0.15
BACKLOG_CHANCE = 0.002
CHALLENGE_CHANCE = 0.04
OPEN_CHALLENGE_WINDOW_DAYS = 12
AUDIT_HISTORY_DAYS = 60
# Cases on one seeded triage meeting's agenda at most: a daily meeting discusses a few dozen.
TRIAGE_CASES_PER_MEETING = 24


@dataclass(frozen=True)
class AuditSpec:
    """One audit entry to write through `audit_record` after the rows are in."""

    username: str
    action: str
    object_type: str
    object_id: str
    person_id: str
    purpose: str


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LOCAL)


class WorkloadMixin:
    """Front door, police and meeting work for `FamilyGenerator` (which supplies rng, as_of, refs, _rows)."""

    def _init_workload(self, now: datetime | None, notified_person_ids_from: int = 1) -> None:
        # "Now" bounds every timestamp: nothing is recorded as done after the seed runs.
        self.now = now or local(self.as_of, 23, 59)
        self._meetings: dict[tuple[date, int], uuid.UUID] = {}
        self._meeting_items: dict[date, int] = {}
        self._notification_count = 0
        # Notified people have database-numbered keys; Encompass notices point at them, so the
        # generator numbers them itself (from the next free id) and the writer resets the sequence.
        self._next_notified_id = notified_person_ids_from
        self._school_agencies = [k for k in SCHOOL_KEYS if k in self.refs.agency_ids]
        # Contact references are numbered per year in the order the generator makes them (the
        # front door's own numbering carries on after the highest).
        self._contact_numbers: dict[int, int] = {}

    # ---- time ---------------------------------------------------------------------------------
    def _clamp(self, moment: datetime) -> datetime:
        return min(moment, self.now - timedelta(minutes=5))

    def _working_hours_after(self, moment: datetime, hours: float) -> datetime:
        """The clock module's add_working_hours, with the generator's own calendar (no database)."""
        start, end = TIMESCALES.working_day_start, TIMESCALES.working_day_end
        remaining = timedelta(hours=hours)
        cursor = moment.astimezone(LOCAL)
        day = cursor.date()
        while True:
            if day.weekday() < 5 and day not in self._bank_holidays:
                day_start = datetime.combine(day, start, tzinfo=LOCAL)
                day_end = datetime.combine(day, end, tzinfo=LOCAL)
                cursor = max(cursor, day_start)
                if cursor < day_end:
                    if remaining <= day_end - cursor:
                        return cursor + remaining
                    remaining -= day_end - cursor
            day += timedelta(days=1)
            cursor = datetime.combine(day, time(0, 0), tzinfo=LOCAL)

    def _notified_id(self) -> int:
        self._next_notified_id += 1
        return self._next_notified_id - 1

    def _after_working_days(self, start: date, n: int) -> date:
        """`n` working days after `start`, which never counts itself: the clock module's rule."""
        day = start
        while n > 0:
            day += timedelta(days=1)
            if day.weekday() < 5 and day not in self._bank_holidays:
                n -= 1
        return day

    def _next_working_day(self, day: date) -> date:
        return self._after_working_days(day, 1)

    def _audit(self, when: datetime, username: str, action: str, record, person_id="", purpose: str = "") -> None:
        """The entry for recent work only: older history predates the log a new deployment starts with,
        and every entry goes through the chain one at a time."""
        if when < self.now - timedelta(days=AUDIT_HISTORY_DAYS):
            return
        self._rows.audit.append(AuditSpec(username, action, record._meta.label_lower, str(record.pk),
                                          str(person_id or ""), purpose))

    # ---- the front door ---------------------------------------------------------------------------
    def _front_door_contact(self, *, subjects, carer, received_on: date, decided_on: date | None,
                            fd_outcome: str | None, topic: str, source: str, referral_source: str, concern_index: int,
                            notification: Notification | None = None) -> Contact:
        """The contact behind a CONTACT_RECEIVED event, its subjects, requests and (if made) decision."""
        rng = self.rng
        rows = self._rows
        fd_worker, fd_manager = self._pid("fd.worker"), self._pid("fd.manager")
        received_at = self._clamp(notification.screened_at if notification else local(received_on, rng.randint(8, 16),
                                                                                           rng.randint(0, 59)))
        received_on = received_at.astimezone(LOCAL).date()
        open_contact = fd_outcome is None
        rag = {"strategy_discussion": Rag.RED, "assessment": Rag.AMBER}.get(fd_outcome, Rag.GREEN)
        if open_contact:
            rag = rng.choice((Rag.RED, Rag.AMBER, Rag.AMBER, Rag.GREEN, ""))
        name, role = REFERRERS.get(source, ("A relative of the child", "Family member"))
        referrer_agency = self.refs.agency_ids.get(source) if source in REFERRERS else None
        consent = ConsentStatus.OTHER_LAWFUL_BASIS if source == "police" else rng.choice(
            (ConsentStatus.AGREED, ConsentStatus.AGREED, ConsentStatus.NOT_SOUGHT_RISK))
        year = received_at.astimezone(LOCAL).year
        self._contact_numbers[year] = self._contact_numbers.get(year, 0) + 1
        contact = _new_contact(
            id=self._uuid(), reference=contact_reference(year, self._contact_numbers[year]),
            team_id=self.refs.team_ids["front_door"], received_at=received_at,
            decision_due_on=self._after_working_days(received_on, TIMESCALES.contact_decision_working_days),
            recorded_by_id=fd_worker, recorded_at=received_at + timedelta(minutes=rng.randint(5, 40)),
            referrer_name=name, referrer_role=role, referrer_agency_id=referrer_agency,
            referrer_agency_text="" if referrer_agency else "", referrer_phone="01632 960999",
            referral_source=referral_source, concerns=f"Concern raised: {topic}.",
            categories=[CONCERN_CATEGORIES[concern_index]], consent_status=consent,
            lawful_basis=LawfulBasis.SAFEGUARDING if consent != ConsentStatus.AGREED else "",
            consent_reason="" if consent == ConsentStatus.AGREED else
            "Sharing without consent to safeguard the child: asking could increase the risk.",
            rag=rag, screening_notes="Checked the chronology and previous contacts." if rag else "",
            screened_by_id=fd_worker if rag else None,
            status=ContactStatus.DECIDED if not open_contact else
            (ContactStatus.SCREENING if rag else ContactStatus.NEW),
        )
        rows.contacts.append(contact)
        self._audit(received_at, "fd.worker", AuditAction.CREATE, contact, purpose="recorded a contact")
        people = [(c, SubjectRole.SUBJECT_CHILD) for c in subjects]
        if carer is not None:
            people.append((carer, SubjectRole.PARENT_CARER))
        for person, subject_role in people:
            rows.contact_subjects.append(_new_contact_subject(
                contact_id=contact.id, role=subject_role, given_name=person.given_name,
                family_name=person.family_name, date_of_birth=person.date_of_birth, sex=person.sex,
                person_id=person.id, matched_by_id=fd_worker, matched_at=contact.recorded_at,
            ))
        if rag and rng.random() < (0.6 if open_contact else 0.4):
            self._information_requests(contact, subjects, received_at, decided_on, open_contact)
        if not open_contact:
            decided_at = self._clamp(max(local(decided_on, rng.randint(11, 17), rng.randint(0, 59)),
                                         contact.recorded_at + timedelta(hours=1)))
            decision = _new_decision(
                id=self._uuid(), contact_id=contact.id, outcome=fd_outcome,
                rationale=_RATIONALES[fd_outcome], decided_by_id=fd_manager, decided_at=decided_at,
                within_timescale=decided_at.astimezone(LOCAL).date() <= contact.decision_due_on,
                cumulative_concern=False,
            )
            rows.decisions.append(decision)
            if fd_outcome == Outcome.EARLY_HELP:
                # The referral to early help the decision makes (Annex A list 2). Its id comes from the
                # decision's, not the RNG, so adding it changes no other generated row.
                rows.early_help_referrals.append(_new_early_help(
                    id=uuid.uuid5(decision.id, "early_help"), decision_id=decision.id,
                    referred_to="First point of contact team", created_at=decided_at,
                    accepted_at=decided_at + timedelta(days=2) if decided_at + timedelta(days=2) < self.now else None,
                ))
            for child in subjects:
                self._audit(decided_at, "fd.manager", AuditAction.CREATE, decision, child.id,
                            "recorded a threshold decision")
            if fd_outcome in ("nfa", "early_help", "advice") and subjects and rng.random() < CHALLENGE_CHANCE:
                self._challenge(subjects[0], decision, source, decided_on)
        return contact

    def _information_requests(self, contact: Contact, subjects, received_at: datetime, decided_on: date | None,
                              open_contact: bool) -> None:
        rng = self.rng
        hours = getattr(TIMESCALES, f"information_request_hours_{contact.rag}")
        for team_key, username in rng.sample(REQUEST_TEAMS, rng.randint(1, 2)):
            if team_key not in self.refs.team_ids:
                continue
            requested_at = self._clamp(received_at + timedelta(minutes=rng.randint(30, 120)))
            due_at = self._working_hours_after(requested_at, hours)
            answered_at = None
            if not open_contact:
                # Answered before the decision was made, occasionally late.
                limit = local(decided_on, 10) if decided_on else due_at
                answered_at = min(requested_at + (due_at - requested_at) * rng.uniform(0.2, 1.3), limit)
                answered_at = self._clamp(max(answered_at, requested_at + timedelta(minutes=20)))
            elif rng.random() < 0.3 and requested_at + timedelta(hours=2) < self.now:
                answered_at = self._clamp(requested_at + timedelta(hours=rng.uniform(0.5, 2)))
            request = _new_request(
                id=self._uuid(), contact_id=contact.id, team_id=self.refs.team_ids[team_key],
                question="What do you know about the family, and are you working with them now?",
                requested_by_id=self._pid("fd.worker"), requested_at=requested_at, rag=contact.rag, due_at=due_at,
                status=RequestStatus.ANSWERED if answered_at else RequestStatus.OPEN,
                answer="Known to us; no current concerns recorded beyond those in the contact." if answered_at else "",
                answered_by_id=self._pid(username) if answered_at else None, answered_at=answered_at,
            )
            self._rows.information_requests.append(request)
            self._audit(requested_at, "fd.worker", AuditAction.CREATE, request,
                        purpose="asked a partner agency for information")
            if answered_at is None:
                for child in subjects:
                    self._involve(child, InvolvementKind.INFORMATION_REQUEST, requested_at.date(), team=team_key,
                                  source="frontdoor.informationrequest", source_id=str(request.id))
                self._task(kind="information_request", title=f"Front door information request ({contact.rag.title()})",
                           person=None, due_on=due_at.astimezone(LOCAL).date(), team=team_key,
                           source=("frontdoor.informationrequest", str(request.id)))

    # ---- professional challenge -----------------------------------------------------------------
    def _challenge(self, child, decision: Decision, source: str, decided_on: date) -> None:
        rng = self.rng
        username = CHALLENGERS.get(source)
        if username is None:
            return
        raised_on = self._add_working_days(decided_on, rng.randint(1, 3))
        if raised_on >= self.as_of:
            return
        raised_at = self._clamp(local(raised_on, rng.randint(9, 16)))
        owner = self._pid("fd.manager")
        due = self._after_working_days(raised_on, TIMESCALES.challenge_stage_working_days[0])
        still_open = (self.as_of - raised_on).days <= OPEN_CHALLENGE_WINDOW_DAYS and due >= self.as_of
        closed_at = None if still_open else self._clamp(local(self._add_working_days(raised_on, rng.randint(1, 2)), 15))
        agency_key = next((a.key for a in AGENCIES for t in a.teams
                           if t.key == _practitioner_team(username)), None)
        challenge = _new_challenge(
            id=self._uuid(), person_id=child.id, subject_type="frontdoor.decision", subject_id=str(decision.id),
            raised_by_id=self._pid(username), raised_by_agency_id=self.refs.agency_ids.get(agency_key),
            raised_at=raised_at, concern="We think the threshold was not applied: the concerns are cumulative and "
            "the family has not engaged with early help before.",
            desired_outcome="Reconsider the decision and complete a child and family assessment.",
            stage=Stage.PRACTITIONER, owner_id=owner, stage_due_on=due,
            status=ChallengeStatus.OPEN if still_open else ChallengeStatus.RESOLVED,
            outcome="" if still_open else "Discussed with the referrer: decision reviewed and upheld, with a "
            "follow-up call to the family agreed.",
            closed_at=closed_at,
        )
        self._rows.challenges.append(challenge)
        self._rows.challenge_steps.append(_new_step(
            challenge_id=challenge.id, stage=Stage.PRACTITIONER, owner_id=owner, due_on=due, note=challenge.concern,
            outcome="" if still_open else challenge.outcome, closed_at=closed_at, recorded_at=raised_at,
            automatic=False,
        ))
        self._audit(raised_at, username, AuditAction.CREATE, challenge, child.id, "raised a professional challenge")
        if still_open:
            self._involve(child, InvolvementKind.INFORMATION_REQUEST, raised_on, username=username,
                          source="challenges.professionalchallenge", source_id=str(challenge.id))
            self._task(kind="challenge_response", title="Respond to a professional challenge", person=child,
                       due_on=due, username="fd.manager",
                       source=("challenges.professionalchallenge", str(challenge.id)))

    # ---- police notifications, Encompass and triage -------------------------------------------------
    def _police_notification(self, *, children, adults, incident_at: datetime, kind: str, status: str,
                             dash: str, summary: str) -> Notification:
        rng = self.rng
        rows = self._rows
        received_at = self._clamp(incident_at + timedelta(hours=rng.uniform(1, 8)))
        incident_at = min(incident_at, received_at - timedelta(minutes=30))
        screened_at = None
        if status != ScreeningStatus.WAITING:
            screened_at = self._clamp(received_at + timedelta(hours=rng.uniform(0.5, 20)))
        self._notification_count += 1
        notification = _new_notification(
            id=self._uuid(), source_reference=f"WP/{incident_at.year}/{self._notification_count:07d}",
            kind=kind, incident_at=incident_at, received_at=received_at, summary=summary, dash_risk=dash,
            recorded_at=min(incident_at + timedelta(minutes=rng.randint(10, 90)), received_at),
            imported_by_id=self._pid("police.ppu"), screening_status=status,
            screened_by_id=self._pid("police.ppu") if screened_at else None, screened_at=screened_at,
            screening_reason="" if status != ScreeningStatus.NO_REFERRAL else
            "Standard risk; the family is supported by universal services. Encompass notice sent to the school.",
            contact_id=None,
        )
        rows.notifications.append(notification)
        self._audit(received_at, "police.ppu", AuditAction.CREATE, notification,
                    purpose="imported a police notification")
        school = rng.choice(self._school_agencies) if self._school_agencies else None
        for adult in adults:
            rows.notified_people.append(_new_notified(
                id=self._notified_id(), notification_id=notification.id, role=NotifiedPersonRole.ADULT,
                given_name=adult.given_name,
                family_name=adult.family_name, date_of_birth=adult.date_of_birth, sex=adult.sex, present=True,
                normally_resides=True, school_text="", school_id=None,
            ))
        for child in children:
            if child.date_of_birth is None:
                continue
            age = _age(child.date_of_birth, incident_at.date())
            at_school = 4 <= age < 17 and school is not None
            person = _new_notified(
                id=self._notified_id(), notification_id=notification.id, role=NotifiedPersonRole.CHILD,
                given_name=child.given_name,
                family_name=child.family_name, date_of_birth=child.date_of_birth, sex=child.sex,
                present=rng.random() < 0.7, normally_resides=True,
                school_text=_school_name(school) if at_school else "",
                school_id=self.refs.agency_ids[school] if at_school else None,
            )
            rows.notified_people.append(person)
            if kind == NotificationKind.DOMESTIC_ABUSE_INCIDENT and at_school:
                self._encompass(notification, person, school, incident_at, received_at)
        if kind == NotificationKind.DOMESTIC_ABUSE_INCIDENT:
            self._triage_item(notification, received_at, status)
        return notification

    def _encompass(self, notification: Notification, child: NotifiedPerson, school: str, incident_at: datetime,
                   received_at: datetime) -> None:
        rng = self.rng
        due = local(self._next_working_day(incident_at.astimezone(LOCAL).date()), TIMESCALES.working_day_start.hour)
        sent_at = self._clamp(received_at + timedelta(minutes=rng.randint(2, 30)))
        acknowledged_at = None
        roll = rng.random()
        if roll < 0.9:  # most schools acknowledge before the school day starts
            acknowledged_at = sent_at + (due - sent_at) * rng.uniform(0.3, 0.98)
        elif roll < 0.97:  # some late
            acknowledged_at = due + timedelta(hours=rng.uniform(0.5, 6))
        if acknowledged_at is not None and acknowledged_at >= self.now:
            acknowledged_at = None  # not yet
        dsl = SCHOOL_DSL_USERNAME.get(school)
        notice = _new_notice(
            id=self._uuid(), notification_id=notification.id, child_id=child.id,
            school_id=self.refs.agency_ids[school], due_at=due, sent_at=sent_at, acknowledged_at=acknowledged_at,
            acknowledged_by_id=self._pid(dsl) if dsl and acknowledged_at else None,
        )
        self._rows.encompass_notices.append(notice)
        if acknowledged_at is None and due > self.now - timedelta(days=7):
            team = f"{school}_dsl"
            if team in self.refs.team_ids:
                self._task(kind="operation_encompass",
                           title="Operation Encompass: a pupil was affected by a domestic abuse incident",
                           person=None, due_on=due.date(), team=team,
                           source=("frontdoor.encompassnotice", str(notice.id)))

    def _triage_item(self, notification: Notification, received_at: datetime, status: str) -> None:
        """On the agenda of the next working day's meeting once it has been held; waiting before that."""
        rng = self.rng
        meeting_day = self._next_working_day(received_at.astimezone(LOCAL).date())
        meeting_id = None
        outcome = ""
        if meeting_day < self.as_of:
            meeting_id = self._meeting(meeting_day)
            outcome = (TriageOutcome.REFER_FRONT_DOOR if status == ScreeningStatus.REFERRED else
                       rng.choice((TriageOutcome.NO_FURTHER_ACTION, TriageOutcome.SINGLE_AGENCY,
                                   TriageOutcome.EARLY_HELP, TriageOutcome.SINGLE_AGENCY)))
            if notification.dash_risk == DashRisk.HIGH:
                outcome = TriageOutcome.MARAC
        self._rows.triage_items.append(_new_triage_item(
            id=self._uuid(), notification_id=notification.id, contact_id=None, meeting_id=meeting_id,
            created_at=received_at, outcome=outcome,
            rationale="Agreed at the daily triage meeting with police, health and children's social care."
            if outcome else "", decided_by_id=self._pid("fd.manager") if outcome else None,
        ))

    def _meeting(self, day: date) -> uuid.UUID:
        """The day's meeting with room on its agenda: a county holds as many meetings a day as its
        workload needs (one per locality team), each with a believable agenda, rather than one meeting
        whose agenda grows with the county."""
        count = self._meeting_items[day] = self._meeting_items.get(day, 0) + 1
        sitting = (count - 1) // TRIAGE_CASES_PER_MEETING
        meeting_id = self._meetings.get((day, sitting))
        if meeting_id is None:
            # The first meeting of a day draws its key from the main stream as it always did, so a
            # county small enough for one meeting a day seeds the same rows as before.
            meeting_id = self._uuid() if sitting == 0 else self._triage_rng.uuid4()
            self._meetings[(day, sitting)] = meeting_id
            opens = local(day, 10) + timedelta(minutes=30 * (sitting % 12))
            self._rows.triage_meetings.append(_new_meeting(
                id=meeting_id, held_on=day, opened_by_id=self._pid("fd.manager"), opened_at=opens,
                minutes="Daily domestic abuse triage: police, health, education and children's social care attended.",
                closed_at=opens + timedelta(minutes=90),
            ))
        return meeting_id

    def _family_police_work(self, children, adults) -> None:
        """Domestic abuse incidents the police notify about families with no social care episode, and
        the screening backlog: notifications received in the last day, waiting for a police decision."""
        rng = self.rng
        if not children:
            return
        if rng.random() < DA_NOTIFICATION_CHANCE:
            day = self._between(self.history_start, self.as_of - timedelta(days=2))
            incident_at = local(day, rng.randint(17, 23), rng.randint(0, 59))
            dash = rng.choices((DashRisk.STANDARD, DashRisk.MEDIUM, DashRisk.HIGH), weights=(80, 17, 3))[0]
            self._police_notification(children=children, adults=adults, incident_at=incident_at,
                                      kind=NotificationKind.DOMESTIC_ABUSE_INCIDENT,
                                      status=ScreeningStatus.NO_REFERRAL, dash=dash,
                                      summary="Verbal argument between adults reported by a neighbour; children in "
                                      "the home; no injuries.")
        if rng.random() < BACKLOG_CHANCE:
            incident_at = self.now - timedelta(hours=rng.uniform(3, 30))
            kind = rng.choice((NotificationKind.DOMESTIC_ABUSE_INCIDENT, NotificationKind.DOMESTIC_ABUSE_INCIDENT,
                               NotificationKind.PUBLIC_PROTECTION_NOTICE))
            self._police_notification(children=children, adults=adults, incident_at=incident_at, kind=kind,
                                      status=ScreeningStatus.WAITING,
                                      dash=DashRisk.STANDARD if kind == NotificationKind.DOMESTIC_ABUSE_INCIDENT
                                      else "", summary="Incident attended overnight; children present.")

    # ---- child protection plans: core groups and visits ---------------------------------------------
    def _plan_work(self, plan, child, worker: str, ends: date | None) -> date | None:
        """Core groups every six weeks and statutory visits every ten working days while the plan runs.
        Returns the last visit (the statutory visit clock runs from it)."""
        rng = self.rng
        until = ends or self.as_of - timedelta(days=1)
        held = self._add_working_days(plan.started_on, rng.randint(6, TIMESCALES.first_core_group_working_days))
        while held <= until:
            self._rows.core_groups.append(_new_core_group(
                id=self._uuid(), plan_id=plan.id, held_on=held,
                notes="Core group reviewed progress against the plan's outcomes.",
            ))
            held = self._add_working_days(held + timedelta(weeks=TIMESCALES.core_group_interval_weeks)
                                          - timedelta(days=rng.randint(0, 6)), 0)
        if ends is not None:
            return None
        last = None
        visited = self._add_working_days(plan.started_on, rng.randint(2, 8))
        while visited <= until:
            last = visited
            self._rows.visits.append(_new_visit(plan_id=plan.id, visited_on=visited, seen_alone=rng.random() < 0.6,
                                                visitor_id=self._pid(worker)))
            visited = self._add_working_days(visited, rng.randint(6, TIMESCALES.statutory_visit_working_days))
        return last

    def _review_due(self, started: date, reviews: list[date]) -> date:
        if reviews:
            return reviews[-1] + relativedelta(months=TIMESCALES.later_review_months)
        return started + relativedelta(months=TIMESCALES.first_review_months)


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _school_name(key: str) -> str:
    return next(a.name for a in AGENCIES if a.key == key)


def _practitioner_team(username: str) -> str:
    from safeguard.demo.partnership import practitioner_spec

    return practitioner_spec(username).team_key


_RATIONALES = {
    "nfa": "No further action: the concern was one-off and the family has support in place.",
    "advice": "Advice given to the referrer.",
    "early_help": "Below the threshold for statutory services; the family agreed to early help.",
    "assessment": "The child may be in need: a child and family assessment will tell us what support is needed.",
    "strategy_discussion": "Reasonable cause to suspect significant harm: strategy discussion convened.",
}
assert set(_RATIONALES) <= set(Outcome.values)


_new_contact = instance_factory(Contact)
_new_contact_subject = instance_factory(ContactSubject)
_new_decision = instance_factory(Decision)
_new_early_help = instance_factory(EarlyHelpReferral)
_new_request = instance_factory(InformationRequest)
_new_challenge = instance_factory(ProfessionalChallenge)
_new_step = instance_factory(ChallengeStep)
_new_notification = instance_factory(Notification)
_new_notified = instance_factory(NotifiedPerson)
_new_notice = instance_factory(EncompassNotice)
_new_triage_item = instance_factory(TriageItem)
_new_meeting = instance_factory(TriageMeeting)
_new_core_group = instance_factory(CoreGroup)
_new_visit = instance_factory(StatutoryVisit)
