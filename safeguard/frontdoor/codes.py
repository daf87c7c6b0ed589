"""The front door's code lists, written once: CIN referral sources, concern categories, roles of the
people named in a contact, consent and lawful basis, RAG, threshold outcomes, notification kinds."""

from django.db import models


class ReferralSource(models.TextChoices):
    """Children in Need census referral source codes (DfE)."""

    FAMILY = "1A", "Individual: family member, relative or carer"
    ACQUAINTANCE = "1B", "Individual: acquaintance (including neighbours and child minders)"
    SELF = "1C", "Individual: self"
    OTHER_INDIVIDUAL = "1D", "Individual: other"
    SCHOOLS = "2A", "Schools"
    EDUCATION_SERVICES = "2B", "Education services"
    GP = "3A", "Health services: GP"
    HEALTH_VISITOR = "3B", "Health services: health visitor"
    SCHOOL_NURSE = "3C", "Health services: school nurse"
    OTHER_PRIMARY_HEALTH = "3D", "Health services: other primary health services"
    A_AND_E = "3E", "Health services: A&E (emergency department)"
    OTHER_HEALTH = "3F", "Health services: other"
    HOUSING = "4", "Housing"
    LA_SOCIAL_CARE = "5A", "LA services: social care"
    LA_OTHER_INTERNAL = "5B", "LA services: other internal"
    EXTERNAL_LA = "5C", "LA services: external, such as another local authority"
    EARLY_HELP = "5D", "LA services: early help"
    POLICE = "6", "Police"
    OTHER_LEGAL = "7", "Other legal agency"
    OTHER = "8", "Other"
    ANONYMOUS = "9", "Anonymous"
    UNKNOWN = "10", "Unknown"


class ConcernCategory(models.TextChoices):
    CSA_WITHIN_FAMILY = "csa_within_family", "Child sexual abuse within the family"
    CSA_OUTSIDE_FAMILY = "csa_outside_family", "Child sexual abuse outside the family"
    SEXUAL_EXPLOITATION = "sexual_exploitation", "Child sexual exploitation"
    CRIMINAL_EXPLOITATION = "criminal_exploitation", "Child criminal exploitation"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    NEGLECT = "neglect", "Neglect"
    PHYSICAL_ABUSE = "physical_abuse", "Physical abuse"
    EMOTIONAL_ABUSE = "emotional_abuse", "Emotional abuse"
    HARMFUL_SEXUAL_BEHAVIOUR = "harmful_sexual_behaviour", "Harmful sexual behaviour"
    MISSING = "missing", "Missing from home, care or education"
    OTHER = "other", "Other"


# Concerns that mean sexual abuse is suspected (the strategy discussion then invites the PSAS).
SEXUAL_ABUSE_CONCERNS = frozenset(
    {ConcernCategory.CSA_WITHIN_FAMILY, ConcernCategory.CSA_OUTSIDE_FAMILY, ConcernCategory.SEXUAL_EXPLOITATION}
)


class SubjectRole(models.TextChoices):
    SUBJECT_CHILD = "subject_child", "Child the concern is about"
    SIBLING = "sibling", "Brother or sister"
    PARENT_CARER = "parent_carer", "Parent or carer"
    ALLEGED_PERPETRATOR = "alleged_perpetrator", "Alleged perpetrator"
    OTHER_ADULT = "other_adult", "Other adult"


CHILD_ROLES = frozenset({SubjectRole.SUBJECT_CHILD, SubjectRole.SIBLING})


class ConsentStatus(models.TextChoices):
    AGREED = "agreed", "The family knows about this contact and agrees"
    NOT_SOUGHT_RISK = "not_sought_risk", "Not sought: asking would put the child at risk"
    REFUSED = "refused", "The family refused consent"
    OTHER_LAWFUL_BASIS = "other_lawful_basis", "Not sought: another lawful basis applies"


class LawfulBasis(models.TextChoices):
    """Why sharing without consent is lawful (UK GDPR and the Data Protection Act 2018)."""

    SAFEGUARDING = "safeguarding", "Safeguarding of children and individuals at risk (DPA 2018 Sch 1 para 18)"
    PUBLIC_TASK = "public_task", "Public task: statutory safeguarding duty (UK GDPR Art 6(1)(e))"
    VITAL_INTERESTS = "vital_interests", "Vital interests: to protect someone's life (UK GDPR Art 6(1)(d))"
    LEGAL_OBLIGATION = "legal_obligation", "Legal obligation or court order (UK GDPR Art 6(1)(c))"


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class ContactStatus(models.TextChoices):
    NEW = "new", "New"
    SCREENING = "screening", "Screening"
    DECIDED = "decided", "Decided"


#: A contact is open until decided. An IN list, not a NOT: the (team, status, …) index and the partial
#: index of open contacts (whose condition is this same list) can answer it.
OPEN_CONTACT_STATUSES = tuple(s for s in ContactStatus.values if s != ContactStatus.DECIDED)


class Outcome(models.TextChoices):
    NO_FURTHER_ACTION = "nfa", "No further action"
    ADVICE = "advice", "Advice and information"
    EARLY_HELP = "early_help", "Signpost to early help or targeted youth support (first point of contact team)"
    ASSESSMENT = "assessment", "Child and family assessment (section 17)"
    STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion (suspected significant harm)"
    DA_TRIAGE = "da_triage", "Domestic abuse triage"


class RequestStatus(models.TextChoices):
    OPEN = "open", "Waiting for an answer"
    ANSWERED = "answered", "Answered"


class NotificationKind(models.TextChoices):
    PUBLIC_PROTECTION_NOTICE = "public_protection_notice", "Public protection notice"
    DOMESTIC_ABUSE_INCIDENT = "domestic_abuse_incident", "Domestic abuse incident"


class DashRisk(models.TextChoices):
    STANDARD = "standard", "Standard (DASH 1 to 9)"
    MEDIUM = "medium", "Medium (DASH 10 to 13)"
    HIGH = "high", "High (DASH 14 or more)"


class ScreeningStatus(models.TextChoices):
    WAITING = "waiting", "Waiting for a police decision"
    REFERRED = "referred", "Referred to children's social care"
    NO_REFERRAL = "no_referral", "No referral needed"


class PoliceScreeningDecision(models.TextChoices):
    REFER = "refer", "Refer to children's social care"
    NO_REFERRAL = "no_referral", "No referral needed"


class NotifiedPersonRole(models.TextChoices):
    CHILD = "child", "Child"
    ADULT = "adult", "Adult"


class TriageOutcome(models.TextChoices):
    NO_FURTHER_ACTION = "nfa", "No further action"
    SINGLE_AGENCY = "single_agency", "Single-agency support"
    EARLY_HELP = "early_help", "Early help"
    REFER_FRONT_DOOR = "refer_front_door", "Refer to the front door for a threshold decision"
    MARAC = "marac", "Refer to MARAC (high risk)"
