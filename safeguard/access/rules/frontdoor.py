"""Who may work on front door records: contacts, information requests, triage, police notifications."""

from __future__ import annotations

from django.db.models import Q

from safeguard.access import policy
from safeguard.access.records import NOTHING, register

# --- Front door contacts and information requests (safeguard.frontdoor) ---------------------------


def _front_door_rows(actor) -> Q:
    return Q(team_id__in=actor.team_ids) if policy.is_front_door(actor) else NOTHING


@register("frontdoor.contact", "work", rows=_front_door_rows)
def front_door_holds(actor, contact) -> bool:
    """Front door staff in the team holding the contact: screen, ask, decide."""
    return policy.is_front_door(actor) and contact.team_id in actor.team_ids


def _asked_about(actor, contact) -> bool:
    return policy.sees_case_content(actor) and contact.information_requests.filter(team_id__in=actor.team_ids).exists()


@register("frontdoor.contact", "contribute")
def contributes_to(actor, contact) -> bool:
    """Front door staff, and partner teams asked for information about this contact (threshold views)."""
    return front_door_holds(actor, contact) or _asked_about(actor, contact)


def contact_scope(actor, contact) -> str:
    """How much of a contact the actor sees: 'front_door' (all of it), 'partner' (asked for information),
    'referrer' (the practitioner who recorded it), or '' (nothing)."""
    if front_door_holds(actor, contact):
        return "front_door"
    if _asked_about(actor, contact):
        return "partner"
    if policy.sees_case_content(actor) and contact.recorded_by_id == actor.pk:
        return "referrer"
    return ""


@register("frontdoor.contact", "view")
def _contact_view(actor, contact) -> bool:
    return bool(contact_scope(actor, contact))


@register("frontdoor.triageitem", "contribute")
def _triage_contribute(actor, item) -> bool:
    """Agencies at the domestic abuse triage meeting add what they know to an item on its agenda."""
    return policy.can_attend_triage(actor) and item.meeting_id is not None


@register("frontdoor.triageitem", "decide")
def _triage_decide(actor, item) -> bool:
    """The front door chairs the meeting and decides each item on its agenda."""
    return _triage_contribute(actor, item) and policy.can_chair_triage(actor)


@register("frontdoor.triagemeeting", "close")
def _triage_close(actor, meeting) -> bool:
    return policy.can_chair_triage(actor)


def _holder_rows(actor) -> Q:
    return Q(team_id__in=actor.team_ids) if policy.sees_case_content(actor) else NOTHING


@register("frontdoor.informationrequest", "answer", rows=_holder_rows)
def holds_request(actor, request) -> bool:
    """The team asked: its members answer."""
    return policy.sees_case_content(actor) and request.team_id in actor.team_ids


@register("frontdoor.informationrequest", "view")
def _request_view(actor, request) -> bool:
    """The team asked, and the front door team that asked."""
    return holds_request(actor, request) or front_door_holds(actor, request.contact)


# --- What is asked of the front door as a whole (the model class stands for the kind) ---------------


@register("frontdoor.contact", "record")
def _record_contact(actor, _contacts) -> bool:
    """Any practitioner in any agency may tell the front door about a child."""
    return policy.can_record_contact(actor)


@register("frontdoor.contact", "queue")
def _contact_queue(actor, _contacts) -> bool:
    """The front door queue and its screens: front door staff."""
    return policy.is_front_door(actor)


@register("frontdoor.decision", "make")
def _decide_threshold(actor, _decisions) -> bool:
    """The threshold decision on a contact: a front door manager."""
    return policy.can_decide_threshold(actor)


@register("frontdoor.informationrequest", "queue")
def _request_queue(actor, _requests) -> bool:
    """The information requests sent to one's teams: anyone who sees case content."""
    return policy.sees_case_content(actor)


@register("frontdoor.notification", "screen")
def _screen(actor, _notifications) -> bool:
    """Screen police notifications: police public protection."""
    return policy.can_screen_police_notifications(actor)


@register("frontdoor.notification", "view")
def _notification_view(actor, _notification) -> bool:
    """A police notification: whoever screens them (the dashboard) or attends domestic abuse triage."""
    return policy.can_view_police_dashboard(actor) or policy.can_attend_triage(actor)


@register("frontdoor.decision", "view")
def _decision_view(actor, decision) -> bool:
    """The outcome of a contact: the front door, contributing partners, the referrer, and anyone who may
    see one of the children (such as the youth justice worker supervising a young person)."""
    from safeguard.frontdoor.services import linked_people  # which children a contact is about

    if contact_scope(actor, decision.contact):
        return True
    children = linked_people(decision.contact, children_only=True)
    return any(policy.decide(actor, child, policy.Action.VIEW) for child in children)


@register("frontdoor.notification", "import")
def _import(actor, _notifications) -> bool:
    return policy.can_import_notifications(actor)


@register("frontdoor.notification", "dashboard")
def _dashboard(actor, _notifications) -> bool:
    return policy.can_view_police_dashboard(actor)


def _encompass_rows(actor) -> Q:
    if policy.is_front_door(actor) or policy.can_screen_police_notifications(actor):
        return Q()
    return Q(school_id__in=policy.dsl_agency_ids(actor)) if policy.is_dsl(actor) else NOTHING


@register("frontdoor.encompassnotice", "view", rows=_encompass_rows)
def _encompass_view(actor, notice) -> bool:
    """Operation Encompass notices: the front door and police see all; a school's designated
    safeguarding lead sees their school's (the model class: whether they see the list at all)."""
    if policy.is_front_door(actor) or policy.can_screen_police_notifications(actor):
        return True
    if isinstance(notice, type):
        return policy.is_dsl(actor)
    return notice.school_id in policy.dsl_agency_ids(actor)


@register("frontdoor.encompassnotice", "acknowledge")
def _encompass_acknowledge(actor, notice) -> bool:
    """Only the school's designated safeguarding lead acknowledges a notice (the model class: a DSL)."""
    if isinstance(notice, type):
        return bool(policy.dsl_agency_ids(actor))
    return notice.school_id is not None and notice.school_id in policy.dsl_agency_ids(actor)


@register("frontdoor.triagemeeting", "attend")
def _attend_triage(actor, _meetings) -> bool:
    """Agencies at domestic abuse triage: see its meetings and agenda."""
    return policy.can_attend_triage(actor)


@register("frontdoor.triagemeeting", "chair")
def _chair_triage(actor, _meetings) -> bool:
    """Open a meeting, set its agenda: the front door."""
    return policy.can_chair_triage(actor)


@register("frontdoor.triageaction", "complete")
def _complete_triage_action(actor, action) -> bool:
    """Its owner, or a chair of domestic abuse triage, records a triage action as done."""
    return policy.can_complete_triage_action(actor, action)
