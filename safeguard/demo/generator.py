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

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate

import holidays

from safeguard.access.models import Involvement, InvolvementKind
from safeguard.cin.codes import ClosureReason
from safeguard.core.models import ChronologyEvent, EventType, Task
from safeguard.demo import names
from safeguard.demo.cin import CinMixin
from safeguard.demo.factory import instance_factory
from safeguard.demo.identifiers import NhsNumberAllocator, PncAllocator, UpnAllocator
from safeguard.demo.partnership import Refs
from safeguard.demo.workload import TIMESCALES, WorkloadMixin, local
from safeguard.directory.models import KnownProfessional, ProfessionalKind
from safeguard.frontdoor.codes import DashRisk, NotificationKind, Outcome, ScreeningStatus
from safeguard.people.codes import IdentifierType, NameType, RelationshipType, Sex
from safeguard.people.models import (
    Address,
    Household,
    HouseholdMembership,
    Person,
    PersonIdentifier,
    PersonName,
    Relationship,
)
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

HISTORY_DAYS = 3 * 365
ADULT_AGE = 18

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

FAMILY_SHAPES = ("couple", "single_mother", "single_father", "stepfamily", "kinship")
FAMILY_SHAPE_WEIGHTS = (45, 33, 5, 13, 4)
CHILD_COUNT_WEIGHTS = (30, 33, 20, 11, 6)  # 1..5 children

DISABILITY_CODES = ("MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA")
MIXED_ETHNICITY = {"BCRB": "MWBC", "BAFR": "MWBA", "AIND": "MWAS", "APKN": "MWAS", "ABAN": "MWAS"}
WHITE_ETHNICITIES = frozenset({"WBRI", "WIRI", "WOTH", "WROM", "WIRT"})


_new_person = instance_factory(Person)
_new_identifier = instance_factory(PersonIdentifier)
_new_name = instance_factory(PersonName)
_new_address = instance_factory(Address)
_new_relationship = instance_factory(Relationship)
_new_known_professional = instance_factory(KnownProfessional)
_new_household = instance_factory(Household)
_new_membership = instance_factory(HouseholdMembership)
_new_event = instance_factory(ChronologyEvent)
_new_involvement = instance_factory(Involvement)
_new_task = instance_factory(Task)
_new_discussion = instance_factory(StrategyDiscussion)
_new_discussion_child = instance_factory(DiscussionChild)
_new_enquiry = instance_factory(Section47Enquiry)
_new_conference = instance_factory(Conference)
_new_plan = instance_factory(Plan)
_new_allocation = instance_factory(Allocation)
_new_looked_after = instance_factory(LookedAfterEpisode)


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def aware(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=UTC)


@dataclass
class FamilyRows:
    """Everything one family adds to the database, as unsaved model instances."""

    households: list[Household] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    identifiers: list[PersonIdentifier] = field(default_factory=list)
    names: list[PersonName] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    memberships: list[HouseholdMembership] = field(default_factory=list)
    events: list[ChronologyEvent] = field(default_factory=list)
    involvements: list[Involvement] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    # The protection records behind the chronology's strategy discussions, conferences and plans.
    discussions: list[StrategyDiscussion] = field(default_factory=list)
    discussion_children: list[DiscussionChild] = field(default_factory=list)
    enquiries: list[Section47Enquiry] = field(default_factory=list)
    conferences: list[Conference] = field(default_factory=list)  # initial child protection conferences
    plans: list[Plan] = field(default_factory=list)
    review_conferences: list[Conference] = field(default_factory=list)  # review conferences (they name the plan)
    allocations: list[Allocation] = field(default_factory=list)
    # Children in need casework (safeguard.demo.cin): episodes, assessments, child in need plans.
    cin_episodes: list = field(default_factory=list)
    assessments: list = field(default_factory=list)
    cin_plans: list = field(default_factory=list)
    looked_after: list[LookedAfterEpisode] = field(default_factory=list)
    early_help_referrals: list = field(default_factory=list)  # beside early help decisions (workload)
    # The day-to-day work (safeguard.demo.workload).
    contacts: list = field(default_factory=list)
    contact_subjects: list = field(default_factory=list)
    information_requests: list = field(default_factory=list)
    decisions: list = field(default_factory=list)
    challenges: list = field(default_factory=list)
    challenge_steps: list = field(default_factory=list)
    triage_meetings: list = field(default_factory=list)
    notifications: list = field(default_factory=list)
    notified_people: list = field(default_factory=list)
    encompass_notices: list = field(default_factory=list)
    triage_items: list = field(default_factory=list)
    core_groups: list = field(default_factory=list)
    visits: list = field(default_factory=list)
    # Children in need casework (safeguard.demo.cin).
    cin_episodes: list = field(default_factory=list)
    assessments: list = field(default_factory=list)
    cin_plans: list = field(default_factory=list)
    known_professionals: list = field(default_factory=list)  # each child's school, GP practice, health visitor
    # Not rows: audit entries written afterwards through the audit log (AuditSpec).
    audit: list = field(default_factory=list)
    children: int = 0

    # Insertion order respects foreign keys.
    FIELDS = (
        "households", "people", "identifiers", "names", "addresses", "relationships", "memberships",
        "events", "involvements", "tasks", "discussions", "discussion_children", "enquiries", "conferences",
        "plans", "review_conferences", "allocations", "looked_after", "contacts", "contact_subjects",
        "information_requests", "decisions", "early_help_referrals", "challenges", "challenge_steps",
        "triage_meetings", "notifications", "notified_people", "encompass_notices", "triage_items", "core_groups",
        "visits", "cin_episodes", "assessments", "cin_plans", "known_professionals",
    )


@dataclass
class _Member:
    person: Person
    resident: bool = True
    moved_in: date | None = None
    moved_out: date | None = None


class FamilyGenerator(CinMixin, WorkloadMixin):
    def __init__(self, *, seed: int, as_of: date, refs: Refs | None = None, quotas: dict[str, int] | None = None,
                 now: datetime | None = None, notified_person_ids_from: int = 1):
        self.rng = random.Random(seed)
        # The children in need records draw from their own generator, so adding them left every
        # other part of the demo as it was.
        self._cin_rng = random.Random(seed ^ 0x13C1)
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
        self._ethnicity_cum = list(accumulate(w for _, w in names.ETHNICITIES))
        self._language_cum = list(accumulate(w for _, w in names.FIRST_LANGUAGES))
        self._rows: FamilyRows = FamilyRows()
        self._init_workload(now, notified_person_ids_from)
        self._last_visit: dict = {}

    # ---- small helpers -------------------------------------------------------------------
    def _uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def _between(self, start: date, end: date) -> date:
        if end <= start:
            return start
        return start + timedelta(days=self.rng.randint(0, (end - start).days))

    def _working_day_on_or_after(self, day: date) -> date:
        while day.weekday() >= 5 or day in self._bank_holidays:
            day += timedelta(days=1)
        return day

    def _add_working_days(self, day: date, n: int) -> date:
        day = self._working_day_on_or_after(day)
        for _ in range(n):
            day = self._working_day_on_or_after(day + timedelta(days=1))
        return day

    def _pick(self, choices, cum) -> str:
        return self.rng.choices(choices, cum_weights=cum, k=1)[0][0]

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

    # ---- people ----------------------------------------------------------------------------
    def _given_name(self, sex: str, avoid: set[str]) -> str:
        pool = names.FEMALE_GIVEN_NAMES if sex == Sex.FEMALE else names.MALE_GIVEN_NAMES
        name = self.rng.choice(pool)
        while name in avoid:
            name = self.rng.choice(pool)
        avoid.add(name)
        return name

    def _person(
        self,
        *,
        given_name: str,
        family_name: str,
        sex: str,
        ethnicity: str,
        language: str,
        date_of_birth: date | None,
        expected_birth_date: date | None = None,
        disabilities: list[str] | None = None,
    ) -> Person:
        rng = self.rng
        known_since = max(date_of_birth or self.as_of - timedelta(days=60), self.history_start)
        needs = ""
        if language not in ("English", "British Sign Language") and rng.random() < 0.4:
            needs = f"{language} interpreter needed"
        elif language == "British Sign Language":
            needs = "BSL interpreter needed"
        person = _new_person(
            id=self._uuid(),
            given_name=given_name,
            family_name=family_name,
            date_of_birth=date_of_birth,
            expected_birth_date=expected_birth_date,
            sex=sex,
            ethnicity=ethnicity,
            disabilities=disabilities or [],
            first_language=language,
            communication_needs=needs,
            created_at=aware(known_since),
        )
        self._rows.people.append(person)
        # Most people have an NHS number (the unborn do not yet); the test range can run out.
        if date_of_birth is not None and rng.random() < 0.93:
            nhs = self.nhs.next()
            if nhs is not None:
                self._identifier(person, IdentifierType.NHS_NUMBER, nhs)
        if date_of_birth is not None and 4 <= age_on(date_of_birth, self.as_of) < ADULT_AGE and rng.random() < 0.97:
            # Allocated when the child started school, the September after turning four.
            entry_year = date_of_birth.year + (4 if date_of_birth.month < 9 else 5)
            self._identifier(person, IdentifierType.UPN, self.upn.next(min(entry_year, self.as_of.year)))
        elif date_of_birth is not None and age_on(date_of_birth, self.as_of) < ADULT_AGE:
            person.upn_unknown = self._upn_unknown(date_of_birth)
        if (date_of_birth is None or age_on(date_of_birth, self.as_of) < ADULT_AGE) and not person.disabilities:
            person.disabilities = ["NONE"]  # recorded as "no disability", as the census asks
        return person

    def _identifier(self, person: Person, id_type: str, value: str) -> None:
        self._rows.identifiers.append(_new_identifier(person_id=person.id, id_type=id_type, value=value))

    def _local_id(self, person: Person) -> None:
        if any(i.person_id == person.id and i.id_type == IdentifierType.LOCAL_ID for i in self._rows.identifiers):
            return
        self.local_id_count += 1
        self._identifier(person, IdentifierType.LOCAL_ID, f"WRK{self.local_id_count:07d}")

    def _pnc(self, person: Person) -> None:
        if any(i.person_id == person.id and i.id_type == IdentifierType.PNC for i in self._rows.identifiers):
            return
        year = self._between(max(person.date_of_birth + timedelta(days=10 * 365), self.history_start
                                  - timedelta(days=3650)), self.as_of).year
        self._identifier(person, IdentifierType.PNC, self.pnc.next(year))

    def _relate(
        self,
        from_person: Person,
        to_person: Person,
        relationship_type: str,
        *,
        starts_on: date | None = None,
        ends_on: date | None = None,
        parental_responsibility: bool = False,
        is_main_carer: bool = False,
        notes: str = "",
    ) -> None:
        assert from_person.id != to_person.id
        if starts_on is not None and ends_on is not None and ends_on < starts_on:
            ends_on = starts_on
        recorded = max(starts_on or self.history_start, self.history_start)
        self._rows.relationships.append(
            _new_relationship(
                from_person_id=from_person.id,
                to_person_id=to_person.id,
                relationship_type=relationship_type,
                starts_on=starts_on,
                ends_on=ends_on,
                parental_responsibility=parental_responsibility,
                is_main_carer=is_main_carer,
                notes=notes,
                recorded_at=aware(min(recorded, self.as_of)),
            )
        )

    def _postcode(self) -> str:
        rng = self.rng
        letters = names.POSTCODE_LETTERS
        return f"{names.POSTCODE_DISTRICT} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"

    def _address(self, town: str | None = None) -> tuple[str, str, str]:
        rng = self.rng
        town = town or rng.choice(names.TOWNS)[0]
        return f"{rng.randint(1, 180)} {rng.choice(names.STREET_NAMES)}", town, self._postcode()

    def _live_at(self, person: Person, address: tuple[str, str, str], moved_in: date | None, moved_out: date | None):
        if person.date_of_birth is None:
            return
        if moved_in is not None and moved_in < person.date_of_birth:
            moved_in = person.date_of_birth
        if moved_out is not None and moved_in is not None and moved_out < moved_in:
            return
        line_1, town, postcode = address
        self._rows.addresses.append(
            _new_address(person_id=person.id, line_1=line_1, town=town, postcode=postcode, moved_in=moved_in,
                    moved_out=moved_out)
        )

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
        shape = rng.choices(FAMILY_SHAPES, weights=FAMILY_SHAPE_WEIGHTS)[0]
        n_children = rng.choices(range(1, 6), weights=CHILD_COUNT_WEIGHTS)[0]
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
                        f"Contact received (referral source {referral_source}): {topic}", "fd.worker")
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
