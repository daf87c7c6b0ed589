"""The Wrekinshire safeguarding partnership: agencies, teams and one demo practitioner per role.

Plain data here; `safeguard.demo.seeding` writes it. Usernames are memorable so the demo can be
explored role by role.
"""

from __future__ import annotations

from dataclasses import dataclass

from safeguard.agencies.roles import AgencyType, Role


@dataclass(frozen=True)
class TeamSpec:
    key: str
    name: str
    is_front_door: bool = False
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class AgencySpec:
    key: str
    name: str
    agency_type: str
    ods_code: str
    teams: tuple[TeamSpec, ...]
    contact_in_hours: str = ""
    contact_out_of_hours: str = ""
    is_special_school: bool = False
    is_sexual_assault_service: bool = False


@dataclass(frozen=True)
class PractitionerSpec:
    username: str
    first_name: str
    last_name: str
    role: str
    team_key: str
    job_title: str


# Ofcom keeps 01632 960000–960999 for drama; no call reaches anyone.
def _phone(n: int) -> str:
    return f"01632 960{n:03d}"


def _email(local: str) -> str:
    return f"{local}@wrekinshire.example"


AGENCIES: tuple[AgencySpec, ...] = (
    AgencySpec(
        "csc", "Wrekinshire Council Children's Social Care", AgencyType.CHILDRENS_SOCIAL_CARE, "ZZC999",
        (
            TeamSpec("front_door", "Front Door (MASH)", True, _email("frontdoor"), _phone(100)),
            TeamSpec("locality1", "Locality Team 1 (North)", False, _email("locality.north"), _phone(101)),
            TeamSpec("locality2", "Locality Team 2 (South)", False, _email("locality.south"), _phone(102)),
            TeamSpec("chairs", "Child Protection Conference Chairs", False, _email("cp.chairs"), _phone(103)),
            TeamSpec("edt", "Emergency Duty Team", False, _email("edt"), _phone(104)),
            TeamSpec("service_management", "Children's Services Management", False, _email("csc.management"),
                     _phone(105)),
        ),
        contact_in_hours=_phone(100), contact_out_of_hours=_phone(104),
    ),
    AgencySpec(
        "police", "Wrekinshire Police", AgencyType.POLICE, "ZZP999",
        (
            TeamSpec("ppu", "Public Protection Unit", False, _email("ppu"), _phone(200)),
            TeamSpec("daiu", "Domestic Abuse Investigation Unit", False, _email("daiu"), _phone(201)),
            TeamSpec("mash_police", "MASH Police Desk", False, _email("mash.police"), _phone(202)),
        ),
        contact_in_hours=_phone(200), contact_out_of_hours=_phone(209),
    ),
    AgencySpec(
        "trust", "Wrekinshire Hospitals NHS Trust", AgencyType.HEALTH_PROVIDER, "ZZT999",
        (
            TeamSpec("ed", "Emergency Department", False, _email("ed"), _phone(300)),
            TeamSpec("maternity", "Maternity", False, _email("maternity"), _phone(301)),
            TeamSpec("health_visiting", "Health Visiting", False, _email("health.visiting"), _phone(302)),
            TeamSpec("school_nursing", "School Nursing", False, _email("school.nursing"), _phone(303)),
            TeamSpec("sexual_health", "Sexual Health Service", False, _email("sexual.health"), _phone(304)),
            TeamSpec("trust_safeguarding", "Safeguarding Children Team", False, _email("safeguarding"), _phone(305)),
        ),
        contact_in_hours=_phone(305), contact_out_of_hours=_phone(300),
    ),
    AgencySpec(
        "icb", "NHS Wrekinshire Integrated Care Board", AgencyType.ICB, "ZZI999",
        (
            TeamSpec("designated", "Designated Safeguarding Professionals", False, _email("icb.safeguarding"),
                     _phone(350)),
        ),
    ),
    AgencySpec(
        "gp_wrekin", "Wrekin Medical Practice", AgencyType.GP_PRACTICE, "ZZG001",
        (TeamSpec("gp_wrekin_team", "Clinical Team", False, _email("wrekin.medical"), _phone(400)),),
    ),
    AgencySpec(
        "gp_castle", "Castle Street Surgery", AgencyType.GP_PRACTICE, "ZZG002",
        (TeamSpec("gp_castle_team", "Clinical Team", False, _email("castle.street"), _phone(410)),),
    ),
    AgencySpec(
        "gp_haddon", "Haddon Heath Health Centre", AgencyType.GP_PRACTICE, "ZZG003",
        (TeamSpec("gp_haddon_team", "Clinical Team", False, _email("haddon.heath"), _phone(420)),),
    ),
    AgencySpec(
        "school_lowbridge", "Lowbridge Primary Academy", AgencyType.EDUCATION, "999-2001",
        (TeamSpec("school_lowbridge_dsl", "Safeguarding Team", False, _email("lowbridge.primary"), _phone(500)),),
    ),
    AgencySpec(
        "school_st_aidans", "St Aidan's CE Primary School", AgencyType.EDUCATION, "999-3001",
        (TeamSpec("school_st_aidans_dsl", "Safeguarding Team", False, _email("st.aidans"), _phone(510)),),
    ),
    AgencySpec(
        "school_kettlebury", "Kettlebury Community Primary School", AgencyType.EDUCATION, "999-2002",
        (TeamSpec("school_kettlebury_dsl", "Safeguarding Team", False, _email("kettlebury.primary"), _phone(520)),),
    ),
    AgencySpec(
        "school_high", "Wrekinshire High School", AgencyType.EDUCATION, "999-4001",
        (TeamSpec("school_high_dsl", "Safeguarding Team", False, _email("wrekinshire.high"), _phone(530)),),
    ),
    AgencySpec(
        "school_foxwell", "Foxwell Academy", AgencyType.EDUCATION, "999-4002",
        (TeamSpec("school_foxwell_dsl", "Safeguarding Team", False, _email("foxwell.academy"), _phone(540)),),
    ),
    AgencySpec(
        "school_brookside", "Brookside Special School", AgencyType.EDUCATION, "999-7001",
        (TeamSpec("school_brookside_dsl", "Safeguarding Team", False, _email("brookside.special"), _phone(550)),),
        is_special_school=True,
    ),
    AgencySpec(
        "psas", "Wrekinshire Paediatric Sexual Assault Service", AgencyType.HEALTH_PROVIDER, "ZZT998",
        (TeamSpec("psas_team", "Paediatricians", False, _email("psas"), _phone(310)),),
        contact_in_hours=_phone(310), contact_out_of_hours=_phone(311), is_sexual_assault_service=True,
    ),
    AgencySpec(
        "probation", "Probation Service Wrekinshire Delivery Unit", AgencyType.PROBATION, "ZZN999",
        (TeamSpec("offender_management", "Offender Management", False, _email("probation"), _phone(600)),),
    ),
    AgencySpec(
        "yjs", "Wrekinshire Youth Justice Service", AgencyType.YOUTH_JUSTICE, "ZZY999",
        (TeamSpec("yjs_team", "Youth Justice Team", False, _email("yjs"), _phone(700)),),
    ),
    AgencySpec(
        "csa_service", "Wrekinshire Children's Sexual Abuse Service", AgencyType.SPECIALIST, "ZZS999",
        (TeamSpec("chisva", "ChISVA and Therapeutic Team", False, _email("csa.service"), _phone(800)),),
    ),
    AgencySpec(
        "partnership", "Wrekinshire Safeguarding Children Partnership", AgencyType.PARTNERSHIP, "ZZW999",
        (
            TeamSpec("business_unit", "Partnership Business Unit", False, _email("wscp"), _phone(900)),
            TeamSpec("systems", "Systems Administration", False, _email("systems"), _phone(901)),
        ),
    ),
)

PRACTITIONERS: tuple[PractitionerSpec, ...] = (
    PractitionerSpec("fd.worker", "Priya", "Marsh", Role.FRONT_DOOR_SOCIAL_WORKER, "front_door",
                     "Social worker, front door"),
    PractitionerSpec("fd.manager", "Graham", "Tallis", Role.FRONT_DOOR_MANAGER, "front_door",
                     "Front door team manager"),
    PractitionerSpec("sw.locality1", "Hannah", "Okafor", Role.SOCIAL_WORKER, "locality1", "Social worker"),
    PractitionerSpec("sw.locality2", "Daniel", "Webb", Role.SOCIAL_WORKER, "locality2", "Social worker"),
    PractitionerSpec("sw.manager", "Karen", "Fletcher", Role.SOCIAL_WORK_MANAGER, "locality1",
                     "Team manager, Locality Team 1"),
    PractitionerSpec("head.of.service", "Alison", "Mercer", Role.HEAD_OF_SERVICE, "service_management",
                     "Head of service, children's social care"),
    PractitionerSpec("police.ppu", "Craig", "Holmes", Role.POLICE_PUBLIC_PROTECTION, "ppu",
                     "Detective constable, public protection"),
    PractitionerSpec("health.safeguarding", "Nicola", "Bennett", Role.HEALTH_SAFEGUARDING, "trust_safeguarding",
                     "Named nurse for safeguarding children"),
    PractitionerSpec("ed.clinician", "Amir", "Rahman", Role.ED_CLINICIAN, "ed", "Emergency medicine registrar"),
    PractitionerSpec("midwife", "Rosie", "Campbell", Role.MIDWIFE, "maternity", "Community midwife"),
    PractitionerSpec("hv", "Joanne", "Pearson", Role.HEALTH_VISITOR, "health_visiting", "Health visitor"),
    PractitionerSpec("school.nurse", "Megan", "Lloyd", Role.SCHOOL_NURSE, "school_nursing", "School nurse"),
    PractitionerSpec("gp", "Stephen", "Ellis", Role.GP, "gp_wrekin_team", "GP partner, safeguarding lead"),
    PractitionerSpec("sexual.health", "Layla", "Murray", Role.SEXUAL_HEALTH, "sexual_health",
                     "Sexual health nurse"),
    PractitionerSpec("paediatrician", "Imran", "Siddiqui", Role.PAEDIATRICIAN, "psas_team",
                     "Consultant paediatrician, paediatric sexual assault service"),
    PractitionerSpec("dsl", "Wendy", "Hughes", Role.DESIGNATED_SAFEGUARDING_LEAD, "school_lowbridge_dsl",
                     "Deputy head teacher and designated safeguarding lead"),
    PractitionerSpec("probation", "Gareth", "Knight", Role.PROBATION_OFFICER, "offender_management",
                     "Probation officer"),
    PractitionerSpec("yjs", "Jordan", "Reid", Role.YOUTH_JUSTICE_WORKER, "yjs_team", "Youth justice worker"),
    PractitionerSpec("chair", "Helen", "Ward", Role.CONFERENCE_CHAIR, "chairs",
                     "Child protection conference chair"),
    PractitionerSpec("specialist", "Zara", "Mensah", Role.SPECIALIST_WORKER, "chisva",
                     "Children's independent sexual violence adviser"),
    PractitionerSpec("analyst", "Colin", "Barnes", Role.PARTNERSHIP_ANALYST, "business_unit",
                     "Partnership performance analyst"),
    PractitionerSpec("partnership.lead", "Martin", "Osei", Role.PARTNERSHIP_LEAD, "business_unit",
                     "Independent scrutineer and partnership safeguarding lead"),
    PractitionerSpec("data.officer", "Imogen", "Tranter", Role.DATA_OFFICER, "service_management",
                     "Performance and data officer, children's social care"),
    PractitionerSpec("auditor", "Deborah", "Shaw", Role.AUDITOR, "business_unit", "Partnership quality auditor"),
    PractitionerSpec("admin", "Trevor", "Palmer", Role.SYSTEM_ADMINISTRATOR, "systems", "System administrator"),
)


# The rest of the directory: named people the invitation rules can invite, one per post the rules
# name (each school's safeguarding lead, each practice's GP, health visitors by area, school nurses
# by school). They can sign in with the demo password but are not listed among the role logins.
DIRECTORY_PRACTITIONERS: tuple[PractitionerSpec, ...] = (
    PractitionerSpec("psas.paediatrician2", "Fiona", "Gallagher", Role.PAEDIATRICIAN, "psas_team",
                     "Consultant paediatrician, paediatric sexual assault service"),
    PractitionerSpec("gp.wrekin2", "Anita", "Sharma", Role.GP, "gp_wrekin_team", "Salaried GP"),
    PractitionerSpec("gp.castle", "Michael", "Dunn", Role.GP, "gp_castle_team", "GP partner, safeguarding lead"),
    PractitionerSpec("gp.haddon", "Ruth", "Oyelaran", Role.GP, "gp_haddon_team", "GP partner, safeguarding lead"),
    PractitionerSpec("dsl.st_aidans", "Peter", "Quinn", Role.DESIGNATED_SAFEGUARDING_LEAD, "school_st_aidans_dsl",
                     "Head teacher and designated safeguarding lead"),
    PractitionerSpec("dsl.kettlebury", "Sophie", "Turner", Role.DESIGNATED_SAFEGUARDING_LEAD,
                     "school_kettlebury_dsl", "Designated safeguarding lead"),
    PractitionerSpec("dsl.high", "Marcus", "Bell", Role.DESIGNATED_SAFEGUARDING_LEAD, "school_high_dsl",
                     "Assistant head teacher and designated safeguarding lead"),
    PractitionerSpec("dsl.foxwell", "Claire", "Nolan", Role.DESIGNATED_SAFEGUARDING_LEAD, "school_foxwell_dsl",
                     "Designated safeguarding lead"),
    PractitionerSpec("dsl.brookside", "Olivia", "Grant", Role.DESIGNATED_SAFEGUARDING_LEAD, "school_brookside_dsl",
                     "Deputy head teacher and designated safeguarding lead"),
    PractitionerSpec("school.nurse2", "Aled", "Price", Role.SCHOOL_NURSE, "school_nursing", "School nurse"),
    PractitionerSpec("school.nurse.special", "Bethany", "Cole", Role.SCHOOL_NURSE, "school_nursing",
                     "Specialist community school nurse"),
    PractitionerSpec("hv.south", "Louise", "Harper", Role.HEALTH_VISITOR, "health_visiting", "Health visitor"),
    PractitionerSpec("hv.central", "Naomi", "Fraser", Role.HEALTH_VISITOR, "health_visiting", "Health visitor"),
)


@dataclass(frozen=True)
class CoverSpec:
    """A practitioner covers a school (a school nurse) or an area (a health visitor)."""

    username: str
    agency_key: str = ""
    area: str = ""


COVERS: tuple[CoverSpec, ...] = (
    CoverSpec("school.nurse", agency_key="school_lowbridge"),
    CoverSpec("school.nurse", agency_key="school_st_aidans"),
    CoverSpec("school.nurse", agency_key="school_kettlebury"),
    CoverSpec("school.nurse2", agency_key="school_high"),
    CoverSpec("school.nurse2", agency_key="school_foxwell"),
    CoverSpec("school.nurse.special", agency_key="school_brookside"),
    CoverSpec("hv", area="North Wrekinshire"),
    CoverSpec("hv.south", area="South Wrekinshire"),
    CoverSpec("hv.central", area="Central Wrekinshire"),
)


def team_agency_keys() -> dict[str, str]:
    return {team.key: agency.key for agency in AGENCIES for team in agency.teams}


def practitioner_spec(username: str) -> PractitionerSpec:
    for spec in (*PRACTITIONERS, *DIRECTORY_PRACTITIONERS):
        if spec.username == username:
            return spec
    raise KeyError(username)


@dataclass(frozen=True)
class Refs:
    """Database ids of the partnership's agencies, teams and practitioners, by key or username."""

    agency_ids: dict[str, int]
    team_ids: dict[str, int]
    practitioner_ids: dict[str, int]

    @classmethod
    def placeholder(cls) -> Refs:
        """Stand-in ids for generating families in memory, without a database."""
        return cls(
            agency_ids={a.key: i for i, a in enumerate(AGENCIES, start=1)},
            team_ids={t.key: i for i, t in enumerate((t for a in AGENCIES for t in a.teams), start=1)},
            practitioner_ids={p.username: i for i, p in enumerate(PRACTITIONERS, start=1)},
        )
