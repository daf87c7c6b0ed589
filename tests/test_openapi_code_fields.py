"""Fields that hold a code from a code list are documented as that list's enum, on requests and
responses, so a client sees which values exist (with their labels in the description) instead of
"string". A field counts as coded when a model stores a field of that name with choices; the few
properties that share such a name but carry words (a label, a sentence) are listed with why.
"""

from __future__ import annotations

import pytest
from django.apps import apps

from safeguard.api.api import api

# (component, property): why it is not a code
NOT_CODES: dict[tuple[str, str], str] = {
    ("AgencyInvolvementOut", "agency_type"): "the kind of agency in words, for a partner reading who else is involved",
    ("AgencyInvolvementOut", "kind"): "how the agency is involved, in words",
    ("ProfessionalChallengeOut", "outcome"): "free text: what the challenge concluded",
    ("ProfessionalChallengeStepOut", "outcome"): "free text: what each step concluded",
    ("ProfessionalChallengeResponseIn", "outcome"): "free text: the response's conclusion",
    ("LinkedChildOut", "status"): "the child's protection status in words",
    ("EcomapNodeOut", "agency_type"): "the kind of agency or service in words, as the ecomap labels it",
    ("ProtectionClockOut", "status"): "the clock in words ('due in 3 working days')",
    # What the service stored: the invitation rules' agency types, and (since requests are checked
    # against them) only those; earlier rows may hold other words, so it is not promised as a code list.
    ("DiscussionInvitationOut", "agency_type"): "stored before requests were checked against the agency types",
}


def coded_field_names() -> set[str]:
    """Names of model fields that store a code from a code list (or a list of codes)."""
    names: set[str] = set()
    for model in apps.get_models():
        if not model.__module__.startswith("safeguard."):
            continue
        for field in model._meta.get_fields():
            base = getattr(field, "base_field", field)
            if getattr(base, "choices", None) and base.get_internal_type() in ("CharField", "TextField"):
                names.add(field.name)
    return names


def _plain_string(schema: dict) -> bool:
    if "anyOf" in schema:
        return any(_plain_string(s) for s in schema["anyOf"] if s.get("type") != "null")
    if schema.get("type") == "array":
        return _plain_string(schema.get("items", {}))
    return schema.get("type") == "string" and "enum" not in schema and "format" not in schema


def plain_code_fields(document: dict, coded: set[str]) -> list[str]:
    found = []
    for name, component in document["components"]["schemas"].items():
        for prop, schema in component.get("properties", {}).items():
            if prop in coded and (name, prop) not in NOT_CODES and _plain_string(schema):
                found.append(f"{name}.{prop}")
    return sorted(found)


def test_every_code_field_is_documented_as_its_code_list():
    document = api.get_openapi_schema(path_prefix="/api/v1")
    plain = plain_code_fields(document, coded_field_names())
    assert not plain, "Document these as enums (core.inputs.code_out / Code):\n  " + "\n  ".join(plain)


@pytest.mark.parametrize(
    ("schema", "plain"),
    [
        ({"type": "string"}, True),
        ({"anyOf": [{"type": "string"}, {"type": "null"}]}, True),
        ({"type": "array", "items": {"type": "string"}}, True),
        ({"type": "string", "enum": ["red", "amber", "green"]}, False),
        ({"type": "string", "format": "date"}, False),
    ],
)
def test_the_check_tells_a_plain_string_from_an_enum(schema, plain):
    document = {"components": {"schemas": {"ThingOut": {"properties": {"rag": schema}}}}}
    assert plain_code_fields(document, {"rag"}) == (["ThingOut.rag"] if plain else [])


def test_every_exception_is_still_needed():
    document = api.get_openapi_schema(path_prefix="/api/v1")
    props = {(n, p) for n, c in document["components"]["schemas"].items() for p in c.get("properties", {})}
    assert set(NOT_CODES) <= props, "remove exceptions for properties that no longer exist"
