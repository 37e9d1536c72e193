"""Hand-made catalogues, registries and `results_base` rows for the compute tests."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

from attain.engines.duckdb import arrow_table, create_base_table
from attain.measures.spec import Catalogue, GroupSpec, Kind, MeasureSpec, Origin, YearRange
from attain.store.warehouse import Warehouse

ORIGIN = Origin("fixture.yaml", 1)


def measure(measure_id: str, kind: Kind, **keys: object) -> MeasureSpec:
    return MeasureSpec(measure_id, measure_id, "ks2", kind, YearRange(2010), ORIGIN,
                       **keys)  # type: ignore[arg-type]


def group(group_id: str, partition: str | None = None) -> GroupSpec:
    return GroupSpec(group_id, group_id, "true", ORIGIN, partition)


GROUPS = (group("all"), group("boys", "gender"), group("girls", "gender"),
          group("fsm", "fsm"), group("non_fsm", "fsm"))

CATALOGUE = Catalogue(
    measures=(
        measure("prop", Kind.PROPORTION),
        measure("avg", Kind.MEAN),
        measure("gap_gender", Kind.GAP, of="prop", group_a="boys", group_b="girls"),
        measure("low_better", Kind.RATE, higher_is_better=False),
    ),
    groups=GROUPS,
)


def registries(root: Path) -> Warehouse:
    """Schools 100001, 100002 in LA 882 and 100003 in LA 883; LAs 882-886 in England."""
    wh = Warehouse(root)
    wh.write("schools", pa.table({
        "urn": [100001, 100002, 100003], "la_code": ["882", "882", "883"],
        "name": ["A", "B", "C"], "country": ["E", "E", "E"]}))
    codes = ["882", "883", "884", "885", "886"]
    wh.write("las", pa.table({
        "la_code": codes, "la_name": [f"LA {c}" for c in codes],
        "region_code": ["E12000006"] * 5, "country": ["E"] * 5}))
    return wh


Row = tuple[str, int, str, str, str, float | None, float | None, float | None,
            float | None, float | None]


def connection(root: Path, rows: list[Row]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    registries(root).register_views(con)
    create_base_table(con)
    con.executemany("INSERT INTO results_base VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return con


def prop(year: int, level: str, area: str, group_id: str, num: float, den: float,
         measure_id: str = "prop") -> Row:
    return (measure_id, year, level, area, group_id, num, den, 100 * num / den, None, None)


def cube_rows(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, int, str, str, str], dict]:
    table = arrow_table(con, "SELECT * FROM cube")
    return {(r["measure_id"], r["year"], r["level"], r["area_code"], r["group_id"]): r
            for r in table.to_pylist()}
