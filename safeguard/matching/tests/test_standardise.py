import datetime as dt

import pytest

from safeguard.matching import standardise as std


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Mr  John  ", "JOHN"),
        ("Chloë", "CHLOE"),
        ("O'Brien", "OBRIEN"),
        ("Smith-Jones", "SMITH JONES"),
        ("smith–jones", "SMITH JONES"),  # en dash
        ("Dr. Ada Lovelace", "ADA LOVELACE"),
        ("Harry Smith Jr.", "HARRY SMITH"),
        ("Zoë Ångström", "ZOE ANGSTROM"),
        ("Unknown", None),
        ("Baby", None),
        ("   ", None),
        (None, None),
    ],
)
def test_clean_name(raw, expected):
    assert std.clean_name(raw) == expected


def test_nickname_maps_to_formal_name_and_shares_its_phonetic_key():
    bill = std.standardise_given_name("Bill")
    william = std.standardise_given_name("William")
    assert "WILLIAM" in bill["given_canonical"]
    assert bill["given_phonetic"] == william["given_phonetic"]
    katie = std.standardise_given_name("katie")
    assert "CATHERINE" in katie["given_canonical"]
    # An ambiguous short form may stand for more than one name.
    assert {"ALEXANDER", "ALEXANDRA"} <= set(std.nickname_canonicals("ALEX"))


def test_given_name_keeps_first_name_only():
    assert std.standardise_given_name("Mary Ann")["given_name"] == "MARY"


def test_phonetic_key_groups_spelling_variants():
    assert std.phonetic_key("SMITH") == std.phonetic_key("SMYTH")
    assert std.phonetic_key("KATHERINE") == std.phonetic_key("CATHERINE")
    assert std.phonetic_key("SMITH") != std.phonetic_key("JONES")


def test_family_name_parts_for_hyphenated_names():
    fam = std.standardise_family_name("Smith-Jones")
    assert fam["family_name"] == "SMITH JONES"
    assert fam["family_parts"] == ["JONES", "SMITH"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("sw1a1aa", ("SW1A 1AA", "SW1A 1", "SW1A")),
        (" M1 1ae ", ("M1 1AE", "M1 1", "M1")),
        ("B33 8TH", ("B33 8TH", "B33 8", "B33")),
        ("SW1A", (None, None, "SW1A")),
        ("SW1A 1A", (None, "SW1A 1", "SW1A")),  # partial: the sector is still known
        ("2612", ("2612", None, "2612")),  # another country's postcode is kept whole
        ("not a postcode", (None, None, None)),
        ("", (None, None, None)),
    ],
)
def test_postcode(raw, expected):
    out = std.standardise_postcode(raw)
    assert (out["postcode"], out["postcode_sector"], out["postcode_outward"]) == expected


def test_nhs_number_normalised_and_check_digit_enforced():
    assert std.normalise_nhs_number("943 476 5919") == "9434765919"
    assert std.normalise_nhs_number("943-476-5919") == "9434765919"
    assert std.normalise_nhs_number("") is None
    with pytest.raises(ValueError):
        std.normalise_nhs_number("9434765918")  # wrong check digit
    with pytest.raises(ValueError):
        std.normalise_nhs_number("12345")


def test_date_of_birth_parsing_and_parts():
    assert std.parse_date_of_birth("2014-03-07") == dt.date(2014, 3, 7)
    assert std.parse_date_of_birth("07/03/2014") == dt.date(2014, 3, 7)
    assert std.parse_date_of_birth(dt.date(2014, 3, 7)) == dt.date(2014, 3, 7)
    with pytest.raises(ValueError):
        std.parse_date_of_birth("2014-02-30")
    with pytest.raises(ValueError):
        std.parse_date_of_birth("yesterday")
    a = std.date_of_birth_parts(dt.date(2014, 3, 7))
    b = std.date_of_birth_parts(dt.date(2014, 7, 3))
    assert a["dob_unordered"] == b["dob_unordered"] == "2014-03-07"
    assert (a["dob_year"], a["dob_month"], a["dob_day"]) == (2014, 3, 7)


def test_address_standardised():
    assert std.standardise_address("12, High Street, AB1 2CD") == "12 HIGH ST"
    assert std.standardise_address("12 high st.") == "12 HIGH ST"
    assert std.standardise_address("Flat 2, 3 Mill Road") == "FLAT 2 3 MILL RD"


def test_sex():
    assert std.standardise_sex("male") == "M"
    assert std.standardise_sex(" f ") == "F"
    assert std.standardise_sex("unknown") is None


def test_standardise_record_reports_bad_fields_and_treats_them_as_missing():
    errors = []
    rec = std.standardise_record(
        {"record_id": "A1", "given_name": "Bill", "date_of_birth": "2014-13-01",
         "nhs_number": "123"}, errors)
    assert rec["record_id"] == "A1"
    assert rec["date_of_birth"] is None and rec["nhs_number"] is None
    assert [field for field, _ in errors] == ["date_of_birth", "nhs_number"]
