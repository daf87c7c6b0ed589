"""Service navigation: each role's menu names its areas of work, and only those access allows."""

from django.urls import reverse

from safeguard.access import records
from safeguard.core import clock


def training_clock(request):
    """The training clock's banner text on every page, so nobody mistakes it for the real date."""
    return {"training_clock": clock.describe_training_clock()}


def menu_items(user) -> list[tuple[str, str]]:
    """(URL name, label) for each area of work this practitioner may use, in the order they are shown."""
    from safeguard.challenges.models import ProfessionalChallenge
    from safeguard.family.models import AdultAttendance, GpNotification, SexualHealthAssessment
    from safeguard.frontdoor.models import Contact, EncompassNotice, InformationRequest, Notification, TriageMeeting
    from safeguard.people.models import LikelyDuplicate, Person

    items = [("home", "Your work")]
    if records.allows(user, "search", Person):
        items.append(("person_search", "Find a person"))
        items.append(("protection:my_work", "Protection work"))
    if records.allows(user, "queue", Contact):
        items.append(("frontdoor:queue", "Front door"))
    if records.allows(user, "dashboard", Notification):
        items.append(("frontdoor:police", "Police screening"))
    if records.allows(user, "view", EncompassNotice):
        items.append(("frontdoor:encompass", "Operation Encompass"))
    if records.allows(user, "attend", TriageMeeting):
        items.append(("frontdoor:triage", "Domestic abuse triage"))
    if records.allows(user, "queue", InformationRequest) and not records.allows(user, "queue", Contact):
        items.append(("frontdoor:requests", "Information requests"))
    if records.allows(user, "use", records.HEALTH_LOOKUP):
        items.append(("family_health_lookup", "Status look-up"))
    if records.allows(user, "record", AdultAttendance):
        items.append(("family_attendance_new", "Adult attendance"))
    if records.allows(user, "record", SexualHealthAssessment):
        items.append(("family_sexual_health_new", "Sexual health assessment"))
    if records.allows(user, "view", GpNotification):  # a midwife who sends them, or a practice
        items.append(("family_gp_notifications", "Pregnancy notifications"))
    if records.allows(user, "review", LikelyDuplicate):
        items.append(("duplicates", "Possible duplicates"))
    if records.allows(user, "oversee", ProfessionalChallenge):
        items.append(("protection:partnership_challenges", "Partnership challenges"))
    if records.allows(user, "view", records.STATUTORY_RETURNS):
        items.append(("returns:index", "Statutory returns"))
    if records.allows(user, "view", records.AUDIT_LOG):
        items.append(("audit_log", "Audit log"))
        items.append(("break_glass_review", "Emergency access reviews"))
    if records.allows(user, "manage", records.ACCOUNTS):
        items.append(("accounts", "Accounts"))
    return items


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "sees_case_content": False}
    path = request.path
    nav = [{"href": reverse(name), "text": text, "current": False} for name, text in menu_items(user)]
    # The current area is the one whose address is the longest start of this page's (so a page under
    # /front-door/police-screening/ marks "Police screening", not "Front door" too).
    matches = [item for item in nav if path == item["href"] or (item["href"] != "/" and path.startswith(item["href"]))]
    if matches:
        max(matches, key=lambda item: len(item["href"]))["current"] = True
    from safeguard.people.models import Person

    # Whoever may search for people is whoever sees case content (not administrators, analysts, auditors).
    return {"nav_items": nav, "sees_case_content": records.allows(user, "search", Person)}
