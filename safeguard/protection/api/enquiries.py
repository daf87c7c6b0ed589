"""Section 47 enquiry routes: read, record, conclude."""

from __future__ import annotations

import uuid

from safeguard.protection import selectors, services

from .common import ERRORS, router
from .presenters import _enquiry_out
from .schemas_in import EnquiryConcludeIn, Section47RecordIn
from .schemas_out import ProtectionIdOut, Section47EnquiryOut


@router.post(
    "/protection/section-47/{enquiry_id}/conclude",
    response={200: ProtectionIdOut, **ERRORS},
    summary="Record the outcome of a section 47 enquiry",
)
def conclude_enquiry(request, enquiry_id: uuid.UUID, payload: EnquiryConcludeIn):
    enquiry = selectors.enquiry_lookup(enquiry_id=enquiry_id)
    services.section47_conclude(
        actor=request.user,
        enquiry=enquiry,
        outcome=payload.outcome,
        reason=payload.reason,
        concluded_on=payload.concluded_on,
    )
    return {"id": enquiry.pk}


@router.get(
    "/protection/section-47/{enquiry_id}",
    response={200: Section47EnquiryOut, **ERRORS},
    summary="A section 47 enquiry: findings, outcome and the dates the statutory returns need",
)
def get_enquiry(request, enquiry_id: uuid.UUID):
    return _enquiry_out(selectors.enquiry_for_view(actor=request.user, enquiry_id=enquiry_id))


@router.post(
    "/protection/section-47/{enquiry_id}/record",
    response={200: Section47EnquiryOut, **ERRORS},
    summary="Record a section 47 enquiry's findings and, with complete, its outcome",
)
def record_enquiry(request, enquiry_id: uuid.UUID, payload: Section47RecordIn):
    enquiry = selectors.enquiry_lookup(enquiry_id=enquiry_id)
    services.section47_record(actor=request.user, enquiry=enquiry, **payload.model_dump())
    return _enquiry_out(enquiry)
