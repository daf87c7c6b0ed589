"""A second synthetic population, shaped independently of ``safeguard/matching/synthetic.py``.

    .venv/bin/python bench/alt_population.py --records 100000 --seed 1 --output F.csv

Writes F.csv (the link_persons input columns) and F_truth.csv (``record_id,true_id``).
Deterministic for a seed. Only fictional people. What differs from our own generator, on
purpose, so that a model fitted to one is measured on the other:

- **Names** are not Faker's: given and family names are made from syllables, so no name list is
  shared, and drawn with other frequencies (Zipf–Mandelbrot: given names s = 1.1 over 1,250 per
  sex, the commonest 2.8% of people; family names s = 0.8 over 25,000, the commonest 0.23%).
- **People and clusters**: 1–5 records per person (shares 0.35 / 0.25 / 0.18 / 0.12 / 0.10),
  no household model; 15% of people have a sibling (same family name and address, another
  given name, a date of birth 1–6 years apart), 1% a twin.
- **Corruption** is counted per record, not per field: each record gets k ~ Poisson(1.1) errors,
  each drawn from a menu (keyboard-neighbour substitution, a dropped, doubled or transposed
  letter, OCR-like "m"/"rn" and "l"/"1" confusions, given and family names swapped, an initial in
  place of the given name, a double-barrelled or hyphenated family name, a new family name,
  day/month swapped, one digit of the date off, the year off by 1–10, a date "01/01" of an
  unknown day, a postcode with one character wrong or cut to its outward code, a free-text
  address with the flat, the town or the postcode inside it).
- **Missingness comes from the source system**: each record is from one of four systems with
  their own gaps (A: no address 40%; B: no date of birth 15%, no sex; C: postcode outward code
  only 50%; D: given name as an initial 10%, no postcode 30%).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import math
import random
import sys
from pathlib import Path

COLUMNS = ["record_id", "given_name", "family_name", "date_of_birth", "sex", "postcode",
           "address", "nhs_number"]

_ONSETS = ["b", "br", "c", "ch", "d", "dr", "f", "g", "gr", "h", "j", "k", "kl", "l", "m", "n",
           "p", "pr", "r", "s", "sh", "st", "t", "th", "tr", "v", "w", "z", ""]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "ou", "y", "ie"]
_CODAS = ["", "n", "r", "l", "s", "th", "nd", "rk", "m", "x", "tt", "ll", "ck"]
_FAMILY_ENDINGS = ["son", "ley", "worth", "field", "ton", "ham", "well", "ford", "by", "wick", ""]
_STREETS = ["Road", "Street", "Lane", "Avenue", "Close", "Drive", "Way", "Crescent", "Grove"]
_TOWNS = ["Ashby", "Brockwell", "Carrow", "Dunmere", "Elsford", "Fenwick", "Garrow", "Holloway"]
_KEYBOARD = dict(zip("qwertyuiopasdfghjklzxcvbnm",
                                  ["wa", "qes", "wrd", "etf", "ryg", "tuh", "yij", "uok", "ipl",
                                   "ol", "qsz", "awdx", "sefc", "drgv", "fthb", "gyjn", "hukm",
                                   "jil", "kop", "asx", "zsdc", "xdfv", "cfgb", "vghn", "bhjm",
                                   "njk"], strict=True))


def _syllable_name(rng: random.Random, parts: int) -> str:
    text = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
                   for _ in range(parts))
    return text.capitalize()


def _name_list(rng: random.Random, count: int, family: bool) -> list[str]:
    names: set[str] = set()
    while len(names) < count:
        name = _syllable_name(rng, rng.choice((1, 2, 2, 3)))
        if family:
            name += rng.choice(_FAMILY_ENDINGS)
        if 3 <= len(name) <= 12:
            names.add(name)
    return sorted(names)


class _Zipf:
    def __init__(self, items: list[str], s: float, offset: float, rng: random.Random):
        rng.shuffle(items)
        self.items = items
        weights = [1 / (rank + 1 + offset) ** s for rank in range(len(items))]
        total, acc, self.cum = sum(weights), 0.0, []
        for w in weights:
            acc += w / total
            self.cum.append(acc)

    def draw(self, rng: random.Random) -> str:
        import bisect

        return self.items[min(bisect.bisect_left(self.cum, rng.random()), len(self.items) - 1)]


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 2:
        return text
    i = rng.randrange(len(text))
    kind = rng.random()
    low = text.lower()
    if kind < 0.35 and low[i] in _KEYBOARD:
        return text[:i] + rng.choice(_KEYBOARD[low[i]]) + text[i + 1:]
    if kind < 0.55:
        return text[:i] + text[i + 1:]
    if kind < 0.7:
        return text[:i] + text[i] + text[i:]
    if kind < 0.85 and i < len(text) - 1:
        return text[:i] + text[i + 1] + text[i] + text[i + 2:]
    if "m" in text:
        return text.replace("m", "rn", 1)
    return text.replace("l", "1", 1) if "l" in text else text + rng.choice("aeiou")


def _poisson(rng: random.Random, lam: float) -> int:
    k, p, limit = 0, 1.0, math.exp(-lam)
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _postcode(rng: random.Random) -> str:
    letters = "ABCDEFGHJKLMNPRSTUWYZ"
    area = rng.choice(["QX", "QZ", "VX", "JZ", "KQ", "XV"])  # not real postcode areas
    return f"{area}{rng.randint(1, 40)} {rng.randint(0, 9)}{rng.choice(letters)}{rng.choice(letters)}"


def _address(rng: random.Random, family_names: list[str]) -> dict[str, str]:
    return {"number": str(rng.randint(1, 220)),
            "street": f"{rng.choice(family_names)} {rng.choice(_STREETS)}",
            "town": rng.choice(_TOWNS), "flat": str(rng.randint(1, 12)) if rng.random() < 0.15 else ""}


def _address_text(rng: random.Random, home: dict[str, str], postcode: str) -> str:
    style = rng.random()
    flat = f"Flat {home['flat']}, " if home["flat"] else ""
    if style < 0.5:
        return f"{flat}{home['number']} {home['street']}"
    if style < 0.75:
        return f"{flat}{home['number']} {home['street']}, {home['town']}"
    if style < 0.9:
        return f"{home['number']} {home['street']} {home['town']} {postcode}".upper()
    return f"{home['number']}, {home['street'].lower()}"


def _date_text(d: dt.date) -> str:
    return d.isoformat()


def _corrupt_date(rng: random.Random, d: dt.date) -> str:
    kind = rng.random()
    try:
        if kind < 0.3 and d.day <= 12 and d.day != d.month:
            return dt.date(d.year, d.day, d.month).isoformat()
        if kind < 0.6:
            text = list(d.isoformat())
            pos = rng.choice([2, 3, 5, 6, 8, 9])
            text[pos] = str(rng.randrange(10))
            candidate = "".join(text)
            dt.date.fromisoformat(candidate)
            return candidate
        if kind < 0.85:
            return dt.date(d.year + rng.choice([-1, 1]) * rng.randint(1, 10), d.month,
                           min(d.day, 28)).isoformat()
        return dt.date(d.year, 1, 1).isoformat()
    except ValueError:
        return d.isoformat()


def write_alt_population(path: str | Path, truth: str | Path, records: int, seed: int = 1) -> None:
    rng = random.Random(seed * 7919 + 17)
    given = {"F": _Zipf(_name_list(rng, 1250, False), 1.1, 8, rng),
             "M": _Zipf(_name_list(rng, 1250, False), 1.1, 8, rng)}
    family_list = _name_list(rng, 25_000, True)
    family = _Zipf(list(family_list), 0.8, 30, rng)
    shares = [0.35, 0.25, 0.18, 0.12, 0.10]
    today = dt.date(2026, 11, 1)
    written, person_no = 0, 0
    rows: list[list[str]] = []
    truth_rows: list[list[str]] = []
    previous: dict | None = None
    while written < records:
        person_no += 1
        sex = rng.choice("FM")
        if previous is not None and rng.random() < 0.16:  # a sibling (1 in 16 a twin)
            twin = rng.random() < 1 / 16
            fam, home, postcode = previous["family"], previous["home"], previous["postcode"]
            dob = previous["dob"] if twin else previous["dob"] + dt.timedelta(
                days=rng.choice([-1, 1]) * rng.randint(365, 6 * 365))
            if dob > today:
                dob = previous["dob"] - dt.timedelta(days=400)
        else:
            fam = family.draw(rng)
            home, postcode = _address(rng, family_list), _postcode(rng)
            dob = today - dt.timedelta(days=rng.randint(0, 80 * 365))
        first = given[sex].draw(rng)
        person = {"given": first, "family": fam, "dob": dob, "sex": sex, "home": home,
                  "postcode": postcode}
        previous = person
        count = rng.choices(range(1, 6), weights=shares)[0]
        for _ in range(count):
            if written >= records:
                break
            written += 1
            rows.append(_record(rng, person, f"X{written:07d}", family))
            truth_rows.append([f"X{written:07d}", f"P{person_no}"])
    order = list(range(len(rows)))
    rng.shuffle(order)
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(COLUMNS)
        out.writerows(rows[i] for i in order)
    with open(truth, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["record_id", "true_id"])
        out.writerows(truth_rows)


def _record(rng: random.Random, p: dict, record_id: str, family: _Zipf) -> list[str]:
    system = rng.choice("ABCD")
    given, fam = p["given"], p["family"]
    dob, sex, postcode = _date_text(p["dob"]), p["sex"], p["postcode"]
    address = _address_text(rng, p["home"], p["postcode"])
    for _ in range(_poisson(rng, 1.1)):
        kind = rng.random()
        if kind < 0.22:
            given = _typo(rng, given)
        elif kind < 0.40:
            fam = _typo(rng, fam)
        elif kind < 0.44:
            given, fam = fam, given
        elif kind < 0.48:
            given = given[0]
        elif kind < 0.52:
            fam = f"{fam}-{family.draw(rng)}" if rng.random() < 0.5 else f"{family.draw(rng)} {fam}"
        elif kind < 0.56:
            fam = family.draw(rng)
        elif kind < 0.72:
            dob = _corrupt_date(rng, p["dob"])
        elif kind < 0.80:
            postcode = postcode[:-1] + rng.choice("ABDEFGHJLNPQRSTUWXYZ")
        elif kind < 0.86:
            postcode = postcode.split(" ")[0]
        elif kind < 0.94:
            address = _typo(rng, address)
        else:
            sex = "M" if sex == "F" else "F"
    if system == "A" and rng.random() < 0.4:
        address = ""
    if system == "B":
        sex = ""
        if rng.random() < 0.15:
            dob = ""
    if system == "C" and rng.random() < 0.5:
        postcode = postcode.split(" ")[0]
    if system == "D":
        if rng.random() < 0.1:
            given = given[0]
        if rng.random() < 0.3:
            postcode = ""
    if rng.random() < 0.2:
        given, fam = given.upper(), fam.upper()
    return [record_id, given, fam, dob, sex, postcode, address, ""]


def ensure_alt_population(path: str | Path, records: int, seed: int) -> Path:
    path = Path(path)
    truth = path.with_name(f"{path.stem}_truth{path.suffix}")
    if not (path.exists() and truth.exists()):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_alt_population(path, truth, records, seed)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--output", required=True)
    args = parser.parse_args()
    out = Path(args.output)
    write_alt_population(out, out.with_name(f"{out.stem}_truth{out.suffix}"), args.records,
                         args.seed)
    print(f"wrote {args.records} records to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
