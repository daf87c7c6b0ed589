"""Operation Encompass: notices to schools after a domestic abuse incident, acknowledged by the school's lead."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from safeguard.access import records
from safeguard.core.paging import page_size
from safeguard.frontdoor import selectors, services
from safeguard.frontdoor.models import EncompassNotice


@login_required
def encompass(request):
    flagged = request.GET.get("flagged") == "1"
    include_acknowledged = request.GET.get("show") == "all"
    notices = selectors.encompass_notices_for(
        actor=request.user, flagged_only=flagged, include_acknowledged=include_acknowledged,
        cursor=request.GET.get("cursor"), size=page_size(request.GET.get("size")),
    )
    # Only the school's designated safeguarding lead may acknowledge: nobody else is offered the button.
    rows = [(n, bool(n.sent_at and not n.acknowledged_at and records.allows(request.user, "acknowledge", n)))
            for n in notices]
    query = urlencode([(k, v) for k, v in (("flagged", "1" if flagged else ""), ("show", "all" if include_acknowledged
                                                                                   else "")) if v])
    return render(
        request,
        "frontdoor/encompass.html",
        {"notices": notices, "rows": rows, "is_dsl": records.allows(request.user, "acknowledge", EncompassNotice),
         "page": notices, "query": query,
         "include_acknowledged": include_acknowledged, "flagged": flagged},
    )


@login_required
@require_POST
def encompass_acknowledge(request, notice_id):
    notice = selectors.encompass_notice_lookup(notice_id=notice_id)
    services.encompass_acknowledge(actor=request.user, notice=notice)
    messages.success(request, "Notice acknowledged")
    return redirect("frontdoor:encompass")
