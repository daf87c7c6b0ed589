"""The API keeps the contract its OpenAPI document states, and the test-time guard notices when not.

Every API call made anywhere in the suite passes through `safeguard.api.contract` (test settings
only): an undeclared status, a body in the wrong media type, a body that breaks its schema, or an
accepted request body the document does not allow fails that test. These tests pin what the
document says about errors, and that the guard itself catches each kind of breach.
"""

import json

import pytest

from safeguard.agencies.roles import Role
from safeguard.api.api import api
from safeguard.api.contract import contract_breaches, request_breaches
from safeguard.testing.factories import practitioner_with_role

PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def document() -> dict:
    return api.get_openapi_schema(path_prefix="/api/v1")


def test_every_declared_error_is_documented_as_problem_details(document):
    checked = 0
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            for status, response in operation["responses"].items():
                content = response.get("content", {})
                if int(status) >= 400:
                    assert list(content) == [PROBLEM], f"{method} {path} {status} is documented as {list(content)}"
                    assert content[PROBLEM]["schema"] == {"$ref": "#/components/schemas/ProblemDetails"}
                    checked += 1
                else:
                    assert PROBLEM not in content, f"{method} {path} {status} documents success as a problem"
    assert checked > 200  # every operation declares several error statuses


def test_problem_details_schema_is_rfc_9457_with_field_errors(document):
    problem = document["components"]["schemas"]["ProblemDetails"]
    assert {"type", "title", "status", "detail", "instance", "errors"} <= set(problem["properties"])
    assert set(problem["required"]) >= {"title", "status"}


@pytest.mark.django_db
def test_errors_are_sent_as_the_document_says(client):
    """A 401, a 404 and a 422 go out as problem+json that validates against the document."""
    anonymous = client.get("/api/v1/me")
    assert anonymous.status_code == 401 and anonymous["Content-Type"] == PROBLEM
    client.force_login(practitioner_with_role(Role.SOCIAL_WORKER))
    missing = client.get("/api/v1/people/00000000-0000-4000-8000-000000000000")
    assert missing.status_code == 404 and missing["Content-Type"] == PROBLEM
    invalid = client.post("/api/v1/people", {"given_name": "Ava"}, content_type="application/json")
    assert invalid.status_code == 422 and invalid["Content-Type"] == PROBLEM
    assert "family_name" in {e["field"] for e in invalid.json()["errors"]}
    for path, response in (("/api/v1/me", anonymous), ("/api/v1/people/x", missing)):
        assert contract_breaches("GET", path, response.status_code, response["Content-Type"], response.content) == []


PROFILE = {"username": "t", "full_name": "T", "email": "", "job_title": "", "memberships": []}


def test_the_guard_notices_an_undeclared_status():
    breaches = contract_breaches("GET", "/api/v1/me", 418, "application/json", b"{}")
    assert breaches and "does not declare" in breaches[0]


def test_the_guard_notices_an_error_sent_as_plain_json():
    body = json.dumps({"title": "Not signed in", "status": 401}).encode()
    breaches = contract_breaches("GET", "/api/v1/me", 401, "application/json", body)
    assert breaches and "application/problem+json" in breaches[0]


def test_the_guard_notices_a_body_that_breaks_its_schema():
    assert contract_breaches("GET", "/api/v1/me", 200, "application/json", json.dumps(PROFILE).encode()) == []
    broken = {**PROFILE, "memberships": [{"team": "Front door"}]}
    breaches = contract_breaches("GET", "/api/v1/me", 200, "application/json", json.dumps(broken).encode())
    assert breaches and "'agency' is a required property" in breaches[0]


def test_the_guard_notices_an_accepted_request_body_the_document_does_not_allow():
    """What caught the front door's decision documented with the ED attendance body."""
    path = "/api/v1/contacts/3f1c2a4e-0000-4000-8000-000000000000/decision"
    good = {"outcome": "nfa", "rationale": "Resolved with advice to the school."}
    assert request_breaches("POST", path, "application/json", json.dumps(good).encode()) == []
    other_apps_body = {"referral_needed": True, "reason": "Child at home"}
    breaches = request_breaches("POST", path, "application/json", json.dumps(other_apps_body).encode())
    assert breaches and "does not allow" in breaches[0]
