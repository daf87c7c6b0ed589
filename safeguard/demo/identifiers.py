"""Synthetic identifiers that pass the real check algorithms but can never belong to anyone.

- NHS numbers come from 999 000 0000 – 999 999 9999, the range NHS England keeps for test data,
  with a valid modulus-11 check digit. The range holds about 909,000 valid numbers; an allocator
  hands each out once and then says it has run out.
- UPNs (unique pupil numbers) carry the DfE check letter; their LA number, 001, is one of the
  DfE's "pseudo LA" codes: accepted by the CIN census rules, and no real authority's.
- PNC references carry the PNC check character.
"""

from __future__ import annotations

import random

from safeguard.people.identifiers import nhs_number_check_digit, upn_check_letter

NHS_TEST_PREFIX = "999"
_NHS_SPACE = 1_000_000  # six free digits after the prefix

UPN_LA_CODE = "001"
PNC_CHECK_LETTERS = "ZABCDEFGHJKLMNPQRTUVWXY"


def is_valid_upn(upn: str) -> bool:
    return len(upn) == 13 and upn[1:12].isdigit() and upn[0] == upn_check_letter(upn[1:])


def pnc_check_letter(year: int, serial: int) -> str:
    return PNC_CHECK_LETTERS[int(f"{year % 100:02d}{serial:07d}") % 23]


class NhsNumberAllocator:
    """Hands out distinct test-range NHS numbers in an order fixed by the random generator.

    Walks the million nine-digit stems 999xxxxxx through an affine permutation
    (i -> a*i + b mod 10^6, a coprime to 10^6) and skips stems that no check digit can complete.
    """

    def __init__(self, rng: random.Random):
        multiplier = rng.randrange(1, _NHS_SPACE)
        while multiplier % 2 == 0 or multiplier % 5 == 0:
            multiplier = rng.randrange(1, _NHS_SPACE)
        self._multiplier = multiplier
        self._offset = rng.randrange(_NHS_SPACE)
        self._next = 0

    def next(self) -> str | None:
        while self._next < _NHS_SPACE:
            stem = f"{NHS_TEST_PREFIX}{(self._multiplier * self._next + self._offset) % _NHS_SPACE:06d}"
            self._next += 1
            check = nhs_number_check_digit(stem)
            if check is not None:
                return f"{stem}{check}"
        return None


class UpnAllocator:
    """UPNs as the DfE builds them: check letter, LA number, establishment number, year, serial.

    Each allocation year counts up through establishment numbers 2000–9999 and serials 000–999,
    so every UPN is distinct (up to eight million pupils a year).
    """

    def __init__(self) -> None:
        self._counters: dict[int, int] = {}

    def next(self, year_allocated: int) -> str:
        count = self._counters.get(year_allocated, 0)
        self._counters[year_allocated] = count + 1
        establishment = 2000 + count // 1000
        if establishment > 9999:
            raise OverflowError("more than eight million UPNs in one year")
        body = f"{UPN_LA_CODE}{establishment:04d}{year_allocated % 100:02d}{count % 1000:03d}"
        return f"{upn_check_letter(body)}{body}"


class PncAllocator:
    """Police national computer references (YYYY/NNNNNNNX), distinct within a run."""

    def __init__(self) -> None:
        self._counters: dict[int, int] = {}

    def next(self, year: int) -> str:
        serial = self._counters.get(year, 0) + 1
        self._counters[year] = serial
        return f"{year}/{serial:07d}{pnc_check_letter(year, serial)}"
