"""benchmarks/compare_cubes.py: two folders' cubes compared on their keys."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pyarrow as pa
import pyarrow.parquet as pq


def _folder(root: Path, values: list[float | None], suppressed: list[str | None]) -> Path:
    for table in ("results", "comparisons"):
        path = root / "results" / table / "year=2019"
        path.mkdir(parents=True)
        pq.write_table(pa.table({
            "measure_id": ["m", "m", "m"], "year": [2019] * 3, "level": ["school"] * 3,
            "area_code": ["1", "2", "3"], "group_id": ["all"] * 3,
            "value": pa.array(values, pa.float64()), "suppressed": suppressed,
        }), path / "part.parquet")
    return root


def test_counts_rows_whose_numbers_or_other_columns_differ(
        tmp_path: Path, compare_cubes: ModuleType) -> None:
    a = _folder(tmp_path / "a", [50.0, 60.0, 70.0], [None, None, None])
    # row 1: the same but for 1e-12 (within tolerance); row 2: 60 -> 61; row 3: suppressed
    b = _folder(tmp_path / "b", [50.0 + 1e-12, 61.0, None], [None, None, "complementary"])
    counts = compare_cubes.compare(a, b, "results", 1e-9)
    assert counts == {"rows_a": 3, "rows_b": 3, "matched": 3, "numbers_differ": 2,
                      "others_differ": 1}
    assert compare_cubes.compare(a, a, "comparisons", 1e-9)["numbers_differ"] == 0
