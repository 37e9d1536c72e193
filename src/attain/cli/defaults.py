"""Defaults and choices that the commands' options show in --help, without importing the
modules that own them.

Typer builds every command's options when `attain` starts, so a default taken from
`attain.services.compute` (or numpy-backed `attain.similar.family`, the measure compiler,
the demo generator) would load pandas, pyarrow, DuckDB and SQLAlchemy for every command,
`attain --help` included. These copies keep start-up light;
tests/unit/cli/test_cli_imports.py checks each against the module that owns it.
"""

from __future__ import annotations

# attain.services.compute.DEFAULT_STRATEGY
COMPUTE_STRATEGY = "rollup"
# attain.measures.compiler.DIALECTS
SQL_DIALECTS = ("duckdb", "postgres", "spark")
# attain.engines.registry.EngineName.POSTGRES
WAREHOUSE_ENGINE = "postgres"
# attain.similar.family.DEFAULT_SIZE and DEFAULT_VARIABLES
FAMILY_SIZE = 20
FAMILY_VARIABLES = ("pupils", "pct_fsm", "pct_disadvantaged", "pct_sen", "pct_eal", "prior")
# attain.demo.schools.FIRST_YEAR and LAST_YEAR: the years the demo generator can make
DEMO_FIRST_YEAR = 2008
DEMO_LAST_YEAR = 2025
