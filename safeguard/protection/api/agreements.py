"""Written agreement routes: create, change, read, agree, printable copy."""

from __future__ import annotations

import uuid

from django.http import HttpResponse
from ninja import Status

from safeguard.people.selectors import person_lookup
from safeguard.protection import selectors, services

from .common import ERRORS, router
from .presenters import agreement_out
from .schemas_in import AgreementIn, AgreementUpdateIn
from .schemas_out import AgreementOut


@router.post(
    "/protection/agreements",
    response={201: AgreementOut, **ERRORS},
    summary="Draft a written agreement; the answer carries the plain-English check",
)
def create_agreement(request, payload: AgreementIn):
    plan = selectors.plan_lookup(plan_id=payload.plan_id) if payload.plan_id else None
    agreement, report = services.agreement_save(
        actor=request.user,
        child=person_lookup(person_id=payload.child_id),
        plan=plan,
        parties=payload.parties,
        body=payload.body,
        if_not_kept=payload.if_not_kept,
    )
    return Status(201, agreement_out(agreement, report))


@router.put(
    "/protection/agreements/{agreement_id}",
    response={200: AgreementOut, **ERRORS},
    summary="Change a draft written agreement",
)
def update_agreement(request, agreement_id: uuid.UUID, payload: AgreementUpdateIn):
    agreement = selectors.agreement_lookup(agreement_id=agreement_id)
    agreement, report = services.agreement_save(
        actor=request.user, child=agreement.child, plan=agreement.plan, agreement=agreement, **payload.model_dump()
    )
    return agreement_out(agreement, report)


@router.get(
    "/protection/agreements/{agreement_id}",
    response={200: AgreementOut, **ERRORS},
    summary="A written agreement with its plain-English check",
)
def get_agreement(request, agreement_id: uuid.UUID):
    return agreement_out(selectors.agreement_for_view(actor=request.user, agreement_id=agreement_id))


@router.post(
    "/protection/agreements/{agreement_id}/agree",
    response={200: AgreementOut, **ERRORS},
    summary="Mark the agreement as agreed (it must say what happens if it is not kept)",
)
def agree_agreement(request, agreement_id: uuid.UUID):
    agreement = selectors.agreement_lookup(agreement_id=agreement_id)
    return agreement_out(services.agreement_confirm(actor=request.user, agreement=agreement))


@router.get(
    "/protection/agreements/{agreement_id}/pdf",
    response={200: None, **ERRORS},
    summary="The agreement as a printable PDF",
    openapi_extra={
        "responses": {
            200: {"description": "The written agreement", "content": {"application/pdf": {"schema": {}}}}
        }
    },
)
def agreement_pdf(request, agreement_id: uuid.UUID):
    _agreement, pdf = services.agreement_pdf(actor=request.user, agreement_id=agreement_id)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="written-agreement.pdf"'
    return response
