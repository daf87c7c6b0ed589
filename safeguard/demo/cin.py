"""The children in need records behind a generated history: what the CIN census and Annex A count.

For each referral the history makes (a front door decision that passes the contact to social work),
one `CINEpisode` per child from the decision date, the child and family assessment (with its
authorisation and the factors found), a child in need plan where the history has one, and the
closure with the census's reason when the case has ended. Children known to social care also get
the characteristics the census asks for (disability, or none; why there is no pupil number).

Its own random stream (seeded from the demo's seed), so adding these rows leaves every other
generated family, name and date as it was.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta

from safeguard.cin.models import CINEpisode, CINPlan
from safeguard.demo.factory import instance_factory
from safeguard.frontdoor.models import Assessment
from safeguard.people.codes import IdentifierType

_new_episode = instance_factory(CINEpisode)
_new_cin_plan = instance_factory(CINPlan)
_new_assessment = instance_factory(Assessment)

# By concern (generator.CONCERNS order): the primary need and the factors the assessment found.
PRIMARY_NEED = ("N1", "N1", "N1", "N3", "N5", "N1", "N1", "N4", "N1", "N1")
FACTORS = (
    ("3A", "3B"),  # domestic abuse: the child, and a parent, subject of it
    ("16A",),  # neglect
    ("18C",),  # physical abuse by an adult
    ("4B",),  # a parent's mental health
    ("2B", "1B"),  # a parent's drug and alcohol misuse
    ("19C",),  # sexual abuse by an adult
    ("16A", "4B"),  # a new-born baby's care
    ("10A", "24A"),  # going missing; criminal exploitation
    ("16A",),  # concerns raised by a relative
    ("16A",),  # anonymous concern about supervision
)
SCHOOL_AGE = 4


class CinMixin:
    """Mixed into FamilyGenerator: uses its as_of, _rows, _pid and working-day helpers."""

    def _init_cin(self, seed: int) -> None:
        self.cin_rng = random.Random(f"cin-{seed}")

    def _cin_uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.cin_rng.getrandbits(128), version=4)

    def _cin_characteristics(self, child) -> None:
        """What the census needs to know about a child social care works with."""
        if not child.disabilities:
            child.disabilities = ["NONE"]
        has_upn = any(i.person_id == child.id and i.id_type == IdentifierType.UPN for i in self._rows.identifiers)
        if has_upn:
            return
        born = child.date_of_birth
        if born is None or born > self.as_of.replace(year=self.as_of.year - SCHOOL_AGE):
            child.upn_unknown = "UN1"  # not of school age (or not yet born)
        else:
            child.upn_unknown = "UN5"  # the school has not given one yet

    def _cin_records(self, subjects, *, decision, referral_on: date, referral_source: str, concern: int,
                     team_id: int | None, worker: str, assessment: tuple[date, date | None] | None,
                     cin_plan_from: date | None = None, closed: tuple[date, str] | None = None) -> None:  # fmt: skip
        """One episode per child, with its assessment, child in need plan and closure."""
        rows = self._rows
        rng = self.cin_rng
        A = self.as_of
        worker_id = self._pid(worker)
        manager_id = self._pid("sw.manager")
        for child in subjects:
            self._cin_characteristics(child)
            episode = _new_episode(
                id=self._cin_uuid(), child_id=child.id, referral_date=referral_on, referral_source=referral_source,
                contact_id=decision.contact_id, decision_id=decision.id, referral_nfa=False,
                primary_need=PRIMARY_NEED[concern], closure_date=closed[0] if closed else None,
                closure_reason=closed[1] if closed else "", team_id=team_id, created_by_id=self._pid("fd.manager"),
                created_at=decision.decided_at, closed_by_id=worker_id if closed else None,
            )  # fmt: skip
            rows.cin_episodes.append(episode)
            if assessment is not None:
                started, authorised = assessment
                seen = min(self._add_working_days(started, rng.randint(1, 5)), authorised or A)
                rows.assessments.append(_new_assessment(
                    id=self._cin_uuid(), decision_id=decision.id, person_id=child.id, started_on=started,
                    due_on=self._add_working_days(started, 45), completed_on=authorised, episode_id=episode.id,
                    child_seen_on=seen if seen <= A else None, authorised_on=authorised,
                    authorised_by_id=manager_id if authorised else None,
                    factors=list(FACTORS[concern]) if authorised else [],
                    needs_social_care_support=(cin_plan_from is not None) if authorised else None,
                ))  # fmt: skip
            if cin_plan_from is not None:
                ends = closed[0] if closed else None
                rows.cin_plans.append(_new_cin_plan(
                    id=self._cin_uuid(), episode_id=episode.id, child_id=child.id, started_on=cin_plan_from,
                    ended_on=ends, created_by_id=worker_id, created_at=decision.decided_at,
                ))  # fmt: skip

    def _cin_step_down(self, start: date) -> tuple[date, str] | None:
        """After a child protection plan ends: a child in need plan for some months, then closure."""
        ends = start + timedelta(days=self.cin_rng.randint(60, 200))
        if ends >= self.as_of:
            return None
        return self._working_day_on_or_after(ends), "RC7"
