"""The one base for request bodies, shared by every app's router.

One class (not a copy per app) so the OpenAPI document never holds two components of one name.
"""

from __future__ import annotations

from ninja import Schema
from pydantic import BaseModel, ConfigDict


class StrictSchema(Schema):
    """A request body that refuses fields it does not know (a misspelt field is an error, not ignored)."""

    model_config = ConfigDict(extra="forbid")


class OutSchema(BaseModel):
    """A response body validated by pydantic itself. ninja's `Schema` wraps every object it validates
    in a `DjangoGetter` and reads each field through Python; for a page of 50 notifications with their
    people that was about 40% of the request's CPU. Bodies here are built as dicts (or read by
    attribute, as ninja would), so nothing needs ninja's Django conversions (managers, file fields)."""

    model_config = ConfigDict(from_attributes=True)
