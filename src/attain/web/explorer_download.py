"""The measure explorer's downloads: the same rows (the ones the user may see, suppressed
figures already replaced by the symbol) as CSV, or as an Excel workbook with a notes sheet
that says what the symbol and each reason mean; written by attain.services.results, as
`attain results export` writes them.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from attain.domain.formats import CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE
from attain.measures.spec import MeasureSpec
from attain.services.results import SUPPRESSED_SYMBOL, write_csv, write_xlsx
from attain.stats.suppression import Reason
from attain.web.messages import message

CSV_TYPE, XLSX_TYPE = CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE


def csv_text(rows: Sequence[dict[str, Any]]) -> str:
    out = io.StringIO()
    write_csv(rows, out)
    return out.getvalue()


def notes(spec: MeasureSpec) -> list[str]:
    """The notes sheet, one line a row."""
    return [spec.title, message("explorer.notes.source", source=spec.source.strip()),
            message("explorer.notes.symbol", symbol=SUPPRESSED_SYMBOL),
            *(message("explorer.notes.reason", reason=r.value,
                      text=message(f"suppression.{r.value}")) for r in Reason),
            message("explorer.notes.interval"), message("explorer.notes.significance"),
            message("explorer.notes.scope")]


def xlsx_bytes(rows: Sequence[dict[str, Any]], spec: MeasureSpec) -> bytes:
    out = io.BytesIO()
    write_xlsx(rows, out, notes(spec))
    return out.getvalue()
