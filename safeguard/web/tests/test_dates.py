"""The one GOV.UK date input: what a practitioner types, what they are told, what is kept."""

from datetime import date, timedelta

import pytest
from django import forms
from django.template import Context, Template
from django.utils import timezone

from safeguard.agencies.roles import Role
from safeguard.testing.factories import practitioner_with_role
from safeguard.web.dates import DateInputField
from safeguard.web.presenters import date_in_words


class BirthForm(forms.Form):
    date_of_birth = DateInputField(label="Date of birth", past=True, bday=True)


class MeetingForm(forms.Form):
    held_on = DateInputField(label="Date held", required=False)

    def __init__(self, *args, after=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].not_before(after, "the strategy discussion")


def typed(name="date_of_birth", day="", month="", year=""):
    return {f"{name}_day": day, f"{name}_month": month, f"{name}_year": year}


def error(form, name="date_of_birth"):
    assert not form.is_valid()
    return form.errors[name][0]


def test_a_real_past_date_is_a_date():
    form = BirthForm(typed(day="27", month="3", year="2015"))
    assert form.is_valid() and form.cleaned_data["date_of_birth"] == date(2015, 3, 27)
    assert BirthForm(typed(day=" 7 ", month="Mar", year="2015")).is_valid()  # month names as people write them


@pytest.mark.parametrize(
    "parts, message",
    [
        ({}, "Enter date of birth"),
        ({"day": "27", "year": "2015"}, "Date of birth must include a month"),
        ({"year": "2015"}, "Date of birth must include a day and month"),
        ({"day": "31", "month": "2", "year": "2019"}, "Date of birth must be a real date"),
        ({"day": "1", "month": "13", "year": "2019"}, "Date of birth must be a real date"),
        ({"day": "x", "month": "3", "year": "2019"}, "Date of birth must be a real date"),
        ({"day": "1", "month": "3", "year": "19"}, "Year must include 4 numbers"),
    ],
)
def test_gov_uk_messages_for_what_is_wrong(parts, message):
    assert error(BirthForm(typed(**parts))) == message


def test_no_future_date_of_birth():
    tomorrow = timezone.localdate() + timedelta(days=1)
    form = BirthForm(typed(day=str(tomorrow.day), month=str(tomorrow.month), year=str(tomorrow.year)))
    assert error(form) == "Date of birth must be today or in the past"


def test_not_before_another_date_says_which():
    form = MeetingForm(typed("held_on", "3", "12", "2026"), after=date(2026, 12, 4))
    assert error(form, "held_on") == (
        "Date held must be the same as or after the strategy discussion (Friday 4 December 2026)"
    )
    assert MeetingForm(typed("held_on", "4", "12", "2026"), after=date(2026, 12, 4)).is_valid()
    assert MeetingForm({}, after=date(2026, 12, 4)).is_valid()  # optional and empty


def test_rendered_as_the_gov_uk_date_input_highlighting_only_the_wrong_box():
    form = BirthForm(typed(day="27", year="2015"))
    form.is_valid()
    html = Template(
        "{% load govuk %}"
        '{% include "components/error_summary.html" with form=form %}{% govuk_field form.date_of_birth %}'
    ).render(Context({"form": form}))
    assert 'role="group"' in html and 'class="govuk-date-input"' in html
    assert html.count("govuk-date-input__input") == 3 and html.count("govuk-input--error") == 1
    assert 'href="#id_date_of_birth_month"' in html  # the summary links to the box to fix
    assert 'name="date_of_birth_day" value="27"' in html and 'autocomplete="bday-day"' in html


def test_dates_in_words():
    assert date_in_words(date(2026, 12, 4)) == "Friday 4 December 2026"
    assert date_in_words(None) == "Not known"


@pytest.mark.django_db
def test_contact_question_page_checks_the_date_there_and_says_so_once(client):
    client.force_login(practitioner_with_role(Role.DESIGNATED_SAFEGUARDING_LEAD))
    url = "/front-door/contacts/new/child/"
    future = timezone.localdate() + timedelta(days=30)
    page = client.post(
        url, {"given_name": "Ada", "family_name": "Fictional", **typed(day="30", month="2", year="2015")}
    ).content.decode()
    assert page.count("Date of birth must be a real date") == 2  # error summary and the field, once each
    answered = client.post(
        url, {"given_name": "Ada", "family_name": "Fictional", **typed(day="27", month="3", year="2015")}
    )
    assert answered.status_code == 302
    # Another person's date of birth is checked on their own page, in the same words.
    person = {"given_name": "Finn", "family_name": "Fictional", "role": "sibling"}
    page = client.post(
        "/front-door/contacts/new/people/add/",
        {**person, **typed(day=str(future.day), month=str(future.month), year=str(future.year))},
    ).content.decode()
    assert page.count("Date of birth must be today or in the past") == 2
    added = client.post("/front-door/contacts/new/people/add/", {**person, **typed(day="2", month="1", year="2017")})
    assert added.status_code == 302
    check = client.get("/front-door/contacts/new/check/").content.decode()
    assert "Friday 27 March 2015" in check and "Born Monday 2 January 2017" in check
