"""Who is involved with whom, break-glass grants, API tokens, and the hash-chained audit log."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class InvolvementKind(models.TextChoices):
    ALLOCATED_WORKER = "allocated_worker", "Allocated worker"
    TEAM_EPISODE = "team_episode", "Team holds an open episode"
    FRONT_DOOR_CONTACT = "front_door_contact", "Open contact at the front door"
    MEETING_INVITEE = "meeting_invitee", "Invited to a meeting about the person"
    INFORMATION_REQUEST = "information_request", "Asked to share information"
    SUPERVISING = "supervising", "Supervising or working with the person"
    RECORD_CREATOR = "record_creator", "Recorded the person"


class InvolvementQuerySet(models.QuerySet):
    def active(self, at=None):
        at = at or timezone.now()
        return self.filter(starts_at__lte=at).filter(Q(ends_at__isnull=True) | Q(ends_at__gt=at))

    def for_practitioner(self, practitioner):
        return self.filter(Q(practitioner=practitioner) | Q(team_id__in=practitioner.team_ids))


class Involvement(models.Model):
    """A reason a practitioner (or everyone in a team) needs to know about a person, for a period."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="involvements")
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="involvements"
    )
    team = models.ForeignKey(
        "agencies.Team", null=True, blank=True, on_delete=models.CASCADE, related_name="involvements"
    )
    kind = models.CharField(max_length=24, choices=InvolvementKind.choices)
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(null=True, blank=True)
    source_type = models.CharField(max_length=60, blank=True)
    source_id = models.CharField(max_length=64, blank=True)

    objects = InvolvementQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["practitioner", "ends_at"]),
            models.Index(fields=["team", "ends_at"]),
            models.Index(fields=["person", "kind"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(practitioner__isnull=False) | Q(team__isnull=False), name="involvement_has_holder"
            )
        ]


class BreakGlassGrant(models.Model):
    """Emergency access without involvement: reason required, shown on the record, reviewed by an auditor."""

    class Review(models.TextChoices):
        PENDING = "pending", "Awaiting review"
        JUSTIFIED = "justified", "Justified"
        NOT_JUSTIFIED = "not_justified", "Not justified"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="break_glass_grants")
    practitioner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    granted_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    review = models.CharField(max_length=16, choices=Review.choices, default=Review.PENDING)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-granted_at"]
        indexes = [models.Index(fields=["practitioner", "expires_at"]), models.Index(fields=["review"])]


class ApiToken(models.Model):
    """A practitioner's token for an agency system. Only a hash is stored; the secret is shown once."""

    practitioner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class AuditAction(models.TextChoices):
    VIEW = "view", "Viewed"
    SEARCH = "search", "Searched"
    CREATE = "create", "Created"
    CHANGE = "change", "Changed"
    EXPORT = "export", "Exported"
    BREAK_GLASS = "break_glass", "Broke glass"
    ENQUIRY = "enquiry", "Asked about a record held elsewhere"
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    SIGN_OUT = "sign_out", "Signed out"
    TOKEN = "token", "API token issued or revoked"
    REVIEW = "review", "Reviewed"


class AuditEntry(models.Model):
    """Append-only. Each entry carries the previous entry's hash, so any edit or deletion shows.

    Personal details themselves are never copied here: entries point at records by id.
    """

    seq = models.BigAutoField(primary_key=True)
    occurred_at = models.DateTimeField()
    actor_id = models.BigIntegerField(null=True)
    actor_username = models.CharField(max_length=150, blank=True)
    actor_role = models.CharField(max_length=40, blank=True)
    action = models.CharField(max_length=16, choices=AuditAction.choices)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    person_id = models.CharField(max_length=36, blank=True, db_index=True)
    purpose = models.CharField(max_length=500, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    client_ip = models.CharField(max_length=45, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    # Set only on entries written before the chain was keyed (plain SHA-256, checked as before);
    # later entries are sealed in AuditSeal.
    prev_hash = models.CharField(max_length=64, blank=True)
    entry_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)

    class Meta:
        ordering = ["seq"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["actor_id", "occurred_at"]), models.Index(fields=["action", "occurred_at"])]

    @property
    def people_named(self) -> int:
        """How many people the entry names (its `AuditEntryPerson` rows, which `detail["people"]`
        lists): a list page seen is one entry for everyone on it, and the auditor should see that."""
        named = (self.detail or {}).get("people")
        return len(named) if isinstance(named, list) else 0


class AuditEntryPerson(models.Model):
    """Append-only. A person an entry names when one entry covers several (a contact page shows
    every child and adult it names: one view, one entry), so "who has looked at this child" finds
    it. The entry's seal covers the sorted ids these rows name (`audit.seal_hash`), so a row removed
    or added shows in `verify_audit`; `detail["people"]` lists the same people for readers."""

    entry = models.ForeignKey(AuditEntry, on_delete=models.PROTECT, related_name="+")
    person_id = models.CharField(max_length=36, db_index=True)


class AuditPending(models.Model):
    """An entry written but not yet sealed: the sealer's short queue (rows leave it when sealed).

    Deleting a row here cannot hide an entry: `verify_audit` reports every entry without a seal."""

    entry = models.OneToOneField(AuditEntry, on_delete=models.CASCADE, primary_key=True, related_name="+")


class AuditSeal(models.Model):
    """Append-only. The chain, in the order entries were sealed: each seal is an HMAC (key from the
    environment) over the previous seal's hash and its entry's fields."""

    position = models.BigAutoField(primary_key=True)
    entry = models.OneToOneField(AuditEntry, on_delete=models.PROTECT, related_name="seal")
    prev_hash = models.CharField(max_length=64)
    seal_hash = models.CharField(max_length=64, unique=True)
    sealed_at = models.DateTimeField(default=timezone.now)


class AuditChainHead(models.Model):
    """One row holding the latest seal's hash; only the short sealing step locks it (never a
    request's own transaction), so audited requests do not queue behind each other."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_hash = models.CharField(max_length=64)
    last_seq = models.BigIntegerField(default=0)


class SignInAddress(models.Model):
    """Failed sign-ins from one client address within a window, so one address cannot try many
    accounts (counted atomically by ``agencies.auth.count_failure``). No username is kept."""

    address = models.CharField(max_length=45, primary_key=True)
    failed_login_count = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)


def _enquiry_token() -> str:
    import secrets

    return secrets.token_urlsafe(32)


class EnquiryReference(models.Model):
    """The handle a practitioner is given on a record they may not see ("a record exists held by X:
    ask for information"). The token is random and means nothing outside this table: it does not
    encode the person's id, works only for the practitioner it was given to, and only for a day."""

    token = models.CharField(max_length=64, primary_key=True, default=_enquiry_token)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    practitioner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["practitioner", "person", "created_at"])]
