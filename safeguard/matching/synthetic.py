"""Deterministic synthetic population of person records with known truth.

Used to train the shipped default model, by the tests and by ``bench/``. Only
fictional people: names are drawn from Faker's name lists (a development
dependency, imported lazily), dates and addresses are random.

A population is a set of households (shared family name, address, postcode;
parents and children, some twins), and each person appears in one or more
agency records, each independently corrupted the way real records are:
typos, nicknames, hyphenated or changed family names, swapped or mistyped
dates of birth, missing fields, moved addresses and missing NHS numbers.
"""

from __future__ import annotations

import bisect
import contextlib
import csv
import datetime as dt
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .standardise import _nickname_map, nhs_number_is_valid

INPUT_COLUMNS = ["record_id", "given_name", "family_name", "date_of_birth", "sex",
                 "postcode", "address", "nhs_number"]


@dataclass(frozen=True)
class Corruption:
    """Per-record probabilities of each kind of error."""

    given_nickname: float = 0.08
    given_typo: float = 0.05
    given_missing: float = 0.02
    family_changed: float = 0.04
    family_hyphenated: float = 0.03
    family_typo: float = 0.05
    family_missing: float = 0.01
    dob_swapped: float = 0.03
    dob_digit: float = 0.03
    dob_year: float = 0.01
    dob_missing: float = 0.03
    sex_missing: float = 0.05
    sex_wrong: float = 0.005
    postcode_missing: float = 0.10
    postcode_typo: float = 0.01
    address_missing: float = 0.15
    moved: float = 0.20
    nhs_present: float = 0.6
    title_or_case: float = 0.10


class _Weighted:
    def __init__(self, items: list[str], offset: float = 20.0, power: float = 1.0):
        self.items = items
        self.cum = list(itertools.accumulate(1.0 / (i + offset) ** power
                                             for i in range(len(items))))

    def pick(self, rng: random.Random) -> str:
        return self.items[bisect.bisect_left(self.cum, rng.random() * self.cum[-1])]


def _ascii(names) -> list[str]:
    out, seen = [], set()
    for name in names:
        if name.isascii() and name.isalpha() and name not in seen and len(name) > 1:
            seen.add(name)
            out.append(name)
    return out


@lru_cache(maxsize=1)
def _pools() -> dict[str, _Weighted]:
    import importlib

    def provider(locale: str):
        return importlib.import_module(f"faker.providers.person.{locale}").Provider

    locales = ["en_GB", "en_US", "en_IE", "en_IN", "yo_NG", "en_PK"]
    surnames = _ascii(itertools.chain.from_iterable(
        list(getattr(provider(loc), "last_names", [])) for loc in locales))
    male, female = [], []
    for loc in ["en_GB", "en_US", "en_IE", "en_IN", "yo_NG"]:
        male.extend(getattr(provider(loc), "first_names_male", []))
        female.extend(getattr(provider(loc), "first_names_female", []))
    title = str.title
    return {
        "surname": _Weighted(surnames, offset=25),
        "male": _Weighted(_ascii([title(n) for n in male]), offset=15),
        "female": _Weighted(_ascii([title(n) for n in female]), offset=15),
        "street": _Weighted(surnames[::-1], offset=50, power=0.5),
    }


_STREET_TYPES = ["Road", "Street", "Close", "Avenue", "Lane", "Drive", "Way", "Gardens",
                 "Crescent", "Grove", "Place", "Terrace"]
_AREAS = ["SG", "LU", "AL", "HP", "WD", "EN", "CB", "MK"]
_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # letters used in inward codes


def _variants() -> dict[str, list[str]]:
    by_formal: dict[str, list[str]] = {}
    for variant, formals in _nickname_map().items():
        for formal in formals:
            if variant != formal:
                by_formal.setdefault(formal, []).append(variant)
    return {k: sorted(v) for k, v in by_formal.items()}


def nhs_number_for(index: int) -> str:
    """A valid, unique NHS number for person ``index`` (synthetic 9xx range)."""
    base = 900_000_000 + index * 2
    for candidate in (base, base + 1):  # at most one of the two has check digit 10
        digits = f"{candidate:09d}"
        for check in range(10):
            if nhs_number_is_valid(digits + str(check)):
                return digits + str(check)
    raise AssertionError("unreachable")


@dataclass
class _Person:
    pid: int
    given: str
    family: str
    dob: dt.date
    sex: str
    addresses: list[tuple[str, str]]  # (address, postcode), current first
    nhs: str


class _Generator:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.pools = _pools()
        self.variants = _variants()
        self.pid = 0
        self.today = dt.date(2026, 1, 1)

    def postcode(self) -> str:
        rng = self.rng
        district = f"{rng.choice(_AREAS)}{rng.randint(1, 24)}"
        return f"{district} {rng.randint(0, 9)}{rng.choice(_LETTERS)}{rng.choice(_LETTERS)}"

    def address(self) -> tuple[str, str]:
        rng = self.rng
        street = f"{self.pools['street'].pick(rng)} {rng.choice(_STREET_TYPES)}"
        number = str(rng.randint(1, 180))
        if rng.random() < 0.12:
            number = f"Flat {rng.randint(1, 30)}, {number}"
        return f"{number} {street}", self.postcode()

    def dob(self, min_age: int, max_age: int) -> dt.date:
        days = self.rng.randint(min_age * 365, max_age * 365 + 364)
        return self.today - dt.timedelta(days=days)

    def person(self, family: str, sex: str, dob: dt.date, home: tuple[str, str],
               given: str | None = None) -> _Person:
        rng = self.rng
        history = [home] + [self.address() for _ in range(rng.choice((0, 1, 1, 2)))]
        self.pid += 1
        if given is None:
            given = self.pools["male" if sex == "M" else "female"].pick(rng)
        return _Person(self.pid, given, family, dob, sex, history, nhs_number_for(self.pid))

    def household(self) -> list[_Person]:
        rng = self.rng
        family = self.pools["surname"].pick(rng)
        home = self.address()
        people = []
        n_adults = rng.choice((1, 1, 2, 2, 2))
        for i in range(n_adults):
            sex = "F" if i == 0 else "M"
            surname = family if i == 0 or rng.random() < 0.7 else self.pools["surname"].pick(rng)
            people.append(self.person(surname, sex, self.dob(19, 60), home))
        n_children = rng.choice((0, 1, 1, 2, 2, 2, 3, 3, 4))
        for _ in range(n_children):
            sex = rng.choice("MF")
            surname = family if rng.random() < 0.85 else self.pools["surname"].pick(rng)
            child = self.person(surname, sex, self.dob(0, 17), home)
            people.append(child)
            if rng.random() < 0.015:  # twin: same family, same date of birth
                twin_sex = rng.choice("MF")
                people.append(self.person(surname, twin_sex, child.dob, home))
        return people

    # ---- corruption -----------------------------------------------------------------

    def typo(self, text: str) -> str:
        rng = self.rng
        if len(text) < 2:
            return text
        i = rng.randrange(len(text))
        op = rng.random()
        letter = rng.choice("abcdefghijklmnopqrstuvwxyz")
        if op < 0.3:
            return text[:i] + letter + text[i + 1:]
        if op < 0.55:
            return text[:i] + text[i + 1:]
        if op < 0.8:
            return text[:i] + letter + text[i:]
        j = min(i, len(text) - 2)
        return text[:j] + text[j + 1] + text[j] + text[j + 2:]

    def styled(self, name: str, c: Corruption, titles: tuple[str, ...] = ()) -> str:
        rng = self.rng
        if rng.random() >= c.title_or_case:
            return name
        choice = rng.random()
        if choice < 0.4:
            return name.upper()
        if choice < 0.7:
            return name.lower()
        if titles and choice < 0.85:
            return f"{rng.choice(titles)} {name}"
        return f" {name} "

    def record(self, person: _Person, c: Corruption, include_nhs: bool) -> dict[str, str]:
        rng = self.rng
        given = person.given
        if rng.random() < c.given_nickname:
            options = self.variants.get(given.upper())
            if options:
                given = rng.choice(options).title()
        if rng.random() < c.given_typo:
            given = self.typo(given)
        if rng.random() < c.given_missing:
            given = ""

        family = person.family
        roll = rng.random()
        if roll < c.family_changed:
            family = self.pools["surname"].pick(rng)
        elif roll < c.family_changed + c.family_hyphenated:
            other = self.pools["surname"].pick(rng)
            family = f"{family}-{other}" if rng.random() < 0.5 else f"{other}-{family}"
        if rng.random() < c.family_typo:
            family = self.typo(family)
        if rng.random() < c.family_missing:
            family = ""

        dob: str = person.dob.isoformat()
        roll = rng.random()
        d = person.dob
        if roll < c.dob_swapped and d.day <= 12 and d.day != d.month:
            dob = f"{d.year:04d}-{d.day:02d}-{d.month:02d}"
        elif roll < c.dob_swapped + c.dob_digit:
            for _ in range(5):
                pos = rng.choice((2, 3, 5, 6, 8, 9))
                candidate = dob[:pos] + str(rng.randint(0, 9)) + dob[pos + 1:]
                try:
                    dt.date.fromisoformat(candidate)
                except ValueError:
                    continue
                dob = candidate
                break
        elif roll < c.dob_swapped + c.dob_digit + c.dob_year:
            with contextlib.suppress(ValueError):  # 29 February in a non-leap year
                dob = d.replace(year=d.year + rng.choice((-1, 1))).isoformat()
        if rng.random() < c.dob_missing:
            dob = ""

        sex = "" if rng.random() < c.sex_missing else person.sex
        if sex and rng.random() < c.sex_wrong:
            sex = "F" if sex == "M" else "M"
        home = person.addresses[0]
        if len(person.addresses) > 1 and rng.random() < c.moved:
            home = rng.choice(person.addresses[1:])
        address, postcode = home
        if rng.random() < c.postcode_typo:
            postcode = postcode[:-1] + rng.choice(_LETTERS)
        if rng.random() < c.postcode_missing:
            postcode = ""
        elif rng.random() < 0.2:
            postcode = postcode.replace(" ", "").lower()
        if rng.random() < c.address_missing:
            address = ""
        elif rng.random() < 0.3:
            address = address.replace("Road", "Rd").replace("Street", "St").upper()
        nhs = person.nhs if include_nhs and rng.random() < c.nhs_present else ""
        return {
            "given_name": self.styled(given, c) if given else "",
            "family_name": self.styled(
                family, c, _TITLES[person.sex] if person.dob.year < 2006 else ())
            if family else "",
            "date_of_birth": dob,
            "sex": sex,
            "postcode": postcode,
            "address": address,
            "nhs_number": nhs,
        }


_TITLES = {"M": ("Mr",), "F": ("Mrs", "Miss", "Ms")}
_RECORDS_PER_PERSON = (1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5)


def generate(
    n_records: int,
    seed: int = 1,
    *,
    include_nhs: bool = True,
    corruption: Corruption | None = None,
) -> Iterator[tuple[dict[str, str], int]]:
    """Yield ``(record, true_person_id)`` for ``n_records`` records, deterministically.

    ``record`` has the input columns of ``link_persons`` (``record_id`` is
    ``R0000001``...). With ``include_nhs=False`` every NHS number is blank.
    """
    corruption = corruption or Corruption()
    gen = _Generator(seed)
    produced = 0
    while produced < n_records:
        for person in gen.household():
            for _ in range(gen.rng.choice(_RECORDS_PER_PERSON)):
                if produced >= n_records:
                    return
                produced += 1
                rec = gen.record(person, corruption, include_nhs)
                yield {"record_id": f"R{produced:07d}", **rec}, person.pid


def write_population(
    input_csv: str | Path,
    truth_csv: str | Path | None,
    n_records: int,
    seed: int = 1,
    *,
    include_nhs: bool = True,
) -> None:
    """Write records to ``input_csv`` and ``record_id,true_id`` to ``truth_csv``."""
    with contextlib.ExitStack() as stack:
        f = stack.enter_context(open(input_csv, "w", newline="", encoding="utf-8"))
        writer = csv.DictWriter(f, fieldnames=INPUT_COLUMNS)
        writer.writeheader()
        truth = None
        if truth_csv:
            truth = csv.writer(
                stack.enter_context(open(truth_csv, "w", newline="", encoding="utf-8")))
            truth.writerow(["record_id", "true_id"])
        for record, true_id in generate(n_records, seed, include_nhs=include_nhs):
            writer.writerow(record)
            if truth:
                truth.writerow([record["record_id"], true_id])
