"""Forms for the protection pages. They check shape; services check the rules of the domain."""

from __future__ import annotations

from django import forms

from safeguard.protection.models import (
    Attendance,
    ConsideredDecision,
    ReconveneReview,
    Section47Decision,
    SiblingDecision,
)

DATE_HELP = "For example, 2026-03-27"
YES_NO = [(ConsideredDecision.YES, "Yes"), (ConsideredDecision.NO, "No")]


def add_service_errors(form: forms.Form, errors: dict[str, list[str]]) -> None:
    for field, messages in errors.items():
        for message in messages:
            name = field.split("[")[0] if field.split("[")[0] in form.fields else field
            form.add_error(name if name in form.fields else None, message)


class RemoveInviteeForm(forms.Form):
    reason = forms.CharField(
        label="Why is this agency not needed?",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )


class SiblingDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=SiblingDecision.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose included, separate assessment or not at risk"},
    )
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000)


class RecordDiscussionForm(forms.Form):
    """One attendance question per invitee, the decisions, and one action (more through the API)."""

    held_on = forms.DateField(
        label="Date held",
        help_text=DATE_HELP,
        error_messages={
            "required": "Enter the date the strategy discussion was held",
            "invalid": "Enter a real date, like 2026-03-27",
        },
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
    action_description = forms.CharField(label="Action", required=False)
    action_owner = forms.ChoiceField(label="Owner", required=False)
    action_due_on = forms.DateField(label="Due date", help_text=DATE_HELP, required=False)
    action_child = forms.ChoiceField(label="Child this action is for", required=False)

    def __init__(self, *args, discussion, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitations = [i for i in discussion.invitations.all() if not i.removed]
        for inv in self.invitations:
            self.fields[f"attendance_{inv.pk}"] = forms.ChoiceField(
                label=inv.display,
                widget=forms.RadioSelect,
                required=False,
                choices=[c for c in Attendance.choices if c[0] != Attendance.INVITED],
            )
        self.fields["action_owner"].choices = [("", "Choose")] + [(p.pk, str(p)) for p in owners]
        self.fields["action_child"].choices = [("", "Choose")] + [
            (str(c.pk), c.full_name) for c in discussion.children.all()
        ]

    def attendance_fields(self):
        return [self[f"attendance_{inv.pk}"] for inv in self.invitations]

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        attendance = [
            {"invitation_id": inv.pk, "attendance": d.get(f"attendance_{inv.pk}")}
            for inv in self.invitations
            if d.get(f"attendance_{inv.pk}")
        ]
        actions = []
        if d.get("action_description") or d.get("action_owner") or d.get("action_due_on"):
            actions.append(
                {
                    "description": d.get("action_description"),
                    "owner_id": d.get("action_owner") or None,
                    "due_on": d.get("action_due_on"),
                    "child_id": d.get("action_child") or None,
                }
            )
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


class AgreementForm(forms.Form):
    parties = forms.CharField(
        label="Who is making this agreement?",
        max_length=300,
        required=False,
        help_text="For example, Alice Fictional (mum)",
    )
    body = forms.CharField(
        label="What we agree",
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        help_text="Use short sentences and everyday words. Say who will do what, and when.",
    )
    if_not_kept = forms.CharField(
        label="What happens if the agreement is not kept", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class ReconveneDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        widget=forms.RadioSelect,
        choices=[c for c in ReconveneReview.Decision.choices if c[0]],
        error_messages={"required": "Choose a decision"},
    )
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ChallengeResponseForm(forms.Form):
    outcome = forms.CharField(label="Outcome of this stage", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    resolved = forms.TypedChoiceField(
        label="Is the challenge resolved?",
        widget=forms.RadioSelect,
        coerce=lambda v: v == "yes",
        choices=[("yes", "Yes, resolved"), ("no", "No, escalate to the next stage")],
        error_messages={"required": "Choose whether the challenge is resolved"},
    )
