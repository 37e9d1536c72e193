"""Fixtures for the measure tests: the fixture catalogue and a tiny DuckDB warehouse."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest
from compiler_fixtures import Rows, make_warehouse

from attain.measures import Catalogue, load_catalogue

FIXTURES = Path(__file__).parent / "fixtures" / "definitions"


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue(FIXTURES)


@pytest.fixture
def warehouse() -> Iterator[Callable[[Rows], duckdb.DuckDBPyConnection]]:
    opened: list[duckdb.DuckDBPyConnection] = []

    def make(rows: Rows) -> duckdb.DuckDBPyConnection:
        con = make_warehouse(rows)
        opened.append(con)
        return con

    yield make
    for con in opened:
        con.close()
