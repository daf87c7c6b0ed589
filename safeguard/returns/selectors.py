"""The rows the statutory returns are built from, chosen once for both exports.

The CIN census (cin_census.py) and Ofsted's Annex A (annex_a.py) read the same selections for the
same period, so the referrals, section 47 enquiries and child protection plans they count cannot
drift apart (returns/tests/test_reconciliation.py proves they agree). A period is two dates, both
inclusive. These are whole-partnership reads for the data team: the caller checks
`policy.statutory_returns` first.

Also here: the batched look-ups the exports make per chunk of rows (allocated worker and team,
the dates a count "in the last 12 months" needs), each one query for the whole chunk.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from safeguard.agencies.models import Membership
from safeguard.cin.models import CINEpisode
from safeguard.frontdoor.codes import CHILD_ROLES
from safeguard.frontdoor.models import Assessment, ContactSubject
from safeguard.people.models import Person
from safeguard.protection.models import Allocation, Conference, LookedAfterEpisode, Plan, Section47Enquiry


@dataclasses.dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included."""

    start: date
    end: date

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("The end of the period must be on or after its start")

    @classmethod
    def twelve_months_to(cls, end: date) -> Period:
        """The 12 months up to and including `end` (Ofsted's usual Annex A period)."""
        return cls(years_before(end, 1) + timedelta(days=1), end)

    def aware_bounds(self) -> tuple[datetime, datetime]:
        """[start of the first day, start of the day after the last) in local time: for moments."""
        tz = timezone.get_current_timezone()
        return (
            timezone.make_aware(datetime.combine(self.start, time.min), tz),
            timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min), tz),
        )


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def months_before(day: date, months: int) -> date:
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _open_in(period: Period, start_field: str, end_field: str) -> Q:
    """Started on or before the period's last day and not ended before its first."""
    return Q(**{f"{start_field}__lte": period.end}) & (
        Q(**{f"{end_field}__isnull": True}) | Q(**{f"{end_field}__gte": period.start})
    )


# --- The selections ------------------------------------------------------------------------------


def child_contacts_in_period(period: Period) -> QuerySet[ContactSubject]:
    """One row per child named in a contact received in the period (children the front door matched
    to a record: a child nobody has identified has no ID to report)."""
    after, before = period.aware_bounds()
    return (
        ContactSubject.objects.filter(
            role__in=CHILD_ROLES, person__isnull=False, contact__received_at__gte=after, contact__received_at__lt=before
        )
        .select_related("contact", "person")
        .order_by("contact__received_at", "pk")
    )


def early_help_in_period(period: Period) -> QuerySet[ContactSubject]:
    """One row per child of a contact the front door passed to early help in the period."""
    after, before = period.aware_bounds()
    return (
        ContactSubject.objects.filter(
            role__in=CHILD_ROLES,
            person__isnull=False,
            contact__decision__early_help_referral__created_at__gte=after,
            contact__decision__early_help_referral__created_at__lt=before,
        )
        .select_related("person", "contact__decision__early_help_referral")
        .order_by("contact__decision__early_help_referral__created_at", "pk")
    )


def referrals_in_period(period: Period) -> QuerySet[CINEpisode]:
    """Referrals received in the period: children in need episodes whose CINreferralDate falls in it."""
    return (
        CINEpisode.objects.filter(referral_date__gte=period.start, referral_date__lte=period.end)
        .select_related("child")
        .order_by("referral_date", "pk")
    )


def cin_episodes_in_period(period: Period) -> QuerySet[CINEpisode]:
    """Children in need episodes open at any time in the period (referred by its end, not closed
    before its start): the CIN census's CINdetails and Annex A's list 6."""
    return (
        CINEpisode.objects.filter(_open_in(period, "referral_date", "closure_date"))
        .select_related("child")
        .order_by("referral_date", "pk")
    )


def assessments_in_period(period: Period) -> QuerySet[Assessment]:
    """Child and family assessments under way at any time in the period (started by its end, not
    authorised before its start)."""
    return (
        Assessment.objects.filter(_open_in(period, "started_on", "authorised_on"))
        .select_related("person")
        .order_by("started_on", "pk")
    )


def section47_in_period(period: Period) -> QuerySet[Section47Enquiry]:
    """Section 47 enquiries started in the period (the CIN census's S47ActualStartDate)."""
    return (
        Section47Enquiry.objects.filter(started_on__gte=period.start, started_on__lte=period.end)
        .select_related("child")
        .order_by("started_on", "pk")
    )


def cp_plans_in_period(period: Period) -> QuerySet[Plan]:
    """Child protection plans open at any time in the period. A plan not yet finalised counts: it
    started at the initial conference that decided it."""
    return Plan.objects.filter(_open_in(period, "started_on", "ended_on")).select_related("child").order_by(
        "started_on", "pk"
    )


def looked_after_in_period(period: Period) -> QuerySet[LookedAfterEpisode]:
    """Periods of being looked after open at any time in the period."""
    return (
        LookedAfterEpisode.objects.filter(_open_in(period, "started_on", "ended_on"))
        .select_related("child")
        .order_by("started_on", "pk")
    )


def looked_after_on(day: date) -> QuerySet[LookedAfterEpisode]:
    """Episodes open on `day` (started by it, not ended before or on it)."""
    return LookedAfterEpisode.objects.filter(started_on__lte=day).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))


def care_leaver_candidates(period: Period) -> QuerySet[Person]:
    """Young people aged 16 to 21 at the period's end who left care at some point and are not
    looked after at its end. Whether each is a care leaver (left at 16 or over after 13 weeks looked
    after since 14) is decided from their episodes: see `care_leaver_category`."""
    return (
        Person.objects.filter(
            date_of_birth__lte=years_before(period.end, 16),
            date_of_birth__gt=years_before(period.end, 22),
            looked_after_episodes__ended_on__lte=period.end,
        )
        .exclude(pk__in=looked_after_on(period.end).values("child_id"))
        .distinct()
        .order_by("date_of_birth", "pk")
    )


RELEVANT_WEEKS = 13


def care_leaver_category(person: Person, episodes: list[LookedAfterEpisode], on: date) -> str:
    """"Relevant" (16 or 17) or "Former relevant" (18 to 21): looked after for at least 13 weeks in
    all since their 14th birthday and in care on or after their 16th (Children (Leaving Care) Act
    2000); "" when Safeguard's episodes do not show that."""
    born = person.date_of_birth
    if born is None:
        return ""
    fourteenth, sixteenth = years_before(born, -14), years_before(born, -16)
    days = sum(
        ((e.ended_on or on) - max(e.started_on, fourteenth)).days
        for e in episodes
        if (e.ended_on or on) > fourteenth and e.started_on <= on
    )
    in_care_at_16 = any((e.ended_on or on) >= sixteenth for e in episodes)
    if days < RELEVANT_WEEKS * 7 or not in_care_at_16:
        return ""
    return "Relevant" if on < years_before(born, -18) else "Former relevant"


# --- Batched look-ups for a chunk of rows -------------------------------------------------------------


def la_child_id(person_id) -> str:
    """The child ID both returns print (CIN LAchildID, Annex A Child Unique ID): the first 20 hex
    digits of the record's id, upper case. Stable from year to year and within the census's 20
    alphanumerics, so a child is the same row in both returns and in last year's."""
    return uuid.UUID(str(person_id)).hex[:20].upper()


def worker_teams(on: date) -> dict[int, str]:
    """Each practitioner's team on `on` (their primary membership first): read once per export."""
    teams: dict[int, str] = {}
    memberships = (
        Membership.objects.filter(starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .select_related("team")
        .order_by("-is_primary", "starts_on", "pk")
    )
    for membership in memberships:
        teams.setdefault(membership.practitioner_id, membership.team.name)
    return teams


def allocated_on(child_ids: Iterable, on: date, teams: dict[int, str]) -> dict:
    """{child id: (team, worker)} on `on`: the open allocation (the latest started, if several) and
    its worker's team (`teams`, from worker_teams); a child nobody is allocated to but whose open
    children in need episode a team holds gets that team and no worker. Two queries."""
    child_ids = list(child_ids)
    allocated: dict = {}
    for episode in (
        CINEpisode.objects.filter(child_id__in=child_ids, team__isnull=False)
        .filter(_open_in(Period(on, on), "referral_date", "closure_date"))
        .select_related("team")
    ):
        allocated[episode.child_id] = (episode.team.name, None)
    allocations = (
        Allocation.objects.filter(child_id__in=child_ids, starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .select_related("worker")
        .order_by("starts_on", "pk")
    )
    for allocation in allocations:
        worker = allocation.worker
        allocated[allocation.child_id] = (
            teams.get(worker.pk) or allocated.get(allocation.child_id, (None,))[0],
            worker.get_full_name() or worker.get_username(),
        )
    return allocated


def dates_by_child(queryset: QuerySet, child_field: str, date_field: str, child_ids: Iterable) -> dict[object, list]:
    """{child id: sorted dates} of `queryset`'s rows for these children (one query)."""
    found: dict[object, list] = defaultdict(list)
    rows = queryset.filter(**{f"{child_field}__in": list(child_ids), f"{date_field}__isnull": False}).values_list(
        child_field, date_field
    )
    for child_id, day in rows:
        found[child_id].append(day)
    for days in found.values():
        days.sort()
    return found


def count_in_year_to(days: list[date], day: date) -> int:
    """How many of `days` fall in the 12 months up to and including `day`."""
    since = years_before(day, 1)
    return sum(1 for d in days if since < d <= day)


def initial_conferences(enquiry_ids: Iterable) -> dict:
    """The initial conference each section 47 enquiry led to (the latest arranged, if several)."""
    conferences = Conference.objects.filter(
        kind=Conference.Kind.INITIAL, enquiry_id__in=list(enquiry_ids), cancelled_at__isnull=True
    ).order_by("scheduled_for", "pk")
    return {c.enquiry_id: c for c in conferences}
