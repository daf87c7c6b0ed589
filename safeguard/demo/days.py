"""Dates for the demo generator: ages, birthdays and moments, without the clock or the database."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

ADULT_AGE = 18


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def aware(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=UTC)
