"""Forms for children in need pages. They check shape and dates on the page; the services check
the domain's rules (and map their errors back onto these fields)."""

from __future__ import annotations

from django import forms

from safeguard.cin.codes import FACTOR_GROUPS, ClosureReason, PrimaryNeed
from safeguard.people.codes import Disability, Ethnicity, Sex, UPNUnknown
from safeguard.web.dates import DateInputField

DATE_HELP = "For example, 27 3 2026"
YES_NO = [("yes", "Yes"), ("no", "No")]
FACTOR_FIELDS = [f"factors_{i}" for i in range(len(FACTOR_GROUPS))]


class AssessmentForm(forms.Form):
    """What the child and family assessment found; authorising it completes it."""

    child_seen_on = DateInputField(
        label="Date the child was seen during the assessment", help_text=DATE_HELP, required=False, past=True
    )
    primary_need = forms.ChoiceField(
        label="What is the child's main need?",
        choices=[("", "Select the main need")] + [(c.value, c.label) for c in PrimaryNeed],
        required=False,
        help_text="Needed when the assessment is authorised",
    )
    needs_social_care_support = forms.ChoiceField(
        label="Does the child need support from children's social care?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
        help_text="For example, a child in need plan. Needed when the assessment is authorised",
    )
    authorised_on = DateInputField(
        label="Date the manager authorised the assessment",
        help_text="Leave blank to save the findings so far. " + DATE_HELP,
        required=False,
        past=True,
    )

    def __init__(self, *args, started_on=None, **kwargs):
        super().__init__(*args, **kwargs)
        for i, (group, factors) in enumerate(FACTOR_GROUPS):
            self.fields[FACTOR_FIELDS[i]] = forms.MultipleChoiceField(
                label=group,
                choices=[(f.value, f.label) for f in factors],
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
        if started_on:
            self.fields["child_seen_on"].not_before(started_on, "the date the assessment started")
            self.fields["authorised_on"].not_before(started_on, "the date the assessment started")
        self.order_fields(["child_seen_on", *FACTOR_FIELDS])

    @property
    def factor_fields(self):
        return [self[name] for name in FACTOR_FIELDS]

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        support = d.get("needs_social_care_support")
        return {
            "child_seen_on": d.get("child_seen_on"),
            "factors": [code for name in FACTOR_FIELDS for code in d.get(name) or []],
            "authorised_on": d.get("authorised_on"),
            "needs_social_care_support": {"yes": True, "no": False}.get(support),
            "primary_need": d.get("primary_need") or "",
        }


class CloseEpisodeForm(forms.Form):
    closure_reason = forms.ChoiceField(
        label="Why is the episode closing?",
        choices=[(c.value, c.label) for c in ClosureReason],
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the episode is closing"},
    )
    closure_date = DateInputField(label="Date the episode closed", help_text=DATE_HELP, past=True)

    def __init__(self, *args, referral_date=None, **kwargs):
        super().__init__(*args, **kwargs)
        if referral_date:
            self.fields["closure_date"].not_before(referral_date, "the referral date")


class PlanStartForm(forms.Form):
    started_on = DateInputField(label="Date the child in need plan started", help_text=DATE_HELP, past=True)


class PlanEndForm(forms.Form):
    ended_on = DateInputField(label="Date the child in need plan ended", help_text=DATE_HELP, past=True)


class CharacteristicsForm(forms.Form):
    """The child's identifiers and characteristics as the census asks for them, in words."""

    upn = forms.CharField(
        label="Unique pupil number (UPN)",
        required=False,
        max_length=20,
        help_text="13 characters: a letter, 11 numbers, then a number or letter. From the child's school",
    )
    upn_unknown = forms.ChoiceField(
        label="If the unique pupil number is not known, why not?",
        choices=[("", "Not applicable: the UPN is given above")] + [(c.value, c.label) for c in UPNUnknown],
        required=False,
    )
    sex = forms.ChoiceField(label="Sex", choices=[(c.value, c.label) for c in Sex], widget=forms.RadioSelect)
    gender = forms.CharField(
        label="Gender identity (optional)", required=False, max_length=60,
        help_text="In the child's own words, if they have told you",
    )  # fmt: skip
    ethnicity = forms.ChoiceField(label="Ethnicity", choices=[(c.value, c.label) for c in Ethnicity])
    disabilities = forms.MultipleChoiceField(
        label="Disabilities",
        help_text="Select all that apply. Leave all unticked if the child has no disability",
        choices=[(c.value, c.label) for c in Disability if c != Disability.NONE],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    expected_birth_date = DateInputField(
        label="Expected date of birth (unborn children only)", help_text=DATE_HELP, required=False
    )

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
