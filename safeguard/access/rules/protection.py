"""Protection records: actions, reviews, and the meetings, plans and agreements that follow a child's record."""

from __future__ import annotations

from safeguard.access import policy
from safeguard.access.records import about_people, register

# --- Protection (safeguard.protection) -------------------------------------------------------------


def _meeting_children(invitation) -> list:
    """The children of the meeting an invitation is to (a strategy discussion may be about several)."""
    if invitation.discussion_id:
        return list(invitation.discussion.children.all())
    if invitation.conference_id:
        return [invitation.conference.child]
    return [invitation.core_group.plan.child]


# Inviting, naming, removing an invitee and recording attendance change the meeting: whoever may change
# a child's record the meeting is about (an invitee who may only view is told so: 403).
about_people("protection.invitation", _meeting_children, view=policy.Action.VIEW, change=policy.Action.CHANGE)


@register("protection.strategydiscussion", "convene")
def _convene(actor, _discussions) -> bool:
    """Team managers convene strategy discussions (others ask their manager, who is given the task)."""
    return policy.is_team_manager(actor)


@register("protection.action", "complete", seen_as="view")
def _action_complete(actor, action) -> bool:
    """The person an action was given to marks it done (while they still see the child); so may anyone
    who may change the child's record."""
    needed = policy.Action.VIEW if action.owner_id == actor.pk else policy.Action.CHANGE
    return bool(policy.decide(actor, action.child, needed))


@register("protection.reconvenereview", "decide")
def _review_decider(actor, review) -> bool:
    """The child's lead social worker or conference chair (who must still see the child), or anyone
    who may change the child's record."""
    from safeguard.protection import selectors  # the lead and chair are facts of the protection app

    deciders = {getattr(selectors.lead_social_worker(review.child), "pk", None)}
    deciders.add(getattr(selectors.conference_chair(review.child), "pk", None))
    action = policy.Action.VIEW if actor.pk in deciders else policy.Action.CHANGE
    return bool(policy.decide(actor, review.child, action))


# --- Protection meetings, plans and agreements (safeguard.protection) -----------------------------
# Each follows the record of the child it is about: whoever may see the child sees it, whoever may
# change the child's record acts on it. A strategy discussion may be about several children: one is
# enough.


def _the_child(record) -> list:
    return [record.child]


about_people(
    "protection.strategydiscussion", lambda d: list(d.children.all()),
    view=policy.Action.VIEW, update=policy.Action.CHANGE, record_outcome=policy.Action.CHANGE,
    change=policy.Action.CHANGE,
)  # fmt: skip
about_people(
    "protection.conference", _the_child,
    view=policy.Action.VIEW, chair=policy.Action.CHANGE, change=policy.Action.CHANGE,
)  # fmt: skip
about_people("protection.coregroup", lambda g: [g.plan.child], view=policy.Action.VIEW, change=policy.Action.CHANGE)
about_people(
    "protection.plan", _the_child,
    view=policy.Action.VIEW, add_outcome=policy.Action.CHANGE, record_visit=policy.Action.CHANGE,
    finalise=policy.Action.CHANGE, hold_core_group=policy.Action.CHANGE, change=policy.Action.CHANGE,
)  # fmt: skip
about_people(
    "protection.writtenagreement", _the_child,
    view=policy.Action.VIEW, export=policy.Action.EXPORT, edit=policy.Action.CHANGE,
)  # fmt: skip
about_people("protection.section47enquiry", _the_child, view=policy.Action.VIEW, record=policy.Action.CHANGE)
about_people("protection.action", _the_child, view=policy.Action.VIEW)
about_people("protection.reconvenereview", _the_child, view=policy.Action.VIEW)
