"""An LA's own pupils against the real published England figure: `attain compute --pupils
own` on a warehouse of Southend's (882) pupils, after LAIT's figures were put in the cube.

LAIT (data/real/dfe-lait/bds_long_0.parquet) gives England 65% and Southend 68% at the
expected standard in reading, writing and maths in 2019 (the rows
tests/integration/test_real_published_comparisons.py reads).
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from attain.services.compute import compute
from attain.services.imports import import_file
from attain.services.published_results import publish_to_results
from attain.services.results import ResultFilter, read
from attain.store.warehouse import Warehouse

LAIT = Path(__file__).resolve().parents[2] / "data" / "real" / "dfe-lait" / "bds_long_0.parquet"

# Four made-up KS2 pupils of two Southend schools in 2019: three at the expected standard
# (reading and maths 100+, writing EXS or GDS), one not (reading 95): 3 of 4 = 75%.
PUPILS = [("p1", 900001, 100, 100, "EXS"), ("p2", 900001, 105, 110, "GDS"),
          ("p3", 900002, 101, 102, "EXS"), ("p4", 900002, 95, 101, "EXS")]


def _warehouse(folder: Path) -> None:
    n = len(PUPILS)
    with Warehouse(folder / "warehouse").transaction() as tx:
        tx.write("schools", pa.table({"urn": [900001, 900002], "la_code": ["882", "882"],
                                      "name": ["A", "B"], "country": ["E", "E"]}))
        keys = {"year": [2019] * n, "pupil_id": [p[0] for p in PUPILS],
                "urn": [p[1] for p in PUPILS], "la_code": ["882"] * n}
        tx.write("pupils", pa.table({**keys, "gender": ["F", "M"] * (n // 2)}))
        tx.write("ks2", pa.table({**keys, "read_scaled": [p[2] for p in PUPILS],
                                  "maths_scaled": [p[3] for p in PUPILS],
                                  "writ_ta": [p[4] for p in PUPILS]}))


def test_own_pupils_are_compared_with_lait_england(tmp_path: Path) -> None:
    _warehouse(tmp_path)
    outcome = import_file(tmp_path, LAIT)  # LAIT also brings the registry of 153 LAs
    assert outcome.status == "imported", outcome.problems[:3]
    publish_to_results(tmp_path)
    summary = compute(tmp_path, years=[2019], measure_ids=["ks2_rwm_expected"],
                      suppression=None, pupils="own", school_las=["882"])
    assert any("pupils of 1 of" in line for line in summary.lines()), summary.lines()
    [row] = read(tmp_path, ResultFilter(la="882", measure="ks2_rwm_expected", year=2019,
                                        group="all")).to_pylist()
    # The computed 75% wins over LAIT's 68% for Southend, and is compared with LAIT's 65%
    # for England: +10. Wilson 95% interval of 3 of 4, by hand: centre
    # (0.75 + 1.96^2/8) / (1 + 1.96^2/4) = 0.6275, half-width
    # 1.96 * sqrt(0.75 * 0.25 / 4 + 1.96^2 / 64) / (1 + 1.96^2/4) = 0.3269: 30.06 to 95.44,
    # which holds 65, so "above", not significantly.
    assert row["value"] == 75.0 and row["source"] == "computed"
    assert (row["national_value"], row["diff_national"]) == (65.0, 10.0)
    assert round(row["ci_low"], 2) == 30.06 and round(row["ci_high"], 2) == 95.44
    assert row["significance"] == "above"
