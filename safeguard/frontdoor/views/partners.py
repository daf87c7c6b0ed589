"""What partner agencies add to a contact: information requests and their answers, threshold views."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from safeguard.access import records
from safeguard.access.errors import InvalidInput
from safeguard.core import clock
from safeguard.core.paging import page_size
from safeguard.frontdoor import selectors, services
from safeguard.frontdoor.errors import Conflict
from safeguard.frontdoor.forms import (
    AnswerForm,
    InformationRequestForm,
    ThresholdViewForm,
)
from safeguard.frontdoor.views.common import posted, write_form
from safeguard.web.formtools import add_service_errors


@login_required
def requests_list(request):
    answered = request.GET.get("show") == "answered"
    page, waiting = selectors.information_requests_page(
        actor=request.user, answered=answered, cursor=request.GET.get("cursor"),
        size=page_size(request.GET.get("size")),
    )
    return render(
        request, "frontdoor/requests.html",
        {"rows": page.items, "page": page, "waiting": waiting, "answered": answered,
         "query": "show=answered" if answered else ""},
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_answer(request, request_id):
    form = AnswerForm(posted(request))
    if request.method == "POST" and form.is_valid():
        row = selectors.information_request_lookup(request_id=request_id)
        try:
            services.information_request_answer(actor=request.user, request=row, answer=form.cleaned_data["answer"])
        except InvalidInput as exc:
            add_service_errors(form, exc)
        except Conflict as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Answer sent to the front door")
            return redirect("frontdoor:requests")
    row = selectors.information_request_for_view(actor=request.user, request_id=request_id)
    return render(request, "frontdoor/request_answer.html", {"r": row, "form": form})



@login_required
@require_http_methods(["GET", "POST"])
def request_send(request, contact_id):
    """The screener asks a partner team what it holds; the answer is due by the RAG clock."""
    screening = selectors.contact_for_view(actor=request.user, contact_id=contact_id)
    records.require(request.user, "work", screening.contact)
    contact = screening.contact
    form = InformationRequestForm(
        posted(request), teams=selectors.partner_teams(actor=request.user, contact=contact)
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and write_form(
            form,
            lambda: services.information_request_send(actor=request.user, contact=contact, **form.cleaned_data),
        )
    ):
        messages.success(request, "Information request sent")
        return redirect("frontdoor:contact", contact_id=contact.pk)
    due_at = clock.information_request_due(timezone.now(), contact.rag) if contact.rag else None
    hours = getattr(clock.timescales(), f"information_request_hours_{contact.rag}", None) if contact.rag else None
    return render(
        request,
        "frontdoor/request_send.html",
        {"s": screening, "c": contact, "form": form, "due_at": due_at, "hours": hours},
    )


@login_required
@require_http_methods(["GET", "POST"])
def threshold_view(request, contact_id):
    """A contributing agency records its view of the threshold."""
    screening = selectors.contact_for_view(actor=request.user, contact_id=contact_id)
    records.require(request.user, "contribute", screening.contact)
    contact, agency = screening.contact, request.user.primary_agency
    current = next((v for v in screening.views if agency and v.agency_id == agency.pk), None)
    initial = {"recommended_outcome": current.recommended_outcome, "rationale": current.rationale} if current else None
    form = ThresholdViewForm(posted(request), initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and write_form(
            form, lambda: services.threshold_view_record(actor=request.user, contact=contact, **form.cleaned_data)
        )
    ):
        messages.success(request, f"{agency}'s view recorded")
        return redirect("frontdoor:contact", contact_id=contact.pk)
    return render(
        request, "frontdoor/threshold_view.html", {"s": screening, "c": contact, "form": form, "agency": agency}
    )
