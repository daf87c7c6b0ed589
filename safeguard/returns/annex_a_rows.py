"""The rows of each Annex A list, read a chunk at a time: {column heading: value} per row.

Each list walks one selection from returns.selectors with a streaming cursor and, per chunk of
CHUNK_SIZE rows, makes a fixed number of batched look-ups (allocations, visits, conferences, the dates behind
"in the last 12 months" counts…), so the query count grows with the number of chunks, never rows.

Age of Child (Years), as Ofsted's template counts it:
- lists 1 to 5 (contacts, early help, referrals, assessments, section 47 enquiries): the child's
  age on the date of the event the row is about (contact, early help, referral, assessment start,
  section 47 start);
- lists 6 to 9 (children in need, on a plan, in care, care leavers): the age at the end of the
  period, the day the lists describe.
Allocated Team and Worker are the child's allocation open on the last day of the period
(protection.Allocation) and that worker's team then; with nobody allocated, the team holding the
child's open children in need episode and no worker; otherwise blank.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from safeguard.cin.models import CINEpisode
from safeguard.frontdoor.models import Assessment
from safeguard.people.codes import Disability, Sex
from safeguard.people.models import Person, age_on
from safeguard.protection.models import (
    Conference,
    LegalStatus,
    LookedAfterEpisode,
    Plan,
    Section47Enquiry,
    StatutoryVisit,
)
from safeguard.returns import selectors as sel
from safeguard.returns.selectors import Period

CHUNK_SIZE = 2000
GENDER = {Sex.MALE: "Male", Sex.FEMALE: "Female", Sex.UNKNOWN: "Unknown"}
# Emergency protection order, or police protection: list 7's "in the last six months" question.
EMERGENCY_STATUSES = (LegalStatus.L1, LegalStatus.L2)


@dataclasses.dataclass
class Context:
    period: Period
    chunk_size: int
    teams: dict[int, str]  # practitioner id -> team name on the period's last day

    @classmethod
    def for_period(cls, period: Period, *, chunk_size: int = CHUNK_SIZE) -> Context:
        return cls(period, chunk_size, sel.worker_teams(period.end))


def yes_no(value: bool | None) -> str | None:
    return None if value is None else ("Yes" if value else "No")


def chunks(queryset: QuerySet, size: int) -> Iterator[list]:
    """The queryset's rows, `size` at a time, from one streaming cursor."""
    chunk: list = []
    for row in queryset.iterator(chunk_size=size):
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def child_columns(person: Person, on: date) -> dict:
    """The columns every list starts with, and the disability question lists 4 to 9 ask."""
    born = person.date_of_birth
    disabilities = [d for d in person.disabilities or [] if d != Disability.NONE]
    return {
        "Child Unique ID": sel.la_child_id(person.pk),
        "Gender": GENDER.get(person.sex, "Unknown"),
        "Ethnicity": person.ethnicity,
        "Date of Birth": born,
        "Age of Child (Years)": age_on(born, on) if born and born <= on else None,
        "Does the Child have a Disability": yes_no(bool(disabilities)),
    }


def allocated_columns(allocated: tuple[str | None, str | None] | None) -> dict:
    if allocated is None:
        return {}
    team, worker = allocated
    return {"Allocated Team": team, "Allocated Worker": worker}


def _child_ids(rows: Iterable, attr: str) -> list:
    return list({getattr(r, attr) for r in rows})


def _latest_by(rows: Iterable, key, value) -> dict:
    """{key(row): row} keeping the row with the greatest value(row)."""
    found: dict = {}
    for row in rows:
        k = key(row)
        if k not in found or value(row) > value(found[k]):
            found[k] = row
    return found


# --- List 1 and 2: the front door --------------------------------------------------------------------


def contacts(context: Context) -> Iterator[dict]:
    for chunk in chunks(sel.child_contacts_in_period(context.period), context.chunk_size):
        for subject in chunk:
            on = timezone.localdate(subject.contact.received_at)
            yield {
                **child_columns(subject.person, on),
                "Date of Contact": on,
                "Contact Source": subject.contact.referral_source,
            }


def early_help(context: Context) -> Iterator[dict]:
    """What Safeguard holds of early help: the front door's referral to it (its date and the team
    it went to). The early help assessment itself is recorded in the early help service's system,
    so its completion date stays blank."""
    for chunk in chunks(sel.early_help_in_period(context.period), context.chunk_size):
        for subject in chunk:
            referral = subject.contact.decision.early_help_referral
            on = timezone.localdate(referral.created_at)
            yield {
                **child_columns(subject.person, on),
                "Assessment start date": on,
                "Organisation completing assessment": referral.referred_to,
            }


# --- Lists 3 to 7: children's social care ------------------------------------------------------------


def referrals(context: Context) -> Iterator[dict]:
    end = context.period.end
    for chunk in chunks(sel.referrals_in_period(context.period), context.chunk_size):
        child_ids = _child_ids(chunk, "child_id")
        allocations = sel.allocated_on(child_ids, end, context.teams)
        earlier = sel.dates_by_child(CINEpisode.objects.all(), "child_id", "referral_date", child_ids)
        for episode in chunk:
            yield {
                **child_columns(episode.child, episode.referral_date),
                "Date of referral": episode.referral_date,
                "Referral Source": episode.referral_source,
                "Referral NFA?": yes_no(episode.referral_nfa),
                "Number of Referrals in Last 12 Months": sel.count_in_year_to(
                    earlier[episode.child_id], episode.referral_date
                ),
                **allocated_columns(allocations.get(episode.child_id)),
            }


def assessments(context: Context) -> Iterator[dict]:
    end = context.period.end
    for chunk in chunks(sel.assessments_in_period(context.period), context.chunk_size):
        allocations = sel.allocated_on(_child_ids(chunk, "person_id"), end, context.teams)
        for assessment in chunk:
            seen = assessment.child_seen_on is not None and assessment.child_seen_on <= end
            authorised = assessment.authorised_on
            if authorised and authorised > end:
                authorised = None
            yield {
                **child_columns(assessment.person, assessment.started_on),
                "Continuous Assessment Start Date": assessment.started_on,
                "Child Seen During Continuous Assessment": yes_no(seen),
                "Continuous Assessment Date of Authorisation": authorised,
                "Was the child assessed as requiring LA children's social care support?": yes_no(
                    assessment.needs_social_care_support if authorised else None
                ),
                **allocated_columns(allocations.get(assessment.person_id)),
            }


ICPC_NOT_NEEDED = {"no": "Yes", "yes": "No"}


def section47(context: Context) -> Iterator[dict]:
    end = context.period.end
    for chunk in chunks(sel.section47_in_period(context.period), context.chunk_size):
        child_ids = _child_ids(chunk, "child_id")
        allocations = sel.allocated_on(child_ids, end, context.teams)
        conferences = sel.initial_conferences(e.pk for e in chunk)
        enquiry_days = sel.dates_by_child(Section47Enquiry.objects.all(), "child_id", "started_on", child_ids)
        icpc_days = sel.dates_by_child(
            Conference.objects.filter(kind=Conference.Kind.INITIAL), "child_id", "held_on", child_ids
        )
        for enquiry in chunk:
            conference = conferences.get(enquiry.pk)
            held = conference.held_on if conference and conference.held_on and conference.held_on <= end else None
            led_to_plan = None
            if held and conference.decision:
                led_to_plan = conference.decision == Conference.Decision.PLAN
            # As the census's ICPCnotRequired: a conference held answers "No" whatever was thought.
            not_needed = "No" if held else ICPC_NOT_NEEDED.get(enquiry.icpc_needed)
            yield {
                **child_columns(enquiry.child, enquiry.started_on),
                "Strategy discussion initiating Section 47 Enquiry Start Date": enquiry.started_on,
                "Was an Initial Child Protection Conference deemed unnecessary?": not_needed,
                "Date of Initial Child Protection Conference": held,
                "Did the Initial Child Protection Conference Result in a Child Protection Plan": yes_no(led_to_plan),
                "Number of Section 47 Enquiries in the last 12 months": sel.count_in_year_to(
                    enquiry_days[enquiry.child_id], enquiry.started_on
                ),
                "Number of ICPCs in the last 12 months": sel.count_in_year_to(
                    icpc_days[enquiry.child_id], held or enquiry.started_on
                ),
                **allocated_columns(allocations.get(enquiry.child_id)),
            }


def _open_on(queryset: QuerySet, child_ids: list, on: date, start: str, end: str) -> set:
    return set(
        queryset.filter(child_id__in=child_ids, **{f"{start}__lte": on})
        .filter(Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": on}))
        .values_list("child_id", flat=True)
    )


def case_status(child_id, episode: CINEpisode, on: date, on_plan: set, looked_after: set) -> str:
    """Where the child's case stands on the period's last day, most intensive first."""
    if episode.closure_date is not None and episode.closure_date <= on:
        return "Closed"
    if child_id in looked_after:
        return "Looked after"
    if child_id in on_plan:
        return "Child protection plan"
    return "Child in need"


def children_in_need(context: Context) -> Iterator[dict]:
    end = context.period.end
    for chunk in chunks(sel.cin_episodes_in_period(context.period), context.chunk_size):
        child_ids = _child_ids(chunk, "child_id")
        allocations = sel.allocated_on(child_ids, end, context.teams)
        visits = sel.dates_by_child(StatutoryVisit.objects.filter(visited_on__lte=end), "plan__child_id",
                                    "visited_on", child_ids)
        seen = sel.dates_by_child(Assessment.objects.filter(child_seen_on__lte=end), "person_id", "child_seen_on",
                                  child_ids)
        on_plan = _open_on(Plan.objects.all(), child_ids, end, "started_on", "ended_on")
        looked_after = _open_on(LookedAfterEpisode.objects.all(), child_ids, end, "started_on", "ended_on")
        for episode in chunk:
            last_seen = max([*visits[episode.child_id][-1:], *seen[episode.child_id][-1:]], default=None)
            closed = episode.closure_date if episode.closure_date and episode.closure_date <= end else None
            yield {
                **child_columns(episode.child, end),
                "CIN Start Date": episode.referral_date,
                "Primary Need Code": episode.primary_need or None,
                "Date Child Was Last Seen": last_seen,
                "CIN Closure Date": closed,
                "Reason for Closure": episode.closure_reason if closed else None,
                "Case Status": case_status(episode.child_id, episode, end, on_plan, looked_after),
                **allocated_columns(allocations.get(episode.child_id)),
            }


def cp_plans(context: Context) -> Iterator[dict]:
    end = context.period.end
    six_months_ago = sel.months_before(end, 6)
    for chunk in chunks(sel.cp_plans_in_period(context.period), context.chunk_size):
        child_ids = _child_ids(chunk, "child_id")
        plan_ids = [p.pk for p in chunk]
        allocations = sel.allocated_on(child_ids, end, context.teams)
        last_visit = _latest_by(
            StatutoryVisit.objects.filter(plan_id__in=plan_ids, visited_on__lte=end).only(
                "plan_id", "visited_on", "seen_alone"
            ),
            key=lambda v: v.plan_id,
            value=lambda v: (v.visited_on, v.pk),
        )
        reviews = list(
            Conference.objects.filter(
                plan_id__in=plan_ids, kind=Conference.Kind.REVIEW, held_on__isnull=False, held_on__lte=end
            ).only("plan_id", "held_on", "category")
        )
        last_review = _latest_by(reviews, key=lambda c: c.plan_id, value=lambda c: (c.held_on, c.pk))
        last_category = _latest_by(
            [c for c in reviews if c.category], key=lambda c: c.plan_id, value=lambda c: (c.held_on, c.pk)
        )
        plan_starts = sel.dates_by_child(Plan.objects.all(), "child_id", "started_on", child_ids)
        emergency = set(
            LookedAfterEpisode.objects.filter(
                child_id__in=child_ids, legal_status__in=EMERGENCY_STATUSES, started_on__lte=end
            )
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=six_months_ago))
            .values_list("child_id", flat=True)
        )
        for plan in chunk:
            visit = last_visit.get(plan.pk)
            review = last_review.get(plan.pk)
            latest = last_category.get(plan.pk)
            ended = plan.ended_on if plan.ended_on and plan.ended_on <= end else None
            yield {
                **child_columns(plan.child, end),
                "Child Protection Plan Start Date": plan.started_on,
                "Initial Category of Abuse": plan.category,
                "Latest Category of Abuse": latest.category if latest else plan.category,
                "Date of the Last Statutory Visit": visit.visited_on if visit else None,
                "Was the Child Seen Alone?": yes_no(visit.seen_alone) if visit else None,
                "Date of latest review conference": review.held_on if review else None,
                "Child Protection Plan End Date": ended,
                "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)":
                    yes_no(plan.child_id in emergency),
                "Number of Previous Child Protection Plans": sum(
                    1 for d in plan_starts[plan.child_id] if d < plan.started_on
                ),
                **allocated_columns(allocations.get(plan.child_id)),
            }


# --- Lists 8 and 9: children in care and care leavers, as far as Safeguard holds them ------------------


def looked_after(context: Context) -> Iterator[dict]:
    """Safeguard records each period of care and its legal status (protection.LookedAfterEpisode);
    placements, reviews, health and missing episodes live in the care system, so stay blank."""
    end = context.period.end
    for chunk in chunks(sel.looked_after_in_period(context.period), context.chunk_size):
        child_ids = _child_ids(chunk, "child_id")
        allocations = sel.allocated_on(child_ids, end, context.teams)
        ended = sel.dates_by_child(LookedAfterEpisode.objects.all(), "child_id", "ended_on", child_ids)
        needs: dict = defaultdict(str)
        for child_id, need in (
            CINEpisode.objects.filter(child_id__in=child_ids, referral_date__lte=end)
            .exclude(primary_need="")
            .order_by("referral_date", "pk")
            .values_list("child_id", "primary_need")
        ):
            needs[child_id] = need  # the latest episode's wins
        for episode in chunk:
            since = sel.years_before(episode.started_on, 1)
            again = any(since <= d <= episode.started_on for d in ended[episode.child_id])
            ceased = episode.ended_on if episode.ended_on and episode.ended_on <= end else None
            yield {
                **child_columns(episode.child, end),
                "Date Started to be Looked After": episode.started_on,
                "Child's Category of Need": needs[episode.child_id] or None,
                "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)":
                    yes_no(again),
                "Start date of current legal status": episode.started_on,
                "Child's Legal Status": episode.legal_status,
                "Date Ceased to be Looked After": ceased,
                "Reason Ceased to be Looked After": (episode.end_reason or None) if ceased else None,
                **allocated_columns(allocations.get(episode.child_id)),
            }


def care_leavers(context: Context) -> Iterator[dict]:
    """Young people who left care as care leavers (see selectors.care_leaver_category); whether the
    authority is in touch, their accommodation and activity are recorded elsewhere, so stay blank."""
    end = context.period.end
    for chunk in chunks(sel.care_leaver_candidates(context.period), context.chunk_size):
        person_ids = [p.pk for p in chunk]
        allocations = sel.allocated_on(person_ids, end, context.teams)
        episodes: dict = defaultdict(list)
        for episode in LookedAfterEpisode.objects.filter(child_id__in=person_ids, started_on__lte=end):
            episodes[episode.child_id].append(episode)
        for person in chunk:
            category = sel.care_leaver_category(person, episodes[person.pk], end)
            if not category:
                continue
            yield {
                **child_columns(person, end),
                **allocated_columns(allocations.get(person.pk)),
                "Eligibility Category": category,
            }
