"""Statistical neighbours computed from context, for LAs without a loaded list.

DfE's children's services statistical neighbours (the LAIT import) or an LA's own list
reach compute, comparisons and reports as warehouse `areas` rows: level 'group_of_las',
area_code 'SN<LA>', one row per member LA. Where no list is loaded (Welsh authorities,
a folder without LAIT), `attain neighbours compute` writes the same rows from each LA's
nearest LAs by context (attain.similar: standardised Euclidean distance over
LA_VARIABLES from the census year), so every reader treats them alike.

Computed rows are marked by their area name, which starts with COMPUTED_PREFIX (the
areas dataset has no source column); a loaded list is never replaced unless asked, and
computed rows are recomputed freely.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from attain.domain.results import NEIGHBOURS_PREFIX, neighbours_area_code
from attain.errors import UserError, did_you_mean
from attain.similar.context import LA_VARIABLES, la_units
from attain.similar.family import Neighbour, Unit, families
from attain.store.warehouse import Warehouse

COMPUTED_PREFIX = "Computed statistical neighbours of "
DEFAULT_SIZE = 10
LEVEL = "group_of_las"
_WAREHOUSE = "warehouse"


def computed_name(la_name: str, year: int) -> str:
    return f"{COMPUTED_PREFIX}{la_name} (by context, {year} census)"


def is_computed(area_name: str) -> bool:
    return area_name.startswith(COMPUTED_PREFIX)


@dataclass(frozen=True)
class NeighbourAreas:
    """What `compute_neighbour_areas` did, per LA code."""

    year: int
    size: int
    written: dict[str, tuple[Neighbour, ...]]
    kept: tuple[str, ...]  # LAs with a loaded list, left alone
    replaced: tuple[str, ...]  # LAs whose loaded list was replaced (--replace)

    def lines(self) -> list[str]:
        lines = [f"Statistical neighbours computed from the {self.year} census "
                 f"({self.size} per LA) for {len(self.written)} LA(s)."]
        if self.replaced:
            lines.append(f"Replaced the loaded list of: {', '.join(self.replaced)}.")
        if self.kept:
            shown = ", ".join(self.kept[:10]) + (", ..." if len(self.kept) > 10 else "")
            lines.append(f"Kept the loaded list of {len(self.kept)} LA(s): {shown} "
                         "(use --replace to recompute them).")
        return lines


def compute_neighbour_areas(folder: Path, *, la_codes: Sequence[str] | None = None,
                            year: int | None = None, size: int = DEFAULT_SIZE,
                            replace: bool = False) -> NeighbourAreas:
    """Write computed SN<LA> areas rows for `la_codes` (None: every LA in the census) that
    have no loaded list (or every one asked for, with `replace`), in one transaction."""
    if size < 1:
        raise UserError(f"--size {size} is not a number of neighbours",
                        fix="use a whole number of 1 or more, e.g. --size 10.")
    warehouse = Warehouse(Path(folder) / _WAREHOUSE)
    year = census_year(warehouse, year)
    with warehouse.connect() as con:
        units = la_units(con, year)
    names = _la_names(warehouse)
    targets = _targets(names, units, la_codes, year)
    existing = warehouse.read("areas").to_pylist()
    loaded = _loaded_lists(existing)
    kept = tuple(c for c in targets if c in loaded and not replace)
    chosen = [c for c in targets if c not in kept]
    if not chosen:  # every LA asked for keeps its loaded list: nothing to write
        return NeighbourAreas(year, size, {}, kept, ())
    found = families(units, LA_VARIABLES, size)
    written = {code: tuple(found[code]) for code in chosen}
    with warehouse.transaction() as tx:
        tx.write("areas", _merged(existing, written, names, year))
    return NeighbourAreas(year, size, written, kept,
                          tuple(c for c in chosen if c in loaded))


def census_year(warehouse: Warehouse, year: int | None) -> int:
    years = warehouse.years("pupils")
    if not years:
        raise UserError("there is no census (pupils) in the warehouse",
                        fix="import a school census first, or run `attain demo`.")
    if year is None:
        return years[-1]
    if int(year) not in years:
        raise UserError(f"there is no census for {year}",
                        fix=f"use --year with one of {', '.join(map(str, years))}, or "
                        f"import the {year} census first.")
    return int(year)


def _targets(names: dict[str, str], units: list[Unit], la_codes: Sequence[str] | None,
             year: int) -> list[str]:
    in_census = [u.code for u in units]
    if len(in_census) < 2:
        raise UserError(f"the {year} census has {len(in_census)} LA(s): neighbours need "
                        "at least two", fix="import the national census, not one LA's.")
    if la_codes is None:
        return in_census
    known = set(names) | set(in_census)
    for code in la_codes:
        if code not in known:
            hint = did_you_mean(code, known)
            raise UserError(f"unknown LA code {code!r}",
                            fix=f"{hint}Use a three-digit LA code, e.g. 882.")
        if code not in in_census:
            raise UserError(f"LA {code} has no pupils in the {year} census",
                            fix="use a year whose census includes that LA (--year).")
    return list(dict.fromkeys(la_codes))


def _loaded_lists(rows: list[dict[str, str]]) -> set[str]:
    """LA codes with an SN list that was loaded (DfE or the LA's own), not computed."""
    return {r["area_code"].removeprefix(NEIGHBOURS_PREFIX) for r in rows
            if r["level"] == LEVEL and r["area_code"].startswith(NEIGHBOURS_PREFIX)
            and not is_computed(r["area_name"])}


def _la_names(warehouse: Warehouse) -> dict[str, str]:
    if not warehouse.exists("las"):
        return {}
    table = warehouse.read("las").select(["la_code", "la_name"])
    return dict(zip(table.column("la_code").to_pylist(), table.column("la_name").to_pylist(),
                    strict=True))


def _merged(existing: list[dict[str, str]], written: dict[str, tuple[Neighbour, ...]],
            names: dict[str, str], year: int) -> pa.Table:
    replaced = {neighbours_area_code(code) for code in written}
    rows = [r for r in existing if not (r["level"] == LEVEL and r["area_code"] in replaced)]
    for code, members in sorted(written.items()):
        name = computed_name(names.get(code) or f"LA {code}", year)
        rows += [{"area_code": neighbours_area_code(code), "area_name": name, "level": LEVEL,
                  "la_code": m.code} for m in members]
    columns = ("area_code", "area_name", "level", "la_code")
    return pa.table({c: pa.array([r[c] for r in rows], pa.string()) for c in columns})
