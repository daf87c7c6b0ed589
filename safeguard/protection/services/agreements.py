"""Written agreements with the family: saving, confirming and the printable copy."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from safeguard.access import records
from safeguard.access.errors import InvalidInput, StaleVersion
from safeguard.access.models import AuditAction
from safeguard.core.models import EventType
from safeguard.core.services import chronology_event_record
from safeguard.people.models import Person
from safeguard.protection import plain_english, selectors
from safeguard.protection.inputs.plans import AGREEMENT_BODY_REQUIRED, AGREEMENT_PARTIES_REQUIRED
from safeguard.protection.models import Plan, WrittenAgreement

from .common import _add, _audit, _raise, _text


@transaction.atomic
def agreement_save(
    *,
    actor,
    child: Person,
    parties: str,
    body: str,
    if_not_kept: str = "",
    plan: Plan | None = None,
    agreement: WrittenAgreement | None = None,
    expected_version: int | None = None,
) -> tuple[WrittenAgreement, plain_english.PlainEnglishReport]:
    """Save a draft and return the plain-English report (drafts may have problems; agreeing may not).

    With `expected_version` (the version the editor showed), a draft saved by someone else since
    raises StaleVersion and nothing is saved."""
    records.require(actor, "change", child)
    if agreement is not None:
        agreement = WrittenAgreement.objects.select_for_update().get(pk=agreement.pk)
        if expected_version is not None and expected_version != agreement.version:
            raise StaleVersion(agreement.version)
    errors: dict = {}
    if agreement is not None and agreement.status != WrittenAgreement.Status.DRAFT:
        _add(errors, "status", "This agreement has been agreed; start a new one to change it")
    if not _text(parties):
        _add(errors, "parties", AGREEMENT_PARTIES_REQUIRED)
    if len(_text(body).split()) < 5:
        _add(errors, "body", AGREEMENT_BODY_REQUIRED)
    if plan is not None and plan.child_id != child.pk:
        _add(errors, "plan_id", "Choose this child's plan")
    _raise(errors)
    report = plain_english.check(body, if_not_kept)
    if agreement is None:
        agreement = WrittenAgreement(child=child)
    agreement.plan, agreement.parties, agreement.body = plan, _text(parties), body.strip()
    agreement.if_not_kept, agreement.reading_age, agreement.updated_by = _text(if_not_kept), report.reading_age, actor
    created = agreement._state.adding
    if created:
        agreement.save()
    else:
        agreement.version += 1
        agreement.save(
            update_fields=[
                "plan", "parties", "body", "if_not_kept", "reading_age", "updated_by", "version", "updated_at",
            ]
        )  # fmt: skip
    _audit(
        actor,
        AuditAction.CREATE if created else AuditAction.CHANGE,
        agreement,
        child,
        "drafted a written agreement",
        {"reading_age": report.reading_age, "problems": len(report.problems)},
    )
    return agreement, report


@transaction.atomic
def agreement_confirm(*, actor, agreement: WrittenAgreement) -> WrittenAgreement:
    """Mark as agreed with the family. It must say what happens if it is not kept."""
    records.require(actor, "edit", agreement)
    report = plain_english.check(agreement.body, agreement.if_not_kept)
    if report.consequences_missing:
        raise InvalidInput({"if_not_kept": [plain_english.CONSEQUENCES_MISSING]})
    agreement.status = WrittenAgreement.Status.AGREED
    agreement.save(update_fields=["status", "updated_at"])
    chronology_event_record(
        person=agreement.child,
        event_type=EventType.WRITTEN_AGREEMENT,
        occurred_on=timezone.localdate(),
        summary="Written agreement made with the family",
        actor=actor,
        source=agreement,
    )
    _audit(actor, AuditAction.CHANGE, agreement, agreement.child, "agreed a written agreement")
    return agreement


def agreement_pdf(*, actor, agreement_id) -> tuple[WrittenAgreement, bytes]:
    """The agreement as a printable PDF (WeasyPrint; needs the system's Pango). Audited as an export."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    agreement = selectors.agreement_for_view(actor=actor, agreement_id=agreement_id, export=True)
    html = render_to_string("protection/agreement_pdf.html", {"agreement": agreement})
    return agreement, HTML(string=html).write_pdf()
