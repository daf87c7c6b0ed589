"""Records to response dicts: codes travel with their labels, people as references."""

from __future__ import annotations

from safeguard.protection import plain_english, selectors, services
from safeguard.protection.models import Action, Conference, Invitation, Plan, StrategyDiscussion, WrittenAgreement

from .schemas_in import _hhmm


def _looked_after_out(episode) -> dict:
    return {
        "id": episode.id,
        "child_id": episode.child_id,
        "legal_status": episode.legal_status,
        "legal_status_label": episode.get_legal_status_display(),
        "started_on": episode.started_on,
        "ended_on": episode.ended_on,
        "end_reason": episode.end_reason,
    }


def _child(p) -> dict:
    return {"id": p.pk, "full_name": p.full_name}


def _invitation(i: Invitation) -> dict:
    return {
        "id": i.pk,
        "rule": i.rule,
        "label": i.label,
        "display": i.display,
        "why": i.why,
        "agency_type": i.agency_type,
        "agency": i.agency.name if i.agency_id else None,
        "practitioner_id": i.practitioner_id,
        "practitioner_name": str(i.practitioner) if i.practitioner_id else None,
        "named": i.named,
        "child_id": i.child_id,
        "removed": i.removed,
        "removed_reason": i.removed_reason,
        "attendance": i.attendance,
        "information": i.information,
    }


def _action(a: Action) -> dict:
    from safeguard.core.clock import Deadline

    return {
        "id": a.pk,
        "description": a.description,
        "owner_id": a.owner_id,
        "owner_name": str(a.owner),
        "owner_agency": a.owner_agency.name if a.owner_agency_id else None,
        "child_id": a.child_id,
        "due_on": a.due_on,
        "due": "done" if a.completed_on else Deadline(a.due_on).describe(),
        "measure_of_success": a.measure_of_success,
        "completed_on": a.completed_on,
    }


def _others(others) -> list[dict]:
    return [
        {
            "id": o.child.pk,
            "full_name": o.child.full_name,
            "decision": o.decision.decision if o.decision else None,
            "reason": o.decision.reason if o.decision else None,
        }
        for o in others
    ]


def _clock(c) -> dict:
    return {
        "label": c.label,
        "due": c.due,
        "status": c.describe(),
        "overdue": c.is_overdue(),
        "child_id": c.child.pk,
        "note": c.note,
    }


def discussion_out(d: StrategyDiscussion) -> dict:
    fields = [
        "id", "status", "reason", "sexual_abuse_suspected", "non_recent_abuse", "held_on", "information_shared",
        "section_47", "section_47_reason", "abe_interview_planned", "abe_police_investigator",
        "abe_social_worker_role", "medical_examination", "medical_examination_reason", "psas_referral",
        "psas_referral_reason",
    ]  # fmt: skip
    return {
        **{f: getattr(d, f) for f in fields},
        "children": [
            {**_child(link.child), "harmful_sexual_behaviour": link.harmful_sexual_behaviour}
            for link in d.child_links.select_related("child")
        ],
        "alleged_perpetrators": [_child(p) for p in d.alleged_perpetrators.all()],
        "invitations": [_invitation(i) for i in d.invitations.select_related("agency", "practitioner")],
        "actions": [_action(a) for a in d.actions.select_related("owner", "owner_agency")],
        "other_children": _others(selectors.other_children_for_discussion(d)),
        "enquiry_ids": list(d.enquiries.values_list("id", flat=True)),
    }


def conference_out(c: Conference) -> dict:
    fields = [
        "id", "kind", "due_on", "scheduled_for", "late_reason", "held_on", "reports_received", "child_views",
        "child_views_how_sought", "communication_method", "parents_views", "decision", "category",
        "sexual_abuse_intra_familial",
    ]  # fmt: skip
    plan = Plan.objects.filter(conference=c).first() or c.plan
    return {
        **{f: getattr(c, f) for f in fields},
        "child": _child(c.child),
        "on_time": c.scheduled_for <= c.due_on,
        "invitations": [_invitation(i) for i in c.invitations.select_related("agency", "practitioner")],
        "plan_id": plan.pk if plan else None,
    }


def plan_out(p: Plan) -> dict:
    others = selectors.other_children_for_plan(p)
    has_actions = Action.objects.filter(outcome__plan=p).exists()
    return {
        "id": p.pk,
        "child": _child(p.child),
        "status": p.status,
        "started_on": p.started_on,
        "category": p.category,
        "sexual_abuse_intra_familial": p.sexual_abuse_intra_familial,
        "outcomes": [
            {"id": o.pk, "description": o.description, "actions": [_action(a) for a in o.actions.all()]}
            for o in p.outcomes.prefetch_related("actions__owner", "actions__owner_agency")
        ],
        "other_children": _others(others),
        "clocks": [_clock(c) for c in (selectors.plan_clocks(p) if p.status == "active" else [])],
        "can_finalise": p.status == "draft" and has_actions and all(o.decision for o in others),
    }


def agreement_out(a: WrittenAgreement, report=None) -> dict:
    report = report or plain_english.check(a.body, a.if_not_kept)
    return {
        "id": a.pk,
        "child_id": a.child_id,
        "plan_id": a.plan_id,
        "status": a.status,
        "parties": a.parties,
        "body": a.body,
        "if_not_kept": a.if_not_kept,
        "reading_age": report.reading_age,
        "plain_english_problems": report.problems,
        "consequences_missing": report.consequences_missing,
        "reading_age_too_high": report.reading_age_too_high,
        "long_sentences": len(report.long_sentences),
        "jargon": [j.term for j in report.jargon],
    }


def review_out(r) -> dict:
    return {
        "id": r.pk,
        "child_id": r.child_id,
        "event_type": r.event.event_type if r.event_id else None,
        "requested_by_agency": r.requested_by_agency.name if r.requested_by_agency_id else None,
        "raised_on": r.raised_on,
        "escalate_after": r.escalate_after,
        "escalated": r.escalated_at is not None,
        "decision": r.decision,
        "decision_reason": r.decision_reason,
    }


def _enquiry_out(e) -> dict:
    conference = Conference.objects.filter(enquiry=e, kind=Conference.Kind.INITIAL).first()
    return {
        "id": e.pk, "child_id": e.child_id, "discussion_id": e.discussion_id, "kind": e.kind,
        "kind_label": e.get_kind_display(), "started_on": e.started_on,
        "social_worker_findings": e.social_worker_findings, "police_findings": e.police_findings,
        "concerns_substantiated": e.concerns_substantiated, "icpc_needed": e.icpc_needed,
        "icpc_not_required": {"yes": False, "no": True}.get(e.icpc_needed),
        "outcome": e.outcome, "outcome_label": e.get_outcome_display(), "outcome_reason": e.outcome_reason,
        "concluded_on": e.concluded_on,
        "initial_conference_on": (conference.held_on or conference.scheduled_for) if conference else None,
    }  # fmt: skip


MEETING_KIND = {StrategyDiscussion: "strategy-discussion", Conference: "conference"}


def _meeting_kind(meeting) -> str:
    return MEETING_KIND.get(type(meeting), "core-group")


def meeting_out(meeting) -> dict:
    return {
        "kind": _meeting_kind(meeting), "id": meeting.pk, "title": services.meeting_title(meeting),
        "scheduled_for": meeting.scheduled_for, "starts_at": _hhmm(meeting.starts_at), "place": meeting.place,
        "arrangements": services.arrangements_in_words(meeting), "cancelled": meeting.is_cancelled,
        "cancel_reason": meeting.cancel_reason,
        "changes": [
            {"change": c.change, "change_label": c.get_change_display(), "was": c.was, "now": c.now,
             "reason": c.reason, "changed_by": str(c.changed_by), "changed_at": c.changed_at.isoformat()}
            for c in meeting.changes.select_related("changed_by")
        ],
    }  # fmt: skip
