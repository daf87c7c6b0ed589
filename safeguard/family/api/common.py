"""The think family API's one router and the problems its operations share. (How a health setting
names the person it asks about is part of each write's definition in `safeguard.family.inputs`.)"""

from __future__ import annotations

from ninja import Router, Schema

from safeguard.api.problems import INVALID, NOT_FOUND, UNAUTHORISED

router = Router(tags=["Think family"])
STD = {**UNAUTHORISED, **NOT_FOUND, **INVALID}
REFERRAL_FAILED = "The front door did not receive the referral: nothing was saved. Phone the front door."


class FamilyCreatedOut(Schema):
    id: str
