"""Demo warehouses generated once per test session (small national scale, full home LA)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from attain.demo import DemoSummary, generate
from attain.store.warehouse import Warehouse

ENGLAND_SCALE = 0.005


@pytest.fixture(scope="session")
def england(tmp_path_factory: pytest.TempPathFactory) -> DemoSummary:
    """Southend-on-Sea (882) 2008-2025 with an England comparator at scale 0.005."""
    folder = tmp_path_factory.mktemp("england") / "data"
    return generate(folder, seed=2012, scale=ENGLAND_SCALE)


@pytest.fixture(scope="session")
def wales(tmp_path_factory: pytest.TempPathFactory) -> DemoSummary:
    """Cardiff (681) 2015-2019 with a Wales comparator at scale 0.02."""
    folder = tmp_path_factory.mktemp("wales") / "data"
    return generate(folder, seed=7, scale=0.02, la_code="681", years=range(2015, 2020))


def _connect(summary: DemoSummary) -> Iterator[duckdb.DuckDBPyConnection]:
    con = Warehouse(Path(summary.folder) / "warehouse").connect()
    yield con
    con.close()


@pytest.fixture(scope="session")
def england_db(england: DemoSummary) -> Iterator[duckdb.DuckDBPyConnection]:
    yield from _connect(england)


@pytest.fixture(scope="session")
def wales_db(wales: DemoSummary) -> Iterator[duckdb.DuckDBPyConnection]:
    yield from _connect(wales)
