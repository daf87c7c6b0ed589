"""Child protection conferences' writes, each defined once: scheduling one and recording it. The API's
request bodies and the pages' forms (the record's task-list sections too) are made from these, so a
bad answer gets the same words from either.

The services decide what depends on the child or on other answers (a date after the statutory clock
needs a reason, a disabled child's communication method, the category when there is a plan, the
family environment for sexual abuse) and say so in these words."""

from __future__ import annotations

import uuid

from pydantic import Field

from safeguard.core.inputs import Choice, Code, Day, Input, Text, Time, YesNo
from safeguard.protection.inputs.actions import DATE_HELP
from safeguard.protection.models import CategoryOfAbuse, Conference
from safeguard.protection.validation import CONFERENCE_DATE_REQUIRED, CONFERENCE_HELD_ON_REQUIRED

CONFERENCE_KIND_REQUIRED = "Choose an initial or a review conference"
REPORTS_REQUIRED = "List the reports received from each agency (or say none were)"
CHILD_VIEWS_REQUIRED = "Record the child's views, or why they could not be given"
CHILD_VIEWS_HOW_REQUIRED = "Say how the child's views were sought"
COMMUNICATION_METHOD_REQUIRED = "The child is disabled: record the communication method used"
PARENTS_VIEWS_REQUIRED = "Record the parents' views"
CONFERENCE_DECISION_REQUIRED = "Choose whether the child needs a child protection plan"
CATEGORY_REQUIRED = "Choose the category of abuse"
INTRA_FAMILIAL_REQUIRED = "Say whether the sexual abuse is within the family environment"

CONFERENCE_SCHEDULE = Input(
    "ConferenceScheduleIn",
    kind=Code(Conference.Kind, label="Kind of conference", required=CONFERENCE_KIND_REQUIRED, default="initial"),
    scheduled_for=Day(
        label="Date of the initial child protection conference",
        what="The date of the conference",
        help_text=DATE_HELP,
        future=True,
        required=CONFERENCE_DATE_REQUIRED,
    ),
    starts_at=Time(label="Time"),
    place=Text(
        label="Place, or how to join the call",
        max_length=300,
        help_text="For example, Room 2, Shire Hall; or a phone number and meeting code",
    ),
    chair_id=Choice(label="Conference chair (optional)", placeholder="Choose later"),
    late_reason=Text(
        label="If the conference is after the due date, why?",
        help_text="Needed when the date is after the due date",
        rows=3,
        max_length=2000,
    ),
    extra={
        "child_id": (uuid.UUID, Field(..., description="The child the conference is about")),
        "plan_id": (uuid.UUID | None, Field(None, description="For a review conference: the plan it reviews")),
    },
)

CONFERENCE_RECORD = Input(
    "ConferenceRecordIn",
    held_on=Day(
        label="Date held",
        what="The date the conference was held",
        help_text=DATE_HELP,
        past=True,
        required=CONFERENCE_HELD_ON_REQUIRED,
    ),
    # The record's answers are needed to submit it, but each is asked in its own section of the task
    # list and saved as a draft meanwhile; the service asks for every missing one at once, in these words.
    reports_received=Text(
        label="Reports received",
        help_text="Which agencies sent a report (or say none were received)",
        rows=3,
        description="Needed",
    ),
    child_views=Text(label="The child's views", rows=3, description="Needed"),
    child_views_how_sought=Text(label="How the child's views were sought", rows=2, description="Needed"),
    communication_method=Text(
        label="Communication method used (for a disabled child)",
        help_text="For example, Makaton, symbols, an interpreter or an advocate",
        max_length=200,
    ),
    parents_views=Text(label="The parents' views", rows=3, description="Needed"),
    decision=Code(
        [d for d in Conference.Decision if d],  # type: ignore[arg-type]
        label="Decision",
        invalid=CONFERENCE_DECISION_REQUIRED,
        description="Needed.",
    ),
    category=Code(CategoryOfAbuse, label="Category of abuse (when there is a plan)", invalid=CATEGORY_REQUIRED),
    sexual_abuse_intra_familial=YesNo(
        label="For sexual abuse: is it within the family environment?", description="Needed for sexual abuse"
    ),
)

# How the page words the yes or no about sexual abuse within the family.
INTRA_FAMILIAL_CHOICES = [("yes", "Yes, within the family environment"), ("no", "No, outside the family environment")]
