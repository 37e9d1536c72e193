"""Check a file the way `attain import` would, without writing anything.

The web app shows this validation report before the user confirms an import; the import
itself (attain.services.imports.import_file) reads and validates the file again, so what
is written never depends on a check made earlier.
"""

from __future__ import annotations

from pathlib import Path

from attain.ingest.problems import Problem, ReadOptions
from attain.ingest.registry import choose
from attain.services.imports import ImportOutcome, sha256_of
from attain.services.published_store import published_store

VALID = "valid"


def check_file(folder: Path, path: Path, *, kind: str | None = None,
               options: ReadOptions | None = None) -> ImportOutcome:
    """The outcome an import would have: `valid` (with the rows it would write),
    `unchanged` (imported before) or `rejected` (with every problem)."""
    if sha256_of(path) in published_store(folder).read("imports").column("sha256").to_pylist():
        return ImportOutcome(path.name, kind or "", "unchanged",
                             notes=("this file was imported before; nothing to do.",))
    reader = choose(path, kind)
    if isinstance(reader, Problem):
        return ImportOutcome(path.name, kind or "", "rejected", problems=(reader,))
    result = reader.read(path, options or ReadOptions())
    if result.problems:
        return ImportOutcome(path.name, result.kind, "rejected",
                             problems=tuple(result.problems), notes=tuple(result.notes))
    rows = {name: len(table) for name, table in result.tables.items() if len(table)}
    return ImportOutcome(path.name, result.kind, VALID, rows, notes=tuple(result.notes))
