"""Column -> measure maps for wide published tables, read from definitions/mappings/tables.

One YAML file per file kind and range of years: which header columns identify the file,
which column gives each row's level and area, and which columns hold each measure. Column
names change between years, so a new year is a new YAML file, never new code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from attain.domain.results import Level
from attain.errors import Location, UserError
from attain.ingest.codes import load_yaml, mappings_dir


@dataclass(frozen=True)
class MeasureMap:
    measure: str
    value: str
    group: str = "all"
    numerator: str | None = None
    denominator: str | None = None
    ci_low: str | None = None
    ci_high: str | None = None
    percent: bool = False

    @property
    def columns(self) -> tuple[str, ...]:
        cols = (self.value, self.numerator, self.denominator, self.ci_low, self.ci_high)
        return tuple(c for c in cols if c)


@dataclass(frozen=True)
class LevelRule:
    """Level of a row from a column's value (`values`), else `default`; `skip` drops it."""

    column: str | None = None
    values: dict[str, str] = field(default_factory=dict)
    default: str = "skip"

    def level_of(self, text: str | None) -> str | None:
        level = self.values.get(text or "", self.default) if self.column else self.default
        return None if level == "skip" else level


@dataclass(frozen=True)
class TableMapping:
    kind: str
    title: str
    publisher: str
    first_year: int
    last_year: int
    header: tuple[str, ...]
    level: LevelRule
    area: dict[str, str]
    measures: tuple[MeasureMap, ...]
    area_names: dict[str, str] = field(default_factory=dict)
    where: dict[str, tuple[str, ...]] = field(default_factory=dict)
    exclude: dict[str, tuple[str, ...]] = field(default_factory=dict)
    year_column: str | None = None
    year_format: str = "year"
    release: str = "final"
    path: str = ""

    @property
    def columns(self) -> set[str]:
        """Every column this map reads."""
        cols = set(self.header) | set(self.area.values()) | set(self.area_names.values())
        cols |= set(self.where) | set(self.exclude)
        cols |= {c for c in (self.level.column, self.year_column) if c}
        return cols | {c for m in self.measures for c in m.columns}

    def covers(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year

    def matches(self, header: set[str]) -> bool:
        return set(self.header) <= header


def _measure(raw: dict[str, Any]) -> MeasureMap:
    return MeasureMap(
        measure=raw["measure"], value=raw["value"], group=raw.get("group", "all"),
        numerator=raw.get("numerator"), denominator=raw.get("denominator"),
        ci_low=raw.get("ci_low"), ci_high=raw.get("ci_high"),
        percent=bool(raw.get("percent", False)),
    )


def _value_sets(raw: dict[str, Any] | None) -> dict[str, tuple[str, ...]]:
    return {k: tuple(str(x) for x in (v if isinstance(v, list) else [v]))
            for k, v in (raw or {}).items()}


def parse_mapping(raw: dict[str, Any], path: str = "") -> TableMapping:
    years = raw.get("years", {})
    level = raw.get("level", {})
    levels = {str(k): str(v) for k, v in (level.get("values") or {}).items()}
    for name in [*levels.values(), level.get("default", "skip")]:
        if name != "skip" and name not in set(Level):
            raise UserError(f"unknown level {name!r}", where=Location(file=path),
                            fix=f"use one of: skip, {', '.join(Level)}.")
    return TableMapping(
        kind=raw["kind"], title=raw.get("title", raw["kind"]), publisher=raw["publisher"],
        first_year=int(years.get("from", 0)), last_year=int(years.get("to", 9999)),
        header=tuple(raw["header"]),
        level=LevelRule(level.get("column"), levels, level.get("default", "skip")),
        area=dict(raw.get("area", {})), area_names=dict(raw.get("area_names", {})),
        where=_value_sets(raw.get("where")), exclude=_value_sets(raw.get("exclude")),
        measures=tuple(_measure(m) for m in raw["measures"]),
        year_column=raw.get("year_column"), year_format=raw.get("year_format", "year"),
        release=raw.get("release", "final"), path=path,
    )


def tables_dir() -> Path:
    return mappings_dir() / "tables"


def load_mappings(folder: Path | None = None) -> list[TableMapping]:
    folder = folder or tables_dir()
    mappings = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            mappings.append(parse_mapping(load_yaml(path), path.name))
        except (KeyError, TypeError, ValueError) as err:
            raise UserError(f"mapping {path.name} is malformed ({err})",
                            fix="compare it with docs/importing.md.") from None
    return mappings
