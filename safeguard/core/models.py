"""Shared kernel data: calendar exceptions, chronology events, and tasks for named people."""

from __future__ import annotations

import time
import uuid
from datetime import date

from django.conf import settings
from django.db import models


class NonWorkingDay(models.Model):
    """A day the partnership does not count as a working day (beyond weekends and bank holidays)."""

    day = models.DateField(unique=True)
    description = models.CharField(max_length=200)

    _cache: tuple[float, frozenset[date]] | None = None
    CACHE_SECONDS = 60

    class Meta:
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day}: {self.description}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        type(self).clear_cache()

    @classmethod
    def cached_dates(cls) -> frozenset[date]:
        now = time.monotonic()
        if cls._cache is None or now - cls._cache[0] > cls.CACHE_SECONDS:
            cls._cache = (now, frozenset(cls.objects.values_list("day", flat=True)))
        return cls._cache[1]

    @classmethod
    def clear_cache(cls) -> None:
        cls._cache = None


class EventType(models.TextChoices):
    """Significant events on a person's chronology. Later apps add their events here, once."""

    PERSON_RECORDED = "person_recorded", "Person recorded"
    DETAILS_CHANGED = "details_changed", "Personal details changed"
    RELATIONSHIP_RECORDED = "relationship_recorded", "Relationship recorded"
    RELATIONSHIP_ENDED = "relationship_ended", "Relationship ended"
    MOVED_HOUSEHOLD = "moved_household", "Joined a household"
    CONTACT_RECEIVED = "contact_received", "Contact received"
    DECISION_MADE = "decision_made", "Threshold decision made"
    ASSESSMENT_STARTED = "assessment_started", "Assessment started"
    EARLY_HELP_REFERRED = "early_help_referred", "Signposted to early help"
    STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion held"
    SECTION_47 = "section_47", "Section 47 enquiry"
    CONFERENCE_HELD = "conference_held", "Child protection conference held"
    PLAN_STARTED = "plan_started", "Child protection plan started"
    PLAN_ENDED = "plan_ended", "Child protection plan ended"
    NEW_BIRTH = "new_birth", "New birth in the family"
    BAIL_CHANGED = "bail_changed", "Bail conditions changed or lifted"
    ADULT_JOINED_HOUSEHOLD = "adult_joined_household", "New adult joined the household"
    PERPETRATOR_RELEASED_OR_CHARGED = "perpetrator_released_or_charged", "Alleged perpetrator released or charged"
    ED_ATTENDANCE = "ed_attendance", "Emergency department attendance"
    MISSING_EPISODE = "missing_episode", "Missing episode"
    DISCLOSURE = "disclosure", "New disclosure"
    DOMESTIC_ABUSE_INCIDENT = "domestic_abuse_incident", "Domestic abuse incident"
    HEALTH_LOOKUP = "health_lookup", "Looked up by a health setting"
    RISK_LINK = "risk_link", "Linked to an adult who poses a risk"
    CHALLENGE_RAISED = "challenge_raised", "Professional challenge raised"
    RISK_FLAG_RAISED = "risk_flag_raised", "Recorded as posing a risk to children"
    ADULT_ATTENDANCE = "adult_attendance", "Adult attended a health setting (think family)"
    SEXUAL_HEALTH_ASSESSMENT = "sexual_health_assessment", "Under-18 sexual health risk assessment"
    PREGNANCY_RECORDED = "pregnancy_recorded", "Pregnancy with additional vulnerabilities recorded"
    ANTENATAL_VISIT = "antenatal_visit", "Antenatal home visit"
    BORN = "born", "Born"
    CHALLENGE_ESCALATED = "challenge_escalated", "Professional challenge escalated"
    CHALLENGE_RESOLVED = "challenge_resolved", "Professional challenge resolved"
    STRATEGY_DISCUSSION_PROPOSED = "strategy_discussion_proposed", "Strategy discussion to be convened"
    CORE_GROUP_HELD = "core_group_held", "Core group met"
    MEETING_SCHEDULED = "meeting_scheduled", "Meeting arranged"
    MEETING_RESCHEDULED = "meeting_rescheduled", "Meeting rescheduled"
    MEETING_CANCELLED = "meeting_cancelled", "Meeting cancelled"
    STATUTORY_VISIT = "statutory_visit", "Statutory visit"
    WORKER_CHANGED = "worker_changed", "Allocated social worker changed"
    WRITTEN_AGREEMENT = "written_agreement", "Written agreement made"
    RECONVENE_REQUESTED = "reconvene_requested", "Reconvening requested"
    RECONVENE_DECIDED = "reconvene_decided", "Decision on reconvening"
    LOOKED_AFTER_STARTED = "looked_after_started", "Started to be looked after"
    LOOKED_AFTER_ENDED = "looked_after_ended", "Stopped being looked after"
    DIED = "died", "Died"
    OTHER = "other", "Other significant event"


class ChronologyEvent(models.Model):
    """One significant event in a person's life, as the agencies saw it. Newest first on screen."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="chronology")
    event_type = models.CharField(max_length=40, choices=EventType.choices)
    occurred_on = models.DateField()
    agency = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.SET_NULL)
    summary = models.CharField(max_length=500)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    recorded_at = models.DateTimeField(auto_now_add=True)
    # The record this event came from ("frontdoor.contact", "<uuid or id>"), for links back.
    source_type = models.CharField(max_length=60, blank=True)
    source_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-occurred_on", "-recorded_at"]
        indexes = [models.Index(fields=["person", "-occurred_on"])]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.event_label}"

    @property
    def event_label(self) -> str:
        """The event type in words. A record shows up to 200 events, and Django's
        get_event_type_display() flattens and hashes the whole list of event types on every call."""
        return _EVENT_LABELS.get(self.event_type, self.event_type)


_EVENT_LABELS = dict(EventType.choices)


class TaskStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class Task(models.Model):
    """Work a rule or a colleague has put in front of a named practitioner or a team, with a due date.

    A task is raised at most once for the same thing: `dedupe_key` names the kind of work and what
    it is about, and the database refuses a second open task with the same key for the same owner
    (so two requests racing cannot both raise it). Its link is worked out from its kind and source
    (see safeguard.core.work), so it always leads to the page where the work is done.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=60)
    title = models.CharField(max_length=300)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    team = models.ForeignKey("agencies.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="tasks")
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="tasks")
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    outcome = models.TextField(blank=True)
    source_type = models.CharField(max_length=60, blank=True)
    source_id = models.CharField(max_length=64, blank=True)
    dedupe_key = models.CharField(max_length=200, blank=True)
    urgent = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "created_at"]
        indexes = [
            models.Index(fields=["assignee", "status"]),
            models.Index(fields=["team", "status"]),
            models.Index(fields=["source_type", "source_id"]),
            models.Index(fields=["person", "status"]),
            # Open work only (the open tasks are a small and shrinking part of all tasks), with the
            # columns "Your work" orders by and the key, so a page's keys and its counts are read from
            # the index alone once the table is vacuumed.
            models.Index(
                fields=["assignee", "due_on", "urgent", "created_at", "id"],
                condition=models.Q(status="open", assignee__isnull=False),
                name="task_open_assigned",
            ),
            models.Index(
                fields=["team", "due_on", "urgent", "created_at", "id"],
                condition=models.Q(status="open", assignee__isnull=True),
                name="task_open_team_queue",
            ),
            # "Is there an open task about this record?": the question behind every count of work
            # nobody owns.
            models.Index(fields=["source_type", "source_id"], condition=models.Q(status="open"),
                         name="task_open_source"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(assignee__isnull=False) | models.Q(team__isnull=False),
                name="task_has_owner",
            ),
            # Never raised twice: one open task per key for a named practitioner...
            models.UniqueConstraint(
                fields=["dedupe_key", "assignee"],
                condition=models.Q(status="open", assignee__isnull=False) & ~models.Q(dedupe_key=""),
                name="task_open_once_per_assignee",
            ),
            # ...and one per key in a team's queue (tasks not yet taken by a named practitioner).
            models.UniqueConstraint(
                fields=["dedupe_key", "team"],
                condition=models.Q(status="open", assignee__isnull=True) & ~models.Q(dedupe_key=""),
                name="task_open_once_per_team",
            ),
        ]

    def __str__(self) -> str:
        return self.title
