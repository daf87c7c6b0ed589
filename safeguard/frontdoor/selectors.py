"""Reads for the front door, scoped to what the actor may see. Views of personal data are audited."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import datetime, timedelta

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Min, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from safeguard.access import policy, records  # policy: TRIAGE_ROLES, who may own a triage action
from safeguard.access.audit import audit_record
from safeguard.access.errors import NotFound
from safeguard.access.models import AuditAction, Involvement
from safeguard.core import clock
from safeguard.core.paging import DEFAULT_PAGE_SIZE, KeysetPage, keyset_page
from safeguard.frontdoor import rules
from safeguard.frontdoor.codes import OPEN_CONTACT_STATUSES, RequestStatus, ScreeningStatus
from safeguard.frontdoor.models import (
    Contact,
    ContactSubject,
    Decision,
    EncompassNotice,
    InformationRequest,
    Notification,
    TriageItem,
    TriageMeeting,
    typed_name,
)
from safeguard.frontdoor.services import linked_people
from safeguard.people.selectors import person_lookup


def _uuid(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise NotFound() from None


def _audit_view(actor, record, purpose: str, people=(), detail=None) -> None:
    """One entry for the view, naming everyone it shows (not one entry per person)."""
    audit_record(actor=actor, action=AuditAction.VIEW, object_type=record._meta.label_lower,
                 object_id=str(record.pk), purpose=purpose, people=people, detail=detail)


# --------------------------------------------------------------------------------------------- contacts


def contact_lookup(*, contact_id) -> Contact:
    contact = Contact.objects.select_related("team", "referrer_agency").filter(pk=_uuid(contact_id)).first()
    if contact is None:
        raise NotFound()
    return contact


def subject_lookup(*, contact: Contact, subject_id) -> ContactSubject:
    subject = contact.subjects.filter(pk=subject_id).first()
    if subject is None:
        raise NotFound()
    return subject




#: soonest due first; the primary key makes the order total for keyset paging
CONTACT_QUEUE_ORDER = ("decision_due_on", "received_at", "pk")


#: What the API shows of each contact in the queue (`contact_queue(flat=True)`).
CONTACT_QUEUE_ROW = ("pk", "reference", "received_at", "decision_due_on", "status", "rag", "team_id")


#: The subjects the queue names for each contact (page and API): the children the concern is about.
QUEUE_SUBJECT_ROLES = ("subject_child", "sibling")


def attach_queue_children(rows: list[dict]) -> None:
    """Each queue row's children as typed (`row["children"]`: subject children and siblings) and the
    records they were matched to (`row["people"]`, for the audit), one query."""
    by_contact: dict = {row["pk"]: [] for row in rows}
    people: dict = {row["pk"]: [] for row in rows}
    for contact_id, given, family, person_id in (
        ContactSubject.objects.filter(contact_id__in=list(by_contact), role__in=QUEUE_SUBJECT_ROLES)
        .order_by("pk")
        .values_list("contact_id", "given_name", "family_name", "person_id")
    ):
        by_contact[contact_id].append(typed_name(given, family))
        if person_id is not None:
            people[contact_id].append(person_id)
    for row in rows:
        row["children"], row["people"] = by_contact[row["pk"]], people[row["pk"]]


def contact_queue(*, actor, team_id=None, rag: str = "", status: str = "open", flat: bool = False) -> QuerySet:
    """The front door queue: contacts held by the actor's front door teams, soonest due first.
    `flat`: rows of `CONTACT_QUEUE_ROW` (the API; `attach_queue_children` adds the names) instead of
    contacts with their team, referrer, decision and subjects."""
    records.require(actor, "queue", Contact)
    qs = records.visible(actor, "work", Contact.objects.all())
    if team_id:
        qs = qs.filter(team_id=team_id)
    if rag == "none":
        qs = qs.filter(rag="")
    elif rag:
        qs = qs.filter(rag=rag)
    if status == "open":
        # An IN list the (team, status, decision_due_on) index can answer; a NOT cannot use it.
        qs = qs.filter(status__in=OPEN_CONTACT_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if flat:
        return qs.order_by(*CONTACT_QUEUE_ORDER).values(*CONTACT_QUEUE_ROW)
    return (
        qs.select_related("team", "referrer_agency", "decision")
        .prefetch_related("subjects")
        .order_by(*CONTACT_QUEUE_ORDER)
    )


def audit_queue_view(*, actor, contacts: list[Contact], purpose: str = "front door queue") -> None:
    """The queue names each contact's children: one entry naming the contacts and every child matched
    to a record (`AuditEntryPerson` rows), so "who has looked at this child" finds the queue too.
    `contacts`: contacts with their subjects prefetched, or rows `attach_queue_children` filled."""
    people = [
        pid
        for c in contacts
        for pid in (c["people"] if isinstance(c, dict) else
                    (s.person_id for s in c.subjects.all() if s.role in QUEUE_SUBJECT_ROLES))
    ]  # fmt: skip
    audit_record(
        actor=actor,
        action=AuditAction.VIEW,
        object_type="frontdoor.contact",
        purpose=purpose,
        people=people,
        detail={"contacts": [str(c["pk"] if isinstance(c, dict) else c.pk) for c in contacts]},
    )


def contact_access(actor, contact: Contact) -> str:
    """'front_door', 'partner' (asked for information), 'referrer', or '' (may not see it)."""
    return records.contact_scope(actor, contact)


@dataclasses.dataclass
class Screening:
    contact: Contact
    scope: str
    subjects: list[ContactSubject]
    concern: rules.CumulativeConcern | None
    deadline: clock.Deadline
    requests: list[InformationRequest]
    views: list
    involvements: dict  # person id -> list of other agencies' active involvements


def contact_for_view(*, actor, contact_id) -> Screening:
    """Everything the screening page shows, led by the child's contact history. Audited."""
    contact = records.require(actor, "view", contact_lookup(contact_id=contact_id))
    scope = contact_access(actor, contact)
    subjects = list(contact.subjects.select_related("person", "matched_by"))
    children = linked_people(contact, children_only=True)
    concern = None
    involvements: dict = {}
    if scope == "front_door":
        concern = rules.cumulative_concern(children=children) if children else None
        involvements = agency_involvements_for(people=[s.person for s in subjects if s.person_id])
    requests = list(
        contact.information_requests.select_related("team__agency", "requested_by", "answered_by")
        if scope == "front_door"
        else records.visible(actor, "answer", contact.information_requests.all()).select_related("team__agency")
    )
    # One entry naming everyone the page shows (not one per person): constant queries per view.
    audit_record(actor=actor, action=AuditAction.VIEW, object_type=contact._meta.label_lower,
                 object_id=str(contact.pk), people=linked_people(contact),
                 purpose=f"viewed a contact ({scope.replace('_', ' ')})")
    return Screening(
        contact=contact,
        scope=scope,
        subjects=subjects,
        concern=concern,
        deadline=clock.Deadline(contact.decision_due_on),
        requests=requests,
        views=list(contact.threshold_views.select_related("agency", "recorded_by")),
        involvements=involvements,
    )


def agency_involvements(*, person) -> list[dict]:
    """Which agencies are working with the person now (youth justice, health, schools…), so the
    front door knows whom to ask. Caller must already be allowed to see the person."""
    return agency_involvements_for(people=[person])[person.pk]


def agency_involvements_for(*, people) -> dict:
    """agency_involvements for several people (id -> list) in one query: a contact names several."""
    ids = [p.pk for p in people]
    out_by_person: dict = {pk: [] for pk in ids}
    if not ids:
        return out_by_person
    rows = (
        Involvement.objects.active()
        .filter(person_id__in=ids, team__isnull=False)
        .exclude(kind__in=["front_door_contact", "information_request"])
        .select_related("team__agency")
        .order_by("person_id", "pk")
    )
    seen = set()
    for row in rows:
        key = (row.person_id, row.team_id, row.kind)
        if key in seen:
            continue
        seen.add(key)
        out_by_person[row.person_id].append(
            {
                "agency": row.team.agency.name,
                "agency_type": row.team.agency.get_agency_type_display(),
                "team": row.team.name,
                "team_id": row.team_id,
                "kind": row.get_kind_display(),
                "phone": row.team.phone,
                "email": row.team.email,
            }
        )
    return out_by_person


# --------------------------------------------------------------------------------------------- requests


def partner_teams(*, actor, contact: Contact) -> list:
    """Teams the front door may ask for information: every team outside the contact's own front door."""
    from safeguard.agencies.models import Team

    records.require(actor, "work", contact)
    return list(Team.objects.select_related("agency").exclude(is_front_door=True).order_by("agency__name", "name"))


#: What the API lists of each request (`information_requests_for(flat=True)`).
#: The order of a team's requests (soonest due first; the key breaks ties), and of the API's pages.
REQUEST_ORDER = ("due_at", "pk")
REQUEST_ROW = ("pk", "contact_id", "team_id", "team__name", "team__agency__name", "question", "rag", "requested_at",
               "due_at", "status", "answer", "answered_at")


def information_requests_for(*, actor, status: str = RequestStatus.OPEN, flat: bool = False) -> QuerySet:
    """Requests sent to the actor's teams, soonest due first. `flat`: rows of `REQUEST_ROW` (the API's
    list) instead of requests with their team, agency and contact."""
    records.require(actor, "queue", InformationRequest)
    qs = records.visible(actor, "answer", InformationRequest.objects.all())
    if status:
        qs = qs.filter(status=status)
    if flat:
        return qs.order_by(*REQUEST_ORDER).values(*REQUEST_ROW)
    return qs.select_related("team__agency", "contact").order_by(*REQUEST_ORDER)


def information_requests_page(*, actor, answered: bool = False, cursor: str | None = None,
                              size: int = DEFAULT_PAGE_SIZE) -> tuple[KeysetPage, int]:
    """A page of a partner team's requests and how many wait for an answer: those waiting soonest due
    first, or those answered most recently due first. (The page was the first 200 of every request in
    due order: at county scale years-old answered ones, with the open ones out of sight.)"""
    waiting = information_requests_for(actor=actor, status=RequestStatus.OPEN)
    if answered:
        rows = information_requests_for(actor=actor, status=RequestStatus.ANSWERED)
        page = keyset_page(rows, order=tuple(f"-{o}" for o in REQUEST_ORDER), cursor=cursor, size=size)
    else:
        page = keyset_page(waiting, order=REQUEST_ORDER, cursor=cursor, size=size)
    return page, waiting.count()


def information_request_lookup(*, request_id) -> InformationRequest:
    row = InformationRequest.objects.select_related("contact", "team__agency").filter(pk=_uuid(request_id)).first()
    if row is None:
        raise NotFound()
    return row


def information_request_for_view(*, actor, request_id) -> InformationRequest:
    request = records.require(actor, "view", information_request_lookup(request_id=request_id))
    is_front_door = records.allows(actor, "work", request.contact)
    people = linked_people(request.contact)
    # Once answered, the partner sees its own question and answer but no longer the children.
    request.visible_people = people if (is_front_door or request.status == RequestStatus.OPEN) else []
    _audit_view(actor, request, "viewed a front door information request", request.visible_people)
    return request


# --------------------------------------------------------------------------------------------- decisions


def decision_lookup(*, decision_id) -> Decision:
    row = Decision.objects.select_related("contact__team", "decided_by").filter(pk=_uuid(decision_id)).first()
    if row is None:
        raise NotFound()
    return row


def decision_for_view(*, actor, decision_id) -> Decision:
    """The front door, contributing partners, and anyone who may see one of the children (such as
    the youth justice worker supervising a young person) see the outcome."""
    decision = records.require(actor, "view", decision_lookup(decision_id=decision_id))
    children = linked_people(decision.contact, children_only=True)
    _audit_view(actor, decision, "viewed a front door decision", children)
    decision.children = children
    return decision


def outcomes_for_person(*, actor, person_id) -> list[Decision]:
    """Front door outcomes for a child the actor works with (audited as a view of the person)."""
    person = person_lookup(person_id=person_id)
    records.require(actor, "view", person, audit=True)
    return list(
        Decision.objects.filter(contact__subjects__person=person)
        .distinct()
        .select_related("contact", "decided_by")
        .prefetch_related("agreed_agencies")
        .order_by("-decided_at")
    )


# --------------------------------------------------------------------------------------------- police


@dataclasses.dataclass
class PoliceDashboard:
    waiting: KeysetPage  # one page of the backlog, oldest first
    waiting_count: int
    over_threshold_count: int
    oldest_clock_start: datetime | None
    threshold_hours: int
    now: datetime

    def age_hours(self, notification: Notification) -> float:
        """Hours since the police recorded it (see Notification.clock_starts_at), not since import."""
        return notification.age_hours(self.now)

    def is_over_threshold(self, notification: Notification) -> bool:
        return clock.police_screening_overdue_at(notification.clock_starts_at) <= self.now

    @property
    def oldest_age_hours(self) -> float | None:
        if self.oldest_clock_start is None:
            return None
        return round((self.now - self.oldest_clock_start).total_seconds() / 3600, 1)


def named_key(given: str, family: str, date_of_birth) -> tuple:
    """How `known_people` compares names: trimmed, case ignored."""
    return given.strip().casefold(), family.strip().casefold(), date_of_birth


def known_people(named) -> dict[tuple, object]:
    """The record each person the police named is, where exactly one live record has their first
    name, last name and date of birth (the only match the front door acts on before screening; see
    `services.tell_workers_of_known_children`), in one query however many. `named`: (given name,
    family name, date of birth) triples; answers `named_key(...)` -> person id for those matched.

    A police page names ~200 people. On PostgreSQL each is looked up by date of birth (its index)
    from three arrays, in a lateral join kept apart (OFFSET 0) so the planner cannot choose to read
    every person instead: not 200 conditions OR'd together, which cost more to build and to test on
    every row read than the rest of the request, nor three IN lists, whose mixes of one person's
    name and another's birthday match thousands at 1M people."""
    from functools import reduce
    from operator import or_

    from django.db import connection

    from safeguard.people.models import Person

    named = {(g.strip(), f.strip(), d) for g, f, d in named if d is not None and g.strip() and f.strip()}
    if not named:
        return {}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT p.id, p.given_name, p.family_name, p.date_of_birth "
                "FROM unnest(%s::text[], %s::text[], %s::date[]) AS named(given, family, born) "
                "CROSS JOIN LATERAL (SELECT id, given_name, family_name, date_of_birth FROM people_person "
                "WHERE date_of_birth = named.born AND upper(given_name) = upper(named.given) "
                "AND upper(family_name) = upper(named.family) AND merged_into_id IS NULL OFFSET 0) p",
                [[g for g, _, _ in named], [f for _, f, _ in named], [d for _, _, d in named]],
            )
            rows = cursor.fetchall()
    else:
        same = [Q(given_name__iexact=g, family_name__iexact=f, date_of_birth=d) for g, f, d in named]
        rows = Person.objects.filter(reduce(or_, same), merged_into__isnull=True).order_by().values_list(
            "pk", "given_name", "family_name", "date_of_birth"
        )
    keys = {named_key(g, f, d) for g, f, d in named}
    found: dict[tuple, set] = {}
    for pk, given, family, born in rows:
        found.setdefault(named_key(given, family, born), set()).add(pk)
    return {key: next(iter(ids)) for key, ids in found.items() if key in keys and len(ids) == 1}


def notified_people_ids(people) -> list:
    """The records of the people notifications name (`NotifiedPerson`s or their flat rows) where
    they are known (`known_people`): who a police list showed, for its audit entry."""

    def triple(p):
        if isinstance(p, dict):
            return p["given_name"], p["family_name"], p["date_of_birth"]
        return p.given_name, p.family_name, p.date_of_birth

    triples = [triple(p) for p in people]
    known = known_people(triples)
    return [known[k] for k in (named_key(*t) for t in triples if t[2] is not None) if k in known]


def _with_people(qs):
    """Notifications with their people and each person's school: three queries for any number."""
    from safeguard.frontdoor.models import NotifiedPerson

    return qs.prefetch_related(Prefetch("people", queryset=NotifiedPerson.objects.select_related("school")))


#: What the API shows of each waiting notification (`police_dashboard(flat=True)`).
NOTIFICATION_ROW = ("pk", "source_reference", "kind", "incident_at", "recorded_at", "received_at", "clock_start",
                    "dash_risk", "screening_status", "screening_reason", "contact_id", "summary")


def _attach_people_rows(rows: list[dict]) -> None:
    """Each notification row's people as flat rows (`row["people"]`), one query for the page, each
    with its school's name (the school's record or the text the feed gave)."""
    from safeguard.frontdoor.models import NotifiedPerson

    by_notification: dict = {row["pk"]: [] for row in rows}
    for person in (
        NotifiedPerson.objects.filter(notification_id__in=list(by_notification))
        .order_by("pk")
        .values("notification_id", "role", "given_name", "family_name", "date_of_birth", "present",
                "normally_resides", "school_text", "school__name")
    ):
        person["full_name"] = f"{person['given_name']} {person['family_name']}".strip()
        person["school"] = person["school__name"] or person["school_text"]
        by_notification[person["notification_id"]].append(person)
    for row in rows:
        row["people"] = by_notification[row["pk"]]


def police_dashboard(*, actor, now: datetime | None = None, cursor: str | None = None,
                     size: int = DEFAULT_PAGE_SIZE, flat: bool = False) -> PoliceDashboard:
    """The screening backlog a page at a time, oldest first, with its size and how many are over the
    threshold counted in the database (the backlog can run to hundreds after a busy weekend).

    `flat`: the page as dicts of `NOTIFICATION_ROW` with `people` (the API, which shows no model
    behaviour: building ~250 model instances a page was most of its CPU); otherwise notifications."""
    records.require(actor, "dashboard", Notification)
    now = now or timezone.now()
    # The clock starts when the police recorded the incident (or, if the feed did not say, when it happened).
    waiting = Notification.objects.filter(screening_status=ScreeningStatus.WAITING).annotate(
        clock_start=Coalesce("recorded_at", "incident_at")
    )
    threshold = clock.timescales().police_screening_backlog_hours
    totals = waiting.aggregate(
        waiting=Count("pk"),
        over=Count("pk", filter=Q(clock_start__lte=now - timedelta(hours=threshold))),
        oldest=Min("clock_start"),
    )
    rows = waiting.values(*NOTIFICATION_ROW) if flat else _with_people(waiting)
    page = keyset_page(rows, order=("clock_start", "received_at", "pk"), cursor=cursor, size=size)
    if flat:
        _attach_people_rows(page.items)
    audit_record(
        actor=actor,
        action=AuditAction.VIEW,
        object_type="frontdoor.notification",
        purpose="police screening queue",
        people=notified_people_ids(p for n in page.items for p in (n["people"] if flat else n.people.all())),
        detail={"notifications": [str(n["pk"] if flat else n.pk) for n in page.items]},
    )
    return PoliceDashboard(
        waiting=page, waiting_count=totals["waiting"], over_threshold_count=totals["over"],
        oldest_clock_start=totals["oldest"], threshold_hours=threshold, now=now,
    )


def notification_for_view(*, actor, notification_id) -> Notification:
    records.require(actor, "view", Notification)
    row = _with_people(Notification.objects.filter(pk=_uuid(notification_id))).first()
    if row is None:
        raise NotFound()
    _audit_view(actor, row, "viewed a police notification", people=notified_people_ids(row.people.all()))
    return row


# --------------------------------------------------------------------------------------------- triage


def triage_waiting(*, actor) -> QuerySet[TriageItem]:
    records.require(actor, "attend", TriageMeeting)
    return TriageItem.objects.filter(meeting__isnull=True).select_related("notification", "contact")


def triage_meetings(*, actor) -> QuerySet[TriageMeeting]:
    records.require(actor, "attend", TriageMeeting)
    return TriageMeeting.objects.all()


def _triage_items_shown() -> QuerySet[TriageItem]:
    """Agenda items with what the meeting page shows of each, in agenda order (arrival, then key)."""
    return (
        TriageItem.objects.select_related("notification", "contact")
        .prefetch_related("notification__people", "inputs__agency", "actions__owner")
        .order_by("created_at", "pk")
    )


def _triage_people(items) -> list:
    """The records of the people the police named on these agenda items (`known_people`), for the audit."""
    return notified_people_ids(p for i in items if i.notification for p in i.notification.people.all())


# Cases shown at once on a meeting's page. A daily meeting discusses a few dozen; a meeting opened
# after a backlog can hold hundreds, so the page shows them a page at a time rather than all at once.
TRIAGE_AGENDA_PAGE_SIZE = 25
#: An agenda case still without a decision: a meeting closes only when there are none.
TRIAGE_UNDECIDED = Q(outcome="")


@dataclasses.dataclass
class TriageAgenda:
    """One page of a triage meeting's agenda, with the meeting's totals so the page can say where it is."""

    meeting: TriageMeeting
    page: Page
    undecided: int


def triage_agenda(*, actor, meeting_id, page=None, size: int | None = None) -> TriageAgenda:
    """A page of a meeting's agenda: only the cases shown are read, and only they are audited as viewed."""
    size = size or TRIAGE_AGENDA_PAGE_SIZE
    records.require(actor, "attend", TriageMeeting)
    meeting = TriageMeeting.objects.filter(pk=_uuid(meeting_id)).first()
    if meeting is None:
        raise NotFound()
    counts = TriageItem.objects.filter(meeting=meeting).aggregate(
        total=Count("pk"), undecided=Count("pk", filter=TRIAGE_UNDECIDED)
    )
    paginator = Paginator(_triage_items_shown().filter(meeting=meeting), size)
    paginator.count = counts["total"]  # already counted with the undecided: no second COUNT(*)
    shown = paginator.get_page(page)
    shown.object_list = list(shown.object_list)
    _audit_view(
        actor,
        meeting,
        "viewed a domestic abuse triage meeting",
        people=_triage_people(shown.object_list),
        detail={"items": [str(i.pk) for i in shown.object_list]},
    )
    return TriageAgenda(meeting=meeting, page=shown, undecided=counts["undecided"])


def triage_agenda_page_of(*, item: TriageItem, size: int | None = None) -> int:
    """The agenda page an item is on, so a chair comes back to the case they just worked on."""
    size = size or TRIAGE_AGENDA_PAGE_SIZE
    before = TriageItem.objects.filter(meeting_id=item.meeting_id).filter(
        Q(created_at__lt=item.created_at) | Q(created_at=item.created_at, pk__lt=item.pk)
    ).count()
    return before // size + 1


def triage_undecided_count(*, meeting: TriageMeeting) -> int:
    """Cases on the agenda still without a decision (a meeting closes only when there are none)."""
    return TriageItem.objects.filter(TRIAGE_UNDECIDED, meeting=meeting).count()


def triage_item_for_view(*, actor, item_id) -> TriageItem:
    """One agenda item with what the meeting page shows of it (and its meeting), audited as viewed."""
    records.require(actor, "attend", TriageMeeting)
    item = _triage_items_shown().select_related("meeting").filter(pk=_uuid(item_id), meeting__isnull=False).first()
    if item is None:
        raise NotFound()
    _audit_view(
        actor, item.meeting, "viewed a domestic abuse triage meeting", people=_triage_people([item]),
        detail={"items": [str(item.pk)]},
    )
    return item


def triage_meeting_for_view(*, actor, meeting_id) -> TriageMeeting:
    """The whole meeting, every item with its inputs and actions (the API's meeting; the page is paged)."""
    records.require(actor, "attend", TriageMeeting)
    meeting = (
        TriageMeeting.objects.prefetch_related(Prefetch("items", queryset=_triage_items_shown()))
        .filter(pk=_uuid(meeting_id))
        .first()
    )
    if meeting is None:
        raise NotFound()
    items = meeting.items.all()
    _audit_view(actor, meeting, "viewed a domestic abuse triage meeting", people=_triage_people(items),
                detail={"items": [str(i.pk) for i in items]})
    return meeting


def triage_action_owners(*, actor) -> list:
    """Practitioners who may own a triage action: active members in any triage role, named with their agency."""
    from safeguard.agencies.models import Membership

    records.require(actor, "attend", TriageMeeting)
    today = timezone.localdate()
    owners: dict = {}
    for m in (
        Membership.objects.filter(role__in=policy.TRIAGE_ROLES, starts_on__lte=today, practitioner__is_active=True)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("practitioner", "team__agency")
        .order_by("practitioner__last_name", "practitioner__first_name", "practitioner__username")
    ):
        if m.practitioner_id not in owners:
            m.practitioner.agency_name = m.team.agency.name
            owners[m.practitioner_id] = m.practitioner
    return list(owners.values())


def triage_action_for_owner(*, actor, action_id):
    """A triage action, for its owner or a chair of triage; anyone else is answered 404."""
    from safeguard.frontdoor.models import TriageAction

    try:
        action = TriageAction.objects.select_related("item__notification", "item__contact", "owner").get(
            pk=int(action_id)
        )
    except (TriageAction.DoesNotExist, TypeError, ValueError):
        raise NotFound() from None
    return records.require(actor, "complete", action)


def triage_item_lookup(*, actor, item_id) -> TriageItem:
    records.require(actor, "attend", TriageMeeting)
    item = TriageItem.objects.select_related("meeting").filter(pk=_uuid(item_id)).first()
    if item is None:
        raise NotFound()
    return item


def triage_meeting_lookup(*, actor, meeting_id) -> TriageMeeting:
    records.require(actor, "attend", TriageMeeting)
    meeting = TriageMeeting.objects.filter(pk=_uuid(meeting_id)).first()
    if meeting is None:
        raise NotFound()
    return meeting


# --------------------------------------------------------------------------------------------- Encompass


ENCOMPASS_ORDER = ("due_at", "pk")
#: What the API shows of each notice (`encompass_notices_for(flat=True)`).
NOTICE_ROW = ("pk", "notification__source_reference", "notification__incident_at", "child__given_name",
              "child__family_name", "child__date_of_birth", "child__present", "child__normally_resides",
              "child__school_text", "school__name", "due_at", "sent_at", "acknowledged_at", "acknowledged_by_id",
              "acknowledged_by__first_name", "acknowledged_by__last_name", "acknowledged_by__username",
              "acknowledged_by__job_title")


def encompass_notices_for(
    *,
    actor,
    flagged_only: bool = False,
    include_acknowledged: bool = False,
    cursor: str | None = None,
    size: int = DEFAULT_PAGE_SIZE,
    now: datetime | None = None,
    flat: bool = False,
) -> KeysetPage:
    """DSLs see their schools' notices; the front door and police see every notice (to chase late ones).

    Open work by default (notices not yet acknowledged), soonest due first, a page at a time: the
    full history grows by thousands a year. The audit entry names the notices on the page shown and
    the children on them known to a record (`known_people`).
    `flat`: the page as dicts of `NOTICE_ROW` (the API: no model instances for the five tables a row
    joins); otherwise notices.
    """
    now = now or timezone.now()
    records.require(actor, "view", EncompassNotice)
    qs = records.visible(actor, "view", EncompassNotice.objects.all())
    qs = qs.values(*NOTICE_ROW) if flat else qs.select_related("child", "school", "notification", "acknowledged_by")
    if not (include_acknowledged or flagged_only):
        qs = qs.filter(acknowledged_at__isnull=True)
    if flagged_only:  # every notice with a problem, acknowledged late included
        qs = qs.filter(
            Q(sent_at__isnull=True)
            | Q(acknowledged_at__isnull=True, due_at__lt=now)
            | Q(acknowledged_at__gt=F("due_at"))
        )
    page = keyset_page(qs, order=ENCOMPASS_ORDER, cursor=cursor, size=size)
    children = [
        {"given_name": n["child__given_name"], "family_name": n["child__family_name"],
         "date_of_birth": n["child__date_of_birth"]} if flat else n.child
        for n in page.items
    ]  # fmt: skip
    audit_record(
        actor=actor,
        action=AuditAction.VIEW,
        object_type="frontdoor.encompassnotice",
        purpose="Operation Encompass notices",
        people=notified_people_ids(children),
        detail={"notices": [str(n["pk"] if flat else n.pk) for n in page.items]},
    )
    return page


def encompass_notice_lookup(*, notice_id) -> EncompassNotice:
    row = EncompassNotice.objects.select_related("child", "school").filter(pk=_uuid(notice_id)).first()
    if row is None:
        raise NotFound()
    return row
