"""build_partitions on a hand-made cube: which cells add up to which total."""

from __future__ import annotations

import numpy as np

from attain.services.compute_partitions import CellKeys, build_partitions


def _keys(rows: list[tuple[str, int, str, str, str]]) -> CellKeys:
    """Cells in key order (as number_cells numbers them), codes ranked per column."""
    rows = sorted(rows)
    columns = list(zip(*rows, strict=True))
    codes = {name: {v: i for i, v in enumerate(sorted(set(col)), start=1)}
             for name, col in zip(("measure_id", "year", "level", "area_code", "group_id"),
                                  columns, strict=True) if name != "year"}
    def coded(name: str, col: tuple[object, ...]) -> np.ndarray:
        if name == "year":
            return np.array(col, dtype=np.int64)
        return np.array([codes[name][v] for v in col], dtype=np.int64)
    m, y, l, a, g = (coded(n, c) for n, c in zip(
        ("measure_id", "year", "level", "area_code", "group_id"), columns, strict=True))
    return CellKeys(m, y, l, a, g, codes)


def test_groups_sum_to_all_and_schools_to_their_la() -> None:
    rows = [("p", 2019, "la", "882", g) for g in ("all", "boys", "girls")]
    rows += [("p", 2019, "school", urn, g) for urn in ("100", "101")
             for g in ("all", "boys", "girls")]
    rows += [("gap", 2019, "la", "882", "all")]  # not additive: in no partition
    keys = _keys(rows)
    cells = sorted(rows)
    index = {row: i for i, row in enumerate(cells)}
    additive = np.array([row[0] != "gap" for row in cells])
    parts = build_partitions(keys, additive, {"boys": "gender", "girls": "gender"},
                             {"100": "882", "101": "882", "999": "881"})
    members: dict[int, list[tuple[str, int, str, str, str]]] = {}
    for pid, cell in zip(parts.partition_id.tolist(), parts.cell.tolist(), strict=True):
        members.setdefault(pid, []).append(cells[cell])
    # total first, then parts by cell order. Gender partitions: one for the LA and one for
    # each school (3); schools-in-LA partitions: one per group of the LA (3).
    def la(g: str) -> tuple[str, int, str, str, str]:
        return ("p", 2019, "la", "882", g)
    def school(urn: str, g: str) -> tuple[str, int, str, str, str]:
        return ("p", 2019, "school", urn, g)
    expected = [[la("all"), la("boys"), la("girls")]]
    expected += [[school(u, "all"), school(u, "boys"), school(u, "girls")] for u in ("100", "101")]
    expected += [[la(g), school("100", g), school("101", g)] for g in ("all", "boys", "girls")]
    assert sorted(members.values()) == sorted(expected)
    # partition ids: the total's cell id x 32 + number (0 = schools in an LA, 1 = gender)
    assert (index[la("all")] + 1) * 32 + 1 in members
    assert (index[la("all")] + 1) * 32 + 0 in members
    assert list(parts.offsets) == list(range(0, 19, 3))


def test_measure_runs_split_only_where_the_measure_changes() -> None:
    # 10 cells: measure a x 3, b x 4, c x 3. Two runs: the cut nearest the middle (5) of
    # the measure changes (3, 7) is 3 or 7, both 2 away; argmin takes the first, 3.
    rows = [(m, 2019, "la", "882", g) for m, n in (("a", 3), ("b", 4), ("c", 3))
            for g in ("all", "boys", "girls", "fsm")[:n]]
    keys = _keys(rows)
    assert keys.measure_runs(2) == [(0, 3), (3, 10)]
    assert keys.measure_runs(3) == [(0, 3), (3, 7), (7, 10)]
    assert keys.measure_runs(1) == [(0, 10)]
    one_measure = _keys([("a", 2019, "la", "882", g) for g in ("all", "boys")])
    assert one_measure.measure_runs(2) == [(0, 2)]  # nowhere to cut
    sliced = keys.cells(3, 7)
    assert sliced.measure.tolist() == [2, 2, 2, 2] and sliced.codes is keys.codes
