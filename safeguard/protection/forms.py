"""Forms for the protection pages. They check shape; services check the rules of the domain."""

from __future__ import annotations

import re

from django import forms

from safeguard.protection.models import (
    Attendance,
    CategoryOfAbuse,
    Conference,
    ConsideredDecision,
    ReconveneReview,
    Section47Decision,
    SiblingDecision,
)
from safeguard.protection.validation import (
    ACTION_CHILD_REQUIRED,
    ACTION_DESCRIPTION_REQUIRED,
    ACTION_MEASURE_REQUIRED,
    ACTION_OWNER_REQUIRED,
    CONFERENCE_DATE_REQUIRED,
    CONFERENCE_HELD_ON_REQUIRED,
    CORE_GROUP_HELD_ON_REQUIRED,
    DISCUSSION_HELD_ON_REQUIRED,
    ENQUIRY_STARTED_ON_REQUIRED,
    EVENT_PEOPLE_REQUIRED,
    EVENT_TYPE_REQUIRED,
    SIBLING_DECISION_REQUIRED,
    WORKER_REQUIRED,
)
from safeguard.web.dates import DateInputField

DATE_HELP = "For example, 27 3 2026"
DEFAULT_ACTION_ROWS = 3
MAX_ACTION_ROWS = 20
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
        error_messages={"required": SIBLING_DECISION_REQUIRED},
    )
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000)


def owner_choices(owners) -> list:
    """Owners of an action: (working with the child, everyone else in the directory) as two groups,
    or a plain list of practitioners."""
    if isinstance(owners, tuple):
        around, everyone = owners
        return [
            ("", "Choose"),
            ("Working with the child", [(str(p.pk), str(p)) for p in around]),
            (
                "Everyone in the directory",
                [(str(e.practitioner.pk), f"{e.practitioner} ({e.agency_text})") for e in everyone],
            ),
        ]
    return [("", "Choose")] + [(str(p.pk), str(p)) for p in owners]


class ActionRowsMixin:
    """Several action rows (no JavaScript needed): `action_rows` blank rows, and "Add another action"
    posts back for one more. A row with anything in it must have every part; blank rows are ignored."""

    ACTION_PARTS: tuple[str, ...] = ("description", "owner", "due_on", "child")
    ROW_LABELS = {
        "description": "What will be done",
        "owner": "Owner",
        "due_on": "Due date",
        "child": "Child this action is for",
        "measure": "Measure of success",
    }
    ROW_ERRORS = {
        "description": ACTION_DESCRIPTION_REQUIRED,
        "owner": ACTION_OWNER_REQUIRED,
        "due_on": "Enter the date this action is due",
        "child": ACTION_CHILD_REQUIRED,
        "measure": ACTION_MEASURE_REQUIRED,
    }
    SERVICE_PART = {"description": "description", "owner_id": "owner", "due_on": "due_on", "child_id": "child",
                    "measure_of_success": "measure"}  # fmt: skip

    def add_action_rows(self, *, owners, children=None, rows: int = DEFAULT_ACTION_ROWS) -> None:
        self.action_row_count = rows
        self.fields["action_rows"] = forms.IntegerField(widget=forms.HiddenInput, required=False, initial=rows)
        for i in range(rows):
            for part in self.ACTION_PARTS:
                name, label = f"action_{i}_{part}", self.ROW_LABELS[part]
                if part == "owner":
                    field = forms.ChoiceField(label=label, required=False, choices=owner_choices(owners))
                    # The list cannot hold a whole partnership's directory: anyone else is found by name.
                    self.fields[f"action_{i}_owner_name"] = forms.CharField(
                        label="Or someone else in the directory",
                        help_text="Their name, with their team or agency if the name is common",
                        required=False,
                        max_length=200,
                    )
                elif part == "child":
                    field = forms.ChoiceField(
                        label=label,
                        required=False,
                        choices=[("", "Choose")] + [(str(c.pk), c.full_name) for c in children],
                    )
                elif part == "due_on":
                    field = DateInputField(label=label, help_text=DATE_HELP, required=False, what="Due date")
                elif part == "measure":
                    field = forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": 2}))
                else:
                    field = forms.CharField(label=label, required=False, max_length=2000)
                self.fields[name] = field
        self._row_index: list[int] = []

    def action_row_fields(self):
        def parts(i):
            for part in self.ACTION_PARTS:
                yield self[f"action_{i}_{part}"]
                if part == "owner":
                    yield self[f"action_{i}_owner_name"]

        return [{"number": i + 1, "fields": list(parts(i))} for i in range(self.action_row_count)]

    def _owner_by_name(self, i: int, cleaned) -> None:
        """An owner typed by name is found in the whole directory: exactly one match, or a clear error."""
        from safeguard.directory.selectors import practitioner_search

        name = (cleaned.get(f"action_{i}_owner_name") or "").strip()
        if not name or cleaned.get(f"action_{i}_owner"):
            return
        total, found = practitioner_search(q=name, limit=2)
        if total == 1:
            cleaned[f"action_{i}_owner"] = str(found[0].practitioner.pk)
        elif total == 0:
            self.add_error(f"action_{i}_owner_name", f"No one in the directory matches '{name}'")
        else:
            self.add_error(
                f"action_{i}_owner_name", f"{total} people in the directory match '{name}': add their team or agency"
            )

    def clean_action_rows_(self, cleaned) -> None:
        for i in range(self.action_row_count):
            self._owner_by_name(i, cleaned)
            names = {part: f"action_{i}_{part}" for part in self.ACTION_PARTS}
            if any(n in self.errors for n in [*names.values(), f"action_{i}_owner_name"]):
                continue
            values = {part: cleaned.get(n) for part, n in names.items()}
            if not any(values.values()):
                continue
            for part, value in values.items():
                if not value:
                    self.add_error(names[part], self.ROW_ERRORS[part])

    def action_rows_data(self) -> list[dict]:
        """The filled rows in the service's shape; remembers which form row each came from."""
        d, out, self._row_index = self.cleaned_data, [], []
        for i in range(self.action_row_count):
            values = {part: d.get(f"action_{i}_{part}") for part in self.ACTION_PARTS}
            if not any(values.values()):
                continue
            row = {
                "description": values.get("description") or "",
                "owner_id": values.get("owner") or None,
                "due_on": values.get("due_on"),
            }
            if "child" in values:
                row["child_id"] = values.get("child") or None
            if "measure" in values:
                row["measure_of_success"] = values.get("measure") or ""
            out.append(row)
            self._row_index.append(i)
        return out

    def map_action_errors(self, errors: dict[str, list[str]]) -> dict[str, list[str]]:
        """Turn the service's `actions[k].owner_id` into this form's `action_<row>_owner`."""
        mapped: dict[str, list[str]] = {}
        for key, messages in errors.items():
            m = re.match(r"actions\[(\d+)\]\.(\w+)", key)
            if m and int(m.group(1)) < len(self._row_index) and m.group(2) in self.SERVICE_PART:
                key = f"action_{self._row_index[int(m.group(1))]}_{self.SERVICE_PART[m.group(2)]}"
            elif key == "actions":
                key = "action_0_description"
            mapped.setdefault(key, []).extend(messages)
        return mapped


def action_rows_requested(data) -> int:
    """How many action rows to show: the posted count, plus one when "Add another action" was pressed."""
    try:
        rows = int(data.get("action_rows") or DEFAULT_ACTION_ROWS)
    except (TypeError, ValueError):
        rows = DEFAULT_ACTION_ROWS
    if data.get("add_action"):
        rows += 1
    return max(1, min(rows, MAX_ACTION_ROWS))


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
    # The version this page showed: saving over a newer draft is refused, not silently overwritten.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


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


def _yes_no_bool(value):
    return {"yes": True, "no": False}.get(value)


TIME_FORMATS = ["%H:%M", "%H:%M:%S", "%H.%M", "%I:%M%p", "%I.%M%p", "%I%p", "%I:%M %p", "%I %p", "%H"]


class MeetingTimeField(forms.TimeField):
    """A time as people write it: 10am, 2:30pm, 14:30."""

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", TIME_FORMATS)
        kwargs.setdefault("help_text", "For example, 10am, 2:30pm or 14:30")
        kwargs.setdefault("error_messages", {"invalid": "Enter a real time, like 10am or 2:30pm"})
        super().__init__(**kwargs)

    def to_python(self, value):
        value = (value or "").strip().lower().replace(" ", "")
        if value in ("midday", "noon"):
            value = "12:00"
        return super().to_python(value.upper() if value.endswith(("am", "pm")) else value)


class ScheduleConferenceForm(forms.Form):
    scheduled_for = DateInputField(
        label="Date of the initial child protection conference",
        help_text=DATE_HELP,
        required_message=CONFERENCE_DATE_REQUIRED,
        future=True,
    )
    start_time = MeetingTimeField(label="Time", required=False)
    place = forms.CharField(
        label="Place, or how to join the call", max_length=300, required=False,
        help_text="For example, Room 2, Shire Hall; or a phone number and meeting code",
    )  # fmt: skip
    chair = forms.ChoiceField(label="Conference chair (optional)", required=False)
    late_reason = forms.CharField(
        label="If the conference is after the due date, why?",
        help_text="Needed when the date is after the due date",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, chairs, **kwargs):
        super().__init__(*args, **kwargs)
        self.chairs = {str(p.pk): p for p in chairs}
        self.fields["chair"].choices = [("", "Choose later")] + [(k, str(p)) for k, p in self.chairs.items()]

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "scheduled_for": d["scheduled_for"],
            "starts_at": d.get("start_time"),
            "place": d.get("place") or "",
            "chair": self.chairs.get(d.get("chair") or ""),
            "late_reason": d.get("late_reason") or "",
        }


class RecordConferenceForm(forms.Form):
    held_on = DateInputField(
        label="Date held", help_text=DATE_HELP, required_message=CONFERENCE_HELD_ON_REQUIRED, past=True
    )
    reports_received = forms.CharField(
        label="Reports received",
        help_text="Which agencies sent a report (or say none were received)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    child_views = forms.CharField(label="The child's views", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    child_views_how_sought = forms.CharField(
        label="How the child's views were sought", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    communication_method = forms.CharField(
        label="Communication method used (for a disabled child)",
        help_text="For example, Makaton, symbols, an interpreter or an advocate",
        required=False,
        max_length=200,
    )
    parents_views = forms.CharField(
        label="The parents' views", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    decision = forms.ChoiceField(
        label="Decision",
        widget=forms.RadioSelect,
        required=False,
        choices=[(c, label) for c, label in Conference.Decision.choices if c],
    )
    category = forms.ChoiceField(
        label="Category of abuse (when there is a plan)",
        widget=forms.RadioSelect,
        required=False,
        choices=[(c, f"{label} ({c})") for c, label in CategoryOfAbuse.choices],
    )
    sexual_abuse_intra_familial = forms.ChoiceField(
        label="For sexual abuse: is it within the family environment?",
        widget=forms.RadioSelect,
        required=False,
        choices=[("yes", "Yes, within the family environment"), ("no", "No, outside the family environment")],
    )

    def __init__(self, *args, conference, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitations = [i for i in conference.invitations.all() if not i.removed]
        attendance = {}
        for inv in self.invitations:
            attendance[f"attendance_{inv.pk}"] = forms.ChoiceField(
                label=inv.display,
                widget=forms.RadioSelect,
                required=False,
                choices=[c for c in Attendance.choices if c[0] != Attendance.INVITED],
            )
        # Attendance comes straight after the date, in page order (so the error summary follows the page).
        fields = list(self.fields.items())
        self.fields = dict(fields[:1] + list(attendance.items()) + fields[1:])

    def attendance_fields(self):
        return [self[f"attendance_{inv.pk}"] for inv in self.invitations]

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "held_on": d.get("held_on"),
            "attendance": [
                {"invitation_id": inv.pk, "attendance": d.get(f"attendance_{inv.pk}")}
                for inv in self.invitations
                if d.get(f"attendance_{inv.pk}")
            ],
            **{
                k: d.get(k) or ""
                for k in (
                    "reports_received",
                    "child_views",
                    "child_views_how_sought",
                    "communication_method",
                    "parents_views",
                    "decision",
                    "category",
                )
            },
            "sexual_abuse_intra_familial": _yes_no_bool(d.get("sexual_abuse_intra_familial")),
        }


class PlanOutcomeForm(ActionRowsMixin, forms.Form):
    ACTION_PARTS = ("description", "owner", "due_on", "measure")

    description = forms.CharField(
        label="Outcome for the child",
        help_text="What will be different for the child, in words the family understands",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, owners, rows: int = DEFAULT_ACTION_ROWS, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_action_rows(owners=owners, rows=rows)

    def clean(self):
        cleaned = super().clean()
        self.clean_action_rows_(cleaned)
        return cleaned


class CoreGroupForm(forms.Form):
    held_on = DateInputField(
        label="Date the core group met",
        help_text=DATE_HELP,
        required_message=CORE_GROUP_HELD_ON_REQUIRED,
        past=True,
    )
    notes = forms.CharField(label="Progress against the plan", widget=forms.Textarea(attrs={"rows": 5}), required=False)


class VisitForm(forms.Form):
    visited_on = DateInputField(
        label="Date of the visit", help_text=DATE_HELP, required_message="Enter the date of the visit", past=True
    )
    seen_alone = forms.ChoiceField(
        label="Was the child seen alone?",
        widget=forms.RadioSelect,
        choices=[("yes", "Yes"), ("no", "No")],
        error_messages={"required": "Say whether the child was seen alone"},
    )


class AllocationForm(forms.Form):
    worker = forms.ChoiceField(
        label="Social worker to allocate", error_messages={"required": WORKER_REQUIRED}
    )
    starts_on = DateInputField(label="Starting on", help_text="Leave blank for today. " + DATE_HELP, required=False)
    reason = forms.CharField(label="Reason for the change", required=False, max_length=300)

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.workers = {str(p.pk): p for p in workers}
        self.fields["worker"].choices = [("", "Choose")] + [(k, str(p)) for k, p in self.workers.items()]


class SignificantEventForm(forms.Form):
    event_type = forms.ChoiceField(
        label="What happened?", widget=forms.RadioSelect, error_messages={"required": EVENT_TYPE_REQUIRED}
    )
    people = forms.MultipleChoiceField(
        label="Who is it about?",
        help_text="Select all that apply",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": EVENT_PEOPLE_REQUIRED},
    )
    occurred_on = DateInputField(
        label="Date of the event", help_text=DATE_HELP, required_message="Enter the date of the event", past=True
    )
    summary = forms.CharField(
        label="What happened", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=500
    )

    def __init__(self, *args, event_types, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {str(p.pk): p for p in people}
        self.fields["event_type"].choices = event_types
        self.fields["people"].choices = [(k, p.full_name) for k, p in self.people.items()]


class ReconveneRequestForm(forms.Form):
    reason = forms.CharField(
        label="What has changed, and why should the meeting be reconvened?",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
    )


class RaiseChallengeForm(forms.Form):
    subject = forms.ChoiceField(label="What are you challenging?", widget=forms.RadioSelect, required=False)
    owner = forms.ChoiceField(
        label="Who is the challenge to?",
        help_text="Usually the person who made the decision",
        error_messages={"required": "Choose who the challenge is to"},
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


class Section47Form(forms.Form):
    """The enquiry's findings and outcome: saved as they come in, completed once."""

    started_on = DateInputField(
        label="Date the enquiry started", help_text=DATE_HELP, required_message=ENQUIRY_STARTED_ON_REQUIRED,
        past=True,
    )  # fmt: skip
    social_worker_findings = forms.CharField(
        label="The social worker's findings", widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    police_findings = forms.CharField(
        label="The police officer's findings",
        help_text="Needed for a joint enquiry",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    concerns_substantiated = forms.ChoiceField(
        label="Were the concerns substantiated?", choices=YES_NO, widget=forms.RadioSelect, required=False
    )
    icpc_needed = forms.ChoiceField(
        label="Is an initial child protection conference needed?", choices=YES_NO, widget=forms.RadioSelect,
        required=False,
    )  # fmt: skip
    next_step = forms.ChoiceField(
        label="If no conference is needed, what next?",
        choices=[("cin", "A child in need plan"), ("nfa", "No further action")],
        widget=forms.RadioSelect,
        required=False,
    )
    outcome_reason = forms.CharField(
        label="Reasons for the outcome", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    concluded_on = DateInputField(
        label="Date the enquiry was completed", help_text=DATE_HELP, required=False, past=True
    )

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "started_on": d.get("started_on"),
            "concluded_on": d.get("concluded_on"),
            **{
                k: d.get(k) or ""
                for k in (
                    "social_worker_findings", "police_findings", "concerns_substantiated", "icpc_needed",
                    "next_step", "outcome_reason",
                )
            },
        }  # fmt: skip


class MeetingArrangementsForm(forms.Form):
    scheduled_for = DateInputField(
        label="Date", help_text=DATE_HELP, required_message="Enter the date of the meeting", future=True,
        what="The date of the meeting",
    )  # fmt: skip
    start_time = MeetingTimeField(label="Time", required=False)
    place = forms.CharField(
        label="Place, or how to join the call", max_length=300, required=False,
        help_text="For example, Room 2, Shire Hall; or a phone number and meeting code",
    )  # fmt: skip

    def service_kwargs(self) -> dict:
        """The service's names (the time box is not called "..._at": it is not a date)."""
        d = dict(self.cleaned_data)
        d["starts_at"] = d.pop("start_time", None)
        return d


# Service field -> form field, for errors.
SERVICE_TO_FORM = {"starts_at": "start_time"}


class MeetingRescheduleForm(MeetingArrangementsForm):
    reason = forms.CharField(label="Why is it being moved?", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class MeetingCancelForm(forms.Form):
    reason = forms.CharField(
        label="Why is it being cancelled?", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )


class ScheduleCoreGroupForm(MeetingArrangementsForm):
    pass


class RecordCoreGroupForm(forms.Form):
    held_on = DateInputField(
        label="Date the core group met", help_text=DATE_HELP, required_message=CORE_GROUP_HELD_ON_REQUIRED,
        past=True,
    )  # fmt: skip
    notes = forms.CharField(label="Progress against the plan", widget=forms.Textarea(attrs={"rows": 5}), required=False)
