"""Forms for a strategy discussion's record and its decisions about other children. Their questions
come from `protection.inputs.discussions`, the definitions the API's request bodies are made from too."""

from __future__ import annotations

from safeguard.protection.forms.actions import ActionRowsMixin
from safeguard.protection.forms.common import DEFAULT_ACTION_ROWS
from safeguard.protection.inputs.discussions import DISCUSSION_RECORD, MEETING_ATTENDANCE, SIBLING_DECISION


class RecordDiscussionForm(ActionRowsMixin, DISCUSSION_RECORD.form()):
    """One attendance question per invitee, the decisions, and several actions."""

    def __init__(self, *args, discussion=None, owners=None, rows: int = DEFAULT_ACTION_ROWS, **kwargs):
        """`discussion`: the meeting whose invitees and children it asks about (None: its questions alone)."""
        super().__init__(*args, **kwargs)
        self.invitations = [i for i in discussion.invitations.all() if not i.removed] if discussion else []
        for inv in self.invitations:  # the API's attendance rows' question, asked of each invitee
            field = MEETING_ATTENDANCE.fields["attendance"].form_field()
            field.label, field.required = inv.display, False
            self.fields[f"attendance_{inv.pk}"] = field
        children = list(discussion.children.all()) if discussion else []
        self.add_action_rows(owners=owners if owners is not None else [], children=children, rows=rows)

    def clean(self):
        cleaned = super().clean()
        self.clean_action_rows_(cleaned)
        return cleaned

    def attendance_fields(self):
        return [self[f"attendance_{inv.pk}"] for inv in self.invitations]

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        attendance = [
            {"invitation_id": inv.pk, "attendance": d.get(f"attendance_{inv.pk}")}
            for inv in self.invitations
            if d.get(f"attendance_{inv.pk}")
        ]
        actions = self.action_rows_data()
        keys = [
            "held_on",
            "information_shared",
            "section_47",
            "section_47_reason",
            "abe_interview_planned",
            "abe_police_investigator",
            "abe_social_worker_role",
            "medical_examination",
            "medical_examination_reason",
            "psas_referral",
            "psas_referral_reason",
        ]
        return {
            **{k: d.get(k) or ("" if k != "held_on" else None) for k in keys},
            "attendance": attendance,
            "actions": actions,
        }


class SiblingDecisionForm(SIBLING_DECISION.form()):
    pass
