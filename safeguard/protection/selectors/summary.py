"""What a child's protection pages show: the summary, links to each piece of work, events and challenges."""

from __future__ import annotations

import dataclasses
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from safeguard.access import records
from safeguard.people.models import Person
from safeguard.protection.models import (
    Allocation,
    Conference,
    Plan,
    ReconveneReview,
    Section47Enquiry,
    SiblingDecision,
    StrategyDiscussion,
    WrittenAgreement,
)
from safeguard.protection.selectors.clocks import Clock, clocks_for_child, workers_in_last_12_months
from safeguard.protection.selectors.common import lead_social_worker


def reviews_for(*, actor) -> QuerySet[ReconveneReview]:
    """Open 'consider reconvening' reviews for children the actor may see."""
    return (
        ReconveneReview.objects.filter(decision="")
        .filter(child__in=records.visible(actor, "view", Person.objects.all()))
        .select_related("child", "event", "requested_by_agency")
    )


@dataclasses.dataclass
class ProtectionSummary:
    child: Person
    clocks: list[Clock]
    discussions: list[StrategyDiscussion]
    enquiries: list[Section47Enquiry]
    conferences: list[Conference]
    plans: list[Plan]
    agreements: list[WrittenAgreement]
    reviews: list[ReconveneReview]
    sibling_decisions: list[SiblingDecision]
    lead_social_worker: object | None
    workers_last_12_months: int
    allocations: list[Allocation]


def protection_summary(*, actor, person_id) -> ProtectionSummary:
    from safeguard.people.selectors import person_lookup

    child = person_lookup(person_id=person_id)
    records.require(actor, "view", child, audit=True)
    plans = list(Plan.objects.filter(child=child))
    return ProtectionSummary(
        child=child,
        clocks=clocks_for_child(child),
        discussions=list(StrategyDiscussion.objects.filter(child_links__child=child)),
        enquiries=list(Section47Enquiry.objects.filter(child=child)),
        conferences=list(Conference.objects.filter(child=child)),
        plans=plans,
        agreements=list(WrittenAgreement.objects.filter(child=child)),
        reviews=list(ReconveneReview.objects.filter(child=child).select_related("event")),
        sibling_decisions=list(
            SiblingDecision.objects.filter(Q(plan__child=child) | Q(discussion__child_links__child=child))
            .select_related("other_child")
            .distinct()
        ),
        lead_social_worker=lead_social_worker(child),
        workers_last_12_months=workers_in_last_12_months(child),
        allocations=list(Allocation.objects.filter(child=child).select_related("worker")),
    )


@dataclasses.dataclass
class SummaryBrief:
    """What the API's summary shows: ids of the child's meetings and plans, not the records."""

    child: Person
    clocks: list[Clock]
    discussion_ids: list
    plan_ids: list
    conference_ids: list
    open_reviews: list[ReconveneReview]
    lead_social_worker: object | None
    workers_last_12_months: int


def protection_summary_brief(*, actor, person_id) -> SummaryBrief:
    """The summary the API answers, read as ids where it shows ids (the page's `protection_summary`
    builds every record: about half the queries and most of the CPU of this read under load)."""
    from safeguard.people.selectors import person_lookup

    child = person_lookup(person_id=person_id)
    records.require(actor, "view", child, audit=True)
    return SummaryBrief(
        child=child,
        clocks=clocks_for_child(child),
        discussion_ids=list(StrategyDiscussion.objects.filter(child_links__child=child).values_list("pk", flat=True)),
        plan_ids=list(Plan.objects.filter(child=child).values_list("pk", flat=True)),
        conference_ids=list(Conference.objects.filter(child=child).values_list("pk", flat=True)),
        open_reviews=list(
            ReconveneReview.objects.filter(child=child, decision="").select_related("event", "requested_by_agency")
        ),
        lead_social_worker=lead_social_worker(child),
        workers_last_12_months=workers_in_last_12_months(child),
    )


def people_for_event(*, actor, person: Person) -> list[Person]:
    """The person, the adults around them and those adults' children — those the actor may see."""
    from safeguard.protection import rules

    today = timezone.localdate()
    adults = rules.adults_around(person, on=today) if rules._is_child(person, today) else {person.pk}
    ids = {person.pk} | adults | rules.children_of_adults(adults, on=today)
    people = Person.objects.filter(pk__in=ids).order_by("date_of_birth", "family_name")
    visible = [p for p in people if records.allows(actor, "view", p)]
    return sorted(visible, key=lambda p: p.pk != person.pk)


def challenge_subjects(child: Person) -> dict:
    """What a challenge about this child can be about: the case, or one of its recorded decisions."""
    subjects: dict = {"case": ("The case as a whole", None)}
    for d in StrategyDiscussion.objects.filter(child_links__child=child).exclude(section_47=""):
        subjects[f"discussion:{d.pk}"] = (
            f"Strategy discussion decision ({d.held_on:%-d %B %Y}): {d.get_section_47_display()}",
            d,
        )
    for e in Section47Enquiry.objects.filter(child=child).exclude(outcome=""):
        subjects[f"enquiry:{e.pk}"] = (f"Section 47 outcome: {e.get_outcome_display()}", e)
    for c in Conference.objects.filter(child=child, held_on__isnull=False):
        subjects[f"conference:{c.pk}"] = (
            f"{c.get_kind_display()} decision ({c.held_on:%-d %B %Y}): {c.get_decision_display()}",
            c,
        )
    return subjects


@dataclasses.dataclass
class WorkLink:
    """One piece of protection work about a person, for the links on their record page."""

    kind: str
    text: str
    url_name: str
    pk: object
    on: date | None


def work_links_for(person: Person) -> list[WorkLink]:
    """The person's plans, strategy discussions and conferences, newest first (the caller has
    already decided the viewer may see the person; each linked page checks again)."""
    links: list[WorkLink] = []
    for plan in Plan.objects.filter(child=person).order_by("-started_on"):
        links.append(WorkLink("plan", f"Child protection plan ({plan.get_status_display().lower()})", "protection:plan",
                              plan.pk, plan.started_on))  # fmt: skip
    discussions = StrategyDiscussion.objects.filter(child_links__child=person).distinct().order_by("-created_at")
    for d in discussions[:20]:
        on = d.held_on or timezone.localtime(d.created_at).date()
        links.append(WorkLink("meeting", "Strategy discussion", "protection:discussion", d.pk, on))
    for c in Conference.objects.filter(child=person).order_by("-scheduled_for")[:20]:
        links.append(
            WorkLink("meeting", c.get_kind_display(), "protection:conference", c.pk, c.held_on or c.scheduled_for)
        )
    return links



def audit_work_view(*, actor, purpose: str, children) -> None:
    """A list of clocks, actions or reviews names children: it is a view of each of them (one entry)."""
    from safeguard.people.selectors import audit_people_listed

    audit_people_listed(actor=actor, purpose=purpose, people=children, object_type="protection.work")
