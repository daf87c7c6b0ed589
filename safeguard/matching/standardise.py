"""Cleaning and standardisation of person details before matching.

Everything here is pure Python with no Django imports. The same functions feed
both the real-time scorer and the batch linker (which applies them to the
distinct raw values of each column), so a name is standardised identically on
both paths.

The standardised record (see :func:`standardise_record`) holds these fields,
any of which may be ``None``:

``given_name``         first given name, upper case, no accents/punctuation
``given_canonical``    sorted list of the formal names it may stand for
                       (``KATIE`` -> ``["CATHERINE", "KATIE"]``), always
                       including the name itself
``given_phonetic``     metaphone key of the primary formal name
``family_name``        family name, parts separated by one space
                       (``Smith-Jones`` -> ``SMITH JONES``)
``family_parts``       sorted list of the name's parts longer than two letters
``family_phonetic``    metaphone key of the family name (spaces removed)
``date_of_birth``      ``YYYY-MM-DD``
``dob_year`` / ``dob_month`` / ``dob_day``  integers
``dob_unordered``      ``YYYY-lo-hi`` with day and month sorted, so that a
                       transposed day and month give the same key
``sex``                ``M`` or ``F``
``postcode``           ``SW1A 1AA``
``postcode_sector``    ``SW1A 1``
``postcode_outward``   ``SW1A`` (also set when only the outward code is known)
``address``            upper case, punctuation removed, common street words
                       abbreviated
``nhs_number``         ten digits with a valid modulus 11 check digit
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

import jellyfish

__all__ = [
    "FIELDS",
    "STANDARD_FIELDS",
    "clean_name",
    "date_of_birth_parts",
    "nhs_number_is_valid",
    "nickname_canonicals",
    "normalise_nhs_number",
    "parse_date_of_birth",
    "phonetic_key",
    "standardise_address",
    "standardise_family_name",
    "standardise_given_name",
    "standardise_postcode",
    "standardise_record",
    "standardise_sex",
]

#: Raw input fields a query or an input file row may hold.
FIELDS = (
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "postcode",
    "address",
    "nhs_number",
)

#: Standardised fields produced by :func:`standardise_record`.
STANDARD_FIELDS = (
    "given_name",
    "given_canonical",
    "given_phonetic",
    "family_name",
    "family_parts",
    "family_phonetic",
    "date_of_birth",
    "dob_year",
    "dob_month",
    "dob_day",
    "dob_unordered",
    "sex",
    "postcode",
    "postcode_sector",
    "postcode_outward",
    "address",
    "nhs_number",
)

_TITLES = {
    "MR", "MRS", "MISS", "MS", "MX", "DR", "MASTER", "PROF", "PROFESSOR",
    "REV", "REVD", "SIR", "DAME", "LADY", "LORD", "FR",
}
_SUFFIXES = {"JR", "JNR", "SR", "SNR", "II", "III", "IV"}
_NOT_A_NAME = {"UNKNOWN", "NK", "NOTKNOWN", "BABY", "UNBORN", "NONE", "NULL", "NA"}

_NON_ALNUM = re.compile(r"[^A-Z0-9 ]+")
_SPACES = re.compile(r"\s+")


def _ascii_upper(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # Letters with no decomposition that still have an obvious ASCII form.
    stripped = stripped.translate(str.maketrans({"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae",
                                                 "Æ": "AE", "ł": "l", "Ł": "L", "đ": "d"}))
    return stripped.upper()


def clean_name(raw: Any) -> str | None:
    """Upper-case ASCII name with titles, suffixes and punctuation removed.

    Apostrophes and full stops are dropped (``O'Brien`` -> ``OBRIEN``); hyphens
    and other punctuation become a single space (``Smith-Jones`` -> ``SMITH JONES``).
    Returns ``None`` for blanks and placeholders such as "Unknown" or "Baby".
    """
    if raw is None:
        return None
    text = _ascii_upper(str(raw))
    text = text.replace("'", "").replace("`", "").replace("\u2019", "").replace(".", " ")
    text = _NON_ALNUM.sub(" ", text)
    text = re.sub(r"[0-9]+", " ", text)
    tokens = text.split()
    while tokens and tokens[0] in _TITLES and len(tokens) > 1:
        tokens.pop(0)
    while tokens and tokens[-1] in _SUFFIXES and len(tokens) > 1:
        tokens.pop()
    if not tokens or "".join(tokens) in _NOT_A_NAME:
        return None
    return " ".join(tokens)


@lru_cache(maxsize=1)
def _nickname_map() -> dict[str, tuple[str, ...]]:
    """variant -> formal names it may stand for, from ``data/nicknames.txt``."""
    path = Path(__file__).with_name("data") / "nicknames.txt"
    mapping: dict[str, set[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        canonical, _, variants = line.partition(":")
        canonical = canonical.strip().replace("-", "")
        mapping.setdefault(canonical, set()).add(canonical)
        for variant in variants.split(","):
            variant = variant.strip().replace("-", "")
            if variant:
                mapping.setdefault(variant, set()).add(canonical)
    return {name: tuple(sorted(formals)) for name, formals in mapping.items()}


def nickname_canonicals(given_name: str) -> list[str]:
    """Formal names a cleaned given name may stand for, including itself.

    ``nickname_canonicals("BILL") == ["BILL", "WILLIAM"]``.
    """
    formals = set(_nickname_map().get(given_name, ()))
    formals.add(given_name)
    return sorted(formals)


def _primary_formal(given_name: str) -> str:
    formals = _nickname_map().get(given_name)
    if not formals:
        return given_name
    if given_name in formals:
        return given_name
    return formals[0]


@lru_cache(maxsize=200_000)
def phonetic_key(name: str | None) -> str | None:
    """Metaphone key of a cleaned name (spaces ignored); ``None`` for blanks."""
    if not name:
        return None
    letters = name.replace(" ", "")
    key = jellyfish.metaphone(letters).upper()
    return key or letters


def standardise_given_name(raw: Any) -> dict[str, Any]:
    """First given name, its possible formal names and its phonetic key."""
    cleaned = clean_name(raw)
    if cleaned is None:
        return {"given_name": None, "given_canonical": None, "given_phonetic": None}
    first = cleaned.split(" ")[0]
    return {
        "given_name": first,
        "given_canonical": nickname_canonicals(first),
        "given_phonetic": phonetic_key(_primary_formal(first)),
    }


def standardise_family_name(raw: Any) -> dict[str, Any]:
    """Family name with parts separated by single spaces, its parts and phonetic key."""
    cleaned = clean_name(raw)
    if cleaned is None:
        return {"family_name": None, "family_parts": None, "family_phonetic": None}
    return {
        "family_name": cleaned,
        "family_parts": sorted({part for part in cleaned.split(" ") if len(part) > 2}),
        "family_phonetic": phonetic_key(cleaned),
    }


_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_UK_DATE = re.compile(r"^\s*(\d{1,2})[/.](\d{1,2})[/.](\d{4})\s*$")


def parse_date_of_birth(raw: Any, *, allow_uk_format: bool = True) -> dt.date | None:
    """Parse a date of birth; ``None`` for blank, ``ValueError`` if unparseable.

    Accepts ``date``/``datetime`` objects and ``YYYY-MM-DD``; with
    ``allow_uk_format`` also ``DD/MM/YYYY`` as typed at intake.
    """
    if raw is None:
        return None
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = str(raw).strip()
    if not text:
        return None
    match = _ISO_DATE.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _UK_DATE.match(text) if allow_uk_format else None
        if not match:
            raise ValueError("date of birth is not in YYYY-MM-DD form")
        day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise ValueError("date of birth is not a real date") from exc


def date_of_birth_parts(value: dt.date | None) -> dict[str, Any]:
    """Date of birth as string, year, month, day and a day/month-order-free key."""
    if value is None:
        return {"date_of_birth": None, "dob_year": None, "dob_month": None,
                "dob_day": None, "dob_unordered": None}
    low, high = sorted((value.month, value.day))
    return {
        "date_of_birth": value.isoformat(),
        "dob_year": value.year,
        "dob_month": value.month,
        "dob_day": value.day,
        "dob_unordered": f"{value.year:04d}-{low:02d}-{high:02d}",
    }


_SEX = {"M": "M", "MALE": "M", "BOY": "M", "MAN": "M", "1": "M",
        "F": "F", "FEMALE": "F", "GIRL": "F", "WOMAN": "F", "2": "F"}


def standardise_sex(raw: Any) -> str | None:
    """``M``/``F``; anything else (unknown, not stated, indeterminate) is ``None``."""
    if raw is None:
        return None
    return _SEX.get(str(raw).strip().upper())


_FULL_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
_OUTWARD_ONLY = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
_PARTIAL_INWARD = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9])[A-Z]?$")
_OTHER_POSTCODE = re.compile(r"^(?=.*[0-9])[A-Z0-9]{3,8}$")


def standardise_postcode(raw: Any) -> dict[str, Any]:
    """UK postcode as ``SW1A 1AA`` with its sector (``SW1A 1``) and outward code.

    A bare outward code (``SW1A``) keeps only the outward part; a partial one (``SW1A 1A``) its
    sector and outward code. A code of another country's shape (``2612``, ``10115``, or a UK
    postcode mistyped beyond recognition) is kept whole, as postcode and outward code, so two
    records still agree on it. Anything else (no digit, too short or too long) gives all ``None``.
    """
    empty = {"postcode": None, "postcode_sector": None, "postcode_outward": None}
    if raw is None:
        return empty
    compact = re.sub(r"[^A-Z0-9]", "", _ascii_upper(str(raw)))
    if not compact:
        return empty
    match = _FULL_POSTCODE.match(compact)
    if match:
        outward, inward = match.groups()
        return {
            "postcode": f"{outward} {inward}",
            "postcode_sector": f"{outward} {inward[0]}",
            "postcode_outward": outward,
        }
    if _OUTWARD_ONLY.match(compact):
        return {"postcode": None, "postcode_sector": None, "postcode_outward": compact}
    match = _PARTIAL_INWARD.match(compact)
    if match:
        outward, digit = match.groups()
        return {"postcode": None, "postcode_sector": f"{outward} {digit}", "postcode_outward": outward}
    if _OTHER_POSTCODE.match(compact):
        return {"postcode": compact, "postcode_sector": None, "postcode_outward": compact}
    return empty


_ADDRESS_WORDS = {
    "ROAD": "RD", "STREET": "ST", "AVENUE": "AVE", "AV": "AVE", "LANE": "LN",
    "DRIVE": "DR", "CLOSE": "CL", "CRESCENT": "CRES", "COURT": "CT",
    "PLACE": "PL", "GARDENS": "GDNS", "TERRACE": "TER", "TERR": "TER",
    "SQUARE": "SQ", "GROVE": "GR", "GRV": "GR", "PARK": "PK", "WAY": "WY",
    "FLAT": "FLAT", "APARTMENT": "FLAT", "APT": "FLAT", "HOUSE": "HO",
    "NORTH": "N", "SOUTH": "S", "EAST": "E", "WEST": "W", "SAINT": "ST",
}
_POSTCODE_IN_TEXT = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b")


def standardise_address(raw: Any) -> str | None:
    """Upper case, no punctuation or embedded postcode, street words abbreviated."""
    if raw is None:
        return None
    text = _ascii_upper(str(raw)).replace("&", " AND ").replace("'", "")
    text = _POSTCODE_IN_TEXT.sub(" ", text)
    text = _NON_ALNUM.sub(" ", text)
    tokens = [_ADDRESS_WORDS.get(token, token) for token in text.split()]
    return " ".join(tokens) or None


def nhs_number_is_valid(digits: str) -> bool:
    """Modulus 11 check of a ten-digit NHS number."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def normalise_nhs_number(raw: Any) -> str | None:
    """Ten digits without spaces/dashes; ``None`` for blank.

    Raises ``ValueError`` if the value is present but not a valid NHS number
    (wrong length or failed check digit).
    """
    if raw is None:
        return None
    text = str(raw).strip()
    if not text:
        return None
    digits = re.sub(r"[\s\-]", "", text)
    if not nhs_number_is_valid(digits):
        raise ValueError("NHS number fails the check digit or is not ten digits")
    return digits


def standardise_record(
    record: dict[str, Any], errors: list[tuple[str, str]] | None = None
) -> dict[str, Any]:
    """Standardise a raw person record (any subset of :data:`FIELDS`).

    Unparseable values become ``None`` (neutral for matching); when ``errors`` is
    given, ``(field, message)`` pairs are appended to it. Other keys such as
    ``record_id`` are carried through unchanged.
    """
    out: dict[str, Any] = {
        key: value for key, value in record.items() if key not in FIELDS
    }
    out.update(standardise_given_name(record.get("given_name")))
    out.update(standardise_family_name(record.get("family_name")))
    try:
        dob = parse_date_of_birth(record.get("date_of_birth"))
    except ValueError as exc:
        dob = None
        if errors is not None:
            errors.append(("date_of_birth", str(exc)))
    out.update(date_of_birth_parts(dob))
    out["sex"] = standardise_sex(record.get("sex"))
    out.update(standardise_postcode(record.get("postcode")))
    out["address"] = standardise_address(record.get("address"))
    try:
        out["nhs_number"] = normalise_nhs_number(record.get("nhs_number"))
    except ValueError as exc:
        out["nhs_number"] = None
        if errors is not None:
            errors.append(("nhs_number", str(exc)))
    return out
