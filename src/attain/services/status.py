"""What is in a data folder."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from attain.domain.datasets import DATASETS
from attain.errors import UserError
from attain.store.warehouse import Warehouse

WAREHOUSE = "warehouse"
RESULTS = "results"


@dataclass(frozen=True)
class DatasetSummary:
    name: str
    years: tuple[int, ...]
    rows: int

    @property
    def years_text(self) -> str:
        if not self.years:
            return "-"
        return f"{self.years[0]}-{self.years[-1]}" if len(self.years) > 1 else str(self.years[0])


@dataclass(frozen=True)
class StatusReport:
    folder: Path
    datasets: tuple[DatasetSummary, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)


def warehouse_for(folder: Path) -> Warehouse:
    return Warehouse(folder / WAREHOUSE)


def summarise(folder: Path) -> StatusReport:
    if not folder.exists():
        raise UserError(f"data folder {folder} does not exist",
                        fix="Run `attain demo` to make one, or pass --data-dir.")
    wh = warehouse_for(folder)
    rows = tuple(
        DatasetSummary(name, tuple(wh.years(name)), wh.row_count(name))
        for name in DATASETS
        if wh.exists(name)
    )
    notes = () if rows else ("The warehouse is empty: run `attain demo` or `attain import`.",)
    return StatusReport(folder, rows, notes)
