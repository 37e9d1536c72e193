"""`attain measures list | explain` over the fixture catalogue."""

from __future__ import annotations

from pathlib import Path

import sqlglot
from typer.testing import CliRunner

from attain.cli.app import app

FIXTURES = Path(__file__).resolve().parents[1] / "measures" / "fixtures" / "definitions"


def _run(*args: str):
    return CliRunner().invoke(app, ["measures", *args, "--definitions", str(FIXTURES)])


def test_list_filters_by_kind_and_key_stage():
    result = _run("list", "--kind", "rate")
    assert result.exit_code == 0, result.output
    assert "abs_overall" in result.output and "excl_fixed_rate" in result.output
    assert "ks2_rwm_expected" not in result.output
    assert "2 of 8 measures" in result.output
    assert "1 of 8 measures" in _run("list", "--key-stage", "eyfs").output


def test_explain_prints_sql_of_the_dialect():
    result = _run("explain", "ks2_rwm_expected", "--dialect", "postgres", "--group", "boys")
    assert result.exit_code == 0, result.output
    assert "-- ks2__boys: stage 1" in result.output
    sql = result.output.split("\n", 1)[1].rstrip().rstrip(";")
    assert sqlglot.parse_one(sql, read="postgres") is not None
    assert "p.gender = 'M'" in sql


def test_explain_unknown_measure_is_a_user_error():
    result = _run("explain", "no_such_measure")
    assert result.exit_code == 2
    assert "Unknown measure(s): no_such_measure" in result.output


def test_groups_lists_each_group_with_its_partition_and_filter():
    result = _run("groups")
    assert result.exit_code == 0, result.output
    boys = next(line for line in result.output.splitlines() if "│ boys " in line)
    assert "gender" in boys and "gender = 'M'" in boys  # from the fixture's groups.yaml
    assert "5 groups" in result.output
