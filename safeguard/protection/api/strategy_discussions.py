"""Strategy discussion routes: propose, read, change, invitations, record, sibling decision."""

from __future__ import annotations

import uuid

from ninja import Status

from safeguard.access.errors import NotFound
from safeguard.people.selectors import person_lookup
from safeguard.protection import selectors, services
from safeguard.protection.models import Invitation

from .common import ERRORS, _people, _practitioner, router
from .presenters import _invitation, discussion_out
from .schemas_in import (
    DiscussionInvitationIn,
    DiscussionPatch,
    DiscussionProposeIn,
    DiscussionRecordIn,
    InvitationNameIn,
    InvitationRemoveIn,
    SiblingDecisionIn,
    _actions,
    _attendance,
)
from .schemas_out import DiscussionInvitationOut, DiscussionOut


@router.post(
    "/protection/strategy-discussions",
    response={201: DiscussionOut, **ERRORS},
    summary="Propose a strategy discussion: the invitation list is proposed by the rules",
)
def propose_discussion(request, payload: DiscussionProposeIn):
    discussion = services.strategy_discussion_propose(
        actor=request.user,
        children=_people(payload.child_ids),
        reason=payload.reason,
        sexual_abuse_suspected=payload.sexual_abuse_suspected,
        non_recent_abuse=payload.non_recent_abuse,
        harmful_sexual_behaviour=_people(payload.harmful_sexual_behaviour_child_ids),
        alleged_perpetrators=_people(payload.alleged_perpetrator_ids),
    )
    return Status(201, discussion_out(discussion))


@router.get(
    "/protection/strategy-discussions/{discussion_id}",
    response={200: DiscussionOut, **ERRORS},
    summary="A strategy discussion: invitees, attendance, decisions and actions",
)
def get_discussion(request, discussion_id: uuid.UUID):
    return discussion_out(selectors.discussion_for_view(actor=request.user, discussion_id=discussion_id))


@router.patch(
    "/protection/strategy-discussions/{discussion_id}",
    response={200: DiscussionOut, **ERRORS},
    summary="Change the concerns before the meeting (newly proposed invitees are added)",
)
def patch_discussion(request, discussion_id: uuid.UUID, payload: DiscussionPatch):
    discussion = selectors.discussion_lookup(discussion_id=discussion_id)
    services.strategy_discussion_update(
        actor=request.user,
        discussion=discussion,
        sexual_abuse_suspected=payload.sexual_abuse_suspected,
        non_recent_abuse=payload.non_recent_abuse,
        harmful_sexual_behaviour_ids=payload.harmful_sexual_behaviour_child_ids,
        alleged_perpetrators=_people(payload.alleged_perpetrator_ids)
        if payload.alleged_perpetrator_ids is not None
        else None,
    )
    return discussion_out(discussion)


@router.post(
    "/protection/strategy-discussions/{discussion_id}/invitations",
    response={201: DiscussionInvitationOut, **ERRORS},
    summary="Invite another agency or practitioner",
)
def add_invitation(request, discussion_id: uuid.UUID, payload: DiscussionInvitationIn):
    discussion = selectors.discussion_lookup(discussion_id=discussion_id)
    invitation = services.invitation_add(
        actor=request.user,
        meeting=discussion,
        label=payload.label,
        agency_type=payload.agency_type,
        practitioner=_practitioner(payload.practitioner_id),
        why=payload.why,
    )
    return Status(201, _invitation(invitation))


@router.post(
    "/protection/invitations/{invitation_id}/remove",
    response={200: DiscussionInvitationOut, **ERRORS},
    summary="Remove an invitee (a reason is required for an agency the rules proposed)",
)
def remove_invitation(request, invitation_id: int, payload: InvitationRemoveIn):
    invitation = Invitation.objects.filter(pk=invitation_id).first()
    if invitation is None:
        raise NotFound()
    return _invitation(services.invitation_remove(actor=request.user, invitation=invitation, reason=payload.reason))


@router.post(
    "/protection/invitations/{invitation_id}/name",
    response={200: DiscussionInvitationOut, **ERRORS},
    summary="Name the practitioner (any practitioner in the directory) for an invitee",
)
def name_invitation(request, invitation_id: int, payload: InvitationNameIn):
    from safeguard.directory.selectors import practitioner_lookup

    invitation = selectors.invitation_for_naming(actor=request.user, invitation_id=invitation_id)
    practitioner = practitioner_lookup(practitioner_id=payload.practitioner_id)
    return _invitation(services.invitation_name(actor=request.user, invitation=invitation, practitioner=practitioner))


@router.post(
    "/protection/strategy-discussions/{discussion_id}/record",
    response={200: DiscussionOut, **ERRORS},
    summary="Record the meeting: attendance, information shared, decisions, actions",
)
def record_discussion(request, discussion_id: uuid.UUID, payload: DiscussionRecordIn):
    discussion = selectors.discussion_lookup(discussion_id=discussion_id)
    data = payload.model_dump(exclude={"actions", "attendance"})
    services.strategy_discussion_record(
        actor=request.user,
        discussion=discussion,
        attendance=_attendance(payload.attendance),
        actions=_actions(payload.actions),
        **data,
    )
    return discussion_out(discussion)


@router.post(
    "/protection/strategy-discussions/{discussion_id}/sibling-decisions",
    response={201: DiscussionOut, **ERRORS},
    summary="Record a decision for another linked child",
)
def discussion_sibling_decision(request, discussion_id: uuid.UUID, payload: SiblingDecisionIn):
    discussion = selectors.discussion_lookup(discussion_id=discussion_id)
    services.sibling_decision_record(
        actor=request.user,
        discussion=discussion,
        other_child=person_lookup(person_id=payload.other_child_id),
        decision=payload.decision,
        reason=payload.reason,
    )
    return Status(201, discussion_out(discussion))
