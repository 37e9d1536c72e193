"""Excel with openpyxl: one tab per table in long form (an analyst can pivot it) plus a
`data` tab with every figure as a number (at its published precision) and its
suppression note."""

from __future__ import annotations

from pathlib import Path

from attain.reports.model import Cell, Report, Table

DATA_COLUMNS = ("section", "table", "row", "column", "value", "shown", "note")


def write(report: Report, out: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    about = book.active
    about.title = "about"
    for line in (report.title, report.subtitle, f"Year: {report.year}", *report.footnotes):
        about.append([line])
    data = book.create_sheet("data")
    data.append(list(DATA_COLUMNS))
    used: set[str] = {"about", "data"}
    for section in report.sections:
        for table in section.tables:
            _table_sheet(book, table, used)
            for row in table.rows:
                label = " | ".join(c.text for c in row[:table.labels])
                figures = zip(table.columns[table.labels:], row[table.labels:], strict=True)
                for column, cell in figures:
                    data.append([section.title, table.caption, label, column,
                                 shown_number(cell), cell.text, cell.note])
    book.save(out)


def _table_sheet(book, table: Table, used: set[str]) -> None:  # type: ignore[no-untyped-def]
    name = _sheet_name(table.sheet or table.caption, used)
    sheet = book.create_sheet(name)
    sheet.append([table.caption])
    sheet.append(list(table.columns))
    for row in table.rows:
        sheet.append([shown_number(cell) if cell.value is not None else cell.text
                      for cell in row])


def shown_number(cell: Cell) -> float | None:
    """The number as shown (published precision), so Excel never holds more than the
    report publishes."""
    return float(cell.text.replace(",", "")) if cell.value is not None else None


def _sheet_name(wanted: str, used: set[str]) -> str:
    base = "".join(ch for ch in wanted if ch not in "[]:*?/\\")[:28] or "table"
    name, n = base, 2
    while name in used:
        name, n = f"{base[:25]} {n}", n + 1
    used.add(name)
    return name
