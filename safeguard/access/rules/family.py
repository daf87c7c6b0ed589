"""Who may see and act on think-family and health-setting records: flags, pregnancies, attendances."""

from __future__ import annotations

from django.db.models import Q

from safeguard.access import policy
from safeguard.access.records import HEALTH_LOOKUP, NOTHING, register

# --- Health settings (safeguard.family) -----------------------------------------------------------


def _clinician_rows(actor) -> Q:
    return Q(clinician_id=actor.pk)


@register("family.adultattendance", "view", "decide", rows=_clinician_rows)
def _attending_clinician(actor, attendance) -> bool:
    """Only the clinician who saw the adult (the record names the children living with them)."""
    return attendance.clinician_id == actor.pk


@register("family.sexualhealthassessment", "view", "refer", rows=_clinician_rows)
def _assessing_clinician(actor, assessment) -> bool:
    """Only the practitioner who assessed the young person."""
    return assessment.clinician_id == actor.pk


@register(HEALTH_LOOKUP.label, "use")
def _health_lookup_use(actor, _lookup) -> bool:
    """Health settings see the minimal protection status of any child: no involvement needed, every
    use audited and the child's social worker told."""
    return policy.can_use_health_lookup(actor)


@register("family.riskflag", "view")
def _flag_view(actor, flag) -> bool:
    return policy.can_see_risk_flags(actor, flag.person)


@register("family.riskflag", "end")
def _flag_end(actor, flag) -> bool:
    return policy.can_record_risk_flags(actor, flag.person)


@register("family.pregnancy", "view")
def _pregnancy_view(actor, pregnancy) -> bool:
    """Whoever may see the mother's record."""
    return bool(policy.decide(actor, pregnancy.mother, policy.Action.VIEW))


def _practice_ids(actor) -> set:
    agencies = {m.team.agency_id for m in actor.memberships_now}
    return {agency for agency in agencies if policy.can_acknowledge_gp_notification(actor, agency)}


def _practice_rows(actor) -> Q:
    return Q(practice_id__in=_practice_ids(actor))


def _notification_rows(actor) -> Q:
    sent = Q(pregnancy__midwife=actor) if policy.can_record_pregnancy(actor) else NOTHING
    return Q(practice_id__in=_practice_ids(actor)) | sent


@register("family.gpnotification", "acknowledge", rows=_practice_rows)
def _practice_acknowledges(actor, notification) -> bool:
    """A GP or safeguarding lead in the practice notified (the model class: for any practice)."""
    if isinstance(notification, type):
        return bool(_practice_ids(actor))
    return policy.can_acknowledge_gp_notification(actor, notification.practice_id)


@register("family.gpnotification", "view", rows=_notification_rows)
def _notification_view(actor, notification) -> bool:
    """The midwife who sent it and the practice notified (the model class: a sender or a practice)."""
    if isinstance(notification, type):
        return policy.can_record_pregnancy(actor) or bool(_practice_ids(actor))
    return policy.can_view_gp_notification(actor, notification)


@register("family.adultattendance", "record")
def _record_attendance(actor, _attendances) -> bool:
    """Unscheduled and universal health settings record an adult's attendance."""
    return policy.can_record_adult_attendance(actor)


@register("family.sexualhealthassessment", "record")
def _record_assessment(actor, _assessments) -> bool:
    return policy.can_assess_sexual_health(actor)


@register("family.pregnancy", "record")
def _record_pregnancy(actor, _pregnancies) -> bool:
    """Midwives record pregnancies with additional vulnerabilities."""
    return policy.can_record_pregnancy(actor)


@register("family.pregnancy", "change")
def _pregnancy_change(actor, pregnancy) -> bool:
    """A midwife who may change the mother's record: visits, the birth."""
    return policy.can_record_pregnancy(actor) and bool(policy.decide(actor, pregnancy.mother, policy.Action.CHANGE))


@register("family.risklink", "view", "review")
def _risk_link(actor, link) -> bool:
    """A child's link to a flagged adult: whoever may see the child reviews what was done."""
    return bool(policy.decide(actor, link.child, policy.Action.VIEW))
