"""The published API contract: where it is, and that errors are declared as problem details."""

import pytest


@pytest.mark.django_db
def test_openapi_document_is_published_and_declares_problem_details(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert "ProblemDetails" in schema["components"]["schemas"]
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            responses = operation["responses"]
            assert "401" in responses or 401 in responses, f"{method} {path} does not declare 401"
            has_input = "{" in path or "requestBody" in operation or operation.get("parameters")
            if has_input:
                assert "422" in responses or 422 in responses, f"{method} {path} does not declare 422"


@pytest.mark.django_db
def test_operation_ids_name_the_app_and_function_not_the_file_inside_its_api_package(client):
    """Clients generate code from operation ids: splitting an app's api.py into a package (protection,
    front door) must leave `safeguard_<app>_api_<function>` as it was."""
    schema = client.get("/api/v1/openapi.json").json()
    ids = {op["operationId"] for methods in schema["paths"].values() for op in methods.values()}
    assert "safeguard_protection_api_propose_discussion" in ids
    assert "safeguard_protection_api_meetings_calendar" in ids
    assert "safeguard_frontdoor_api_create_contact" in ids


@pytest.mark.django_db
def test_api_dates_are_described_as_iso_dates_not_the_pages_three_boxes(client):
    """The page's hint "For example, 27 3 2026" is for the GOV.UK date input's day, month and year
    boxes; the API takes an ISO date, and its description says so."""
    import re

    schema = client.get("/api/v1/openapi.json").json()
    dates, wrong = 0, []

    def walk(node, where):
        if isinstance(node, dict):
            kinds = [node, *node.get("anyOf", [])]
            if any(isinstance(k, dict) and k.get("format") == "date" for k in kinds) and "description" in node:
                nonlocal dates
                dates += 1
                if re.search(r"\d{1,2} \d{1,2} \d{4}", node["description"]) or (
                    "for example" in node["description"].lower() and "YYYY-MM-DD" not in node["description"]
                ):
                    wrong.append(f"{where}: {node['description']}")
            for key, value in node.items():
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}[{i}]")

    walk(schema["components"]["schemas"], "components")
    assert dates > 20
    assert not wrong, "\n".join(wrong)
