import pytest
from django.core.exceptions import ValidationError

from safeguard.people.identifiers import (
    nhs_number_check_digit,
    normalise_postcode,
    validate_nhs_number,
    validate_upn,
)


@pytest.mark.parametrize("value", ["943 476 5919", "9434765919", "943-476-5919", "401 023 2137"])
def test_valid_nhs_numbers_are_accepted_and_normalised(value):
    assert validate_nhs_number(value) == value.replace(" ", "").replace("-", "")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("9434765918", "check digit"),
        ("943476591", "must be 10 digits (you entered 9)"),
        ("94347659190", "must be 10 digits (you entered 11)"),
        ("94347A5919", "only numbers"),
        ("", "Enter an NHS number"),
    ],
)
def test_invalid_nhs_numbers_are_refused_with_a_clear_reason(value, message):
    with pytest.raises(ValidationError) as exc:
        validate_nhs_number(value)
    assert message in exc.value.messages[0]


def test_a_check_digit_of_ten_means_no_valid_number():
    # 10*1 + 9*0 + ... chosen so that 11 - (total % 11) == 10
    first_nine = next(f"{n:09d}" for n in range(100000000, 100001000) if nhs_number_check_digit(f"{n:09d}") is None)
    for last in "0123456789":
        with pytest.raises(ValidationError):
            validate_nhs_number(first_nine + last)


def test_postcodes_are_normalised_and_nonsense_refused():
    assert normalise_postcode("sy11aa") == "SY1 1AA"
    assert normalise_postcode(" SY99 1ZZ ") == "SY99 1ZZ"
    with pytest.raises(ValidationError):
        normalise_postcode("123 456")


def test_upn_format_and_check_letter():
    assert validate_upn("l12345678901b") == "L12345678901B"
    assert validate_upn("H801200001001") == "H801200001001"  # the DfE's worked example
    with pytest.raises(ValidationError):
        validate_upn("12345")
    with pytest.raises(ValidationError) as wrong_letter:
        validate_upn("A12345678901B")
    assert wrong_letter.value.code == "check_letter"
