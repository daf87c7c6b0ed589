"""The generator's cheaper draws give exactly what the standard library gives: a seed's rows must not change."""

from __future__ import annotations

import gc
import random
import uuid
from datetime import date, timedelta

import holidays

from safeguard.demo.days import WorkingDays
from safeguard.demo.seeding import collector_paused
from safeguard.demo.stream import DemoRandom, uuid4_from_bits


def test_randint_choice_weighted_and_uuid_follow_random_random():
    ours, theirs = DemoRandom(2026), random.Random(2026)
    population, weights = ("a", "b", "c", "d", "e"), (45, 33, 5, 13, 4)
    cum = tuple(sum(weights[: i + 1]) for i in range(len(weights)))
    for _ in range(20000):
        assert ours.randint(-3, 700) == theirs.randint(-3, 700)
        assert ours.randint(5, 5) == theirs.randint(5, 5)
        assert ours.choice(population) == theirs.choice(population)
        assert ours.choice(range(1, 6)) == theirs.choice(range(1, 6))
        assert ours.weighted(population, cum) == theirs.choices(population, weights=weights)[0]
        assert ours.uuid4() == uuid.UUID(int=theirs.getrandbits(128), version=4)
        assert ours.random() == theirs.random()


def test_uuid4_from_bits_is_uuid_with_version_4():
    for bits in (0, (1 << 128) - 1, 0x0123456789ABCDEF0123456789ABCDEF):
        made = uuid4_from_bits(bits)
        assert made == uuid.UUID(int=bits, version=4)
        assert str(made) == str(uuid.UUID(int=bits, version=4)) and made.version == 4
        assert hash(made) == hash(uuid.UUID(int=bits, version=4))


def _loop_on_or_after(day: date, bank: frozenset[date]) -> date:
    while day.weekday() >= 5 or day in bank:
        day += timedelta(days=1)
    return day


def _loop_add(day: date, n: int, bank: frozenset[date]) -> date:
    day = _loop_on_or_after(day, bank)
    for _ in range(n):
        day = _loop_on_or_after(day + timedelta(days=1), bank)
    return day


def test_working_days_table_matches_the_day_by_day_walk_inside_and_outside_it():
    bank = frozenset(holidays.country_holidays("GB", subdiv="ENG", years=range(2022, 2028)).keys())
    table = WorkingDays(bank, date(2023, 1, 1), date(2026, 12, 27))  # ends on a Sunday
    day = date(2022, 12, 20)
    while day < date(2027, 1, 20):
        assert table.on_or_after(day) == _loop_on_or_after(day, bank), day
        for n in (0, 1, 15, 45):
            assert table.add(day, n) == _loop_add(day, n, bank), (day, n)
        day += timedelta(days=1)


def test_collector_is_paused_inside_and_restored_after():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled() and gc.get_freeze_count() == 0
