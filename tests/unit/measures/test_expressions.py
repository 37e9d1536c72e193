"""Expression checks: parameters, allow-list, column resolution, types, qualification."""

from __future__ import annotations

import pytest

from attain.domain.datasets import EXCLUSIONS, KS2, PHONICS
from attain.measures.expressions import ExprType, Scope, check_expression, qualify
from attain.measures.spec import Param

KS2_SCOPE = Scope(KS2)


def _rules(text: str, expected: ExprType | None = ExprType.BOOL, params=None) -> list[str]:
    return [p.rule for p in check_expression(text, KS2_SCOPE, params or {}, expected).problems]


def _sql(text: str, scope: Scope = KS2_SCOPE, params=None, zero: bool = False) -> str:
    checked = check_expression(text, scope, params or {}, None)
    assert checked.node is not None and not checked.problems, checked.problems
    return qualify(checked.node, scope, zero).sql(dialect="duckdb")


def test_dataset_columns_win_over_census_columns():
    assert _sql("read_scaled >= 100 and gender = 'F'") == "d.read_scaled >= 100 AND p.gender = 'F'"
    # phonics has its own nc_year (1 check, 2 re-check), which hides the census one.
    assert _sql("nc_year = 1", Scope(PHONICS)) == "d.nc_year = 1"
    assert _sql("p.nc_year = 1", Scope(PHONICS)) == "p.nc_year = 1"


def test_zero_when_absent_takes_keys_from_census_and_zeros_the_rest():
    assert _sql("fixed_count > 0 and not permanent and year > 2010", Scope(EXCLUSIONS),
                zero=True) == ("COALESCE(d.fixed_count, 0) > 0 AND NOT COALESCE(d.permanent, "
                               "FALSE) AND p.year > 2010")


def test_per_year_parameter_becomes_case_on_year():
    params = {"t": Param("t", 32, ((2012, 32), (2013, 31)))}
    assert _sql("read_scaled >= {t}", params=params) == (
        "d.read_scaled >= (CASE d.year WHEN 2012 THEN 32 WHEN 2013 THEN 31 ELSE 32 END)")
    assert _sql("read_scaled >= {t}", params={"t": Param("t", 100)}) == "d.read_scaled >= 100"


@pytest.mark.parametrize("text, rule", [
    ("reed_scaled >= 100", "unknown-column"),
    ("x.read_scaled >= 100", "unknown-column"),
    ("writ_ta >= 100", "expression-type"),
    ("read_scaled + 1", "expression-type"),
    ("not read_scaled", "expression-type"),
    ("sqrt(read_scaled) > 1", "expression-not-allowed"),
    ("read_scaled in (select 1)", "expression-not-allowed"),
    ("read_scaled >= {missing}", "undefined-param"),
    ("read_scaled >=", "expression-syntax"),
    ("case when fsm then 1 else 'x' end = 1", "expression-type"),
])
def test_bad_expressions(text, rule):
    assert rule in _rules(text)


@pytest.mark.parametrize("text, expected", [
    ("coalesce(read_scaled, 0) between 100 and 120 and writ_ta in ('EXS', 'GDS')", ExprType.BOOL),
    ("case when read_scaled is null then 0 else least(read_scaled, 110) end", ExprType.NUMBER),
    ("abs(round(ks1_aps, 1)) + floor(2.5) - ceil(1.2)", ExprType.NUMBER),
    ("writ_ta like 'E%' or fsm is not null", ExprType.BOOL),
])
def test_good_expressions(text, expected):
    checked = check_expression(text, KS2_SCOPE, {}, expected)
    assert checked.problems == () and checked.type is expected
