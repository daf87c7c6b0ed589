"""The think family web pages: attendances, pregnancies and GP acknowledgement, risk flags and
under-18 sexual health. Happy path, input kept on error, and 404 for anyone without access."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from safeguard.access.errors import InvalidInput, NotFound
from safeguard.access.models import AuditEntry, InvolvementKind
from safeguard.agencies.models import Agency, Team
from safeguard.agencies.roles import AgencyType, Role
from safeguard.core.models import ChronologyEvent, EventType, Task, TaskStatus
from safeguard.family import services
from safeguard.family.models import AdultAttendance, GpNotification, Pregnancy, RiskFlag, SexualHealthAssessment
from safeguard.frontdoor.models import Contact
from safeguard.people.models import Relationship
from safeguard.testing.factories import AgencyFactory, PersonFactory, TeamFactory, involve, practitioner_with_role

from .conftest import PLAN_SINCE, give_nhs_number


@pytest.fixture
def front_door_team(db):
    return TeamFactory(agency=AgencyFactory(agency_type=AgencyType.CHILDRENS_SOCIAL_CARE), is_front_door=True)


@pytest.fixture
def parent(db, statuses):
    mum = PersonFactory(given_name="Jo", family_name="Carewell", date_of_birth=date(1992, 1, 1))
    on_plan = PersonFactory(given_name="Max", family_name="Carewell", date_of_birth=date(2014, 6, 6))
    for child in (on_plan, PersonFactory(given_name="Ivy", family_name="Carewell", date_of_birth=date(2020, 6, 6))):
        Relationship.objects.create(from_person=mum, to_person=child, relationship_type="parent")
    statuses[on_plan.pk] = {"on_child_protection_plan": True, "plan_since": PLAN_SINCE}
    return {"mum": mum, "nhs": give_nhs_number(mum)}


# --- think family: an adult attends -------------------------------------------------------------


@pytest.mark.django_db
def test_attendance_page_lists_the_children_and_refers_in_one_step(client, parent, front_door_team):
    clinician = practitioner_with_role(Role.ED_CLINICIAN)
    client.force_login(clinician)
    assert client.get("/family/attendances/new/").status_code == 200
    response = client.post(
        "/family/attendances/new/", {"setting": "ed", "nhs_number": parent["nhs"], "presenting_reason": "Overdose"}
    )
    attendance = AdultAttendance.objects.get()
    assert response.status_code == 302 and response.url == f"/family/attendances/{attendance.pk}/"
    assert parent["nhs"] not in response.url
    page = client.get(response.url).content.decode()
    assert "Max Carewell" in page and "Ivy Carewell" in page and "On a child protection plan" in page
    assert "Is a safeguarding referral needed?" in page

    decided = client.post(
        response.url,
        {
            "referral_needed": "yes",
            "reason": "Sole carer, admitted overnight",
            "refer_now": "on",
            "concern": "Mother admitted after overdose; two children at home",
        },
        follow=True,
    )
    contact = Contact.objects.get()
    assert contact.team == front_door_team
    body = decided.content.decode()
    assert f"reference <strong>{contact.reference}</strong>" in body
    attendance.refresh_from_db()
    assert attendance.referral_needed is True and attendance.contact_reference == str(contact.pk)


@pytest.mark.django_db
def test_attendance_errors_keep_the_input_and_link_to_the_fields(client, parent):
    client.force_login(practitioner_with_role(Role.ED_CLINICIAN))
    response = client.post("/family/attendances/new/", {"setting": "", "family_name": "Nobody-Here"})
    page = response.content.decode()
    assert response.status_code == 200 and "Error: " in page
    assert 'href="#id_setting"' in page and 'value="Nobody-Here"' in page
    no_match = client.post("/family/attendances/new/", {"setting": "ed", "nhs_number": "9434765919"})
    assert 'href="#id_nhs_number"' in no_match.content.decode() and not AdultAttendance.objects.exists()

    client.post("/family/attendances/new/", {"setting": "ed", "nhs_number": parent["nhs"]})
    url = f"/family/attendances/{AdultAttendance.objects.get().pk}/"
    # Referring without a concern (and, here, without a front door) saves nothing and keeps the reason
    bad = client.post(url, {"referral_needed": "yes", "reason": "Carer of two", "refer_now": "on"})
    page = bad.content.decode()
    assert 'href="#id_concern"' in page and "Carer of two" in page
    assert AdultAttendance.objects.get().decided_at is None


@pytest.mark.django_db
def test_attendance_pages_are_not_found_for_others(client, parent):
    clinician = practitioner_with_role(Role.ED_CLINICIAN)
    client.force_login(clinician)
    client.post("/family/attendances/new/", {"setting": "ed", "nhs_number": parent["nhs"]})
    url = f"/family/attendances/{AdultAttendance.objects.get().pk}/"
    client.force_login(practitioner_with_role(Role.SOCIAL_WORKER))
    assert client.get("/family/attendances/new/").status_code == 404
    assert client.get(url).status_code == 404
    client.force_login(practitioner_with_role(Role.ED_CLINICIAN, username="another.ed"))
    assert client.get(url).status_code == 404


# --- pregnancy, visits, birth and the GP practice ------------------------------------------------


@pytest.fixture
def maternity(db):
    practice = Agency.objects.create(name="Riverside Surgery", agency_type=AgencyType.GP_PRACTICE)
    team = Team.objects.create(agency=practice, name="Riverside safeguarding")
    midwife = practitioner_with_role(Role.MIDWIFE)
    mother = PersonFactory(given_name="Rae", family_name="Expecting", date_of_birth=date(1999, 1, 1))
    involve(mother, practitioner=midwife, kind=InvolvementKind.SUPERVISING)
    return {
        "practice": practice,
        "gp": practitioner_with_role(Role.GP, team=team),
        "midwife": midwife,
        "mother": mother,
    }


def _pregnancy_post(m, **overrides):
    return {
        "expected_birth_date": str(timezone.localdate() + timedelta(weeks=20)),
        "vulnerabilities": ["domestic_abuse", "mental_health"],
        "gp_practice": str(m["practice"].pk),
        **overrides,
    }


@pytest.mark.django_db
def test_midwife_records_a_pregnancy_a_visit_and_the_birth(client, maternity):
    m = maternity
    client.force_login(m["midwife"])
    url = f"/family/people/{m['mother'].pk}/pregnancy/new/"
    assert "Riverside Surgery" in client.get(url).content.decode()
    response = client.post(url, _pregnancy_post(m))
    pregnancy = Pregnancy.objects.get()
    assert response.status_code == 302 and response.url == f"/family/pregnancies/{pregnancy.pk}/"
    page = client.get(response.url).content.decode()
    assert "Awaiting acknowledgement" in page and "Domestic abuse" in page
    visited = client.post(
        response.url, {"action": "visit", "visit-visited_on": str(timezone.localdate()), "visit-home_visit": "yes"}
    )
    assert visited.status_code == 302 and pregnancy.visits.get().home_visit is True
    born = client.post(
        response.url,
        {"action": "birth", "birth-born_on": str(timezone.localdate()), "birth-given_name": "Robin", "birth-sex": "F"},
        follow=True,
    )
    assert "Birth recorded: Robin Expecting" in born.content.decode()
    assert ChronologyEvent.objects.filter(person=pregnancy.unborn, event_type=EventType.BORN).exists()


@pytest.mark.django_db
def test_pregnancy_errors_keep_the_input(client, maternity):
    m = maternity
    client.force_login(m["midwife"])
    url = f"/family/people/{m['mother'].pk}/pregnancy/new/"
    response = client.post(url, _pregnancy_post(m, vulnerabilities=[], notes="Partner controlling"))
    page = response.content.decode()
    assert response.status_code == 200 and "Error: " in page
    assert 'href="#id_vulnerabilities_0"' in page and "Partner controlling" in page
    late = client.post(url, _pregnancy_post(m, expected_birth_date="2001-01-01"))
    assert "Expected date of birth must be today or in the future" in late.content.decode()
    assert 'href="#id_expected_birth_date_day"' in late.content.decode() and not Pregnancy.objects.exists()
    client.post(url, _pregnancy_post(m))
    visit = client.post(
        f"/family/pregnancies/{Pregnancy.objects.get().pk}/",
        {"action": "visit", "visit-visited_on": "2999-01-01", "visit-home_visit": "yes", "visit-notes": "Kept"},
    )
    assert 'href="#id_visit-visited_on_day"' in visit.content.decode() and "Kept" in visit.content.decode()


@pytest.mark.django_db
def test_pregnancy_pages_are_not_found_for_others(client, maternity):
    m = maternity
    client.force_login(m["midwife"])
    client.post(f"/family/people/{m['mother'].pk}/pregnancy/new/", _pregnancy_post(m))
    pregnancy = Pregnancy.objects.get()
    stranger = practitioner_with_role(Role.MIDWIFE, username="other.midwife")
    client.force_login(stranger)
    assert client.get(f"/family/people/{m['mother'].pk}/pregnancy/new/").status_code == 404
    assert client.get(f"/family/pregnancies/{pregnancy.pk}/").status_code == 404
    client.force_login(practitioner_with_role(Role.ED_CLINICIAN))
    assert client.get(f"/family/people/{m['mother'].pk}/pregnancy/new/").status_code == 404
    # The GP may read the pregnancy but not record visits or the birth
    client.force_login(m["gp"])
    assert client.get(f"/family/pregnancies/{pregnancy.pk}/").status_code == 200
    assert client.post(f"/family/pregnancies/{pregnancy.pk}/", {"action": "birth"}).status_code == 404


@pytest.mark.django_db
def test_gp_practice_acknowledges_only_its_own_notifications(client, maternity):
    m = maternity
    client.force_login(m["midwife"])
    client.post(f"/family/people/{m['mother'].pk}/pregnancy/new/", _pregnancy_post(m))
    notification = GpNotification.objects.get()
    other_practice = Agency.objects.create(name="Hilltop Surgery", agency_type=AgencyType.GP_PRACTICE)
    other_gp = practitioner_with_role(Role.GP, team=Team.objects.create(agency=other_practice, name="Hilltop"))
    client.force_login(other_gp)
    assert "Rae Expecting" not in client.get("/family/gp-notifications/").content.decode()
    assert client.post(f"/family/gp-notifications/{notification.pk}/acknowledge/").status_code == 404
    client.force_login(m["midwife"])
    sent = client.get("/family/gp-notifications/").content.decode()
    assert "Rae Expecting" in sent and "Riverside" in sent and "Acknowledge<" not in sent  # read-only for her

    client.force_login(m["gp"])
    listing = client.get("/family/gp-notifications/").content.decode()
    assert "Rae Expecting" in listing and "Acknowledge" in listing
    assert client.get(f"/family/gp-notifications/{notification.pk}/acknowledge/").status_code == 405
    done = client.post(f"/family/gp-notifications/{notification.pk}/acknowledge/", follow=True)
    assert "acknowledged" in done.content.decode()
    notification.refresh_from_db()
    assert notification.acknowledged_by == m["gp"]
    listing = client.get("/family/gp-notifications/").content.decode()
    assert "No pregnancy notifications are awaiting acknowledgement" in listing
    assert f"By {m['gp']}, " in listing  # now under "Acknowledged", with who and when


# --- risk flags ---------------------------------------------------------------------------------


@pytest.fixture
def adult(db):
    officer = practitioner_with_role(Role.POLICE_PUBLIC_PROTECTION)
    dan = PersonFactory(given_name="Dan", family_name="Riskley", date_of_birth=date(1985, 3, 1))
    involve(dan, practitioner=officer, kind=InvolvementKind.SUPERVISING)
    return {"officer": officer, "dan": dan}


def _flag_post(**overrides):
    return {
        "basis": "mappa_nominal",
        "mappa_category": "1",
        "mappa_level": "2",
        "evidence": "Registered sexual offender; MAPPA level 2 since 2024",
        "review_on": str(timezone.localdate() + timedelta(days=90)),
        **overrides,
    }


@pytest.mark.django_db
def test_officer_raises_and_ends_a_risk_flag(client, adult):
    client.force_login(adult["officer"])
    url = f"/family/people/{adult['dan'].pk}/risk-flags/new/"
    assert client.get(url).status_code == 200
    response = client.post(url, _flag_post())
    flag = RiskFlag.objects.get()
    assert response.status_code == 302 and response.url == f"/family/people/{adult['dan'].pk}/network/"
    assert "End this flag" in client.get(response.url).content.decode()
    end_url = f"/family/risk-flags/{flag.pk}/end/"
    short = client.post(end_url, {"reason": "Expired"})
    assert 'href="#id_reason"' in short.content.decode() and "Expired</textarea>" in short.content.decode()
    ended = client.post(end_url, {"reason": "SHPO expired and MAPPA management ended"})
    assert ended.status_code == 302
    flag.refresh_from_db()
    assert flag.ended_at is not None
    assert client.get(end_url).status_code == 404  # an ended flag cannot be ended again


@pytest.mark.django_db
def test_risk_flag_errors_keep_the_input(client, adult):
    client.force_login(adult["officer"])
    response = client.post(
        f"/family/people/{adult['dan'].pk}/risk-flags/new/", _flag_post(mappa_level="", evidence="Short")
    )
    page = response.content.decode()
    assert 'href="#id_mappa_level"' in page and 'href="#id_evidence"' in page and "Short</textarea>" in page
    assert not RiskFlag.objects.exists()


@pytest.mark.django_db
def test_risk_flag_pages_are_not_found_without_need_to_know(client, adult):
    flag = services.risk_flag_raise(
        actor=adult["officer"],
        person=adult["dan"],
        basis="other",
        evidence="Convicted of child cruelty in 2019",
        review_on=timezone.localdate() + timedelta(days=30),
    )
    nurse = practitioner_with_role(Role.SCHOOL_NURSE)
    involve(adult["dan"], practitioner=nurse, kind=InvolvementKind.SUPERVISING)
    client.force_login(nurse)
    assert client.get(f"/family/people/{adult['dan'].pk}/risk-flags/new/").status_code == 404
    assert client.get(f"/family/risk-flags/{flag.pk}/end/").status_code == 404
    assert client.post(f"/family/risk-flags/{flag.pk}/end/", {"reason": "I think it is over"}).status_code == 404


@pytest.mark.django_db
def test_risk_flag_end_service_is_audited_closes_the_review_and_leaves_the_chronology(adult):
    flag = services.risk_flag_raise(
        actor=adult["officer"],
        person=adult["dan"],
        basis="other",
        evidence="Convicted of child cruelty in 2019",
        review_on=timezone.localdate() + timedelta(days=30),
    )
    events = ChronologyEvent.objects.filter(person=adult["dan"]).count()
    services.risk_flag_end(actor=adult["officer"], flag=flag, reason="Review found no continuing risk")
    assert not RiskFlag.objects.filter(ended_at__isnull=True).exists()
    assert ChronologyEvent.objects.filter(person=adult["dan"]).count() == events
    assert Task.objects.get(kind="risk_flag_review").status == TaskStatus.DONE
    assert AuditEntry.objects.filter(object_type="family.riskflag", purpose__startswith="ended").exists()
    with pytest.raises(InvalidInput):
        services.risk_flag_end(actor=adult["officer"], flag=flag, reason="Review found no continuing risk")
    with pytest.raises(NotFound):
        services.risk_flag_end(
            actor=practitioner_with_role(Role.SCHOOL_NURSE), flag=flag, reason="Review found no continuing risk"
        )


# --- under-18 sexual health ---------------------------------------------------------------------


@pytest.fixture
def young(db, statuses):
    person = PersonFactory(given_name="Tia", family_name="Youngs", date_of_birth=date(2011, 3, 3))
    statuses[person.pk] = {"looked_after": True, "looked_after_since": date(2024, 5, 1)}
    return {"person": person, "nhs": give_nhs_number(person)}


def _scores(**overrides):
    return {
        "exploitation": "2",
        "age_gap": "2",
        "coercion": "1",
        "substance_use": "1",
        "going_missing": "1",
        **overrides,
    }


@pytest.mark.django_db
def test_sexual_health_assessment_shows_status_and_refers_when_high(client, young, front_door_team):
    client.force_login(practitioner_with_role(Role.SEXUAL_HEALTH))
    assert client.get("/family/sexual-health/new/").status_code == 200
    response = client.post("/family/sexual-health/new/", {"nhs_number": young["nhs"], **_scores()})
    assessment = SexualHealthAssessment.objects.get()
    assert response.status_code == 302 and response.url == f"/family/sexual-health/{assessment.pk}/"
    page = client.get(response.url).content.decode()
    assert "Risk score 7 of 10: high" in page and "Yes, since Wednesday 1 May 2024" in page  # dates in words
    assert "Refer to the front door" in page
    referred = client.post(response.url, {"concern": "Older boyfriend, gifts, missing overnight"}, follow=True)
    contact = Contact.objects.get()
    assert f"reference <strong>{contact.reference}</strong>" in referred.content.decode()


@pytest.mark.django_db
def test_sexual_health_errors_keep_the_input(client, young):
    client.force_login(practitioner_with_role(Role.SEXUAL_HEALTH))
    response = client.post(
        "/family/sexual-health/new/", {"nhs_number": young["nhs"], **_scores(coercion=""), "notes": "Seen alone"}
    )
    page = response.content.decode()
    assert 'href="#id_coercion_0"' in page and "Seen alone" in page and young["nhs"] in page
    assert not SexualHealthAssessment.objects.exists()
    low = client.post(
        "/family/sexual-health/new/",
        {"nhs_number": young["nhs"], **_scores(exploitation="0", age_gap="0", coercion="0")},
        follow=True,
    )
    assert "Refer to the front door" not in low.content.decode()


@pytest.mark.django_db
def test_sexual_health_pages_are_not_found_for_others(client, young):
    clinic = practitioner_with_role(Role.SEXUAL_HEALTH)
    client.force_login(clinic)
    client.post("/family/sexual-health/new/", {"nhs_number": young["nhs"], **_scores()})
    url = f"/family/sexual-health/{SexualHealthAssessment.objects.get().pk}/"
    client.force_login(practitioner_with_role(Role.ED_CLINICIAN))
    assert client.get("/family/sexual-health/new/").status_code == 404
    assert client.get(url).status_code == 404
