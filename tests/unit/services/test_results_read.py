"""`attain.services.results.read` over a results folder without a comparisons file (e.g.
figures written by an importer before any compute): the rows, with null comparisons."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from attain.services.compute import results_warehouse
from attain.services.results import ResultFilter, read


def test_results_without_comparisons_read_with_null_comparisons(tmp_path: Path) -> None:
    with results_warehouse(tmp_path).transaction() as tx:
        tx.write("results", pa.table({
            "measure_id": ["ks2_rwm_expected"], "year": [2019], "level": ["la"],
            "area_code": ["882"], "group_id": ["all"], "value": [68.0],
            "source": ["published"]}))
    assert results_warehouse(tmp_path).files("comparisons") == []
    (row,) = read(tmp_path, ResultFilter(la="882")).to_pylist()
    assert (row["measure_id"], row["value"], row["source"]) == ("ks2_rwm_expected", 68.0,
                                                                "published")
    assert row["national_value"] is None and row["significance"] is None
