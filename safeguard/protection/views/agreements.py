"""Written agreement pages: writing one with the family, and the printable copy."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from safeguard.access.errors import InvalidInput, StaleVersion
from safeguard.people.selectors import person_lookup
from safeguard.protection import forms, plain_english, selectors, services


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request, person_id, agreement_id=None):
    agreement = selectors.agreement_for_view(actor=request.user, agreement_id=agreement_id) if agreement_id else None
    child = agreement.child if agreement else person_lookup(person_id=person_id)
    if agreement is None:
        selectors.protection_summary(actor=request.user, person_id=child.pk)  # access check + audit
    initial = (
        {
            "parties": agreement.parties,
            "body": agreement.body,
            "if_not_kept": agreement.if_not_kept,
            "version": agreement.version,
        }
        if agreement
        else None
    )
    form = forms.AgreementForm(request.POST or None, initial=initial)
    report = plain_english.check(agreement.body, agreement.if_not_kept) if agreement else None
    status, saved_meanwhile = 200, None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expected_version = data.pop("version", None)
        try:
            if request.POST.get("agree") and agreement is not None:
                if expected_version is not None and expected_version != agreement.version:
                    raise StaleVersion(agreement.version)
                services.agreement_confirm(actor=request.user, agreement=agreement)
                messages.success(request, "Agreement marked as agreed")
                return redirect("protection:agreement", person_id=child.pk, agreement_id=agreement.pk)
            agreement, report = services.agreement_save(
                actor=request.user, child=child, agreement=agreement, expected_version=expected_version, **data
            )
        except InvalidInput as exc:
            forms.add_service_errors(form, exc.errors)
        except StaleVersion as exc:
            # Keep everything typed; show what was saved meanwhile; saving again now means "mine wins".
            status, saved_meanwhile = 409, agreement
            form.add_error(
                None,
                "Someone else saved this agreement after you opened it, so your changes were not saved. "
                "Your text is still below and theirs is shown under it: compare them, then save again.",
            )
            form.data = form.data.copy()
            form.data["version"] = str(exc.current_version)
        else:
            messages.success(request, "Draft saved. Check the plain English feedback.")
            return redirect("protection:agreement", person_id=child.pk, agreement_id=agreement.pk)
    return render(
        request,
        "protection/agreement.html",
        {
            "child": child,
            "agreement": agreement,
            "form": form,
            "report": report,
            "max_reading_age": plain_english.MAX_READING_AGE,
            "saved_meanwhile": saved_meanwhile,
        },
        status=status,
    )


@login_required
def agreement_pdf(request, agreement_id):
    _agreement, pdf = services.agreement_pdf(actor=request.user, agreement_id=agreement_id)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="written-agreement.pdf"'
    return response
