"""Context builders of the data pages: validation problems and the import ledger in, GOV.UK
table parameters out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from attain.ingest.problems import Problem
from attain.web import tables as t

SHOWN_PROBLEMS = 500


def problems_table(problems: Sequence[Problem], caption: str) -> dict[str, Any]:
    """Row-level errors: file, row (the header is row 1), column, value, problem, hint."""
    body = [[t.text_cell(p.file), t.number_cell("–" if p.row is None else str(p.row)),
             t.text_cell(p.column or "–"), t.text_cell(p.value if p.value is not None else "–"),
             t.text_cell(p.message), t.text_cell(p.hint or "–")]
            for p in problems[:SHOWN_PROBLEMS]]
    return t.table(caption, ["File", "Row", "Column", "Value", "Problem", "Hint"], body)


def rows_text(rows: Mapping[str, int]) -> str:
    return ", ".join(f"{n:,} {name}" for name, n in rows.items()) or "no rows"


def ledger_table(entries: Iterable[Mapping[str, Any]], caption: str) -> dict[str, Any]:
    """Every imported file with its provenance, newest first."""
    ordered = sorted(entries, key=lambda e: str(e.get("imported_at") or ""), reverse=True)
    body = [[t.text_cell(str(e.get("source_file") or "")), t.text_cell(str(e.get("kind") or "")),
             t.text_cell(str(e.get("publisher") or "–")),
             t.text_cell(str(e.get("release") or "–")),
             t.text_cell(str(e.get("imported_at") or "")),
             t.number_cell(f"{int(e.get('rows') or 0):,}"),
             t.number_cell(f"{int(e.get('skipped_rows') or 0):,}"),
             t.text_cell(str(e.get("sha256") or "")[:12])] for e in ordered]
    head = ["File", "Kind", "Publisher", "Release", "Imported", "Rows", "Skipped rows",
            "SHA-256 (start)"]
    return t.table(caption, head, body)
