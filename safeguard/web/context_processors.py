"""Service navigation: each role's menu names its areas of work, and only those the policy allows."""

from django.urls import reverse

from safeguard.access import policy, records
from safeguard.core import clock


def training_clock(request):
    """The training clock's banner text on every page, so nobody mistakes it for the real date."""
    return {"training_clock": clock.describe_training_clock()}


def menu_items(user) -> list[tuple[str, str]]:
    """(URL name, label) for each area of work this practitioner may use, in the order they are shown."""
    from safeguard.challenges.selectors import can_view_partnership

    items = [("home", "Your work")]
    if policy.can_search_people(user):
        items.append(("person_search", "Find a person"))
        items.append(("protection:my_work", "Protection work"))
    if policy.is_front_door(user):
        items.append(("frontdoor:queue", "Front door"))
    if policy.can_view_police_dashboard(user):
        items.append(("frontdoor:police", "Police screening"))
    if policy.is_front_door(user) or policy.can_screen_police_notifications(user) or policy.is_dsl(user):
        items.append(("frontdoor:encompass", "Operation Encompass"))
    if policy.can_attend_triage(user):
        items.append(("frontdoor:triage", "Domestic abuse triage"))
    if policy.sees_case_content(user) and not policy.is_front_door(user):
        items.append(("frontdoor:requests", "Information requests"))
    if policy.can_use_health_lookup(user):
        items.append(("family_health_lookup", "Status look-up"))
    if policy.can_record_adult_attendance(user):
        items.append(("family_attendance_new", "Adult attendance"))
    if policy.can_assess_sexual_health(user):
        items.append(("family_sexual_health_new", "Sexual health assessment"))
    if policy.can_record_pregnancy(user) or any(
        policy.can_acknowledge_gp_notification(user, m.team.agency_id) for m in user.memberships_now
    ):
        items.append(("family_gp_notifications", "Pregnancy notifications"))
    if policy.can_review_duplicates(user):
        items.append(("duplicates", "Possible duplicates"))
    if can_view_partnership(user):
        items.append(("protection:partnership_challenges", "Partnership challenges"))
    if records.allows(user, "view", records.STATUTORY_RETURNS):
        items.append(("returns:index", "Statutory returns"))
    if policy.can_view_audit(user):
        items.append(("audit_log", "Audit log"))
        items.append(("break_glass_review", "Emergency access reviews"))
    if policy.can_manage_accounts(user):
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
    return {"nav_items": nav, "sees_case_content": policy.sees_case_content(user)}
