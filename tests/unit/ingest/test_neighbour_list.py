"""`la_neighbours`: an LA's own comparator list replaces its DfE statistical neighbours."""

from __future__ import annotations

from pathlib import Path

from attain.services.imports import import_file
from attain.store.warehouse import Warehouse


def test_own_neighbour_list_replaces_the_las_neighbours(tmp_path: Path) -> None:
    path = tmp_path / "neighbours.csv"
    path.write_text("la_code,neighbour_la_code\n882,839\n882,383\n850,936\n")
    data = tmp_path / "data"
    outcome = import_file(data, path)
    assert (outcome.status, outcome.kind) == ("imported", "la_neighbours"), outcome.problems
    areas = Warehouse(data / "warehouse").read("areas").to_pylist()
    assert sorted((a["area_code"], a["la_code"]) for a in areas) == [
        ("SN850", "936"), ("SN882", "383"), ("SN882", "839")]
    bad = tmp_path / "bad.csv"
    bad.write_text("la_code,neighbour_la_code\n882,999\n882,882\n")
    assert [p.row for p in import_file(data, bad).problems] == [2, 3]
