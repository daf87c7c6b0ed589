"""Deterministic generator of fictional Wrekinshire families and their case histories.

`FamilyGenerator(seed=..., as_of=..., refs=...)` makes one family per call to `family()`, as
unsaved model instances (people, identifiers, addresses, relationships, a household and its
memberships, chronology events, involvements, tasks, and the protection records behind the
history: strategy discussions, section 47 enquiries, conferences, plans and allocations) ready for
`bulk_create`. It never reads the clock or the database: the same seed and as-of date give the same
people, names, dates and identifiers, and every id (UUID primary keys included) comes from the one
`random.Random(seed)`.

Histories follow the pathway in DOMAIN.md (contact, decision within a working day, assessment,
strategy discussion and section 47 enquiry, ICPC within 15 working days, review conferences at 3
and then 6 months) over the three years before the as-of date. A few "quotas" make sure the demo
practitioners have people to look at even in a small run.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import accumulate

import holidays

from safeguard.access.models import Involvement, InvolvementKind
from safeguard.core.models import ChronologyEvent, EventType, Task
from safeguard.demo import names
from safeguard.demo.cin import CinMixin
from safeguard.demo.days import ADULT_AGE, WorkingDays, age_on, aware, years_before
from safeguard.demo.factory import instance_factory
from safeguard.demo.histories import CaseHistoryMixin
from safeguard.demo.identifiers import NhsNumberAllocator, PncAllocator, UpnAllocator
from safeguard.demo.partnership import Refs
from safeguard.demo.people import PeopleMixin
from safeguard.demo.rows import FamilyRows
from safeguard.demo.stream import DemoRandom
from safeguard.demo.workload import WorkloadMixin
from safeguard.directory.models import KnownProfessional, ProfessionalKind
from safeguard.people.codes import NameType, RelationshipType, Sex
from safeguard.people.models import (
    Household,
    HouseholdMembership,
    Person,
    PersonName,
)

HISTORY_DAYS = 3 * 365

# How many people each demo practitioner (or the front door team) is involved with, at most.
# Open cases beyond a worker's quota are held by their locality team (a team episode).
DEFAULT_QUOTAS: dict[str, int] = {
    "sw.locality1": 30,
    "sw.locality2": 30,
    "front_door": 20,
    "chair": 10,
    "police.ppu": 8,
    "hv": 10,
    "midwife": 6,
    "school.nurse": 6,
    "dsl": 10,
    "gp": 8,
    "ed.clinician": 4,
    "probation": 5,
    "yjs": 5,
    "specialist": 4,
    "sexual.health": 3,
    "health.safeguarding": 5,
    "tasks.sw.locality1": 12,
}

# Who first raised the concern: (topic, source agency key, CIN referral source, category of abuse).
FAMILY_SHAPES = ("couple", "single_mother", "single_father", "stepfamily", "kinship")
FAMILY_SHAPE_WEIGHTS = (45, 33, 5, 13, 4)
CHILD_COUNT_WEIGHTS = (30, 33, 20, 11, 6)  # 1..5 children
CHILD_COUNTS = range(1, 6)
FAMILY_SHAPE_CUM = tuple(accumulate(FAMILY_SHAPE_WEIGHTS))
CHILD_COUNT_CUM = tuple(accumulate(CHILD_COUNT_WEIGHTS))

DISABILITY_CODES = ("MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA")
MIXED_ETHNICITY = {"BCRB": "MWBC", "BAFR": "MWBA", "AIND": "MWAS", "APKN": "MWAS", "ABAN": "MWAS"}
WHITE_ETHNICITIES = frozenset({"WBRI", "WIRI", "WOTH", "WROM", "WIRT"})


_new_name = instance_factory(PersonName)
_new_known_professional = instance_factory(KnownProfessional)
_new_household = instance_factory(Household)
_new_membership = instance_factory(HouseholdMembership)
_new_event = instance_factory(ChronologyEvent)
_new_involvement = instance_factory(Involvement)
_new_task = instance_factory(Task)


@dataclass
class _Member:
    person: Person
    resident: bool = True
    moved_in: date | None = None
    moved_out: date | None = None


class FamilyGenerator(PeopleMixin, CaseHistoryMixin, CinMixin, WorkloadMixin):
    _uuid: Callable[[], uuid.UUID]
    _working_day_on_or_after: Callable[[date], date]
    _add_working_days: Callable[[date, int], date]

    def __init__(self, *, seed: int, as_of: date, refs: Refs | None = None, quotas: dict[str, int] | None = None,
                 now: datetime | None = None, notified_person_ids_from: int = 1):
        self.rng = DemoRandom(seed)  # the stream random.Random(seed) gives, drawn more cheaply
        # The children in need records draw from their own generator, so adding them left every
        # other part of the demo as it was.
        self._cin_rng = DemoRandom(seed ^ 0x13C1)
        # Keys of a day's second and later triage meetings (a county with more than one a day) come
        # from their own stream too, so a county with one a day seeds the rows it always did.
        self._triage_rng = DemoRandom(seed ^ 0x7A1A)
        self._uuid = self.rng.uuid4  # every id: uuid.UUID(int=rng.getrandbits(128), version=4)
        self._open_assessments: dict = {}
        self.as_of = as_of
        self.refs = refs or Refs.placeholder()
        self.quota = dict(DEFAULT_QUOTAS if quotas is None else quotas)
        self.nhs = NhsNumberAllocator(self.rng)
        self.upn = UpnAllocator()
        self.pnc = PncAllocator()
        self.local_id_count = 0
        self.family_index = 0
        self.history_start = as_of - timedelta(days=HISTORY_DAYS)
        self._bank_holidays = frozenset(
            holidays.country_holidays("GB", subdiv="ENG", years=range(as_of.year - 4, as_of.year + 2)).keys()
        )
        # Working days from a table, not walked one day at a time (same answers for any date).
        calendar = WorkingDays(self._bank_holidays, date(as_of.year - 25, 1, 1), date(as_of.year + 3, 12, 31))
        self._working_day_on_or_after = calendar.on_or_after
        self._add_working_days = calendar.add
        self._ethnicity_cum = list(accumulate(w for _, w in names.ETHNICITIES))
        self._language_cum = list(accumulate(w for _, w in names.FIRST_LANGUAGES))
        self._rows: FamilyRows = FamilyRows()
        self._init_workload(now, notified_person_ids_from)
        self._last_visit: dict = {}

    # ---- small helpers -------------------------------------------------------------------
    def _between(self, start: date, end: date) -> date:
        if end <= start:
            return start
        return start + timedelta(days=self.rng.randint(0, (end - start).days))

    def _pick(self, choices, cum) -> str:
        return self.rng.weighted(choices, cum)[0]

    def _take(self, key: str) -> bool:
        """Use one unit of a quota, if any is left."""
        if self.quota.get(key, 0) > 0:
            self.quota[key] -= 1
            return True
        return False

    def _wants(self, key: str) -> bool:
        return self.quota.get(key, 0) > 0

    def _pid(self, username: str) -> int:
        return self.refs.practitioner_ids[username]

    # ---- the family --------------------------------------------------------------------------
    def family(self) -> FamilyRows:
        """Generate the next family. Deterministic in the order families are asked for."""
        rng = self.rng
        A = self.as_of
        index = self.family_index
        self.family_index += 1
        rows = self._rows = FamilyRows()

        # The first few families are always known to children's social care, so even a tiny demo
        # has a child on a plan, an open contact and open assessments.
        forced = {0: ("cp_active", 1), 1: ("open_contact", 1), 2: ("assessment_open", 1), 3: ("cin", 2)}.get(index)
        shape = rng.weighted(FAMILY_SHAPES, FAMILY_SHAPE_CUM)
        n_children = rng.weighted(CHILD_COUNTS, CHILD_COUNT_CUM)
        if forced:
            town = rng.choice([t for t, loc in names.TOWNS if loc == forced[1]])
            locality = forced[1]
        else:
            town, locality = rng.choice(names.TOWNS)
        family_name = rng.choice(names.FAMILY_NAMES)
        unborn = shape in ("couple", "single_mother", "stepfamily") and (
            rng.random() < (0.3 if self._wants("midwife") else 0.05)
        )

        # Children's dates of birth: gaps between siblings first, then the youngest's age.
        born_count = n_children - 1 if unborn else n_children
        gaps = [rng.randint(330, 1500) for _ in range(max(born_count - 1, 0))]
        span = sum(gaps)
        limit = years_before(A, ADULT_AGE) + timedelta(days=1)  # born after this: under 18 on A
        min_youngest = 300 if unborn else 1
        max_youngest = (A - limit).days - span
        while born_count and max_youngest < min_youngest:
            span -= gaps.pop()
            born_count -= 1
            max_youngest = (A - limit).days - span
        child_dobs: list[date] = []
        if born_count:
            youngest = A - timedelta(days=rng.randint(min_youngest, max_youngest))
            dob = youngest - timedelta(days=span)
            child_dobs.append(dob)
            for gap in gaps[:born_count - 1]:
                dob += timedelta(days=gap)
                child_dobs.append(dob)
        expected = A + timedelta(days=rng.randint(14, 260)) if unborn else None

        mother_eth = self._pick(names.ETHNICITIES, self._ethnicity_cum)
        language = self._pick(names.FIRST_LANGUAGES, self._language_cum)
        eldest = child_dobs[0] if child_dobs else A
        mother_dob = years_before(eldest, rng.randint(17, 38)) - timedelta(days=rng.randint(0, 364))
        if years_before(A, ADULT_AGE) < mother_dob:  # parents in the demo are adults
            mother_dob = years_before(A, ADULT_AGE) - timedelta(days=rng.randint(1, 300))
        if shape == "stepfamily" and not child_dobs:
            shape = "single_mother"
        members: list[_Member] = []
        given_used: set[str] = set()

        def adult(sex: str, dob: date, fam: str, eth: str) -> Person:
            return self._person(given_name=self._given_name(sex, given_used), family_name=fam, sex=sex,
                                ethnicity=eth, language=language, date_of_birth=dob)

        def other_eth(eth: str) -> str:
            return eth if rng.random() < 0.85 else self._pick(names.ETHNICITIES, self._ethnicity_cum)

        def child_eth(a: str, b: str | None) -> str:
            if b is None or a == b:
                return a
            if a in WHITE_ETHNICITIES and b in MIXED_ETHNICITY:
                return MIXED_ETHNICITY[b]
            if b in WHITE_ETHNICITIES and a in MIXED_ETHNICITY:
                return MIXED_ETHNICITY[a]
            return "MOTH"

        mother_adult_on = mother_dob + timedelta(days=ADULT_AGE * 365 + 5)
        household_start = min(max(A - timedelta(days=rng.randint(60, 3650)), mother_adult_on),
                               A - timedelta(days=30))
        household_address = self._address(town)
        previous_address = self._address() if rng.random() < 0.45 else None
        previous_from = household_start - timedelta(days=rng.randint(365, 3650))

        mother = father = partner = ex_partner = grandparent = None
        separation = None
        father_name = family_name
        children_from_ex = 0
        if shape in ("couple", "single_father"):
            father_eth = other_eth(mother_eth)
            father_dob = mother_dob - timedelta(days=rng.randint(-700, 2500))
            mother = adult(Sex.FEMALE, mother_dob, family_name, mother_eth)
            father = adult(Sex.MALE, father_dob, family_name, father_eth)
            if rng.random() < 0.3:
                rows.names.append(_new_name(person_id=mother.id, name_type=NameType.BIRTH,
                                             family_name=rng.choice(names.FAMILY_NAMES)))
            together_from = min(eldest, expected or A) - timedelta(days=rng.randint(200, 2500))
            if shape == "couple":
                members += [_Member(mother), _Member(father)]
                self._relate(mother, father, RelationshipType.PARTNER, starts_on=together_from)
            else:
                separation = self._between(child_dobs[-1] + timedelta(days=30) if child_dobs else A,
                                           A - timedelta(days=30))
                members += [_Member(mother, resident=False, moved_out=separation), _Member(father)]
                self._relate(mother, father, RelationshipType.EX_PARTNER, starts_on=separation)
        elif shape in ("single_mother", "stepfamily", "kinship"):
            mother = adult(Sex.FEMALE, mother_dob, family_name, mother_eth)
            members.append(_Member(mother, resident=shape != "kinship"))
            if rng.random() < (0.95 if shape == "stepfamily" else 0.5):
                father_name = rng.choice(names.FAMILY_NAMES)
                ex_partner = adult(Sex.MALE, mother_dob - timedelta(days=rng.randint(-700, 2500)), father_name,
                                   other_eth(mother_eth))
                father = ex_partner
            if shape == "stepfamily":
                children_from_ex = rng.randint(1, max(1, len(child_dobs) - 1)) if child_dobs else 0
                last_ex_child = child_dobs[children_from_ex - 1] if children_from_ex else eldest
                next_child = child_dobs[children_from_ex] if children_from_ex < len(child_dobs) else (expected or A)
                separation = self._between(last_ex_child + timedelta(days=60),
                                           max(last_ex_child + timedelta(days=60), next_child - timedelta(days=400)))
                separation = min(separation, A - timedelta(days=30))
                partner_name = rng.choice(names.FAMILY_NAMES)
                partner = adult(Sex.MALE, mother_dob - timedelta(days=rng.randint(-1000, 3000)), partner_name,
                                other_eth(mother_eth))
                moved_in = self._between(separation + timedelta(days=30), min(next_child, A - timedelta(days=7)))
                members.append(_Member(partner, moved_in=max(moved_in, household_start)))
                self._relate(mother, partner, RelationshipType.PARTNER, starts_on=separation + timedelta(days=20))
            elif ex_partner is not None:
                separation = self._between(child_dobs[-1] if child_dobs else A - timedelta(days=200),
                                           A - timedelta(days=30))
            if ex_partner is not None:
                self._relate(mother, ex_partner, RelationshipType.EX_PARTNER, starts_on=separation)
                members.append(_Member(ex_partner, resident=False, moved_out=separation))

        if shape == "kinship" or rng.random() < 0.07:
            gp_sex = Sex.FEMALE if rng.random() < 0.8 else Sex.MALE
            grandparent = adult(gp_sex, years_before(mother_dob, rng.randint(18, 30)), family_name, mother_eth)
            members.append(_Member(grandparent, moved_in=household_start if shape == "kinship" else
                                   self._between(household_start, A - timedelta(days=20))))

        # Children.
        children: list[Person] = []
        child_parents: list[tuple[Person, Person | None]] = []
        for i, dob in enumerate(child_dobs):
            from_ex = shape == "stepfamily" and i < children_from_ex
            dad = ex_partner if from_ex else (partner if shape == "stepfamily" else father)
            sex = Sex.FEMALE if rng.random() < 0.49 else Sex.MALE
            disabilities = [rng.choice(DISABILITY_CODES)] if rng.random() < 0.07 else []
            surname = family_name
            if dad is not None and dad is not father and shape == "stepfamily":
                surname = dad.family_name if rng.random() < 0.6 else family_name
            elif dad is ex_partner and dad is not None:
                surname = father_name if rng.random() < 0.4 else family_name
            child = self._person(given_name=self._given_name(sex, given_used), family_name=surname, sex=sex,
                                 ethnicity=child_eth(mother_eth, dad.ethnicity if dad else None),
                                 language=language, date_of_birth=dob, disabilities=disabilities)
            children.append(child)
            child_parents.append((child, dad))
            members.append(_Member(child))
        if unborn:
            dad = partner if shape == "stepfamily" else (father if shape == "couple" else None)
            child = self._person(given_name="Unborn", family_name=mother.family_name, sex=Sex.UNKNOWN,
                                 ethnicity=child_eth(mother_eth, dad.ethnicity if dad else None),
                                 language=language, date_of_birth=None, expected_birth_date=expected)
            children.append(child)
            child_parents.append((child, dad))
        rows.children = len(children)

        # Relationships to the children.
        for child, dad in child_parents:
            born = child.date_of_birth
            lives_with_mother = shape not in ("kinship", "single_father")
            self._relate(mother, child, RelationshipType.PARENT, starts_on=born, parental_responsibility=True,
                         is_main_carer=lives_with_mother)
            if dad is not None:
                pr = dad is not ex_partner or rng.random() < 0.75
                self._relate(dad, child, RelationshipType.PARENT, starts_on=born, parental_responsibility=pr,
                             is_main_carer=shape == "single_father")
            if shape == "stepfamily" and dad is not partner:
                start = max(born or A, separation + timedelta(days=20))
                married = rng.random() < 0.3
                self._relate(partner, child, RelationshipType.STEP_PARENT if married else
                             RelationshipType.PARTNER_OF_PARENT, starts_on=min(start, A),
                             parental_responsibility=married and rng.random() < 0.3)
            if grandparent is not None:
                kinship = shape == "kinship"
                self._relate(grandparent, child, RelationshipType.GRANDPARENT, starts_on=born,
                             parental_responsibility=kinship and rng.random() < 0.6, is_main_carer=kinship,
                             notes="Kinship carer" if kinship else "")
        for i, (a, dad_a) in enumerate(child_parents):
            for b, dad_b in child_parents[i + 1:]:
                half = dad_a is not dad_b or (dad_a is None and shape == "stepfamily")
                later = max((d for d in (a.date_of_birth, b.date_of_birth) if d), default=None)
                self._relate(a, b, RelationshipType.HALF_SIBLING if half else RelationshipType.SIBLING,
                             starts_on=later)

        # Household, memberships and addresses.
        household = _new_household(id=self._uuid(), description=f"{family_name} household, {town}",
                              postcode=household_address[2])
        rows.households.append(household)
        for m in members:
            p = m.person
            if p.date_of_birth is None:
                continue
            start = max(household_start, m.moved_in or household_start, p.date_of_birth)
            end = m.moved_out if not m.resident else None
            if not m.resident and (end is None or end < start):
                # Lives elsewhere (and did before this household began).
                own = self._address()
                self._live_at(p, own, self._between(end or household_start, A - timedelta(days=5)), None)
                continue
            rows.memberships.append(_new_membership(household_id=household.id, person_id=p.id,
                                                        starts_on=start, ends_on=end))
            self._live_at(p, household_address, start, end)
            if end is not None:
                self._live_at(p, self._address(), end + timedelta(days=1), None)
            if previous_address and start == household_start and p.date_of_birth < household_start:
                self._live_at(p, previous_address, max(previous_from, p.date_of_birth),
                              household_start - timedelta(days=1))

        known = self._history(children, members, mother, father, partner, ex_partner, locality, forced)
        if known:
            self._family_events(children, members, partner)
        self._other_involvements(children, members, mother)
        adults = [a for a in (mother, partner or ex_partner or father) if a is not None]
        self._family_police_work([c for c in children if c.date_of_birth is not None], adults)
        return rows

    # ---- history -----------------------------------------------------------------------------
    def _event(self, person: Person, event_type: str, day: date, agency: str | None, summary: str,
               recorded_by: str | None = None) -> None:
        self._rows.events.append(
            _new_event(
                id=self._uuid(), person_id=person.id, event_type=event_type, occurred_on=day,
                agency_id=self.refs.agency_ids[agency] if agency else None, summary=summary,
                recorded_by_id=self._pid(recorded_by) if recorded_by else None,
            )
        )

    def _involve(self, person: Person, kind: str, since: date, *, username: str | None = None,
                 team: str | None = None, source: str = "demo.seed", source_id: str = "") -> None:
        since = min(since, self.as_of - timedelta(days=1))
        self._rows.involvements.append(
            _new_involvement(person_id=person.id, practitioner_id=self._pid(username) if username else None,
                        team_id=self.refs.team_ids[team] if team else None, kind=kind,
                        starts_at=aware(since, 8), source_type=source, source_id=source_id)
        )

    def _task(self, *, kind: str, title: str, person: Person | None, due_on: date, username: str | None = None,
              team: str | None = None, source: tuple[str, str] = ("demo.seed", ""), key: str = "") -> None:
        self._rows.tasks.append(
            _new_task(id=self._uuid(), kind=kind, title=title, person_id=person.id if person else None, due_on=due_on,
                      assignee_id=self._pid(username) if username else None,
                      team_id=self.refs.team_ids[team] if team else None, source_type=source[0],
                      source_id=source[1], dedupe_key=key)
        )

    def _known_professionals(self, child) -> None:
        """Each child's GP practice, school (by age; a special school for a disabled child) or health
        visitor (under five, by area), so invitations name people rather than "no one named yet".
        Chosen from the child's id, not the generator's random stream, so the rest of the demo is as before."""
        ids, pick = self.refs.agency_ids, int(child.id.hex[:8], 16)
        age = age_on(child.date_of_birth, self.as_of)

        def known(kind, agency_key=None, username=None):
            agency_id = ids.get(agency_key) if agency_key else None
            practitioner_id = self.refs.practitioner_ids.get(username) if username else None
            if agency_id or practitioner_id:
                self._rows.known_professionals.append(_new_known_professional(
                    person_id=child.id, kind=kind, agency_id=agency_id, practitioner_id=practitioner_id,
                    since=child.date_of_birth,
                ))  # fmt: skip

        known(ProfessionalKind.GP_PRACTICE, ("gp_wrekin", "gp_castle", "gp_haddon")[pick % 3])
        disabled = any(d and d != "NONE" for d in (child.disabilities or []))
        if age < 5:
            area = ("hv", "hv.south", "hv.central")[pick % 3]
            known(ProfessionalKind.HEALTH_VISITOR, "trust", area)
        elif age < 18:
            if disabled:
                school = "school_brookside"
            elif age < 11:
                school = ("school_lowbridge", "school_st_aidans", "school_kettlebury")[pick % 3]
            else:
                school = ("school_high", "school_foxwell")[pick % 2]
            known(ProfessionalKind.SCHOOL, school)

    def _other_involvements(self, children, members, mother) -> None:
        rng = self.rng
        A = self.as_of
        for child in children:
            if child.date_of_birth is not None:
                self._known_professionals(child)
            if child.date_of_birth is None:
                if self._take("midwife"):
                    self._involve(child, InvolvementKind.SUPERVISING, A - timedelta(days=90), username="midwife")
                    if mother is not None:
                        self._involve(mother, InvolvementKind.SUPERVISING, A - timedelta(days=90), username="midwife")
                continue
            age = age_on(child.date_of_birth, A)
            since = max(child.date_of_birth + timedelta(days=10), A - timedelta(days=365))
            if age < 5 and rng.random() < 0.3 and self._take("hv"):
                self._involve(child, InvolvementKind.SUPERVISING, since, username="hv")
            elif 4 <= age <= 10 and rng.random() < 0.3 and self._take("dsl"):
                self._involve(child, InvolvementKind.SUPERVISING, since, username="dsl")
            elif 5 <= age <= 16 and rng.random() < 0.15 and self._take("school.nurse"):
                self._involve(child, InvolvementKind.SUPERVISING, since, username="school.nurse")
            if 12 <= age < 18 and rng.random() < 0.08 and self._take("yjs"):
                self._involve(child, InvolvementKind.SUPERVISING, since, username="yjs")
                self._pnc(child)
            if 13 <= age < 18 and rng.random() < 0.05 and self._take("sexual.health"):
                self._involve(child, InvolvementKind.SUPERVISING, since, username="sexual.health")
            if rng.random() < 0.03:
                attended = self._between(max(child.date_of_birth, self.history_start), A)
                if self._wants("ed.clinician") and rng.random() < 0.5:
                    attended = A - timedelta(days=rng.randint(1, 10))
                attended = max(attended, child.date_of_birth)
                self._event(child, EventType.ED_ATTENDANCE, attended, "trust",
                            "Attended the emergency department", "ed.clinician")
                if attended > A - timedelta(days=14) and self._take("ed.clinician"):
                    self._involve(child, InvolvementKind.SUPERVISING, attended, username="ed.clinician")
            if 11 <= age < 18 and rng.random() < 0.02:
                gone = self._between(max(child.date_of_birth, self.history_start), A)
                self._event(child, EventType.MISSING_EPISODE, gone, "police", "Reported missing from home; found",
                            "police.ppu")
        if self._wants("gp") and rng.random() < 0.3:
            for m in members:
                if m.person.date_of_birth is not None and self._take("gp"):
                    self._involve(m.person, InvolvementKind.SUPERVISING, A - timedelta(days=200), username="gp")


def generate(*, seed: int, as_of: date, refs: Refs | None = None, families: int | None = None,
             children: int | None = None, now: datetime | None = None, notified_person_ids_from: int = 1):
    """Yield FamilyRows until `families` families or at least `children` children exist."""
    if families is None and children is None:
        raise ValueError("say how many families or children to generate")
    generator = FamilyGenerator(seed=seed, as_of=as_of, refs=refs, now=now,
                                notified_person_ids_from=notified_person_ids_from)
    made_families = made_children = 0
    while True:
        if families is not None and made_families >= families:
            return
        if children is not None and made_children >= children:
            return
        rows = generator.family()
        made_families += 1
        made_children += rows.children
        yield rows
