"""manage.py train_match_model --from-people trains on the person index and the model is used."""

import json
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

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
    return people


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


def _labels(people, n_each):
    """Practitioners' decisions on pairs of the synthetic people: merges of two records of one
    person, "not duplicate" on records of two people (recorded directly: the decisions' own
    services are tested in people/tests/test_merging.py)."""
    from safeguard.agencies.roles import Role
    from safeguard.people.models import MergeRecord, NotDuplicate
    from safeguard.testing.factories import practitioner_with_role

    who = practitioner_with_role(Role.FRONT_DOOR_MANAGER)
    truth = [true_id for _, true_id in generate(3000, seed=5)]
    by_truth = {}
    for person, true_id in zip(people, truth, strict=True):
        by_truth.setdefault(true_id, []).append(person)
    same = [group[:2] for group in by_truth.values() if len(group) >= 2][:n_each]
    for a, b in same:
        MergeRecord.objects.create(survivor=a, merged=b, merged_by=who)
    singles = [group[0] for group in by_truth.values()][: 2 * n_each]
    for a, b in zip(singles[::2], singles[1::2], strict=True):
        NotDuplicate.objects.create(person_a=a, person_b=b, decided_by=who)


def test_monthly_reestimation_adopts_only_a_model_at_least_as_good_on_labelled_pairs(
        tmp_path, settings, monkeypatch):
    from safeguard.matching import training

    settings.VAR_DIR = tmp_path
    settings.SAFEGUARD_MATCH_MODEL = ""
    people = _load_synthetic(3000)
    assert training.reestimate_match_model(force=True).startswith("kept: only 0 labelled")
    _labels(people, 15)
    pairs = training.labelled_pairs()
    assert sum(label for *_, label in pairs) == 15 and len(pairs) == 30

    # A re-estimate that has learnt nothing (every level neutral) decides the pairs worse: kept.
    def useless(output, **kwargs):
        model = json.loads(model_path().read_text())
        for comp in model["comparisons"]:
            for lvl in comp["comparison_levels"]:
                if "m_probability" in lvl:
                    lvl["m_probability"] = lvl["u_probability"]
        Path(output).write_text(json.dumps(model))
        return 3000

    monkeypatch.setattr(training, "train_from_people", useless)
    outcome = training.reestimate_match_model(force=True)
    assert outcome.startswith("kept: the re-estimated model decides"), outcome
    assert not training.adopted_model_path().exists()
    assert training.reestimate_match_model(timezone.now()) == "not due"  # tried this month
    monkeypatch.undo()

    settings.VAR_DIR = tmp_path
    settings.SAFEGUARD_MATCH_MODEL = ""
    outcome = training.reestimate_match_model(force=True, max_pairs_u=200_000)
    assert outcome.startswith("adopted"), outcome
    assert model_path() == training.adopted_model_path()  # the real-time matcher now uses it
