"""StatsWales downloads (Welsh Government) -> published LA and Wales figures.

StatsWales publishes each dataset (e.g. SCHS0153) as one row per figure: the value in
`Data` and, for every dimension, `<Dim>_Code`, `<Dim>_ItemName_ENG`, `<Dim>_AltCode1`
(for areas, the ONS code: W06... an LA, W92000004 Wales), `<Dim>_SortOrder`,
`<Dim>_Hierarchy` and `<Dim>_ItemNotes_ENG` (the open-data download). The newer bulk
download types its column names (`Data_DEC`, `Year_Code_INT`, `Area_ItemName_ENG_STR`);
the suffix is dropped so both read alike. Which rows make which catalogue measure is data:
definitions/mappings/statswales/*.yaml.

No real StatsWales file is in data/real: this reader and its tests follow the documented
layout (the statswalesr and StatsWales data-grabber tools, and public scripts that read
SCHS datasets), not a file checked byte for byte.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from attain.ingest.cells import as_text, parse_numeric, true_indices
from attain.ingest.codes import load_yaml, mappings_dir
from attain.ingest.columns import constant, map_values
from attain.ingest.csvread import read_csv_strings
from attain.ingest.problems import ROW, ImportResult, Problem, ReadOptions, failed
from attain.ingest.sniff import read_text
from attain.ingest.tables import year_from_text

_S = pa.string()
_TYPED = re.compile(r"_(STR|INT|DEC|FLT|FLOAT|BOOL|DATE)$")
MAX_PROBLEMS = 200


def plain_name(column: str) -> str:
    """`Data_DEC` -> `Data`, `Year_Code_INT` -> `Year_Code` (bulk-download suffixes)."""
    return _TYPED.sub("", column.strip())


@dataclass(frozen=True)
class WelshAreas:
    wales: str
    by_ons: dict[str, str]
    by_name: dict[str, str]

    def area(self, ons: str | None, name: str | None) -> tuple[str | None, str | None]:
        """(level, area code) of a StatsWales area: an LA by its ONS code or name, or
        Wales; (None, None) for other areas (consortia, regions), which are skipped."""
        ons = (ons or "").strip()
        if ons == self.wales or (name or "").strip().lower() == "wales":
            return "national", self.wales
        code = self.by_ons.get(ons) or self.by_name.get(_key(name or ""))
        return ("la", code) if code else (None, None)


def _key(name: str) -> str:
    return " ".join(re.sub(r"[^a-z ]", " ", name.lower()).split())


@cache
def welsh_areas() -> WelshAreas:
    raw = load_yaml(mappings_dir() / "welsh_las.yaml")
    by_ons, by_name = {}, {}
    for la in raw["las"]:
        by_ons[la["ons"]] = la["code"]
        for name in [la["name"], *la.get("aliases", [])]:
            by_name[_key(name)] = la["code"]
    return WelshAreas(raw["wales"], by_ons, by_name)


@dataclass(frozen=True)
class SwMeasure:
    measure: str
    group: str = "all"
    match: dict[str, str] = field(default_factory=dict)
    starts_with: dict[str, str] = field(default_factory=dict)
    percent: bool = False


@dataclass(frozen=True)
class SwMapping:
    dataset: str
    title: str
    publisher: str
    header: tuple[str, ...]
    measures: tuple[SwMeasure, ...]
    where: dict[str, str] = field(default_factory=dict)
    year_column: str = "Year_Code"
    area_code: str = "Area_AltCode1"
    area_name: str = "Area_ItemName_ENG"
    release: str = "final"

    @property
    def columns(self) -> set[str]:
        cols = {*self.header, *self.where, self.year_column, self.area_code, self.area_name}
        for m in self.measures:
            cols |= set(m.match) | set(m.starts_with)
        return cols


def _parse(raw: dict[str, Any]) -> SwMapping:
    measures = tuple(SwMeasure(m["measure"], m.get("group", "all"),
                               {k: str(v) for k, v in (m.get("match") or {}).items()},
                               {k: str(v) for k, v in (m.get("starts_with") or {}).items()},
                               bool(m.get("percent", False))) for m in raw["measures"])
    return SwMapping(raw["dataset"], raw.get("title", raw["dataset"]), raw["publisher"],
                     tuple(raw["header"]), measures,
                     {k: str(v) for k, v in (raw.get("where") or {}).items()},
                     raw.get("year_column", "Year_Code"),
                     raw.get("area_code", "Area_AltCode1"),
                     raw.get("area_name", "Area_ItemName_ENG"), raw.get("release", "final"))


@cache
def statswales_mappings() -> tuple[SwMapping, ...]:
    folder = mappings_dir() / "statswales"
    return tuple(_parse(load_yaml(p)) for p in sorted(folder.glob("*.yaml")))


class StatsWalesReader:
    name = "statswales"
    title = "StatsWales download (one row per figure: Data, <Dim>_Code, <Dim>_ItemName_ENG)"

    def detect(self, header: list[str]) -> bool:
        names = {plain_name(h) for h in header}
        return any(set(m.header) <= names for m in statswales_mappings())

    def read(self, path: Path, options: ReadOptions) -> ImportResult:
        try:
            text = read_text(path)
            table = read_csv_strings(text).table
        except (pa.ArrowInvalid, UnicodeDecodeError, csv.Error) as err:
            return failed(self.name, Problem(path.name, f"cannot read the file as CSV: {err}",
                                             "download the dataset again as CSV."))
        table = table.rename_columns([plain_name(c) if c != ROW else c
                                      for c in table.column_names])
        names = set(table.column_names)
        mapping = next((m for m in statswales_mappings() if set(m.header) <= names), None)
        if mapping is None:
            return failed(self.name, Problem(
                path.name, "no StatsWales map fits this file's columns",
                "add a map to definitions/mappings/statswales/ (docs/importing.md)."))
        result = ImportResult(self.name, mapping.publisher, options.release or mapping.release)
        result.tables["published"] = _figures(path.name, mapping, table, options, result)
        return result


_LONG = pa.schema([
    ("measure_id", _S), ("year", pa.int32()), ("level", _S), ("area_code", _S),
    ("group_id", _S), ("value", pa.float64()), ("suppressed", _S), ("symbol", _S),
    (ROW, pa.int64()),
])


def _matches(table: pa.Table, column: str, value: str, prefix: bool = False) -> pa.Array:
    if column not in table.column_names:
        return constant(False, len(table), pa.bool_())
    text = as_text(table.column(column))
    hit = pc.starts_with(text, value) if prefix else pc.equal(text, value)
    return pc.fill_null(hit, False)


def _figures(file: str, mapping: SwMapping, table: pa.Table, options: ReadOptions,
             result: ImportResult) -> pa.Table:
    n = len(table)
    keep = constant(True, n, pa.bool_())
    for column, value in mapping.where.items():
        keep = pc.and_(keep, _matches(table, column, value))
    rows = table.column(ROW).combine_chunks()
    years = _years(file, mapping, table, options, keep, rows, result)
    level, area = _areas(mapping, table)
    skipped = pc.sum(pc.and_(keep, pc.is_null(area))).as_py() or 0
    if skipped:
        result.notes.append(f"{skipped} row(s) for areas other than a Welsh LA or Wales "
                            "(e.g. consortia) were not imported.")
    keep = pc.and_(pc.and_(keep, pc.is_valid(area)), pc.is_valid(years))
    parsed = parse_numeric(table.column("Data"))
    parts = []
    for measure in mapping.measures:
        chosen = keep
        for column, value in measure.match.items():
            chosen = pc.and_(chosen, _matches(table, column, value))
        for column, value in measure.starts_with.items():
            chosen = pc.and_(chosen, _matches(table, column, value, prefix=True))
        _check(file, table, parsed, measure, chosen, rows, result)
        data = {"measure_id": constant(measure.measure, n, _S), "year": years, "level": level,
                "area_code": area, "group_id": constant(measure.group, n, _S),
                "value": parsed.value, "suppressed": parsed.reason, "symbol": parsed.symbol,
                ROW: rows}
        figures = pa.table(data, schema=_LONG).filter(pc.and_(chosen, parsed.present))
        _duplicates(file, figures, result)
        parts.append(figures)
    return pa.concat_tables(parts) if parts else _LONG.empty_table()


def _duplicates(file: str, figures: pa.Table, result: ImportResult) -> None:
    first: dict[tuple[object, ...], int] = {}
    keys = zip(figures.column("measure_id").to_pylist(), figures.column("year").to_pylist(),
               figures.column("area_code").to_pylist(), figures.column("group_id").to_pylist(),
               strict=True)
    for key, row in zip(keys, figures.column(ROW).to_pylist(), strict=True):
        if key in first:
            result.problems.append(Problem(
                file, f"a second figure for {key[0]} in {key[1]} for area {key[2]}: also on "
                f"line {first[key]}", "the map must pick one row per area and year: add the "
                "dimension that differs to its `where` or `match`.", row=row))
        else:
            first[key] = row


def _years(file: str, mapping: SwMapping, table: pa.Table, options: ReadOptions,
           keep: pa.Array, rows: pa.Array, result: ImportResult) -> pa.Array:
    if options.year is not None:
        return constant(options.year, len(table), pa.int32())
    text = as_text(table.column(mapping.year_column))
    years = map_values(text, year_from_text, pa.int32())
    for i in true_indices(pc.and_(keep, pc.is_null(years)), MAX_PROBLEMS):
        result.problems.append(Problem(
            file, "cannot read the year", "StatsWales years look like 2017, 201617 or "
            "2016-17.", row=rows[i].as_py(), column=mapping.year_column,
            value=text[i].as_py()))
    return years


def _areas(mapping: SwMapping, table: pa.Table) -> tuple[pa.Array, pa.Array]:
    n = len(table)
    codes = (as_text(table.column(mapping.area_code)) if mapping.area_code in
             table.column_names else constant("", n, _S))
    names = (as_text(table.column(mapping.area_name)) if mapping.area_name in
             table.column_names else constant("", n, _S))
    keyed = pc.binary_join_element_wise(codes, names, "|")
    areas = welsh_areas()
    level = map_values(keyed, lambda k: areas.area(*k.split("|", 1))[0], _S)
    area = map_values(keyed, lambda k: areas.area(*k.split("|", 1))[1], _S)
    return level, area


def _check(file: str, table: pa.Table, parsed: Any, measure: SwMeasure, chosen: pa.Array,
           rows: pa.Array, result: ImportResult) -> None:
    text = as_text(table.column("Data"))
    problems = [(pc.and_(chosen, parsed.bad), "not a number or a known symbol")]
    if measure.percent:
        outside = pc.or_(pc.greater(parsed.value, 100), pc.less(parsed.value, 0))
        problems.append((pc.and_(chosen, pc.fill_null(outside, False)),
                         "a percentage must be between 0 and 100"))
    for mask, message in problems:
        for i in true_indices(mask, MAX_PROBLEMS):
            result.problems.append(Problem(
                file, message, "StatsWales values are numbers; a symbol such as x, c or z "
                "stands for a missing figure.", row=rows[i].as_py(), column="Data",
                value=text[i].as_py()))
