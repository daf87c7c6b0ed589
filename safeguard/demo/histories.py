"""Case histories for the demo generator: the pathway each family has been through (contacts,
decisions, strategy discussions, section 47 enquiries, conferences, plans, care and open cases),
as unsaved rows. A mixin of FamilyGenerator, which supplies the random source and the row lists."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from safeguard.access.models import InvolvementKind
from safeguard.cin.codes import ClosureReason
from safeguard.core.models import EventType
from safeguard.demo.days import ADULT_AGE, age_on, aware, years_before
from safeguard.demo.factory import instance_factory
from safeguard.demo.workload import TIMESCALES, local
from safeguard.frontdoor.codes import DashRisk, NotificationKind, Outcome, ReferralSource, ScreeningStatus
from safeguard.protection.models import (
    Allocation,
    CategoryOfAbuse,
    Conference,
    ConsideredDecision,
    DiscussionChild,
    DiscussionStatus,
    LegalStatus,
    LookedAfterEpisode,
    Plan,
    PlanStatus,
    Section47Decision,
    Section47Enquiry,
    StrategyDiscussion,
)

CONCERNS = (
    ("domestic abuse incident at home", "police", "6", "EMO"),
    ("neglect: home conditions and missed health appointments", "school_lowbridge", "2A", "NEG"),
    ("unexplained bruising", "trust", "3E", "PHY"),
    ("parental mental health", "gp_wrekin", "3A", "EMO"),
    ("parental substance misuse", "police", "6", "NEG"),
    ("child's disclosure of sexual abuse", "school_high", "2A", "SAB"),
    ("concerns about a new-born baby's care", "trust", "3B", "NEG"),
    ("child going missing from home", "police", "6", "MUL"),
    ("concerns raised by a relative", "csc", "1A", "NEG"),
    ("anonymous concern about supervision", "csc", "9", "NEG"),
)
CONCERN_WEIGHTS = (22, 18, 10, 10, 8, 6, 6, 6, 8, 6)

# Outcome of a family's latest episode with children's social care.
OUTCOMES = (
    "nfa",  # no further action at the front door
    "early_help",  # advice or signposting to early help
    "assessment_closed",  # assessment done, no further social work
    "cin",  # child in need plan, open
    "cp_ended",  # child protection plan, since ended
    "cp_active",  # child protection plan, open
    "assessment_open",  # assessment under way
    "open_contact",  # contact awaiting a front door decision
)
OUTCOME_WEIGHTS = (25, 20, 18, 10, 10, 8, 5, 4)
OPEN_OUTCOMES = frozenset({"cin", "cp_active", "assessment_open"})
ALLOCATION_REASONS = {
    "cin": "Allocated for the child in need plan",
    "cp_active": "Allocated as lead social worker for the child protection plan",
    "assessment_open": "Allocated for the child and family assessment",
}

_new_discussion = instance_factory(StrategyDiscussion)
_new_discussion_child = instance_factory(DiscussionChild)
_new_enquiry = instance_factory(Section47Enquiry)
_new_conference = instance_factory(Conference)
_new_plan = instance_factory(Plan)
_new_allocation = instance_factory(Allocation)
_new_looked_after = instance_factory(LookedAfterEpisode)

#: A chronology says who raised a concern in words ("Police"), never its census code ("6").
_SOURCE_LABELS = dict(ReferralSource.choices)


class CaseHistoryMixin:
    """The case history of one family (see FamilyGenerator.family)."""

    def _history(self, children, members, mother, father, partner, ex_partner, locality, forced) -> None:
        rng = self.rng
        A = self.as_of
        subjects = [c for c in children if c.date_of_birth is None or c.date_of_birth < A - timedelta(days=3)]
        if not subjects:
            return False
        wants_open = self._wants("sw.locality1") or self._wants("sw.locality2")
        if forced:
            outcome = forced[0]
        else:
            known = 0.6 if (wants_open or self._wants("front_door")) else 0.3
            if rng.random() >= known:
                return False
            weights = list(OUTCOME_WEIGHTS)
            if wants_open:
                weights[3] += 10
                weights[5] += 10
                weights[6] += 8
            if self._wants("front_door"):
                weights[7] += 20
            outcome = rng.choices(OUTCOMES, weights=weights)[0]
        concern = rng.choices(range(len(CONCERNS)), weights=CONCERN_WEIGHTS)[0]
        if "new-born" in CONCERNS[concern][0] and not any(
            c.date_of_birth is None or c.date_of_birth > A - timedelta(days=700) for c in subjects
        ):
            concern = 1
        topic, source, referral_source, category = CONCERNS[concern]
        team = f"locality{locality}"
        worker = f"sw.locality{locality}"
        for child in subjects:
            self._local_id(child)

        # An earlier, lighter episode for some families: repeat contacts show on the chronology.
        if rng.random() < 0.35:
            earlier = self._between(self.history_start, A - timedelta(days=400))
            earlier_concern = rng.choices(range(len(CONCERNS)), weights=CONCERN_WEIGHTS)[0]
            earlier_topic, earlier_source, earlier_code, _ = CONCERNS[earlier_concern]
            decided = self._add_working_days(earlier, rng.choice((0, 1)))
            earlier_subjects = [c for c in subjects if c.date_of_birth and c.date_of_birth <= earlier]
            for child in earlier_subjects:
                self._event(child, EventType.CONTACT_RECEIVED, earlier, earlier_source,
                            f"Contact received: {earlier_topic}", "fd.worker")
                self._event(child, EventType.DECISION_MADE, decided, "csc",
                            "Decision: advice given and family signposted to early help", "fd.worker")
            if earlier_subjects:
                self._front_door_contact(subjects=earlier_subjects, carer=mother, received_on=earlier,
                                         decided_on=decided, fd_outcome=Outcome.EARLY_HELP, topic=earlier_topic,
                                         source=earlier_source, referral_source=earlier_code,
                                         concern_index=earlier_concern)

        # When the latest episode began, working back from where it has got to.
        if outcome == "open_contact":
            contact = A - timedelta(days=rng.randint(0, 2))
        elif outcome == "assessment_open":
            contact = A - timedelta(days=rng.randint(5, 55))
        elif outcome == "cp_active":
            contact = A - timedelta(days=rng.randint(30, 700))
        elif outcome == "cp_ended":
            contact = self._between(self.history_start, A - timedelta(days=300))
        else:
            contact = self._between(self.history_start, A - timedelta(days=20))
        contact = min(contact, A)
        if any(c.date_of_birth and c.date_of_birth > contact for c in subjects):
            contact = max(c.date_of_birth for c in subjects if c.date_of_birth) + timedelta(days=2)
            contact = min(contact, A)
        # A pregnancy is known of for at most 40 weeks before the birth: an unborn child is no subject
        # of a contact made before then (the DfE rejects such a referral: CIN rule 8606).
        subjects = [c for c in subjects if c.date_of_birth is not None or c.expected_birth_date is None
                    or c.expected_birth_date - timedelta(weeks=40) <= contact]
        if not subjects:
            return False
        decided = min(self._add_working_days(contact, rng.choice((0, 1))), A)

        police_da = source == "police" and "domestic" in topic
        notification = None
        if police_da and contact > self.history_start:
            # The police notification the contact came from, screened and referred.
            incident = local(contact - timedelta(days=1), rng.randint(18, 23), rng.randint(0, 59))
            notification = self._police_notification(
                children=[c for c in subjects if c.date_of_birth], incident_at=incident,
                adults=[a for a in (mother, partner or ex_partner or father) if a is not None],
                kind=NotificationKind.DOMESTIC_ABUSE_INCIDENT, status=ScreeningStatus.REFERRED,
                dash=rng.choice((DashRisk.MEDIUM, DashRisk.HIGH)), summary=f"{topic.capitalize()}.")
        if police_da:
            for adult in (mother, partner or ex_partner or father):
                if adult is not None:
                    self._event(adult, EventType.DOMESTIC_ABUSE_INCIDENT, contact, "police",
                                "Domestic abuse incident attended by police; children present", "police.ppu")
            perpetrator = partner or ex_partner or father
            if perpetrator is not None:
                self._pnc(perpetrator)
                if rng.random() < 0.4:
                    bail = min(contact + timedelta(days=rng.randint(20, 90)), A)
                    self._event(perpetrator, EventType.BAIL_CHANGED, bail, "police",
                                "Pre-charge bail conditions varied", "police.ppu")
                if self._take("probation"):
                    self._involve(perpetrator, InvolvementKind.SUPERVISING, contact, username="probation")
                if self._take("police.ppu"):
                    self._involve(perpetrator, InvolvementKind.SUPERVISING, contact, username="police.ppu")
                    if mother is not None:
                        self._involve(mother, InvolvementKind.SUPERVISING, contact, username="police.ppu")

        for child in subjects:
            self._event(child, EventType.CONTACT_RECEIVED, contact, source,
                        f"Contact received ({_SOURCE_LABELS[referral_source]}): {topic}", "fd.worker")
            if category == "SAB" and child.date_of_birth:
                self._event(child, EventType.DISCLOSURE, contact, source, "Disclosure made to a trusted adult")
                if self._take("specialist"):
                    self._involve(child, InvolvementKind.SUPERVISING, contact, username="specialist")

        if outcome == "open_contact":
            open_contact = self._front_door_contact(
                subjects=subjects, carer=mother, received_on=contact, decided_on=None, fd_outcome=None, topic=topic,
                source=source, referral_source=referral_source, concern_index=concern, notification=notification)
            for child in subjects:
                self._take("front_door")
                self._involve(child, InvolvementKind.FRONT_DOOR_CONTACT, contact, team="front_door",
                              source="demo.contact")
            # One decision task per open contact, on the front door team's queue, as the service raises it:
            # every open contact has an owner and its task leads to the contact.
            self._task(kind="contact_decision", title="Make a threshold decision on the contact",
                       person=subjects[0], due_on=open_contact.decision_due_on, team="front_door",
                       source=("frontdoor.contact", str(open_contact.id)),
                       key=f"contact_decision|frontdoor.contact:{open_contact.id}")
            return True

        decision_text = {
            "nfa": "Decision: no further action",
            "early_help": "Decision: advice given and family signposted to early help",
        }.get(outcome, "Decision: child and family assessment (section 17)")
        child_protection = outcome in ("cp_active", "cp_ended") or (outcome == "cin" and rng.random() < 0.3)
        if child_protection:
            decision_text = "Decision: strategy discussion needed (reasonable cause to suspect significant harm)"
        for child in subjects:
            self._event(child, EventType.DECISION_MADE, decided, "csc", decision_text, "fd.manager")
        fd_outcome = {"nfa": Outcome.NO_FURTHER_ACTION, "early_help": Outcome.EARLY_HELP}.get(outcome,
                                                                                               Outcome.ASSESSMENT)
        if child_protection:
            fd_outcome = Outcome.STRATEGY_DISCUSSION
        contact_row = self._front_door_contact(
            subjects=subjects, carer=mother, received_on=contact, decided_on=decided, fd_outcome=fd_outcome,
            topic=topic, source=source, referral_source=referral_source, concern_index=concern,
            notification=notification)
        if notification is not None:
            notification.contact_id = contact_row.id
        if outcome in ("nfa", "early_help"):
            return True
        decision_row = self._rows.decisions[-1]
        episodes = self._cin_episodes(subjects, contact_row=contact_row, decision=decision_row, team=team)
        self._open_assessments = {}

        open_since = decided
        if child_protection:
            strategy = min(self._add_working_days(decided, rng.choice((0, 1))), A)
            icpc = min(self._add_working_days(strategy, rng.randint(8, 15)), A)
            for child in subjects:
                self._event(child, EventType.STRATEGY_DISCUSSION, strategy, "csc",
                            "Strategy discussion held with police and health", worker)
                self._event(child, EventType.SECTION_47, strategy, "csc",
                            "Section 47 enquiry started (joint with police)" if source == "police"
                            else "Section 47 enquiry started (single agency)", worker)
            enquiries = self._strategy_discussion(subjects, strategy, topic, source, category, worker)
            # The child and family assessment runs alongside the enquiry.
            assessed = min(self._add_working_days(strategy, self._cin_rng.randint(10, 40)), A)
            for child in subjects:
                self._cin_assessment(child, episodes[child.id], started=strategy, done=assessed, concern=concern,
                                     needs_support=True, decision=decision_row)
            if outcome == "cin":
                for child in subjects:
                    self._event(child, EventType.OTHER, icpc, "csc",
                                "Section 47 enquiry concluded: concerns not substantiated; child in need plan", worker)
                for enquiry in enquiries:
                    enquiry.concerns_substantiated = ConsideredDecision.NO
                    enquiry.icpc_needed = ConsideredDecision.NO
                    enquiry.outcome = Section47Enquiry.Outcome.CIN
                    enquiry.outcome_reason = ("Concerns not substantiated; the family agreed to support under a "
                                              "child in need plan.")
                    enquiry.concluded_on = icpc
                for child in subjects:
                    self._cin_plan(child, episodes[child.id], starts=icpc, ends=None)
            else:
                ends = self._plan(subjects, icpc, category, outcome == "cp_active", worker, enquiries)
                if ends is not None:  # stepped down to a child in need plan, which has since ended
                    closed = max(min(ends + timedelta(days=self._cin_rng.randint(40, 200)), A - timedelta(days=1)),
                                 ends, assessed)
                    reason = self._later_closure()
                    for child in subjects:
                        self._cin_plan(child, episodes[child.id], starts=ends, ends=closed)
                        self._cin_close(episodes[child.id], on=closed, reason=reason)
                elif outcome == "cp_ended":
                    outcome = "cp_active"  # the plan is still running: the case is open and held
            open_since = strategy
        else:
            started = min(self._add_working_days(decided, rng.randint(0, 3)), A)
            for child in subjects:
                self._event(child, EventType.ASSESSMENT_STARTED, started, "csc",
                            "Child and family assessment started", worker)
            if outcome != "assessment_open":
                done = min(self._add_working_days(started, rng.randint(15, 45)), A)
                text = ("Assessment completed: child in need plan" if outcome == "cin"
                        else "Assessment completed: no further action (RC8)")
                for child in subjects:
                    self._event(child, EventType.OTHER, done, "csc", text, worker)
            else:
                open_since = started
                done = None
            reason = (ClosureReason.NFA_AFTER_ASSESSMENT if self._cin_rng.random() < 0.75
                      else ClosureReason.EARLY_HELP_AFTER_ASSESSMENT)
            for child in subjects:
                episode = episodes[child.id]
                assessment = self._cin_assessment(child, episode, started=started, done=done, concern=concern,
                                                  needs_support=outcome == "cin", decision=decision_row)
                if outcome == "cin":
                    self._cin_plan(child, episode, starts=done, ends=None)
                elif outcome == "assessment_closed":
                    self._cin_close(episode, on=done, reason=reason)
                else:
                    self._open_assessments[child.id] = assessment

        if outcome not in OPEN_OUTCOMES:
            self._care_leavers(subjects, open_since, worker)
        if outcome in OPEN_OUTCOMES:
            self._open_case(subjects, outcome, open_since, team, worker)
        return True

    def _family_events(self, children, members, partner) -> None:
        """Changes in a known family's make-up during the history window."""
        born = [c for c in children if c.date_of_birth is not None]
        for baby in born:
            if baby.date_of_birth >= self.history_start:
                for other in born:
                    if other is not baby and other.date_of_birth < baby.date_of_birth:
                        self._event(other, EventType.NEW_BIRTH, baby.date_of_birth, "trust",
                                    "New baby born into the family", "midwife")
        if partner is not None:
            moved_in = next((m.moved_in for m in members if m.person is partner), None)
            if moved_in is not None and moved_in >= self.history_start:
                for child in born:
                    if child.date_of_birth < moved_in:
                        self._event(child, EventType.ADULT_JOINED_HOUSEHOLD, moved_in, None,
                                    "Mother's new partner moved into the household")

    def _strategy_discussion(self, subjects, held_on: date, topic: str, source: str, category: str,
                             worker: str) -> list[Section47Enquiry]:
        """The held strategy discussion for the subject children and a section 47 enquiry for each."""
        rows = self._rows
        joint = source == "police"
        kind = Section47Decision.JOINT if joint else Section47Decision.SINGLE_AGENCY
        sexual = category == "SAB"
        physical = category in ("PHY", "MUL")
        yes, no = ConsideredDecision.YES, ConsideredDecision.NO
        discussion = _new_discussion(
            id=self._uuid(),
            status=DiscussionStatus.HELD,
            reason=f"Contact received: {topic}. Reasonable cause to suspect significant harm.",
            sexual_abuse_suspected=sexual,
            proposed_by_id=self._pid("fd.manager"),
            convenor_id=self._pid(worker),
            source_type="demo.seed",
            held_on=held_on,
            information_shared=("Children's social care, police and health shared their records of the family; "
                                "the school reported on attendance and presentation."),
            section_47=kind,
            section_47_reason=("Threshold for significant harm met; joint enquiry with police as a crime may "
                               "have been committed." if joint else
                               "Threshold for significant harm met; single agency enquiry by children's social care."),
            abe_interview_planned=yes if sexual else no,
            abe_police_investigator="DC Craig Holmes, public protection unit" if sexual else "",
            abe_social_worker_role="Co-interviewer and support for the child" if sexual else "",
            medical_examination=yes if sexual or physical else no,
            medical_examination_reason=("Child protection medical to be arranged with the paediatric team"
                                        if sexual or physical else "No injury or health concern reported"),
            psas_referral=yes if sexual else no,
            psas_referral_reason=("Referral to the paediatric sexual assault service" if sexual
                                  else "No sexual abuse suspected"),
        )
        rows.discussions.append(discussion)
        enquiries = []
        for child in subjects:
            rows.discussion_children.append(_new_discussion_child(discussion_id=discussion.id, child_id=child.id))
            enquiries.append(_new_enquiry(id=self._uuid(), child_id=child.id, discussion_id=discussion.id,
                                          kind=kind, started_on=held_on))
        rows.enquiries.extend(enquiries)
        return enquiries

    def _plan(self, subjects, icpc: date, category: str, active: bool, worker: str,
              enquiries: list[Section47Enquiry]) -> date | None:
        rng = self.rng
        A = self.as_of
        category_text = {"NEG": "neglect", "PHY": "physical abuse", "EMO": "emotional abuse",
                         "SAB": "sexual abuse", "MUL": "multiple categories"}[category]
        reviews = []
        review = icpc + timedelta(days=rng.randint(80, 91))
        while review < A - timedelta(days=1):
            reviews.append(self._working_day_on_or_after(review))
            review = reviews[-1] + timedelta(days=rng.randint(150, 182))
        ends = None
        if not active:
            keep = max(1, min(len(reviews), rng.randint(1, 3)))
            reviews = reviews[:keep]
            ends = reviews[-1] if reviews else max(icpc, min(icpc + timedelta(days=120), A - timedelta(days=1)))
            if ends <= icpc:  # conference held in the last days: no time yet for the plan to end (rule 8840)
                ends = None
        for child in subjects:
            self._event(child, EventType.CONFERENCE_HELD, icpc, "csc", "Initial child protection conference held",
                        "chair")
            self._event(child, EventType.PLAN_STARTED, icpc, "csc",
                        f"Child protection plan started: category {category} ({category_text})", "chair")
            for day in reviews:
                if day <= A:
                    self._event(child, EventType.CONFERENCE_HELD, day, "csc",
                                "Review child protection conference held", "chair")
            if ends is not None:
                self._event(child, EventType.PLAN_ENDED, ends, "csc",
                            "Child protection plan ended: stepped down to a child in need plan", "chair")
            if active and self._take("chair"):
                self._involve(child, InvolvementKind.MEETING_INVITEE, icpc, username="chair",
                              source="demo.conference")
        self._plan_records(subjects, icpc, category, reviews, ends, enquiries, worker)
        return ends

    def _plan_records(self, subjects, icpc: date, category: str, reviews: list[date], ends: date | None,
                      enquiries: list[Section47Enquiry], worker: str) -> None:
        """The initial conference, the plan and its review conferences, matching the chronology."""
        rows = self._rows
        A = self.as_of
        chair = self._pid("chair")
        intra_familial = True if category == CategoryOfAbuse.SAB else None
        for child, enquiry in zip(subjects, enquiries, strict=True):
            enquiry.outcome = Section47Enquiry.Outcome.ICPC
            enquiry.concerns_substantiated = ConsideredDecision.YES
            enquiry.icpc_needed = ConsideredDecision.YES
            enquiry.outcome_reason = "Concerns substantiated; initial child protection conference convened."
            enquiry.concluded_on = icpc
            conference = _new_conference(
                id=self._uuid(), kind=Conference.Kind.INITIAL, child_id=child.id, enquiry_id=enquiry.id,
                chair_id=chair, due_on=max(self._add_working_days(enquiry.started_on, 15), icpc),
                scheduled_for=icpc, held_on=icpc,
                reports_received="Social work assessment; reports from police, health and school.",
                child_views="Shared through the social worker's direct work with the child.",
                child_views_how_sought="Direct work at home and at school before the conference.",
                parents_views="Parents attended and said they would work with the plan.",
                decision=Conference.Decision.PLAN, category=category, sexual_abuse_intra_familial=intra_familial,
                created_by_id=chair,
            )
            rows.conferences.append(conference)
            plan = _new_plan(
                id=self._uuid(), child_id=child.id, conference_id=conference.id,
                status=PlanStatus.ENDED if ends is not None else PlanStatus.ACTIVE, started_on=icpc,
                category=category, sexual_abuse_intra_familial=intra_familial, chair_id=chair,
                finalised_at=aware(icpc, 17), ended_on=ends,
            )
            rows.plans.append(plan)
            self._last_visit[child.id] = self._plan_work(plan, child, worker, ends)
            self._looked_after(child, icpc, ends, worker)
            for day in reviews:
                if day > A:
                    continue
                last = ends is not None and day == ends
                rows.review_conferences.append(_new_conference(
                    id=self._uuid(), kind=Conference.Kind.REVIEW, child_id=child.id, plan_id=plan.id,
                    chair_id=chair, due_on=day, scheduled_for=day, held_on=day,
                    reports_received="Social work report; core group progress report.",
                    parents_views="Parents attended the review.",
                    decision=Conference.Decision.NO_PLAN if last else Conference.Decision.PLAN,
                    category="" if last else category, created_by_id=chair,
                ))

    def _looked_after(self, child, icpc: date, ends: date | None, worker: str) -> None:
        """About one child on a plan in ten (teenagers one in three) is looked after at some point
        (Annex A lists 8 and 9).
        Chosen and dated from the child's id, never the RNG, so no other generated row changes: a
        night under police protection during an open plan, or care when an ended plan stepped up
        (open, or ended when they went home or, at 18, on to independent living as a care leaver)."""
        A = self.as_of
        pick = child.id.int
        if child.date_of_birth is None:
            return
        # Teenagers more often: care ending at 18 gives the demo its care leavers.
        if pick % (3 if age_on(child.date_of_birth, icpc) >= 14 else 10):
            return
        recorded_by = self._pid(worker)
        if ends is None:
            start = min(icpc + timedelta(days=pick % 90), A - timedelta(days=3))
            if start > icpc:
                self._rows.looked_after.append(_new_looked_after(
                    id=uuid.uuid5(child.id, "looked_after"), child_id=child.id, legal_status=LegalStatus.L1,
                    started_on=start, ended_on=start + timedelta(days=1 + pick % 2),
                    end_reason="Returned home from police protection", recorded_by_id=recorded_by,
                ))
            return
        if ends >= A:
            return
        eighteen = years_before(child.date_of_birth, -ADULT_AGE)
        if eighteen <= ends:
            return
        status = (LegalStatus.C2, LegalStatus.C1, LegalStatus.V2)[(pick >> 8) % 3]
        ended_on, reason = None, ""
        if eighteen <= A:
            ended_on, reason = eighteen, "Moved to independent living (care leaver)"
        elif status == LegalStatus.V2 and ends + timedelta(days=120) < A:
            ended_on, reason = ends + timedelta(days=120), "Returned home to live with parents"
        self._rows.looked_after.append(_new_looked_after(
            id=uuid.uuid5(child.id, "looked_after"), child_id=child.id, legal_status=status, started_on=ends,
            ended_on=ended_on, end_reason=reason, recorded_by_id=recorded_by,
        ))

    def _care_leavers(self, subjects, since: date, worker: str) -> None:
        """Teenagers whose case closed: about two in three came into care (after the case, from their
        14th birthday at the earliest) and left it after their 16th (a care leaver on Annex A list 9:
        "relevant" at 16 or 17, "former relevant" from 18). Chosen from the child's id, never the RNG."""
        A = self.as_of
        for child in subjects:
            born = child.date_of_birth
            if born is None or child.id.int % 3 == 2 or any(e.child_id == child.id for e in self._rows.looked_after):
                continue
            start = max(since, years_before(born, -14)) + timedelta(days=30)
            ended = max(start + timedelta(days=120), years_before(born, -16) + timedelta(days=30))
            if ended >= A or ended >= years_before(born, -ADULT_AGE):
                continue
            self._rows.looked_after.append(_new_looked_after(
                id=uuid.uuid5(child.id, "looked_after"), child_id=child.id, legal_status=LegalStatus.V2,
                started_on=start, ended_on=ended, end_reason="Returned to live with family, with leaving care support",
                recorded_by_id=self._pid(worker),
            ))

    def _open_case(self, subjects, outcome: str, since: date, team: str, worker: str) -> None:
        rng = self.rng
        A = self.as_of
        for child in subjects:
            self._involve(child, InvolvementKind.TEAM_EPISODE, since, team=team, source="demo.episode")
            assessment = self._open_assessments.get(child.id)
            if not self._take(worker):
                if assessment is not None:  # waits in the team's queue, as the service raises it
                    self._assessment_task(child, assessment, team=team)
                continue
            self._involve(child, InvolvementKind.ALLOCATED_WORKER, since, username=worker, source="demo.episode")
            self._rows.allocations.append(_new_allocation(
                child_id=child.id, worker_id=self._pid(worker), starts_on=min(since, A - timedelta(days=1)),
                reason=ALLOCATION_REASONS[outcome], recorded_by_id=self._pid("sw.manager"),
            ))
            if assessment is not None:
                self._assessment_task(child, assessment, username=worker)
            elif worker == "sw.locality1" and self._take("tasks.sw.locality1"):
                if outcome == "cp_active":
                    # Due when the statutory visit clock says: ten working days after the last visit.
                    last_visit = self._last_visit.get(child.id) or since
                    kind, title, due = "statutory_visit", "Statutory visit to child on a plan", \
                        self._add_working_days(last_visit, TIMESCALES.statutory_visit_working_days)
                else:
                    kind, title, due = "cin_review", "Child in need plan review", \
                        A + timedelta(days=rng.randint(-5, 30))
                self._task(kind=kind, title=title, person=child, due_on=due, username=worker)
            if self._take("health.safeguarding"):
                self._involve(child, InvolvementKind.INFORMATION_REQUEST, since, username="health.safeguarding",
                              source="demo.information_request")

    # ---- involvement of universal and specialist services -------------------------------------
