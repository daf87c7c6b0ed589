"""Every write at the front door: validated, put on the children's chronologies and audited in one
transaction. Keyword-only `thing_verb(*, actor, ...)`.

Split by the thing each write is about; every public name stays importable from
`safeguard.frontdoor.services`.
"""

from safeguard.access.records import contributes_to  # decided in access; kept importable here

from .bulk import notifications_import
from .common import NFA_OUTCOMES, default_front_door_team, linked_people
from .contacts import (
    IDEMPOTENCY_KEY_MAX,
    candidate_enquiry,
    contact_record,
    subject_candidates,
    subject_match_confirm,
    subject_person_create,
)
from .decisions import (
    HANDOFF_OUTCOMES,
    SOCIAL_WORK_OUTCOMES,
    decision_challenge_raise,
    decision_dissent_read,
    decision_record,
    named_people_of,
    receiving_team_for,
    social_work_teams,
)
from .police import (
    encompass_acknowledge,
    encompass_notices_send,
    notification_create,
    police_screening_decide,
    school_dsl_team,
    school_resolve,
)
from .screening import (
    contact_screen,
    information_request_answer,
    information_request_send,
    threshold_view_record,
)
from .triage import (
    triage_action_add,
    triage_action_complete,
    triage_input_add,
    triage_item_decide,
    triage_meeting_close,
    triage_meeting_open,
)

__all__ = [
    "HANDOFF_OUTCOMES",
    "IDEMPOTENCY_KEY_MAX",
    "NFA_OUTCOMES",
    "SOCIAL_WORK_OUTCOMES",
    "candidate_enquiry",
    "contact_record",
    "contact_screen",
    "contributes_to",
    "decision_challenge_raise",
    "decision_dissent_read",
    "decision_record",
    "default_front_door_team",
    "encompass_acknowledge",
    "encompass_notices_send",
    "information_request_answer",
    "information_request_send",
    "linked_people",
    "named_people_of",
    "notification_create",
    "notifications_import",
    "police_screening_decide",
    "receiving_team_for",
    "school_dsl_team",
    "school_resolve",
    "social_work_teams",
    "subject_candidates",
    "subject_match_confirm",
    "subject_person_create",
    "threshold_view_record",
    "triage_action_add",
    "triage_action_complete",
    "triage_input_add",
    "triage_item_decide",
    "triage_meeting_close",
    "triage_meeting_open",
]
