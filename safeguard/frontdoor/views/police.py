"""Police notifications: the screening dashboard and the officer's referral decision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from safeguard.access import records
from safeguard.core.paging import page_size
from safeguard.frontdoor import selectors, services
from safeguard.frontdoor.forms import (
    PoliceScreeningForm,
)
from safeguard.frontdoor.models import Notification
from safeguard.frontdoor.views.common import posted, write_form


@login_required
def police_dashboard(request):
    board = selectors.police_dashboard(
        actor=request.user, cursor=request.GET.get("cursor"), size=page_size(request.GET.get("size"))
    )
    rows = [(n, board.age_hours(n), board.is_over_threshold(n)) for n in board.waiting]
    return render(
        request,
        "frontdoor/police.html",
        {"board": board, "rows": rows, "can_decide": records.allows(request.user, "screen", Notification),
         "page": board.waiting},
    )



@login_required
@require_http_methods(["GET", "POST"])
def police_decide(request, notification_id):
    """The officer's referral decision on one notification."""
    records.require(request.user, "screen", Notification)
    notification = selectors.notification_for_view(actor=request.user, notification_id=notification_id)
    form = PoliceScreeningForm(posted(request))
    if request.method == "POST" and form.is_valid():
        result = {}

        def call():
            result["n"] = services.police_screening_decide(
                actor=request.user, notification=notification, **form.cleaned_data
            )

        if write_form(form, call):
            n = result["n"]
            if n.contact_id:
                messages.success(
                    request, f"{n.source_reference} referred to children's social care as contact {n.contact.reference}"
                )
            else:
                messages.success(request, f"{n.source_reference}: no referral needed")
            return redirect("frontdoor:police")
    return render(request, "frontdoor/police_decide.html", {"n": notification, "form": form})
