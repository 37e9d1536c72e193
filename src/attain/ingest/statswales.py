"""StatsWales downloads (Welsh Government) -> published LA and Wales figures.

StatsWales publishes each dataset (e.g. SCHS0153) as one row per figure: the value in
`Data` and, for every dimension, `<Dim>_Code`, `<Dim>_ItemName_ENG`, `<Dim>_AltCode1`
(for areas, the ONS code: W06... an LA, W92000004 Wales), `<Dim>_SortOrder`,
`<Dim>_Hierarchy` and `<Dim>_ItemNotes_ENG` (the open-data download). The newer bulk
download types its column names (`Data_DEC`, `Year_Code_INT`, `Area_ItemName_ENG_STR`);
the suffix is dropped so both read alike. Which rows make which catalogue measure is data:
definitions/mappings/statswales/*.yaml.

The website's other download, a table view saved as CSV ("layout: table" maps), is a
pivot: leading label columns (area, then breakdowns such as sector, printed only where they
change), then one column per year or per item of one dimension; the current site puts a
preamble above it (breadcrumb, title, `Filters:` lines) and footnotes and metadata below.
Real downloads of that kind are in data/real/statswales-school-budgets-population and the
tests reproduce their figures. No real open-data (OData) download was found: that layout
and the SCHS0153 map follow the documented layout (statswalesr, the StatsWales
data-grabber, public scripts reading SCHS datasets), not a file checked byte for byte.
"""

from __future__ import annotations

import csv
import fnmatch
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
from attain.ingest.sniff import TextFile, read_text
from attain.ingest.tables import year_from_path, year_from_text

_S = pa.string()
OPEN_DATA, TABLE = "open_data", "table"
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
def _raw_maps() -> tuple[dict[str, Any], ...]:
    folder = mappings_dir() / "statswales"
    return tuple(load_yaml(p) for p in sorted(folder.glob("*.yaml")))


@cache
def statswales_mappings() -> tuple[SwMapping, ...]:
    """The maps of open-data downloads (one row per figure)."""
    return tuple(_parse(raw) for raw in _raw_maps() if raw.get("layout", OPEN_DATA) == OPEN_DATA)


@cache
def statswales_table_mappings() -> tuple[SwTableMapping, ...]:
    """The maps of table views saved as CSV from the website."""
    return tuple(_parse_table(raw) for raw in _raw_maps() if raw.get("layout") == TABLE)


class StatsWalesReader:
    name = "statswales"
    title = "StatsWales download (one row per figure: Data, <Dim>_Code, <Dim>_ItemName_ENG)"

    def detect(self, header: list[str]) -> bool:
        names = {plain_name(h) for h in header}
        return (any(set(m.header) <= names for m in statswales_mappings())
                or looks_like_table_export(header))

    def read(self, path: Path, options: ReadOptions) -> ImportResult:
        try:
            text = read_text(path)
            names = {plain_name(h) for h in text.header}
            if not any(set(m.header) <= names for m in statswales_mappings()):
                return read_table_export(self.name, path, text, options)
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


# The website's table view saved as CSV ("layout: table" maps).

_FOOTNOTE = re.compile(r"\s*\(\d+\)$")  # "Isle of Anglesey (1)": a footnote marker
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
# StatsWales symbols: `.` not applicable, `..` not available, `*` suppressed (disclosive or
# not robust); stored with the GSS reason they stand for.
_SW_SYMBOL_AS_GSS = {"..": "x", "*": "c"}
_END_OF_TABLE = ("footnotes:", "metadata:")
AREA = "area"


@dataclass(frozen=True)
class SwTableMeasure:
    measure: str
    group: str = "all"
    labels: dict[str, str] = field(default_factory=dict)  # label column -> text ("" = total)
    column: str | None = None  # when the columns are not years: the column holding it
    percent: bool = False


@dataclass(frozen=True)
class SwTableMapping:
    dataset: str
    title: str
    publisher: str
    labels: tuple[str, ...]  # the leading label columns, "area" for those naming areas
    columns: str  # "year", or the dimension whose items head the other columns
    measures: tuple[SwTableMeasure, ...]
    titles: tuple[str, ...] = ()
    file_names: tuple[str, ...] = ()
    filters: dict[str, str] = field(default_factory=dict)
    release: str = "final"

    def fits(self, header: list[str]) -> bool:
        """The header row has this table's shape: blank label cells, then years (or the
        columns the measures name)."""
        n = len(self.labels)
        rest = [h.strip() for h in header[n:] if h.strip()]
        if len(header) <= n or any(h.strip() for h in header[:n]) or not rest:
            return False
        if self.columns == "year":
            return all(column_year(h) is not None for h in rest)
        return all(m.column in rest for m in self.measures if m.column)


def _parse_table(raw: dict[str, Any]) -> SwTableMapping:
    measures = tuple(SwTableMeasure(m["measure"], m.get("group", "all"),
                                    {k: str(v) for k, v in (m.get("labels") or {}).items()},
                                    m.get("column"), bool(m.get("percent", False)))
                     for m in raw["measures"])
    return SwTableMapping(raw["dataset"], raw.get("title", raw["dataset"]), raw["publisher"],
                          tuple(raw["labels"]), str(raw.get("columns", "year")), measures,
                          tuple(raw.get("titles") or ()), tuple(raw.get("file_names") or ()),
                          {k: str(v) for k, v in (raw.get("filters") or {}).items()},
                          raw.get("release", "final"))


def column_year(text: str) -> int | None:
    """'2012-13' -> 2013, '2019' -> 2019, 'Mid-year 2019' -> 2019."""
    year = year_from_text(text)
    if year is None and (m := _YEAR.search(text)):
        year = int(m.group(1))
    return year


def looks_like_table_export(header: list[str]) -> bool:
    """A table view saved from the website: its breadcrumb line names a mapped table, or
    its header row has the shape of one."""
    first = header[0].strip() if header else ""
    if " > " in first:
        return _by_title(first.rsplit(" > ", 1)[1]) is not None
    return any(m.fits(header) for m in statswales_table_mappings())


def _by_title(title: str) -> SwTableMapping | None:
    wanted = title.strip().lower()
    return next((m for m in statswales_table_mappings()
                 if wanted in (t.strip().lower() for t in m.titles)), None)


@dataclass(frozen=True)
class TableExport:
    """A table view as saved: title and filters (when it has the preamble), the header
    row and the data rows with their file lines."""

    title: str | None
    filters: dict[str, str]
    header: list[str]
    rows: list[tuple[int, list[str]]]


def parse_table_export(data: str, delimiter: str) -> TableExport | None:
    lines: list[tuple[int, list[str]]] = []
    reader = csv.reader(data.splitlines(keepends=True), delimiter=delimiter)
    start = 1
    for cells in reader:
        lines.append((start, [c.strip() for c in cells] or [""]))  # a blank line: one cell
        start = reader.line_num + 1
    title = None
    filters: dict[str, str] = {}
    if lines and " > " in lines[0][1][0]:
        title = lines[1][1][0] if len(lines) > 1 else None
    at = next((i for i, (_, cells) in enumerate(lines)
               if cells and not cells[0] and any(cells)), None)
    if at is None:
        return None
    for _, cells in lines[:at]:
        if ":" in cells[0] and not cells[0].endswith(":"):
            name, value = cells[0].split(":", 1)
            filters[name.strip()] = value.strip()
    rows = []
    for line, cells in lines[at + 1:]:
        if cells and cells[0].lower() in _END_OF_TABLE:
            break
        if any(cells):
            rows.append((line, cells))
    return TableExport(title, filters, lines[at][1], rows)


def _choose_table(path: Path, export: TableExport) -> SwTableMapping | Problem:
    mapping = _by_title(export.title) if export.title else next(
        (m for m in statswales_table_mappings()
         if any(fnmatch.fnmatch(path.name.lower(), pattern.lower())
                for pattern in m.file_names)), None)
    if mapping is None:
        return Problem(path.name, f"no StatsWales map for the table "
                       f"{export.title or path.name!r}",
                       "add a map with `layout: table` to definitions/mappings/statswales/ "
                       "(docs/importing.md), or, for a download without its title lines, "
                       "name the file after the table's web address.")
    if not mapping.fits(export.header):
        return Problem(path.name, f"the columns do not have the shape of {mapping.title}",
                       f"its map expects {len(mapping.labels)} label column(s) then "
                       f"{mapping.columns} columns; download the table view again.")
    for name, value in mapping.filters.items():
        if name in export.filters and export.filters[name].lower() != value.lower():
            return Problem(path.name, f"this download is filtered on {name}: "
                           f"{export.filters[name]}; the map reads {name}: {value}",
                           f"download the table with {name}: {value}.")
    return mapping


def read_table_export(kind: str, path: Path, text: TextFile, options: ReadOptions
                      ) -> ImportResult:
    export = parse_table_export(text.text, text.delimiter)
    if export is None:
        return failed(kind, Problem(path.name, "no StatsWales map fits this file",
                                    "add a map to definitions/mappings/statswales/ "
                                    "(docs/importing.md)."))
    mapping = _choose_table(path, export)
    if isinstance(mapping, Problem):
        return failed(kind, mapping)
    result = ImportResult(kind, mapping.publisher, options.release or mapping.release)
    if mapping.filters and not export.filters:
        result.notes.append(f"the download does not list its filters; {mapping.title} is "
                            "read as " + ", ".join(f"{k}: {v}" for k, v in
                                                   mapping.filters.items()) + ".")
    cells = _table_cells(path, mapping, export, options, result)
    result.tables["published"] = _table_figures(path.name, cells, result)
    return result


@dataclass(frozen=True)
class _Cell:
    measure: SwTableMeasure
    year: int
    level: str
    area: str
    text: str
    column: str
    line: int


def _row_areas(mapping: SwTableMapping, export: TableExport, result: ImportResult
               ) -> list[tuple[int, list[str], str | None, str | None]]:
    """Each data row with the area it is about: the deepest area label printed on the row,
    else the one above (labels are printed only where they change)."""
    area_columns = [i for i, name in enumerate(mapping.labels) if name == AREA]
    areas = welsh_areas()
    out, current, skipped = [], "", set()
    for line, cells in export.rows:
        printed = [_FOOTNOTE.sub("", cells[i]) for i in area_columns
                   if i < len(cells) and cells[i]]
        current = printed[-1] if printed else current
        level, code = areas.area(None, current) if current else (None, None)
        if code is None and current:
            skipped.add(current)
        out.append((line, cells, level, code))
    if skipped:
        result.notes.append(f"rows for {', '.join(sorted(skipped))} (not a Welsh LA or "
                            "Wales) were not imported.")
    return out


def _table_cells(path: Path, mapping: SwTableMapping, export: TableExport,
                 options: ReadOptions, result: ImportResult) -> list[_Cell]:
    header = export.header
    n = len(mapping.labels)
    file_year = options.year or year_from_path(path)
    if mapping.columns != "year" and file_year is None:
        result.problems.append(Problem(path.name, "cannot tell the year of this table",
                                       "pass --year, or keep the year in the file name "
                                       "(e.g. ...-2018-19.csv)."))
        return []
    cells = []
    for line, row, level, area in _row_areas(mapping, export, result):
        if area is None or level is None:
            continue
        for measure in mapping.measures:
            if not _labels_match(mapping, measure, row):
                continue
            for j in range(n, len(header)):
                if not header[j] or (measure.column and header[j] != measure.column):
                    continue
                year = column_year(header[j]) if mapping.columns == "year" else file_year
                if year is not None:
                    text = row[j] if j < len(row) else ""
                    cells.append(_Cell(measure, year, level, area, text, header[j], line))
    return cells


def _labels_match(mapping: SwTableMapping, measure: SwTableMeasure, row: list[str]) -> bool:
    for name, wanted in measure.labels.items():
        i = mapping.labels.index(name)
        if (row[i] if i < len(row) else "") != wanted:
            return False
    return True


def _table_figures(file: str, cells: list[_Cell], result: ImportResult) -> pa.Table:
    texts = pa.array([_SW_SYMBOL_AS_GSS.get(c.text, c.text) for c in cells], _S)
    parsed = parse_numeric(texts)
    symbol = pc.if_else(pc.is_valid(parsed.symbol), pa.array([c.text for c in cells], _S),
                        pa.scalar(None, _S))
    for i in true_indices(parsed.bad, MAX_PROBLEMS):
        result.problems.append(Problem(file, "not a number or a StatsWales symbol",
                                       "StatsWales values are numbers or the symbols . .. *",
                                       row=cells[i].line, column=cells[i].column,
                                       value=cells[i].text))
    values = parsed.value.to_pylist()
    for cell, value in zip(cells, values, strict=True):
        if cell.measure.percent and value is not None and not 0 <= value <= 100:
            result.problems.append(Problem(file, "a percentage must be between 0 and 100",
                                           "check the table view.", row=cell.line,
                                           column=cell.column, value=cell.text))
    data = {
        "measure_id": pa.array([c.measure.measure for c in cells], _S),
        "year": pa.array([c.year for c in cells], pa.int32()),
        "level": pa.array([c.level for c in cells], _S),
        "area_code": pa.array([c.area for c in cells], _S),
        "group_id": pa.array([c.measure.group for c in cells], _S),
        "value": parsed.value, "suppressed": parsed.reason, "symbol": symbol,
        ROW: pa.array([c.line for c in cells], pa.int64()),
    }
    figures = pa.table(data, schema=_LONG).filter(parsed.present)
    _duplicates(file, figures, result)
    return figures
