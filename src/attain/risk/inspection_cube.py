"""Read what the inspection measures need from the warehouse, and write their rows into
the results cube beside the computed ones.

The rows carry source `inspections`: `attain compute` keeps every row whose source is not
`computed` (services.compute_cube.merge_previous), so recomputing never drops them, and
writing them again replaces only them. Each LA row's comparison holds the national value
of the same measure, year and phase group, so `attain results show --la` reads "LA vs
national" (a later `attain compute` recomputes comparisons from computed figures only and
leaves these blank until they are written again).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from attain.domain.results import COMPARISONS, KEY, NATIONAL_CODES, RESULTS
from attain.risk.inspection_measures import SOURCE, AreaSchool, counted_in
from attain.services.compute import results_warehouse
from attain.store.warehouse import Warehouse, conform

# Ofsted inspects schools in England; Welsh schools are inspected by Estyn.
COUNTRY = "E"


def open_schools(registry: Iterable[Mapping[str, Any]], year: int) -> list[AreaSchool]:
    """Each English school open on 31 August of the year, once for its LA and once for
    the country (a school converting to an academy on 1 September is counted once: the
    old URN closes on 31 August, the academy opens the next day)."""
    found: list[AreaSchool] = []
    for r in registry:
        if str(r.get("country") or "") != COUNTRY:
            continue
        if not counted_in(year, r.get("open_date"), r.get("close_date")):
            continue
        phase = str(r.get("phase") or "")
        found += [AreaSchool(int(r["urn"]), "la", str(r["la_code"]), phase),
                  AreaSchool(int(r["urn"]), "national", NATIONAL_CODES[COUNTRY], phase)]
    return found


def predecessors_of(registry: Iterable[Mapping[str, Any]]) -> dict[int, int]:
    return {int(r["urn"]): int(r["predecessor_urn"]) for r in registry
            if r.get("predecessor_urn") is not None}


def census_rolls(warehouse: Warehouse, year: int) -> dict[int, int] | None:
    """Pupils on roll per school in the January census of the year; None without one."""
    if year not in warehouse.years("pupils"):
        return None
    urns = warehouse.read("pupils", [year]).column("urn")
    counts = pc.value_counts(urns).to_pylist()
    return {int(c["values"]): int(c["counts"]) for c in counts if c["values"] is not None}


def write_year(folder: Path, year: int, rows: list[dict[str, Any]]) -> int:
    """Replace the year's inspection rows (and their comparisons) with `rows`."""
    if not rows:
        return 0
    target = results_warehouse(folder)
    results = _without_inspection_rows(target.read("results", [year]))
    new = conform(RESULTS, pa.Table.from_pylist(rows))
    comparisons = target.read("comparisons", [year])
    ours = {tuple(r[k] for k in KEY) for r in rows}
    keep = [k not in ours for k in zip(*(comparisons.column(k).to_pylist() for k in KEY),
                                       strict=True)]
    comparisons = comparisons.filter(pa.array(keep, pa.bool_()))
    with target.transaction() as tx:
        tx.write("results", _sorted(pa.concat_tables([results, new])))
        tx.write("comparisons", _sorted(pa.concat_tables(
            [comparisons, conform(COMPARISONS, pa.Table.from_pylist(_comparisons(rows)))])))
    return len(rows)


def _without_inspection_rows(table: pa.Table) -> pa.Table:
    mine = pc.fill_null(pc.equal(table.column("source"), SOURCE), False)
    return table.filter(pc.invert(mine))


def _comparisons(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    national = {(r["measure_id"], r["group_id"]): r["value"] for r in rows
                if r["level"] == "national"}
    found = []
    for r in rows:
        value = national.get((r["measure_id"], r["group_id"]))
        diff = r["value"] - value if r["value"] is not None and value is not None else None
        found.append({**{k: r[k] for k in KEY}, "national_value": value,
                      "diff_national": diff})
    return found


def _sorted(table: pa.Table) -> pa.Table:
    return table.sort_by([(k, "ascending") for k in KEY])
