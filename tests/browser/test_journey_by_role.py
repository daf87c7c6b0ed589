"""Issue 10's whole journey, one demo role after another, from a school's report of sexual abuse
within the family to the first core group.

Each practitioner signs in as a demo user (the Wrekinshire partnership from the demo seed) and finds
the next step from "Your work" alone: after signing in, only links and buttons are clicked (no typed
addresses), and axe checks every page. With SAFEGUARD_SCREENSHOTS=<folder>, every page is also saved
as a numbered screenshot so a person can look at the journey.

    school's safeguarding lead   records the contact (the school's own referral names the school)
    front door social worker     records the people named, screens, asks police and health
    police and health            answer the information requests from their "Your work"
    front door manager           decides: strategy discussion
    social work team manager     allocates it from the team queue, seeing caseloads
    social worker                arranges the strategy discussion, naming health, school and the
                                 paediatric sexual assault service from the directory; records it;
                                 completes the section 47 enquiry; schedules the initial conference
    conference chair             records the conference: a plan
    social worker                decides for the other child linked to the same adult; records the
                                 first core group
"""

from __future__ import annotations

import os
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from safeguard.testing.factories import TEST_PASSWORD

try:
    from .harness import assert_accessible, fill_date
except ImportError:  # tests/browser is not a package: pytest put this folder on sys.path
    from harness import assert_accessible, fill_date

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("SAFEGUARD_SCREENSHOTS", "")


class Journey:
    """One practitioner at a time in the browser: every page they reach is checked with axe and,
    when asked for, photographed in order."""

    def __init__(self, browser, live_server):
        self.browser, self.live_server = browser, live_server
        self.context = self.page = None
        self.who, self.n = "", 0

    def sign_in(self, username: str):
        if self.context is not None:
            self.context.close()
        self.who = username
        self.context = self.browser.new_context(
            base_url=self.live_server.url, locale="en-GB", timezone_id="Europe/London"
        )
        self.context.set_default_timeout(30_000)  # a loaded machine: the journey is long, not slow
        self.page = self.context.new_page()
        self.page.goto("/")
        self.page.get_by_label("Username", exact=True).fill(username)
        self.page.get_by_label("Password", exact=True).fill(TEST_PASSWORD)
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Sign in").click()
        expect(self.page.get_by_role("heading", name="Your work", level=1)).to_be_visible()
        self.check("your-work")
        return self.page

    def check(self, what: str) -> None:
        assert_accessible(self.page)
        self.n += 1
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(Path(SHOTS) / f"{self.n:02d}-{self.who}-{what}.png"), full_page=True)

    def click_link(self, name, what: str = "", exact: bool = False):
        self.page.get_by_role("link", name=name, exact=exact).first.click()
        self.page.wait_for_load_state()
        self.check(what or _slug(name))

    def click_button(self, name, what: str = "", exact: bool = False):
        self.page.get_by_role("button", name=name, exact=exact).first.click()
        self.page.wait_for_load_state()
        self.check(what or _slug(name))

    def your_work(self):
        self.click_link("Your work", "your-work", exact=True)

    def close(self):
        if self.context is not None:
            self.context.close()


def _slug(name) -> str:
    text = name.pattern if isinstance(name, re.Pattern) else str(name)
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40]


@pytest.fixture
def wrekinshire(transactional_db):
    """The demo partnership's agencies, teams and practitioners (no families)."""
    from safeguard.agencies.models import Agency
    from safeguard.demo.seeding import ensure_partnership
    from safeguard.people.models import Person, Relationship, RelationshipType

    refs = ensure_partnership(as_of=timezone.localdate(), password=TEST_PASSWORD)
    # The police already know Darren Lodger, father of a girl who lives with her mother elsewhere:
    # the other child linked to the alleged perpetrator, who needs a decision before any plan.
    police = Agency.objects.get(pk=refs.agency_ids["police"])
    darren = Person.objects.create(
        given_name="Darren", family_name="Lodger", date_of_birth=date(1980, 3, 3), sex="M", recorded_by_agency=police
    )
    skye = Person.objects.create(
        given_name="Skye", family_name="Lodger", date_of_birth=date(2013, 9, 21), sex="F", recorded_by_agency=police
    )
    Relationship.objects.create(from_person=darren, to_person=skye, relationship_type=RelationshipType.PARENT)
    return refs


def test_a_schools_report_travels_from_contact_to_core_group(browser, live_server, wrekinshire):
    j = Journey(browser, live_server)
    try:
        _school_records_the_contact(j)
        _front_door_screens_and_asks_partners(j)
        _partner_answers(j, "police.ppu", "Police hold: Darren Lodger, arrested 2019 for indecent exposure.")
        _partner_answers(j, "health.safeguarding", "Health: Riley missed two appointments; Kai is up to date.")
        _front_door_manager_decides(j)
        _team_manager_allocates(j)
        _social_worker_arranges_the_strategy_discussion(j)
        _invitee_finds_the_invitation(j, "gp", "strategy discussion")
        _social_worker_records_the_strategy_discussion(j)
        _social_worker_completes_the_enquiries_and_schedules_the_conference(j)
        _chair_records_the_conference(j)
        _social_worker_finalises_the_plan_and_holds_the_core_group(j)
    finally:
        j.close()


def _school_records_the_contact(j: Journey) -> None:
    page = j.sign_in("dsl")
    j.click_link("Tell the front door about a child")
    expect(page.get_by_label("Referrer's name")).to_have_value("Wendy Hughes")
    page.locator("select[name=referral_source]").select_option(label="Schools")
    j.click_button(re.compile("^Continue"), "the-child")
    page.get_by_label("First name").fill("Riley")
    page.get_by_label("Last name").fill("Journeyman")
    fill_date(page, "Date of birth", date(2016, 5, 14))
    j.click_button(re.compile("^Continue"), "other-people")
    # Each person the school names, on a page of their own ("add another").
    for given, family, role, relationship, born in (
        ("Darren", "Lodger", "Alleged perpetrator", "Partner of parent", date(1980, 3, 3)),
        ("Maria", "Journeyman", "Parent or carer", "Parent", date(1988, 8, 8)),
        ("Kai", "Journeyman", "Brother or sister", "Sibling", date(2020, 2, 2)),
    ):
        page.get_by_label("Yes", exact=True).check()
        j.click_button(re.compile("^Continue"), "add-a-person")
        page.get_by_label("First name").fill(given)
        page.get_by_label("Last name").fill(family)
        page.get_by_label(role, exact=True).check()
        page.get_by_label("What are they to Riley?").select_option(label=relationship)
        fill_date(page, "Date of birth (if known)", born)
        j.click_button("Save and continue", "people-named")
    expect(page.get_by_role("heading", name="You have added 3 people")).to_be_visible()
    page.get_by_label("No", exact=True).check()
    j.click_button(re.compile("^Continue"), "the-concerns")
    page.get_by_label("What are the concerns?").fill(
        "Riley told her teacher that her mother's lodger Darren touches her at night and she is scared to go home."
    )
    page.get_by_label("Child sexual abuse within the family").check()
    j.click_button(re.compile("^Continue"), "consent")
    page.get_by_label(re.compile("^Not sought")).first.check()
    page.locator("select[name=lawful_basis]").select_option(index=1)
    page.get_by_label("Why are you sharing without consent?").fill("Asking the family could put Riley at risk")
    j.click_button(re.compile("^Continue"), "check-answers")
    j.click_button("Accept and send", "contact-sent")
    expect(page.locator(".govuk-panel")).to_contain_text("Contact sent")
    expect(page.locator(".govuk-panel")).to_contain_text(re.compile(r"C-\d{4}-000001"))  # a reference to read out


def _front_door_screens_and_asks_partners(j: Journey) -> None:
    page = j.sign_in("fd.worker")
    j.click_link(re.compile("^Make a threshold decision"), "contact")
    for _ in range(4):  # Riley, Maria and Kai are new; the police hold a record of Darren Lodger
        j.click_link(re.compile("^Find or record"), "find-the-record")
        if page.get_by_role("button", name="Ask Wrekinshire Police").count():
            j.click_button("Ask Wrekinshire Police", "asked-the-police")
            j.click_button("Link after Wrekinshire Police confirmed", "contact")
        else:
            j.click_button(re.compile("record a new person"), "contact")
    page.get_by_label("Red", exact=True).check()
    j.click_button("Save screening", "contact-screened")
    for team, question in (
        ("Public Protection Unit (Wrekinshire Police)", "What do you hold on Darren Lodger and the household?"),
        ("Safeguarding Children Team (Wrekinshire Hospitals NHS Trust)", "What do health services know of Riley?"),
    ):
        j.click_link("Ask a partner agency what it holds", "ask-a-partner")
        page.get_by_label("Which partner team do you want to ask?").select_option(label=team)
        page.get_by_label("What do you need to know?").fill(question)
        j.click_button("Send request", "request-sent")
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Information request sent")


def _partner_answers(j: Journey, username: str, answer: str) -> None:
    page = j.sign_in(username)
    j.click_link("Answer the front door's information request about Riley Journeyman (red)", "request")
    page.get_by_label(re.compile("What does your agency hold|Answer")).first.fill(answer)
    j.click_button("Send answer", "answered")


def _front_door_manager_decides(j: Journey) -> None:
    page = j.sign_in("fd.manager")
    j.click_link(re.compile("^Make a threshold decision"), "decision")
    expect(page.locator("main")).to_contain_text("Darren Lodger, arrested 2019")  # the partners' answers
    page.get_by_label(re.compile("^Strategy discussion")).check()
    page.get_by_label("Reasons for the decision").fill("Disclosure of sexual abuse by an adult in the household")
    team = page.get_by_label("Which social work team takes this on?")
    team.select_option(label=next(o for o in team.locator("option").all_text_contents() if "Locality Team 1" in o))
    j.click_button("Record decision", "decided")


def _team_manager_allocates(j: Journey) -> None:
    page = j.sign_in("sw.manager")
    j.click_link(re.compile("^Allocate the strategy discussion for Riley Journeyman"), "allocation-queue")
    select = page.get_by_label("Allocate to")
    select.select_option(label=next(o for o in select.locator("option").all_text_contents() if "Hannah Okafor" in o))
    j.click_button("Allocate", "allocated")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Allocated to Hannah Okafor")


def _social_worker_arranges_the_strategy_discussion(j: Journey) -> None:
    page = j.sign_in("sw.locality1")
    j.click_link(re.compile("^Convene the strategy discussion for Riley Journeyman"), "strategy-discussion")
    expect(page.get_by_role("heading", name="Adults named")).to_be_visible()
    expect(page.locator("#named-adults + p + dl")).to_contain_text("Darren Lodger")
    j.click_link("Arrange the meeting", "arrange")
    fill_date(page, "Date", timezone.localdate())
    page.get_by_label("Time").fill("9:00am")
    page.get_by_label("Place, or how to join the call").fill("Video call: the link is in the invitation")
    j.click_button("Arrange and send the invitations", "arranged")
    # The school (who referred), the paediatric sexual assault service and the police officer who
    # answered the front door are named already; the GP is found in the directory.
    expect(page.get_by_role("link", name="Find someone for Police in the directory")).to_have_count(0)
    j.click_link("Find someone for GP in the directory", "directory")
    page.get_by_label("Name, job, team or agency").fill("Wrekin Medical")
    j.click_button("Search the directory", "directory-results")
    j.click_button("Invite Stephen Ellis", "invited")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Stephen Ellis invited")
    invitees = page.get_by_role("table", name="Who is invited and why")
    for named in ("School: Wendy Hughes", "GP: Stephen Ellis", "Paediatric sexual assault service", "Police: Craig"):
        expect(invitees).to_contain_text(named)
    expect(invitees).not_to_contain_text("No one named")


def _invitee_finds_the_invitation(j: Journey, username: str, meeting: str) -> None:
    page = j.sign_in(username)
    j.click_link(re.compile(f"^You are invited to an? {meeting} about"), "invitation")
    expect(page.locator("main")).to_contain_text("at 9am")
    # An invitee may read the meeting, not run it: no button or link that would refuse them.
    main = page.locator("main")
    for action in ("Reschedule", "Cancel the meeting", "Record the strategy discussion"):
        expect(main.get_by_role("button", name=action)).to_have_count(0)
        expect(main.get_by_role("link", name=action)).to_have_count(0)
    expect(main.get_by_role("link", name=re.compile("^(Change|Remove|Find someone)"))).to_have_count(0)


def _social_worker_records_the_strategy_discussion(j: Journey) -> None:
    page = j.sign_in("sw.locality1")
    j.click_link(re.compile("strategy discussion for Riley Journeyman"), "strategy-discussion")
    j.click_button("Record the strategy discussion", "record-tasks")
    j.click_link("Date held and who attended", "record-attendance", exact=True)
    fill_date(page, "Date held", timezone.localdate())
    for radio in page.locator('input[type="radio"][value="present"]').all():
        radio.check()
    j.click_button("Save and continue", "record-tasks")
    j.click_link("Information shared by each agency", "record-information", exact=True)
    page.get_by_label("Information shared by each agency").fill(
        "School: Riley's disclosure. Police: Darren Lodger has a 2019 arrest. Health: missed appointments."
    )
    j.click_button("Save and continue", "record-tasks")
    j.click_link("Section 47 decision", "record-section-47", exact=True)
    page.get_by_label("Section 47 enquiry: joint with police").check()
    page.get_by_label("Reasons for the section 47 decision").fill("Reasonable cause to suspect sexual abuse")
    j.click_button("Save and continue", "record-tasks")
    j.click_link("Interview, medical examination and referral", "record-investigation", exact=True)
    page.get_by_role("group", name="Is an achieving best evidence interview planned?").get_by_label("Yes").check()
    page.get_by_label("Police investigator").fill("DC Craig Holmes")
    page.get_by_label("The social worker's role in the interview").fill("Second interviewer")
    page.get_by_role("group", name="Will there be a medical examination?").get_by_label("Yes").check()
    page.get_by_label("Reason (either way)").first.fill("Recent disclosure within the forensic window")
    page.get_by_role("group", name=re.compile("^Referral to the paediatric sexual")).get_by_label("Yes").check()
    page.get_by_label("Reason (either way)").nth(1).fill("Medical examination by the paediatric service")
    j.click_button("Save and continue", "record-tasks")
    j.click_link("Actions", "record-actions", exact=True)
    row = page.locator("fieldset", has_text="Action 1")
    row.get_by_label("What will be done").fill("Achieving best evidence interview with Riley")
    owner = row.get_by_label("Owner")
    owner.select_option(label=next(o for o in owner.locator("option").all_text_contents() if "Craig Holmes" in o))
    fill_date(row, "Due date", timezone.localdate() + timedelta(days=2))
    row.get_by_label("Child this action is for").select_option(label="Riley Journeyman")
    j.click_button("Save and continue", "record-tasks")
    expect(page.get_by_role("heading", level=1)).to_have_text("Record the strategy discussion")
    j.click_link("Check and submit", "record-check", exact=True)
    j.click_button("Submit the record", "recorded")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Strategy discussion recorded")


def _social_worker_completes_the_enquiries_and_schedules_the_conference(j: Journey) -> None:
    page = j.sign_in("sw.locality1")
    today = timezone.localdate()
    for child, conference in (("Kai", "No"), ("Riley", "Yes")):
        j.click_link(f"Complete the section 47 enquiry for {child} Journeyman", "section-47-enquiry")
        page.get_by_label("The social worker's findings").fill(f"Seen {child} alone at school; account recorded.")
        page.get_by_label("The police officer's findings").fill("Darren Lodger arrested and bailed to live away.")
        page.get_by_role("group", name="Were the concerns substantiated?").get_by_label(conference).check()
        needed = page.get_by_role("group", name="Is an initial child protection conference needed?")
        needed.get_by_label(conference).check()
        if conference == "No":
            page.get_by_label("A child in need plan").check()
        page.get_by_label("Reasons for the outcome").fill(
            "Riley's account is consistent; a plan is needed."
            if conference == "Yes"
            else "Kai made no disclosure; his needs will be met through Riley's plan and family support."
        )
        fill_date(page, "Date the enquiry was completed", today)
        j.click_button("Complete the enquiry", "enquiry-completed")
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Section 47 enquiry completed")
        j.your_work()
    j.click_link("Schedule the initial child protection conference for Riley Journeyman", "schedule-icpc")
    fill_date(page, "Date of the initial child protection conference", today)
    page.get_by_label("Time").fill("2pm")
    page.get_by_label("Place, or how to join the call").fill("Shire Hall, room 4")
    chair = page.get_by_label("Conference chair (optional)")
    chair.select_option(label=next(o for o in chair.locator("option").all_text_contents() if "Helen Ward" in o))
    j.click_button("Schedule the conference", "icpc-scheduled")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("conference scheduled")


def _chair_records_the_conference(j: Journey) -> None:
    page = j.sign_in("chair")
    j.click_link("Chair the initial child protection conference for Riley Journeyman", "conference")
    j.click_button("Record the conference", "record-tasks")
    j.click_link("Date held and who attended", "record-attendance", exact=True)
    fill_date(page, "Date held", timezone.localdate())
    for radio in page.locator('input[type="radio"][value="present"]').all():
        radio.check()
    j.click_button("Save and continue", "record-tasks")
    j.click_link("Reports received", "record-reports", exact=True)
    page.get_by_label("Reports received").fill("Police, school, GP and paediatric service reports")
    j.click_button("Save and continue", "record-tasks")
    j.click_link("The child's and parents' views", "record-views", exact=True)
    page.get_by_label("The child's views", exact=True).fill("Riley wants Darren to stay away and to stay at home")
    page.get_by_label("How the child's views were sought").fill("Direct work with her social worker at school")
    page.get_by_label("The parents' views").fill("Maria accepts the concerns and has asked Darren to leave")
    j.click_button("Save and continue", "record-tasks")
    j.click_link("Decision, plan and category", "record-decision", exact=True)
    page.get_by_label("Child protection plan", exact=True).check()
    page.get_by_label("Sexual abuse", exact=True).check()
    page.get_by_label("Yes, within the family environment").check()
    j.click_button("Save and continue", "record-tasks")
    j.click_link("Check and submit", "record-check", exact=True)
    j.click_button("Submit the record", "conference-recorded")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Conference recorded")


def _social_worker_finalises_the_plan_and_holds_the_core_group(j: Journey) -> None:
    page = j.sign_in("sw.locality1")
    j.click_link(re.compile("^Finalise the child protection plan for Riley Journeyman"), "plan")
    j.click_link("Add an outcome", "plan-outcome")
    page.get_by_label("Outcome for the child").fill("Riley is safe at home and Darren Lodger has no contact with her")
    row = page.locator("fieldset", has_text="Action 1")
    row.get_by_label("What will be done").fill("Weekly direct work with Riley at school")
    owner = row.get_by_label("Owner")
    owner.select_option(label=next(o for o in owner.locator("option").all_text_contents() if "Wendy Hughes" in o))
    fill_date(row, "Due date", timezone.localdate() + timedelta(days=14))
    row.get_by_label("Measure of success").fill("Riley says she feels safe")
    j.click_button("Save the outcome", "outcome-added")
    # The plan cannot be final until Skye, Darren Lodger's daughter elsewhere, has a decision.
    j.click_button("Finalise the plan", "finalise-refused")
    expect(page.locator(".govuk-error-summary")).to_contain_text("still to decide")
    page.get_by_label("Decision for Skye").select_option(label="Separate assessment")
    page.get_by_label("Reason", exact=True).fill("Darren Lodger has contact with Skye at weekends")
    j.click_button("Save decision for Skye", "sibling-decided")
    j.click_button("Finalise the plan", "plan-finalised")
    j.your_work()
    j.click_link(re.compile("^Hold the first core group"), "core-group")
    fill_date(page, "Date the core group met", timezone.localdate())
    page.get_by_label("Progress against the plan").fill("Riley seen weekly; Darren has moved out.")
    j.click_button("Save the core group", "core-group-recorded")
    # Skye's separate assessment waits on her "Your work" until the front door has a contact about Skye.
    j.your_work()
    expect(page.get_by_role("link", name=re.compile("^Tell the front door about Skye Lodger"))).to_be_visible()
