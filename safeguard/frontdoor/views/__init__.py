"""Front door pages (GOV.UK), one module per thing the pages are about. Thin: forms check shape,
services and selectors do the work. Every view is re-exported here so `frontdoor.views.X` still works."""

from safeguard.frontdoor.views.contacts import (
    challenge,
    contact_detail,
    decision,
    decision_detail,
    queue,
    subject_match,
)
from safeguard.frontdoor.views.encompass import encompass, encompass_acknowledge
from safeguard.frontdoor.views.intake import SESSION_KEY, STEP_NAMES, intake_check, intake_step
from safeguard.frontdoor.views.intake_people import intake_people, intake_person, intake_person_remove
from safeguard.frontdoor.views.partners import request_answer, request_send, requests_list, threshold_view
from safeguard.frontdoor.views.police import police_dashboard, police_decide
from safeguard.frontdoor.views.triage import (
    triage_action,
    triage_action_done,
    triage_close,
    triage_decide,
    triage_index,
    triage_input,
    triage_meeting,
    triage_start,
)

__all__ = [
    "SESSION_KEY",
    "STEP_NAMES",
    "challenge",
    "contact_detail",
    "decision",
    "decision_detail",
    "encompass",
    "encompass_acknowledge",
    "intake_check",
    "intake_people",
    "intake_person",
    "intake_person_remove",
    "intake_step",
    "police_dashboard",
    "police_decide",
    "queue",
    "request_answer",
    "request_send",
    "requests_list",
    "subject_match",
    "threshold_view",
    "triage_action",
    "triage_action_done",
    "triage_close",
    "triage_decide",
    "triage_index",
    "triage_input",
    "triage_meeting",
    "triage_start",
]
