"""results.read on a results folder whose comparisons were written before the family
columns existed: the old columns are read, the new ones are null."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from attain.services import results
from attain.services.compute import results_warehouse

KEY = {"measure_id": ["m"], "year": [2019], "level": ["la"], "area_code": ["882"],
       "group_id": ["all"]}


def test_comparisons_without_family_columns_still_load(tmp_path: Path) -> None:
    target = results_warehouse(tmp_path)
    target.write("results", pa.table({**KEY, "numerator": [13.0], "denominator": [20.0],
                                      "value": [65.0], "source": ["computed"]}))
    # a comparisons file as attain wrote it before the family columns existed
    folder = target.root / "comparisons" / "year=2019"
    folder.mkdir(parents=True)
    pq.write_table(pa.table({**KEY, "national_value": [60.0], "diff_national": [5.0]}),
                   folder / "part.parquet")
    row = results.read(tmp_path, results.ResultFilter(la="882")).to_pylist()[0]
    assert (row["value"], row["national_value"], row["diff_national"]) == (65.0, 60.0, 5.0)
    assert (row["family_value"], row["family_size"], row["diff_family"]) == (None, None, None)
