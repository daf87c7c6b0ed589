"""The DfE children in need census as XML, streamed straight from the records.

Who is in it: every child with a children in need episode open at any time in the collection year
(1 April to 31 March), as the records stand at the census cut-off (31 March, or today while the
year is running). What happened after the cut-off is left out, as if it had not happened yet.
Inside each episode go the assessments, child in need plans, section 47 enquiries and child
protection plans active during the year (started by the cut-off, and not finished before 1 April).

The layout is the DfE's (Message → Header → Children → Child), element order as in the 2024 schema;
where the DfE's validation rules for the year differ from that schema, the rules win: `Sex` (M, F,
U) stands where `GenderCurrent` stood, and yes/no items are written "1"/"0" as the rules read them.

Memory: children are read in key order, a chunk at a time, each chunk with a fixed number of
queries (people with their UPNs, episodes, assessments, child in need plans, section 47 enquiries
and their initial conferences, child protection plans and their reviews), written with a
streaming XML writer and flushed; nothing is held for the whole year.
"""

from __future__ import annotations

import dataclasses
import io
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime
from typing import BinaryIO
from xml.sax.saxutils import XMLGenerator

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from safeguard.core import clock
from safeguard.returns.periods import CollectionYear
from safeguard.returns.selectors import la_child_id  # one child ID for both returns

SOFTWARE_CODE = "Safeguard"
RELEASE = "2026-27"
DEFAULT_CHUNK = 500


@dataclasses.dataclass(frozen=True)
class Census:
    year: CollectionYear
    as_at: date  # the cut-off: nothing after it is in the return
    lea: str
    serial_no: int = 1
    created_at: datetime | None = None

    @classmethod
    def for_year(cls, year: CollectionYear, *, as_at: date | None = None, serial_no: int = 1) -> Census:
        cut_off = year.reference_date(as_at or clock.today())
        return cls(year=year, as_at=cut_off, lea=settings.SAFEGUARD_LA_CODE, serial_no=serial_no)

    def episodes(self):
        """Episodes open at any time between 1 April and the cut-off."""
        from safeguard.cin.models import CINEpisode

        return CINEpisode.objects.filter(referral_date__lte=self.as_at).filter(
            Q(closure_date__isnull=True) | Q(closure_date__gte=self.year.start)
        )

    def cut(self, day: date | None) -> date | None:
        """A date as the census sees it: one after the cut-off has not happened yet."""
        return day if day is not None and day <= self.as_at else None

    def active(self, start: date | None, end: date | None) -> bool:
        """Started by the cut-off and not finished before the year began."""
        return start is not None and start <= self.as_at and (self.cut(end) is None or end >= self.year.start)


@dataclasses.dataclass
class RowRefs:
    """Which record each row of the DfE validator's tables came from, in document order, so its
    findings can be shown against the record to fix. Kept only when asked (small exports)."""

    rows: dict[str, list[tuple[str, str, object]]] = dataclasses.field(default_factory=lambda: defaultdict(list))
    children: dict[str, object] = dataclasses.field(default_factory=dict)  # LAchildID -> person id

    def add(self, table: str, kind: str, record_id, child_id) -> None:
        self.rows[table].append((kind, str(record_id), child_id))


@dataclasses.dataclass
class Counts:
    children: int = 0
    episodes: int = 0
    assessments: int = 0
    cin_plans: int = 0
    section47: int = 0
    cp_plans: int = 0
    reviews: int = 0


# --- reading one chunk ----------------------------------------------------------------------------


@dataclasses.dataclass
class _Chunk:
    people: list
    episodes: dict  # child id -> [episode]
    assessments: dict  # episode id -> [assessment]
    cin_plans: dict  # episode id -> [plan]
    section47: dict  # child id -> [enquiry]
    icpc: dict  # enquiry id -> held_on
    cp_plans: dict  # child id -> [plan] (every plan, for the count of previous plans)
    reviews: dict  # plan id -> [(held_on, category)]


def _child_ids(census: Census, after, size: int) -> list:
    qs = census.episodes().order_by("child_id").values_list("child_id", flat=True).distinct()
    if after is not None:
        qs = qs.filter(child_id__gt=after)
    return list(qs[:size])


def _read_chunk(census: Census, ids: list) -> _Chunk:
    from django.db.models import Prefetch

    from safeguard.cin.models import CINPlan
    from safeguard.frontdoor.models import Assessment
    from safeguard.people.codes import IdentifierType
    from safeguard.people.models import Person, PersonIdentifier
    from safeguard.protection.models import Conference, Plan, Section47Enquiry

    upns = PersonIdentifier.objects.filter(id_type=IdentifierType.UPN).order_by("pk")
    people = list(
        Person.objects.filter(pk__in=ids).order_by("pk").prefetch_related(Prefetch("identifiers", upns, "upns"))
    )
    episodes = defaultdict(list)
    for e in census.episodes().filter(child_id__in=ids).order_by("child_id", "referral_date"):
        episodes[e.child_id].append(e)
    episode_ids = [e.pk for es in episodes.values() for e in es]
    assessments = defaultdict(list)
    for a in Assessment.objects.filter(episode_id__in=episode_ids).order_by("started_on", "pk"):
        assessments[a.episode_id].append(a)
    cin_plans = defaultdict(list)
    for p in CINPlan.objects.filter(episode_id__in=episode_ids).order_by("started_on", "pk"):
        cin_plans[p.episode_id].append(p)
    section47 = defaultdict(list)
    enquiries = (
        Section47Enquiry.objects.filter(child_id__in=ids, started_on__lte=census.as_at)
        .select_related("discussion")
        .only("id", "child_id", "started_on", "icpc_needed", "concluded_on", "discussion__held_on")
        .order_by("started_on", "pk")
    )
    for s in enquiries:
        section47[s.child_id].append(s)
    icpc = dict(
        Conference.objects.filter(
            kind=Conference.Kind.INITIAL, child_id__in=ids, enquiry__isnull=False, held_on__lte=census.as_at
        ).values_list("enquiry_id", "held_on")
    )
    cp_plans = defaultdict(list)
    for p in Plan.objects.filter(child_id__in=ids, started_on__lte=census.as_at).order_by("started_on", "pk"):
        cp_plans[p.child_id].append(p)
    reviews = defaultdict(list)
    held = Conference.objects.filter(
        kind=Conference.Kind.REVIEW, child_id__in=ids, plan__isnull=False, held_on__lte=census.as_at
    ).order_by("held_on")
    for plan_id, held_on, category in held.values_list("plan_id", "held_on", "category"):
        reviews[plan_id].append((held_on, category))
    return _Chunk(people, episodes, assessments, cin_plans, section47, icpc, cp_plans, reviews)


def _episode_for(episodes: list, day: date, census: Census):
    """The episode a dated event belongs to: the one open on that day."""
    for e in episodes:
        closed = census.cut(e.closure_date)
        if e.referral_date <= day and (closed is None or day <= closed):
            return e
    return None


# --- writing ----------------------------------------------------------------------------------------


class _Writer:
    def __init__(self, out, census: Census, refs: RowRefs | None, counts: Counts):
        self.x = XMLGenerator(out, encoding="utf-8", short_empty_elements=True)
        self.census, self.refs, self.counts = census, refs, counts

    def el(self, name: str, value) -> None:
        if value is None or value == "":
            return
        text = value.isoformat() if isinstance(value, date | datetime) else str(value)
        self.x.startElement(name, {})
        self.x.characters(text)
        self.x.endElement(name)

    def start(self, name: str) -> None:
        self.x.startElement(name, {})

    def end(self, name: str) -> None:
        self.x.endElement(name)

    def header(self) -> None:
        c = self.census
        self.x.startDocument()
        self.start("Message")
        self.start("Header")
        self.start("CollectionDetails")
        self.el("Collection", "CIN")
        self.el("Year", c.year.end.year)
        self.el("ReferenceDate", c.year.end)
        self.end("CollectionDetails")
        self.start("Source")
        self.el("SourceLevel", "L")
        self.el("LEA", c.lea)
        self.el("SoftwareCode", SOFTWARE_CODE)
        self.el("Release", RELEASE)
        self.el("SerialNo", f"{c.serial_no:03d}")
        self.el("DateTime", timezone.localtime(c.created_at or clock.now()).replace(microsecond=0, tzinfo=None))
        self.end("Source")
        self.end("Header")
        self.start("Children")

    def footer(self) -> None:
        self.end("Children")
        self.end("Message")
        self.x.endDocument()

    def child(self, person, chunk: _Chunk) -> None:
        c, refs = self.census, self.refs
        lac_id = la_child_id(person.pk)
        episodes = chunk.episodes[person.pk]
        self.counts.children += 1
        if refs is not None:
            refs.children[lac_id] = person.pk
            for table in ("ChildIdentifiers", "ChildCharacteristics"):
                refs.add(table, "child", person.pk, person.pk)
        self.start("Child")
        self.start("ChildIdentifiers")
        self.el("LAchildID", lac_id)
        upn = next((i.value for i in person.upns), "")
        self.el("UPN", upn)
        self.el("UPNunknown", "" if upn else person.upn_unknown)
        born = c.cut(person.date_of_birth)
        self.el("PersonBirthDate", born)
        self.el("ExpectedPersonBirthDate", None if born else person.expected_birth_date)
        # The rules define an unborn child's sex as U (8750), whatever a scan suggested.
        self.el("Sex", person.sex if born or not person.expected_birth_date else "U")
        self.el("PersonDeathDate", c.cut(person.date_of_death))
        self.end("ChildIdentifiers")
        self.start("ChildCharacteristics")
        self.el("Ethnicity", person.ethnicity)
        disabilities = [d for d in (person.disabilities or []) if d]
        if disabilities:
            self.start("Disabilities")
            for d in disabilities:
                self.el("Disability", d)
            if refs is not None:
                for _ in disabilities:
                    refs.add("Disabilities", "child", person.pk, person.pk)
            self.end("Disabilities")
        self.end("ChildCharacteristics")
        plans = chunk.cp_plans[person.pk]
        for episode in episodes:
            self.episode(person, episode, episodes, plans, chunk)
        self.end("Child")

    def episode(self, person, e, episodes, all_plans, chunk: _Chunk) -> None:
        c, refs, counts = self.census, self.refs, self.counts
        counts.episodes += 1
        if refs is not None:
            refs.add("CINdetails", "episode", e.pk, person.pk)
        closed = c.cut(e.closure_date)
        self.start("CINdetails")
        self.el("CINreferralDate", e.referral_date)
        self.el("ReferralSource", e.referral_source)
        self.el("PrimaryNeedCode", e.primary_need)
        self.el("CINclosureDate", closed)
        self.el("ReasonForClosure", e.closure_reason if closed else "")
        for a in chunk.assessments[e.pk]:
            authorised = c.cut(a.authorised_on)
            if not c.active(a.started_on, a.authorised_on):
                continue
            counts.assessments += 1
            if refs is not None:
                refs.add("Assessments", "assessment", a.pk, person.pk)
            self.start("Assessments")
            self.el("AssessmentActualStartDate", a.started_on)
            self.el("AssessmentAuthorisationDate", authorised)
            factors = [f for f in (a.factors or []) if f] if authorised else []
            if factors:
                self.start("FactorsIdentifiedAtAssessment")
                for f in factors:
                    self.el("AssessmentFactors", f)
                    if refs is not None:
                        refs.add("AssessmentFactorsList", "assessment", a.pk, person.pk)
                self.end("FactorsIdentifiedAtAssessment")
            self.end("Assessments")
        for p in chunk.cin_plans[e.pk]:
            if not c.active(p.started_on, p.ended_on):
                continue
            counts.cin_plans += 1
            if refs is not None:
                refs.add("CINplanDates", "cin_plan", p.pk, person.pk)
            self.start("CINPlanDates")
            self.el("CINPlanStartDate", p.started_on)
            self.el("CINPlanEndDate", c.cut(p.ended_on))
            self.end("CINPlanDates")
        for s in chunk.section47[person.pk]:
            icpc = chunk.icpc.get(s.pk)
            ended = icpc or (s.concluded_on if s.icpc_needed == "no" else None)  # no conference needed
            if _episode_for(episodes, s.started_on, c) is not e or not c.active(s.started_on, ended):
                continue
            counts.section47 += 1
            if refs is not None:
                refs.add("Section47", "section47", s.pk, person.pk)
            self.start("Section47")
            self.el("S47ActualStartDate", s.started_on)
            if s.discussion.held_on:
                self.el("InitialCPCtarget", clock.icpc_due(s.discussion.held_on))
            self.el("DateOfInitialCPC", icpc)
            self.el("ICPCnotRequired", "1" if s.icpc_needed == "no" and not icpc else "0")
            self.end("Section47")
        self.el("ReferralNFA", "1" if e.referral_nfa else "0")
        for number, p in enumerate(all_plans):
            if _episode_for(episodes, p.started_on, c) is not e or not c.active(p.started_on, p.ended_on):
                continue
            counts.cp_plans += 1
            if refs is not None:
                refs.add("ChildProtectionPlans", "cp_plan", p.pk, person.pk)
            reviews = chunk.reviews[p.pk]
            latest = next((cat for _held, cat in reversed(reviews) if cat), p.category)
            self.start("ChildProtectionPlans")
            self.el("CPPstartDate", p.started_on)
            self.el("CPPendDate", c.cut(p.ended_on))
            self.el("InitialCategoryOfAbuse", p.category)
            self.el("LatestCategoryOfAbuse", latest)
            self.el("NumberOfPreviousCPP", number)
            if reviews:
                counts.reviews += len(reviews)
                self.start("Reviews")
                for held_on, _cat in reviews:
                    self.el("CPPreviewDate", held_on)
                self.end("Reviews")
                if refs is not None:
                    refs.add("Reviews", "cp_plan", p.pk, person.pk)
            self.end("ChildProtectionPlans")
        self.end("CINdetails")


def stream(census: Census, *, chunk_size: int = DEFAULT_CHUNK, refs: RowRefs | None = None,
           counts: Counts | None = None) -> Iterator[bytes]:  # fmt: skip
    """The census file in pieces (one per chunk of children), for a file or a streaming response.

    Read inside one read-only transaction (a repeatable-read snapshot on PostgreSQL), so a change
    committed halfway through the export cannot leave the file half old, half new."""
    buffer = io.BytesIO()
    writer = _Writer(buffer, census, refs, counts if counts is not None else Counts())
    outermost = not connection.in_atomic_block  # inside a caller's transaction, its snapshot rules
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        writer.header()
        after = None
        while ids := _child_ids(census, after, chunk_size):
            chunk = _read_chunk(census, ids)
            for person in chunk.people:
                writer.child(person, chunk)
            after = ids[-1]
            yield _drain(buffer)
        writer.footer()
        yield _drain(buffer)


def _drain(buffer: io.BytesIO) -> bytes:
    data = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return data


def write(census: Census, out: BinaryIO, **kwargs) -> Counts:
    counts = kwargs.pop("counts", None) or Counts()
    for piece in stream(census, counts=counts, **kwargs):
        out.write(piece)
    return counts
