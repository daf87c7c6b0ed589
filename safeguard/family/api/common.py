"""The think family API's one router, the problems its operations share, and how a health
setting names the person it asks about."""

from __future__ import annotations

from datetime import date

from ninja import Router, Schema

from safeguard.api.problems import INVALID, NOT_FOUND, UNAUTHORISED
from safeguard.api.schemas import StrictSchema
from safeguard.family import services

router = Router(tags=["Think family"])
STD = {**UNAUTHORISED, **NOT_FOUND, **INVALID}
REFERRAL_FAILED = "The front door did not receive the referral: nothing was saved. Phone the front door."


class FamilyCreatedOut(Schema):
    id: str


class HealthSubjectIn(StrictSchema):
    nhs_number: str = ""
    given_name: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    postcode: str = ""

    def subject(self) -> services.Subject:
        return services.Subject(**self.model_dump())
