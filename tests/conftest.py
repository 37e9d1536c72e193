"""Shared fixtures and options.

`--update-snapshots` rewrites SQL snapshot files instead of comparing with them.
`postgres_url` is a real PostgreSQL started by scripts/test.sh (scripts/postgres.sh); a
test that asks for it fails, never skips, when no server is available.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import settings as hypothesis_settings

# Property tests draw the same examples on every run, so CI results are reproducible; a
# failing example found once is kept as an @example in its test.
hypothesis_settings.register_profile("attain", derandomize=True)
hypothesis_settings.load_profile("attain")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-snapshots", action="store_true", default=False,
                     help="Rewrite SQL snapshot files from the current compiler output.")


@pytest.fixture
def update_snapshots(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-snapshots"))


@pytest.fixture(scope="session")
def postgres_server_url() -> str:
    url = os.environ.get("ATTAIN_TEST_POSTGRES_URL")
    if not url:
        pytest.fail("ATTAIN_TEST_POSTGRES_URL is not set: run the tests with "
                    "`bash scripts/test.sh`, which starts PostgreSQL (scripts/postgres.sh).")
    return url


@pytest.fixture
def postgres_url(postgres_server_url: str) -> str:
    """A fresh, empty database on the test server for one test; dropped afterwards."""
    import uuid

    import sqlalchemy as sa

    name = f"attain_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(postgres_server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as con:
        con.execute(sa.text(f'CREATE DATABASE "{name}"'))
    base, _, _ = postgres_server_url.rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        with admin.connect() as con:
            con.execute(sa.text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": name})
            con.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


REAL_DATA = Path(__file__).resolve().parents[1] / "data" / "real"


@pytest.fixture(scope="session")
def real_data() -> Path:
    """The real public data files shipped in data/real (copies of published OGL files; each
    folder's SOURCE.md says where it came from)."""
    return REAL_DATA


COMPARE_CUBES = Path(__file__).resolve().parents[1] / "benchmarks" / "compare_cubes.py"


@pytest.fixture(scope="session")
def compare_cubes() -> ModuleType:
    """benchmarks/compare_cubes.py as a module: two folders' datasets joined on their keys
    in DuckDB (`compare(a, b, table, tolerance)`)."""
    spec = importlib.util.spec_from_file_location("compare_cubes", COMPARE_CUBES)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
