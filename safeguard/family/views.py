"""GOV.UK pages: the family diagrams (genogram, ecomap, add members and links), the flagged adult's
network, and the health look-up. Thin: selectors and services do the work."""

from __future__ import annotations

from csp.decorators import csp_update
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from safeguard.access import records
from safeguard.access.errors import Forbidden, InvalidInput, NotFound
from safeguard.agencies.models import Agency
from safeguard.agencies.roles import AgencyType
from safeguard.family import graph, selectors, services
from safeguard.family.forms import (
    FACTOR_LABELS,
    AdultAttendanceForm,
    AntenatalVisitForm,
    AttendanceDecisionForm,
    BirthForm,
    EcomapLinkForm,
    FamilyMemberForm,
    HealthLookupForm,
    LinkForm,
    PregnancyForm,
    ReferralForm,
    RiskFlagEndForm,
    RiskFlagForm,
    SexualHealthAssessmentForm,
)
from safeguard.family.models import AdultAttendance, GpNotification, Pregnancy, SexualHealthAssessment
from safeguard.family.network import risk_network_steps
from safeguard.people import services as people_services
from safeguard.people.selectors import person_lookup
from safeguard.web.csp import style_hashes
from safeguard.web.formtools import add_service_errors

# The diagrams are inline SVG with their own <style>: the page's CSP allows exactly those styles.
_diagram_styles = csp_update({"style-src": style_hashes(graph.GENOGRAM_STYLE, graph.ECOMAP_STYLE)})

REFERRAL_FAILED = "The front door did not receive the referral: nothing was saved. Phone the front door."


def _subject(data) -> services.Subject:
    return services.Subject(
        nhs_number=data["nhs_number"],
        given_name=data["given_name"],
        family_name=data["family_name"],
        date_of_birth=data["date_of_birth"],
    )


def _contact_reference(contact_id: str) -> str:
    """The front door's short reference for a contact (what the clinician quotes on the phone)."""
    from safeguard.frontdoor.models import Contact

    contact = Contact.objects.filter(pk=contact_id).first() if contact_id else None
    return contact.reference if contact else contact_id


@_diagram_styles
@login_required
@require_http_methods(["GET", "POST"])
def genogram(request, person_id):
    person = selectors.person_for_genogram(actor=request.user, person_id=person_id)
    g = graph.build_genogram(person, request.user)
    selectors.audit_diagram(actor=request.user, person=person, people=[p.id for p in g.people])
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
                from_person=person_lookup(person_id=data["from_person_id"]),
                to_person=person_lookup(person_id=data["to_person_id"]),
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
        add_service_errors({"member": member_form, "link": link_form, "ecomap": ecomap_form}[action], exc)
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


@_diagram_styles
@login_required
def network(request, person_id):
    try:
        steps = int(request.GET.get("steps") or risk_network_steps())
    except ValueError:
        steps = risk_network_steps()
    person, flags, children = selectors.flagged_adult_network(actor=request.user, person_id=person_id, steps=steps)
    return render(
        request,
        "family/network.html",
        {
            "person": person,
            "flags": flags,
            "children": children,
            "steps": steps,
            "may_record_flags": records.allows(request.user, "record_flags", person),
        },
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
        except InvalidInput as exc:
            add_service_errors(form, exc)
    return render(request, "family/health_lookup.html", {"form": form, "result": result})


# --- think family: an adult attends -------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def attendance_new(request):
    """Record an adult's attendance. POST only for the details: no personal data in the address bar."""
    records.require(request.user, "record", AdultAttendance)
    form = AdultAttendanceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.adult_attendance_record(
                actor=request.user,
                setting=data["setting"],
                subject=_subject(data),
                attended_on=data["attended_on"],
                presenting_reason=data["presenting_reason"],
            )
        except InvalidInput as exc:
            add_service_errors(form, exc)
        else:
            return redirect("family_attendance", attendance_id=result.attendance.pk)
    return render(request, "family/attendance_new.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request, attendance_id):
    """The children linked to the attending adult, and "is a safeguarding referral needed?"."""
    result = services.attendance_for(actor=request.user, attendance_id=attendance_id)
    record = result.attendance
    form = AttendanceDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.adult_attendance_decide(
                actor=request.user,
                attendance=record,
                referral_needed=data["referral_needed"],
                reason=data["reason"],
                refer_now=data["refer_now"],
                concern=data["concern"],
            )
        except InvalidInput as exc:
            add_service_errors(form, exc)
        except services.ReferralNotReceived:
            form.add_error(None, REFERRAL_FAILED)
        else:
            if record.contact_reference:
                messages.success(
                    request,
                    f"Referral sent to the front door. Reference {_contact_reference(record.contact_reference)}",
                )
            else:
                messages.success(request, "Your answer is recorded")
            return redirect("family_attendance", attendance_id=record.pk)
        record.refresh_from_db()
    context = {
        "attendance": record,
        "children": result.children,
        "prompt_referral": result.prompt_referral,
        "form": form,
        "contact_reference": _contact_reference(record.contact_reference),
    }
    return render(request, "family/attendance.html", context)


# --- pregnancy and birth ------------------------------------------------------------------------


def _gp_practices():
    return list(Agency.objects.filter(agency_type=AgencyType.GP_PRACTICE).order_by("name"))


@login_required
@require_http_methods(["GET", "POST"])
def pregnancy_new(request, person_id):
    records.require(request.user, "record", Pregnancy)
    mother = selectors.person_for_diagram(actor=request.user, person_id=person_id)
    practices = _gp_practices()
    form = PregnancyForm(request.POST if request.method == "POST" else None, practices=practices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pregnancy = services.pregnancy_record(
                actor=request.user,
                mother=mother,
                expected_birth_date=data["expected_birth_date"],
                vulnerabilities=data["vulnerabilities"],
                gp_practice=next((p for p in practices if str(p.pk) == data["gp_practice"]), None),
                notes=data["notes"],
            )
        except (NotFound, Forbidden):
            raise Http404 from None
        except InvalidInput as exc:
            add_service_errors(form, exc, rename={"gp_practice_id": "gp_practice"})
        else:
            messages.success(request, f"Pregnancy recorded. {pregnancy.gp_practice} has been notified")
            return redirect("family_pregnancy", pregnancy_id=pregnancy.pk)
    return render(request, "family/pregnancy_new.html", {"mother": mother, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def pregnancy(request, pregnancy_id):
    """The pregnancy, its GP notification, antenatal visits and (for the midwife) the birth."""
    record = selectors.pregnancy_lookup(actor=request.user, pregnancy_id=pregnancy_id)
    may_change = records.allows(request.user, "change", record)
    action = request.POST.get("action") if request.method == "POST" else None
    if request.method == "POST" and not may_change:
        raise Http404
    visit_form = AntenatalVisitForm(request.POST if action == "visit" else None, prefix="visit")
    birth_form = BirthForm(request.POST if action == "birth" else None, prefix="birth")
    try:
        if action == "visit" and visit_form.is_valid():
            data = visit_form.cleaned_data
            services.antenatal_visit_record(
                actor=request.user,
                pregnancy=record,
                visited_on=data["visited_on"],
                home_visit=data["home_visit"],
                notes=data["notes"],
            )
            messages.success(request, "Antenatal visit recorded")
            return redirect("family_pregnancy", pregnancy_id=record.pk)
        if action == "birth" and birth_form.is_valid():
            data = birth_form.cleaned_data
            baby = services.birth_record(
                actor=request.user,
                pregnancy=record,
                born_on=data["born_on"],
                given_name=data["given_name"],
                sex=data["sex"],
            )
            messages.success(request, f"Birth recorded: {baby.full_name}")
            return redirect("family_pregnancy", pregnancy_id=record.pk)
    except InvalidInput as exc:
        add_service_errors(visit_form if action == "visit" else birth_form, exc)
    except (NotFound, Forbidden):
        raise Http404 from None
    context = {
        "pregnancy": record,
        "notification": record.gp_notification,
        "vulnerabilities": [
            label
            for value, label in PregnancyForm.base_fields["vulnerabilities"].choices
            if value in record.vulnerabilities
        ],
        "visits": record.visits.order_by("-visited_on"),
        "may_change": may_change,
        "visit_form": visit_form,
        "birth_form": birth_form,
        "any_errors": visit_form.errors or birth_form.errors,
    }
    return render(request, "family/pregnancy.html", context)


@login_required
def gp_notifications(request):
    """Pregnancy notifications: a GP practice's to acknowledge, a midwife's sent; each with whether it
    was acknowledged (by whom, when), how many times the practice was chased, and whether it is overdue."""
    notifications = selectors.gp_notifications_for(actor=request.user)
    waiting = [(n, records.allows(request.user, "acknowledge", n)) for n in notifications if n.acknowledged_at is None]
    done = [n for n in notifications if n.acknowledged_at is not None]
    return render(
        request,
        "family/gp_notifications.html",
        {"waiting": waiting, "done": done, "is_practice": records.allows(request.user, "acknowledge", GpNotification)},
    )


@login_required
@require_http_methods(["POST"])
def gp_notification_acknowledge(request, notification_id):
    notification = selectors.gp_notification_lookup(actor=request.user, notification_id=notification_id)
    services.gp_notification_acknowledge(actor=request.user, notification=notification)
    messages.success(request, f"Pregnancy notification for {notification.pregnancy.mother.full_name} acknowledged")
    return redirect("family_gp_notifications")


# --- risk flags ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def risk_flag_new(request, person_id):
    person = selectors.person_for_risk_flag(actor=request.user, person_id=person_id)
    form = RiskFlagForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.risk_flag_raise(actor=request.user, person=person, **data)
        except InvalidInput as exc:
            add_service_errors(form, exc, rename={"person_id": None})
        else:
            messages.success(request, "Flag recorded: poses a risk to children")
            return redirect("family_network", person_id=person.pk)
    return render(request, "family/risk_flag_new.html", {"person": person, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def risk_flag_end(request, flag_id):
    flag = selectors.risk_flag_to_change(actor=request.user, flag_id=flag_id)
    form = RiskFlagEndForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.risk_flag_end(actor=request.user, flag=flag, reason=form.cleaned_data["reason"])
        except InvalidInput as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Flag ended")
            return redirect("family_network", person_id=flag.person_id)
    return render(request, "family/risk_flag_end.html", {"flag": flag, "person": flag.person, "form": form})


# --- under-18 sexual health ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def sexual_health_new(request):
    records.require(request.user, "record", SexualHealthAssessment)
    form = SexualHealthAssessmentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assessment, _ = services.sexual_health_assess(
                actor=request.user,
                subject=_subject(data),
                scores={factor: data[factor] for factor in FACTOR_LABELS},
                attended_on=data["attended_on"],
                notes=data["notes"],
            )
        except InvalidInput as exc:
            add_service_errors(form, exc)
        else:
            return redirect("family_sexual_health", assessment_id=assessment.pk)
    return render(request, "family/sexual_health_new.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def sexual_health(request, assessment_id):
    """The score, the young person's current protection status, and a one-step referral when high."""
    assessment = selectors.assessment_lookup(actor=request.user, assessment_id=assessment_id)
    form = ReferralForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.sexual_health_refer(
                actor=request.user, assessment=assessment, concern=form.cleaned_data["concern"]
            )
        except InvalidInput as exc:
            add_service_errors(form, exc)
        except services.ReferralNotReceived:
            form.add_error(None, REFERRAL_FAILED)
        else:
            messages.success(
                request,
                f"Referral sent to the front door. Reference {_contact_reference(assessment.contact_reference)}",
            )
            return redirect("family_sexual_health", assessment_id=assessment.pk)
        assessment.refresh_from_db()
    context = {
        "assessment": assessment,
        "factors": [(label, getattr(assessment, factor)) for factor, label in FACTOR_LABELS.items()],
        "status": services.young_person_status(assessment.young_person),
        "form": form,
        "contact_reference": _contact_reference(assessment.contact_reference),
    }
    return render(request, "family/sexual_health.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def risk_link_review(request, link_id):
    """Review a child's safety after a new link to an adult recorded as posing a risk."""
    from safeguard.family.forms import RiskLinkReviewForm
    from safeguard.family.models import RiskLink

    link = RiskLink.objects.select_related("child", "flag").filter(pk=link_id).first()
    if link is None:
        raise Http404
    records.require(request.user, "review", link)
    form = RiskLinkReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.risk_link_review(actor=request.user, link=link, **form.cleaned_data)
        except InvalidInput as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Review of {link.child.full_name}'s safety recorded")
            return redirect("person_detail", person_id=link.child_id)
    reviews = link.reviews.select_related("reviewed_by").order_by("-reviewed_at")
    return render(request, "family/risk_link_review.html", {"link": link, "form": form, "reviews": reviews})
