"""Read a filled-in pupil-level template (CSV or XLSX) into its warehouse dataset.

Every cell is checked against the template (type, allowed values, required) and every bad
cell is reported with its line, column and value, so the import service can refuse the
whole file. Pupil ids are never echoed in a problem: a report must not carry pupil data.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from attain.domain.datasets import ColumnType
from attain.ingest.cells import as_text, true_indices
from attain.ingest.columns import map_values
from attain.ingest.csvread import read_csv_strings
from attain.ingest.problems import ROW, ImportResult, Problem, ReadOptions, failed
from attain.ingest.pupil_spec import UPN, Template, TemplateColumn, looks_personal
from attain.ingest.sniff import read_text
from attain.ingest.xlsx import read_xlsx_strings

PUBLISHER = "Local authority (pupil-level template)"
_INT = r"^[-+]?\d+(\.0*)?$"
_FLOAT = r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$"
_TRUE = ("y", "yes", "true", "1", "t")
_FALSE = ("n", "no", "false", "0", "f")
_KEY = ("year", "pupil_id", "urn")


class PupilTemplateReader:
    """`pupils-<dataset>`: one pupil dataset's template."""

    def __init__(self, template: Template) -> None:
        self.template = template
        self.name = template.kind
        self.title = f"Pupil-level template for the {template.dataset} dataset (CSV or XLSX)"

    def detect(self, header: list[str]) -> bool:
        """Every required column, at least one result column, and nothing unknown except
        personal-data columns (read() refuses those with a clear message)."""
        found = [self.template.column_for(h) for h in header if h and not looks_personal(h)]
        if any(c is None for c in found):
            return False
        names = {c.name for c in found if c is not None}
        required = {c.name for c in self.template.required}
        return required <= names and bool(names - set(_KEY) - {"la_code"})

    def read(self, path: Path, options: ReadOptions) -> ImportResult:
        try:
            header, table = _read_any(path)
        except (pa.ArrowInvalid, UnicodeDecodeError, csv.Error, ValueError, OSError) as err:
            return failed(self.name, Problem(
                path.name, f"cannot read the file: {err}",
                "save it as CSV (UTF-8) or XLSX from the template (attain templates write)."))
        result = ImportResult(self.name, PUBLISHER, options.release or "final")
        columns = self._columns(path.name, header, result)
        if result.problems:
            return result
        rows = table.column(ROW).combine_chunks()
        data = {c.name: _check_column(path.name, header_name, c, table.column(header_name),
                                      rows, result)
                for header_name, c in columns.items()}
        data[ROW] = rows
        out = pa.table(data)
        _duplicates(path.name, out, result)
        result.tables[self.template.dataset] = out
        return result

    def _columns(self, file: str, header: list[str], result: ImportResult
                 ) -> dict[str, TemplateColumn]:
        columns: dict[str, TemplateColumn] = {}
        seen: dict[str, str] = {}
        for name in header:
            if not name:
                continue  # a blank header cell (a trailing comma): nothing to read
            if looks_personal(name):
                result.problems.append(Problem(
                    file, f"column {name!r} looks like personal data (a UPN, name, date of "
                    "birth or address)", "remove it: templates carry pseudonymous pupil ids "
                    "only, never UPNs or names.", column=name))
                continue
            column = self.template.column_for(name)
            if column is None:
                result.problems.append(Problem(
                    file, f"column {name!r} is not in the {self.name} template",
                    "rename it to a template header (attain templates write) or remove it.",
                    column=name))
            elif column.name in seen:
                result.problems.append(Problem(
                    file, f"columns {seen[column.name]!r} and {name!r} are the same column",
                    "keep one of them.", column=name))
            else:
                seen[column.name] = name
                columns[name] = column
        for column in self.template.required:
            if column.name not in seen:
                result.problems.append(Problem(
                    file, f"no column {column.header!r} ({column.name}), which is required",
                    f"add it: {column.description}"))
        return columns


def _read_any(path: Path) -> tuple[list[str], pa.Table]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return read_xlsx_strings(path)
    text = read_text(path)
    return text.header, read_csv_strings(text).table


def _check_column(file: str, header: str, column: TemplateColumn, raw: pa.ChunkedArray,
                  rows: pa.Array, result: ImportResult) -> pa.Array:
    text = as_text(raw)
    blank = pc.equal(text, "")
    if column.required:
        _report(file, header, column, blank, text, rows, result,
                "a value is required here")
    text = pc.if_else(blank, pa.scalar(None, pa.string()), text)
    if column.type in (ColumnType.INT, ColumnType.FLOAT):
        return _numbers(file, header, column, text, rows, result)
    if column.type is ColumnType.BOOL:
        lowered = pc.utf8_lower(text)
        ok = pc.is_in(lowered, value_set=pa.array(_TRUE + _FALSE))
        _report(file, header, column, pc.invert(ok), text, rows, result, "not yes or no")
        return pc.is_in(lowered, value_set=pa.array(_TRUE))
    if column.name == "pupil_id":
        upn = pc.match_substring_regex(text, UPN)
        _report(file, header, column, upn, text, rows, result,
                "this looks like a UPN, not a pseudonymous id", echo=False)
    return _codes(file, header, column, text, rows, result)


def _numbers(file: str, header: str, column: TemplateColumn, text: pa.Array, rows: pa.Array,
             result: ImportResult) -> pa.Array:
    pattern = _INT if column.type is ColumnType.INT else _FLOAT
    ok = pc.match_substring_regex(text, pattern)
    kind = "a whole number" if column.type is ColumnType.INT else "a number"
    _report(file, header, column, pc.invert(ok), text, rows, result, f"not {kind}")
    values = pc.if_else(ok, text, pa.scalar(None, pa.string())).cast(pa.float64())
    rule = column.rule
    outside: pa.Array | pa.Scalar = pa.scalar(False)
    if rule.minimum is not None:
        outside = pc.or_(outside, pc.less(values, rule.minimum))
    if rule.maximum is not None:
        outside = pc.or_(outside, pc.greater(values, rule.maximum))
    _report(file, header, column, outside, text, rows, result,
            f"outside the allowed range ({rule.describe()})")
    if column.type is ColumnType.INT:
        return pc.if_else(pc.fill_null(outside, False), pa.scalar(None, pa.float64()),
                          values).cast(pa.int32())
    return values


def _codes(file: str, header: str, column: TemplateColumn, text: pa.Array, rows: pa.Array,
           result: ImportResult) -> pa.Array:
    rule = column.rule
    if rule.values:
        canonical = {v.lower(): v for v in rule.values}
        fixed = map_values(pc.utf8_lower(text), lambda v: canonical.get(v) if v else None,
                           pa.string())
        bad = pc.and_(pc.is_valid(text), pc.is_null(fixed))
        _report(file, header, column, bad, text, rows, result, "not an allowed value")
        return fixed
    if rule.pattern:
        ok = pc.match_substring_regex(text, f"^(?:{rule.pattern})$")
        _report(file, header, column, pc.invert(ok), text, rows, result,
                "not in the expected form")
    return text


def _report(file: str, header: str, column: TemplateColumn, mask: pa.Array | pa.Scalar,
            text: pa.Array, rows: pa.Array, result: ImportResult, message: str,
            echo: bool = True) -> None:
    mask = pc.fill_null(mask, False)
    if isinstance(mask, pa.Scalar):
        return
    for i in true_indices(mask):
        result.problems.append(Problem(
            file, message, f"{column.header}: {column.allowed()}.", row=rows[i].as_py(),
            column=header, value=text[i].as_py() if echo else None))


def _duplicates(file: str, table: pa.Table, result: ImportResult) -> None:
    if not set(_KEY) <= set(table.column_names):
        return
    keys = pc.binary_join_element_wise(*(table.column(k).cast(pa.string()) for k in _KEY), "|")
    first: dict[str, int] = {}
    rows = table.column(ROW).to_pylist()
    counts = pc.value_counts(keys.drop_null())
    repeated = pc.filter(counts.field("values"), pc.greater(counts.field("counts"), 1))
    if not len(repeated):
        return
    for i in true_indices(pc.fill_null(pc.is_in(keys, value_set=repeated), False)):
        key = keys[i].as_py()
        if key in first:
            result.problems.append(Problem(
                file, f"the same pupil, year and school as on line {first[key]}",
                "keep one row per pupil per school and year.", row=rows[i], column=None))
        else:
            first[key] = rows[i]
