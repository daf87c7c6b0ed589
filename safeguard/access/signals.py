"""Sign-in, sign-out and failed sign-in go to the audit log too."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from safeguard.access.audit import audit_record
from safeguard.access.models import AuditAction


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    audit_record(actor=user, action=AuditAction.SIGN_IN, object_type="agencies.practitioner", object_id=str(user.pk))


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(
            actor=user, action=AuditAction.SIGN_OUT, object_type="agencies.practitioner", object_id=str(user.pk)
        )


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    # The username typed is not stored: it may be a mistyped password.
    audit_record(actor=None, action=AuditAction.SIGN_IN_FAILED, object_type="agencies.practitioner")
