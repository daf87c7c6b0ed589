"""Forms for children in need pages, made from the definitions in `cin.inputs` (the API's request
bodies come from the same ones). They check shape and dates on the page; the services check the
domain's rules (and map their errors back onto these fields)."""

from __future__ import annotations

from django import forms

from safeguard.cin import inputs
from safeguard.cin.codes import FACTOR_GROUPS
from safeguard.people.codes import Disability

FACTOR_FIELDS = [f"factors_{i}" for i in range(len(FACTOR_GROUPS))]


class AssessmentForm(inputs.CIN_ASSESSMENT.form(exclude=("factors",))):
    """What the child and family assessment found; authorising it completes it. The factors are asked
    for in groups (about the child, a parent, another adult) and sent to the service as one list."""

    def __init__(self, *args, started_on=None, **kwargs):
        super().__init__(*args, **kwargs)
        for i, (group, factors) in enumerate(FACTOR_GROUPS):
            self.fields[FACTOR_FIELDS[i]] = forms.MultipleChoiceField(
                label=group,
                choices=[(f.value, f.label) for f in factors],
                widget=forms.CheckboxSelectMultiple,
                required=False,
                error_messages={"invalid_choice": inputs.FACTORS_INVALID},
            )
        if started_on:
            self.fields["child_seen_on"].not_before(started_on, "the date the assessment started")
            self.fields["authorised_on"].not_before(started_on, "the date the assessment started")
        self.order_fields(["child_seen_on", *FACTOR_FIELDS, "primary_need", "needs_social_care_support"])

    @property
    def factor_fields(self):
        return [self[name] for name in FACTOR_FIELDS]

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "child_seen_on": d.get("child_seen_on"),
            "factors": [code for name in FACTOR_FIELDS for code in d.get(name) or []],
            "authorised_on": d.get("authorised_on"),
            "needs_social_care_support": d.get("needs_social_care_support"),
            "primary_need": d.get("primary_need") or "",
        }


class CloseEpisodeForm(inputs.CIN_EPISODE_CLOSE.form()):
    def __init__(self, *args, referral_date=None, **kwargs):
        super().__init__(*args, **kwargs)
        if referral_date:
            self.fields["closure_date"].not_before(referral_date, "the referral date")


class PlanStartForm(inputs.CIN_PLAN_START.form()):
    pass


class PlanEndForm(inputs.CIN_PLAN_END.form()):
    pass


class CharacteristicsForm(inputs.CIN_CHARACTERISTICS.form()):
    """The child's identifiers and characteristics as the census asks for them, in words."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # On the page "none" is every box left unticked.
        self.fields["disabilities"].choices = [(c.value, c.label) for c in Disability if c != Disability.NONE]

    def service_kwargs(self, *, unborn: bool) -> dict:
        d = self.cleaned_data
        kwargs = {
            "upn": d.get("upn") or "",
            "upn_unknown": d.get("upn_unknown") or "",
            "sex": d["sex"],
            "gender": d.get("gender") or "",
            "ethnicity": d["ethnicity"],
            "disabilities": d.get("disabilities") or [],
        }
        if unborn:
            kwargs["expected_birth_date"] = d.get("expected_birth_date")
        return kwargs
