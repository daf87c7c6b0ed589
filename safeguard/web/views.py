"""GOV.UK pages. Views are thin: they call selectors and services and render."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from safeguard.access import records
from safeguard.access import selectors as access_selectors
from safeguard.access import services as access_services
from safeguard.access.errors import InvalidInput, NotFound
from safeguard.access.models import AuditAction
from safeguard.core import services as core_services
from safeguard.core.paging import keyset_page, page_size
from safeguard.core.selectors import your_work
from safeguard.core.work import task_link, unowned_work
from safeguard.family.models import Pregnancy
from safeguard.frontdoor.models import Contact
from safeguard.people import selectors as people_selectors
from safeguard.protection import selectors as protection_selectors
from safeguard.web.forms import (
    BreakGlassForm,
    BreakGlassReviewForm,
    EnquiryForm,
    MergeDecisionForm,
    PersonSearchForm,
    SignInForm,
    UndoMergeForm,
)
from safeguard.web.formtools import add_service_errors, posted
from safeguard.web.presenters import date_in_words, due_status, person_summary_rows


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    redirect_authenticated_user = True


PEOPLE_ON_HOME = 50


@login_required
def home(request):
    work = your_work(actor=request.user, page=request.GET.get("page") or 1)
    people = list(people_selectors.people_i_work_with(actor=request.user, limit=PEOPLE_ON_HOME))
    people_selectors.audit_people_listed(actor=request.user, purpose="home: your tasks and the people you work with",
                                         people=[*(g.person for g in work.groups if g.person is not None), *people])
    context = {
        "groups": [
            {
                "person": group.person,
                "overdue": group.overdue,
                "tasks": [
                    {"task": task, "link": task_link(task, request.user), "due": due_status(task.due_on)}
                    for task in group.tasks
                ],
            }
            for group in work.groups
        ],
        "task_count": work.total,
        "overdue": work.overdue,
        "page_obj": work.page,
        "people": people,
        "people_more": len(people) == PEOPLE_ON_HOME,  # maybe more: say how these were chosen
        "can_record_contact": records.allows(request.user, "record", Contact),
        "started_records": protection_selectors.records_started_by(actor=request.user),
    }
    if records.allows(request.user, "view", records.UNOWNED_WORK):
        unowned = unowned_work()
        context["unowned"] = {"total": sum(unowned.values()), "by_kind": [(k, n) for k, n in unowned.items() if n]}
    return render(request, "web/home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_search(request):
    """POST, so names and dates of birth never appear in URLs or server logs."""
    form = PersonSearchForm(posted(request))
    results = None
    if request.method == "POST" and form.is_valid():
        criteria = people_selectors.SearchCriteria(**form.cleaned_data)
        results = people_selectors.person_search_results(actor=request.user, criteria=criteria)
    context = {"form": form, "results": results}
    if results is not None:
        context["found"] = [r for r in results if r.visible]
        context["held_elsewhere"] = [r for r in results if not r.visible]
    return render(request, "web/person_search.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def record_enquiry(request, enquiry_id):
    """An enquiry about a record a team holds: the team answers it here; the asker reads the answer."""
    from safeguard.people import matching
    from safeguard.people.models import RecordEnquiry
    from safeguard.web.forms import EnquiryAnswerForm

    enquiry = (
        RecordEnquiry.objects.select_related("person", "team__agency", "asked_by", "answered_by")
        .filter(pk=enquiry_id)
        .first()
    )
    if enquiry is None:
        raise Http404
    records.require(request.user, "view", enquiry)
    answering = records.allows(request.user, "answer", enquiry)
    form = EnquiryAnswerForm(request.POST or None) if answering and enquiry.answered_at is None else None
    if form is not None and form.is_valid():
        try:
            matching.record_enquiry_answer(actor=request.user, enquiry=enquiry, answer=form.cleaned_data["answer"])
        except InvalidInput as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Answer recorded")
            return redirect("record_enquiry", enquiry_id=enquiry.pk)
    if not answering:
        matching.record_enquiry_read(actor=request.user, enquiry=enquiry)
    return render(request, "web/record_enquiry.html", {"e": enquiry, "form": form, "answering": answering})


@login_required
@require_http_methods(["POST"])
def person_enquiry(request):
    """ "A record exists held by X: ask for information" — the reason, then an audited enquiry."""
    from safeguard.people import matching

    token = request.POST.get("token", "")
    person = matching.person_from_enquiry_token(token, actor=request.user)
    form = EnquiryForm(request.POST if "reason" in request.POST else None, initial={"token": token})
    if form.is_bound and form.is_valid():
        try:
            matching.record_enquiry(actor=request.user, person_id=person.pk, reason=form.cleaned_data["reason"])
        except InvalidInput as exc:
            add_service_errors(form, exc)
        else:
            held_by = person.recorded_by_agency.name if person.recorded_by_agency else "the agency holding the record"
            messages.success(request, f"Your enquiry has been sent to {held_by}. It has been recorded.")
            return redirect("person_search")
    held_by = person.recorded_by_agency.name if person.recorded_by_agency else "another agency"
    return render(request, "web/person_enquiry.html", {"form": form, "held_by": held_by})


@login_required
def duplicates(request):
    """Likely duplicate records among the people the manager may change, most likely first."""
    from safeguard.people import merging

    page = merging.likely_duplicates(actor=request.user, cursor=request.GET.get("cursor"),
                                     size=page_size(request.GET.get("size")))
    return render(request, "web/duplicates.html", {"page": page, "query": ""})


def _side_by_side(first, second) -> list[dict]:
    def describe(person):
        person = (
            type(person)
            .objects.prefetch_related("identifiers", "other_names", "addresses")
            .select_related("recorded_by_agency")
            .get(pk=person.pk)
        )
        return {
            "Name": person.full_name,
            "Other names": "; ".join(str(n) for n in person.other_names.all()) or "None recorded",
            "Date of birth": date_in_words(person.date_of_birth),
            "Sex": person.get_sex_display(),
            "Identifiers": "; ".join(str(i) for i in person.identifiers.all()) or "None recorded",
            "Addresses": "; ".join(str(a) for a in person.addresses.all()) or "None recorded",
            "Relationships": person.relationships_from.count() + person.relationships_to.count(),
            "Chronology events": person.chronology.count(),
            "Recorded by": person.recorded_by_agency.name if person.recorded_by_agency else "Not known",
            "Recorded on": date_in_words(person.created_at),
        }

    left, right = describe(first), describe(second)
    return [{"key": key, "first": left[key], "second": right[key], "same": left[key] == right[key]} for key in left]


@login_required
@require_http_methods(["GET", "POST"])
def duplicate_review(request, first_id, second_id):
    """Two records side by side; a manager decides: merge one into the other, or different people."""
    from safeguard.people import merging

    pair = merging.pair_comparison(actor=request.user, first_id=first_id, second_id=second_id)
    form = MergeDecisionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        try:
            if decision == "different":
                merging.mark_not_duplicate(actor=request.user, first=pair.first, second=pair.second)
                messages.success(request, "Recorded: these are different people. They will not be offered again.")
                return redirect("duplicates")
            survivor, duplicate = (pair.first, pair.second) if decision == "keep_first" else (pair.second, pair.first)
            record = merging.person_merge(
                actor=request.user,
                survivor=survivor,
                duplicate=duplicate,
                reason=form.cleaned_data["reason"],
                match_probability=pair.match_probability,
            )
        except InvalidInput as exc:
            for field, field_messages in exc.errors.items():
                for message in field_messages:
                    form.add_error("reason" if field == "reason" else "decision", message)
        else:
            messages.success(request, f"Records merged. You can undo this from {survivor.full_name}'s merge history.")
            return redirect("merge_done", merge_id=record.pk)
    context = {"pair": pair, "rows": _side_by_side(pair.first, pair.second), "form": form}
    return render(request, "web/duplicate_review.html", context)


@login_required
def merge_done(request, merge_id):
    from safeguard.people.models import MergeRecord

    merge = get_object_or_404(MergeRecord.objects.select_related("survivor", "merged"), pk=merge_id)
    records.require(request.user, "view", merge)
    return render(request, "web/merge_done.html", {"merge": merge})


@login_required
@require_http_methods(["GET", "POST"])
def merge_undo(request, merge_id):
    from safeguard.people import merging
    from safeguard.people.models import MergeRecord

    merge = get_object_or_404(
        MergeRecord.objects.select_related("survivor", "merged").filter(undone_at__isnull=True), pk=merge_id
    )
    records.require(request.user, "undo", merge)
    form = UndoMergeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        merging.person_unmerge(actor=request.user, merge=merge, reason=form.cleaned_data["reason"])
        messages.success(request, "Merge undone. Both records are back as they were.")
        return redirect("person_detail", person_id=merge.survivor_id)
    return render(request, "web/merge_undo.html", {"merge": merge, "form": form})


@login_required
def person_detail(request, person_id):
    try:
        person = people_selectors.person_for_view(actor=request.user, person_id=person_id, household=True)
    except NotFound:
        return render(request, "web/person_not_found.html", {"person_id": person_id}, status=404)
    # Opening the record is how a worker reads the new information they were told about.
    told = core_services.new_information_seen(actor=request.user, person=person)
    relationships = [(r, r.label_for(person), r.other(person)) for r in people_selectors.relationships_of(person)]
    household, members = people_selectors.household_shown(person)
    household = {"household": household, "members": members} if household else None
    # Relatives and household members are links only where the viewer may open their record.
    related_ids = {other.pk for _, _, other in relationships} | {p.pk for p in members}
    visible_ids = set(
        people_selectors.visible_people(actor=request.user).filter(pk__in=related_ids).values_list("pk", flat=True)
    )
    context = {
        "person": person,
        # The event is written just before the task that tells of it, hence the minute's allowance.
        "new_since": min(t.created_at for t in told) - timedelta(minutes=1) if told else None,
        "told": told,
        "summary_rows": person_summary_rows(person),
        "relationships": relationships,
        "household": household,
        "visible_ids": visible_ids,
        "work_links": protection_selectors.work_links_for(person) if person.is_child else [],
        "chronology": list(people_selectors.chronology_of(person=person, limit=200)),
        "break_glass": list(access_selectors.break_glass_for_person(person=person)),
        "show_network": not person.is_child and records.allows(request.user, "view_flags", person),
        "can_record_risk_flag": not person.is_child and records.allows(request.user, "record_flags", person),
        "can_record_pregnancy": not person.is_child and records.allows(request.user, "record", Pregnancy),
        "can_view_cin": person.is_child and records.allows(request.user, "view_cin", person),
    }
    return render(request, "web/person_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def break_glass(request, person_id):
    form = BreakGlassForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            person = people_selectors.person_lookup(person_id=person_id)
            access_services.break_glass(actor=request.user, person=person, reason=form.cleaned_data["reason"])
        except InvalidInput as exc:
            add_service_errors(form, exc)
        else:
            messages.warning(
                request, "Emergency access recorded. Your reason is shown on the record and will be reviewed."
            )
            return redirect("person_detail", person_id=person_id)
    return render(request, "web/break_glass.html", {"form": form, "person_id": person_id})


AUDIT_PAGE_SIZE = 50


@login_required
def audit_log(request):
    action, username = request.GET.get("action", ""), request.GET.get("username", "")
    entries = access_selectors.audit_entries(actor=request.user, action=action, username=username)
    # Newest first, a page at a time after the last entry shown: no count of a table that only grows.
    page = keyset_page(entries, order=("-seq",), cursor=request.GET.get("cursor"),
                       size=page_size(request.GET.get("size"), AUDIT_PAGE_SIZE))
    query = urlencode([(k, v) for k, v in (("action", action), ("username", username)) if v])
    return render(
        request,
        "web/audit_log.html",
        {"page": page, "actions": AuditAction.choices, "action": action, "query": query},
    )


@login_required
def audit_person(request, person_id):
    """Who has looked at this child's record: every view, change, export and break-glass."""
    entries = access_selectors.audit_entries_for_person(actor=request.user, person_id=person_id)
    page = keyset_page(entries, order=("-seq",), cursor=request.GET.get("cursor"), size=AUDIT_PAGE_SIZE)
    return render(request, "web/audit_person.html", {"page": page, "person_id": person_id, "query": ""})


@login_required
def break_glass_review(request):
    grants = list(access_selectors.break_glass_for_review(actor=request.user)[:200])
    return render(request, "web/break_glass_review.html", {"grants": grants})


@login_required
@require_http_methods(["GET", "POST"])
def break_glass_review_one(request, grant_id):
    pending = access_selectors.break_glass_for_review(actor=request.user)
    grant = get_object_or_404(pending, pk=grant_id)
    form = BreakGlassReviewForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            access_services.break_glass_review(
                actor=request.user, grant=grant, outcome=form.cleaned_data["outcome"], note=form.cleaned_data["note"]
            )
        except InvalidInput as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Review recorded")
            return redirect("break_glass_review")
    return render(request, "web/break_glass_review_one.html", {"grant": grant, "form": form})


@login_required
def accounts(request):
    """The system administrator's list of practitioner accounts: who works where, in which role."""
    from django.core.paginator import Paginator  # a short list: numbered pages are enough

    page = Paginator(access_selectors.accounts_for_admin(actor=request.user), 50).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [
        {
            "practitioner": p,
            "memberships": list(p.memberships.all()),
            "status": "Inactive"
            if not p.is_active
            else ("Locked" if p.locked_until and p.locked_until > now else "Active"),
        }
        for p in page.object_list
    ]
    return render(request, "web/accounts.html", {"page": page, "rows": rows})


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


def not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def forbidden(request, exception=None):
    return render(request, "errors/403.html", status=403)


def server_error(request):
    return render(request, "errors/500.html", status=500)
