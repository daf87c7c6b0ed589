"""The child protection pathway: strategy discussions, section 47 enquiries, conferences, plans,
core groups, actions, sibling decisions, written agreements, allocations and reconvening."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

USER = settings.AUTH_USER_MODEL


class DiscussionStatus(models.TextChoices):
    AWAITING = "awaiting", "Awaiting convening"
    HELD = "held", "Held"
    CLOSED = "closed", "Closed"
    CANCELLED = "cancelled", "Cancelled"


class MeetingArrangements(models.Model):
    """When and where a meeting is to be held, and whether it was called off. Shared by strategy
    discussions, conferences and core groups; changes are kept in MeetingChange."""

    starts_at = models.TimeField(null=True, blank=True)
    place = models.CharField("place or call details", max_length=300, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(blank=True)

    class Meta:
        abstract = True

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class Section47Decision(models.TextChoices):
    NONE = "none", "No section 47 enquiry"
    SINGLE_AGENCY = "single_agency", "Section 47 enquiry: single agency (social care)"
    JOINT = "joint", "Section 47 enquiry: joint with police"


class ConsideredDecision(models.TextChoices):
    """A decision recorded either way, so 'not considered' is visible rather than silent."""

    NOT_YET = "", "Not yet decided"
    YES = "yes", "Yes"
    NO = "no", "No"


class StrategyDiscussion(MeetingArrangements):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    scheduled_for = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=DiscussionStatus.choices, default=DiscussionStatus.AWAITING)
    children = models.ManyToManyField("people.Person", through="DiscussionChild", related_name="+")
    alleged_perpetrators = models.ManyToManyField("people.Person", blank=True, related_name="+")
    # Parents, carers and other adults the contact named: with the alleged perpetrators, the adults
    # whose other children must each have a decision before a plan is finalised.
    named_adults = models.ManyToManyField("people.Person", blank=True, related_name="+")
    reason = models.TextField()
    sexual_abuse_suspected = models.BooleanField(default=False)
    non_recent_abuse = models.BooleanField(default=False, help_text="Disclosure outside the forensic window")
    proposed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    convenor = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    source_type = models.CharField(max_length=60, blank=True)
    source_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    held_on = models.DateField(null=True, blank=True)
    information_shared = models.TextField(blank=True)
    section_47 = models.CharField(max_length=16, choices=Section47Decision.choices, blank=True)
    section_47_reason = models.TextField(blank=True)
    abe_interview_planned = models.CharField(max_length=3, choices=ConsideredDecision.choices, blank=True)
    abe_police_investigator = models.CharField(max_length=200, blank=True)
    abe_social_worker_role = models.TextField(blank=True)
    medical_examination = models.CharField(max_length=3, choices=ConsideredDecision.choices, blank=True)
    medical_examination_reason = models.TextField(blank=True)
    psas_referral = models.CharField(max_length=3, choices=ConsideredDecision.choices, blank=True)
    psas_referral_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]


class DiscussionChild(models.Model):
    discussion = models.ForeignKey(StrategyDiscussion, on_delete=models.CASCADE, related_name="child_links")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="strategy_links")
    harmful_sexual_behaviour = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["discussion", "child"], name="discussion_child_unique")]


class Attendance(models.TextChoices):
    INVITED = "invited", "Invited"
    PRESENT = "present", "Present"
    SENT_INFORMATION = "sent_information", "Sent information"
    ABSENT = "absent", "Absent"


class Invitation(models.Model):
    """One agency (and, where known, one named practitioner) invited to a meeting.

    The meeting is exactly one of a strategy discussion, a conference or a core group. `rule` names
    the invitation rule that proposed it (blank when the convenor added it by hand).
    """

    discussion = models.ForeignKey(
        StrategyDiscussion, null=True, blank=True, on_delete=models.CASCADE, related_name="invitations"
    )
    conference = models.ForeignKey(
        "Conference", null=True, blank=True, on_delete=models.CASCADE, related_name="invitations"
    )
    core_group = models.ForeignKey(
        "CoreGroup", null=True, blank=True, on_delete=models.CASCADE, related_name="invitations"
    )
    rule = models.CharField(max_length=40, blank=True)
    label = models.CharField(max_length=200)
    why = models.CharField(max_length=300, blank=True)
    agency_type = models.CharField(max_length=20)
    agency = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    practitioner = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    removed = models.BooleanField(default=False)
    removed_reason = models.TextField(blank=True)
    attendance = models.CharField(max_length=20, choices=Attendance.choices, default=Attendance.INVITED)
    information = models.TextField(blank=True)

    class Meta:
        ordering = ["agency_type", "label"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(discussion__isnull=False, conference__isnull=True, core_group__isnull=True)
                    | Q(discussion__isnull=True, conference__isnull=False, core_group__isnull=True)
                    | Q(discussion__isnull=True, conference__isnull=True, core_group__isnull=False)
                ),
                name="invitation_one_meeting",
            )
        ]

    @property
    def named(self) -> bool:
        return self.practitioner_id is not None

    @property
    def display(self) -> str:
        where = f" ({self.agency.name})" if self.agency_id else ""
        if self.practitioner_id:
            return f"{self.label}: {self.practitioner}{where}"
        return f"{self.label}{where}: no one named yet"

    @property
    def meeting(self):
        return self.discussion or self.conference or self.core_group


class Section47Enquiry(models.Model):
    """A child protection enquiry (Children Act 1989, s47): what the social worker and the police
    found, whether the concerns were substantiated, and whether an initial conference is needed.
    The CIN census's Section47 module is read from here: S47ActualStartDate (started_on),
    ICPCnotRequired (icpc_needed == "no"), DateOfInitialCPC (the initial conference it led to)."""

    class Outcome(models.TextChoices):
        OPEN = "", "Not yet concluded"
        ICPC = "icpc", "Initial child protection conference"
        CIN = "cin", "Child in need plan"
        NFA = "nfa", "No further action"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="section47_enquiries")
    discussion = models.ForeignKey(StrategyDiscussion, on_delete=models.PROTECT, related_name="enquiries")
    kind = models.CharField(max_length=16, choices=Section47Decision.choices)
    started_on = models.DateField()
    social_worker_findings = models.TextField(blank=True)
    police_findings = models.TextField(blank=True)
    concerns_substantiated = models.CharField(max_length=3, choices=ConsideredDecision.choices, blank=True)
    icpc_needed = models.CharField(max_length=3, choices=ConsideredDecision.choices, blank=True)
    outcome = models.CharField(max_length=4, choices=Outcome.choices, blank=True)
    outcome_reason = models.TextField(blank=True)
    concluded_on = models.DateField(null=True, blank=True)
    updated_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-started_on"]


class CategoryOfAbuse(models.TextChoices):
    NEG = "NEG", "Neglect"
    PHY = "PHY", "Physical abuse"
    EMO = "EMO", "Emotional abuse"
    SAB = "SAB", "Sexual abuse"
    MUL = "MUL", "Multiple"


class Conference(MeetingArrangements):
    class Kind(models.TextChoices):
        INITIAL = "initial", "Initial child protection conference"
        REVIEW = "review", "Review child protection conference"

    class Decision(models.TextChoices):
        PENDING = "", "Not yet held"
        PLAN = "plan", "Child protection plan"
        NO_PLAN = "no_plan", "No child protection plan"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="conferences")
    enquiry = models.ForeignKey(Section47Enquiry, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey("Plan", null=True, blank=True, on_delete=models.PROTECT, related_name="reviews")
    chair = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    scheduled_for = models.DateField()
    late_reason = models.TextField(blank=True)
    held_on = models.DateField(null=True, blank=True)
    reports_received = models.TextField(blank=True)
    child_views = models.TextField(blank=True)
    child_views_how_sought = models.TextField(blank=True)
    communication_method = models.CharField(max_length=200, blank=True)
    parents_views = models.TextField(blank=True)
    decision = models.CharField(max_length=8, choices=Decision.choices, blank=True)
    category = models.CharField(max_length=3, choices=CategoryOfAbuse.choices, blank=True)
    sexual_abuse_intra_familial = models.BooleanField(null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-scheduled_for"]


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft (not yet finalised)"
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"


class Plan(models.Model):
    """A child protection plan. One child; siblings each have their own."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cp_plans")
    conference = models.ForeignKey(Conference, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=8, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    started_on = models.DateField()
    category = models.CharField(max_length=3, choices=CategoryOfAbuse.choices)
    sexual_abuse_intra_familial = models.BooleanField(null=True, blank=True)
    chair = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    finalised_at = models.DateTimeField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-started_on"]


class PlanOutcome(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="outcomes")
    description = models.TextField()

    class Meta:
        ordering = ["pk"]


class Action(models.Model):
    """Something a named practitioner will do for a named child by a date."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    discussion = models.ForeignKey(
        StrategyDiscussion, null=True, blank=True, on_delete=models.CASCADE, related_name="actions"
    )
    outcome = models.ForeignKey(PlanOutcome, null=True, blank=True, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="protection_actions")
    owner_agency = models.ForeignKey("agencies.Agency", null=True, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="protection_actions")
    due_on = models.DateField()
    measure_of_success = models.TextField(blank=True)
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on"]


class CoreGroup(MeetingArrangements):
    """A core group meeting: scheduled (with its invitations), then recorded as held."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="core_groups")
    scheduled_for = models.DateField(null=True, blank=True)
    held_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-held_on", "-scheduled_for"]


class MeetingChange(models.Model):
    """A meeting rescheduled or cancelled: what it was, what it became, why, and who decided."""

    class Change(models.TextChoices):
        RESCHEDULED = "rescheduled", "Rescheduled"
        CANCELLED = "cancelled", "Cancelled"

    discussion = models.ForeignKey(
        StrategyDiscussion, null=True, blank=True, on_delete=models.CASCADE, related_name="changes"
    )
    conference = models.ForeignKey(Conference, null=True, blank=True, on_delete=models.CASCADE, related_name="changes")
    core_group = models.ForeignKey(CoreGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="changes")
    change = models.CharField(max_length=12, choices=Change.choices)
    was = models.CharField(max_length=400)
    now = models.CharField(max_length=400, blank=True)
    reason = models.TextField()
    changed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at"]


class MeetingRecordDraft(models.Model):
    """A meeting's record while it is written section by section (the GOV.UK task list): the answers
    exactly as typed and the sections completed. Submitting writes the record through the meeting's
    own service and removes the draft; until then nothing typed is lost."""

    discussion = models.OneToOneField(
        StrategyDiscussion, null=True, blank=True, on_delete=models.CASCADE, related_name="record_draft"
    )
    conference = models.OneToOneField(
        Conference, null=True, blank=True, on_delete=models.CASCADE, related_name="record_draft"
    )
    core_group = models.OneToOneField(
        CoreGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="record_draft"
    )
    answers = models.JSONField(default=dict, blank=True)
    completed = models.JSONField(default=list, blank=True)  # the keys of the sections completed
    updated_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="record_draft_one_meeting",
                condition=(
                    Q(discussion__isnull=False, conference__isnull=True, core_group__isnull=True)
                    | Q(discussion__isnull=True, conference__isnull=False, core_group__isnull=True)
                    | Q(discussion__isnull=True, conference__isnull=True, core_group__isnull=False)
                ),
            )
        ]


class StatutoryVisit(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="visits")
    visited_on = models.DateField()
    seen_alone = models.BooleanField(default=False)
    visitor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-visited_on"]


class SiblingDecision(models.Model):
    """What was decided for another child linked to the same adults as the subject child."""

    class Decision(models.TextChoices):
        INCLUDED = "included", "Included in this plan or enquiry"
        SEPARATE_ASSESSMENT = "separate_assessment", "Separate assessment"
        NOT_AT_RISK = "not_at_risk", "Not at risk"

    discussion = models.ForeignKey(
        StrategyDiscussion, null=True, blank=True, on_delete=models.CASCADE, related_name="sibling_decisions"
    )
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.CASCADE, related_name="sibling_decisions")
    other_child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=20, choices=Decision.choices)
    reason = models.TextField()
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "other_child"], name="sibling_decision_once_per_plan"),
            models.UniqueConstraint(fields=["discussion", "other_child"], name="sibling_decision_once_per_discussion"),
        ]


class WrittenAgreement(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AGREED = "agreed", "Agreed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="written_agreements")
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.PROTECT, related_name="agreements")
    parties = models.CharField(max_length=300, help_text="Who is agreeing (for example, the child's parents)")
    body = models.TextField()
    if_not_kept = models.TextField(blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    reading_age = models.FloatField(null=True)
    updated_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    # Up by one with every save: the editing page carries the version it showed, so a draft saved
    # by someone else meanwhile is never silently overwritten.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-updated_at"]


class Allocation(models.Model):
    """A child's allocated social worker over a period (keeps the ALLOCATED_WORKER involvement in step)."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="allocations")
    worker = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-starts_on", "-pk"]


class SignificantEvent(models.Model):
    """An event that can change the risk to children, recorded by any agency."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    event_type = models.CharField(max_length=40)
    occurred_on = models.DateField()
    summary = models.CharField(max_length=500)
    people = models.ManyToManyField("people.Person", related_name="+")
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("agencies.Agency", null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    source_type = models.CharField(max_length=60, blank=True)
    source_id = models.CharField(max_length=64, blank=True)


class ReconveneReview(models.Model):
    """'Consider reconvening' for one child: raised by a significant event or an agency's request,
    answered by the lead social worker or the conference chair, escalated when unanswered."""

    class Decision(models.TextChoices):
        PENDING = "", "Awaiting decision"
        RECONVENE_STRATEGY = "reconvene_strategy", "Reconvene the strategy discussion"
        BRING_FORWARD_REVIEW = "bring_forward_review", "Bring forward the review conference"
        NO_CHANGE = "no_change", "No change"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="reconvene_reviews")
    event = models.ForeignKey(SignificantEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="reviews")
    requested_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    requested_by_agency = models.ForeignKey("agencies.Agency", null=True, on_delete=models.PROTECT, related_name="+")
    request_reason = models.TextField(blank=True)
    raised_on = models.DateField()
    escalate_after = models.DateField()
    escalated_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(max_length=24, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_on"]
        indexes = [models.Index(fields=["decision", "escalate_after"])]


class LegalStatus(models.TextChoices):
    """Children looked after: legal status codes from the DfE SSDA903 return."""

    C1 = "C1", "Interim care order"
    C2 = "C2", "Full care order"
    D1 = "D1", "Freeing order granted"
    E1 = "E1", "Placement order granted"
    J1 = "J1", "Remanded to local authority accommodation or youth detention"
    J2 = "J2", "Placed in local authority accommodation under PACE"
    J3 = "J3", "Sentenced to a youth rehabilitation order with residence requirement"
    L1 = "L1", "Under police protection in local authority accommodation"
    L2 = "L2", "Emergency protection order"
    L3 = "L3", "Under child assessment order and in local authority accommodation"
    V2 = "V2", "Single period of accommodation under section 20"
    V3 = "V3", "Accommodated under an agreed series of short-term breaks (individual)"
    V4 = "V4", "Accommodated under an agreed series of short-term breaks (multiple)"


class LookedAfterEpisode(models.Model):
    """A period in which the child is looked after by the local authority. Health settings see only
    that the child is looked after, and since when (core.status)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="looked_after_episodes")
    legal_status = models.CharField(max_length=2, choices=LegalStatus.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="looked_after_dates_in_order",
            ),
            models.UniqueConstraint(
                fields=["child"], condition=Q(ended_on__isnull=True), name="one_open_looked_after_episode"
            ),
        ]
