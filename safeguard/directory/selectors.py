"""Reads of the practitioner directory: search, the browse page's groups, and a child's known
professionals. Staff contact details are not case content, so any signed-in practitioner may search."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from safeguard.agencies.models import Agency, Membership, Practitioner
from safeguard.agencies.roles import AgencyType, Role
from safeguard.directory.models import Cover, KnownProfessional, ProfessionalKind

MAX_RESULTS = 100


@dataclasses.dataclass
class DirectoryEntry:
    practitioner: Practitioner
    memberships: list[Membership]
    covers: list[Cover]

    @property
    def roles_text(self) -> str:
        return "; ".join(f"{m.get_role_display()}, {m.team.name}" for m in self.memberships)

    @property
    def agencies(self) -> list[Agency]:
        return list({m.team.agency_id: m.team.agency for m in self.memberships}.values())

    @property
    def agency_text(self) -> str:
        return ", ".join(a.name for a in self.agencies)

    @property
    def covers_text(self) -> str:
        return ", ".join(c.agency.name if c.agency_id else f"{c.area} area" for c in self.covers)


def _active_memberships(on: date | None = None) -> QuerySet[Membership]:
    today = on or timezone.localdate()
    return Membership.objects.filter(starts_on__lte=today, practitioner__is_active=True).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )


def _entries(practitioner_ids: Iterable[int]) -> list[DirectoryEntry]:
    """Entries for these practitioners in name order: three queries, however many there are."""
    ids = list(practitioner_ids)
    memberships = defaultdict(list)
    for m in _active_memberships().filter(practitioner_id__in=ids).select_related("team__agency"):
        memberships[m.practitioner_id].append(m)
    covers = defaultdict(list)
    for c in Cover.objects.filter(practitioner_id__in=ids).select_related("agency"):
        covers[c.practitioner_id].append(c)
    people = Practitioner.objects.filter(pk__in=ids).order_by("last_name", "first_name", "pk")
    return [DirectoryEntry(p, memberships[p.pk], covers[p.pk]) for p in people]


def practitioner_search(
    *, q: str = "", agency_id: int | None = None, role: str = "", area: str = "", offset: int = 0,
    limit: int = MAX_RESULTS,
) -> tuple[int, list[DirectoryEntry]]:
    """Practitioners by name, job title, team, agency or what they cover; narrowed to an agency (its staff and those
    who cover it, such as its school nurse), a role, or an area. Returns (total, one page)."""
    rows = _active_memberships()
    if role:
        rows = rows.filter(role=role)
    if agency_id:
        covering = Cover.objects.filter(agency_id=agency_id).values("practitioner_id")
        rows = rows.filter(Q(team__agency_id=agency_id) | Q(practitioner_id__in=covering))
    if area:
        rows = rows.filter(practitioner_id__in=Cover.objects.filter(area__iexact=area).values("practitioner_id"))
    for word in (q or "").split()[:5]:
        rows = rows.filter(
            Q(practitioner__first_name__icontains=word)
            | Q(practitioner__last_name__icontains=word)
            | Q(practitioner__job_title__icontains=word)
            | Q(team__name__icontains=word)
            | Q(team__agency__name__icontains=word)
            | Q(practitioner__covers__agency__name__icontains=word)
            | Q(practitioner__covers__area__icontains=word)
        )
    ids = (
        Practitioner.objects.filter(pk__in=rows.values("practitioner_id"))
        .order_by("last_name", "first_name", "pk")
        .values_list("pk", flat=True)
    )
    total = ids.count()
    limit = max(1, min(limit, MAX_RESULTS))
    return total, _entries(list(ids[max(offset, 0) : max(offset, 0) + limit]))


def agencies(*, agency_type: str = "") -> QuerySet[Agency]:
    qs = Agency.objects.all()
    if agency_type:
        qs = qs.filter(agency_type=agency_type)
    return qs.order_by("name")


def areas() -> list[str]:
    return sorted(set(Cover.objects.exclude(area="").values_list("area", flat=True)))


def practitioner_lookup(*, practitioner_id) -> Practitioner | None:
    try:
        return Practitioner.objects.filter(pk=int(practitioner_id), is_active=True).first()
    except (TypeError, ValueError):
        return None


def is_listed(practitioner) -> bool:
    """In the directory: active, with a current role somewhere."""
    return practitioner is not None and _active_memberships().filter(practitioner=practitioner).exists()


# --- Named contacts ---------------------------------------------------------------------------------


def named_in_agency(agency: Agency | None, role: str) -> Practitioner | None:
    """The agency's practitioner in this role (its primary holder first): a school's safeguarding
    lead, a practice's GP, the sexual assault service's paediatrician."""
    if agency is None:
        return None
    m = (
        _active_memberships()
        .filter(team__agency=agency, role=role)
        .select_related("practitioner")
        .order_by("-is_primary", "practitioner__last_name", "pk")
        .first()
    )
    return m.practitioner if m else None


def covering(agency: Agency | None, role: str) -> Practitioner | None:
    """The practitioner in this role who covers the school or practice (its school nurse)."""
    if agency is None:
        return None
    holders = _active_memberships().filter(role=role).values("practitioner_id")
    cover = (
        Cover.objects.filter(agency=agency, practitioner_id__in=holders)
        .select_related("practitioner")
        .order_by("practitioner__last_name", "pk")
        .first()
    )
    return cover.practitioner if cover else None


@dataclasses.dataclass(frozen=True)
class Known:
    """One professional who knows the child, as the invitation rules use it."""

    kind: str
    label: str
    agency: Agency | None
    practitioner: Practitioner | None
    role: str


KIND_ROLE = {
    ProfessionalKind.SCHOOL: Role.DESIGNATED_SAFEGUARDING_LEAD,
    ProfessionalKind.GP_PRACTICE: Role.GP,
    ProfessionalKind.HEALTH_VISITOR: Role.HEALTH_VISITOR,
    ProfessionalKind.SCHOOL_NURSE: Role.SCHOOL_NURSE,
}


def known_professional_rows(person) -> QuerySet[KnownProfessional]:
    today = timezone.localdate()
    return (
        KnownProfessional.objects.filter(person=person)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .select_related("agency", "practitioner")
    )


def known_professionals(person) -> list[Known]:
    """The child's school (and its safeguarding lead and school nurse), GP practice (and a GP),
    health visitor: each named where the directory can name them."""
    out: list[Known] = []
    for row in known_professional_rows(person):
        role = KIND_ROLE.get(row.kind, "")
        agency = row.agency or (row.practitioner.primary_agency if row.practitioner_id else None)
        named = row.practitioner or (named_in_agency(agency, role) if role else None)
        out.append(Known(row.kind, row.get_kind_display(), agency, named, role))
        if row.kind == ProfessionalKind.SCHOOL and agency is not None:
            nurse = covering(agency, Role.SCHOOL_NURSE)
            if nurse is not None:
                out.append(Known(ProfessionalKind.SCHOOL_NURSE, "School nurse", nurse.primary_agency, nurse,
                                 Role.SCHOOL_NURSE))  # fmt: skip
    return out


# --- The browse page --------------------------------------------------------------------------------


@dataclasses.dataclass
class AgencyGroup:
    agency: Agency
    people: list[tuple[str, Practitioner]]  # (what they are there, who)


def directory_groups() -> dict[str, list]:
    """The directory as practitioners look for it: the sexual assault service's paediatricians,
    each school's safeguarding lead and school nurse, each practice's GPs, health visitors by area."""
    members = defaultdict(list)
    for m in _active_memberships().select_related("practitioner", "team__agency").order_by(
        "practitioner__last_name", "practitioner__first_name"
    ):
        members[m.team.agency_id].append(m)
    covers = defaultdict(list)
    for c in Cover.objects.select_related("practitioner", "agency").order_by("practitioner__last_name"):
        covers[c.agency_id or c.area].append(c)
    hv_ids = set(_active_memberships().filter(role=Role.HEALTH_VISITOR).values_list("practitioner_id", flat=True))

    def group(agency, wanted_roles):
        people = [(m.get_role_display(), m.practitioner) for m in members[agency.pk] if m.role in wanted_roles]
        people += [("School nurse (covers this school)", c.practitioner) for c in covers[agency.pk]]
        return AgencyGroup(agency, people)

    all_agencies = list(Agency.objects.order_by("name"))
    return {
        "psas": [group(a, {r.value for r in Role}) for a in all_agencies if a.is_sexual_assault_service],
        "schools": [
            group(a, {Role.DESIGNATED_SAFEGUARDING_LEAD}) for a in all_agencies if a.agency_type == AgencyType.EDUCATION
        ],
        "gp_practices": [group(a, {Role.GP}) for a in all_agencies if a.agency_type == AgencyType.GP_PRACTICE],
        "health_visitors": [
            (area, [c.practitioner for c in covers[area] if c.practitioner_id in hv_ids]) for area in areas()
        ],
    }
