"""The one place that knows working days and the partnership's statutory timescales.

Every deadline in Safeguard is computed here. Working days exclude weekends, England bank holidays
(the `holidays` package, subdivision ENG) and extra non-working days an administrator adds. Default
timescales come from DOMAIN.md; a partnership overrides any of them with the Django setting
`SAFEGUARD_TIMESCALES` (a dict of field name to value) — nowhere else.

"Now" is also decided here. A training or demo service may set it (`SAFEGUARD_CLOCK_NOW`, or
`run_scheduled_work --as-of`) so that staff can be trained on escalation and chasing, and a
partnership can prove them end to end, without waiting for real days to pass. `install()` makes
Django's `timezone.now()` (and so `timezone.localdate()`) read this clock, so every deadline, every
recorded time and every periodic job agrees on the same "now". A live service refuses it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

# --- "Now": the real clock, or a training clock ---------------------------------------------------

_real_now = getattr(timezone.now, "real_now", timezone.now)
_override: ContextVar[datetime | None] = ContextVar("safeguard_clock_override", default=None)

TRAINING_CLOCK_REFUSED = (
    "A training clock (SAFEGUARD_CLOCK_NOW or --as-of) is refused: DJANGO_DEBUG is off and "
    "SAFEGUARD_TRAINING is not on. A live service must run on the real clock; set SAFEGUARD_TRAINING=1 "
    "only on a training or acceptance copy with fictional data."
)


def parse_moment(text: str, *, time_zone: str = "Europe/London") -> datetime:
    """An ISO date and time ("2026-12-14T10:00", or a date alone for 09:00) as an aware datetime;
    without an offset it is the partnership's local time. Raises ValueError when unreadable."""
    text = (text or "").strip()
    if len(text) == 10:
        text += "T09:00"
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(time_zone))
    return moment


def training_clock_allowed() -> bool:
    """Only a local demo (DEBUG) or a service explicitly set up for training may move time."""
    return bool(settings.DEBUG or getattr(settings, "SAFEGUARD_TRAINING", False))


def training_now() -> datetime | None:
    """The training clock's "now", or None on the real clock. It stands still: the service shows
    the same moment until a trainer sets another one."""
    moment = _override.get()
    if moment is None:
        moment = getattr(settings, "SAFEGUARD_CLOCK_NOW", None)
        if moment is None:
            return None
        if isinstance(moment, str):
            moment = parse_moment(moment, time_zone=settings.TIME_ZONE)
    if not training_clock_allowed():
        raise ImproperlyConfigured(TRAINING_CLOCK_REFUSED)
    return moment


def now() -> datetime:
    """The current moment for the whole service: the training clock when one is set."""
    moment = training_now()
    return moment if moment is not None else _real_now()


now.real_now = _real_now  # type: ignore[attr-defined]


def real_now() -> datetime:
    """The wall clock, whatever the training clock says: for marks that record which real writes a
    job has seen (e.g. the duplicate scan), which must not jump ahead with a run `--as-of` later."""
    return _real_now()


def today() -> date:
    return timezone.localdate(now())


@contextmanager
def override(moment: datetime) -> Iterator[datetime]:
    """Run the enclosed code as if it were `moment` (`run_scheduled_work --as-of`, scenario tests)."""
    if not training_clock_allowed():
        raise ImproperlyConfigured(TRAINING_CLOCK_REFUSED)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    token = _override.set(moment)
    try:
        yield moment
    finally:
        _override.reset(token)


def install() -> None:
    """Make `django.utils.timezone.now` (and through it `localdate()`, model defaults and
    `auto_now`) read this clock. Called once as the core app loads, before any model is defined."""
    timezone.now = now


def describe_training_clock() -> str:
    """The banner text, e.g. "Training clock: Monday 14 December 2026 10:00", or "" on the real clock."""
    moment = training_now()
    return f"Training clock: {describe_moment(moment)}" if moment is not None else ""


def describe_moment(moment: datetime) -> str:
    """A moment in words, local time: "Monday 14 December 2026 10:00"."""
    local = timezone.localtime(moment)
    return f"{local:%A} {local.day} {local:%B %Y %H:%M}"


@dataclasses.dataclass(frozen=True)
class Timescales:
    """Partnership timescales. Units are in the field names."""

    contact_decision_working_days: int = 1
    assessment_working_days: int = 45
    strategy_discussion_working_days: int = 1
    icpc_working_days: int = 15
    first_core_group_working_days: int = 10
    core_group_interval_weeks: int = 6
    first_review_months: int = 3
    later_review_months: int = 6
    statutory_visit_working_days: int = 10
    return_home_interview_hours: int = 72
    repeat_contact_threshold: int = 3
    repeat_contact_window_months: int = 12
    reconvene_request_escalation_working_days: int = 1
    police_screening_backlog_hours: int = 24
    # Front door information requests: working hours a partner has to answer, by the contact's RAG.
    information_request_hours_red: float = 4
    information_request_hours_amber: float = 8
    information_request_hours_green: float = 24
    # Professional challenge: working days allowed at each stage before it escalates.
    challenge_stage_working_days: tuple[int, ...] = (2, 5, 5, 10)
    # Think family (pregnancy): a GP practice acknowledges a midwife's notification within this many
    # working days, and is chased every interval after; an antenatal home visit is expected by this gestation.
    gp_acknowledgement_working_days: int = 2
    gp_chase_interval_working_days: int = 2
    antenatal_home_visit_by_gestation_weeks: int = 28
    # Protection pathway: the "consider reconvening" decision, and the window for counting workers.
    reconvene_decision_working_days: int = 1
    # A review conference brought forward after a significant event is held within this many.
    brought_forward_review_working_days: int = 5
    worker_changes_window_months: int = 12
    working_day_start: time = time(9, 0)
    working_day_end: time = time(17, 0)


def timescales() -> Timescales:
    overrides = getattr(settings, "SAFEGUARD_TIMESCALES", {}) or {}
    return dataclasses.replace(Timescales(), **overrides)


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def _extra_non_working_days() -> frozenset[date]:
    from safeguard.core.models import NonWorkingDay

    configured = {date.fromisoformat(d) for d in getattr(settings, "SAFEGUARD_EXTRA_NON_WORKING_DAYS", [])}
    return frozenset(configured) | NonWorkingDay.cached_dates()


def is_working_day(day: date, *, extra: frozenset[date] | None = None) -> bool:
    if day.weekday() >= 5 or day in _bank_holidays(day.year):
        return False
    return day not in (extra if extra is not None else _extra_non_working_days())


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (start itself never counts)."""
    extra = _extra_non_working_days()
    current, step, remaining = start, (1 if days >= 0 else -1), abs(days)
    while remaining:
        current += timedelta(days=step)
        if is_working_day(current, extra=extra):
            remaining -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`; negative when end is before start."""
    if end == start:
        return 0
    sign = 1 if end > start else -1
    lo, hi = (start, end) if sign > 0 else (end, start)
    return sign * _working_days_after(lo, hi, _extra_non_working_days())


@lru_cache(maxsize=4096)
def _working_days_after(lo: date, hi: date, extra: frozenset[date]) -> int:
    """Counted day by day, so remembered: every clock on a work list asks it, mostly for the same
    few dates (today and each due date). The configured non-working days are part of the key, so a
    day added or removed is counted from then on."""
    return sum(1 for i in range(1, (hi - lo).days + 1) if is_working_day(lo + timedelta(days=i), extra=extra))


def next_working_day(day: date) -> date:
    return add_working_days(day, 1)


def start_of_next_working_day(moment: datetime) -> datetime:
    """The start of the working day after `moment` (e.g. Operation Encompass's next school day)."""
    local = timezone.localtime(moment)
    day = next_working_day(local.date())
    return timezone.make_aware(datetime.combine(day, timescales().working_day_start))


def add_working_hours(moment: datetime, hours: float) -> datetime:
    """`moment` plus `hours` counted only within working hours on working days."""
    ts = timescales()
    local = timezone.localtime(moment)
    remaining = timedelta(hours=hours)
    day = local.date()
    cursor = local
    while True:
        if is_working_day(day):
            day_start = timezone.make_aware(datetime.combine(day, ts.working_day_start))
            day_end = timezone.make_aware(datetime.combine(day, ts.working_day_end))
            cursor = max(cursor, day_start)
            if cursor < day_end:
                available = day_end - cursor
                if remaining <= available:
                    return cursor + remaining
                remaining -= available
        day += timedelta(days=1)
        cursor = timezone.make_aware(datetime.combine(day, time(0, 0)))


@dataclasses.dataclass(frozen=True)
class Deadline:
    """A due date with the plain-English status practitioners see."""

    due: date

    def working_days_left(self, today: date | None = None) -> int:
        return working_days_between(today or timezone.localdate(), self.due)

    def is_overdue(self, today: date | None = None) -> bool:
        return (today or timezone.localdate()) > self.due

    def describe(self, today: date | None = None) -> str:
        today = today or timezone.localdate()
        if today == self.due:
            return "due today"
        n = self.working_days_left(today)
        if today < self.due:
            n = max(n, 0)
            return f"due in {n} working day{'s' if n != 1 else ''}"
        n = abs(n) or 1
        return f"overdue by {n} working day{'s' if n != 1 else ''}"


# Named statutory clocks. Each takes the date that starts it and returns the date it falls due.
def contact_decision_due(received: date) -> date:
    return add_working_days(received, timescales().contact_decision_working_days)


def assessment_due(referral: date) -> date:
    return add_working_days(referral, timescales().assessment_working_days)


def icpc_due(last_strategy_discussion: date) -> date:
    return add_working_days(last_strategy_discussion, timescales().icpc_working_days)


def first_core_group_due(icpc: date) -> date:
    return add_working_days(icpc, timescales().first_core_group_working_days)


def next_core_group_due(previous: date) -> date:
    return previous + timedelta(weeks=timescales().core_group_interval_weeks)


def last_working_day_on_or_before(day: date) -> date:
    """`day` itself when it is a working day, otherwise the working day before it: a limit of
    "within N months" that falls on a weekend or bank holiday is met only by meeting before it."""
    extra = _extra_non_working_days()
    while not is_working_day(day, extra=extra):
        day -= timedelta(days=1)
    return day


def first_review_due(icpc: date) -> date:
    return last_working_day_on_or_before(icpc + relativedelta(months=timescales().first_review_months))


def later_review_due(previous_review: date) -> date:
    return last_working_day_on_or_before(previous_review + relativedelta(months=timescales().later_review_months))


def statutory_visit_due(last_visit: date) -> date:
    return add_working_days(last_visit, timescales().statutory_visit_working_days)


def return_home_interview_due(returned_at: datetime) -> datetime:
    return returned_at + timedelta(hours=timescales().return_home_interview_hours)


def repeat_contact_window_start(today: date) -> date:
    return today - relativedelta(months=timescales().repeat_contact_window_months)


def gp_acknowledgement_due(notified: date) -> date:
    return add_working_days(notified, timescales().gp_acknowledgement_working_days)


def gp_chase_due(last_chased_or_due: date) -> date:
    return add_working_days(last_chased_or_due, timescales().gp_chase_interval_working_days)


def antenatal_home_visit_due(expected_birth: date) -> date:
    """The date a pregnancy reaches the gestation by which a home visit is expected (term = 40 weeks)."""
    return expected_birth - timedelta(weeks=40 - timescales().antenatal_home_visit_by_gestation_weeks)


def challenge_stage_due(stage_started: date, stage_index: int) -> date:
    days = timescales().challenge_stage_working_days
    return add_working_days(stage_started, days[min(stage_index, len(days) - 1)])


def information_request_due(requested_at: datetime, rag: str) -> datetime:
    """When a partner's answer to a front door information request is due (working hours by RAG)."""
    hours = getattr(timescales(), f"information_request_hours_{rag}")
    return add_working_hours(requested_at, hours)


def operation_encompass_due(incident_at: datetime) -> datetime:
    """The school's key adult must be told before the start of the next school day."""
    return start_of_next_working_day(incident_at)


def police_screening_overdue_at(received_at: datetime) -> datetime:
    return received_at + timedelta(hours=timescales().police_screening_backlog_hours)

def reconvene_decision_due(raised: date) -> date:
    """When the lead social worker and chair should have decided whether to reconvene."""
    return add_working_days(raised, timescales().reconvene_decision_working_days)


def brought_forward_review_due(decided: date) -> date:
    return add_working_days(decided, timescales().brought_forward_review_working_days)


def reconvene_request_escalation_due(requested: date) -> date:
    """An unanswered request to reconvene escalates to managers after this date."""
    return add_working_days(requested, timescales().reconvene_request_escalation_working_days)


def worker_changes_window_start(today: date) -> date:
    return today - relativedelta(months=timescales().worker_changes_window_months)
