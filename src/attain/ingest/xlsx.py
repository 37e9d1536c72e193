"""Read the first sheet of an Excel workbook as text, like a CSV: a header row, then one
row per line with the sheet's row number in `_row`.

Excel stores numbers as floats and dates as datetimes: a whole number is written without
".0" and a date as ISO yyyy-mm-dd, so the same checks apply to CSV and XLSX files.
"""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pyarrow as pa
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook import Workbook

from attain.ingest.problems import ROW


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def open_book(path: Path) -> Workbook:
    """The workbook, or ValueError when the file is not one."""
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError) as err:
        raise ValueError(f"not an Excel workbook ({err})") from None


def xlsx_header(path: Path) -> list[str]:
    book = open_book(path)
    try:
        first = next(book.worksheets[0].iter_rows(max_row=1, values_only=True), ())
        return [cell_text(v) for v in first]
    finally:
        book.close()


def read_xlsx_strings(path: Path) -> tuple[list[str], pa.Table]:
    """(header, table of text columns named by the header, plus `_row`). Blank rows are
    left out; raises ValueError when the header repeats a name or is empty."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = [cell_text(v) for v in next(rows, ())]
        while header and not header[-1]:
            header.pop()
        if not header or len(set(header)) != len(header):
            raise ValueError("the first row must name each column once")
        columns: list[list[str]] = [[] for _ in header]
        lines: list[int] = []
        for line, row in enumerate(rows, start=2):
            cells = [cell_text(v) for v in row[:len(header)]]
            if not any(cells):
                continue
            cells += [""] * (len(header) - len(cells))
            for values, cell in zip(columns, cells, strict=True):
                values.append(cell)
            lines.append(line)
    finally:
        book.close()
    data = {name: pa.array(values, pa.string()) for name, values in zip(header, columns,
                                                                         strict=True)}
    data[ROW] = pa.array(lines, pa.int64())
    return header, pa.table(data)
