"""PDF with WeasyPrint, from the same HTML as the HTML report (charts as PNG images)."""

from __future__ import annotations

from pathlib import Path

from attain.reports import html
from attain.reports.charts import ImageFormat
from attain.reports.model import Report


def render(report: Report, templates: Path | None = None) -> bytes:
    from weasyprint import HTML

    text = html.render(report, templates, ImageFormat.PNG)
    return HTML(string=text, base_url=str(templates or html.SHIPPED)).write_pdf()  # type: ignore[no-any-return]
