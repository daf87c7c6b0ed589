"""Risk flags and the links around a child: flags raised and ended, contact arrangements,
ecomap links, and family members added from the diagram page."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from safeguard.access import records
from safeguard.access.audit import audit_record
from safeguard.access.errors import InvalidInput
from safeguard.access.models import AuditAction
from safeguard.agencies.models import Agency
from safeguard.core.models import EventType
from safeguard.core.services import chronology_event_record, task_create
from safeguard.family import rules
from safeguard.family.models import (
    ContactArrangement,
    EcomapLink,
    LinkQuality,
    MappaCategory,
    MappaLevel,
    RiskBasis,
    RiskFlag,
)
from safeguard.family.validation import (
    FLAG_ACTION_REQUIRED,
    FLAG_BASIS_REQUIRED,
    FLAG_END_REASON_REQUIRED,
    FLAG_EVIDENCE_REQUIRED,
    FLAG_REVIEW_ON_REQUIRED,
    LINK_STRENGTH_REQUIRED,
    MAPPA_CATEGORY_REQUIRED,
    MAPPA_LEVEL_REQUIRED,
    MIN_REASON,
)
from safeguard.people import services as people_services
from safeguard.people.codes import RelationshipType
from safeguard.people.models import Person, Relationship
from safeguard.people.validation import Errors


@transaction.atomic
def risk_flag_raise(
    *,
    actor,
    person: Person,
    basis: str,
    evidence: str,
    review_on: date | None,
    mappa_category: str = "",
    mappa_level: str = "",
) -> RiskFlag:
    records.require(actor, "record_flags", person)
    errors = Errors()
    if person.is_child:
        errors.add("person_id", "Only an adult can be recorded as posing a risk to children")
    if basis not in RiskBasis.values:
        errors.add("basis", FLAG_BASIS_REQUIRED)
    if basis == RiskBasis.MAPPA_NOMINAL:
        if mappa_category not in MappaCategory.values:
            errors.add("mappa_category", MAPPA_CATEGORY_REQUIRED)
        if mappa_level not in MappaLevel.values:
            errors.add("mappa_level", MAPPA_LEVEL_REQUIRED)
    elif mappa_category or mappa_level:
        if mappa_category and mappa_category not in MappaCategory.values:
            errors.add("mappa_category", MAPPA_CATEGORY_REQUIRED)
        if mappa_level and mappa_level not in MappaLevel.values:
            errors.add("mappa_level", MAPPA_LEVEL_REQUIRED)
    if len((evidence or "").strip()) < MIN_REASON:
        errors.add("evidence", FLAG_EVIDENCE_REQUIRED)
    if review_on is None:
        errors.add("review_on", FLAG_REVIEW_ON_REQUIRED)
    elif review_on <= timezone.localdate():
        errors.add("review_on", "The review date must be in the future")
    errors.raise_if_any()
    flag = RiskFlag.objects.create(
        person=person,
        basis=basis,
        mappa_category=mappa_category,
        mappa_level=mappa_level,
        evidence=evidence.strip(),
        review_on=review_on,
        raised_by=actor,
    )
    task_create(
        kind="risk_flag_review",
        title=f"Review the 'poses a risk to children' flag on {person.full_name}",
        due_on=review_on,
        assignee=actor,
        person=person,
        source=flag,
    )
    chronology_event_record(
        person=person,
        event_type=EventType.RISK_FLAG_RAISED,
        occurred_on=timezone.localdate(),
        summary="Recorded as posing a risk to children (details seen by those with need to know)",
        actor=actor,
        source=flag,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="family.riskflag",
        object_id=str(flag.pk),
        person=person,
        purpose="recorded that an adult poses a risk to children",
        detail={"basis": basis},
    )
    rules.risk_links_refresh(flag=flag, actor=actor)
    return flag


@transaction.atomic
def risk_flag_end(*, actor, flag: RiskFlag, reason: str) -> RiskFlag:
    """End a flag after review (an order expired, no continuing risk). Audited with the reason;
    nothing goes on the chronology (raising it said nothing of its detail either), and the review
    task closes. The links already found stay, as the history of who was alerted."""
    records.require(actor, "end", flag)
    errors = Errors()
    if flag.ended_at is not None:
        errors.add("reason", "This flag has already ended")
    if len((reason or "").strip()) < 10:
        errors.add("reason", FLAG_END_REASON_REQUIRED)
    errors.raise_if_any()
    flag.ended_at = timezone.now()
    flag.save(update_fields=["ended_at"])
    from safeguard.core.models import Task, TaskStatus

    Task.objects.filter(source_type="family.riskflag", source_id=str(flag.pk), status=TaskStatus.OPEN).update(
        status=TaskStatus.DONE, outcome="Flag ended", completed_at=timezone.now()
    )
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="family.riskflag",
        object_id=str(flag.pk),
        person=flag.person,
        purpose="ended a 'poses a risk to children' flag",
        detail={"reason": reason.strip()},
    )
    return flag


@transaction.atomic
def contact_arrangement_record(
    *, actor, adult: Person, child: Person, frequency: str = "", supervised: bool = False, starts_on=None
) -> ContactArrangement:
    records.require(actor, "change", child)
    records.require(actor, "view", adult)
    if adult.pk == child.pk:
        raise InvalidInput({"adult_id": ["Choose a different person"]})
    arrangement = ContactArrangement.objects.create(
        adult=adult,
        child=child,
        frequency=frequency[:100],
        supervised=supervised,
        starts_on=starts_on,
        recorded_by=actor,
    )
    chronology_event_record(
        person=child,
        event_type=EventType.RELATIONSHIP_RECORDED,
        occurred_on=starts_on or timezone.localdate(),
        summary=f"Contact arrangement with {adult.full_name}" + (" (supervised)" if supervised else ""),
        actor=actor,
        source=arrangement,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="family.contactarrangement",
        object_id=str(arrangement.pk),
        person=child,
        purpose="recorded a contact arrangement",
    )
    return arrangement


@transaction.atomic
def ecomap_link_set(
    *, actor, person: Person, quality: str, agency: Agency | None = None, label: str = "", note: str = ""
) -> EcomapLink:
    """Set how strong or stressful a child's link to an agency (or a named service) is."""
    records.require(actor, "change", person)
    errors = Errors()
    if quality not in LinkQuality.values:
        errors.add("quality", LINK_STRENGTH_REQUIRED)
    if agency is None and not label.strip():
        errors.add("label", "Enter the service, school or professional")
    errors.raise_if_any()
    if agency is not None:
        link, _ = EcomapLink.objects.update_or_create(
            person=person,
            agency=agency,
            defaults={"quality": quality, "note": note[:300], "set_by": actor, "set_at": timezone.now()},
        )
    else:
        link = EcomapLink.objects.create(
            person=person, label=label.strip()[:200], quality=quality, note=note[:300], set_by=actor
        )
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="family.ecomaplink",
        object_id=str(link.pk),
        person=person,
        purpose="set an ecomap link",
        detail={"quality": quality},
    )
    return link


@transaction.atomic
def family_member_add(
    *, actor, child: Person, details: dict[str, Any], relationship_type: str, member_is_from: bool = True
) -> tuple[Person, Relationship]:
    """Record a missing family member and link them: member is the <type> of child (or the reverse)."""
    records.require(actor, "change", child)
    if relationship_type not in RelationshipType.values:
        raise InvalidInput({"relationship_type": ["Select how they are related"]})
    member = people_services.person_create(actor=actor, details=details)
    from_person, to_person = (member, child) if member_is_from else (child, member)
    relationship = people_services.relationship_create(
        actor=actor, from_person=from_person, to_person=to_person, relationship_type=relationship_type
    )
    return member, relationship


@transaction.atomic
def risk_link_review(*, actor, link, what_was_done: str):
    """The worker says what they have done about the child's new link to a flagged adult (seen the
    child, spoken to the parent, put in a safety plan): their "review the child's safety" task,
    and their team's, close. Anyone who may see the child may review; the flag stays need to know."""
    from safeguard.core.services import tasks_complete_for
    from safeguard.family.models import RiskLinkReview

    records.require(actor, "view", link.child)
    what_was_done = (what_was_done or "").strip()
    if len(what_was_done) < 10:
        raise InvalidInput({"what_was_done": [FLAG_ACTION_REQUIRED]})
    review = RiskLinkReview.objects.create(link=link, reviewed_by=actor, what_was_done=what_was_done)
    mine = tasks_complete_for(source=link.flag, kinds=["risk_link"], person=link.child, assignee=actor,
                              outcome=what_was_done)  # fmt: skip
    from safeguard.core.models import Task, TaskStatus

    Task.objects.filter(
        kind="risk_link", source_type="family.riskflag", source_id=str(link.flag_id), person=link.child,
        assignee__isnull=True, team_id__in=actor.team_ids, status=TaskStatus.OPEN,
    ).update(status=TaskStatus.DONE, completed_at=timezone.now(), outcome=what_was_done)  # fmt: skip
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="family.risklink",
        object_id=str(link.pk),
        person=link.child,
        purpose="reviewed a child's safety after a new link to a flagged adult",
        detail={"tasks_closed": mine},
    )
    return review
