"""Pregnancy and birth: recording a pregnancy, GP notifications and chasing them, antenatal
visits, flagging pregnancies without a home visit, and recording a birth."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from safeguard.access import records
from safeguard.access.audit import audit_record
from safeguard.access.errors import InvalidInput
from safeguard.access.models import AuditAction, InvolvementKind
from safeguard.access.services import involvement_grant
from safeguard.agencies.models import Agency, Membership
from safeguard.agencies.roles import AgencyType, Role
from safeguard.core import clock, signals
from safeguard.core.inputs import date_problem
from safeguard.core.models import EventType
from safeguard.core.services import chronology_event_record, task_create
from safeguard.core.status import protection_status
from safeguard.family import inputs
from safeguard.family.models import (
    AntenatalVisit,
    GpNotification,
    Pregnancy,
    Vulnerability,
)
from safeguard.family.validation import (
    BIRTH_DATE_REQUIRED,
    EXPECTED_BIRTH,
    EXPECTED_BIRTH_REQUIRED,
    GP_PRACTICE_REQUIRED,
    VISIT_DATE_REFUSED,
    VULNERABILITY_INVALID,
    VULNERABILITY_REQUIRED,
)
from safeguard.people import services as people_services
from safeguard.people.codes import RelationshipType, Sex
from safeguard.people.models import Person, Relationship
from safeguard.people.validation import Errors
from safeguard.web.presenters import format_date


def _practice_teams(practice: Agency):
    return list(practice.teams.all().order_by("pk"))


@transaction.atomic
def pregnancy_record(
    *,
    actor,
    mother: Person,
    expected_birth_date: date | None,
    vulnerabilities: list[str],
    gp_practice: Agency | None,
    notes: str = "",
) -> Pregnancy:
    """Record a pregnancy with additional vulnerabilities: the unborn child's record, the mother's
    link to it, and an automatic notification the GP practice must acknowledge."""
    records.require(actor, "record", Pregnancy)
    records.require(actor, "view", mother)
    errors = Errors()
    today = timezone.localdate()
    if expected_birth_date is None:
        errors.add("expected_birth_date", EXPECTED_BIRTH_REQUIRED)
    elif expected_birth_date < today:
        errors.add("expected_birth_date", date_problem(expected_birth_date, what=EXPECTED_BIRTH, future=True))
    elif expected_birth_date > today.replace(year=today.year + 1):
        errors.add("expected_birth_date", "The expected date of birth must be within the next year")
    if not vulnerabilities:
        errors.add("vulnerabilities", VULNERABILITY_REQUIRED)
    elif any(v not in Vulnerability.values for v in vulnerabilities):
        errors.add("vulnerabilities", VULNERABILITY_INVALID)
    if gp_practice is None or gp_practice.agency_type != AgencyType.GP_PRACTICE:
        errors.add("gp_practice_id", GP_PRACTICE_REQUIRED)
    elif not _practice_teams(gp_practice):
        errors.add("gp_practice_id", "This GP practice has no team to receive notifications")
    errors.raise_if_any()
    unborn = people_services.person_create(
        actor=actor,
        details={"given_name": "Unborn", "family_name": mother.family_name, "expected_birth_date": expected_birth_date},
    )
    people_services.relationship_create(
        actor=actor,
        from_person=mother,
        to_person=unborn,
        relationship_type=RelationshipType.PARENT,
        parental_responsibility=True,
        is_main_carer=True,
    )
    pregnancy = Pregnancy.objects.create(
        mother=mother,
        unborn=unborn,
        midwife=actor,
        gp_practice=gp_practice,
        vulnerabilities=sorted(set(vulnerabilities)),
        notes=notes,
    )
    involvement_grant(person=mother, kind=InvolvementKind.SUPERVISING, practitioner=actor, source=pregnancy)
    involvement_grant(person=unborn, kind=InvolvementKind.SUPERVISING, practitioner=actor, source=pregnancy)
    notification = GpNotification.objects.create(
        pregnancy=pregnancy, practice=gp_practice, acknowledge_by=clock.gp_acknowledgement_due(today)
    )
    for team in _practice_teams(gp_practice):
        for person in (mother, unborn):
            involvement_grant(person=person, kind=InvolvementKind.INFORMATION_REQUEST, team=team, source=pregnancy)
        task_create(
            kind="gp_pregnancy_notification",
            title=f"Acknowledge the midwife's notification: {mother.full_name} is pregnant "
            "(additional vulnerabilities)",
            due_on=notification.acknowledge_by,
            team=team,
            person=mother,
            source=notification,
        )
    labels = ", ".join(Vulnerability(v).label.lower() for v in pregnancy.vulnerabilities)
    chronology_event_record(
        person=mother,
        event_type=EventType.PREGNANCY_RECORDED,
        occurred_on=today,
        summary=(
            f"Pregnancy recorded by midwife, expected {format_date(expected_birth_date)}; vulnerabilities: {labels}"
        ),
        actor=actor,
        source=pregnancy,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="family.pregnancy",
        object_id=str(pregnancy.pk),
        person=mother,
        purpose="recorded a pregnancy with additional vulnerabilities; GP practice notified",
        detail={"unborn": str(unborn.pk), "gp_practice": gp_practice.pk},
    )
    return pregnancy


@transaction.atomic
def gp_notification_acknowledge(*, actor, notification: GpNotification) -> GpNotification:
    records.require(actor, "acknowledge", notification)
    if notification.acknowledged_at is None:
        notification.acknowledged_at = timezone.now()
        notification.acknowledged_by = actor
        notification.save(update_fields=["acknowledged_at", "acknowledged_by"])
        from safeguard.core.models import Task, TaskStatus

        Task.objects.filter(
            source_type="family.gpnotification", source_id=str(notification.pk), status=TaskStatus.OPEN
        ).update(status=TaskStatus.DONE, outcome=f"Acknowledged by {actor}", completed_at=timezone.now())
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            object_type="family.gpnotification",
            object_id=str(notification.pk),
            person=notification.pregnancy.mother_id,
            purpose="GP practice acknowledged a pregnancy notification",
        )
    return notification


@transaction.atomic
def chase_unacknowledged(*, now: datetime | None = None) -> list[GpNotification]:
    """Chase every notification past its acknowledgement date, at most once per chase interval.
    Safe to run as often as the worker likes: a second run on the same day chases nothing."""
    today = timezone.localdate(now or timezone.now())
    chased = []
    due = GpNotification.objects.select_for_update().filter(acknowledged_at__isnull=True, acknowledge_by__lt=today)
    for notification in due.select_related("pregnancy__mother", "pregnancy__midwife", "practice"):
        if notification.last_chased_on and today < clock.gp_chase_due(notification.last_chased_on):
            continue
        notification.chase_count += 1
        notification.last_chased_on = today
        notification.save(update_fields=["chase_count", "last_chased_on"])
        mother = notification.pregnancy.mother
        next_due = clock.gp_chase_due(today)
        for team in _practice_teams(notification.practice):
            task_create(
                kind="gp_pregnancy_notification_chase",
                title=f"Reminder {notification.chase_count}: acknowledge the pregnancy notification "
                f"for {mother.full_name}",
                due_on=next_due,
                team=team,
                person=mother,
                source=notification,
            )
        task_create(
            kind="gp_pregnancy_notification_unacknowledged",
            title=f"{notification.practice} has not acknowledged the pregnancy notification for {mother.full_name}",
            due_on=next_due,
            assignee=notification.pregnancy.midwife,
            person=mother,
            source=notification,
        )
        audit_record(
            actor=None,
            action=AuditAction.CHANGE,
            object_type="family.gpnotification",
            object_id=str(notification.pk),
            person=mother,
            purpose="chased an unacknowledged pregnancy notification",
            detail={"chase": notification.chase_count},
        )
        chased.append(notification)
    return chased


@transaction.atomic
def antenatal_visit_record(
    *, actor, pregnancy: Pregnancy, visited_on: date | None, home_visit: bool = True, notes: str = ""
) -> AntenatalVisit:
    records.require(actor, "change", pregnancy.mother)
    if visited_on is None or visited_on > timezone.localdate():
        raise InvalidInput({"visited_on": [VISIT_DATE_REFUSED]})
    visit = AntenatalVisit.objects.create(
        pregnancy=pregnancy, visited_on=visited_on, home_visit=home_visit, visited_by=actor, notes=notes
    )
    chronology_event_record(
        person=pregnancy.mother,
        event_type=EventType.ANTENATAL_VISIT,
        occurred_on=visited_on,
        summary="Antenatal home visit" if home_visit else "Antenatal visit (not at home)",
        actor=actor,
        source=visit,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="family.antenatalvisit",
        object_id=str(visit.pk),
        person=pregnancy.mother,
        purpose="recorded an antenatal visit",
    )
    return visit


def _safeguarding_leads(midwife) -> tuple[list, list]:
    agency = midwife.primary_agency
    today = timezone.localdate()
    leads = (
        Membership.objects.filter(team__agency=agency, role=Role.HEALTH_SAFEGUARDING, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("practitioner")
    )
    practitioners = sorted({m.practitioner for m in leads}, key=lambda p: p.pk)
    if practitioners:
        return practitioners, []
    membership = midwife.primary_membership
    return [], [membership.team] if membership else []


@transaction.atomic
def flag_pregnancies_without_home_visit(*, now: datetime | None = None) -> list[Pregnancy]:
    """Pregnancies at the configured gestation with no antenatal home visit go to the midwife's
    safeguarding lead, once each."""
    today = timezone.localdate(now or timezone.now())
    flagged = []
    open_pregnancies = Pregnancy.objects.select_for_update().filter(born_on__isnull=True, no_home_visit_flagged_at=None)
    for pregnancy in open_pregnancies.select_related("unborn", "mother", "midwife"):
        expected = pregnancy.unborn.expected_birth_date
        if expected is None or today < clock.antenatal_home_visit_due(expected):
            continue
        if pregnancy.visits.filter(home_visit=True).exists():
            continue
        pregnancy.no_home_visit_flagged_at = timezone.now()
        pregnancy.save(update_fields=["no_home_visit_flagged_at"])
        practitioners, teams = _safeguarding_leads(pregnancy.midwife)
        weeks = clock.timescales().antenatal_home_visit_by_gestation_weeks
        title = (
            f"No antenatal home visit for {pregnancy.mother.full_name} by {weeks} weeks "
            f"(midwife {pregnancy.midwife}): safeguarding supervision needed"
        )
        for practitioner in practitioners:
            task_create(
                kind="antenatal_no_home_visit",
                title=title,
                due_on=clock.next_working_day(today),
                assignee=practitioner,
                person=pregnancy.mother,
                source=pregnancy,
            )
        for team in teams:
            task_create(
                kind="antenatal_no_home_visit",
                title=title,
                due_on=clock.next_working_day(today),
                team=team,
                person=pregnancy.mother,
                source=pregnancy,
            )
        flagged.append(pregnancy)
    return flagged


def _parents_of(person: Person) -> list[Person]:
    ids = Relationship.objects.filter(to_person=person, relationship_type=RelationshipType.PARENT).values_list(
        "from_person_id", flat=True
    )
    return list(Person.objects.filter(pk__in=ids))


def _children_of(parents: list[Person], exclude: Person) -> list[Person]:
    ids = Relationship.objects.filter(
        from_person__in=parents, relationship_type=RelationshipType.PARENT, ends_on__isnull=True
    ).values_list("to_person_id", flat=True)
    return list(Person.objects.filter(pk__in=ids).exclude(pk=exclude.pk).order_by("date_of_birth"))


@transaction.atomic
def birth_record(
    *, actor, pregnancy: Pregnancy, born_on: date | None, given_name: str = "", sex: str = Sex.UNKNOWN
) -> Person:
    """The unborn child is born. Each of the parents' other children with an open enquiry or plan
    gets the "new birth" significant event (the protection app reacts with reconvene tasks)."""
    if born_on is None or born_on > timezone.localdate():
        what = inputs.PREGNANCY_BIRTH.fields["born_on"].what
        problem = BIRTH_DATE_REQUIRED if born_on is None else date_problem(born_on, what=what, past=True)
        raise InvalidInput({"born_on": [problem]})
    if pregnancy.born_on is not None:
        raise InvalidInput({"born_on": ["The birth is already recorded"]})
    baby = people_services.person_update(
        actor=actor,
        person=pregnancy.unborn,
        changes={"date_of_birth": born_on, "given_name": given_name.strip() or "Baby", "sex": sex},
    )
    pregnancy.born_on = born_on
    pregnancy.save(update_fields=["born_on"])
    chronology_event_record(
        person=baby, event_type=EventType.BORN, occurred_on=born_on, summary="Born", actor=actor, source=pregnancy
    )
    siblings = [
        child
        for child in _children_of(_parents_of(baby), exclude=baby)
        if child.is_child and protection_status(child).has_open_protection_work
    ]
    for sibling in siblings:
        summary = f"New birth in the family: {baby.full_name}, born {born_on:%d %B %Y}"
        chronology_event_record(
            person=sibling,
            event_type=EventType.NEW_BIRTH,
            occurred_on=born_on,
            summary=summary,
            actor=actor,
            source=pregnancy,
        )
        signals.significant_event_recorded.send(
            sender=Pregnancy,
            event_type=EventType.NEW_BIRTH,
            people=[sibling],
            occurred_on=born_on,
            summary=summary,
            actor=actor,
            source=pregnancy,
        )
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="family.pregnancy",
        object_id=str(pregnancy.pk),
        person=baby,
        purpose="recorded a birth",
        detail={"siblings_with_open_work": [str(s.pk) for s in siblings]},
    )
    return baby
