"""Validation of personal identifiers, with messages a practitioner can act on."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

from safeguard.people.codes import IdentifierType

UPN_RE = re.compile(r"^[A-Z]\d{11}[0-9A-Z]$")
POSTCODE_RE = re.compile(r"^(GIR 0AA|[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2})$")


def normalise_nhs_number(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "")


def nhs_number_check_digit(first_nine: str) -> int | None:
    """The modulus-11 check digit for nine digits, or None when no valid number can end them."""
    total = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1), strict=True))
    check = 11 - (total % 11)
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def validate_nhs_number(value: str) -> str:
    """Return the NHS number as ten digits, or raise ValidationError saying what is wrong."""
    digits = normalise_nhs_number(value)
    if not digits:
        raise ValidationError("Enter an NHS number", code="required")
    if not digits.isdigit():
        raise ValidationError("NHS number must contain only numbers 0 to 9", code="non_digits")
    if len(digits) != 10:
        raise ValidationError(f"NHS number must be 10 digits (you entered {len(digits)})", code="length")
    expected = nhs_number_check_digit(digits[:9])
    if expected is None or expected != int(digits[9]):
        raise ValidationError(
            "NHS number is not valid: the last digit (check digit) does not match. Check it was copied correctly",
            code="check_digit",
        )
    return digits


# DfE: the remainder 0-22 of the weighted sum maps to these letters (no I, O or S).
UPN_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def upn_check_letter(last_twelve: str) -> str:
    """The DfE check letter for characters 2-13 of a UPN (weights 2 to 13, modulus 23).

    A letter in position 13 (a temporary UPN) counts as its place in UPN_CHECK_LETTERS."""
    if len(last_twelve) != 12:
        raise ValueError("a UPN check letter covers exactly twelve characters")
    total = 0
    for weight, char in enumerate(last_twelve, start=2):
        value = int(char) if char.isdigit() else UPN_CHECK_LETTERS.index(char)
        total += value * weight
    return UPN_CHECK_LETTERS[total % 23]


def validate_upn(value: str) -> str:
    upn = (value or "").strip().upper().replace(" ", "")
    if not UPN_RE.match(upn) or (upn[12].isalpha() and upn[12] not in UPN_CHECK_LETTERS):
        raise ValidationError(
            "Unique pupil number must be a letter followed by 11 numbers and a final number or letter",
            code="format",
        )
    if upn[0] != upn_check_letter(upn[1:]):
        raise ValidationError(
            "Unique pupil number is not valid: the first letter (check letter) does not match. "
            "Check it was copied correctly",
            code="check_letter",
        )
    return upn


def validate_pnc(value: str) -> str:
    pnc = (value or "").strip().upper()
    if not re.match(r"^\d{2,4}/\d{1,7}[A-Z]$", pnc):
        raise ValidationError("Police national computer reference must look like 2019/1234567X", code="format")
    return pnc


def validate_local_id(value: str) -> str:
    local = (value or "").strip()
    if not re.match(r"^[A-Za-z0-9-]{1,20}$", local):
        raise ValidationError("Local person ID must be 1 to 20 letters, numbers or hyphens", code="format")
    return local


VALIDATORS = {
    IdentifierType.NHS_NUMBER: validate_nhs_number,
    IdentifierType.UPN: validate_upn,
    IdentifierType.PNC: validate_pnc,
    IdentifierType.LOCAL_ID: validate_local_id,
}


def validate_identifier(id_type: str, value: str) -> str:
    try:
        validator = VALIDATORS[IdentifierType(id_type)]
    except ValueError:
        raise ValidationError(f"Unknown identifier type '{id_type}'", code="type") from None
    return validator(value)


def normalise_postcode(value: str) -> str:
    compact = re.sub(r"\s", "", (value or "").upper())
    if len(compact) < 5:
        raise ValidationError("Enter a full UK postcode, like SY1 1AA", code="format")
    postcode = f"{compact[:-3]} {compact[-3:]}"
    if not POSTCODE_RE.match(postcode):
        raise ValidationError("Enter a real UK postcode, like SY1 1AA", code="format")
    return postcode
