"""`attain compute --pupils own` measures Progress 8 against DfE's published estimates.

An LA's own pupils cannot give the national estimates a progress score needs; once DfE's
KS4 ready reckoner is imported (attain.ingest.ready_reckoner), its estimates and national SD
stand in for that year.

The official worked example (data/real/dfe-ks4-ready-reckoner-2024/SOURCE.md and
p8_dummy_pupil_scores.csv): nine pupils with P8 scores 0, 0.1, 0.2, 0.3, 0.4, 0.3, 0.2,
0.25, 0.3 give a school P8 of 2.05 / 9 = 0.227778, with a CI half-width of
1.96 x 1.41628 / sqrt(9) = 0.925303. Each pupil below has a KS2 average scaled score in a
prior-attainment group and A8 = that group's published estimate + 10 x its score
(tests/measures/cases/ks4_p8_dfe_ready_reckoner_2024.yaml works the same table).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from attain.ingest.problems import ReadOptions
from attain.services.compute import compute, results_warehouse
from attain.services.imports import import_file
from attain.store.warehouse import Warehouse

# (pupil, A8, KS2 average scaled score, English element): PAG 14, 1, 2, 7, 14, 20, 24, 30,
# 34. The English element = the group's published English estimate + 2 x the same score
# (p8_pupil_coefficients_file.csv, p8esteng: 8.06, 3.86, 4.18, 6.02, 8.06, 10.28, 12.06,
# 14.6, 16.14), so the school's English element score is 0.227778 too, with a half-width of
# 1.96 x 1.614052 (p8_stdev_file.csv, p8engstdev) / 3 = 1.054514.
DUMMY = [("d1", 35.46, 100.0, 8.06), ("d2", 16.96, 82.0, 4.06), ("d3", 18.63, 82.5, 4.58),
         ("d4", 28.02, 92.5, 6.62), ("d5", 39.46, 99.5, 8.86), ("d6", 50.45, 106.0, 10.88),
         ("d7", 59.6, 109.5, 12.46), ("d8", 75.65, 116.0, 15.1), ("d9", 85.03, 120.0, 16.74)]
MEASURES = ["ks4_p8", "ks4_p8_eng"]
SCHOOL, LA = 101201, "882"


def _warehouse(root: Path) -> Path:
    rows = [(2024, *p) for p in DUMMY] + [(2023, *p) for p in DUMMY]  # 2023: no estimates
    keys = {"year": [r[0] for r in rows], "pupil_id": [f"{r[1]}-{r[0]}" for r in rows],
            "urn": [SCHOOL] * len(rows), "la_code": [LA] * len(rows)}
    with Warehouse(root / "warehouse").transaction() as tx:
        tx.write("las", pa.table({"la_code": [LA, "883"], "la_name": ["A", "B"],
                                  "region_code": ["R1", "R1"], "country": ["E", "E"]}))
        tx.write("schools", pa.table({"urn": [SCHOOL], "la_code": [LA], "name": ["S"],
                                      "country": ["E"]}))
        tx.write("pupils", pa.table(keys))
        tx.write("ks4", pa.table({**keys, "att8": [r[2] for r in rows],
                                  "ks2_emss": [r[3] for r in rows],
                                  "att8_eng": [r[4] for r in rows],
                                  "in_p8": [True] * len(rows)}))
    return root


@pytest.fixture
def folder(tmp_path: Path, real_data: Path) -> Path:
    root = _warehouse(tmp_path)
    outcome = import_file(root, real_data / "dfe-ks4-ready-reckoner-2024" /
                          "p8_pupil_coefficients_file.csv", options=ReadOptions(year=2024))
    assert outcome.status == "imported"
    return root


def _p8(folder: Path, measure: str = "ks4_p8"
        ) -> dict[tuple[int, str], tuple[float, float, float]]:
    files = [p.as_posix() for p in results_warehouse(folder).files("results")]
    if not files:  # no rows at all
        return {}
    with duckdb.connect() as con:
        rows = con.sql(f"SELECT year, level, value, ci_low, ci_high FROM read_parquet({files!r}) "
                       f"WHERE measure_id = '{measure}' AND group_id = 'all'").fetchall()
    return {(year, level): (value, low, high) for year, level, value, low, high in rows}


def test_own_pupils_are_measured_against_the_published_estimates(folder: Path) -> None:
    summary = compute(folder, measure_ids=MEASURES, suppression=None, pupils="own")
    p8 = _p8(folder)
    # 2024 has estimates: the school and LA rows; no national row from one LA's pupils;
    # 2023 has none, so no score at all.
    assert set(p8) == {(2024, "school"), (2024, "la")}
    value, low, high = p8[(2024, "school")]
    assert value == pytest.approx(0.227778, abs=1e-6)
    assert (high - value, value - low) == pytest.approx((0.925303, 0.925303), abs=1e-6)
    assert p8[(2024, "la")] == pytest.approx(p8[(2024, "school")])
    value, low, high = _p8(folder, "ks4_p8_eng")[(2024, "school")]
    assert value == pytest.approx(0.227778, abs=1e-6)
    assert (high - value, value - low) == pytest.approx((1.054514, 1.054514), abs=1e-6)
    assert any("imported national estimates: ks4_p8 2024; ks4_p8_eng 2024" in line
               for line in summary.lines())


def test_national_pupils_give_their_own_estimates(folder: Path) -> None:
    # With --pupils national the warehouse's pupils are the nation: each group's estimate is
    # its own pupils' mean, so the scores sum to 0 (d1 and d5 share PAG 14: -0.2 and +0.2).
    compute(folder, measure_ids=MEASURES, suppression=None, pupils="national")
    p8 = _p8(folder)
    assert p8[(2024, "school")][0] == pytest.approx(0.0, abs=1e-9)
    assert (2023, "school") in p8


def test_without_estimates_own_pupils_give_no_progress(tmp_path: Path) -> None:
    folder = _warehouse(tmp_path)
    compute(folder, measure_ids=MEASURES, suppression=None, pupils="own")
    assert _p8(folder) == {}
