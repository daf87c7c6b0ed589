"""A child's current protection status, as other agencies need to see it (e.g. a health look-up).

The protection pathway owns plans and enquiries; other apps read status only through here, so
they do not import it. The protection app registers its provider in AppConfig.ready(); other
apps (e.g. looked-after episodes) may register theirs. Providers return partial answers merged
in registration order.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date


@dataclasses.dataclass(frozen=True)
class ProtectionStatus:
    on_child_protection_plan: bool = False
    plan_since: date | None = None
    plan_category: str = ""
    open_section_47: bool = False
    open_strategy_discussion: bool = False
    looked_after: bool = False
    looked_after_since: date | None = None
    # Who to call: the responsible team's contact details, in and out of hours.
    responsible_team: str = ""
    contact_in_hours: str = ""
    contact_out_of_hours: str = ""

    @property
    def has_open_protection_work(self) -> bool:
        return self.on_child_protection_plan or self.open_section_47 or self.open_strategy_discussion


Provider = Callable[[object], dict]
_providers: list[Provider] = []


def register_status_provider(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def protection_status(person) -> ProtectionStatus:
    merged: dict = {}
    for provider in _providers:
        merged.update({k: v for k, v in provider(person).items() if v not in (None, "", False)})
    return ProtectionStatus(**merged)
