"""Where children in need tasks are done (registered with safeguard.core.work)."""

from __future__ import annotations

from django.urls import reverse

from safeguard.core.work import register_task_kind


def _assessment(task, actor):
    if task.source_type == "frontdoor.assessment":
        return reverse("cin:assessment", args=[task.source_id])
    return None


def register() -> None:
    register_task_kind("cin_assessment", _assessment, label="Complete a child and family assessment")
