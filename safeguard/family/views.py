"""GOV.UK pages: the family diagrams (genogram, ecomap, add members and links), the flagged adult's
network, and the health look-up. Thin: selectors and services do the work."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from safeguard.access.errors import Forbidden, InvalidInput, NotFound
from safeguard.agencies.models import Agency
from safeguard.family import graph, selectors, services
from safeguard.family.forms import EcomapLinkForm, FamilyMemberForm, HealthLookupForm, LinkForm
from safeguard.family.network import risk_network_steps
from safeguard.people import services as people_services
from safeguard.people.selectors import person_lookup


def _add_errors(form, exc: InvalidInput) -> None:
    for field, field_messages in exc.errors.items():
        for message in field_messages:
            form.add_error(field if field in form.fields else None, message)


@login_required
@require_http_methods(["GET", "POST"])
def genogram(request, person_id):
    try:
        person = selectors.person_for_diagram(actor=request.user, person_id=person_id)
    except NotFound:
        raise Http404 from None
    g = graph.build_genogram(person, request.user)
    e = graph.build_ecomap(person)
    action = request.POST.get("action") if request.method == "POST" else None
    member_form = FamilyMemberForm(request.POST if action == "member" else None, prefix="member")
    link_form = LinkForm(request.POST if action == "link" else None, people=g.people, prefix="link")
    ecomap_form = EcomapLinkForm(
        request.POST if action == "ecomap" else None, agencies=[n for n in e.nodes if n.agency_id], prefix="ecomap"
    )
    try:
        if action == "member" and member_form.is_valid():
            data = member_form.cleaned_data
            relationship_type, direction = data["relation"].split(":")
            services.family_member_add(
                actor=request.user,
                child=person,
                details={k: data[k] for k in ("given_name", "family_name", "sex", "date_of_birth", "date_of_death")},
                relationship_type=relationship_type,
                member_is_from=direction == "from",
            )
            messages.success(request, f"{data['given_name']} {data['family_name']} added to the family")
            return redirect("family_genogram", person_id=person.pk)
        if action == "link" and link_form.is_valid():
            data = link_form.cleaned_data
            people_services.relationship_create(
                actor=request.user,
                from_person=person_lookup(person_id=data["from_person"]),
                to_person=person_lookup(person_id=data["to_person"]),
                relationship_type=data["relationship_type"],
            )
            messages.success(request, "Relationship recorded")
            return redirect("family_genogram", person_id=person.pk)
        if action == "ecomap" and ecomap_form.is_valid():
            data = ecomap_form.cleaned_data
            agency = Agency.objects.filter(pk=data["agency"]).first() if data["agency"] else None
            services.ecomap_link_set(
                actor=request.user,
                person=person,
                agency=agency,
                label=data["label"],
                quality=data["quality"],
                note=data["note"],
            )
            messages.success(request, "Ecomap link updated")
            return redirect("family_genogram", person_id=person.pk)
    except InvalidInput as exc:
        _add_errors({"member": member_form, "link": link_form, "ecomap": ecomap_form}[action], exc)
    except (NotFound, Forbidden):
        raise Http404 from None
    names = {p.id: p.name for p in g.people}
    context = {
        "person": person,
        "genogram": g,
        "genogram_svg": graph.genogram_svg(person, genogram=g),
        "link_rows": [(names[lk.source], lk.label, names[lk.target]) for lk in g.links],
        "ecomap": e,
        "ecomap_svg": graph.ecomap_svg(person, ecomap=e),
        "member_form": member_form,
        "link_form": link_form,
        "ecomap_form": ecomap_form,
        "any_errors": member_form.errors or link_form.errors or ecomap_form.errors,
    }
    return render(request, "family/genogram.html", context)


@login_required
def network(request, person_id):
    try:
        steps = int(request.GET.get("steps") or risk_network_steps())
    except ValueError:
        steps = risk_network_steps()
    try:
        person, flags, children = selectors.flagged_adult_network(actor=request.user, person_id=person_id, steps=steps)
    except NotFound:
        raise Http404 from None
    return render(
        request, "family/network.html", {"person": person, "flags": flags, "children": children, "steps": steps}
    )


@login_required
@require_http_methods(["GET", "POST"])
def health_lookup(request):
    """POST only for the details: no personal data in the address bar."""
    form = HealthLookupForm(request.POST if request.method == "POST" else None)
    result = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.health_lookup(
                actor=request.user,
                setting=data["setting"],
                subject=services.Subject(
                    nhs_number=data["nhs_number"],
                    given_name=data["given_name"],
                    family_name=data["family_name"],
                    date_of_birth=data["date_of_birth"],
                ),
            )
        except NotFound:
            raise Http404 from None
        except InvalidInput as exc:
            _add_errors(form, exc)
    return render(request, "family/health_lookup.html", {"form": form, "result": result})
