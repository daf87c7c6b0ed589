"""Forms for the directory pages. They check shape; services check the rules."""

from __future__ import annotations

from django import forms

from safeguard.agencies.roles import Role
from safeguard.directory import inputs

# Roles a practitioner looks for in the directory, in their words (the administrative roles are not).
SEARCHABLE_ROLES = [
    r for r in Role if r not in (Role.PARTNERSHIP_ANALYST, Role.AUDITOR, Role.SYSTEM_ADMINISTRATOR)
]


class DirectorySearchForm(forms.Form):
    q = forms.CharField(
        label="Name, job, team or agency", required=False, max_length=100,
        help_text="For example, a surname, 'school nurse' or the name of a school",
    )  # fmt: skip
    agency = forms.ChoiceField(label="Agency", required=False)
    role = forms.ChoiceField(label="Role", required=False)
    area = forms.ChoiceField(label="Area (health visitors)", required=False)

    def __init__(self, *args, agencies, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "Any agency")] + [(str(a.pk), a.name) for a in agencies]
        self.fields["role"].choices = [("", "Any role")] + [(r.value, r.label) for r in SEARCHABLE_ROLES]
        self.fields["area"].choices = [("", "Any area")] + [(a, a) for a in areas]


class KnownProfessionalForm(inputs.KNOWN_PROFESSIONAL.form(only=("kind",))):
    """The kind comes from the write's definition; the agency and practitioner are chosen from lists
    the page fills in (the API takes their ids)."""

    agency = forms.ChoiceField(label="Agency (the school or GP practice)", required=False)
    practitioner = forms.ChoiceField(label="Named practitioner (if known)", required=False)

    def __init__(self, *args, agencies, practitioners, **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = {str(a.pk): a for a in agencies}
        self.practitioners = {str(e.practitioner.pk): e for e in practitioners}
        self.fields["agency"].choices = [("", "Choose")] + [(k, a.name) for k, a in self.agencies.items()]
        self.fields["practitioner"].choices = [("", "Not known")] + [
            (k, f"{e.practitioner} — {e.roles_text}") for k, e in self.practitioners.items()
        ]

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        entry = self.practitioners.get(d.get("practitioner") or "")
        return {
            "kind": d["kind"],
            "agency": self.agencies.get(d.get("agency") or ""),
            "practitioner": entry.practitioner if entry else None,
        }
