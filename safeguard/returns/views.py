"""The data team's statutory returns page. Thin: the policy decides (404 for everyone else), the
services audit, checks and report read, templates render."""

from __future__ import annotations

import tempfile

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from safeguard.access import policy, records
from safeguard.access.errors import NotFound
from safeguard.core import clock
from safeguard.returns import checks, report, services, validation
from safeguard.returns.annex_a import XLSX_TYPE, annex_a_export
from safeguard.returns.cin_census import Census
from safeguard.returns.periods import CollectionYear, recent_years
from safeguard.returns.selectors import Period

PAGE_SIZE = 25


def _require_returns(request, action: str = "view") -> policy.Decision:
    return records.require_decision(request.user, action, records.STATUTORY_RETURNS)


def _year(code: str) -> CollectionYear:
    try:
        year = CollectionYear.parse(code)
    except ValueError:
        raise NotFound() from None
    if year.start > recent_years(1)[0].start:
        raise NotFound()  # a year that has not begun has no return
    return year


def _chosen_year(request) -> CollectionYear:
    try:
        return _year(request.GET.get("year") or "")
    except NotFound:
        return recent_years(1)[0]


@login_required
def index(request):
    _require_returns(request)
    year = _chosen_year(request)
    census = Census.for_year(year)
    counts = checks.check_counts(census)
    services.cin_census_report_viewed(actor=request.user, year=year, detail={"page": "summary"})
    return render(
        request,
        "returns/index.html",
        {
            "year": year,
            "years": recent_years(),
            "census": census,
            "module_counts": checks.module_counts(census),
            "check_counts": counts,
            "errors": sum(c.count for c in counts if c.check.is_error),
            "queries": sum(c.count for c in counts if not c.check.is_error),
            "validator_available": validation.available(),
            "annex_a_period": Period.twelve_months_to(clock.today()),
        },
    )


@login_required
def cin_census_download(request, year: str):
    _require_returns(request, "export")
    collection = _year(year)
    census, pieces = services.cin_census_export(actor=request.user, year=collection)
    response = StreamingHttpResponse(pieces, content_type="application/xml")
    response["Content-Disposition"] = (
        f'attachment; filename="cin-census-{collection.code}-{census.lea}-{census.serial_no:03d}.xml"'
    )
    return response


@login_required
def cin_census_check(request, year: str, check: str):
    _require_returns(request)
    collection = _year(year)
    found = checks.CHECKS_BY_KEY.get(check)
    if found is None:
        raise NotFound()
    census = Census.for_year(collection)
    page = Paginator(range(found.rows(census).count()), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = report.problem_rows(found, census, offset=page.start_index() - 1 if page.object_list else 0,
                               limit=PAGE_SIZE)  # fmt: skip
    services.cin_census_report_viewed(
        actor=request.user, year=collection, detail={"check": found.key, "page": page.number}
    )
    return render(
        request,
        "returns/check.html",
        {"year": collection, "census": census, "check": found, "rows": rows, "page_obj": page},
    )


@login_required
@require_http_methods(["GET", "POST"])
def cin_census_dfe(request, year: str):
    """The DfE's own validator on a fresh export: seconds for a county's year, so run on request."""
    _require_returns(request, "export")
    collection = _year(year)
    result = None
    failure = ""
    if request.method == "POST":
        if not validation.available():
            failure = "The DfE validator is not installed on this server. Ask the system administrator to install it."
        else:
            census = Census.for_year(collection)

            def iterate(**kwargs):
                return services.cin_census_export(actor=request.user, year=collection, **kwargs)[1]

            try:
                result = report.run_dfe_checks(census, iterate)
            except validation.ValidatorUnavailable:
                failure = "The DfE validator could not check the file. Try again, or ask the system administrator."
    return render(
        request,
        "returns/dfe.html",
        {"year": collection, "result": result, "failure": failure, "available": validation.available()},
    )


@login_required
def annex_a_download(request):
    """Ofsted's Annex A for the 12 months to today. Written to a temporary file (memory stays flat
    however many children) and streamed back from it; the export goes to the audit log."""
    _require_returns(request, "export")
    period = Period.twelve_months_to(clock.today())
    workbook = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
    annex_a_export(actor=request.user, period=period, output=workbook)
    workbook.seek(0)
    response = FileResponse(
        workbook,
        as_attachment=True,
        content_type=XLSX_TYPE,
        filename=f"annex-a-{period.start:%Y-%m-%d}-to-{period.end:%Y-%m-%d}.xlsx",
    )
    response["Cache-Control"] = "no-store"
    return response
