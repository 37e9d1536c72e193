"""What the results cube was computed from, so `attain compute --incremental` recomputes
only the years whose inputs changed (issue 11).

The manifest (`results/manifest.json`) holds a SHA-256 of every warehouse Parquet file, of
the measure definitions and of the suppression settings, written after each full compute.
A year is recomputed when any dataset's file for that year changed; everything is when a
dataset without years (schools, LAs, areas), the definitions or the suppression rule
changed, or when there is no manifest yet.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from attain.store.warehouse import Warehouse, partition_year

MANIFEST = "manifest.json"
ALL_YEARS = "all"


@dataclass(frozen=True)
class Inputs:
    """Fingerprints of everything a compute reads."""

    files: dict[str, str]  # "dataset/year=2019/part.parquet" (relative) -> sha256
    definitions: str
    settings: str

    def to_json(self) -> str:
        return json.dumps({"files": self.files, "definitions": self.definitions,
                           "settings": self.settings}, indent=1, sort_keys=True)


def fingerprint(warehouse: Warehouse, definitions: Path, settings: str) -> Inputs:
    files = {p.relative_to(warehouse.root).as_posix(): _sha256(p)
             for name in warehouse.datasets for p in warehouse.files(name)}
    defs = hashlib.sha256()
    for path in sorted(definitions.rglob("*.yaml")):
        defs.update(path.relative_to(definitions).as_posix().encode())
        defs.update(path.read_bytes())
    return Inputs(files, defs.hexdigest(), hashlib.sha256(settings.encode()).hexdigest())


def stored(results: Path) -> Inputs | None:
    path = results / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Inputs(dict(data["files"]), str(data["definitions"]), str(data["settings"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no manifest (or an unreadable one): compute everything


def save(results: Path, inputs: Inputs) -> None:
    results.mkdir(parents=True, exist_ok=True)
    temp = results / f".{MANIFEST}.tmp"
    temp.write_text(inputs.to_json(), encoding="utf-8")
    temp.replace(results / MANIFEST)


def changed_years(before: Inputs | None, now: Inputs) -> set[int] | None:
    """The years to recompute: None for all of them, an empty set for none."""
    if before is None or (before.definitions, before.settings) != (now.definitions,
                                                                   now.settings):
        return None
    years: set[int] = set()
    for path in before.files.keys() | now.files.keys():
        if before.files.get(path) == now.files.get(path):
            continue
        year = partition_year(Path(path))
        if year is None:
            return None
        years.add(year)
    return years


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()
