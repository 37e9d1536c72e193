"""Read a decoded CSV into Arrow as text, with each row's file line in column `_row`.

DfE files are not always rectangular: a school with no results may have a row cut short
after its last non-empty field (2018-850-ks2.csv has five such rows). A short row is read
as if padded with blanks; a row with more fields than the header is reported. Clean files
take the fast multi-threaded path; only a file with odd rows is read again, single-
threaded, so that every row's line is known.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.csv as pacsv

from attain.ingest.problems import ROW
from attain.ingest.sniff import TextFile

_STRING = pa.string()


@dataclass
class CsvRead:
    table: pa.Table
    long_rows: list[tuple[int, int]] = field(default_factory=list)  # (line, fields)


def header_names(text: TextFile) -> tuple[list[str], list[str]]:
    """(names as written, names trimmed)."""
    raw = next(csv.reader([text.header_line], delimiter=text.delimiter), [])
    return raw, [n.strip() for n in raw]


def read_csv_strings(text: TextFile, wanted: set[str] | None = None) -> CsvRead:
    """The columns named in `wanted` (all by default) as text. Raises pa.ArrowInvalid when
    the file cannot be read as CSV at all."""
    raw, names = header_names(text)
    if len(set(names)) != len(names):
        raise pa.ArrowInvalid("the header repeats a column name")
    # An empty include list would mean every column: read at least one.
    keep = [n for n in names if wanted is None or n in wanted] or names[:1]
    try:
        table = _read(text, names, keep, None)
        lines = pa.array(range(2, len(table) + 2), pa.int64())
        return CsvRead(table.append_column(ROW, lines))
    except pa.ArrowInvalid:
        pass
    odd: list[tuple[int, str]] = []

    def keep_aside(row: pacsv.InvalidRow) -> str:
        odd.append((row.number or 0, row.text))
        return "skip"

    table = _read(text, names, keep, keep_aside)
    return _with_odd_rows(table, names, keep, odd, text.delimiter)


def _read(text: TextFile, names: list[str], keep: list[str], handler: object) -> pa.Table:
    return pacsv.read_csv(
        pa.BufferReader(text.data),
        read_options=pacsv.ReadOptions(column_names=names, skip_rows=1,
                                       use_threads=handler is None),
        parse_options=pacsv.ParseOptions(delimiter=text.delimiter, newlines_in_values=True,
                                         invalid_row_handler=handler),
        convert_options=pacsv.ConvertOptions(
            column_types={n: _STRING for n in keep}, include_columns=keep,
            strings_can_be_null=False, quoted_strings_can_be_null=False),
    )


def _with_odd_rows(table: pa.Table, names: list[str], keep: list[str],
                   odd: list[tuple[int, str]], delimiter: str) -> CsvRead:
    odd_lines = {line for line, _ in odd}
    lines = [n for n in range(2, len(table) + len(odd) + 2) if n not in odd_lines]
    result = CsvRead(table.append_column(ROW, pa.array(lines[:len(table)], pa.int64())))
    padded: dict[str, list[str]] = {n: [] for n in keep}
    short_lines = []
    index = {n: i for i, n in enumerate(names)}
    for line, row_text in odd:
        fields = next(csv.reader([row_text], delimiter=delimiter), [])
        if len(fields) > len(names):
            result.long_rows.append((line, len(fields)))
            continue
        for n in keep:
            i = index[n]
            padded[n].append(fields[i] if i < len(fields) else "")
        short_lines.append(line)
    if short_lines:
        extra = pa.table({**{n: pa.array(v, _STRING) for n, v in padded.items()},
                          ROW: pa.array(short_lines, pa.int64())})
        merged = pa.concat_tables([result.table, extra.select(result.table.column_names)])
        result.table = merged.sort_by(ROW)
    return result
