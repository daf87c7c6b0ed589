"""Contacts, screening, information requests, threshold views and decisions, police notifications,
domestic abuse triage and Operation Encompass notices."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from safeguard.frontdoor.codes import (
    OPEN_CONTACT_STATUSES,
    ConsentStatus,
    ContactStatus,
    DashRisk,
    LawfulBasis,
    NotificationKind,
    NotifiedPersonRole,
    Outcome,
    Rag,
    ReferralSource,
    RequestStatus,
    ScreeningStatus,
    SubjectRole,
    TriageOutcome,
)
from safeguard.people.codes import RelationshipType

USER = settings.AUTH_USER_MODEL


CONTACT_REFERENCE_PREFIX = "C"


def contact_reference(year: int, number: int) -> str:
    """The reference a referrer is given and everyone quotes: "C-2026-000123"."""
    return f"{CONTACT_REFERENCE_PREFIX}-{year}-{number:06d}"


class ContactReferenceYear(models.Model):
    """The last contact number given in a year. Its row is locked while the next number is given,
    so two contacts recorded at the same moment never share a reference."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)


def next_contact_reference(received_at) -> str:
    """The next reference in the year the contact was received (inside the caller's transaction)."""
    from django.db.models import Max

    year = timezone.localtime(received_at).year
    counter, _ = ContactReferenceYear.objects.get_or_create(year=year)
    counter = ContactReferenceYear.objects.select_for_update().get(pk=year)
    # Contacts written in bulk (the demo seed, a migration) take numbers without the counter: never reuse one.
    prefix = contact_reference(year, 0)[:-6]
    taken = Contact.objects.filter(reference__startswith=prefix).aggregate(top=Max("reference"))["top"]
    number = max(counter.last_number, int(taken[len(prefix) :]) if taken else 0) + 1
    counter.last_number = number
    counter.save(update_fields=["last_number"])
    return contact_reference(year, number)


class Contact(models.Model):
    """A concern about a child, from any agency or the public, waiting for a threshold decision."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # "C-2026-000123": numbered in order of receipt within each year, given when the contact is saved.
    reference = models.CharField(max_length=20, unique=True, editable=False)
    team = models.ForeignKey("agencies.Team", on_delete=models.PROTECT, related_name="contacts")
    received_at = models.DateTimeField(default=timezone.now)
    decision_due_on = models.DateField()
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    referrer_name = models.CharField(max_length=200)
    referrer_role = models.CharField(max_length=200, blank=True)
    referrer_agency = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    referrer_agency_text = models.CharField(
        "referrer's organisation (if not a partner agency)", max_length=200, blank=True
    )
    referrer_phone = models.CharField(max_length=40, blank=True)
    referral_source = models.CharField(max_length=3, choices=ReferralSource.choices)
    concerns = models.TextField()
    categories = models.JSONField(default=list)
    consent_status = models.CharField(max_length=20, choices=ConsentStatus.choices)
    lawful_basis = models.CharField(max_length=20, choices=LawfulBasis.choices, blank=True)
    consent_reason = models.TextField("why share without consent", blank=True)
    rag = models.CharField(max_length=5, choices=Rag.choices, blank=True)
    screening_notes = models.TextField(blank=True)
    screened_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=ContactStatus.choices, default=ContactStatus.NEW)

    class Meta:
        ordering = ["decision_due_on", "received_at"]
        indexes = [
            models.Index(fields=["team", "status", "decision_due_on"]),
            # Open contacts only, in queue order: the partnership-wide views of open work (the
            # unowned-work count on a manager's Home, the queue of every front door team) read the
            # few open contacts, not every contact ever received. The condition must stay the exact
            # filter those queries use (status IN OPEN_CONTACT_STATUSES) for the planner to use it.
            models.Index(
                fields=["decision_due_on", "received_at", "id"],
                condition=models.Q(status__in=OPEN_CONTACT_STATUSES),
                name="frontdoor_contact_open",
            ),
        ]

    def __str__(self) -> str:
        return f"Contact received {timezone.localtime(self.received_at):%d %b %Y %H:%M}"

    def save(self, *args, **kwargs):
        if self.reference:
            return super().save(*args, **kwargs)
        # The year's counter stays locked until this contact is written: atomic() here, because not
        # every caller holds a transaction (PostgreSQL refuses FOR UPDATE outside one).
        with transaction.atomic():
            self.reference = next_contact_reference(self.received_at)
            super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status != ContactStatus.DECIDED


def typed_name(given_name: str, family_name: str) -> str:
    """A contact subject's name as the referrer gave it (lists read subjects as flat rows)."""
    return f"{given_name} {family_name}".strip() or "Name not known"


class ContactSubject(models.Model):
    """A child or adult named in a contact: the details as the referrer gave them, and the person
    record a practitioner confirmed (never matched silently)."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="subjects")
    role = models.CharField(max_length=20, choices=SubjectRole.choices)
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, blank=True)
    nhs_number = models.CharField(max_length=12, blank=True)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    school = models.CharField(max_length=200, blank=True)
    # What this person is to the child the concern is about, as the referrer said (blank: not known).
    relationship = models.CharField(max_length=20, choices=RelationshipType.choices, blank=True)
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    matched_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    matched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["person"])]

    @property
    def typed_name(self) -> str:
        return typed_name(self.given_name, self.family_name)


class MatchEnquiry(models.Model):
    """The front door asked the agency holding a possible match it may not see (audited as an enquiry)."""

    subject = models.ForeignKey(ContactSubject, on_delete=models.CASCADE, related_name="enquiries")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    held_by = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    asked_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(default=timezone.now)


class IdempotencyKey(models.Model):
    """The first result of a `POST /contacts` sent with an Idempotency-Key, per actor."""

    actor = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=64)
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["actor", "key"], name="idempotency_key_unique_per_actor")]


class InformationRequest(models.Model):
    """The screener asks a partner team what it holds; the team sees the children only while open."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="information_requests")
    team = models.ForeignKey("agencies.Team", on_delete=models.PROTECT, related_name="information_requests")
    question = models.TextField()
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    rag = models.CharField(max_length=5, choices=Rag.choices)
    due_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at"]
        indexes = [models.Index(fields=["team", "status"])]

    def is_late(self, now=None) -> bool:
        return request_is_late(self.answered_at, self.due_at, now or timezone.now())


def request_is_late(answered_at, due_at, now) -> bool:
    """`InformationRequest.is_late` from its two times (lists read requests as flat rows)."""
    if answered_at:
        return answered_at > due_at
    return now > due_at


class ThresholdView(models.Model):
    """One contributing agency's view of the threshold: decisions are jointly owned."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="threshold_views")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    recommended_outcome = models.CharField(max_length=20, choices=Outcome.choices)
    rationale = models.TextField()

    class Meta:
        ordering = ["recorded_at"]
        constraints = [models.UniqueConstraint(fields=["contact", "agency"], name="one_threshold_view_per_agency")]


class Decision(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contact = models.OneToOneField(Contact, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    rationale = models.TextField()
    history_acknowledgement = models.TextField(blank=True)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)
    agreed_agencies = models.ManyToManyField("agencies.Agency", blank=True, related_name="+")
    within_timescale = models.BooleanField()
    cumulative_concern = models.BooleanField(default=False)
    # The team the work is passed to (assessment, strategy discussion, early help): it waits in
    # that team's allocation queue until a manager allocates it.
    receiving_team = models.ForeignKey(
        "agencies.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({timezone.localtime(self.decided_at):%d %b %Y})"


class Assessment(models.Model):
    """A child and family assessment (section 17) started by a decision, with its 45-working-day clock."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="assessments")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField()
    due_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    # What the CIN census and Annex A need, recorded by the social worker on the assessment page.
    episode = models.ForeignKey(
        "cin.CINEpisode", null=True, blank=True, on_delete=models.PROTECT, related_name="assessments"
    )
    child_seen_on = models.DateField(null=True, blank=True)
    # The manager's sign-off: the CIN census AssessmentAuthorisationDate (completed_on is set with it).
    authorised_on = models.DateField(null=True, blank=True)
    authorised_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    factors = models.JSONField(default=list, blank=True)  # cin.codes.AssessmentFactor values
    # Annex A: does the child need children's social care support (a plan)? Unknown until authorised.
    needs_social_care_support = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["-started_on"]
        indexes = [
            models.Index(fields=["person", "started_on"]),
            # Assessments not yet completed, with what the count of work nobody owns joins on (a tenth
            # of the table at 1M children: read from the index alone, not a scan of every assessment).
            models.Index(fields=["decision", "person", "id"], condition=models.Q(completed_on__isnull=True),
                         name="assessment_open"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(authorised_on__isnull=True) | models.Q(authorised_on__gte=models.F("started_on")),
                name="assessment_authorised_after_start",
            ),
        ]


class EarlyHelpReferral(models.Model):
    """Signposting through the first point of contact team to early help or targeted youth support."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="early_help_referral")
    referred_to = models.CharField(max_length=200, default="First point of contact team")
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # Referrals not yet taken on: what the count of work nobody owns reads (from the index alone).
        indexes = [models.Index(fields=["decision"], condition=models.Q(accepted_at__isnull=True),
                                name="early_help_waiting")]


class Notification(models.Model):
    """A police notification from a bulk feed: waits for a police decision on referral."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    source_reference = models.CharField(max_length=60, unique=True)
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    incident_at = models.DateTimeField()
    # When the police recorded it as ready for screening, in their own system (from the feed). The
    # screening clock starts here; received_at is when it was imported into Safeguard.
    recorded_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(default=timezone.now)
    summary = models.TextField(blank=True)
    dash_risk = models.CharField(max_length=10, choices=DashRisk.choices, blank=True)
    imported_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    screening_status = models.CharField(max_length=12, choices=ScreeningStatus.choices, default=ScreeningStatus.WAITING)
    screened_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    screened_at = models.DateTimeField(null=True, blank=True)
    screening_reason = models.TextField(blank=True)
    contact = models.OneToOneField(
        Contact, null=True, blank=True, on_delete=models.PROTECT, related_name="notification"
    )

    class Meta:
        ordering = ["received_at"]
        indexes = [models.Index(fields=["screening_status", "received_at"])]

    @property
    def clock_starts_at(self):
        """The 24-hour screening clock starts when the police recorded it, never at import: a feed
        that cannot say when counts from the incident itself, so a late batch is never hidden."""
        return self.recorded_at or self.incident_at

    @property
    def clock_starts_from(self) -> str:
        return "the police's recorded time" if self.recorded_at else "the incident time"

    def age_hours(self, now=None) -> float:
        return round(((now or timezone.now()) - self.clock_starts_at).total_seconds() / 3600, 1)


class NotifiedPerson(models.Model):
    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="people")
    role = models.CharField(max_length=5, choices=NotifiedPersonRole.choices)
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, blank=True)
    present = models.BooleanField(default=False)
    normally_resides = models.BooleanField(default=False)
    school_text = models.CharField(max_length=200, blank=True)
    school = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["id"]

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


def notice_flag(sent_at, acknowledged_at, due_at, now) -> str:
    """`EncompassNotice.flag` from the notice's three times (lists read them as flat rows)."""
    if sent_at is None:
        return "Not sent: the child's school is not known to Safeguard or has no designated safeguarding lead"
    if acknowledged_at and acknowledged_at > due_at:
        return "Acknowledged late"
    if acknowledged_at is None and now > due_at:
        return "Not acknowledged before the start of the school day"
    return ""


class EncompassNotice(models.Model):
    """Operation Encompass: a school's designated safeguarding lead told before the next school day."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="encompass_notices")
    child = models.OneToOneField(NotifiedPerson, on_delete=models.CASCADE, related_name="encompass_notice")
    school = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    due_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["due_at"]
        indexes = [
            # The lists page through open notices (everyone's, or one school's) soonest due first.
            models.Index(
                fields=["due_at", "id"], name="encompass_open_due", condition=models.Q(acknowledged_at__isnull=True)
            ),
            models.Index(fields=["school", "due_at", "id"], name="encompass_school_due"),
            models.Index(fields=["due_at", "id"], name="encompass_due"),
        ]

    def is_late(self, now=None) -> bool:
        if self.acknowledged_at:
            return self.acknowledged_at > self.due_at
        return (now or timezone.now()) > self.due_at

    def flag(self, now=None) -> str:
        """Plain-English problem with the notice, or "" when it is on track."""
        return notice_flag(self.sent_at, self.acknowledged_at, self.due_at, now or timezone.now())


class TriageMeeting(models.Model):
    """The daily domestic abuse triage meeting: its agenda builds itself from items waiting."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    held_on = models.DateField()
    opened_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    minutes = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "-opened_at"]


class TriageItem(models.Model):
    """A domestic abuse notification (or a front door decision) waiting for, or on, a triage agenda."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    notification = models.OneToOneField(
        Notification, null=True, blank=True, on_delete=models.CASCADE, related_name="triage_item"
    )
    contact = models.OneToOneField(Contact, null=True, blank=True, on_delete=models.CASCADE, related_name="triage_item")
    meeting = models.ForeignKey(TriageMeeting, null=True, blank=True, on_delete=models.PROTECT, related_name="items")
    created_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=20, choices=TriageOutcome.choices, blank=True)
    rationale = models.TextField(blank=True)
    decided_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(notification__isnull=False) | models.Q(contact__isnull=False),
                name="triage_item_has_source",
            )
        ]


class TriageInput(models.Model):
    """What one agency knows about a triage case."""

    item = models.ForeignKey(TriageItem, on_delete=models.CASCADE, related_name="inputs")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    information = models.TextField()

    class Meta:
        ordering = ["recorded_at"]


class TriageAction(models.Model):
    item = models.ForeignKey(TriageItem, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=500)
    owner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    # Done by its owner (or a chair of triage), saying what was done: this closes the owner's task.
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    what_was_done = models.TextField(blank=True)

    class Meta:
        ordering = ["due_on"]
