"""What a reader returns: tables to write and the problems it found, with where and why."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

# Readers add this column to the tables they return: the file line a row came from, so
# that --skip-bad-rows can drop exactly the rows with problems. The import service
# removes it before writing.
ROW = "_row"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file. `row` is the file's line number (header = 1)."""

    file: str
    message: str
    hint: str = ""
    row: int | None = None
    column: str | None = None
    value: str | None = None

    @property
    def blocks_file(self) -> bool:
        """A problem with no row (a bad header, an unknown year) cannot be skipped."""
        return self.row is None


@dataclass(frozen=True)
class ReadOptions:
    """What the user said about the file: its year and release, when the file cannot;
    `la_code` keeps only that LA's schools from a schools registry (attain demo --real)."""

    year: int | None = None
    release: str | None = None
    la_code: str | None = None


@dataclass
class ImportResult:
    """Tables keyed by target dataset (published, schools, areas, las) and problems."""

    kind: str
    publisher: str
    release: str
    tables: dict[str, pa.Table] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def failed(kind: str, problem: Problem) -> ImportResult:
    return ImportResult(kind, "", "", problems=[problem])
