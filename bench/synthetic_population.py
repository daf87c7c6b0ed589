"""Write a synthetic population of person records with known truth.

    .venv/bin/python bench/synthetic_population.py --records 1000000 --seed 1 \
        --no-nhs --output bench/results/tmp/people_1m.csv

Writes OUTPUT (the link_persons input columns) and OUTPUT with ``_truth``
before the extension (``record_id,true_id``). Deterministic for a seed; see
``safeguard/matching/synthetic.py`` for the corruption model.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from safeguard.matching.synthetic import write_population


def truth_path(path: str | Path) -> Path:
    path = Path(path)
    return path.with_name(f"{path.stem}_truth{path.suffix}")


def ensure_population(path: str | Path, records: int, seed: int, include_nhs: bool) -> Path:
    """Generate the file unless it (and its truth file) already exist."""
    path = Path(path)
    if not (path.exists() and truth_path(path).exists()):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_population(path, truth_path(path), records, seed=seed, include_nhs=include_nhs)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-nhs", action="store_true", help="leave every NHS number blank")
    parser.add_argument("--output", required=True)
    args = parser.parse_args()
    started = time.perf_counter()
    write_population(args.output, truth_path(args.output), args.records, seed=args.seed,
                     include_nhs=not args.no_nhs)
    print(f"wrote {args.records} records to {args.output} and {truth_path(args.output)} "
          f"in {time.perf_counter() - started:.1f}s")


if __name__ == "__main__":
    main()
