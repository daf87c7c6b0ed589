"""Service navigation: each item appears only for practitioners the access policy allows."""

from django.urls import reverse

from safeguard.access import policy
from safeguard.core import clock


def training_clock(request):
    """The training clock's banner text on every page, so nobody mistakes it for the real date."""
    return {"training_clock": clock.describe_training_clock()}


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [("home", "Your work")]
    if policy.can_search_people(user):
        items.append(("person_search", "Find a person"))
        items.append(("protection:my_work", "Protection work"))
    if policy.is_front_door(user):
        items.append(("frontdoor:queue", "Front door"))
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
    if policy.can_view_audit(user):
        items.append(("audit_log", "Audit log"))
        items.append(("break_glass_review", "Emergency access reviews"))
    path = request.path
    nav = []
    for name, text in items:
        href = reverse(name)
        current = path == href if href == "/" else path.startswith(href)
        nav.append({"href": href, "text": text, "current": current})
    return {"nav_items": nav}
