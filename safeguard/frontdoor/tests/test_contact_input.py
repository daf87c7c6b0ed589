"""The contact is defined once (`frontdoor.inputs.CONTACT` and `CONTACT_SUBJECT`): the wizard's child and
person pages and each item of `subjects` in `POST /api/v1/contacts` refuse the same bad answer in the
same words, on the same field; the service checks what the wizard sends against the same definition.

(The wizard's question pages for the contact's own fields are in tests/test_one_input_definition.py.)"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django import forms
from django.test import Client

from safeguard.frontdoor.forms import ChildForm, PersonForm
from safeguard.frontdoor.models import Contact
from safeguard.frontdoor.tests.conftest import Api, contact_body
from safeguard.web.dates import DateInputField

pytestmark = pytest.mark.django_db

CHILD = {"role": "subject_child", "given_name": "Peter", "family_name": "Fictional"}


def _bad_answers(form: forms.Form) -> list[tuple[str, dict]]:
    """(field, answer): a good person but for that one field (too long, not on its list, in the future)."""
    good = {"given_name": "Darren", "family_name": "Lodger", "role": "alleged_perpetrator"}
    cases = []
    for name, field in form.fields.items():
        if isinstance(field, forms.CharField) and field.max_length:
            cases.append((name, {**good, name: "x" * (field.max_length + 1)}))
        if isinstance(field, forms.ChoiceField) and name != "role":
            cases.append((name, {**good, name: "not-a-code"}))
        if isinstance(field, DateInputField):
            cases.append((name, {**good, name: date.today() + timedelta(days=400)}))
    cases.append(("role", {k: v for k, v in good.items() if k != "role"}))
    return cases


def _as_post(answer: dict) -> dict:
    data = {k: v for k, v in answer.items() if not isinstance(v, date)}
    for name, day in ((k, v) for k, v in answer.items() if isinstance(v, date)):
        data.update({f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year})
    return data


@pytest.mark.parametrize("form_class", [PersonForm, ChildForm], ids=["person page", "child page"])
def test_a_bad_answer_about_a_person_gets_the_same_words_from_the_page_and_the_api(world, form_class):
    api = Api(world.dsl)
    differences = []
    for field, answer in _bad_answers(form_class()):
        if field not in form_class.base_fields:
            continue
        form = form_class(_as_post(answer))
        page = list(form.errors.get(field, [])) if not form.is_valid() else []
        subjects = [CHILD, answer] if form_class is PersonForm else [{**answer, "role": "subject_child"}]
        number = len(subjects) - 1
        response = api.post("/contacts", contact_body(subjects=subjects))
        sent = response.json().get("errors", []) if response.status_code == 422 else []
        said = [e["message"] for e in sent if e["field"] == f"subjects[{number}].{field}"]
        if not page or page[:1] != said[:1]:
            shown = str(answer.get(field))[:30]
            differences.append(f"{field}={shown!r}: page {page} / API {response.status_code} {said}")
    assert not differences, "\n".join(differences)
    assert not Contact.objects.exists()


def test_the_wizard_sends_nothing_the_definition_refuses_and_says_why_on_the_right_page(world):
    """A name longer than the contact may hold, left in the session from before: the service checks the
    wizard's answers against the same definition, so check your answers refuses it and links to the
    child's page (it used to cut the name short without a word)."""
    web = Client()
    web.force_login(world.dsl)
    session = web.session
    session["frontdoor_intake"] = {
        "referrer": {"referrer_name": "Ms Teacher", "referral_source": "2A"},
        "child": {"given_name": "P" * 101, "family_name": "Fictional"},
        "concerns": {"concerns": "Bruise on arm", "categories": ["physical_abuse"]},
        "consent": {"consent_status": "agreed"},
    }
    session.save()
    page = web.post("/front-door/contacts/new/check/").content.decode()
    assert "First name must be 100 characters or fewer" in page
    assert "/front-door/contacts/new/child/?change=1" in page
    assert not Contact.objects.exists()
