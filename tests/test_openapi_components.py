"""The OpenAPI document names each schema once: no two request or response shapes share a name.

django-ninja merges every operation's schemas into one `components.schemas` map keyed by class name,
silently keeping the last one written. Two apps each defining `DecisionIn` meant the front door's
decision endpoint was documented with the ED attendance body. The document itself cannot show the
clash (only one survives), so these tests look behind it: at the classes the routers use, and at
every definition written while the document is built.
"""

from __future__ import annotations

import enum
import json
import typing
from collections import defaultdict

from ninja.openapi.schema import OpenAPISchema
from pydantic import BaseModel

from safeguard.api.api import api

PREFIX = "/api/v1"


def _named_types(annotation, found: set, seen: set) -> None:
    """Every model or enum reachable from a type annotation (through lists, unions and fields)."""
    if annotation in seen:
        return
    if isinstance(annotation, type) and issubclass(annotation, BaseModel | enum.Enum):
        seen.add(annotation)
        found.add(annotation)
        if issubclass(annotation, BaseModel):
            for field in annotation.model_fields.values():
                _named_types(field.annotation, found, seen)
        return
    for arg in typing.get_args(annotation):
        _named_types(arg, found, seen)


def _schema_classes_by_name() -> dict[str, set[type]]:
    """Classes used by the routers' operations (bodies, parameters, responses), grouped by name."""
    found: set[type] = set()
    seen: set = set()
    for router in api._get_bound_routers():
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                # The operation's own wrappers (BodyParams, NinjaResponseSchema…) are ninja's; their
                # fields hold our schemas.
                wrappers = [*operation.models, *operation.response_models.values()]
                for wrapper in wrappers:
                    if isinstance(wrapper, type) and issubclass(wrapper, BaseModel):
                        for field in wrapper.model_fields.values():
                            _named_types(field.annotation, found, seen)
    by_name: dict[str, set[type]] = defaultdict(set)
    for cls in found:
        by_name[cls.__name__].add(cls)
    return by_name


def test_no_two_schema_classes_used_by_the_api_share_a_name():
    by_name = _schema_classes_by_name()
    assert "ContactDecisionIn" in by_name  # the walk reaches request bodies
    assert "ProblemDetails" in by_name  # …and error responses
    clashes = {
        name: sorted(f"{c.__module__}.{c.__qualname__}" for c in classes)
        for name, classes in by_name.items()
        if len(classes) > 1
    }
    assert clashes == {}, f"Schema names defined more than once (name them after app and use): {clashes}"


def test_every_component_is_written_with_one_definition():
    """Catches a clash the class walk cannot: one name written with two different bodies."""
    written: dict[str, set[str]] = defaultdict(set)

    class RecordingSchema(OpenAPISchema):
        def add_schema_definitions(self, definitions: dict) -> None:
            for name, definition in definitions.items():
                written[name].add(json.dumps(definition, sort_keys=True))
            super().add_schema_definitions(definitions)

    RecordingSchema(api, PREFIX)
    assert "ContactDecisionIn" in written
    assert {name for name, bodies in written.items() if len(bodies) > 1} == set()


def _body_schema(document: dict, path: str, method: str = "post") -> dict:
    ref = document["paths"][PREFIX + path][method]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    return document["components"]["schemas"][ref.rsplit("/", 1)[-1]]


def test_decision_and_person_match_are_documented_with_their_own_bodies():
    """The two operations the issue found documented with another app's body."""
    document = api.get_openapi_schema(path_prefix=PREFIX)
    decision = _body_schema(document, "/contacts/{contact_id}/decision")
    assert set(decision["properties"]) == {"outcome", "rationale", "history_acknowledgement", "receiving_team_id"}
    match = _body_schema(document, "/people/match")
    assert {"given_name", "family_name", "date_of_birth", "nhs_number"} <= set(match["properties"])
    assert "person_id" not in match["properties"]
    attendance_decision = _body_schema(document, "/family/adult-attendances/{attendance_id}/decision")
    assert "referral_needed" in attendance_decision["properties"]
