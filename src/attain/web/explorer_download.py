"""The measure explorer's downloads: the same rows (the ones the user may see, suppressed
figures already replaced by the symbol) as CSV, or as an Excel workbook with a header row,
typed number cells and a notes sheet that says what the symbol and each reason mean.

The XLSX is written here rather than by attain.reports.xlsx, whose writer takes a report
(sections of tables), not rows; attain.services.results writes rows to a file without
notes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from attain.measures.spec import MeasureSpec
from attain.services.results import COLUMNS, SUPPRESSED_SYMBOL
from attain.stats.suppression import Reason
from attain.web.messages import message

RESULTS_SHEET, NOTES_SHEET = "results", "notes"
CSV_TYPE = "text/csv"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NUMBER_COLUMNS = frozenset({"year", "numerator", "denominator", "value", "ci_low", "ci_high",
                            "national_value", "diff_national", "la_value", "trend3_change",
                            "trend5_change", "rank", "rank_of", "family_value", "family_size",
                            "diff_family"})


def csv_text(rows: Sequence[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _cell(name: str, value: Any) -> Any:
    """Numbers stay numbers (Excel can sum them), as the cube holds them; the suppression
    symbol and texts are text; a number column's figure given as text is made a number."""
    if isinstance(value, str) and name in NUMBER_COLUMNS and value != SUPPRESSED_SYMBOL:
        try:
            return float(value)
        except ValueError:
            return value
    return value


def notes(spec: MeasureSpec) -> list[str]:
    """The notes sheet, one line a row."""
    return [spec.title, message("explorer.notes.source", source=spec.source.strip()),
            message("explorer.notes.symbol", symbol=SUPPRESSED_SYMBOL),
            *(message("explorer.notes.reason", reason=r.value,
                      text=message(f"suppression.{r.value}")) for r in Reason),
            message("explorer.notes.interval"), message("explorer.notes.significance"),
            message("explorer.notes.scope")]


def xlsx_bytes(rows: Sequence[dict[str, Any]], spec: MeasureSpec) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(RESULTS_SHEET)
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([_cell(name, row.get(name)) for name in COLUMNS])
    about = book.create_sheet(NOTES_SHEET)
    for line in notes(spec):
        about.append([line])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
