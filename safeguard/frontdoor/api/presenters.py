"""Records to response dicts: codes travel with their labels, clocks in words."""

from __future__ import annotations

from django.utils import timezone

from safeguard.frontdoor import services
from safeguard.frontdoor.models import Contact, Decision, EncompassNotice, InformationRequest, Notification


def _subject_out(s) -> dict:
    return {
        "id": s.pk,
        "role": s.role,
        "role_label": s.get_role_display(),
        "given_name": s.given_name,
        "family_name": s.family_name,
        "date_of_birth": s.date_of_birth,
        "sex": s.sex,
        "school": s.school,
        "relationship": s.relationship,
        "relationship_label": s.get_relationship_display() if s.relationship else "",
        "person_id": s.person_id,
        "matched": s.person_id is not None,
    }


def _request_out(r: InformationRequest, people=None) -> dict:
    return {
        "id": r.pk,
        "contact_id": r.contact_id,
        "team_id": r.team_id,
        "team": r.team.name,
        "agency": r.team.agency.name,
        "question": r.question,
        "rag": r.rag,
        "requested_at": r.requested_at,
        "due_at": r.due_at,
        "status": r.status,
        "late": r.is_late(),
        "answer": r.answer,
        "answered_at": r.answered_at,
        "children": [{"id": str(p.pk), "name": p.full_name, "date_of_birth": p.date_of_birth} for p in people or []],
    }


def _request_row_out(row: dict, now) -> dict:
    """`_request_out` (without children) for a flat row of `selectors.information_requests_for(flat=True)`."""
    from safeguard.frontdoor.models import request_is_late

    return {**row, "id": row["pk"], "team": row["team__name"], "agency": row["team__agency__name"],
            "late": request_is_late(row["answered_at"], row["due_at"], now), "children": []}


def _next_record(d: Decision) -> dict | None:
    if d.outcome == "assessment":
        rows = list(d.assessments.all())
        return {"type": "assessment", "due_on": rows[0].due_on if rows else None, "ids": [str(a.pk) for a in rows]}
    if d.outcome == "early_help" and hasattr(d, "early_help_referral"):
        return {"type": "early_help_referral", "id": str(d.early_help_referral.pk)}
    if d.outcome == "da_triage" and hasattr(d.contact, "triage_item"):
        return {"type": "triage_item", "id": str(d.contact.triage_item.pk)}
    if d.outcome == "strategy_discussion":
        return {"type": "strategy_discussion_requested"}
    return None


def _decision_out(d: Decision, children=None) -> dict:
    agreed = list(d.agreed_agencies.all())
    agreed_ids = {a.pk for a in agreed}
    dissent = [
        v.agency.name for v in d.contact.threshold_views.select_related("agency") if v.agency_id not in agreed_ids
    ]
    if children is None:
        children = services.linked_people(d.contact, children_only=True)
    return {
        "id": d.pk,
        "contact_id": d.contact_id,
        "outcome": d.outcome,
        "outcome_label": d.get_outcome_display(),
        "rationale": d.rationale,
        "history_acknowledgement": d.history_acknowledgement,
        "decided_by": str(d.decided_by),
        "decided_at": d.decided_at,
        "within_timescale": d.within_timescale,
        "cumulative_concern": d.cumulative_concern,
        "agreed_agencies": [a.name for a in agreed],
        "dissenting_agencies": dissent,
        "next_record": _next_record(d),
        "children": [{"id": str(c.pk), "name": c.full_name} for c in children],
    }


def _clock(contact: Contact) -> tuple[str, bool]:
    from safeguard.core.clock import Deadline

    if not contact.is_open:
        return "decided", False
    deadline = Deadline(contact.decision_due_on)
    return deadline.describe(), deadline.is_overdue()


def _contact_out(screening) -> dict:
    c = screening.contact
    describe, overdue = _clock(c)
    concern = screening.concern
    decision = Decision.objects.filter(contact=c).first()
    return {
        "id": c.pk,
        "reference": c.reference,
        "access": screening.scope,
        "received_at": c.received_at,
        "decision_due_on": c.decision_due_on,
        "decision_clock": describe,
        "overdue": overdue,
        "status": c.status,
        "rag": c.rag,
        "team": c.team.name,
        "referrer_name": c.referrer_name,
        "referrer_role": c.referrer_role,
        "referrer_agency": str(c.referrer_agency or c.referrer_agency_text),
        "referral_source": c.referral_source,
        "referral_source_label": c.get_referral_source_display(),
        "concerns": c.concerns,
        "categories": c.categories,
        "consent_status": c.consent_status,
        "lawful_basis": c.lawful_basis,
        "consent_reason": c.consent_reason,
        "cumulative_concern": None
        if concern is None
        else {
            "triggered": concern.triggered,
            "count": concern.count,
            "threshold": concern.threshold,
            "window_months": concern.window_months,
            "summary": concern.summary,
            "contacts": [
                {
                    "id": h.pk,
                    "received_at": h.received_at,
                    "referral_source": h.referral_source,
                    "categories": h.categories,
                    "outcome": h.decision.outcome if hasattr(h, "decision") else None,
                }
                for h in concern.contacts
            ],
        },
        "subjects": [_subject_out(s) for s in screening.subjects],
        "information_requests": [_request_out(r) for r in screening.requests],
        "threshold_views": [
            {
                "agency": v.agency.name,
                "recommended_outcome": v.recommended_outcome,
                "rationale": v.rationale,
                "recorded_at": v.recorded_at,
            }
            for v in screening.views
        ],
        "involvements": {str(k): v for k, v in screening.involvements.items()},
        "decision": _decision_out(decision) if decision else None,
    }


def _notification_out(n: Notification, dashboard=None) -> dict:
    now = timezone.now()
    return {
        "id": n.pk,
        "reference": n.source_reference,
        "kind": n.kind,
        "incident_at": n.incident_at,
        "recorded_at": n.recorded_at,
        "received_at": n.received_at,
        "imported_at": n.received_at,
        "clock_starts_at": n.clock_starts_at,
        "age_hours": n.age_hours(now),
        "over_threshold": _over_threshold(n.screening_status, n.clock_starts_at, now),
        "dash_risk": n.dash_risk,
        "screening_status": n.screening_status,
        "screening_reason": n.screening_reason,
        "contact_id": n.contact_id,
        "summary": n.summary,
        "people": [
            {
                "role": p.role,
                "full_name": p.full_name,
                "date_of_birth": p.date_of_birth,
                "present": p.present,
                "normally_resides": p.normally_resides,
                "school": str(p.school or p.school_text),
            }
            for p in n.people.all()
        ],
    }


def _over_threshold(screening_status: str, clock_starts_at, now) -> bool:
    """Still waiting for screening past the police screening deadline (one rule for model and flat rows)."""
    from safeguard.core import clock

    return screening_status == "waiting" and clock.police_screening_overdue_at(clock_starts_at) <= now


def _notification_row_out(row: dict, now) -> dict:
    """`_notification_out` for a flat row of `selectors.police_dashboard(flat=True)`."""
    starts = row["clock_start"]
    return {
        "id": row["pk"],
        "reference": row["source_reference"],
        "kind": row["kind"],
        "incident_at": row["incident_at"],
        "recorded_at": row["recorded_at"],
        "received_at": row["received_at"],
        "imported_at": row["received_at"],
        "clock_starts_at": starts,
        "age_hours": round((now - starts).total_seconds() / 3600, 1),
        "over_threshold": _over_threshold(row["screening_status"], starts, now),
        "dash_risk": row["dash_risk"],
        "screening_status": row["screening_status"],
        "screening_reason": row["screening_reason"],
        "contact_id": row["contact_id"],
        "summary": row["summary"],
        "people": row["people"],
    }


def _notice_out(n: EncompassNotice) -> dict:
    return {
        "id": n.pk,
        "notification_reference": n.notification.source_reference,
        "incident_at": n.notification.incident_at,
        "child_name": n.child.full_name,
        "child_date_of_birth": n.child.date_of_birth,
        "present": n.child.present,
        "normally_resides": n.child.normally_resides,
        "school": str(n.school or n.child.school_text),
        "due_at": n.due_at,
        "sent_at": n.sent_at,
        "acknowledged_at": n.acknowledged_at,
        "acknowledged_by": str(n.acknowledged_by) if n.acknowledged_by_id else None,
        "acknowledged_by_job_title": n.acknowledged_by.job_title if n.acknowledged_by_id else None,
        "flag": n.flag(),
    }


def _notice_row_out(row: dict, now) -> dict:
    """`_notice_out` for a flat row of `selectors.encompass_notices_for(flat=True)`."""
    from safeguard.frontdoor.models import notice_flag

    sent, acknowledged, due = row["sent_at"], row["acknowledged_at"], row["due_at"]
    flag = notice_flag(sent, acknowledged, due, now)
    by = None
    if row["acknowledged_by_id"]:  # str(Practitioner): the full name, else the username
        by = f"{row['acknowledged_by__first_name']} {row['acknowledged_by__last_name']}".strip()
        by = by or row["acknowledged_by__username"]
    return {
        "id": row["pk"],
        "notification_reference": row["notification__source_reference"],
        "incident_at": row["notification__incident_at"],
        "child_name": f"{row['child__given_name']} {row['child__family_name']}".strip(),
        "child_date_of_birth": row["child__date_of_birth"],
        "present": row["child__present"],
        "normally_resides": row["child__normally_resides"],
        "school": row["school__name"] or row["child__school_text"],
        "due_at": due,
        "sent_at": sent,
        "acknowledged_at": acknowledged,
        "acknowledged_by": by,
        "acknowledged_by_job_title": row["acknowledged_by__job_title"] if by else None,
        "flag": flag,
    }


def _meeting_out(m) -> dict:
    items = []
    for i in m.items.all():
        n = i.notification
        items.append(
            {
                "id": i.pk,
                "notification_reference": n.source_reference if n else None,
                "contact_id": i.contact_id,
                "dash_risk": n.dash_risk if n else "",
                "people": [p.full_name for p in n.people.all()] if n else [],
                "outcome": i.outcome,
                "rationale": i.rationale,
                "inputs": [
                    {"agency": x.agency.name, "information": x.information, "recorded_at": x.recorded_at}
                    for x in i.inputs.all()
                ],
                "actions": [
                    {"description": a.description, "owner": str(a.owner), "due_on": a.due_on} for a in i.actions.all()
                ],
            }
        )
    return {"id": m.pk, "held_on": m.held_on, "closed": m.closed_at is not None, "minutes": m.minutes, "items": items}
