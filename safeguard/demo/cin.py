"""The children in need records behind a demo family's history: the episode opened by the front
door's referral decision, its child and family assessment (child seen, factors, authorised), the
child in need plan and the closure with its reason. Mixed into FamilyGenerator; draws only from
its random generator, so the demo stays deterministic.

The records follow the CIN census rules the DfE's validator applies: assessments and plans inside
their episode, a child in need plan never running alongside a child protection plan (it may start
on the day one ends), "closed after assessment" only where nothing but an assessment happened, and
an assessment always authorised before its episode closes."""

from __future__ import annotations

from datetime import date

from safeguard.cin.codes import AssessmentFactor as F
from safeguard.cin.codes import ClosureReason, PrimaryNeed
from safeguard.cin.models import CINEpisode, CINPlan
from safeguard.demo.days import aware as at_hour
from safeguard.demo.factory import instance_factory
from safeguard.demo.workload import LOCAL
from safeguard.frontdoor.models import Assessment
from safeguard.people.codes import UPNUnknown

_new_episode = instance_factory(CINEpisode)
_new_assessment = instance_factory(Assessment)
_new_cin_plan = instance_factory(CINPlan)

# Per concern (generator.CONCERNS, same order): the child's main need, then what assessments find.
CONCERN_NEEDS = (
    PrimaryNeed.ABUSE_OR_NEGLECT,  # domestic abuse
    PrimaryNeed.ABUSE_OR_NEGLECT,  # neglect
    PrimaryNeed.ABUSE_OR_NEGLECT,  # bruising
    PrimaryNeed.PARENT_DISABILITY,  # parental mental health
    PrimaryNeed.FAMILY_DYSFUNCTION,  # substance misuse
    PrimaryNeed.ABUSE_OR_NEGLECT,  # sexual abuse
    PrimaryNeed.FAMILY_ACUTE_STRESS,  # new-born baby's care
    PrimaryNeed.SOCIALLY_UNACCEPTABLE,  # going missing
    PrimaryNeed.FAMILY_ACUTE_STRESS,  # relative's concerns
    PrimaryNeed.ABSENT_PARENTING,  # anonymous: supervision
)
CONCERN_FACTORS = (
    ((F.DOMESTIC_ABUSE_PARENT,), (F.EMOTIONAL_ABUSE, F.MENTAL_HEALTH_PARENT, F.ALCOHOL_PARENT)),
    ((F.NEGLECT,), (F.DRUGS_PARENT, F.MENTAL_HEALTH_PARENT, F.LEARNING_DISABILITY_PARENT)),
    ((F.PHYSICAL_ABUSE_BY_ADULT,), (F.DOMESTIC_ABUSE_PARENT, F.ALCOHOL_PARENT)),
    ((F.MENTAL_HEALTH_PARENT,), (F.NEGLECT, F.YOUNG_CARER, F.EMOTIONAL_ABUSE)),
    ((F.DRUGS_PARENT,), (F.ALCOHOL_PARENT, F.NEGLECT, F.DOMESTIC_ABUSE_PARENT)),
    ((F.SEXUAL_ABUSE_BY_ADULT,), (F.SEXUAL_ABUSE_BY_CHILD, F.SEXUAL_EXPLOITATION, F.MENTAL_HEALTH_CHILD,
                                  F.SELF_HARM, F.DOMESTIC_ABUSE_PARENT)),
    ((F.NEGLECT,), (F.MENTAL_HEALTH_PARENT, F.DRUGS_PARENT, F.DOMESTIC_ABUSE_PARENT)),
    ((F.MISSING,), (F.CRIMINAL_EXPLOITATION, F.SEXUAL_EXPLOITATION, F.GANGS, F.DRUGS_CHILD)),
    ((F.NEGLECT,), (F.ALCOHOL_PARENT, F.MENTAL_HEALTH_PARENT)),
    ((F.NEGLECT,), (F.NO_FACTORS,)),
)
SEXUAL_ABUSE_CONCERN = 5
# How a step-down from a child protection plan ends, once the child in need plan has done its work.
LATER_CLOSURES = ((ClosureReason.SERVICES_CEASED, 70), (ClosureReason.TRANSFERRED_LA, 12),
                  (ClosureReason.CHILD_ARRANGEMENTS_ORDER, 10), (ClosureReason.SPECIAL_GUARDIANSHIP, 8))


def aware(day: date):
    return at_hour(day, 10)


class CinMixin:
    """FamilyGenerator's children in need records (uses its rng, rows, refs and helpers)."""

    def _cin_episodes(self, subjects, *, contact_row, decision, team: str) -> dict:
        """One open episode per subject child for the referral (as the front door's decision opens it)."""
        episodes = {}
        referral = contact_row.received_at.astimezone(LOCAL).date()
        for child in subjects:
            episode = _new_episode(
                id=self._cin_uuid(), child_id=child.id, referral_date=referral,
                referral_source=contact_row.referral_source, contact_id=contact_row.id,
                decision_id=decision.id if decision else None, team_id=self.refs.team_ids.get(team),
                created_by_id=self._pid("fd.manager"), created_at=decision.decided_at,
            )  # fmt: skip
            self._rows.cin_episodes.append(episode)
            episodes[child.id] = episode
        return episodes

    def _need_for(self, child, concern: int) -> str:
        if child.disabilities and child.disabilities != ["NONE"] and self._cin_rng.random() < 0.5:
            return PrimaryNeed.CHILD_DISABILITY
        return CONCERN_NEEDS[concern]

    def _factors_for(self, child, concern: int) -> list[str]:
        rng = self._cin_rng
        main, extras = CONCERN_FACTORS[concern]
        if concern == SEXUAL_ABUSE_CONCERN and rng.random() < 0.25:
            main = (F.SEXUAL_ABUSE_BY_CHILD,)  # harmful sexual behaviour by another child
        factors = list(main)
        if factors == [F.NO_FACTORS] or (extras == (F.NO_FACTORS,) and rng.random() < 0.3):
            return [F.NO_FACTORS]
        factors += [f for f in extras if f != F.NO_FACTORS and rng.random() < 0.35]
        if child.disabilities and child.disabilities != ["NONE"] and rng.random() < 0.6:
            factors.append(F.LEARNING_DISABILITY_CHILD if "LD" in child.disabilities else F.PHYSICAL_DISABILITY_CHILD)
        return list(dict.fromkeys(factors))

    def _cin_assessment(self, child, episode, *, started: date, done: date | None, concern: int,
                        needs_support: bool, decision) -> Assessment:
        """The child and family assessment, authorised on `done` (or still open when None)."""
        rng = self._cin_rng
        seen_by = min(done or self.as_of, self._add_working_days(started, rng.randint(0, 8)), self.as_of)
        seen = seen_by if (done is not None or rng.random() < 0.7) else None
        assessment = _new_assessment(
            id=self._cin_uuid(), decision_id=decision.id, person_id=child.id, started_on=started,
            due_on=self._add_working_days(started, 45), completed_on=done, episode_id=episode.id,
            child_seen_on=seen, authorised_on=done,
            authorised_by_id=self._pid("sw.manager") if done else None,
            factors=self._factors_for(child, concern) if done else [],
            needs_social_care_support=needs_support if done else None,
        )  # fmt: skip
        self._rows.assessments.append(assessment)
        episode.primary_need = self._need_for(child, concern)
        return assessment

    def _cin_plan(self, child, episode, *, starts: date, ends: date | None) -> None:
        self._rows.cin_plans.append(_new_cin_plan(
            id=self._cin_uuid(), episode_id=episode.id, child_id=child.id, started_on=starts, ended_on=ends,
            created_by_id=self._pid("sw.manager"), created_at=aware(starts),
        ))  # fmt: skip

    def _cin_close(self, episode, *, on: date, reason: str) -> None:
        episode.closure_date = max(on, episode.referral_date)
        episode.closure_reason = reason
        episode.closed_by_id = self._pid("sw.manager")

    def _cin_uuid(self):
        return self._cin_rng.uuid4()  # uuid.UUID(int=self._cin_rng.getrandbits(128), version=4)

    def _upn_unknown(self, born: date) -> str:
        """Why a child has no unique pupil number: not yet at school, or (rarely) another reason."""
        if self.as_of.year - born.year - ((self.as_of.month, self.as_of.day) < (born.month, born.day)) < 5:
            return UPNUnknown.NOT_SCHOOL_AGE
        return self._cin_rng.choice((UPNUnknown.NEVER_ATTENDED, UPNUnknown.EDUCATED_OUTSIDE_ENGLAND,
                                     UPNUnknown.NEWLY_ARRIVED, UPNUnknown.NOT_YET_ALLOCATED))

    def _assessment_task(self, child, assessment, *, username: str | None = None, team: str | None = None) -> None:
        """The open assessment on its owner's "Your work", leading to the assessment page."""
        self._task(kind="cin_assessment", title=f"Complete the child and family assessment for {child.full_name}",
                   person=child, due_on=assessment.due_on, username=username, team=team,
                   source=("frontdoor.assessment", str(assessment.id)),
                   key=f"cin_assessment|frontdoor.assessment:{assessment.id}")

    def _later_closure(self) -> str:
        reasons, weights = zip(*LATER_CLOSURES, strict=True)
        return self._cin_rng.choices(reasons, weights=weights)[0]
