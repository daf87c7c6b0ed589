"""Access-checked fetches of one protection record (a record the actor may not see answers 404)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from safeguard.access import records
from safeguard.access.errors import NotFound
from safeguard.people.models import Person
from safeguard.protection.models import (
    Action,
    Conference,
    CoreGroup,
    DiscussionStatus,
    Plan,
    ReconveneReview,
    Section47Enquiry,
    StrategyDiscussion,
    WrittenAgreement,
)
from safeguard.protection.selectors.common import _get


def discussion_lookup(*, discussion_id) -> StrategyDiscussion:
    return _get(StrategyDiscussion, discussion_id)


def discussion_for_view(*, actor, discussion_id) -> StrategyDiscussion:
    discussion = discussion_lookup(discussion_id=discussion_id)
    records.require(actor, "view", discussion, audit=True)
    return discussion


def may_change(actor, children: Iterable[Person]) -> bool:
    """Whether the page should offer this practitioner its actions (arrange, reschedule, record,
    name invitees, decide): access's answer, so an invitee who may only view sees no button
    that would refuse them."""
    return any(records.allows(actor, "change", child) for child in children)


def conference_for_view(*, actor, conference_id) -> Conference:
    conference = _get(Conference, conference_id)
    records.require(actor, "view", conference, audit=True)
    return conference


def core_group_for_view(*, actor, core_group_id):

    core_group = _get(CoreGroup, core_group_id)
    records.require(actor, "view", core_group, audit=True)
    return core_group


def plan_for_view(*, actor, plan_id) -> Plan:
    plan = _get(Plan, plan_id)
    records.require(actor, "view", plan, audit=True)
    return plan


def plan_for_page(*, actor, plan_id) -> tuple[Plan, list]:
    """The plan and the other children linked to it, as its page lists them: one audit entry names
    the child and each of the others (the page shows their names)."""
    from safeguard.protection.selectors.siblings import other_children_for_plan

    plan = _get(Plan, plan_id)
    answer = records.require_decision(actor, "view", plan)
    others = other_children_for_plan(plan)
    records.audit_decision(actor, "view", plan, answer, naming=[o.child for o in others])
    return plan, others


def agreement_for_view(*, actor, agreement_id, export: bool = False) -> WrittenAgreement:
    agreement = _get(WrittenAgreement, agreement_id)
    records.require(actor, "export" if export else "view", agreement, audit=True)
    return agreement


def review_for_view(*, actor, review_id) -> ReconveneReview:
    review = _get(ReconveneReview, review_id)
    records.require(actor, "view", review, audit=True)
    return review


def invitation_for_naming(*, actor, invitation_id):
    """An invitee row the actor may name (they may change a child the meeting is about)."""
    from safeguard.protection.models import Invitation

    try:
        invitation = Invitation.objects.select_related("discussion", "conference", "core_group", "agency").get(
            pk=int(invitation_id)
        )
    except (ValueError, TypeError, Invitation.DoesNotExist):
        raise NotFound() from None
    return records.require(actor, "change", invitation)


def action_for_view(*, actor, action_id) -> Action:
    """An action: its owner sees it (they were given the child's record when it was theirs), and
    anyone who may see the child."""
    action = _get(Action, action_id)
    records.require(actor, "view", action, audit=True)
    return action


def enquiry_for_view(*, actor, enquiry_id) -> Section47Enquiry:
    enquiry = _get(Section47Enquiry, enquiry_id)
    records.require(actor, "view", enquiry, audit=True)
    return enquiry


def enquiry_lookup(*, enquiry_id) -> Section47Enquiry:
    return _get(Section47Enquiry, enquiry_id)


def conference_lookup(*, conference_id) -> Conference:
    return _get(Conference, conference_id)


def core_group_lookup(*, core_group_id):

    return _get(CoreGroup, core_group_id)


def plan_lookup(*, plan_id) -> Plan:
    return _get(Plan, plan_id)


def agreement_lookup(*, agreement_id) -> WrittenAgreement:
    return _get(WrittenAgreement, agreement_id)


def review_lookup(*, review_id) -> ReconveneReview:
    return _get(ReconveneReview, review_id)


def looked_after_episode(*, episode_id):
    """The episode by id; the service decides access (404 for those who may not change the child)."""
    from safeguard.protection.models import LookedAfterEpisode

    return _get(LookedAfterEpisode, episode_id)



def meeting_is_open(meeting) -> bool:
    """Still to be recorded: a strategy discussion awaiting its record, a conference or core group not
    yet held; never one that was cancelled."""
    if meeting.is_cancelled:
        return False
    if isinstance(meeting, StrategyDiscussion):
        return meeting.status == DiscussionStatus.AWAITING
    return meeting.held_on is None


def recording_check(*, actor, meeting) -> None:
    """May the actor record this meeting (and so see and change its draft record)? The record
    service's own question: 404 for those who may not see the meeting, 403 for those who may only look."""
    if isinstance(meeting, StrategyDiscussion):
        records.require(actor, "record_outcome", meeting)
    elif isinstance(meeting, Conference):
        records.require(actor, "chair", meeting)
    else:
        records.require(actor, "hold_core_group", meeting.plan)


def may_record(actor, meeting) -> bool:
    """Whether the meeting's page should offer "Record the meeting" (the same question, asked quietly)."""
    if isinstance(meeting, StrategyDiscussion):
        return records.allows(actor, "record_outcome", meeting)
    if isinstance(meeting, Conference):
        return records.allows(actor, "chair", meeting)
    return records.allows(actor, "hold_core_group", meeting.plan)


def record_draft_for(*, actor, meeting):
    """The draft of the meeting's record, for those who may record it (None when nothing is saved yet)."""
    from safeguard.protection.models import MeetingRecordDraft

    recording_check(actor=actor, meeting=meeting)
    if isinstance(meeting, StrategyDiscussion):
        return MeetingRecordDraft.objects.filter(discussion=meeting).first()
    if isinstance(meeting, Conference):
        return MeetingRecordDraft.objects.filter(conference=meeting).first()
    return MeetingRecordDraft.objects.filter(core_group=meeting).first()


@dataclasses.dataclass
class StartedRecord:
    """A meeting's record someone has started and not yet submitted (for their "Your work")."""

    title: str
    url: str
    completed: int
    saved_at: object


MEETING_SLUG = {StrategyDiscussion: "strategy-discussion", Conference: "conference", CoreGroup: "core-group"}


def records_started_by(*, actor) -> list[StartedRecord]:
    """Meeting records the actor last worked on and has not submitted, newest first; only meetings
    they may still record (a meeting since recorded by someone else, or cancelled, drops out)."""
    from django.urls import reverse

    from safeguard.protection.models import MeetingRecordDraft

    drafts = (
        MeetingRecordDraft.objects.filter(updated_by=actor)
        .select_related("discussion", "conference__child", "core_group__plan__child")
        .order_by("-updated_at")[:20]
    )
    out = []
    for draft in drafts:
        meeting = draft.discussion or draft.conference or draft.core_group
        if not meeting_is_open(meeting) or not may_record(actor, meeting):
            continue
        if isinstance(meeting, StrategyDiscussion):
            what, about = "strategy discussion", ", ".join(c.full_name for c in meeting.children.all())
        elif isinstance(meeting, Conference):
            what, about = meeting.get_kind_display().lower(), meeting.child.full_name
        else:
            what, about = "core group meeting", meeting.plan.child.full_name
        url = reverse("protection:meeting_record", args=[MEETING_SLUG[type(meeting)], meeting.pk])
        out.append(StartedRecord(f"Finish the record of the {what} for {about}", url, len(draft.completed),
                                 draft.updated_at))  # fmt: skip
    return out
