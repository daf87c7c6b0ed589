"""Fixtures for think family: a small partnership, a registered protection-status provider, and
an NHS number maker."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from safeguard.agencies.models import Agency, Team
from safeguard.agencies.roles import AgencyType
from safeguard.core import status as core_status
from safeguard.people.identifiers import nhs_number_check_digit
from safeguard.people.models import PersonIdentifier

_serial = itertools.count(100000001)


def nhs_number() -> str:
    while True:
        first_nine = str(next(_serial))
        check = nhs_number_check_digit(first_nine)
        if check is not None:
            return first_nine + str(check)


def give_nhs_number(person) -> str:
    value = nhs_number()
    PersonIdentifier.objects.create(person=person, id_type="nhs_number", value=value)
    return value


@pytest.fixture
def statuses():
    """{person_id: dict of ProtectionStatus fields}: a test provider standing in for the protection app."""
    table: dict = {}

    def provider(person):
        return table.get(person.pk, {})

    core_status.register_status_provider(provider)
    yield table
    core_status._providers.remove(provider)


@pytest.fixture
def csc_team(db):
    agency, _ = Agency.objects.get_or_create(
        name="Fictionshire Children's Services",
        defaults={
            "agency_type": AgencyType.CHILDRENS_SOCIAL_CARE,
            "contact_in_hours": "01234 500100",
            "contact_out_of_hours": "01234 500999 (emergency duty team)",
        },
    )
    return Team.objects.get_or_create(agency=agency, name="Safeguarding team North")[0]


PLAN_SINCE = date(2026, 1, 12)
