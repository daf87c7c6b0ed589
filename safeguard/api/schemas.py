"""The one base for request bodies, shared by every app's router.

One class (not a copy per app) so the OpenAPI document never holds two components of one name.
"""

from __future__ import annotations

from ninja import Schema
from pydantic import ConfigDict


class StrictSchema(Schema):
    """A request body that refuses fields it does not know (a misspelt field is an error, not ignored)."""

    model_config = ConfigDict(extra="forbid")
