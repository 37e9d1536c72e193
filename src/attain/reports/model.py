"""Plain values a report is made of; every renderer (HTML, PDF, DOCX, XLSX) reads only these.

Context builders turn cube rows into these values, so a renderer never decides what a
number is, whether it is suppressed or how it is worded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

NO_DATA = "no data"
SUPPRESSED_SYMBOL = "c"  # GSS / Explore Education Statistics symbol for "confidential"


@dataclass(frozen=True)
class CubeRow:
    """One results-cube row, as much of it as a report needs."""

    measure_id: str
    year: int
    level: str
    area_code: str
    group_id: str
    value: float | None
    denominator: float | None
    suppressed: str | None

    @property
    def published(self) -> bool:
        return self.suppressed is None and self.value is not None


@dataclass(frozen=True)
class Cell:
    """A table cell: the text shown, the number behind it (None unless published)."""

    text: str
    value: float | None = None
    note: str | None = None  # footnote key, e.g. the suppression reason


@dataclass(frozen=True)
class Table:
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    sheet: str = ""  # name of its Excel tab
    labels: int = 1  # how many leading columns are labels (row headers), not figures
    words: tuple[int, ...] = ()  # indexes of other columns that hold words, not figures
    widths: tuple[float, ...] = ()  # relative column widths in HTML/PDF (default: by kind)


@dataclass(frozen=True)
class ChartSeries:
    name: str
    points: tuple[tuple[int, float], ...]  # (year, published value) only


@dataclass(frozen=True)
class Chart:
    title: str
    y_label: str
    series: tuple[ChartSeries, ...]
    alt_text: str
    table_caption: str  # the table beside it that holds the same numbers


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    sentences: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    charts: tuple[Chart, ...] = ()
    notes: tuple[str, ...] = ()
    priority_actions: tuple[str, ...] = ()
    has_priority_actions: bool = True


@dataclass(frozen=True)
class Report:
    kind: str
    title: str
    subtitle: str
    area_name: str
    year: int
    sections: tuple[Section, ...]
    footnotes: tuple[str, ...] = field(default_factory=tuple)

    def tables(self) -> list[Table]:
        return [table for section in self.sections for table in section.tables]
