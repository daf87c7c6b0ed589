"""Code lists for people, from the DfE Children in Need census specification."""

from django.db import models


class Sex(models.TextChoices):
    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Not known"


class DobPrecision(models.TextChoices):
    EXACT = "exact", "Exact"
    ESTIMATED = "estimated", "Estimated"
    UNKNOWN = "unknown", "Not known"


class Ethnicity(models.TextChoices):
    WBRI = "WBRI", "White British"
    WIRI = "WIRI", "White Irish"
    WIRT = "WIRT", "Traveller of Irish heritage"
    WOTH = "WOTH", "Any other White background"
    WROM = "WROM", "Gypsy or Roma"
    MWBC = "MWBC", "White and Black Caribbean"
    MWBA = "MWBA", "White and Black African"
    MWAS = "MWAS", "White and Asian"
    MOTH = "MOTH", "Any other mixed background"
    AIND = "AIND", "Indian"
    APKN = "APKN", "Pakistani"
    ABAN = "ABAN", "Bangladeshi"
    AOTH = "AOTH", "Any other Asian background"
    BCRB = "BCRB", "Black Caribbean"
    BAFR = "BAFR", "Black African"
    BOTH = "BOTH", "Any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"


class Disability(models.TextChoices):
    NONE = "NONE", "None"
    MOB = "MOB", "Mobility"
    HAND = "HAND", "Hand function"
    PC = "PC", "Personal care"
    INC = "INC", "Incontinence"
    COMM = "COMM", "Communication"
    LD = "LD", "Learning"
    HEAR = "HEAR", "Hearing"
    VIS = "VIS", "Vision"
    BEH = "BEH", "Behaviour"
    CON = "CON", "Consciousness"
    AUT = "AUT", "Autism or Asperger syndrome"
    DDA = "DDA", "Other disability under the Equality Act"


class UPNUnknown(models.TextChoices):
    """Why a child has no unique pupil number (CIN census UPNunknown)."""

    NOT_SCHOOL_AGE = "UN1", "Not yet of school age and has no pupil number"
    NEVER_ATTENDED = "UN2", "Has never attended a school in England"
    EDUCATED_OUTSIDE_ENGLAND = "UN3", "Educated outside England"
    NEWLY_ARRIVED = "UN4", "Newly arrived in the UK, for example an asylum-seeking child"
    NOT_YET_ALLOCATED = "UN5", "The school or local authority has not yet given a pupil number"
    OTHER = "UN6", "Other reason the pupil number is not known"
    REFERRAL_NFA = "UN7", "Referral with no further action: the pupil number was not collected"


class IdentifierType(models.TextChoices):
    NHS_NUMBER = "nhs_number", "NHS number"
    UPN = "upn", "Unique pupil number"
    PNC = "pnc", "Police national computer reference"
    LOCAL_ID = "local_id", "Local person ID"


class MergeDecision(models.TextChoices):
    """What a manager decides about two records offered as likely duplicates."""

    KEEP_FIRST = "keep_first", "Yes: keep the record on the left and merge the other into it"
    KEEP_SECOND = "keep_second", "Yes: keep the record on the right and merge the other into it"
    DIFFERENT = "different", "No: they are different people"


class NameType(models.TextChoices):
    ALIAS = "alias", "Alias or nickname"
    PREVIOUS = "previous", "Previous name"
    BIRTH = "birth", "Name at birth"
    PREFERRED = "preferred", "Preferred name"


class RelationshipType(models.TextChoices):
    """What `from_person` is to `to_person` ("A is the parent of B")."""

    PARENT = "parent", "Parent"
    STEP_PARENT = "step_parent", "Step-parent"
    SIBLING = "sibling", "Sibling"
    HALF_SIBLING = "half_sibling", "Half-sibling"
    PARTNER_OF_PARENT = "partner_of_parent", "Partner of parent"
    GRANDPARENT = "grandparent", "Grandparent"
    OTHER_RELATIVE = "other_relative", "Other relative"
    CARER = "carer", "Carer"
    HOUSEHOLD_MEMBER = "household_member", "Household member"
    PARTNER = "partner", "Partner"
    EX_PARTNER = "ex_partner", "Ex-partner"
    KNOWN_ASSOCIATE = "known_associate", "Known associate"


# How each type reads from the other end ("B is the child of A").
INVERSE_LABELS = {
    RelationshipType.PARENT: "Child",
    RelationshipType.STEP_PARENT: "Step-child",
    RelationshipType.PARTNER_OF_PARENT: "Child of partner",
    RelationshipType.GRANDPARENT: "Grandchild",
    RelationshipType.CARER: "Cared for",
}
SYMMETRIC_TYPES = frozenset(
    {
        RelationshipType.SIBLING,
        RelationshipType.HALF_SIBLING,
        RelationshipType.OTHER_RELATIVE,
        RelationshipType.HOUSEHOLD_MEMBER,
        RelationshipType.PARTNER,
        RelationshipType.EX_PARTNER,
        RelationshipType.KNOWN_ASSOCIATE,
    }
)
# Types through which a person is part of a child's family for sibling and network rules.
FAMILY_TYPES = frozenset(
    {
        RelationshipType.PARENT,
        RelationshipType.STEP_PARENT,
        RelationshipType.PARTNER_OF_PARENT,
        RelationshipType.CARER,
        RelationshipType.HOUSEHOLD_MEMBER,
    }
)
