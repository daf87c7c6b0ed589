"""What a person is told when a protection write is refused, written once: the service raises these, and
the web form shows the same words before the service is asked, so the pages and the API never disagree."""

from safeguard.core.inputs import MIN_REASON as MIN_REASON  # written once, with the input definitions

ACTION_CHILD_REQUIRED = "Choose the child this action is for"
ACTION_DESCRIPTION_REQUIRED = "Enter what will be done"
ACTION_MEASURE_REQUIRED = "Say how everyone will know this action has worked"
ACTION_OWNER_REQUIRED = "Choose who owns this action"
CONFERENCE_DATE_REQUIRED = "Enter the date of the conference"
CONFERENCE_HELD_ON_REQUIRED = "Enter the date the conference was held"
CORE_GROUP_HELD_ON_REQUIRED = "Enter the date the core group met"
DISCUSSION_HELD_ON_REQUIRED = "Enter the date the strategy discussion was held"
ENQUIRY_STARTED_ON_REQUIRED = "Enter the date the enquiry started"
EVENT_PEOPLE_REQUIRED = "Choose who the event is about"
EVENT_TYPE_REQUIRED = "Choose the kind of event"
SIBLING_DECISION_REQUIRED = "Choose included, separate assessment or not at risk"
WORKER_REQUIRED = "Choose the social worker to allocate"

