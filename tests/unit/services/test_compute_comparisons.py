"""The comparisons table agrees with attain.stats (compare, trend, rank, quartile)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from cube_fixtures import CATALOGUE, Row, connection, prop

from attain.engines.duckdb import arrow_table
from attain.services import compute_cube
from attain.services.compute_comparisons import _packed, add_comparisons
from attain.stats.ranking import quartile, rank
from attain.stats.significance import compare
from attain.stats.trends import trend

LA_VALUES = {"882": 61.0, "883": 70.0, "884": 55.5, "885": 70.0, "886": 48.0}
# LA 882 over the years; 2017 missing (as 2020/2021 are for real measures).
SERIES_882 = {2014: 58.0, 2015: 60.0, 2016: 60.02, 2018: 59.0, 2019: 61.0}


def _rows() -> list[Row]:
    rows: list[Row] = [prop(2019, "national", "E92000001", "all", 600, 1000)]
    for la, value in LA_VALUES.items():
        rows.append(("prop", 2019, "la", la, "all", value, 100.0, value, value - 9.5,
                     value + 9.0))
        rows.append(("low_better", 2019, "la", la, "all", value, 100.0, value, None, None))
    rows += [("prop", y, "la", "882", "all", v, 100.0, v, None, None)
             for y, v in SERIES_882.items() if y != 2019]
    rows += [("prop", y, "national", "E92000001", "all", 60, 100.0, 60.0, None, None)
             for y in SERIES_882 if y != 2019]
    rows += [prop(2019, "school", "100001", "all", 30, 40), prop(2019, "school", "100002",
                                                                 "all", 9, 10)]
    return rows


@pytest.fixture
def comparisons(tmp_path: Path) -> dict[tuple, dict]:
    con = connection(tmp_path, _rows())
    compute_cube.build(con, CATALOGUE, None)
    add_comparisons(con)
    table = arrow_table(con, "SELECT * FROM comparisons")
    return {(r["measure_id"], r["year"], r["level"], r["area_code"]): r
            for r in table.to_pylist()}


def test_national_value_difference_and_significance(comparisons: dict) -> None:
    for la, value in LA_VALUES.items():
        row = comparisons[("prop", 2019, "la", la)]
        assert row["national_value"] == 60.0
        assert row["diff_national"] == pytest.approx(value - 60.0)
        assert row["significance"] == compare(value, value - 9.5, value + 9.0, 60.0)
    # Hand-checked: 70 with CI (60.5, 79) excludes 60 -> sig_above; 48 (38.5, 57) sig_below.
    assert comparisons[("prop", 2019, "la", "883")]["significance"] == "sig_above"
    assert comparisons[("prop", 2019, "la", "886")]["significance"] == "sig_below"
    assert comparisons[("prop", 2019, "la", "882")]["significance"] == "above"
    assert comparisons[("prop", 2019, "national", "E92000001")]["significance"] is None


def test_trends_over_available_years(comparisons: dict) -> None:
    row = comparisons[("prop", 2019, "la", "882")]
    three, five = trend(SERIES_882, 3, tolerance=0.05), trend(SERIES_882, 5, tolerance=0.05)
    assert three is not None and five is not None
    # 3 available years to 2019 are 2016, 2018, 2019: 61 - 60.02 = 0.98, up.
    assert row["trend3_change"] == pytest.approx(three.change) == pytest.approx(0.98)
    assert row["trend3_direction"] == three.direction == "up"
    assert row["trend5_change"] == pytest.approx(five.change) == pytest.approx(3.0)
    # 2018: the 3 available years are 2015, 2016, 2018: 59 - 60 = -1.0, down.
    assert comparisons[("prop", 2018, "la", "882")]["trend3_direction"] == "down"
    # 2016 has only 3 available years (2014-2016), so no 5-year trend.
    assert comparisons[("prop", 2016, "la", "882")]["trend5_change"] is None


def test_rank_and_quartile_of_las(comparisons: dict) -> None:
    for measure_id, better_high in (("prop", True), ("low_better", False)):
        for la, value in LA_VALUES.items():
            row = comparisons[(measure_id, 2019, "la", la)]
            peers = list(LA_VALUES.values())
            assert row["rank"] == rank(value, peers, better_high)
            assert row["rank_of"] == 5
            assert row["quartile"] == quartile(value, peers, better_high)
    # By hand: 70, 70, 61, 55.5, 48 -> 883 and 885 share rank 1, 882 is 3rd.
    assert comparisons[("prop", 2019, "la", "885")]["rank"] == 1
    assert comparisons[("prop", 2019, "la", "882")]["rank"] == 3
    assert comparisons[("low_better", 2019, "la", "886")]["rank"] == 1


def test_school_against_its_la(comparisons: dict) -> None:
    first = comparisons[("prop", 2019, "school", "100001")]
    second = comparisons[("prop", 2019, "school", "100002")]
    assert first["la_value"] == second["la_value"] == 61.0
    # 75% and 90% at the two schools of LA 882: 100002 ranks first of 2.
    assert (second["rank"], first["rank"], first["rank_of"]) == (1, 2, 2)
    assert comparisons[("prop", 2019, "la", "882")]["la_value"] is None


def test_values_equal_but_for_the_last_bit_tie(tmp_path: Path) -> None:
    # DuckDB's parallel sums can give 0.1 + 0.2 = 0.30000000000000004 one run and 0.3 the
    # next. Such values must compare as equal: LAs 882 and 883 tie (rank 1 of 3, as
    # attain.stats.ranking.rank gives equal values), and 882 equals national: 'similar',
    # not 'above' (no interval: compare without one).
    noisy = 0.1 + 0.2
    assert noisy != 0.3
    rows: list[Row] = [("prop", 2019, "national", "E92000001", "all", 30, 100.0, 0.3, None, None),
                       ("prop", 2019, "la", "882", "all", 30, 100.0, noisy, None, None),
                       ("prop", 2019, "la", "883", "all", 30, 100.0, 0.3, None, None),
                       ("prop", 2019, "la", "884", "all", 20, 100.0, 0.2, None, None)]
    con = connection(tmp_path, rows)
    compute_cube.build(con, CATALOGUE, None)
    add_comparisons(con)
    found = {r["area_code"]: r for r in arrow_table(
        con, "SELECT * FROM comparisons WHERE level = 'la'").to_pylist()}
    assert (found["882"]["rank"], found["883"]["rank"], found["884"]["rank"]) == (1, 1, 3)
    assert rank(0.3, [0.3, 0.3, 0.2], higher_is_better=True) == 1
    assert found["882"]["significance"] == found["883"]["significance"] == "similar"


@pytest.mark.parametrize("school_las", [None, ("882",)])
def test_measures_in_batches_give_the_same_rows_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, school_las: tuple[str, ...] | None
) -> None:
    # One batch per measure ("prop", then "low_better") against one batch for both: the
    # same rows, each key once (a batch's measure filter must not widen the school scope).
    from attain.services import compute_comparisons

    def compared(batch_rows: int, folder: Path) -> list[dict]:
        monkeypatch.setattr(compute_comparisons, "BATCH_ROWS", batch_rows)
        con = connection(folder, _rows())
        compute_cube.build(con, CATALOGUE, None)
        assert len(compute_comparisons._measure_batches(con)) == (2 if batch_rows == 1 else 1)
        add_comparisons(con, school_las=school_las)
        return arrow_table(con, "SELECT * EXCLUDE (cell_id) FROM comparisons ORDER BY "
                                "measure_id, year, level, area_code").to_pylist()

    one, batched = compared(10**6, tmp_path / "one"), compared(1, tmp_path / "batched")
    assert batched == one
    keys = [(r["measure_id"], r["year"], r["level"], r["area_code"]) for r in batched]
    assert len(keys) == len(set(keys))


def test_packed_keys_are_distinct_whether_they_fit_a_bigint_or_not() -> None:
    codes = [(a, b) for a in (0, 1, 2**20 - 1) for b in (0, 5, 2**40 - 1)]
    con = duckdb.connect()
    con.execute("CREATE TABLE t (a BIGINT, b BIGINT)")
    con.executemany("INSERT INTO t VALUES (?, ?)", codes)
    for bits, kind in (({"a": 20, "b": 40}, "BIGINT"), ({"a": 60, "b": 40}, "HUGEINT")):
        packed = _packed(bits, "a", "b")
        assert kind in packed
        assert con.execute(f"SELECT count(DISTINCT {packed}) FROM t").fetchall() == [(9,)]
    with pytest.raises(ValueError, match="HUGEINT"):
        _packed({"a": 100, "b": 40}, "a", "b")
