"""Reading a targets file (CSV or XLSX): header row, then one target per row."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import openpyxl

from attain.errors import Location, UserError
from attain.targets.records import COLUMNS

Row = tuple[int, dict[str, object]]


def read_rows(path: Path) -> list[Row]:
    path = Path(path)
    if not path.exists():
        raise UserError(f"file not found: {path}", fix="check the path.")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = list(_csv(path))
    elif suffix in {".xlsx", ".xlsm"}:
        rows = list(_xlsx(path))
    else:
        raise UserError(f"cannot read {path.name}", fix="use a .csv or .xlsx file.",
                        where=Location(file=str(path)))
    return rows


def _check_header(header: list[str], path: Path) -> None:
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise UserError(f"the header has no column(s) {', '.join(missing)}",
                        fix=f"the first row must name the columns {', '.join(COLUMNS)}.",
                        where=Location(file=str(path), row=1))


def _csv(path: Path) -> Iterator[Row]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = [h.strip().lower() for h in next(reader, [])]
        _check_header(header, path)
        for number, cells in enumerate(reader, start=2):
            if any(c.strip() for c in cells):
                yield number, dict(zip(header, cells, strict=False))


def _xlsx(path: Path) -> Iterator[Row]:
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = [str(h or "").strip().lower() for h in next(rows, ())]
        _check_header(header, path)
        for number, cells in enumerate(rows, start=2):
            if any(c not in (None, "") for c in cells):
                yield number, dict(zip(header, cells, strict=False))
    finally:
        book.close()
