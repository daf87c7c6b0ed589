"""Every write for think family: validate → change → chronology → audit, in one transaction.

Split by the thing each write is about; every public name stays importable from
`safeguard.family.services`.
"""

from .attendance import AttendanceResult, adult_attendance_decide, adult_attendance_record, attendance_for
from .flags import (
    contact_arrangement_record,
    ecomap_link_set,
    family_member_add,
    risk_flag_end,
    risk_flag_raise,
    risk_link_review,
)
from .identify import CONFIDENT_MATCH, ReferralNotReceived, Subject, identify
from .lookup import LookupResult, health_lookup, young_person_status
from .pregnancy import (
    antenatal_visit_record,
    birth_record,
    chase_unacknowledged,
    flag_pregnancies_without_home_visit,
    gp_notification_acknowledge,
    pregnancy_record,
)
from .sexual_health import sexual_health_assess, sexual_health_refer

__all__ = [
    "AttendanceResult",
    "CONFIDENT_MATCH",
    "LookupResult",
    "ReferralNotReceived",
    "Subject",
    "adult_attendance_decide",
    "adult_attendance_record",
    "antenatal_visit_record",
    "attendance_for",
    "birth_record",
    "chase_unacknowledged",
    "contact_arrangement_record",
    "ecomap_link_set",
    "family_member_add",
    "flag_pregnancies_without_home_visit",
    "gp_notification_acknowledge",
    "health_lookup",
    "identify",
    "pregnancy_record",
    "risk_flag_end",
    "risk_flag_raise",
    "risk_link_review",
    "sexual_health_assess",
    "sexual_health_refer",
    "young_person_status",
]
