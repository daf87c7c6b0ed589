"""Other children linked to a plan or a strategy discussion, with the decision made about each."""

from __future__ import annotations

import dataclasses

from safeguard.people.models import Person
from safeguard.protection.models import (
    Plan,
    SiblingDecision,
    StrategyDiscussion,
)


@dataclasses.dataclass
class OtherChild:
    child: Person
    decision: SiblingDecision | None


def other_children_for_plan(plan: Plan) -> list[OtherChild]:
    from safeguard.protection import rules

    perpetrators = _perpetrators_for(plan.child)
    decisions = {d.other_child_id: d for d in plan.sibling_decisions.all()}
    return [
        OtherChild(c, decisions.get(c.pk))
        for c in rules.other_children_linked([plan.child], alleged_perpetrators=perpetrators)
    ]


def other_children_for_discussion(discussion: StrategyDiscussion) -> list[OtherChild]:
    from safeguard.protection import rules

    decisions = {d.other_child_id: d for d in discussion.sibling_decisions.all()}
    others = rules.other_children_linked(
        discussion.children.all(),
        alleged_perpetrators=[*discussion.alleged_perpetrators.all(), *discussion.named_adults.all()],
    )
    return [OtherChild(c, decisions.get(c.pk)) for c in others]


def _perpetrators_for(child: Person) -> list[Person]:
    """The adults the child's strategy discussions named: alleged perpetrators and the adults named
    in the contact that led to them (parents, carers, household adults)."""
    ids = set(
        StrategyDiscussion.alleged_perpetrators.through.objects.filter(
            strategydiscussion__child_links__child=child
        ).values_list("person_id", flat=True)
    ) | set(
        StrategyDiscussion.named_adults.through.objects.filter(
            strategydiscussion__child_links__child=child
        ).values_list("person_id", flat=True)
    )
    return list(Person.objects.filter(pk__in=ids))

