"""Agency types and practitioner roles: the code lists, written once."""

from django.db import models


class AgencyType(models.TextChoices):
    CHILDRENS_SOCIAL_CARE = "csc", "Local authority children's social care"
    POLICE = "police", "Police"
    HEALTH_PROVIDER = "health", "Health provider"
    ICB = "icb", "Integrated care board"
    GP_PRACTICE = "gp", "GP practice"
    EDUCATION = "education", "School or education service"
    PROBATION = "probation", "Probation"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    SPECIALIST = "specialist", "Specialist or third-sector service"
    PARTNERSHIP = "partnership", "Safeguarding partnership"


class Role(models.TextChoices):
    FRONT_DOOR_SOCIAL_WORKER = "front_door_social_worker", "Front door social worker"
    FRONT_DOOR_MANAGER = "front_door_manager", "Front door manager"
    SOCIAL_WORKER = "social_worker", "Social worker"
    SOCIAL_WORK_MANAGER = "social_work_manager", "Social work team manager"
    HEAD_OF_SERVICE = "head_of_service", "Head of service (service manager)"
    POLICE_PUBLIC_PROTECTION = "police_public_protection", "Police public protection officer"
    HEALTH_SAFEGUARDING = "health_safeguarding", "Health safeguarding practitioner"
    ED_CLINICIAN = "ed_clinician", "Emergency department clinician"
    MIDWIFE = "midwife", "Midwife"
    HEALTH_VISITOR = "health_visitor", "Health visitor"
    SCHOOL_NURSE = "school_nurse", "School nurse"
    GP = "gp", "GP"
    PAEDIATRICIAN = "paediatrician", "Paediatrician"
    SEXUAL_HEALTH = "sexual_health", "Sexual health practitioner"
    DESIGNATED_SAFEGUARDING_LEAD = "dsl", "Designated safeguarding lead (school)"
    PROBATION_OFFICER = "probation_officer", "Probation officer"
    YOUTH_JUSTICE_WORKER = "youth_justice_worker", "Youth justice worker"
    CONFERENCE_CHAIR = "conference_chair", "Child protection conference chair"
    SPECIALIST_WORKER = "specialist_worker", "Specialist service worker"
    PARTNERSHIP_ANALYST = "partnership_analyst", "Partnership analyst"
    PARTNERSHIP_LEAD = "partnership_lead", "Partnership safeguarding lead"
    DATA_OFFICER = "data_officer", "Performance and data officer"
    AUDITOR = "auditor", "Auditor"
    SYSTEM_ADMINISTRATOR = "system_administrator", "System administrator"


FRONT_DOOR_ROLES = frozenset({Role.FRONT_DOOR_SOCIAL_WORKER, Role.FRONT_DOOR_MANAGER})
MANAGER_ROLES = frozenset({Role.FRONT_DOOR_MANAGER, Role.SOCIAL_WORK_MANAGER})
# Seniority for escalation: a professional challenge only ever goes up this ladder (every other role is 0).
ESCALATION_RANK = {
    Role.FRONT_DOOR_MANAGER: 1,
    Role.SOCIAL_WORK_MANAGER: 1,
    Role.HEAD_OF_SERVICE: 2,
    Role.PARTNERSHIP_LEAD: 3,
}
HEALTH_ROLES = frozenset(
    {
        Role.HEALTH_SAFEGUARDING,
        Role.ED_CLINICIAN,
        Role.MIDWIFE,
        Role.HEALTH_VISITOR,
        Role.SCHOOL_NURSE,
        Role.GP,
        Role.SEXUAL_HEALTH,
    }
)
# Roles that never see case files about individual people (decided in access.policy). The
# performance and data officer sees children only through the statutory returns they compile.
NO_CASE_CONTENT_ROLES = frozenset({Role.PARTNERSHIP_ANALYST, Role.SYSTEM_ADMINISTRATOR, Role.DATA_OFFICER})
# Children's social care's data team: compiles and sends the statutory returns (CIN census, Annex A).
STATUTORY_RETURNS_ROLES = frozenset({Role.DATA_OFFICER})
