"""Where imported published figures are kept: Warehouse(folder / "published").

Its own module, so that reading published figures (the comparisons of `attain compute`,
the neighbours page) does not import the file readers (openpyxl: 0.2 s) with
attain.services.imports."""

from __future__ import annotations

from pathlib import Path

from attain.domain.published import PUBLISHED_DATASETS
from attain.store.warehouse import Warehouse

PUBLISHED_FOLDER = "published"


def published_store(folder: Path) -> Warehouse:
    return Warehouse(folder / PUBLISHED_FOLDER, PUBLISHED_DATASETS)
