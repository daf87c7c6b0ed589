"""Forms for challenges (escalation between agencies) and requests to reconvene a meeting."""

from __future__ import annotations

from django import forms

from safeguard.challenges import inputs
from safeguard.protection.inputs.casework import RECONVENE_DECISION, RECONVENE_REQUEST


class RaiseChallengeForm(inputs.CHALLENGE_RAISE.form(exclude=("child_id",))):
    """The child is the page's own; what is challenged (the case or one decision) is the page's choice,
    handed to the service as the challenge's subject."""

    subject = forms.ChoiceField(label="What are you challenging?", widget=forms.RadioSelect, required=False)
    field_order = ["subject", "owner_id", "concern", "desired_outcome"]

    def __init__(self, *args, subjects=None, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.subjects = subjects or {}  # {"key": (label, object or None)}
        self.owners = {p.pk: p for p in owners}
        self.fields["subject"].choices = [(k, label) for k, (label, _) in self.subjects.items()]
        self.fields["subject"].initial = "case"
        self.fields["owner_id"].choices = [("", "Choose")] + [(pk, str(p)) for pk, p in self.owners.items()]


class ChallengeResponseForm(inputs.CHALLENGE_RESPONSE.form()):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resolved"].choices = [("yes", "Yes, resolved"), ("no", "No, escalate to the next stage")]


class ReconveneRequestForm(RECONVENE_REQUEST.form()):
    pass


class ReconveneDecisionForm(RECONVENE_DECISION.form()):
    pass
