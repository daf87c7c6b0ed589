"""schemathesis against the whole API, in every `make test` run: bounded, deterministic, authenticated.

Every operation in the OpenAPI document is called with generated requests (valid and invalid
bodies, query strings and path parameters) by a front door manager holding an API token, whose
team has a contact, a child and an information request to find. Each response must: not be a
server error, have a status the operation declares, be sent with the declared media type, and
validate against the declared schema. The contract middleware of the test settings checks the
same and more (an accepted body must be one the document allows); its failures surface as 500s.

Bounded for a two-core machine: a few examples per operation, derandomised (the same examples
every run, so a failure in CI reproduces locally), no shrinking.
"""

from __future__ import annotations

import contextlib
import itertools

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from safeguard.access.models import InvolvementKind
from safeguard.access.services import api_token_issue
from safeguard.agencies.roles import Role
from safeguard.api.api import api
from safeguard.testing.factories import PersonFactory, involve, practitioner_with_role

EXAMPLES_PER_OPERATION = 6

schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1"))
schema.app = get_wsgi_application()

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@contextlib.contextmanager
def _the_test_connection_kept():
    """Like Django's test client: the WSGI handler must not close the connection that holds the
    test's transaction around each request (on PostgreSQL that would end the test)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# Ids of records the caller may see, by path parameter name; filled by the `bearer` fixture.
KNOWN_IDS: dict[str, str | int] = {}
_CALLS = itertools.count()


@pytest.fixture
def bearer(db) -> dict[str, str]:
    """A front door manager's API token, and a contact about a child they work with."""
    manager = practitioner_with_role(Role.FRONT_DOOR_MANAGER)
    child = PersonFactory(given_name="Fuzzy", family_name="Testcase")
    involve(child, practitioner=manager, kind=InvolvementKind.ALLOCATED_WORKER)
    _token, secret = api_token_issue(actor=manager, practitioner=manager, name="schemathesis")
    headers = {"Authorization": f"Bearer {secret}"}
    contact = Client().post(
        "/api/v1/contacts",
        {
            "referrer_name": "Ms Teacher",
            "referral_source": "2A",
            "concerns": "Arrived hungry with a bruise on the arm.",
            "categories": ["neglect"],
            "consent_status": "agreed",
            "subjects": [
                {"role": "subject_child", "given_name": "Fuzzy", "family_name": "Testcase", "person_id": str(child.pk)}
            ],
        },
        content_type="application/json",
        headers=headers,
    )
    assert contact.status_code == 201, contact.content
    body = contact.json()
    KNOWN_IDS.clear()
    KNOWN_IDS.update(person_id=str(child.pk), contact_id=body["id"], subject_id=body["subjects"][0]["id"])
    return headers


@pytest.mark.fuzz
@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_keeps_its_contract_under_generated_input(case, bearer):
    # Assigned (not passed to the call) so schemathesis re-judges whether the case is still invalid.
    case.headers = {**(case.headers or {}), **bearer}
    real = {name: KNOWN_IDS[name] for name in case.path_parameters or {} if name in KNOWN_IDS}
    if real and next(_CALLS) % 2:  # every other call addresses a real record, reaching past the 404
        case.path_parameters = {**case.path_parameters, **real}
    with _the_test_connection_kept():
        case.call_and_validate(checks=CHECKS)
