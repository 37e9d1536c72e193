"""The reader of wide published tables (DfE performance tables, EES tidy CSVs), driven
by the column maps in definitions/mappings/tables/*.yaml."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from attain.ingest.cells import as_text, parse_numeric, true_indices
from attain.ingest.codes import ENGLAND, area_codes
from attain.ingest.columns import constant, map_values
from attain.ingest.csvread import read_csv_strings
from attain.ingest.problems import ROW, ImportResult, Problem, ReadOptions, failed
from attain.ingest.sniff import read_text
from attain.ingest.table_mapping import MeasureMap, TableMapping

MAX_PROBLEMS_PER_COLUMN = 200
_STRING = pa.string()


def year_from_text(text: str | None) -> int | None:
    """2019, '2019', 201819, '2018/19', '2018-19', '2018-2019' -> 2019 (the year it ends)."""
    if text is None:
        return None
    text = str(text).strip()
    if m := re.fullmatch(r"(\d{4})(\d{2})", text):
        return int(m.group(1)) + 1
    if m := re.search(r"(?<!\d)(\d{4})\s*[-/]\s*(\d{2}|\d{4})(?!\d)", text):
        return int(m.group(1)) + 1
    if m := re.fullmatch(r"(\d{4})(\.0)?", text):
        return int(m.group(1))
    return None


def year_from_path(path: Path) -> int | None:
    m = re.search(r"(?<!\d)(20\d\d)[-_](\d\d)(?!\d)", path.as_posix())
    return int(m.group(1)) + 1 if m else None


def release_from_path(path: Path) -> str | None:
    m = re.search(r"(provisional|revised|final)", path.name.lower())
    return m.group(1) if m else None


class TableReader:
    """One kind of wide table; `variants` are its YAML maps for different years."""

    def __init__(self, kind: str, variants: list[TableMapping]) -> None:
        self.name = kind
        self.variants = variants
        self.title = variants[0].title

    def detect(self, header: list[str]) -> bool:
        names = set(header)
        return any(m.matches(names) for m in self.variants)

    def read(self, path: Path, options: ReadOptions) -> ImportResult:
        try:
            text = read_text(path)
            read = read_csv_strings(text, self._wanted(set(text.header)))
        except (pa.ArrowInvalid, UnicodeDecodeError, csv.Error) as err:
            return failed(self.name, Problem(
                path.name, f"cannot read the file as CSV: {err}",
                "check that it is a CSV whose lines all have as many fields as the header."))
        table = read.table
        mapping, year, problem = self._choose(path, table, options)
        if problem is not None or mapping is None:
            return failed(self.name, problem or Problem(path.name, "no mapping"))
        release = options.release or release_from_path(path) or mapping.release
        result = ImportResult(self.name, mapping.publisher, release)
        for line, fields in read.long_rows:
            result.problems.append(Problem(
                path.name, f"{fields} fields, more than the header's {len(text.header)}",
                "check the delimiter and quotes on this line.", row=line))
        read_rows(path.name, mapping, table, year, result)
        return result

    def _wanted(self, header: set[str]) -> set[str]:
        """The columns any matching map reads (all maps' when none matches, so the
        problem report can say which columns are missing)."""
        maps = [m for m in self.variants if m.matches(header)] or self.variants
        return {c for m in maps for c in m.columns}

    def _choose(self, path: Path, table: pa.Table, options: ReadOptions
                ) -> tuple[TableMapping | None, pa.Array | None, Problem | None]:
        names = set(table.column_names)
        variants = [m for m in self.variants if m.matches(names)]
        if not variants:
            missing = min((sorted(set(m.header) - names) for m in self.variants), key=len)
            return None, None, Problem(
                path.name, f"the header is not a known {self.name} layout: no column "
                f"{', '.join(missing)}", "this may be a year whose columns attain does not "
                "know yet: add a map to definitions/mappings/tables/ (see docs/importing.md).")
        years = _years(path, table, variants[0], options)
        if years is None:
            return None, None, Problem(
                path.name, "cannot tell which academic year the file is for",
                "pass --year (the year the academic year ends, e.g. 2019 for 2018/19).")
        found = {y for y in pc.unique(years).to_pylist() if y is not None}
        for mapping in variants:
            if found and all(mapping.covers(y) for y in found):
                return mapping, years, None
        known = ", ".join(f"{m.first_year}-{m.last_year}" for m in variants)
        return None, None, Problem(
            path.name, f"no {self.name} map for year(s) {sorted(found)} (maps cover {known})",
            "add a map for that year to definitions/mappings/tables/ or check --year.")


def _years(path: Path, table: pa.Table, mapping: TableMapping, options: ReadOptions
           ) -> pa.Array | None:
    if options.year is not None:
        return constant(options.year, len(table), pa.int32())
    if mapping.year_column and mapping.year_column in table.column_names:
        return map_values(as_text(table.column(mapping.year_column)), year_from_text,
                          pa.int32())
    year = year_from_path(path)
    return constant(year, len(table), pa.int32()) if year else None


def read_rows(file: str, mapping: TableMapping, table: pa.Table, years: pa.Array,
              result: ImportResult) -> None:
    levels = _levels(mapping, table)
    keep = pc.and_(pc.is_valid(levels), _filters(mapping, table))
    areas = _areas(mapping, table, levels, years)
    rows = table.column(ROW).combine_chunks()
    no_area = pc.and_(keep, pc.is_null(areas))
    sources = [c for c in (*mapping.area_names.values(), *mapping.area.values())
               if c in table.column_names]
    for i in true_indices(no_area, MAX_PROBLEMS_PER_COLUMN):
        given = [(c, table.column(c)[i].as_py()) for c in sources]
        column, value = next(((c, v) for c, v in given if v), (None, None))
        result.problems.append(Problem(
            file, "no area code for this row" if value is None else f"unknown area {value!r}",
            "fill the URN or LA code, or spell the LA name as in definitions/mappings/las.yaml "
            "(add an alias there if needed).", row=rows[i].as_py(), column=column, value=value))
    keep = pc.and_(keep, pc.is_valid(areas))
    _duplicates(file, levels, areas, years, keep, rows, result)
    parts = []
    names = set(table.column_names)
    for measure in mapping.measures:
        if measure.value not in names:
            result.notes.append(f"column {measure.value} is not in the file: {measure.measure}"
                                f" ({measure.group}) not imported.")
            continue
        parts.append(_measure_rows(file, measure, table, keep, levels, areas, years, rows,
                                   result))
    result.tables["published"] = (pa.concat_tables(parts) if parts else _EMPTY)


_LONG = pa.schema([
    ("measure_id", _STRING), ("year", pa.int32()), ("level", _STRING), ("area_code", _STRING),
    ("group_id", _STRING), ("numerator", pa.float64()), ("denominator", pa.float64()),
    ("value", pa.float64()), ("ci_low", pa.float64()), ("ci_high", pa.float64()),
    ("suppressed", _STRING), ("symbol", _STRING), (ROW, pa.int64()),
])
_EMPTY = _LONG.empty_table()


def _levels(mapping: TableMapping, table: pa.Table) -> pa.Array:
    rule = mapping.level
    if rule.column and rule.column in table.column_names:
        return map_values(as_text(table.column(rule.column)), rule.level_of, _STRING)
    return constant(rule.level_of(None), len(table), _STRING)


def _filters(mapping: TableMapping, table: pa.Table) -> pa.Array:
    mask = constant(True, len(table), pa.bool_())
    for column, allowed in mapping.where.items():
        if column in table.column_names:
            inside = pc.is_in(as_text(table.column(column)), value_set=pa.array(allowed))
            mask = pc.and_(mask, inside)
    for column, banned in mapping.exclude.items():
        if column in table.column_names:
            out = pc.is_in(as_text(table.column(column)), value_set=pa.array(banned))
            mask = pc.and_(mask, pc.invert(out))
    return mask


def _areas(mapping: TableMapping, table: pa.Table, levels: pa.Array, years: pa.Array
           ) -> pa.Array:
    codes = area_codes()
    area = constant(None, len(table), _STRING)
    area = pc.if_else(pc.equal(levels, "national"), ENGLAND, area)
    for level, column in mapping.area_names.items():
        if column not in table.column_names:
            continue
        names = as_text(table.column(column))
        if level == "la":
            keyed = pc.binary_join_element_wise(names, years.cast(_STRING), "|")
            found = map_values(keyed, lambda k: codes.la_code(*_split(k)), _STRING)
        else:
            found = map_values(names, codes.region_code, _STRING)
        area = pc.if_else(pc.equal(levels, level), found, area)
    for level, column in mapping.area.items():
        if column in table.column_names:
            text = as_text(table.column(column))
            text = pc.if_else(pc.equal(text, ""), pa.scalar(None, _STRING), text)
            area = pc.if_else(pc.and_(pc.equal(levels, level), pc.is_valid(text)), text, area)
    return area


def _split(key: str) -> tuple[str, int | None]:
    name, _, year = key.rpartition("|")
    return name, int(year) if year else None


def _duplicates(file: str, levels: pa.Array, areas: pa.Array, years: pa.Array,
                keep: pa.Array, rows: pa.Array, result: ImportResult) -> None:
    keys = pc.binary_join_element_wise(levels, areas, years.cast(_STRING), "|")
    keys = pc.if_else(keep, keys, pa.scalar(None, _STRING))
    counts = pc.value_counts(keys.drop_null())
    repeated = pc.filter(counts.field("values"), pc.greater(counts.field("counts"), 1))
    if not len(repeated):
        return
    first_line: dict[str, int] = {}
    for i in true_indices(pc.is_in(keys, value_set=repeated)):
        key = keys[i].as_py()
        if key in first_line:
            level, area, _ = key.split("|")
            result.problems.append(Problem(
                file, f"duplicate {level} {area}: also on line {first_line[key]}",
                "keep one row per school or area.", row=rows[i].as_py(), value=area))
        else:
            first_line[key] = rows[i].as_py()


def _measure_rows(file: str, measure: MeasureMap, table: pa.Table, keep: pa.Array,
                  levels: pa.Array, areas: pa.Array, years: pa.Array, rows: pa.Array,
                  result: ImportResult) -> pa.Table:
    parsed = parse_numeric(table.column(measure.value))
    _bad_cells(file, measure.value, table, pc.and_(keep, parsed.bad), rows, result)
    if measure.percent:
        outside = pc.or_(pc.greater(parsed.value, 100), pc.less(parsed.value, 0))
        _bad_cells(file, measure.value, table, pc.and_(keep, pc.fill_null(outside, False)),
                   rows, result, "a percentage must be between 0 and 100")
    extra = {}
    for name in ("numerator", "denominator", "ci_low", "ci_high"):
        column = getattr(measure, name)
        if column and column in table.column_names:
            other = parse_numeric(table.column(column))
            _bad_cells(file, column, table, pc.and_(keep, other.bad), rows, result)
            extra[name] = other.value
        else:
            extra[name] = constant(None, len(table), pa.float64())
    emit = pc.and_(keep, parsed.present)
    n = len(table)
    data = {
        "measure_id": constant(measure.measure, n, _STRING), "year": years, "level": levels,
        "area_code": areas, "group_id": constant(measure.group, n, _STRING),
        **extra, "value": parsed.value, "suppressed": parsed.reason,
        "symbol": parsed.symbol, ROW: rows,
    }
    return pa.table({f.name: data[f.name] for f in _LONG}, schema=_LONG).filter(emit)


def _bad_cells(file: str, column: str, table: pa.Table, mask: pa.Array, rows: pa.Array,
               result: ImportResult, message: str = "not a number or a known symbol") -> None:
    text = as_text(table.column(column))
    for i in true_indices(mask, MAX_PROBLEMS_PER_COLUMN):
        result.problems.append(Problem(
            file, message, "use a number (59, 59%, 0.11), a symbol such as SUPP or NE, or "
            "leave it blank.", row=rows[i].as_py(), column=column, value=text[i].as_py()))
