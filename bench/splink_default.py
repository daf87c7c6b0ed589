"""The baseline: a default Splink model, estimated on the file it links, as Splink's own tutorial
does it. Nothing of ours is used (no standardisation, no comparisons, no shipped model).

    .venv/bin/python bench/splink_default.py INPUT.csv OUTPUT.csv [--threshold 0.9]

Columns are lower-cased and trimmed (blank = missing). Generic comparisons from Splink's library:
NameComparison on given and family name, DateOfBirthComparison, ExactMatch on sex,
PostcodeComparison, JaroWinklerAtThresholds on the address. Candidates: given name + date of birth,
family name, postcode. Prior from exact given name + family name + date of birth (recall 0.7);
u by random sampling (1e7 pairs); m by EM on two blocking rules (given + family name; date of
birth). Pairs linked at ``--threshold`` (0.9) and clustered by connected components.
"""

from __future__ import annotations

import argparse
import logging


def link_default_splink(input_csv: str, output_csv: str, threshold: float = 0.9,
                        threads: int | None = None) -> int:
    import duckdb
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    con = duckdb.connect(":memory:")
    if threads:
        con.execute(f"SET threads = {int(threads)}").fetchall()
    con.execute(f"""
        CREATE TABLE people AS SELECT record_id,
            nullif(lower(trim(given_name)), '') AS given_name,
            nullif(lower(trim(family_name)), '') AS family_name,
            nullif(trim(date_of_birth), '') AS date_of_birth,
            nullif(lower(trim(sex)), '') AS sex,
            nullif(upper(trim(postcode)), '') AS postcode,
            nullif(lower(trim(address)), '') AS address
        FROM read_csv('{input_csv}', all_varchar = true, header = true)""").fetchall()
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_id",
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("family_name"),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True),
            cl.ExactMatch("sex"),
            cl.PostcodeComparison("postcode"),
            cl.JaroWinklerAtThresholds("address"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_name", "date_of_birth"),
            block_on("family_name"),
            block_on("postcode"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    db_api = DuckDBAPI(con)
    linker = Linker(db_api.register("people"), settings, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "family_name", "date_of_birth")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("given_name", "family_name"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=threshold)
    con.execute(f"COPY (SELECT record_id, cluster_id FROM {clusters.physical_name}) "
                f"TO '{output_csv}' (HEADER, DELIMITER ',')").fetchall()
    (count,) = con.execute(
        f"SELECT count(DISTINCT cluster_id) FROM {clusters.physical_name}").fetchall()[0]
    con.close()
    return int(count)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--threshold", type=float, default=0.9)
    args = parser.parse_args()
    print(link_default_splink(args.input, args.output, args.threshold), "clusters")


if __name__ == "__main__":
    main()
