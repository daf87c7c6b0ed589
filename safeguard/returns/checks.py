"""The pre-submission report: what the census will count, and each record the DfE would reject.

Each check is one database query over the census's children (never a loop over them in Python),
named after the DfE rule it catches early, worded for the person who will fix the record, and
pointing at that record. Counting a check is one query; listing it is one page of one query.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import timedelta

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce

from safeguard.returns.cin_census import Census

ERROR, QUERY = "error", "query"


@dataclasses.dataclass(frozen=True)
class Check:
    key: str
    dfe_rule: str
    severity: str  # ERROR: the DfE rejects the return; QUERY: the DfE asks for a reason
    title: str  # what is wrong, in plain words
    fix: str  # what to do about it
    record: str  # which kind of record each row names: child, episode, assessment, cin_plan, section47, cp_plan
    rows: Callable[[Census], QuerySet]  # values: record_id, child_id, on (a date to sort by)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


def _children(c: Census) -> QuerySet:
    from safeguard.people.models import Person

    return Person.objects.filter(pk__in=c.episodes().values("child_id"))


def _as_rows(qs: QuerySet, child: str, on: str) -> QuerySet:
    return qs.annotate(record_id=F("pk"), child_key=F(child), on=F(on)).values("record_id", "child_key", "on")


def _open_on(qs_prefix: str, day: str, c: Census) -> Q:
    """An episode (reached through `qs_prefix`) open on the date in field `day`."""
    p = qs_prefix
    return Q(**{f"{p}referral_date__lte": OuterRef(day)}) & (
        Q(**{f"{p}closure_date__isnull": True})
        | Q(**{f"{p}closure_date__gte": OuterRef(day)})
        | Q(**{f"{p}closure_date__gt": c.as_at})
    )


# --- children --------------------------------------------------------------------------------------


def _no_disability(c: Census) -> QuerySet:
    qs = (
        _children(c)
        .filter(disabilities=[])
        .filter(Exists(c.episodes().filter(child_id=OuterRef("pk"), referral_nfa=False)))
    )
    return _as_rows(qs, "pk", "date_of_birth")


def _no_birth_date(c: Census) -> QuerySet:
    qs = _children(c).filter(date_of_birth__isnull=True, expected_birth_date__isnull=True)
    return _as_rows(qs, "pk", "created_at")


def _no_upn(c: Census) -> QuerySet:
    from safeguard.people.codes import IdentifierType
    from safeguard.people.models import PersonIdentifier

    has_upn = PersonIdentifier.objects.filter(person_id=OuterRef("pk"), id_type=IdentifierType.UPN)
    school_age = c.year.start.replace(year=c.year.start.year - 5)
    qs = _children(c).filter(upn_unknown="", date_of_birth__lte=school_age).exclude(Exists(has_upn))
    return _as_rows(qs, "pk", "date_of_birth")


# --- episodes --------------------------------------------------------------------------------------


def _no_primary_need(c: Census) -> QuerySet:
    return _as_rows(c.episodes().filter(referral_nfa=False, primary_need=""), "child_id", "referral_date")


def _no_referral_source(c: Census) -> QuerySet:
    return _as_rows(c.episodes().filter(referral_source=""), "child_id", "referral_date")


def _closed_with_open_assessment(c: Census) -> QuerySet:
    from safeguard.frontdoor.models import Assessment

    open_assessment = Assessment.objects.filter(episode_id=OuterRef("pk")).filter(
        Q(authorised_on__isnull=True) | Q(authorised_on__gt=OuterRef("closure_date"))
    )
    qs = c.episodes().filter(closure_date__lte=c.as_at).filter(Exists(open_assessment))
    return _as_rows(qs, "child_id", "closure_date")


def _closed_after_assessment_without_one(c: Census) -> QuerySet:
    from safeguard.frontdoor.models import Assessment

    qs = c.episodes().filter(closure_date__lte=c.as_at, closure_reason__in=["RC8", "RC9"])
    qs = qs.exclude(Exists(Assessment.objects.filter(episode_id=OuterRef("pk"))))
    return _as_rows(qs, "child_id", "closure_date")


# --- assessments -----------------------------------------------------------------------------------


def _assessments(c: Census) -> QuerySet:
    from safeguard.frontdoor.models import Assessment

    return Assessment.objects.filter(episode__in=c.episodes(), started_on__lte=c.as_at).filter(
        Q(authorised_on__isnull=True) | Q(authorised_on__gt=c.as_at) | Q(authorised_on__gte=c.year.start)
    )


def _assessment_before_referral(c: Census) -> QuerySet:
    qs = _assessments(c).filter(started_on__lt=F("episode__referral_date"))
    return _as_rows(qs, "episode__child_id", "started_on")


def _assessment_without_factors(c: Census) -> QuerySet:
    qs = _assessments(c).filter(authorised_on__lte=c.as_at, factors=[])
    return _as_rows(qs, "episode__child_id", "authorised_on")


def _open_assessment_from_last_year(c: Census) -> QuerySet:
    qs = _assessments(c).filter(Q(authorised_on__isnull=True) | Q(authorised_on__gt=c.as_at))
    return _as_rows(qs.filter(started_on__lt=c.year.start), "episode__child_id", "started_on")


# --- child in need plans ---------------------------------------------------------------------------


def _cin_plans(c: Census) -> QuerySet:
    from safeguard.cin.models import CINPlan

    return CINPlan.objects.filter(episode__in=c.episodes(), started_on__lte=c.as_at).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=c.as_at) | Q(ended_on__gte=c.year.start)
    )


def _cin_plan_alongside_cp_plan(c: Census) -> QuerySet:
    from safeguard.protection.models import Plan

    far = c.as_at + timedelta(days=1)
    overlapping = Plan.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=OuterRef("started_on")),
        child_id=OuterRef("child_id"),
        started_on__lte=c.as_at,
        started_on__lt=Coalesce(OuterRef("ended_on"), far),
    )
    return _as_rows(_cin_plans(c).filter(Exists(overlapping)), "child_id", "started_on")


def _cin_plan_on_nfa_referral(c: Census) -> QuerySet:
    return _as_rows(_cin_plans(c).filter(episode__referral_nfa=True), "child_id", "started_on")


# --- section 47 enquiries and child protection plans ----------------------------------------------


def _covering_episode(c: Census):
    from safeguard.cin.models import CINEpisode

    return Exists(CINEpisode.objects.filter(_open_on("", "started_on", c), child_id=OuterRef("child_id")))


def _section47_all(c: Census) -> QuerySet:
    """Enquiries of the census's children active in the year: started by the cut-off, and neither
    an initial conference held nor (no conference needed) concluded before 1 April."""
    from safeguard.protection.models import Conference, Section47Enquiry

    earlier_icpc = Conference.objects.filter(
        enquiry_id=OuterRef("pk"), kind=Conference.Kind.INITIAL, held_on__lt=c.year.start
    )
    return (
        Section47Enquiry.objects.filter(child_id__in=c.episodes().values("child_id"), started_on__lte=c.as_at)
        .exclude(Exists(earlier_icpc))
        .exclude(icpc_needed="no", concluded_on__lt=c.year.start)
    )


def _section47(c: Census) -> QuerySet:
    return _section47_all(c).filter(_covering_episode(c))


def _section47_outside_episode(c: Census) -> QuerySet:
    return _as_rows(_section47_all(c).exclude(_covering_episode(c)), "child_id", "started_on")


def _cp_plans_all(c: Census) -> QuerySet:
    from safeguard.protection.models import Plan

    return Plan.objects.filter(child_id__in=c.episodes().values("child_id"), started_on__lte=c.as_at).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=c.as_at) | Q(ended_on__gte=c.year.start)
    )


def _cp_plans(c: Census) -> QuerySet:
    return _cp_plans_all(c).filter(_covering_episode(c))


def _cp_plan_no_category(c: Census) -> QuerySet:
    return _as_rows(_cp_plans_all(c).filter(category=""), "child_id", "started_on")


def _cp_plan_not_on_icpc_day(c: Census) -> QuerySet:
    qs = _cp_plans_all(c).filter(started_on__gte=c.year.start).exclude(conference__held_on=F("started_on"))
    return _as_rows(qs, "child_id", "started_on")


def _cp_plan_ends_before_start(c: Census) -> QuerySet:
    return _as_rows(_cp_plans_all(c).filter(ended_on__lte=F("started_on")), "child_id", "started_on")


def _icpc_at_weekend(c: Census) -> QuerySet:
    # Django's week_day: 1 is Sunday, 7 is Saturday, on every database.
    qs = _cp_plans_all(c).filter(conference__held_on__gte=c.year.start, conference__held_on__week_day__in=[1, 7])
    return _as_rows(qs, "child_id", "conference__held_on")


def _cp_plan_outside_episode(c: Census) -> QuerySet:
    return _as_rows(_cp_plans_all(c).exclude(_covering_episode(c)), "child_id", "started_on")


def _review_not_after_start(c: Census) -> QuerySet:
    from safeguard.protection.models import Conference

    early = Conference.objects.filter(
        plan_id=OuterRef("pk"), kind=Conference.Kind.REVIEW, held_on__lte=OuterRef("started_on")
    )
    return _as_rows(_cp_plans_all(c).filter(Exists(early)), "child_id", "started_on")


CHECKS: tuple[Check, ...] = (
    Check("no_disability", "8540", ERROR, "No disability recorded (not even “none”)",
          "Record the child's disabilities, or that they have none.", "child", _no_disability),
    Check("no_birth_date", "8525Q", QUERY, "Neither a date of birth nor an expected date of birth",
          "Record the child's date of birth, or the expected date for an unborn child.", "child", _no_birth_date),
    Check("no_upn", "8770Q", QUERY, "A school-age child with no unique pupil number and no reason",
          "Record the pupil number, or why it is not known.", "child", _no_upn),
    Check("no_primary_need", "8610", ERROR, "Referral went on to further action but has no primary need",
          "Record the child's primary need on the episode.", "episode", _no_primary_need),
    Check("no_referral_source", "8866", ERROR, "Referral source missing",
          "Record who made the referral.", "episode", _no_referral_source),
    Check("closed_with_open_assessment", "8867", ERROR, "Episode closed while an assessment was not yet authorised",
          "Authorise the assessment, or reopen the episode.", "episode", _closed_with_open_assessment),
    Check("closed_after_assessment_without_one", "8825Q", QUERY,
          "Closed as “after assessment” but the episode has no assessment",
          "Check the reason for closure, or record the assessment.", "episode", _closed_after_assessment_without_one),
    Check("assessment_before_referral", "1103", ERROR, "Assessment started before the referral date",
          "Correct the assessment's start date or the referral date.", "assessment", _assessment_before_referral),
    Check("assessment_without_factors", "8897Q", QUERY, "Authorised assessment with no factors recorded",
          "Record the factors identified at assessment (or “no factors identified”).", "assessment",
          _assessment_without_factors),
    Check("open_assessment_from_last_year", "8736", ERROR,
          "Assessment started before this year and still not authorised",
          "Complete and authorise the assessment.", "assessment", _open_assessment_from_last_year),
    Check("cin_plan_alongside_cp_plan", "4001", ERROR, "Child in need plan open while a child protection plan runs",
          "End the child in need plan the day the child protection plan started.", "cin_plan",
          _cin_plan_alongside_cp_plan),
    Check("cin_plan_on_nfa_referral", "4000", ERROR, "Child in need plan on a referral with no further action",
          "Check the referral's outcome, or the plan.", "cin_plan", _cin_plan_on_nfa_referral),
    Check("section47_outside_episode", "—", ERROR, "Section 47 enquiry outside any children in need episode",
          "Record the referral (episode) the enquiry belongs to: until then it is not in the census.",
          "section47", _section47_outside_episode),
    Check("cp_plan_no_category", "8905", ERROR, "Child protection plan with no category of abuse",
          "Record the category the conference decided.", "cp_plan", _cp_plan_no_category),
    Check("cp_plan_not_on_icpc_day", "2885", ERROR, "Plan does not start on the day of its initial conference",
          "Correct the plan's start date or the conference date.", "cp_plan", _cp_plan_not_on_icpc_day),
    Check("cp_plan_ends_before_start", "8840", ERROR, "Child protection plan ends on or before the day it starts",
          "Correct the plan's start or end date.", "cp_plan", _cp_plan_ends_before_start),
    Check("icpc_at_weekend", "8875", ERROR, "Initial conference recorded on a Saturday or Sunday",
          "Correct the conference date.", "cp_plan", _icpc_at_weekend),
    Check("cp_plan_outside_episode", "—", ERROR, "Child protection plan outside any children in need episode",
          "Record the referral (episode) the plan belongs to: until then it is not in the census.", "cp_plan",
          _cp_plan_outside_episode),
    Check("review_not_after_start", "8841", ERROR, "Review conference on or before the plan started",
          "Correct the review's date.", "cp_plan", _review_not_after_start),
)  # fmt: skip
CHECKS_BY_KEY = {c.key: c for c in CHECKS}


@dataclasses.dataclass(frozen=True)
class CheckCount:
    check: Check
    count: int


def module_counts(c: Census) -> list[tuple[str, int]]:
    """What the census will count, module by module (each one query)."""
    from safeguard.protection.models import Conference

    cp_plans = _cp_plans(c)
    return [
        ("Children", _children(c).count()),
        ("Children in need episodes", c.episodes().count()),
        ("Assessments", _assessments(c).count()),
        ("Child in need plans", _cin_plans(c).count()),
        ("Section 47 enquiries", _section47(c).count()),
        ("Child protection plans", cp_plans.count()),
        ("Child protection reviews",
         Conference.objects.filter(kind=Conference.Kind.REVIEW, plan__in=cp_plans, held_on__lte=c.as_at).count()),
    ]  # fmt: skip


def check_counts(c: Census) -> list[CheckCount]:
    return [CheckCount(check, check.rows(c).count()) for check in CHECKS]
