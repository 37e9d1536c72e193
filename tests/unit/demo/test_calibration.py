"""National figures of the generated data match the published figures (TARGETS), computed
with plain SQL over the warehouse (tests/unit/demo/national_sql.py)."""

from __future__ import annotations

import duckdb
import pytest
from national_sql import national_value

from attain.demo.calibration import TARGETS, Target, calibration_markdown

ENGLAND = [t for t in TARGETS if t.country == "E"]
WALES = [t for t in TARGETS if t.country == "W" and 2015 <= t.year <= 2019]


def _name(t: Target) -> str:
    return f"{t.measure_id}-{t.year}-{t.group}"


def _check(con: duckdb.DuckDBPyConnection, t: Target) -> None:
    value = national_value(con, t.measure_id, t.year, t.group, t.country)
    assert abs(value - t.value) <= t.tolerance, (
        f"{t.measure_id} {t.year} {t.group}: generated {value:.3f}, published {t.value} "
        f"(±{t.tolerance}; {t.source})")


@pytest.mark.parametrize("target", ENGLAND, ids=_name)
def test_england_figure_within_tolerance(england_db: duckdb.DuckDBPyConnection,
                                         target: Target) -> None:
    _check(england_db, target)


@pytest.mark.parametrize("target", WALES, ids=_name)
def test_wales_figure_within_tolerance(wales_db: duckdb.DuckDBPyConnection,
                                       target: Target) -> None:
    _check(wales_db, target)


def test_every_target_cites_a_source_and_is_in_the_docs() -> None:
    text = calibration_markdown()
    for t in TARGETS:
        assert t.source.strip()
        assert t.tolerance > 0
        assert f"| {t.measure_id} | {t.year} | {t.group} |" in text


def test_gaps_point_the_published_way(england_db: duckdb.DuckDBPyConnection) -> None:
    # Published 2019: disadvantaged 51% vs others 71% (KS2 RWM); girls 70% vs boys 60%.
    disadvantaged = national_value(england_db, "ks2_rwm_expected", 2019, "disadvantaged", "E")
    others = national_value(england_db, "ks2_rwm_expected", 2019, "non_disadvantaged", "E")
    girls = national_value(england_db, "ks2_rwm_expected", 2019, "girls", "E")
    boys = national_value(england_db, "ks2_rwm_expected", 2019, "boys", "E")
    assert 15 <= others - disadvantaged <= 25
    assert 5 <= girls - boys <= 15
