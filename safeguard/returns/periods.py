"""Collection years of the statutory returns: 1 April to 31 March, named "2026-27"."""

from __future__ import annotations

import dataclasses
import re
from datetime import date

from safeguard.core import clock

_CODE = re.compile(r"^(\d{4})-(\d{2})$")


@dataclasses.dataclass(frozen=True)
class CollectionYear:
    start_year: int  # the year of the 1 April the collection year starts on

    @classmethod
    def parse(cls, code: str) -> CollectionYear:
        """A code like "2026-27" (the DfE's own naming); anything else is a ValueError with a plain message."""
        m = _CODE.match(code.strip())
        if not m or (int(m.group(1)) + 1) % 100 != int(m.group(2)):
            raise ValueError("Enter the collection year like 2026-27")
        return cls(int(m.group(1)))

    @classmethod
    def containing(cls, day: date) -> CollectionYear:
        return cls(day.year if day >= date(day.year, 4, 1) else day.year - 1)

    @property
    def code(self) -> str:
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    @property
    def label(self) -> str:
        return f"1 April {self.start_year} to 31 March {self.start_year + 1}"

    @property
    def start(self) -> date:
        return date(self.start_year, 4, 1)

    @property
    def end(self) -> date:
        return date(self.start_year + 1, 3, 31)

    def reference_date(self, today: date | None = None) -> date:
        """The census date: 31 March, or today while the year is still running."""
        today = today or clock.today()
        return min(self.end, max(today, self.start))


def recent_years(count: int = 3, today: date | None = None) -> list[CollectionYear]:
    """The current collection year first, then the ones before it."""
    current = CollectionYear.containing(today or clock.today())
    return [CollectionYear(current.start_year - n) for n in range(count)]
