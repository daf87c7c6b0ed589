"""The practitioner directory: browse and search named practitioners, name a meeting's invitee,
record who knows a child. Thin: selectors, services, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from safeguard.access import records
from safeguard.access.errors import InvalidInput
from safeguard.directory import selectors, services
from safeguard.directory.forms import DirectorySearchForm, KnownProfessionalForm
from safeguard.directory.models import KnownProfessional
from safeguard.people.selectors import person_lookup
from safeguard.web.formtools import add_service_errors, posted

PAGE_SIZE = 50


def meeting_url(meeting) -> str:
    from safeguard.protection.views import meeting_url as protection_meeting_url

    return protection_meeting_url(meeting)


def _invitation(request):
    """The invitee being named, when the search was opened from a meeting's "find someone" link."""
    from safeguard.protection import selectors as protection_selectors

    raw = request.GET.get("invitation") or ""
    if not raw:
        return None
    return protection_selectors.invitation_for_naming(actor=request.user, invitation_id=raw)


@login_required
def search(request):
    records.require(request.user, "use", KnownProfessional)
    invitation = _invitation(request)
    all_agencies = list(selectors.agencies())
    initial = {}
    if invitation is not None and not request.GET.get("searched"):
        # Start from what the invitation rule asks for: the agency if known, else everyone in the
        # role (every school's safeguarding lead, every practice's GP).
        from safeguard.protection.rules import RULE_ROLE

        role = RULE_ROLE.get(invitation.rule) or ("paediatrician" if invitation.rule == "psas" else "")
        initial = {"agency": str(invitation.agency_id or ""), "role": "" if invitation.agency_id else role}
    data = request.GET if request.GET.get("searched") else (initial or None)
    form = DirectorySearchForm(data, agencies=all_agencies, areas=selectors.areas())
    total, entries, groups = 0, [], None
    if data is not None and form.is_valid():
        d = form.cleaned_data
        total, entries = selectors.practitioner_search(
            q=d.get("q") or "", agency_id=int(d["agency"]) if d.get("agency") else None, role=d.get("role") or "",
            area=d.get("area") or "", limit=PAGE_SIZE,
        )  # fmt: skip
    elif data is None:
        groups = selectors.directory_groups()
    return render(request, "directory/search.html", {
        "form": form, "entries": entries, "total": total, "groups": groups, "invitation": invitation,
        "searched": data is not None, "page_size": PAGE_SIZE,
        "back_url": meeting_url(invitation.meeting) if invitation else "",
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def known_new(request, person_id):
    person = person_lookup(person_id=person_id)
    records.require(request.user, "view", person, audit=True)
    _total, entries = selectors.practitioner_search(limit=selectors.MAX_RESULTS)
    form = KnownProfessionalForm(posted(request), agencies=selectors.agencies(), practitioners=entries)
    if request.method == "POST" and form.is_valid():
        try:
            services.known_professional_record(actor=request.user, person=person, **form.service_kwargs())
        except InvalidInput as exc:
            add_service_errors(form, exc, rename={"agency_id": "agency", "practitioner_id": "practitioner"})
        else:
            messages.success(request, "Professional recorded")
            return redirect("protection:child_summary", person_id=person.pk)
    return render(request, "directory/known_new.html", {"person": person, "form": form})
