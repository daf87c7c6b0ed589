"""GOV.UK pages for the protection pathway and professional challenge. Thin: selectors, services, render.

Split by the record each page is about; every view stays importable from
`safeguard.protection.views` (the URLconf names them there).
"""

from .agreements import agreement_edit, agreement_pdf
from .casework import (
    SIGNIFICANT_EVENT_ORDER,
    allocation_change,
    allocation_queue,
    reconvene_request,
    review,
    significant_event_new,
)
from .challenges import challenge, challenge_new, partnership_challenges
from .common import meeting_url
from .conferences import conference, conference_schedule
from .enquiries import enquiry
from .meetings import meeting_cancel, meeting_reschedule, meetings
from .plans import core_group, core_group_new, core_group_schedule, plan, plan_outcome_new, visit_new
from .recording import meeting_record, meeting_record_check, meeting_record_section
from .strategy_discussions import discussion, discussion_arrange, invitation_name, invitation_remove, sibling_decision
from .work import action, child_summary, my_work

__all__ = [
    "SIGNIFICANT_EVENT_ORDER",
    "action",
    "agreement_edit",
    "agreement_pdf",
    "allocation_change",
    "allocation_queue",
    "challenge",
    "challenge_new",
    "child_summary",
    "conference",
    "conference_schedule",
    "core_group",
    "core_group_new",
    "core_group_schedule",
    "discussion",
    "discussion_arrange",
    "enquiry",
    "invitation_name",
    "invitation_remove",
    "meeting_cancel",
    "meeting_record",
    "meeting_record_check",
    "meeting_record_section",
    "meeting_reschedule",
    "meeting_url",
    "meetings",
    "my_work",
    "partnership_challenges",
    "plan",
    "plan_outcome_new",
    "reconvene_request",
    "review",
    "sibling_decision",
    "significant_event_new",
    "visit_new",
]
