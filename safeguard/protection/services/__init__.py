"""Every write in the protection pathway. Keyword-only, atomic: validate → change → chronology
events → audit entry, in one transaction. Field problems raise InvalidInput and save nothing.

Split by the thing each write is about; every public name stays importable from
`safeguard.protection.services`.
"""

from .actions import action_complete
from .agreements import agreement_confirm, agreement_pdf, agreement_save
from .allocation import (
    CASEWORK_TASK_KINDS,
    allocation_change,
    allocation_tasks_reassign,
    handoff_access_end,
    register_handoffs,
    work_allocate,
)
from .common import MIN_REASON, meeting_title
from .conferences import conference_due, conference_record, conference_schedule
from .core_groups import core_group_record, core_group_schedule
from .enquiries import section47_conclude, section47_record
from .events import SIGNIFICANT_EVENT_TYPES, URGENT_EVENT_TYPES, significant_event_from_signal, significant_event_record
from .invitations import attendance_record, invitation_add, invitation_name, invitation_remove, invitations_send
from .looked_after import looked_after_end, looked_after_start
from .meetings import arrangements_in_words, meeting_cancel, meeting_reschedule, time_in_words
from .plans import plan_finalise, plan_outcome_add, sibling_decision_record, visit_record
from .reconvene import escalate_overdue, reconvene_decide, reconvene_request
from .record_drafts import meeting_record_errors, meeting_record_submit, record_draft_save
from .strategy_discussions import (
    strategy_discussion_arrange,
    strategy_discussion_from_signal,
    strategy_discussion_propose,
    strategy_discussion_record,
    strategy_discussion_update,
)

__all__ = [
    "CASEWORK_TASK_KINDS",
    "MIN_REASON",
    "SIGNIFICANT_EVENT_TYPES",
    "URGENT_EVENT_TYPES",
    "action_complete",
    "agreement_confirm",
    "agreement_pdf",
    "agreement_save",
    "allocation_change",
    "allocation_tasks_reassign",
    "handoff_access_end",
    "arrangements_in_words",
    "attendance_record",
    "conference_due",
    "conference_record",
    "conference_schedule",
    "core_group_record",
    "core_group_schedule",
    "escalate_overdue",
    "invitation_add",
    "invitation_name",
    "invitation_remove",
    "invitations_send",
    "looked_after_end",
    "looked_after_start",
    "meeting_cancel",
    "meeting_record_errors",
    "meeting_record_submit",
    "meeting_reschedule",
    "meeting_title",
    "plan_finalise",
    "plan_outcome_add",
    "reconvene_decide",
    "reconvene_request",
    "record_draft_save",
    "register_handoffs",
    "section47_conclude",
    "section47_record",
    "sibling_decision_record",
    "significant_event_from_signal",
    "significant_event_record",
    "strategy_discussion_arrange",
    "strategy_discussion_from_signal",
    "strategy_discussion_propose",
    "strategy_discussion_record",
    "strategy_discussion_update",
    "time_in_words",
    "visit_record",
    "work_allocate",
]
