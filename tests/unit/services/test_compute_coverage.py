"""`attain compute --pupils own`: a warehouse of one LA's pupils gives no national,
regional or area rows and no progress scores, and its rows are compared with the published
national figure instead (attain.services.compute_coverage)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from attain.errors import UserError
from attain.services.compute import compute, results_warehouse
from attain.store.warehouse import Warehouse

# Five English LAs in region R1; only LA 901's school has pupils. Its four KS2 pupils in
# 2019: three at the expected standard (reading and maths 100+, writing EXS), one not
# (reading 95): 3 of 4 = 75%.
LAS = ["901", "902", "903", "904", "905"]
PUPILS = [("p1", 100, 100, "EXS", 16.0), ("p2", 105, 110, "EXS", 17.0),
          ("p3", 101, 102, "GDS", 18.0), ("p4", 95, 101, "EXS", 15.0)]
MEASURES = ["ks2_rwm_expected", "ks2_maths_progress"]
NATIONAL = "E92000001"


def _warehouse(root: Path, *, registry: bool = True) -> Path:
    n = len(PUPILS)
    with Warehouse(root / "warehouse").transaction() as tx:
        if registry:
            tx.write("las", pa.table({"la_code": LAS, "la_name": [f"LA {c}" for c in LAS],
                                      "region_code": ["R1"] * 5, "country": ["E"] * 5}))
            # A consortium of LA 901 alone (all its LAs have pupils) and LA 901's
            # neighbours, 901-903 (one LA in three has pupils).
            tx.write("areas", pa.table({"area_code": ["CONS", "SN901", "SN901", "SN901"],
                                        "area_name": ["Consortium", "N", "N", "N"],
                                        "level": ["group_of_las"] * 4,
                                        "la_code": ["901", "901", "902", "903"]}))
        tx.write("schools", pa.table({"urn": [100001, 100002], "la_code": ["901", "902"],
                                      "name": ["A", "B"], "country": ["E", "E"]}))
        keys = {"year": [2019] * n, "pupil_id": [p[0] for p in PUPILS],
                "urn": [100001] * n, "la_code": ["901"] * n}
        tx.write("pupils", pa.table({**keys, "gender": ["F", "M"] * (n // 2)}))
        tx.write("ks2", pa.table({**keys, "read_scaled": [p[1] for p in PUPILS],
                                  "maths_scaled": [p[2] for p in PUPILS],
                                  "writ_ta": [p[3] for p in PUPILS],
                                  "ks1_aps": [p[4] for p in PUPILS]}))
    return root


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return _warehouse(tmp_path)


def _run(folder: Path, pupils: str) -> list[str]:
    summary = compute(folder, years=[2019], measure_ids=MEASURES, suppression=None,
                      pupils=pupils)
    return summary.lines()


def _rows(folder: Path, dataset: str = "results", where: str = "true") -> list[dict]:
    files = [p.as_posix() for p in results_warehouse(folder).files(dataset)]
    with duckdb.connect() as con:  # not the module's shared connection, which others use
        relation = con.sql(f"SELECT * FROM read_parquet({files!r}) WHERE {where} "
                           "ORDER BY ALL")
        return [dict(zip(relation.columns, row, strict=True)) for row in relation.fetchall()]


def _value(folder: Path, measure: str, level: str, area: str) -> list[float]:
    return [r["value"] for r in _rows(folder, where=f"measure_id = '{measure}' AND level = "
                                                    f"'{level}' AND area_code = '{area}' "
                                                    "AND group_id = 'all'")]


def test_own_pupils_give_no_national_regional_or_progress_rows(folder: Path) -> None:
    lines = _run(folder, "own")
    assert _value(folder, "ks2_rwm_expected", "la", "901") == [75.0]
    assert _value(folder, "ks2_rwm_expected", "school", "100001") == [75.0]
    assert _rows(folder, where="level IN ('national', 'region')") == []
    assert _rows(folder, where="measure_id = 'ks2_maths_progress'") == []
    assert any("Not computed (--pupils own)" in line and "pupils of 1 of 5 LAs" in line
               for line in lines), lines


def test_own_pupils_keep_a_group_whose_las_all_have_pupils(folder: Path) -> None:
    _run(folder, "own")
    assert _value(folder, "ks2_rwm_expected", "group_of_las", "CONS") == [75.0]
    assert _value(folder, "ks2_rwm_expected", "group_of_las", "SN901") == []


def test_own_pupils_without_an_la_registry_give_no_national_row(tmp_path: Path) -> None:
    # No registry says which LAs England has: its coverage is unknown, so no row.
    folder = _warehouse(tmp_path, registry=False)
    lines = _run(folder, "own")
    assert any("no LA registry lists its LAs" in line for line in lines), lines
    assert _value(folder, "ks2_rwm_expected", "la", "901") == [75.0]
    assert _value(folder, "ks2_rwm_expected", "national", NATIONAL) == []


def test_national_pupils_keep_every_row_but_warn_of_one_la_in_five(folder: Path) -> None:
    lines = _run(folder, "national")
    # The "national" row is LA 901's pupils: 75%, which is why the summary warns.
    assert _value(folder, "ks2_rwm_expected", "national", NATIONAL) == [75.0]
    assert _rows(folder, where="measure_id = 'ks2_maths_progress'") != []
    assert any(line.startswith("Warning:") and "1 of 5 LAs" in line for line in lines), lines


def _publish(folder: Path, rows: list[tuple[str, str, str, float]]) -> None:
    """Put published figures (measure, level, area, value; 2019, group all) in the cube,
    as `attain import ... --to-results` does."""
    from attain.domain.results import RESULTS
    from attain.store.warehouse import arrow_schema

    schema = arrow_schema(RESULTS)
    columns = {name: [None] * len(rows) for name in schema.names}
    columns.update({"measure_id": [r[0] for r in rows], "year": [2019] * len(rows),
                    "level": [r[1] for r in rows], "area_code": [r[2] for r in rows],
                    "group_id": ["all"] * len(rows), "value": [r[3] for r in rows],
                    "source": ["dfe_ks2_2019.csv"] * len(rows)})
    with results_warehouse(folder).transaction() as tx:
        tx.write("results", pa.table(columns, schema=schema))


def test_own_rows_are_compared_with_the_published_national_figure(folder: Path) -> None:
    # Published England figure 65%: LA 901's 75% is 10 points above it.
    _publish(folder, [("ks2_rwm_expected", "national", NATIONAL, 65.0)])
    _run(folder, "own")
    assert _value(folder, "ks2_rwm_expected", "national", NATIONAL) == [65.0]
    [row] = _rows(folder, "comparisons",
                  "measure_id = 'ks2_rwm_expected' AND level = 'la' AND group_id = 'all'")
    assert (row["national_value"], row["diff_national"]) == (65.0, 10.0)


def test_a_computed_figure_wins_over_a_published_one_with_its_key(folder: Path) -> None:
    # A published 50% for LA 901 is there before the compute, which computes 75%: one row.
    _publish(folder, [("ks2_rwm_expected", "la", "901", 50.0)])
    _run(folder, "own")
    assert _value(folder, "ks2_rwm_expected", "la", "901") == [75.0]


def test_pupils_must_be_national_or_own(folder: Path) -> None:
    with pytest.raises(UserError, match="national or own"):
        _run(folder, "some")
