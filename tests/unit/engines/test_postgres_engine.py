"""The PostgreSQL engine: COPY load, results_base, Arrow fetch and clear errors."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from attain.engines.postgres import (
    RESULT_SCHEMA,
    WAREHOUSE_URL,
    PostgresEngine,
    connect,
    load_warehouse,
    safe_url,
)
from attain.errors import UserError
from attain.store.warehouse import Warehouse
from engine_fixtures import FakeQuery, tiny_warehouse

# Three pupils: two in 2019 at URN 1, one in 2018 (hand count: 2018 -> 1, 2019 -> 2).
COUNT_PER_YEAR = FakeQuery("count", 1, """
    SELECT 'pupils', year, 'national', 'E92000001', 'all', count(*), count(*),
           round(100.0 / 3, 6), CAST(NULL AS FLOAT), CAST(NULL AS FLOAT)
    FROM ks2 GROUP BY year""")
DOUBLED = FakeQuery("doubled", 2, """
    SELECT 'doubled', year, level, area_code, group_id, CAST(NULL AS FLOAT),
           CAST(NULL AS FLOAT), 2 * numerator, CAST(NULL AS FLOAT), CAST(NULL AS FLOAT)
    FROM results_base WHERE measure_id = 'pupils'""")


def _warehouse(root: Path) -> Warehouse:
    return tiny_warehouse(
        root, ks2_extra={"writ_ta": ["EXS", "", None], "ks1_aps": [15.5, None, 1 / 3]},
        schools={"urn": [1], "la_code": ["882"], "name": ["A, \"B\" school"],
                 "country": ["E"], "open_date": [datetime.date(2001, 9, 1)]})


@pytest.mark.postgres
def test_load_copies_rows_exactly(tmp_path: Path, postgres_url: str) -> None:
    with connect(postgres_url) as con:
        counts = load_warehouse(con, _warehouse(tmp_path))
        rows = con.execute("SELECT pupil_id, writ_ta, ks1_aps FROM ks2 ORDER BY pupil_id")
        assert rows.fetchall() == [("a", "EXS", 15.5), ("b", "", None), ("c", None, 1 / 3)]
        school = con.execute("SELECT name, open_date FROM schools").fetchone()
    assert counts["ks2"] == 3 and counts["schools"] == 1 and counts["pupils"] == 0
    assert school == ('A, "B" school', datetime.date(2001, 9, 1))


@pytest.mark.postgres
def test_run_puts_both_stages_in_results_base(tmp_path: Path, postgres_url: str) -> None:
    with connect(postgres_url) as con:
        load_warehouse(con, _warehouse(tmp_path))
        engine = PostgresEngine(con=con)
        assert engine.run([DOUBLED, COUNT_PER_YEAR]) == 4
        table = engine.fetch_results()
    assert table.schema == RESULT_SCHEMA
    got = {(r["measure_id"], r["year"]): r["value"] for r in table.to_pylist()}
    assert got == {("pupils", 2018): 33.333333, ("pupils", 2019): 33.333333,
                   ("doubled", 2018): 2.0, ("doubled", 2019): 4.0}


@pytest.mark.postgres
def test_a_table_added_since_the_load_names_the_load_command(tmp_path: Path,
                                                             postgres_url: str) -> None:
    reads_later = FakeQuery("estimated", 1, "SELECT 'm', year, 'national', 'E92000001', "
                            "'all', 1, 1, estimate, 1, 1 FROM imported_after_the_load")
    with connect(postgres_url) as con:
        load_warehouse(con, _warehouse(tmp_path))
        with pytest.raises(UserError, match="imported_after_the_load") as raised:
            PostgresEngine(con=con).run([reads_later])
    assert "attain warehouse load --engine postgres" in raised.value.fix


@pytest.mark.postgres
def test_missing_tables_name_the_load_command(postgres_url: str) -> None:
    with pytest.raises(UserError, match="attain warehouse load --engine postgres"):
        PostgresEngine(postgres_url)


@pytest.mark.postgres
def test_wrong_credentials_name_the_engine_and_setting(postgres_url: str) -> None:
    base, _, name = postgres_url.rpartition("/")
    wrong = base.replace("postgres@", "nobody:secret@") + "/" + name
    with pytest.raises(UserError) as err:
        connect(wrong)
    assert "PostgreSQL engine" in err.value.message
    assert WAREHOUSE_URL.env in err.value.message
    assert "secret" not in err.value.message


def test_unreachable_server_is_a_user_error() -> None:
    # Port 1 on localhost: nothing listens there.
    with pytest.raises(UserError, match="PostgreSQL engine cannot connect"):
        connect("postgresql://u:pw@127.0.0.1:1/attain")


def test_no_url_set_names_both_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ATTAIN_WAREHOUSE_URL", raising=False)
    monkeypatch.delenv("ATTAIN_DATABASE_URL", raising=False)
    with pytest.raises(UserError, match="ATTAIN_WAREHOUSE_URL.*ATTAIN_DATABASE_URL"):
        connect()


def test_safe_url_hides_the_password() -> None:
    assert (safe_url("postgresql+psycopg://me:pw@db.example:5433/attain")
            == "postgresql://me@db.example:5433/attain")




@pytest.mark.postgres
def test_cli_warehouse_load_reports_the_rows(tmp_path: Path, postgres_url: str) -> None:
    from typer.testing import CliRunner

    from attain.cli.app import app

    _warehouse(tmp_path / "warehouse")
    result = CliRunner().invoke(app, ["warehouse", "load", "--engine", "postgres",
                                      "--url", postgres_url, "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Loaded 4 rows in 2 dataset(s)" in result.output


def test_cli_warehouse_load_refuses_engines_without_tables(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from attain.cli.app import app

    result = CliRunner().invoke(app, ["warehouse", "load", "--engine", "spark",
                                      "--data-dir", str(tmp_path)])
    assert result.exit_code != 0
    assert "reads the Parquet warehouse directly" in result.output
