"""What one generated family adds to the database: the rows, in the order they are written."""

from __future__ import annotations

from dataclasses import dataclass, field

from safeguard.access.models import Involvement
from safeguard.core.models import ChronologyEvent, Task
from safeguard.people.models import (
    Address,
    Household,
    HouseholdMembership,
    Person,
    PersonIdentifier,
    PersonName,
    Relationship,
)
from safeguard.protection.models import (
    Allocation,
    Conference,
    DiscussionChild,
    LookedAfterEpisode,
    Plan,
    Section47Enquiry,
    StrategyDiscussion,
)


@dataclass
class FamilyRows:
    """Everything one family adds to the database, as unsaved model instances."""

    households: list[Household] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    identifiers: list[PersonIdentifier] = field(default_factory=list)
    names: list[PersonName] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    memberships: list[HouseholdMembership] = field(default_factory=list)
    events: list[ChronologyEvent] = field(default_factory=list)
    involvements: list[Involvement] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    # The protection records behind the chronology's strategy discussions, conferences and plans.
    discussions: list[StrategyDiscussion] = field(default_factory=list)
    discussion_children: list[DiscussionChild] = field(default_factory=list)
    enquiries: list[Section47Enquiry] = field(default_factory=list)
    conferences: list[Conference] = field(default_factory=list)  # initial child protection conferences
    plans: list[Plan] = field(default_factory=list)
    review_conferences: list[Conference] = field(default_factory=list)  # review conferences (they name the plan)
    allocations: list[Allocation] = field(default_factory=list)
    # Children in need casework (safeguard.demo.cin): episodes, assessments, child in need plans.
    cin_episodes: list = field(default_factory=list)
    assessments: list = field(default_factory=list)
    cin_plans: list = field(default_factory=list)
    looked_after: list[LookedAfterEpisode] = field(default_factory=list)
    early_help_referrals: list = field(default_factory=list)  # beside early help decisions (workload)
    # The day-to-day work (safeguard.demo.workload).
    contacts: list = field(default_factory=list)
    contact_subjects: list = field(default_factory=list)
    information_requests: list = field(default_factory=list)
    decisions: list = field(default_factory=list)
    challenges: list = field(default_factory=list)
    challenge_steps: list = field(default_factory=list)
    triage_meetings: list = field(default_factory=list)
    notifications: list = field(default_factory=list)
    notified_people: list = field(default_factory=list)
    encompass_notices: list = field(default_factory=list)
    triage_items: list = field(default_factory=list)
    core_groups: list = field(default_factory=list)
    visits: list = field(default_factory=list)
    known_professionals: list = field(default_factory=list)  # each child's school, GP practice, health visitor
    # Not rows: audit entries written afterwards through the audit log (AuditSpec).
    audit: list = field(default_factory=list)
    children: int = 0

    # Insertion order respects foreign keys.
    FIELDS = (
        "households", "people", "identifiers", "names", "addresses", "relationships", "memberships",
        "events", "involvements", "tasks", "discussions", "discussion_children", "enquiries", "conferences",
        "plans", "review_conferences", "allocations", "looked_after", "contacts", "contact_subjects",
        "information_requests", "decisions", "early_help_referrals", "challenges", "challenge_steps",
        "triage_meetings", "notifications", "notified_people", "encompass_notices", "triage_items", "core_groups",
        "visits", "cin_episodes", "assessments", "cin_plans", "known_professionals",
    )
