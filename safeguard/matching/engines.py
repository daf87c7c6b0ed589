"""Where the linkage SQL runs: DuckDB on this machine, or Spark (one machine or a cluster), and the
twins/siblings guard written once for both."""

from __future__ import annotations

import logging
import os
import re
from typing import Any

import duckdb

from . import model as linkage_model
from .loading import _run, _sql_str

ENGINES = ("duckdb", "spark")


def spark_sql(sql: str) -> str:
    """A DuckDB SQL condition of this module in Spark SQL with Splink's similarity functions."""
    sql = re.sub(r"\bjaro_winkler_similarity\(", "jaro_winkler(", sql)
    return re.sub(r"\blist_has_any\(", "arrays_overlap(", sql)


def _same_sql(sql: str) -> str:
    return sql


def _level_sql_on_pair(sql: str) -> str:
    """A comparison level's condition (``given_name_l``) on a join of ``l`` and ``r``."""
    return re.sub(r"\b(\w+)_([lr])\b", r"\2.\1", sql)


def _relatives_sql() -> str:
    """The twins/siblings guard: the given-name comparison's "else" level (no other level holds:
    not equal, not a short form, not similar, not alike in sound, not one letter off, not swapped
    with the family name, not an initial) and no NHS number agreeing. Built from the levels, so it
    stays the same rule as ``scoring.Match.likely_relative``."""
    spec = next(c for c in linkage_model.COMPARISONS if c.name == "given_name")
    others = [f"coalesce({_level_sql_on_pair(lvl.sql)}, false)" for lvl in spec.levels
              if not lvl.is_null and lvl.sql != "ELSE"]
    return ("l.given_name IS NOT NULL AND r.given_name IS NOT NULL AND NOT ("
            + " OR ".join(others) + ") AND NOT coalesce(l.nhs_number = r.nhs_number, false)")


#: The relatives guard is used only when the model says that records of one person seldom have
#: wholly different given names (m of the given-name "else" level below this). Where they often
#: do (a file whose given names are replaced or keyed in another order), dropping those links
#: would throw true matches away, and the model's own weight for the disagreement is used instead.
GUARD_MAX_M_GIVEN_ELSE = 0.02


def given_name_else_m(model: dict[str, Any]) -> float | None:
    for comp in model.get("comparisons", []):
        if comp["output_column_name"] == "given_name":
            for lvl in comp["comparison_levels"]:
                if lvl.get("label_for_charts") == "else":
                    return lvl.get("m_probability")
    return None


class _Engine:
    """Runs this module's own SQL (guard, threshold, output) on DuckDB or on Spark."""

    def __init__(self, name: str, con: duckdb.DuckDBPyConnection, *, spark_master: str | None,
                 work_dir: str, threads: int | None, memory_limit: str | None,
                 spark_partitions: int | None, spark_conf: dict[str, str] | None = None):
        self.name, self.con, self.work_dir = name, con, work_dir
        self.translate = spark_sql if name == "spark" else _same_sql
        self.spark = None
        if name == "spark":
            from splink.backends.spark import SparkAPI

            self.spark = spark_session(master=spark_master, threads=threads,
                                       memory=memory_limit, partitions=spark_partitions,
                                       conf=spark_conf,
                                       work_dir=work_dir)
            # Splink breaks long query lineages by checkpointing: into this run's directory.
            self.spark.sparkContext.setCheckpointDir(os.path.join(work_dir, "checkpoints"))
            path = os.path.join(work_dir, "persons.parquet")
            _run(con, f"COPY persons TO {_sql_str(path)} (FORMAT parquet)")
            persons = self.spark.read.parquet(path)
            persons.createOrReplaceTempView("persons")
            self.db_api = SparkAPI(spark_session=self.spark, break_lineage_method="parquet")
            self.sdf = self.db_api.register("persons", dataset_display_name="persons")
        else:
            from splink import DuckDBAPI

            self.db_api = DuckDBAPI(con)
            self.sdf = self.db_api.register("persons", dataset_display_name="persons")

    def create(self, name: str, select_sql: str) -> Any:
        """Make ``select_sql``'s result a table (view on Spark) called ``name``; return it for Splink."""
        if self.spark is not None:
            df = self.spark.sql(self.translate(select_sql))
            df.createOrReplaceTempView(name)
            return self.db_api.register(name, table_name=name)
        _run(self.con, f"CREATE OR REPLACE TABLE {name} AS {select_sql}")
        return self.db_api.register(name, table_name=name)

    def fetch(self, sql: str) -> list[tuple]:
        if self.spark is not None:
            return [tuple(row) for row in self.spark.sql(self.translate(sql)).collect()]
        return self.con.execute(sql).fetchall()

    def to_duckdb(self, physical_name: str, name: str) -> str:
        """Bring a Splink table into DuckDB (for writing the output); returns its DuckDB name."""
        if self.spark is None:
            return physical_name
        path = os.path.join(self.work_dir, f"{name}.parquet")
        self.spark.table(physical_name).write.mode("overwrite").parquet(path)
        _run(self.con, f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM read_parquet("
                       f"{_sql_str(os.path.join(path, '*.parquet'))})")
        return name


def spark_session(*, master: str | None = None, threads: int | None = None,
                  memory: str | None = None, partitions: int | None = None,
                  work_dir: str | None = None, conf: dict[str, str] | None = None) -> Any:
    """The Spark session for ``--engine spark``: the running one if there is one, else a new one
    on ``master`` (default: this machine, ``local[threads]``) with Splink's similarity functions.

    For a cluster, give its master URL (``spark://host:7077``, ``yarn``, ``k8s://...``) and a
    work directory every executor can read; ``conf`` sets any other Spark property (executor
    memory and cores, timeouts), after and over the defaults here; see the README.
    """
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    master = master or os.environ.get("SAFEGUARD_SPARK_MASTER") or f"local[{threads or 2}]"
    builder = (SparkSession.builder.master(master).appName("safeguard-link-persons")
               .config("spark.jars", similarity_jar_location())
               .config("spark.sql.shuffle.partitions", str(partitions or 8))
               .config("spark.default.parallelism", str(partitions or 8))
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               # Splink's scoring expressions are long: whole-stage code generation exceeds the
               # JVM's 64 KB method limit, fails, and falls back anyway after a costly attempt.
               .config("spark.sql.codegen.wholeStage", "false")
               .config("spark.sql.adaptive.enabled", "false")
               # A loaded machine or a long garbage collection can keep an executor silent for
               # longer than Spark's 10 s heartbeat / 120 s network defaults expect.
               .config("spark.executor.heartbeatInterval", "60s")
               .config("spark.network.timeout", "600s"))
    if memory and master.startswith("local"):
        builder = builder.config("spark.driver.memory", memory.replace("GB", "g").replace("MB", "m"))
    if work_dir:
        builder = builder.config("spark.local.dir", work_dir)
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    logging.getLogger("py4j").setLevel(logging.ERROR)  # not its chatter on closing
    return spark
