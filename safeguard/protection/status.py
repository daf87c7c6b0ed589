"""The protection pathway's answer to core.status: is the child on a plan, in an enquiry, and whom to call."""

from __future__ import annotations

from safeguard.access.models import Involvement, InvolvementKind
from safeguard.protection.models import DiscussionChild, LookedAfterEpisode, Plan, PlanStatus, Section47Enquiry
from safeguard.protection.selectors import OPEN_DISCUSSION, lead_social_worker


def protection_status_provider(person) -> dict:
    plan = Plan.objects.filter(child=person, status=PlanStatus.ACTIVE).order_by("-started_on").first()
    out = {
        "on_child_protection_plan": plan is not None,
        "plan_since": plan.started_on if plan else None,
        "plan_category": plan.category if plan else "",
        "open_section_47": Section47Enquiry.objects.filter(child=person, outcome="").exists(),
        "open_strategy_discussion": DiscussionChild.objects.filter(
            child=person, discussion__status__in=OPEN_DISCUSSION
        ).exists(),
    }
    looked_after = LookedAfterEpisode.objects.filter(child=person, ended_on__isnull=True).first()
    out["looked_after"] = looked_after is not None
    out["looked_after_since"] = looked_after.started_on if looked_after else None
    episode = (
        Involvement.objects.active()
        .filter(person=person, kind=InvolvementKind.TEAM_EPISODE, team__isnull=False)
        .select_related("team__agency")
        .first()
    )
    team = episode.team if episode else None
    if team is None and (worker := lead_social_worker(person)) is not None and worker.primary_membership:
        team = worker.primary_membership.team
    if team is not None and any(out.values()):
        out["responsible_team"] = str(team)
        out["contact_in_hours"] = team.phone or team.agency.contact_in_hours
        out["contact_out_of_hours"] = team.agency.contact_out_of_hours
    return out
