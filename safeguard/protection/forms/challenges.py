"""Forms for challenges (escalation between agencies) and requests to reconvene a meeting."""

from __future__ import annotations

from django import forms

from safeguard.challenges.validation import OWNER_REQUIRED
from safeguard.protection.inputs.casework import RECONVENE_DECISION, RECONVENE_REQUEST


class RaiseChallengeForm(forms.Form):
    subject = forms.ChoiceField(label="What are you challenging?", widget=forms.RadioSelect, required=False)
    owner = forms.ChoiceField(
        label="Who is the challenge to?",
        help_text="Usually the person who made the decision",
        error_messages={"required": OWNER_REQUIRED},
    )
    concern = forms.CharField(
        label="What do you disagree with, and why?", widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    desired_outcome = forms.CharField(
        label="What outcome are you looking for? (optional)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, subjects, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.subjects = subjects  # {"key": (label, object or None)}
        self.owners = {str(p.pk): p for p in owners}
        self.fields["subject"].choices = [(k, label) for k, (label, _) in subjects.items()]
        self.fields["subject"].initial = "case"
        self.fields["owner"].choices = [("", "Choose")] + [(k, str(p)) for k, p in self.owners.items()]


class ChallengeResponseForm(forms.Form):
    outcome = forms.CharField(label="Outcome of this stage", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    resolved = forms.TypedChoiceField(
        label="Is the challenge resolved?",
        widget=forms.RadioSelect,
        coerce=lambda v: v == "yes",
        choices=[("yes", "Yes, resolved"), ("no", "No, escalate to the next stage")],
        error_messages={"required": "Choose whether the challenge is resolved"},
    )


class ReconveneRequestForm(RECONVENE_REQUEST.form()):
    pass


class ReconveneDecisionForm(RECONVENE_DECISION.form()):
    pass
