"""Reading written reports back as text and cells (pypdf, python-docx, openpyxl)."""

from __future__ import annotations

import re
from pathlib import Path


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def docx_text(path: Path) -> tuple[str, list[list[list[str]]]]:
    """The paragraphs' text and every table as rows of cell texts."""
    from docx import Document

    document = Document(str(path))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    tables = [[[cell.text for cell in row.cells] for row in table.rows]
              for table in document.tables]
    return paragraphs, tables


def docx_headings(path: Path) -> list[tuple[str, str]]:
    """(style name, text) of every heading paragraph."""
    from docx import Document

    return [(p.style.name, p.text) for p in Document(str(path)).paragraphs
            if p.style is not None and p.style.name.startswith(("Heading", "Title"))]


def xlsx_cells(path: Path) -> dict[str, list[tuple[object, ...]]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    return {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}


def html_text(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'src="data:[^"]*"', "", text)  # chart images are pictures, not text
    text = re.sub(r"<style>.*?</style>", "", text, flags=re.S)
    return re.sub(r"<[^>]+>", " ", text)


def all_text(fmt: str, path: Path) -> str:
    """Everything a reader sees in the file, as one string."""
    if fmt == "pdf":
        return pdf_text(path)
    if fmt == "html":
        return html_text(path)
    if fmt == "docx":
        paragraphs, tables = docx_text(path)
        return paragraphs + "\n" + "\n".join(c for t in tables for r in t for c in r)
    sheets = xlsx_cells(path)
    return "\n".join(str(c) for rows in sheets.values() for r in rows for c in r if c is not None)
