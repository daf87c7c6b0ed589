"""Display formatting for people and events, so templates stay simple."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from safeguard.core.clock import Deadline
from safeguard.people.codes import DobPrecision
from safeguard.people.models import Person


def format_date(value: date | None) -> str:
    return value.strftime("%-d %B %Y") if value else "Not known"


def date_in_words(value: date | datetime | None, *, weekday: bool = True, time: bool = False) -> str:
    """A date as people say it: "Friday 4 December 2026" (and ", 2:30pm" when `time`).

    The one place dates are written for the screen and for PDFs (the `in_words` template filter).
    """
    if value is None:
        return "Not known"
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value) if "T" in value or " " in value else date.fromisoformat(value)
        except ValueError:
            return value
    moment = None
    if isinstance(value, datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        value = moment.date()
    text = value.strftime("%A %-d %B %Y" if weekday else "%-d %B %Y")
    if time and moment is not None:
        text += ", " + moment.strftime("%-I:%M%p").lower().replace(":00", "")
    return text


def date_of_birth_text(person: Person) -> str:
    if person.is_unborn:
        return f"Unborn, expected {format_date(person.expected_birth_date)}"
    if person.date_of_birth is None:
        return "Not known"
    text = format_date(person.date_of_birth)
    if person.dob_precision == DobPrecision.ESTIMATED:
        text += " (estimated)"
    age = person.age()
    return f"{text} (age {age})" if age is not None and not person.date_of_death else text


def disabilities_text(codes) -> str:
    """Disabilities in words ("Hearing, Learning"), never their census codes ("HEAR, LEARN")."""
    from safeguard.people.codes import Disability

    if not codes:
        return "None recorded"
    return ", ".join(Disability(c).label if c in Disability.values else str(c) for c in codes)


def person_summary_rows(person: Person) -> list[dict]:
    rows = [
        {"key": "Name", "value": person.full_name},
        {"key": "Date of birth", "value": date_of_birth_text(person)},
        {"key": "Sex", "value": person.get_sex_display()},
    ]
    if person.gender:
        rows.append({"key": "Gender identity", "value": person.gender})
    rows += [
        {"key": "Ethnicity", "value": person.get_ethnicity_display()},
        {"key": "Disabilities", "value": disabilities_text(person.disabilities)},
        {"key": "First language", "value": person.first_language or "Not recorded"},
    ]
    if person.communication_needs:
        rows.append({"key": "Communication needs", "value": person.communication_needs})
    if person.date_of_death:
        rows.append({"key": "Date of death", "value": format_date(person.date_of_death)})
    other_names = [str(n) + f" ({n.get_name_type_display().lower()})" for n in person.other_names.all()]
    if other_names:
        rows.append({"key": "Other names", "value": "; ".join(other_names)})
    current = [a for a in person.addresses.all() if a.is_current]
    rows.append({"key": "Address", "value": str(current[0]) if current else "Not known"})
    return rows


def due_status(due: date | None, today: date | None = None) -> dict | None:
    """The statutory-clock wording and tag colour for a due date ("overdue by 3 working days"):
    red once overdue, orange on the last working day or the one before, otherwise none (blue)."""
    if due is None:
        return None
    deadline = Deadline(due=due)
    text = deadline.describe(today)
    soon = text in ("due today", "due in 1 working day")
    colour = "red" if deadline.is_overdue(today) else ("orange" if soon else "")
    return {"text": text, "colour": colour}


def role_label(code: str | None) -> str:
    """A role as people say it ("Partnership analyst"), never its code ("partnership_analyst")."""
    from safeguard.agencies.roles import Role

    if not code:
        return "Not recorded"
    return Role(code).label if code in Role.values else code.replace("_", " ").capitalize()


def record_kind(object_type: str | None) -> str:
    """The kind of record in words ("Person", "Contact"), never a model label ("people.person")."""
    from django.apps import apps

    if not object_type:
        return "Record"
    try:
        name = str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        name = object_type.rsplit(".", 1)[-1].replace("_", " ")
    return name[:1].upper() + name[1:]


def choice_label(choices, value) -> str:
    """The label of a code from a code list (TextChoices), or "Not recorded"."""
    if value in (None, ""):
        return "Not recorded"
    return choices(value).label if value in choices.values else str(value)
