"""Use cases for similar schools and LA statistical neighbours."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from attain.errors import UserError
from attain.similar.averages import family_averages_on
from attain.similar.context import LA_VARIABLES, la_units, school_units
from attain.similar.family import DEFAULT_SIZE, DEFAULT_VARIABLES, Neighbour, Unit, family_of
from attain.store.warehouse import Warehouse


@dataclass(frozen=True)
class Family:
    code: str
    year: int
    variables: tuple[str, ...]
    members: list[Neighbour]
    context: dict[str, Unit]  # the unit and its members, with their context values


def school_family(folder: Path, urn: int, year: int, *, size: int = DEFAULT_SIZE,
                  variables: Sequence[str] = DEFAULT_VARIABLES) -> Family:
    with Warehouse(Path(folder) / "warehouse").connect() as con:
        units = school_units(con, year)
    return _family(units, str(urn), year, size, variables, "school")


def la_neighbours(folder: Path, la_code: str, year: int, *, size: int = 10,
                  variables: Sequence[str] = LA_VARIABLES) -> Family:
    with Warehouse(Path(folder) / "warehouse").connect() as con:
        units = la_units(con, year)
    return _family(units, str(la_code), year, size, variables, "LA")


def _family(units: list[Unit], code: str, year: int, size: int, variables: Sequence[str],
            what: str) -> Family:
    unknown = [v for v in variables if units and v not in units[0].values]
    if unknown:
        raise UserError(f"unknown context variable(s) {', '.join(unknown)}",
                        fix=f"use some of: {', '.join(units[0].values)}.")
    by_code = {u.code: u for u in units}
    if code not in by_code:
        raise UserError(f"{what} {code} has no pupils in the census for {year}",
                        fix="check the code and year, or import that year's census.")
    members = family_of(units, code, tuple(variables), size)
    shown = {code: by_code[code], **{m.code: by_code[m.code] for m in members}}
    return Family(code, year, tuple(variables), members, shown)


def family_averages(folder: Path, year: int, measure_ids: Sequence[str] | None = None, *,
                    size: int = DEFAULT_SIZE, variables: Sequence[str] = DEFAULT_VARIABLES
                    ) -> pa.Table:
    """Each school's family average of every measure and group of the results cube in
    `year` (columns: measure_id, year, group_id, urn, family_value, family_numerator,
    family_denominator, family_size); method and suppression in attain.similar.averages."""
    from attain.services.compute import results_warehouse

    files = results_warehouse(Path(folder)).files("results")
    if not files:
        raise UserError(f"there are no results in {folder}", fix="run `attain compute` first.")
    listed = ", ".join(f"'{p.as_posix()}'" for p in files)
    with Warehouse(Path(folder) / "warehouse").connect() as con:
        con.execute(f"CREATE VIEW _results AS SELECT * FROM read_parquet([{listed}]) "
                    f"WHERE year = {int(year)}")
        return family_averages_on(con, [year], cube="_results", measure_ids=measure_ids,
                                  size=size, variables=variables)


FamilyLookup = Callable[[int, str, str], float | None]


def family_average_lookup(folder: Path, year: int, measure_ids: Sequence[str] | None = None,
                          *, size: int = DEFAULT_SIZE) -> FamilyLookup:
    """(URN, measure id, group id) -> the family average in `year`, or None: one
    computation, then lookups, for risk-rule operands and reports."""
    table = family_averages(folder, year, measure_ids, size=size)
    values = {(r["urn"], r["measure_id"], r["group_id"]): r["family_value"]
              for r in table.select(["urn", "measure_id", "group_id", "family_value"])
              .to_pylist()}

    def lookup(urn: int, measure_id: str, group_id: str = "all") -> float | None:
        return values.get((int(urn), measure_id, group_id))

    return lookup
