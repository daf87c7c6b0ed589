"""The section 47 enquiry page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from safeguard.access.errors import InvalidInput
from safeguard.core import clock
from safeguard.protection import forms, selectors, services
from safeguard.protection.models import Conference


@login_required
@require_http_methods(["GET", "POST"])
def enquiry(request, enquiry_id):
    """The section 47 enquiry: findings saved as they come in; completed with its outcome."""
    enquiry = selectors.enquiry_for_view(actor=request.user, enquiry_id=enquiry_id)
    form = None
    if not enquiry.outcome:
        initial = {
            "started_on": enquiry.started_on,
            "social_worker_findings": enquiry.social_worker_findings,
            "police_findings": enquiry.police_findings,
        }
        form = forms.Section47Form(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            complete = bool(request.POST.get("complete"))
            try:
                services.section47_record(
                    actor=request.user, enquiry=enquiry, complete=complete, **form.service_kwargs()
                )
            except InvalidInput as exc:
                forms.add_service_errors(form, {("concluded_on" if k == "outcome" else k): v
                                                for k, v in exc.errors.items()})  # fmt: skip
            else:
                messages.success(request, "Section 47 enquiry completed" if complete else "Findings saved")
                return redirect("protection:enquiry", enquiry_id=enquiry.pk)
    conference = Conference.objects.filter(enquiry=enquiry, kind=Conference.Kind.INITIAL).first()
    return render(request, "protection/enquiry.html", {
        "e": enquiry, "form": form, "conference": conference,
        "icpc_due": clock.icpc_due(enquiry.discussion.held_on or enquiry.started_on),
    })  # fmt: skip
