"""The sections of a meeting's record (the GOV.UK task list pattern): which questions of the single
record form each section page asks. The form itself is unchanged, so the record written from the
sections is exactly what the one long form wrote."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from django import forms


@dataclasses.dataclass(frozen=True)
class Section:
    key: str
    title: str
    names: Callable[[forms.Form], list[str]]  # the record form's fields this section asks
    hint: str = ""
    required: bool = True  # needed before the record can be checked and submitted


def _named(*names: str) -> Callable[[forms.Form], list[str]]:
    return lambda form: [n for n in names if n in form.fields]


def _attendance(*names: str) -> Callable[[forms.Form], list[str]]:
    """The date, then one attendance question per invitee (the page order of the old form)."""
    return lambda form: [*names, *(f"attendance_{inv.pk}" for inv in form.invitations)]


def _actions(form: forms.Form) -> list[str]:
    return [n for n in form.fields if n.startswith("action_")]


DISCUSSION = [
    Section("attendance", "Date held and who attended", _attendance("held_on")),
    Section("information", "Information shared by each agency", _named("information_shared")),
    Section("section-47", "Section 47 decision", _named("section_47", "section_47_reason")),
    Section(
        "investigation",
        "Interview, medical examination and referral",
        _named(
            "abe_interview_planned", "abe_police_investigator", "abe_social_worker_role", "medical_examination",
            "medical_examination_reason", "psas_referral", "psas_referral_reason",
        ),
        hint="Achieving best evidence interview, medical examination and the sexual assault service",
    ),  # fmt: skip
    Section("actions", "Actions", _actions, hint="Who will do what, for which child, by when"),
]

CONFERENCE = [
    Section("attendance", "Date held and who attended", _attendance("held_on")),
    Section("reports", "Reports received", _named("reports_received")),
    Section(
        "views",
        "The child's and parents' views",
        _named("child_views", "child_views_how_sought", "communication_method", "parents_views"),
    ),
    Section(
        "decision",
        "Decision, plan and category",
        _named("decision", "category", "sexual_abuse_intra_familial"),
        hint="Whether the child needs a plan and, if so, the category of abuse",
    ),
]

CORE_GROUP = [
    Section("date", "Date the core group met", _named("held_on")),
    Section("progress", "Progress against the plan", _named("notes")),
]

OTHER_CHILDREN = Section(
    "other-children",
    "Other children linked to the same adults",
    lambda form: [],
    hint="A decision for each is needed before a plan is finalised, not to submit this record",
    required=False,
)


def section_post_keys(form: forms.Form, names: list[str], posted) -> list[str]:
    """The posted keys that belong to these fields: the field's own name, or its parts (the day,
    month and year boxes of a date) — never another field's name."""
    out = []
    for key in posted:
        if key in names or key not in form.fields and any(key.startswith(f"{n}_") for n in names):
            out.append(key)
    return out
