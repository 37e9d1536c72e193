"""Published figures: the results cube's shape plus where each figure came from.

Figures imported from DfE performance tables, LAIT, Explore Education Statistics or GIAS
land in the `published` dataset, partitioned by year, one row per (measure_id, year,
level, area_code, group_id) like the cube. A source symbol (SUPP, NE, c, x ...) is kept in
`symbol` and as the `suppressed` reason, with `value` null. The `imports` ledger records
every imported file by its sha256 so that importing the same file again does nothing.
"""

from __future__ import annotations

from enum import StrEnum

from attain.domain.datasets import Column, ColumnType, Dataset
from attain.domain.results import KEY, RESULTS

S, I, B = ColumnType.STRING, ColumnType.INT, ColumnType.BOOL

# Source symbols and what they mean (reference/measures.md section 9). `-` is LAIT's
# "not available"; it is kept as published and treated like `x`.
SYMBOLS: dict[str, str] = {
    "SUPP": "suppressed: very small numbers of pupils",
    "NE": "no entries",
    "NP": "not published",
    "LOWCOV": "low coverage",
    "NA": "not applicable",
    "NEW": "new school",
    "c": "confidential (suppressed)",
    "x": "not available",
    "z": "not applicable",
    "low": "rounds to below 0.5",
    "u": "low reliability",
    ":": "not available",
    "-": "not available",
    ".": "not applicable",
}

# Symbols whose suppression reason is another symbol's: LAIT's "-" and EES's ":" mean not
# available (x); "." means not applicable (z).
SYMBOL_REASONS: dict[str, str] = {"-": "x", ":": "x", ".": "z"}


class Release(StrEnum):
    """How final a published table is; a later release replaces an earlier one."""

    PROVISIONAL = "provisional"
    REVISED = "revised"
    FINAL = "final"

    @property
    def rank(self) -> int:
        return list(Release).index(self)


PUBLISHED = Dataset(
    "published",
    "Published figures imported from DfE, EES, LAIT or Welsh Government tables, in the "
    "shape of the results cube, with their provenance.",
    RESULTS.columns
    + (
        Column("symbol", S, "The source symbol printed instead of a value (SUPP, NE, c ...)."),
        Column("higher_is_better", B, "Polarity as the publisher states it (LAIT), if any."),
        Column("source_file", S, "Name of the imported file.", False),
        Column("sha256", S, "sha256 of the imported file.", False),
        Column("publisher", S, "Who published the figure.", False),
        Column("release", S, "provisional, revised or final.", False),
        Column("imported_at", S, "When it was imported (ISO 8601, UTC).", False),
    ),
    per_pupil=False,
    by_year=True,
)

IMPORTS = Dataset(
    "imports",
    "The import ledger: one row per imported file.",
    (
        Column("sha256", S, "sha256 of the file.", False),
        Column("source_file", S, "File name.", False),
        Column("kind", S, "Reader that imported it.", False),
        Column("publisher", S, "Publisher.", False),
        Column("release", S, "provisional, revised or final.", False),
        Column("imported_at", S, "When (ISO 8601, UTC).", False),
        Column("rows", I, "Rows written.", False),
        Column("skipped_rows", I, "Rows skipped with --skip-bad-rows.", False),
    ),
    per_pupil=False,
    by_year=False,
)

PUBLISHED_DATASETS: dict[str, Dataset] = {"published": PUBLISHED, "imports": IMPORTS}

KEY_COLUMNS = KEY  # a published figure is keyed as a cube row
