"""Forms for a strategy discussion's record and its decisions about other children."""

from __future__ import annotations

from django import forms

from safeguard.protection.forms.actions import ActionRowsMixin
from safeguard.protection.forms.common import DATE_HELP, DEFAULT_ACTION_ROWS, YES_NO
from safeguard.protection.models import (
    Attendance,
    Section47Decision,
    SiblingDecision,
)
from safeguard.protection.validation import (
    DISCUSSION_HELD_ON_REQUIRED,
    SIBLING_DECISION_REQUIRED,
)
from safeguard.web.dates import DateInputField


class RecordDiscussionForm(ActionRowsMixin, forms.Form):
    """One attendance question per invitee, the decisions, and several actions."""

    held_on = DateInputField(
        label="Date held",
        help_text=DATE_HELP,
        required_message=DISCUSSION_HELD_ON_REQUIRED,
        past=True,
    )
    information_shared = forms.CharField(
        label="Information shared by each agency", widget=forms.Textarea, required=False
    )
    section_47 = forms.ChoiceField(
        label="Section 47 decision", choices=Section47Decision.choices, widget=forms.RadioSelect, required=False
    )
    section_47_reason = forms.CharField(
        label="Reasons for the section 47 decision", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    abe_interview_planned = forms.ChoiceField(
        label="Is an achieving best evidence interview planned?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
    )
    abe_police_investigator = forms.CharField(label="Police investigator", required=False)
    abe_social_worker_role = forms.CharField(
        label="The social worker's role in the interview", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    medical_examination = forms.ChoiceField(
        label="Will there be a medical examination?", choices=YES_NO, widget=forms.RadioSelect, required=False
    )
    medical_examination_reason = forms.CharField(
        label="Reason (either way)", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    psas_referral = forms.ChoiceField(
        label="Referral to the paediatric sexual assault service (including non-recent abuse)?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
    )
    psas_referral_reason = forms.CharField(
        label="Reason (either way)", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, discussion, owners, rows: int = DEFAULT_ACTION_ROWS, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitations = [i for i in discussion.invitations.all() if not i.removed]
        for inv in self.invitations:
            self.fields[f"attendance_{inv.pk}"] = forms.ChoiceField(
                label=inv.display,
                widget=forms.RadioSelect,
                required=False,
                choices=[c for c in Attendance.choices if c[0] != Attendance.INVITED],
            )
        self.add_action_rows(owners=owners, children=list(discussion.children.all()), rows=rows)

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


class SiblingDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=SiblingDecision.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": SIBLING_DECISION_REQUIRED},
    )
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000)

