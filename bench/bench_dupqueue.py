"""The duplicate review queue on files with known truth: pairs queued, precision and recall, with the
model's fixed prior (before) and with the prior scaled to the population (after).

    env -u DATABASE_URL nice .venv/bin/python bench/bench_dupqueue.py [--only ours-10k ...] [--label L]

Each file is read as if each record were one person's record in the county's person index: the
records are standardised, grouped on the duplicate scan's blocking keys (``CANDIDATE_KEYS``, groups
of at most ``MAX_KEY_GROUP``), each pair is scored once with the shipped model and the scan's
relatives rule (`people.duplicates._Scorer`), and term frequencies are used from 20,000 records on,
as in the scan. A pair is queued when its probability is at least ``MIN_STORED_PROBABILITY``; the
review page shows pairs from ``MIN_REVIEW_PROBABILITY``. "before" is the model's prior, "after"
``matching.population.prior_for_population(records)``.

Recall is of every true pair in the file (also those no blocking key brings together). Scored pairs
(evidence weights and truth) are cached under bench/results/tmp/ so the table can be redone.
Results: bench/results/dupqueue-<date>[-L].md|json.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
import os
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguard.settings")
os.environ.setdefault("SAFEGUARD_DEMO", "1")

TMP = ROOT / "bench" / "results" / "tmp"
RESULTS = ROOT / "bench" / "results"
DATASETS = ("ours-10k", "ours-100k", "ours-1000k", "alt-10k", "alt-100k", "alt-1000k", "febrl1", "febrl2", "febrl3",
            "ours-county-100k", "ours-county-1000k", "alt-county-100k", "alt-county-1000k")


#: County-shaped files keep one record per person, and every record of this share of people: a
#: county's index holds few duplicates, where the generators' files are mostly duplicates.
COUNTY_DUPLICATED_SHARE = 0.03


def dataset(name: str) -> Path:
    from alt_population import ensure_alt_population
    from febrl import write_febrl
    from synthetic_population import ensure_population

    if "-county-" in name:
        return county_shaped(dataset(name.replace("-county", "")))
    if name.startswith("ours-"):
        size = int(name[5:-1]) * 1000
        return ensure_population(TMP / f"people_{size}_nonhs_s1.csv", size, 1, include_nhs=False)
    if name.startswith("alt-"):
        size = int(name[4:-1]) * 1000
        return ensure_alt_population(TMP / f"alt_{size}_s1.csv", size, 1)
    path = TMP / f"{name}.csv"
    return path if path.exists() else write_febrl(name, TMP)


def county_shaped(source: Path) -> Path:
    """The file with one record per person, but all records of ``COUNTY_DUPLICATED_SHARE`` of
    people (chosen by a hash of their true id, so the same people at every size)."""
    import zlib

    path = source.with_name(f"{source.stem}_county{source.suffix}")
    truth_path = path.with_name(f"{path.stem}_truth{path.suffix}")
    if path.exists() and truth_path.exists():
        return path
    rows, truth = read(source)
    seen: set[str] = set()
    kept = []
    for row in rows:
        person = truth[row["record_id"]]
        duplicated = zlib.crc32(person.encode()) % 10_000 < COUNTY_DUPLICATED_SHARE * 10_000
        if person not in seen or duplicated:
            kept.append(row)
        seen.add(person)
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.DictWriter(f, fieldnames=list(rows[0]))
        out.writeheader()
        out.writerows(kept)
    with open(truth_path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["record_id", "true_id"])
        out.writerows([r["record_id"], truth[r["record_id"]]] for r in kept)
    return path


def read(path: Path) -> tuple[list[dict], dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with open(path.with_name(f"{path.stem}_truth{path.suffix}"), newline="", encoding="utf-8") as f:
        truth = {r["record_id"]: r["true_id"] for r in csv.DictReader(f)}
    return rows, truth


def scored_pairs(name: str) -> dict:
    """Every candidate pair the scan would score (not relatives): evidence weight and truth."""
    cache = TMP / f"dupqueue_{name}.json"
    if cache.exists():
        return json.loads(cache.read_text(encoding="utf-8"))
    import django

    django.setup()
    from safeguard.matching import model as match_model
    from safeguard.matching.index import FREQUENCY_COLUMNS
    from safeguard.matching.scoring import CANDIDATE_KEYS, blocking_keys, score_pair
    from safeguard.matching.standardise import standardise_record
    from safeguard.people.duplicates import MAX_KEY_GROUP, _Scorer

    rows, truth = read(dataset(name))
    started = time.process_time()
    records = []
    for row in rows:
        raw = {k: (v or None) for k, v in row.items()}
        try:
            std = standardise_record(raw)
        except ValueError:  # a value link_persons would report and treat as missing
            std = standardise_record({k: v for k, v in raw.items() if k != "date_of_birth"})
        std["record_id"] = row["record_id"]
        std.update({k: v for k, v in blocking_keys(std).items() if k in CANDIDATE_KEYS})
        records.append(std)
    frequencies = None
    if len(records) >= match_model.MIN_RECORDS_FOR_TERM_FREQUENCIES:
        frequencies = {}
        for column in FREQUENCY_COLUMNS:
            counts = Counter(r.get(column) for r in records if r.get(column) is not None)
            frequencies[column] = {v: n / len(records) for v, n in counts.items()}
    scorer = _Scorer(set(), len(records))  # evidence below: the weight less its prior
    model = scorer.model
    seen: set[tuple[int, int]] = set()
    evidence: list[tuple[float, bool]] = []
    for key in CANDIDATE_KEYS:
        groups: dict[str, list[int]] = defaultdict(list)
        for i, r in enumerate(records):
            if r.get(key) is not None:
                groups[r[key]].append(i)
        for members in groups.values():
            if len(members) < 2 or len(members) > MAX_KEY_GROUP:
                continue
            for x in range(len(members)):
                for y in range(x + 1, len(members)):
                    pair = (members[x], members[y])
                    if pair in seen:
                        continue
                    seen.add(pair)
                    left, right = records[pair[0]], records[pair[1]]
                    if scorer.relatives(left, right):
                        continue
                    match = score_pair(left, right, model=model, frequencies=frequencies)
                    if match.likely_relative:
                        continue
                    same = truth[left["record_id"]] == truth[right["record_id"]]
                    evidence.append((match.match_weight - model.prior_weight, same))
    people = Counter(truth.values())
    found = {
        "records": len(records),
        "true_pairs": sum(n * (n - 1) // 2 for n in people.values()),
        "candidate_pairs": len(seen),
        "scoring_cpu_s": round(time.process_time() - started, 1),
        "evidence": evidence,
    }
    cache.write_text(json.dumps(found), encoding="utf-8")
    return found


#: Anchors the sensitivity table tries besides PRIOR_POPULATION (r = prior × reference / 2 duplicate
#: pairs per record: 0.2 and 0.05 with the shipped prior).
ALTERNATIVE_REFERENCES = (40_000, 10_000)


def queue(found: dict, prior: float, cut: float) -> dict:
    """Pairs at or above probability ``cut`` with this prior, and their precision and recall."""
    need = math.log2(cut / (1 - cut)) - math.log2(prior / (1 - prior))
    queued = [same for weight, same in found["evidence"] if weight >= need]
    true = sum(queued)
    return {
        "pairs": len(queued),
        "true": true,
        "precision": round(true / len(queued), 4) if queued else 1.0,
        "recall": round(true / found["true_pairs"], 4) if found["true_pairs"] else 1.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", nargs="*", default=list(DATASETS))
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    import django

    django.setup()
    from safeguard.matching.population import prior_for_population
    from safeguard.matching.search import current_model
    from safeguard.people.duplicates import MIN_STORED_PROBABILITY
    from safeguard.people.merging import MIN_REVIEW_PROBABILITY

    fixed = current_model().source["probability_two_random_records_match"]
    table = []
    for name in args.only:
        found = scored_pairs(name)
        records = found["records"]
        true_pairs = found["true_pairs"]
        row = {
            "data": name, "records": records, "true_pairs": true_pairs,
            "true_prior": true_pairs / (records * (records - 1) / 2),
            "candidate_pairs": found["candidate_pairs"], "scoring_cpu_s": found["scoring_cpu_s"],
            "prior_before": fixed, "prior_after": prior_for_population(records),
        }
        for when in ("before", "after"):
            for cut_name, cut in (("stored", MIN_STORED_PROBABILITY), ("review", MIN_REVIEW_PROBABILITY)):
                row[f"{when}_{cut_name}"] = queue(found, row[f"prior_{when}"], cut)
        # the same law anchored lower: fewer duplicates per record assumed (what a county may hold)
        for reference in ALTERNATIVE_REFERENCES:
            prior = prior_for_population(records, model_prior=fixed, reference=reference)
            row[f"anchored_{reference}"] = queue(found, prior, MIN_STORED_PROBABILITY)
        table.append(row)
        print(json.dumps(row), flush=True)
    stamp = dt.date.today().isoformat() + (f"-{args.label}" if args.label else "")
    (RESULTS / f"dupqueue-{stamp}.json").write_text(json.dumps(table, indent=2) + "\n", encoding="utf-8")
    lines = [
        f"# Duplicate queue against truth ({stamp})", "",
        "`env -u DATABASE_URL nice .venv/bin/python bench/bench_dupqueue.py`. Queued: probability >= "
        f"{MIN_STORED_PROBABILITY} (stored); review: >= {MIN_REVIEW_PROBABILITY} (the page). Before: the model's prior "
        f"{fixed:.3g}; after: `prior_for_population(records)`. Recall of every true pair in the file.", "",
        "| data | records | true pairs | true prior | prior after | queued before | P / R before | "
        "queued after | P / R after | review before P / R | review after P / R |",
        "|---|---:|---:|---:|---:|---:|---|---:|---|---|---|",
    ]
    for r in table:
        b, a, rb, ra = r["before_stored"], r["after_stored"], r["before_review"], r["after_review"]
        lines.append(
            f"| {r['data']} | {r['records']:,} | {r['true_pairs']:,} | {r['true_prior']:.3g} | {r['prior_after']:.3g} "
            f"| {b['pairs']:,} | {b['precision']:.3f} / {b['recall']:.3f} | {a['pairs']:,} | "
            f"{a['precision']:.3f} / {a['recall']:.3f} | {rb['pairs']:,}: {rb['precision']:.3f} / {rb['recall']:.3f} "
            f"| {ra['pairs']:,}: {ra['precision']:.3f} / {ra['recall']:.3f} |"
        )
    lines += [
        "", "Sensitivity: queued (>= " f"{MIN_STORED_PROBABILITY}" ") with the prior anchored at fewer records, i.e. "
        "assuming fewer duplicate pairs per record than the training file's one:", "",
        "| data | " + " | ".join(f"anchored at {r:,}: pairs, P / R" for r in ALTERNATIVE_REFERENCES) + " |",
        "|---|" + "---|" * len(ALTERNATIVE_REFERENCES),
    ]
    for r in table:
        cells = [r[f"anchored_{ref}"] for ref in ALTERNATIVE_REFERENCES]
        lines.append(f"| {r['data']} | " + " | ".join(
            f"{c['pairs']:,}: {c['precision']:.3f} / {c['recall']:.3f}" for c in cells) + " |")
    (RESULTS / f"dupqueue-{stamp}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
