"""Use cases for similar schools and LA statistical neighbours."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from attain.errors import UserError
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
