"""link_persons on Splink's Spark backend gives the clusters DuckDB gives, for the same model.

Needs pyspark (requirements-spark.txt) and a Java runtime; skipped, saying why, without them.
One local Spark session (one core, one shuffle partition) for the module keeps it short.
"""

import csv
import shutil

import pytest

from safeguard.matching.batch import link_file
from safeguard.matching.synthetic import write_population

pyspark = pytest.importorskip("pyspark", reason="pyspark not installed (requirements-spark.txt)")
if shutil.which("java") is None:
    pytest.skip("no Java runtime for Spark", allow_module_level=True)


def groups(path):
    by_cluster = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            by_cluster.setdefault(row["cluster_id"], set()).add(row["record_id"])
    return {frozenset(members) for members in by_cluster.values()}


@pytest.fixture(scope="module")
def spark():
    from safeguard.matching.batch import spark_session

    session = spark_session(threads=1, partitions=1, memory="1GB")
    yield session
    session.stop()


def test_spark_and_duckdb_give_the_same_clusters(spark, tmp_path):
    data = tmp_path / "people.csv"
    write_population(data, None, 600, seed=5, include_nhs=False)
    model = tmp_path / "model.json"
    on_duckdb, on_spark = tmp_path / "duckdb.csv", tmp_path / "spark.csv"
    duck = link_file(data, on_duckdb, progress=False, save_model=model, estimate=False,
                     threshold=0.8)
    sparked = link_file(data, on_spark, progress=False, model=model, engine="spark",
                        threshold=0.8)
    assert sparked.engine == "spark"
    assert groups(on_spark) == groups(on_duckdb)
    assert duck.clusters == sparked.clusters < 600  # some records were linked
