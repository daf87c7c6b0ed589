from safeguard.matching.standardise import nhs_number_is_valid
from safeguard.matching.synthetic import generate, nhs_number_for, write_population


def test_generator_is_deterministic_for_a_seed(tmp_path):
    a, b, c = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.csv"
    write_population(a, tmp_path / "a_truth.csv", 500, seed=3)
    write_population(b, tmp_path / "b_truth.csv", 500, seed=3)
    write_population(c, None, 500, seed=4)
    assert a.read_bytes() == b.read_bytes()
    assert (tmp_path / "a_truth.csv").read_bytes() == (tmp_path / "b_truth.csv").read_bytes()
    assert a.read_bytes() != c.read_bytes()


def test_generator_has_duplicates_corruption_and_optional_nhs_numbers():
    rows = list(generate(3000, seed=1))
    assert len(rows) == 3000
    people = {pid for _, pid in rows}
    assert len(people) < 2000  # people recur across records
    # The same person is not always recorded identically.
    by_person = {}
    for rec, pid in rows:
        by_person.setdefault(pid, set()).add(
            (rec["given_name"], rec["family_name"], rec["date_of_birth"]))
    assert sum(len(v) > 1 for v in by_person.values()) > 100
    assert any(rec["nhs_number"] for rec, _ in rows)
    assert not any(rec["nhs_number"] for rec, _ in generate(1000, seed=1, include_nhs=False))


def test_synthetic_nhs_numbers_are_valid_and_unique():
    numbers = [nhs_number_for(i) for i in range(1, 5000)]
    assert all(nhs_number_is_valid(n) for n in numbers)
    assert len(set(numbers)) == len(numbers)
