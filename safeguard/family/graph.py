"""Genogram and ecomap: built from Safeguard's own records, laid out by igraph, drawn as accessible SVG.

    build_genogram(person, actor=None) -> Genogram      the data (people, partnerships, children, household)
    genogram_svg(person, actor=None) -> str             an <svg role="img"> with <title> and <desc>
    build_ecomap(person) -> Ecomap / ecomap_svg(person) the agencies and services around the child

Layout uses igraph's layered (Sugiyama) layout, a compiled, widely used library installed from its
wheel — no system package — with one layer per generation and a layer for each partnership between
them, so crossings are minimised by the library rather than by hand. The ecomap uses igraph's star
layout. Conference reports include the same SVG (WeasyPrint renders it) and the same tables.
"""

from __future__ import annotations

import dataclasses
import math
from collections import deque
from datetime import date

import igraph
from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape

from safeguard.access import records
from safeguard.access.models import Involvement, InvolvementKind
from safeguard.people.codes import RelationshipType
from safeguard.people.models import Person, Relationship
from safeguard.people.selectors import household_members, household_of

MAX_PEOPLE = 80
MAX_STEPS = 4
# Generation of from_person relative to to_person for each relationship type.
GENERATION_DELTA = {
    RelationshipType.PARENT: -1,
    RelationshipType.STEP_PARENT: -1,
    RelationshipType.PARTNER_OF_PARENT: -1,
    RelationshipType.CARER: -1,
    RelationshipType.GRANDPARENT: -2,
    RelationshipType.SIBLING: 0,
    RelationshipType.HALF_SIBLING: 0,
    RelationshipType.PARTNER: 0,
    RelationshipType.EX_PARTNER: 0,
    RelationshipType.OTHER_RELATIVE: 0,
}
GENOGRAM_TYPES = tuple(GENERATION_DELTA)
PARTNER_TYPES = (RelationshipType.PARTNER, RelationshipType.EX_PARTNER)
PARENT_TYPES = (RelationshipType.PARENT,)
SEX_SHAPE = {"M": "square", "F": "circle", "U": "diamond"}


@dataclasses.dataclass
class GenogramPerson:
    id: str
    name: str
    sex: str
    shape: str
    generation: int
    relation: str  # how they relate to the child ("Parent", "Parent's partner")
    born: date | None
    died: date | None
    unborn: bool
    expected: date | None
    in_household: bool
    is_index: bool
    poses_risk: bool = False  # only ever True for a viewer with need to know
    x: float = 0.0
    y: float = 0.0

    @property
    def life(self) -> str:
        if self.unborn:
            return f"expected {self.expected:%b %Y}" if self.expected else "unborn"
        parts = []
        if self.born:
            parts.append(f"b. {self.born.year}")
        if self.died:
            parts.append(f"d. {self.died.year}")
        return ", ".join(parts)


@dataclasses.dataclass
class GenogramLink:
    kind: str  # partnership | separated | child | other
    source: str
    target: str
    label: str


@dataclasses.dataclass
class Genogram:
    index: Person
    people: list[GenogramPerson]
    links: list[GenogramLink]
    household: list[str]
    width: float = 0
    height: float = 0

    @property
    def generations(self) -> int:
        return len({p.generation for p in self.people})

    def person(self, pid: str) -> GenogramPerson:
        return next(p for p in self.people if p.id == pid)

    def describe(self) -> str:
        names = {p.id: p.name for p in self.people}
        parts = [f"Genogram for {self.index.full_name}: {len(self.people)} people over {self.generations} generations."]
        for link in self.links:
            parts.append(f"{names[link.source]} – {link.label} – {names[link.target]}.")
        if self.household:
            parts.append("Lives with: " + ", ".join(names[h] for h in self.household if h in names) + ".")
        return " ".join(parts)


def _relationships(person_ids) -> list[Relationship]:
    return list(
        Relationship.objects.filter(Q(from_person_id__in=person_ids) | Q(to_person_id__in=person_ids))
        .filter(relationship_type__in=GENOGRAM_TYPES)
        .select_related("from_person", "to_person")
    )


def build_genogram(person: Person, actor=None, *, steps: int = MAX_STEPS) -> Genogram:
    """The child's family as recorded: everyone within `steps` family links, with generations."""
    today = timezone.localdate()
    generation = {person.pk: 0}
    relation = {person.pk: "This child"}
    people = {person.pk: person}
    rels: dict[int, Relationship] = {}
    frontier = deque([(person.pk, 0)])
    touching: dict = {}  # person id -> their relationships, read a whole generation of the search at once
    while frontier:
        pid, depth = frontier.popleft()
        if depth >= steps:
            continue
        if pid not in touching:
            level = [p for p, d in [(pid, depth), *frontier] if d == depth and p not in touching]
            for p in level:
                touching[p] = []
            for rel in sorted(_relationships(level), key=lambda r: (r.relationship_type, r.pk)):
                for end in {rel.from_person_id, rel.to_person_id}:
                    if end in touching and (end in level):
                        touching[end].append(rel)
        for rel in touching[pid]:
            rels[rel.pk] = rel
            other = rel.to_person if rel.from_person_id == pid else rel.from_person
            if other.pk in people or len(people) >= MAX_PEOPLE:
                continue
            delta = GENERATION_DELTA[rel.relationship_type]
            # from is `delta` generations from to.
            generation[other.pk] = generation[pid] + (delta if other.pk == rel.from_person_id else -delta)
            label = rel.label_for(people[pid])
            relation[other.pk] = label if pid == person.pk else f"{relation[pid]}'s {label.lower()}"
            people[other.pk] = other
            frontier.append((other.pk, depth + 1))
    rels = {k: r for k, r in rels.items() if r.from_person_id in people and r.to_person_id in people}
    household = household_of(person=person)
    living = {p.pk for p in household_members(household=household)} if household else set()
    flagged = set()
    if actor is not None:
        from safeguard.family.models import RiskFlag

        flagged = {
            pid
            for pid in RiskFlag.objects.filter(person_id__in=list(people), ended_at__isnull=True).values_list(
                "person_id", flat=True
            )
            if records.allows(actor, "view_flags", people[pid])
        }
    nodes = [
        GenogramPerson(
            id=str(p.pk),
            name=p.full_name,
            sex=p.sex,
            shape=SEX_SHAPE.get(p.sex, "diamond"),
            generation=generation[p.pk],
            relation=relation[p.pk],
            born=p.date_of_birth,
            died=p.date_of_death,
            unborn=p.is_unborn,
            expected=p.expected_birth_date,
            in_household=p.pk in living,
            is_index=p.pk == person.pk,
            poses_risk=p.pk in flagged,
        )
        for p in people.values()
    ]
    links = []
    for rel in sorted(rels.values(), key=lambda r: r.pk):
        ended = rel.ends_on is not None and rel.ends_on < today
        if rel.relationship_type in PARTNER_TYPES:
            separated = ended or rel.relationship_type == RelationshipType.EX_PARTNER
            kind, label = ("separated", "separated from") if separated else ("partnership", "partner of")
        elif rel.relationship_type in PARENT_TYPES:
            kind, label = "child", "parent of"
        else:
            kind, label = "other", f"{rel.get_relationship_type_display().lower()} of"
        links.append(GenogramLink(kind=kind, source=str(rel.from_person_id), target=str(rel.to_person_id), label=label))
    genogram = Genogram(
        index=person,
        people=sorted(nodes, key=lambda n: (n.generation, n.name)),
        links=links,
        household=[str(pid) for pid in living if pid in people],
    )
    _layout_genogram(genogram)
    return genogram


# Drawing sizes (SVG user units).
NODE = 36
COL = 150
ROW = 90  # per layer; a generation is two layers (people, then their partnerships)
MARGIN = 80


def _layout_genogram(g: Genogram) -> None:
    """igraph's Sugiyama layout over people and a node per couple (or single parent)."""
    ids = [p.id for p in g.people]
    index = {pid: i for i, pid in enumerate(ids)}
    min_gen = min(p.generation for p in g.people)
    layers = [2 * (p.generation - min_gen) for p in g.people]
    edges = []
    unions: dict[frozenset, int] = {}

    def union_for(parents: frozenset) -> int:
        if parents not in unions:
            unions[parents] = len(layers)
            layers.append(max(layers[index[p]] for p in parents) + 1)
            edges.extend((index[p], unions[parents]) for p in parents)
        return unions[parents]

    for link in g.links:
        if link.kind in ("partnership", "separated"):
            union_for(frozenset({link.source, link.target}))
    parents_of: dict[str, set] = {}
    for link in g.links:
        if link.kind == "child":
            parents_of.setdefault(link.target, set()).add(link.source)
    for child, parents in parents_of.items():
        key = frozenset(sorted(parents)[:2])
        u = union_for(key)
        if layers[index[child]] > layers[u]:
            edges.append((u, index[child]))
    graph = igraph.Graph(n=len(layers), edges=edges, directed=True)
    coords = graph.layout_sugiyama(layers=layers, hgap=1, maxiter=200).coords
    for i, p in enumerate(g.people):
        p.x = MARGIN + coords[i][0] * COL
        p.y = MARGIN + layers[i] * ROW
    g._unions = {key: (MARGIN + coords[u][0] * COL, MARGIN + layers[u] * ROW) for key, u in unions.items()}
    g._parents_of = parents_of
    g.width = max(p.x for p in g.people) + MARGIN + COL / 2
    g.height = max(p.y for p in g.people) + MARGIN + 40


def _shape(p: GenogramPerson) -> str:
    half = NODE / 2 if not p.unborn else NODE / 3
    cls = "sg-person" + (" sg-index" if p.is_index else "") + (" sg-risk" if p.poses_risk else "")
    if p.unborn:
        pts = f"{p.x},{p.y - half} {p.x + half},{p.y + half} {p.x - half},{p.y + half}"
        svg = f'<polygon class="{cls}" points="{pts}"/>'
    elif p.shape == "square":
        svg = f'<rect class="{cls}" x="{p.x - half}" y="{p.y - half}" width="{NODE}" height="{NODE}"/>'
    elif p.shape == "circle":
        svg = f'<circle class="{cls}" cx="{p.x}" cy="{p.y}" r="{half}"/>'
    else:
        pts = f"{p.x},{p.y - half} {p.x + half},{p.y} {p.x},{p.y + half} {p.x - half},{p.y}"
        svg = f'<polygon class="{cls}" points="{pts}"/>'
    if p.is_index:
        svg += f'<circle class="sg-index-ring" cx="{p.x}" cy="{p.y}" r="{half + 6}"/>'
    if p.died:
        svg += (
            f'<path class="sg-deceased" d="M{p.x - half},{p.y - half} L{p.x + half},{p.y + half} '
            f'M{p.x + half},{p.y - half} L{p.x - half},{p.y + half}"/>'
        )
    if p.poses_risk:
        svg += f'<text class="sg-risk-mark" x="{p.x + half + 4}" y="{p.y - half + 4}">!</text>'
    name = escape(p.name if len(p.name) <= 22 else p.name[:21] + "…")
    svg += f'<text class="sg-name" x="{p.x}" y="{p.y + half + 16}" text-anchor="middle">{name}</text>'
    if p.life:
        svg += f'<text class="sg-life" x="{p.x}" y="{p.y + half + 30}" text-anchor="middle">{escape(p.life)}</text>'
    return f'<g class="sg-node" data-person="{p.id}">{svg}</g>'


def _household_boundary(g: Genogram) -> str:
    """One dashed boundary round the people living with the child — or, where the layout puts someone
    who lives elsewhere inside that box, a dashed outline round each member, so it never misleads."""
    members = [p for p in g.people if p.in_household]
    if not members:
        return ""
    pad = NODE
    x0 = min(p.x for p in members) - pad - 20
    x1 = max(p.x for p in members) + pad + 20
    y0 = min(p.y for p in members) - pad
    y1 = max(p.y for p in members) + pad + 24
    outsiders = [p for p in g.people if not p.in_household and x0 <= p.x <= x1 and y0 <= p.y <= y1]
    if not outsiders:
        return (
            f'<rect class="sg-household" x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" rx="24"/>'
            f'<text class="sg-household-label" x="{x0 + 8}" y="{y0 + 14}">Household</text>'
        )
    return "".join(
        f'<rect class="sg-household" x="{p.x - 62}" y="{p.y - pad + 4}" width="124" height="{2 * pad + 24}" rx="16"/>'
        for p in members
    )


def _lines(g: Genogram) -> str:
    out = []
    half = NODE / 2
    seen_partner: dict[str, int] = {}
    for key, (ux, uy) in g._unions.items():
        partners = [g.person(pid) for pid in key]
        if len(partners) == 2:
            a, b = sorted(partners, key=lambda p: p.x)
            link = next(
                (
                    lk
                    for lk in g.links
                    if lk.kind in ("partnership", "separated") and {lk.source, lk.target} == set(key)
                ),
                None,
            )
            # A second partnership of the same person drops a little lower, so the lines stay apart.
            k = max(seen_partner.get(a.id, 0), seen_partner.get(b.id, 0))
            seen_partner[a.id] = seen_partner[b.id] = k + 1
            y = uy - ROW / 3 + 10 * k
            out.append(
                f'<path class="sg-partnership" d="M{a.x},{a.y + half} L{a.x},{y} L{b.x},{y} L{b.x},{b.y + half}"/>'
            )
            if link is not None and link.kind == "separated":
                mx = (a.x + b.x) / 2
                out.append(
                    f'<path class="sg-separation" d="M{mx - 10},{y + 8} L{mx - 2},{y - 8} '
                    f'M{mx + 2},{y + 8} L{mx + 10},{y - 8}"/>'
                )
            ux, uy = (a.x + b.x) / 2, y
        else:
            (a,) = partners
            ux, uy = a.x, a.y + half
        for child_id, parents in g._parents_of.items():
            if frozenset(sorted(parents)[:2]) != key:
                continue
            c = g.person(child_id)
            top = c.y - (NODE / 3 if c.unborn else half)
            mid = top - ROW / 2
            out.append(f'<path class="sg-child" d="M{ux},{uy} L{ux},{mid} L{c.x},{mid} L{c.x},{top}"/>')
    for link in g.links:
        if link.kind == "other":
            a, b = g.person(link.source), g.person(link.target)
            out.append(f'<path class="sg-other" d="M{a.x},{a.y} L{b.x},{b.y}"/>')
    return "".join(out)


GENOGRAM_STYLE = (
    ".sg-person{fill:#fff;stroke:#0b0c0c;stroke-width:2}.sg-index{fill:#d2e2f1}"
    ".sg-index-ring{fill:none;stroke:#1d70b8;stroke-width:2}.sg-risk{stroke:#d4351c;stroke-width:4}"
    ".sg-risk-mark{fill:#d4351c;font-weight:700;font-size:18px}"
    ".sg-deceased{stroke:#0b0c0c;stroke-width:2}.sg-partnership,.sg-child{fill:none;stroke:#0b0c0c;stroke-width:2}"
    ".sg-separation{stroke:#0b0c0c;stroke-width:2}.sg-other{stroke:#505a5f;stroke-width:1.5;stroke-dasharray:4 4}"
    ".sg-household{fill:none;stroke:#00703c;stroke-width:2;stroke-dasharray:8 5}"
    ".sg-household-label{fill:#00703c;font-size:12px}"
    "text{font-family:Arial,sans-serif;fill:#0b0c0c;paint-order:stroke;stroke:#fff;stroke-width:4px;"
    "stroke-linejoin:round}.sg-name{font-size:13px;font-weight:700}.sg-life{font-size:12px}"
)


def genogram_svg(person: Person, actor=None, *, genogram: Genogram | None = None, svg_id: str = "genogram") -> str:
    """The genogram as standalone, accessible SVG (for the page, print and conference reports)."""
    g = genogram or build_genogram(person, actor)
    title = f"Genogram for {person.full_name}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sg-genogram" role="img" '
        f'aria-labelledby="{svg_id}-title {svg_id}-desc" viewBox="0 0 {g.width:.0f} {g.height:.0f}" '
        f'width="{g.width:.0f}" height="{g.height:.0f}">'
        f'<title id="{svg_id}-title">{escape(title)}</title>'
        f'<desc id="{svg_id}-desc">{escape(g.describe())}</desc>'
        f"<style>{GENOGRAM_STYLE}</style>"
        f"{_household_boundary(g)}{_lines(g)}{''.join(_shape(p) for p in g.people)}</svg>"
    )


# --- ecomap ------------------------------------------------------------------------------------

ECOMAP_KINDS = (
    InvolvementKind.ALLOCATED_WORKER,
    InvolvementKind.TEAM_EPISODE,
    InvolvementKind.SUPERVISING,
    InvolvementKind.MEETING_INVITEE,
    InvolvementKind.INFORMATION_REQUEST,
    InvolvementKind.FRONT_DOOR_CONTACT,
)


@dataclasses.dataclass
class EcomapNode:
    key: str
    name: str
    agency_type: str
    professionals: list[str]
    quality: str
    quality_label: str
    note: str
    agency_id: int | None
    x: float = 0
    y: float = 0


@dataclasses.dataclass
class Ecomap:
    index: Person
    household: list[str]
    nodes: list[EcomapNode]
    cx: float = 0
    cy: float = 0
    size: float = 0

    def describe(self) -> str:
        parts = [f"Ecomap for {self.index.full_name}: {len(self.nodes)} agencies and services."]
        for n in self.nodes:
            who = f" ({', '.join(n.professionals)})" if n.professionals else ""
            parts.append(f"{n.name}{who}: {n.quality_label.lower()} link.")
        return " ".join(parts)


def _primary_memberships(practitioner_ids) -> dict:
    """Each practitioner's primary membership now (Practitioner.primary_membership), in one query."""
    from safeguard.agencies.models import Membership

    today = timezone.localdate()
    out: dict = {}
    for m in (
        Membership.objects.filter(practitioner_id__in=practitioner_ids, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("team__agency")
        .order_by("practitioner_id", "-is_primary", "starts_on")
    ):
        out.setdefault(m.practitioner_id, m)
    return out


def build_ecomap(person: Person) -> Ecomap:
    from safeguard.family.models import EcomapLink, LinkQuality

    nodes: dict[str, EcomapNode] = {}

    def node_for_agency(agency) -> EcomapNode:
        key = f"agency-{agency.pk}"
        if key not in nodes:
            nodes[key] = EcomapNode(
                key=key,
                name=agency.name,
                agency_type=agency.get_agency_type_display(),
                professionals=[],
                quality=LinkQuality.ORDINARY,
                quality_label=LinkQuality.ORDINARY.label,
                note="",
                agency_id=agency.pk,
            )
        return nodes[key]

    involvements = list(
        Involvement.objects.active()
        .filter(person=person, kind__in=ECOMAP_KINDS)
        .select_related("practitioner", "team__agency")
    )
    primary = _primary_memberships({inv.practitioner_id for inv in involvements if not inv.team_id})
    for inv in involvements:
        if inv.team_id:
            node = node_for_agency(inv.team.agency)
            entry = f"{inv.team.name} team"
        else:
            membership = primary.get(inv.practitioner_id)
            if membership is None:
                continue
            node = node_for_agency(membership.team.agency)
            entry = f"{inv.practitioner.get_full_name()}, {membership.get_role_display()}"
        if entry not in node.professionals:
            node.professionals.append(entry)
    for link in EcomapLink.objects.filter(person=person).select_related("agency"):
        node = node_for_agency(link.agency) if link.agency_id else None
        if node is None:
            node = nodes.setdefault(
                f"link-{link.pk}",
                EcomapNode(
                    key=f"link-{link.pk}",
                    name=link.label,
                    agency_type="Service or professional",
                    professionals=[],
                    quality=link.quality,
                    quality_label="",
                    note="",
                    agency_id=None,
                ),
            )
        node.quality, node.note = link.quality, link.note
        node.quality_label = LinkQuality(link.quality).label
    household = household_of(person=person)
    living = [p.full_name for p in household_members(household=household) if p.pk != person.pk] if household else []
    ecomap = Ecomap(index=person, household=living, nodes=sorted(nodes.values(), key=lambda n: n.name))
    _layout_ecomap(ecomap)
    return ecomap


def _layout_ecomap(e: Ecomap) -> None:
    n = len(e.nodes)
    radius = max(200, 60 * n / math.pi)
    e.size = 2 * radius + 320
    e.cx = e.cy = e.size / 2
    if not n:
        return
    coords = igraph.Graph.Star(n + 1, center=0).layout_star(center=0).coords
    for node, (x, y) in zip(e.nodes, coords[1:], strict=True):
        node.x, node.y = e.cx + x * radius, e.cy + y * radius


def _ecomap_line(e: Ecomap, node: EcomapNode) -> str:
    x0, y0, x1, y1 = e.cx, e.cy, node.x, node.y
    length = math.hypot(x1 - x0, y1 - y0) or 1
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    sx, sy, ex, ey = x0 + ux * 70, y0 + uy * 70, x1 - ux * 60, y1 - uy * 60
    if node.quality == "stressful":  # zig-zag
        px, py = -uy, ux
        seg = math.hypot(ex - sx, ey - sy)
        steps = max(4, int(seg / 14))
        pts = [
            f"{sx + (ex - sx) * i / steps + px * (7 if i % 2 else -7) * (0 < i < steps):.1f},"
            f"{sy + (ey - sy) * i / steps + py * (7 if i % 2 else -7) * (0 < i < steps):.1f}"
            for i in range(steps + 1)
        ]
        return f'<polyline class="sg-link sg-link-stressful" points="{" ".join(pts)}"/>'
    return f'<line class="sg-link sg-link-{node.quality}" x1="{sx:.1f}" y1="{sy:.1f}" x2="{ex:.1f}" y2="{ey:.1f}"/>'


ECOMAP_STYLE = (
    ".sg-centre{fill:#d2e2f1;stroke:#0b0c0c;stroke-width:2}.sg-agency{fill:#fff;stroke:#0b0c0c;stroke-width:2}"
    ".sg-link{fill:none;stroke:#0b0c0c}.sg-link-strong{stroke-width:6}.sg-link-ordinary{stroke-width:2}"
    ".sg-link-tenuous{stroke-width:2;stroke-dasharray:6 6}.sg-link-stressful{stroke:#d4351c;stroke-width:2.5}"
    "text{font-family:Arial,sans-serif;fill:#0b0c0c;font-size:12px;paint-order:stroke;stroke:#fff;stroke-width:4px}"
    ".sg-name{font-size:13px;font-weight:700}"
)


def ecomap_svg(person: Person, *, ecomap: Ecomap | None = None, svg_id: str = "ecomap") -> str:
    e = ecomap or build_ecomap(person)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sg-ecomap" role="img" '
        f'aria-labelledby="{svg_id}-title {svg_id}-desc" viewBox="0 0 {e.size:.0f} {e.size:.0f}" '
        f'width="{e.size:.0f}" height="{e.size:.0f}">',
        f'<title id="{svg_id}-title">{escape("Ecomap for " + person.full_name)}</title>',
        f'<desc id="{svg_id}-desc">{escape(e.describe())}</desc><style>{ECOMAP_STYLE}</style>',
    ]
    parts += [_ecomap_line(e, n) for n in e.nodes]
    parts.append(f'<circle class="sg-centre" cx="{e.cx}" cy="{e.cy}" r="70"/>')
    parts.append(f'<text class="sg-name" x="{e.cx}" y="{e.cy}" text-anchor="middle">{escape(person.full_name)}</text>')
    if e.household:
        parts.append(f'<text x="{e.cx}" y="{e.cy + 16}" text-anchor="middle">lives with {len(e.household)}</text>')
    for n in e.nodes:
        name = escape(n.name if len(n.name) <= 24 else n.name[:23] + "…")
        parts.append(
            f'<g class="sg-node" data-agency="{n.key}"><ellipse class="sg-agency" cx="{n.x:.1f}" cy="{n.y:.1f}" '
            f'rx="80" ry="34"/><text class="sg-name" x="{n.x:.1f}" y="{n.y - 2:.1f}" text-anchor="middle">{name}</text>'
            f'<text x="{n.x:.1f}" y="{n.y + 14:.1f}" text-anchor="middle">{escape(n.quality_label)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
