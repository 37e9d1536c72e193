"""File formats a user chooses between: reports and results exports.

Here, apart from the services that write them, so that the command line can offer the
choices without importing the writers and their libraries.
"""

from __future__ import annotations

from enum import StrEnum


class ReportFormat(StrEnum):
    HTML = "html"
    PDF = "pdf"
    DOCX = "docx"
    XLSX = "xlsx"


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


# Media types of the files attain serves for download.
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MEDIA_TYPE = "text/csv"
