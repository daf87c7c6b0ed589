"""The meetings calendar: meetings still to happen where a practitioner is invited or chairs."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, time, timedelta

from safeguard.access import records
from safeguard.protection.models import (
    Conference,
    CoreGroup,
    DiscussionStatus,
    StrategyDiscussion,
)


@dataclasses.dataclass
class CalendarMeeting:
    meeting: object
    title: str
    on: date
    starts_at: object
    place: str
    children: list  # the children's names the viewer may see; others are counted, not named
    hidden_children: int
    url: str
    invitees: list  # the people (of those asked about) invited or chairing

    @property
    def time_text(self) -> str:
        from safeguard.protection.services import time_in_words

        return time_in_words(self.starts_at)


@dataclasses.dataclass
class CalendarDay:
    on: date
    meetings: list[CalendarMeeting]


def _upcoming(model, start: date, end: date):
    qs = model.objects.filter(cancelled_at__isnull=True, held_on__isnull=True, scheduled_for__gte=start,
                              scheduled_for__lte=end)  # fmt: skip
    if model is StrategyDiscussion:
        qs = qs.filter(status=DiscussionStatus.AWAITING)
    return qs


def meetings_calendar(*, actor, practitioner_ids: Iterable[int], start: date, days: int = 56) -> list[CalendarDay]:
    """Meetings still to happen from `start` for `days`, by day, where any of these practitioners is a
    named invitee (or the conference's chair). Children the viewer may not see are not named."""
    from safeguard.protection.models import Invitation
    from safeguard.protection.services import meeting_title
    from safeguard.protection.views import meeting_url

    ids = set(practitioner_ids)
    end = start + timedelta(days=days)
    invited = defaultdict(set)
    rows = Invitation.objects.filter(practitioner_id__in=ids, removed=False).values_list(
        "discussion_id", "conference_id", "core_group_id", "practitioner_id"
    )
    for discussion_id, conference_id, core_group_id, practitioner_id in rows:
        invited[discussion_id or conference_id or core_group_id].add(practitioner_id)
    for conf_id, chair_id in Conference.objects.filter(chair_id__in=ids).values_list("id", "chair_id"):
        invited[conf_id].add(chair_id)
    meetings = [
        *_upcoming(StrategyDiscussion, start, end).filter(pk__in=list(invited)).prefetch_related("children"),
        *_upcoming(Conference, start, end).filter(pk__in=list(invited)).select_related("child"),
        *_upcoming(CoreGroup, start, end).filter(pk__in=list(invited)).select_related("plan__child"),
    ]
    from safeguard.agencies.models import Practitioner

    people = {p.pk: p for p in Practitioner.objects.filter(pk__in={i for v in invited.values() for i in v})}
    seen: dict = {}
    items = []
    for m in meetings:
        if isinstance(m, StrategyDiscussion):
            children = list(m.children.all())
        elif isinstance(m, Conference):
            children = [m.child]
        else:
            children = [m.plan.child]
        visible = []
        for c in children:
            if c.pk not in seen:
                seen[c.pk] = records.allows(actor, "view", c)
            if seen[c.pk]:
                visible.append(c.full_name)
        items.append(CalendarMeeting(
            meeting=m, title=meeting_title(m), on=m.scheduled_for, starts_at=m.starts_at, place=m.place,
            children=visible, hidden_children=len(children) - len(visible),
            url=meeting_url(m) if visible else "",
            invitees=sorted(str(people[i]) for i in invited[m.pk] if i in people),
        ))  # fmt: skip
    items.sort(key=lambda i: (i.on, i.starts_at or time.min, i.title))
    days_out: list[CalendarDay] = []
    for item in items:
        if not days_out or days_out[-1].on != item.on:
            days_out.append(CalendarDay(item.on, []))
        days_out[-1].meetings.append(item)
    return days_out

