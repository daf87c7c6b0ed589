"""Children in need code lists from the DfE CIN census specification, written once. Screens show the
labels; the codes leave Safeguard only in the statutory returns."""

from django.db import models

from safeguard.people.codes import UPNUnknown  # noqa: F401 - a person's attribute, listed here too


class PrimaryNeed(models.TextChoices):
    """The child's main need at assessment (CIN census PrimaryNeedCode)."""

    ABUSE_OR_NEGLECT = "N1", "Abuse or neglect"
    CHILD_DISABILITY = "N2", "The child's disability or illness"
    PARENT_DISABILITY = "N3", "Parental disability or illness"
    FAMILY_ACUTE_STRESS = "N4", "Family in acute stress"
    FAMILY_DYSFUNCTION = "N5", "Family dysfunction"
    SOCIALLY_UNACCEPTABLE = "N6", "Socially unacceptable behaviour"
    LOW_INCOME = "N7", "Low income"
    ABSENT_PARENTING = "N8", "Absent parenting"
    NOT_IN_NEED = "N9", "Cases other than children in need"
    NOT_STATED = "N0", "Not stated"


class ClosureReason(models.TextChoices):
    """Why a child stopped being a child in need (CIN census ReasonForClosure)."""

    ADOPTED = "RC1", "Adopted"
    DIED = "RC2", "The child died"
    CHILD_ARRANGEMENTS_ORDER = "RC3", "Child arrangements order"
    SPECIAL_GUARDIANSHIP = "RC4", "Special guardianship order"
    TRANSFERRED_LA = "RC5", "Moved to another local authority"
    TRANSFERRED_ADULTS = "RC6", "Transferred to adult social care"
    SERVICES_CEASED = "RC7", "Services ended for any other reason, including the child turning 18"
    NFA_AFTER_ASSESSMENT = "RC8", "No further action after assessment: not a child in need"
    EARLY_HELP_AFTER_ASSESSMENT = "RC9", "Referred to early help after assessment"


class AssessmentFactor(models.TextChoices):
    """What the assessment found (CIN census AssessmentFactors). A: about the child; B: a parent or
    carer; C: another person in the household."""

    ALCOHOL_CHILD = "1A", "Alcohol misuse: the child"
    ALCOHOL_PARENT = "1B", "Alcohol misuse: a parent or carer"
    ALCOHOL_OTHER = "1C", "Alcohol misuse: another person in the household"
    DRUGS_CHILD = "2A", "Drug misuse: the child"
    DRUGS_PARENT = "2B", "Drug misuse: a parent or carer"
    DRUGS_OTHER = "2C", "Drug misuse: another person in the household"
    DOMESTIC_ABUSE_CHILD = "3A", "Domestic abuse: the child"
    DOMESTIC_ABUSE_PARENT = "3B", "Domestic abuse: a parent or carer"
    DOMESTIC_ABUSE_OTHER = "3C", "Domestic abuse: another person in the household"
    MENTAL_HEALTH_CHILD = "4A", "Mental health: the child"
    MENTAL_HEALTH_PARENT = "4B", "Mental health: a parent or carer"
    MENTAL_HEALTH_OTHER = "4C", "Mental health: another person in the household"
    LEARNING_DISABILITY_CHILD = "5A", "Learning disability: the child"
    LEARNING_DISABILITY_PARENT = "5B", "Learning disability: a parent or carer"
    LEARNING_DISABILITY_OTHER = "5C", "Learning disability: another person in the household"
    PHYSICAL_DISABILITY_CHILD = "6A", "Physical disability or illness: the child"
    PHYSICAL_DISABILITY_PARENT = "6B", "Physical disability or illness: a parent or carer"
    PHYSICAL_DISABILITY_OTHER = "6C", "Physical disability or illness: another person in the household"
    YOUNG_CARER = "7A", "Young carer"
    PRIVATE_FOSTERING_OVERSEAS_RETURN = "8B", "Privately fostered: from overseas, intending to return"
    PRIVATE_FOSTERING_OVERSEAS_STAY = "8C", "Privately fostered: from overseas, intending to stay"
    PRIVATE_FOSTERING_EDUCATION = "8D", "Privately fostered: from the UK, in an educational placement"
    PRIVATE_FOSTERING_FAMILY = "8E", "Privately fostered: from the UK, family arrangement"
    PRIVATE_FOSTERING_OTHER = "8F", "Privately fostered: other"
    UNACCOMPANIED_ASYLUM = "9A", "Unaccompanied asylum-seeking child"
    MISSING = "10A", "Going missing"
    SEXUAL_EXPLOITATION = "11A", "Child sexual exploitation"
    TRAFFICKING = "12A", "Trafficking"
    GANGS = "13A", "Gangs"
    SOCIALLY_UNACCEPTABLE = "14A", "Socially unacceptable behaviour"
    SELF_HARM = "15A", "Self-harm"
    NEGLECT = "16A", "Neglect"
    EMOTIONAL_ABUSE = "17A", "Emotional abuse"
    PHYSICAL_ABUSE_BY_CHILD = "18B", "Physical abuse by another child"
    PHYSICAL_ABUSE_BY_ADULT = "18C", "Physical abuse by an adult"
    SEXUAL_ABUSE_BY_CHILD = "19B", "Sexual abuse by another child"
    SEXUAL_ABUSE_BY_ADULT = "19C", "Sexual abuse by an adult"
    OTHER = "20", "Other"
    NO_FACTORS = "21", "No factors identified"
    FGM = "22A", "Female genital mutilation"
    FAITH_OR_BELIEF = "23A", "Abuse linked to faith or belief"
    CRIMINAL_EXPLOITATION = "24A", "Child criminal exploitation"


F = AssessmentFactor
# The checkbox groups on the assessment page, in the order a social worker thinks about them.
FACTOR_GROUPS: list[tuple[str, list[AssessmentFactor]]] = [
    ("Abuse and neglect", [F.NEGLECT, F.EMOTIONAL_ABUSE, F.PHYSICAL_ABUSE_BY_ADULT, F.PHYSICAL_ABUSE_BY_CHILD,
                           F.FGM, F.FAITH_OR_BELIEF]),
    ("Child sexual abuse and exploitation", [F.SEXUAL_ABUSE_BY_ADULT, F.SEXUAL_ABUSE_BY_CHILD,
                                             F.SEXUAL_EXPLOITATION]),
    ("Harm outside the home", [F.CRIMINAL_EXPLOITATION, F.GANGS, F.TRAFFICKING, F.MISSING]),
    ("Domestic abuse", [F.DOMESTIC_ABUSE_CHILD, F.DOMESTIC_ABUSE_PARENT, F.DOMESTIC_ABUSE_OTHER]),
    ("Alcohol and drugs", [F.ALCOHOL_CHILD, F.ALCOHOL_PARENT, F.ALCOHOL_OTHER,
                           F.DRUGS_CHILD, F.DRUGS_PARENT, F.DRUGS_OTHER]),
    ("Health and disability", [F.MENTAL_HEALTH_CHILD, F.MENTAL_HEALTH_PARENT, F.MENTAL_HEALTH_OTHER,
                               F.LEARNING_DISABILITY_CHILD, F.LEARNING_DISABILITY_PARENT,
                               F.LEARNING_DISABILITY_OTHER, F.PHYSICAL_DISABILITY_CHILD,
                               F.PHYSICAL_DISABILITY_PARENT, F.PHYSICAL_DISABILITY_OTHER, F.SELF_HARM]),
    ("The child's circumstances", [F.YOUNG_CARER, F.UNACCOMPANIED_ASYLUM, F.SOCIALLY_UNACCEPTABLE,
                                   F.PRIVATE_FOSTERING_OVERSEAS_RETURN, F.PRIVATE_FOSTERING_OVERSEAS_STAY,
                                   F.PRIVATE_FOSTERING_EDUCATION, F.PRIVATE_FOSTERING_FAMILY,
                                   F.PRIVATE_FOSTERING_OTHER]),
    ("Anything else", [F.OTHER, F.NO_FACTORS]),
]
del F

# The factors that record child sexual abuse (the letter's gap: the partnership must be able to count it).
CSA_FACTORS = frozenset({AssessmentFactor.SEXUAL_ABUSE_BY_ADULT, AssessmentFactor.SEXUAL_ABUSE_BY_CHILD,
                         AssessmentFactor.SEXUAL_EXPLOITATION})
