"""Recall on a file shaped unlike our generator: names keyed the wrong way round, dates of birth
replaced or missing, no sex recorded at all (as in the FEBRL benchmark files).

Each kind of damage is measured on its own, so a change to the candidate rules, the training
rules, the prior or the threshold that loses those pairs fails here, not only in bench/.
"""

import csv
import datetime as dt
import random

import pytest

from safeguard.matching.batch import link_file

COLUMNS = ["record_id", "given_name", "family_name", "date_of_birth", "sex", "postcode",
           "address", "nhs_number"]
#: The damage measured, one kind per person in turn; the other people's duplicates carry a light
#: typo or none, as most of a real file's would.
KINDS = ("names_swapped", "dob_replaced", "dob_missing")
LIGHT = ("given_typo", "family_typo", "address_typo", "copy", "postcode_typo")


def _name(rng: random.Random, syllables: int) -> str:
    onsets = ["b", "br", "c", "d", "dr", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s",
              "st", "t", "v", "w", "z"]
    vowels = ["a", "e", "i", "o", "u", "ai", "ea", "ou"]
    codas = ["", "n", "r", "l", "s", "th", "m"]
    return "".join(rng.choice(onsets) + rng.choice(vowels) + rng.choice(codas)
                   for _ in range(syllables)).capitalize()


def _typo(rng: random.Random, text: str) -> str:
    i = rng.randrange(1, len(text))
    return text[:i] + rng.choice("aeiourstn") + text[i + 1:]


def _date(rng: random.Random) -> str:
    return (dt.date(1930, 1, 1) + dt.timedelta(days=rng.randrange(80 * 365))).isoformat()


@pytest.fixture(scope="module")
def linked(tmp_path_factory):
    """800 fictional people, each with an original record and a duplicate (one kind of damage in
    turn); 4-digit postcodes shared by many people, addresses as free text, no sex."""
    rng = random.Random(2026)
    given = sorted({_name(rng, 2) for _ in range(400)})
    family = sorted({_name(rng, 3) for _ in range(900)})
    postcodes = [f"{rng.randrange(2000, 7000)}" for _ in range(150)]
    rows, kind_of = [], {}
    for person in range(800):
        g, f, dob = rng.choice(given), rng.choice(family), _date(rng)
        postcode = rng.choice(postcodes)
        address = f"{rng.randrange(1, 200)} {_name(rng, 2)} street {_name(rng, 2)}"
        rows.append([f"p{person}-a", g, f, dob, "", postcode, address, ""])
        kind = (*KINDS, *LIGHT)[person % (len(KINDS) + len(LIGHT))]
        dup = [f"p{person}-b", g, f, dob, "", postcode, address, ""]
        if kind == "names_swapped":  # and the postcode's digits transposed
            dup[1], dup[2] = f, g
            dup[5] = postcode[0] + postcode[2] + postcode[1] + postcode[3]
        elif kind == "dob_replaced":  # and the address mistyped
            dup[3], dup[6] = _date(rng), _typo(rng, address)
        elif kind == "dob_missing":  # and the family name mistyped
            dup[3], dup[2] = "", _typo(rng, f)
        elif kind == "given_typo":
            dup[1] = _typo(rng, g)
        elif kind == "family_typo":
            dup[2] = _typo(rng, f)
        elif kind == "address_typo":
            dup[6] = _typo(rng, address)
        elif kind == "postcode_typo":
            dup[5] = postcode[:3] + str((int(postcode[3]) + 1) % 10)
        rows.append(dup)
        kind_of[person] = kind
    rng.shuffle(rows)
    tmp = tmp_path_factory.mktemp("unlike")
    src, out = tmp / "in.csv", tmp / "out.csv"
    with open(src, "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    result = link_file(src, out, progress=False, threads=1)
    with open(out, newline="") as fh:
        cluster = {r["record_id"]: r["cluster_id"] for r in csv.DictReader(fh)}
    return result, cluster, kind_of


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_of_damaged_duplicate_is_still_linked(linked, kind):
    _, cluster, kind_of = linked
    people = [p for p, k in kind_of.items() if k == kind]
    found = sum(cluster[f"p{p}-a"] == cluster[f"p{p}-b"] for p in people)
    assert found / len(people) >= 0.9, f"{kind}: {found} of {len(people)} duplicates linked"


def test_different_people_are_not_merged(linked):
    result, cluster, kind_of = linked
    people_per_cluster: dict[str, set[str]] = {}
    for record_id, cluster_id in cluster.items():
        people_per_cluster.setdefault(cluster_id, set()).add(record_id.split("-")[0])
    merged = sum(len(people) - 1 for people in people_per_cluster.values())
    assert merged <= 8, f"{merged} people wrongly merged into another's cluster"
    assert result.training is not None  # the model was estimated on this file
