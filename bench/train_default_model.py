"""Regenerate ``safeguard/matching/default_model.json`` from synthetic data.

    .venv/bin/python bench/train_default_model.py [--records 200000] [--seed 11]

Trains unsupervised (u by random sampling, m by EM, prior by deterministic
rules) on a deterministic synthetic population in which 60% of records carry
an NHS number, so the shipped model has trained NHS parameters.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from safeguard.matching.batch import train_file
from safeguard.matching.model import DEFAULT_MODEL_PATH
from safeguard.matching.synthetic import write_population


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--output", default=str(DEFAULT_MODEL_PATH))
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "train.csv"
        write_population(data, None, args.records, seed=args.seed, include_nhs=True)
        train_file(data, args.output, max_pairs_u=1e7, seed=42)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
