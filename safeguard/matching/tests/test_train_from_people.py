"""manage.py train_match_model --from-people trains on the person index and the model is used."""

import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from safeguard.matching.index import rebuild_person_index
from safeguard.matching.search import current_model, model_path
from safeguard.matching.synthetic import generate
from safeguard.people.models import Address, Person

pytestmark = pytest.mark.django_db


def _load_synthetic(n):
    people, addresses = [], []
    for record, _ in generate(n, seed=5):
        person = Person(
            given_name=record["given_name"] or "Unknown",
            family_name=record["family_name"] or "Unknown",
            date_of_birth=date.fromisoformat(record["date_of_birth"]) if record["date_of_birth"] else None,
            sex=record["sex"] or "U",
        )
        people.append(person)
        if record["address"] or record["postcode"]:
            addresses.append(Address(person=person, line_1=record["address"] or "-", postcode=record["postcode"][:8]))
    Person.objects.bulk_create(people)
    Address.objects.bulk_create(addresses)
    rebuild_person_index()


def test_too_few_people_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="at least"):
        call_command("train_match_model", "--from-people", "--output", str(tmp_path / "m.json"))
    with pytest.raises(CommandError):
        call_command("train_match_model")


def test_trains_on_the_people_recorded_and_the_setting_selects_the_model(tmp_path, settings):
    _load_synthetic(3000)
    output = tmp_path / "model.json"
    call_command("train_match_model", "--from-people", "--output", str(output), "--max-pairs-u", "200000")
    model = json.loads(output.read_text())
    names = {c["output_column_name"] for c in model["comparisons"]}
    assert names >= {"given_name", "family_and_residence", "date_of_birth"}
    settings.SAFEGUARD_MATCH_MODEL = str(output)
    assert model_path() == output
    assert current_model().source["probability_two_random_records_match"] == pytest.approx(
        model["probability_two_random_records_match"]
    )
