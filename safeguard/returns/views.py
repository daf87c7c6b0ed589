"""The data team's statutory returns page. Thin: the policy decides, selectors read, pages render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from safeguard.access import policy
from safeguard.access.errors import NotFound
from safeguard.returns.periods import CollectionYear, recent_years


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
    return render(request, "returns/index.html", {"year": year, "years": recent_years()})
