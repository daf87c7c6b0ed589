"""The data team's statutory returns page. Thin: the policy decides, selectors read, pages render."""

from __future__ import annotations

import tempfile

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import render

from safeguard.access import policy
from safeguard.access.errors import NotFound
from safeguard.core import clock
from safeguard.returns.annex_a import XLSX_TYPE, annex_a_export
from safeguard.returns.periods import CollectionYear, recent_years
from safeguard.returns.selectors import Period


def _require_returns(request, action: policy.Action = policy.Action.VIEW) -> policy.Decision:
    decision = policy.statutory_returns(request.user, action)
    if not decision:
        raise NotFound()
    return decision


def _chosen_year(request) -> CollectionYear:
    try:
        return CollectionYear.parse(request.GET.get("year") or "")
    except ValueError:
        return recent_years(1)[0]


@login_required
def index(request):
    _require_returns(request)
    year = _chosen_year(request)
    annex_a_period = Period.twelve_months_to(clock.today())
    return render(
        request, "returns/index.html", {"year": year, "years": recent_years(), "annex_a_period": annex_a_period}
    )


@login_required
def annex_a_download(request):
    """Ofsted's Annex A for the 12 months to today. Written to a temporary file (memory stays flat
    however many children) and streamed back from it; the export goes to the audit log."""
    _require_returns(request, policy.Action.EXPORT)
    period = Period.twelve_months_to(clock.today())
    workbook = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
    annex_a_export(actor=request.user, period=period, output=workbook)
    workbook.seek(0)
    response = FileResponse(
        workbook, as_attachment=True, content_type=XLSX_TYPE,
        filename=f"annex-a-{period.start:%Y-%m-%d}-to-{period.end:%Y-%m-%d}.xlsx",
    )
    response["Cache-Control"] = "no-store"
    return response
