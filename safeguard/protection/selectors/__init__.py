"""Reads for the protection pathway, scoped by the access policy; views and the API use only these.
One module per thing they are about, every name re-exported here so `protection.selectors.X` keeps working."""

from safeguard.protection.selectors.allocation import (  # noqa: F401
    QueueItem,
    allocation_queue_for,
    team_workers,
)
from safeguard.protection.selectors.calendar import (  # noqa: F401
    CalendarDay,
    CalendarMeeting,
    _upcoming,
    meetings_calendar,
)
from safeguard.protection.selectors.clocks import (  # noqa: F401
    Clock,
    _plans_clocks,
    children_allocated_to,
    clock_order,
    clocks_for_child,
    clocks_for_children,
    due_items_for,
    last_strategy_discussion_date,
    overdue_actions_for,
    plan_clocks,
    workers_in_last_12_months,
)
from safeguard.protection.selectors.common import (  # noqa: F401
    OPEN_DISCUSSION,
    OPEN_PLAN,
    _get,
    children_with_open_protection,
    conference_chair,
    lead_social_worker,
    managed_practitioner_ids,
    managers_of,
    practitioners_around,
    practitioners_with_roles,
    team_member_ids,
)
from safeguard.protection.selectors.records import (  # noqa: F401
    StartedRecord,
    action_for_view,
    agreement_for_view,
    agreement_lookup,
    conference_for_view,
    conference_lookup,
    core_group_for_view,
    core_group_lookup,
    discussion_for_view,
    discussion_lookup,
    enquiry_for_view,
    enquiry_lookup,
    invitation_for_naming,
    looked_after_episode,
    may_change,
    may_record,
    meeting_is_open,
    plan_for_page,
    plan_for_view,
    plan_lookup,
    record_draft_for,
    recording_check,
    records_started_by,
    review_for_view,
    review_lookup,
)
from safeguard.protection.selectors.siblings import (  # noqa: F401
    OtherChild,
    _perpetrators_for,
    other_children_for_discussion,
    other_children_for_plan,
)
from safeguard.protection.selectors.summary import (  # noqa: F401
    ProtectionSummary,
    SummaryBrief,
    WorkLink,
    audit_work_view,
    challenge_subjects,
    people_for_event,
    protection_summary,
    protection_summary_brief,
    reviews_for,
    work_links_for,
)
