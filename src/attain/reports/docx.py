"""Word (.docx) with python-docx: real headings and Word tables, so officers can edit and
paste into committee templates. Charts are PNG pictures with their alt text."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from attain.reports.charts import ImageFormat, render
from attain.reports.model import Chart, Report, Section, Table


def write(report: Report, out: Path) -> None:
    from docx import Document
    from docx.shared import Cm

    document = Document()
    document.add_heading(report.title, level=0)
    document.add_paragraph(report.subtitle)
    for number, section in enumerate(report.sections, start=1):
        _section(document, number, section, report.year, Cm(15))
    document.add_heading("Notes", level=1)
    for note in report.footnotes:
        document.add_paragraph(note, style="List Bullet")
    document.save(str(out))


def _section(document: Any, number: int, section: Section, year: int, width: Any) -> None:
    document.add_heading(f"{number}. {section.title}", level=1)
    for sentence in (*section.sentences, *section.notes):
        document.add_paragraph(sentence)
    for chart in section.charts:
        _picture(document, chart, width)
    for table in section.tables:
        _table(document, table)
    if section.has_priority_actions:
        document.add_heading(f"{section.title} – priority actions", level=2)
        actions = section.priority_actions or (
            f"[Priority actions for {year}/{(year + 1) % 100}: to be completed by the officer.]",)
        for action in actions:
            document.add_paragraph(action, style="List Bullet")


def _picture(document: Any, chart: Chart, width: Any) -> None:
    shape = document.add_picture(io.BytesIO(render(chart, ImageFormat.PNG)), width=width)
    properties = shape._inline.docPr  # python-docx has no public alt-text API yet
    properties.set("descr", chart.alt_text)
    properties.set("title", chart.title)
    document.add_paragraph(f"{chart.title} (figures in the table \"{chart.table_caption}\")",
                           style="Caption")


def _table(document: Any, table: Table) -> None:
    """A Word table with a header row. All rows are made at once and filled through the
    flat cell list: adding rows one by one re-reads the grid each time."""
    document.add_paragraph(table.caption, style="Caption")
    width = len(table.columns)
    grid = document.add_table(rows=1 + len(table.rows), cols=width, style="Table Grid")
    texts = [*table.columns, *(cell.text for row in table.rows for cell in row)]
    for cell, text in zip(grid._cells, texts, strict=True):  # noqa: SLF001 - see docstring
        cell.text = text
