"""Dates for the demo generator: ages, birthdays and moments, without the clock or the database."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

ADULT_AGE = 18


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


_HOURS = {hour: time(hour, 0) for hour in range(24)}  # made once: aware() runs for most rows


def aware(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, _HOURS[hour], tzinfo=UTC)


class WorkingDays:
    """Working days (not weekends, not `holidays`) looked up in a table instead of walked day by day.

    `on_or_after` and `add` give what the day-by-day loops give, for any date; the table covers
    `first`..`last` and dates outside it fall back to the loop.
    """

    def __init__(self, holidays: frozenset[date], first: date, last: date):
        self.holidays = holidays
        self._start = first.toordinal()
        self._days: list[date] = []
        self._next: list[int] = []  # per day of the table: the index in _days of the first working day on or after it
        pending = 0
        for ordinal in range(self._start, last.toordinal() + 1):
            day = date.fromordinal(ordinal)
            self._next.append(len(self._days))
            if day.weekday() < 5 and day not in holidays:
                self._days.append(day)
                pending = 0
            else:
                pending += 1
        # Trailing days whose next working day lies beyond the table: left to the loop.
        self._size = len(self._next) - pending

    def _index(self, day: date) -> int | None:
        if type(day) is not date:  # noqa: E721 - a datetime is a date too, and must keep its time
            return None
        offset = day.toordinal() - self._start
        return self._next[offset] if 0 <= offset < self._size else None

    def on_or_after(self, day: date) -> date:
        index = self._index(day)
        if index is not None:
            return self._days[index]
        while day.weekday() >= 5 or day in self.holidays:
            day += timedelta(days=1)
        return day

    def add(self, day: date, n: int) -> date:
        """The working day on or after `day`, then `n` working days on."""
        index = self._index(day)
        if index is not None and n >= 0 and index + n < len(self._days):
            return self._days[index + n]
        day = self.on_or_after(day)
        for _ in range(n):
            day = self.on_or_after(day + timedelta(days=1))
        return day
