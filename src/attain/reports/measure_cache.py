"""The few catalogue fields a report needs, cached on disk.

Reading and validating every measure YAML file costs about 0.6 s of CPU, a tenth of a
Word standards report (BENCHMARKS.md "Reports (issue 9)"). The fields are kept in a JSON
file under the user's cache folder, keyed by a fingerprint of the definition files (path,
size, modification time), so any edit of a definition is seen at once. A cache that cannot
be read or written is ignored: the catalogue is then read as before.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from attain.measures.spec import Catalogue

CACHE_VERSION = 1


@dataclass(frozen=True)
class ReportMeasure:
    id: str
    title: str
    unit: str
    decimals: int
    higher_is_better: bool
    key_stage: str
    about_group: bool  # its cohort is a pupil characteristic, e.g. `lac`


def cache_folder() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "attain"


def fingerprint(root: Path) -> str:
    digest = hashlib.sha256(f"v{CACHE_VERSION}".encode())
    for path in sorted(root.rglob("*")):
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path.relative_to(root)}|{stat.st_size}|{stat.st_mtime_ns}\n"
                          .encode())
    return digest.hexdigest()


def from_catalogue(catalogue: Catalogue) -> list[ReportMeasure]:
    return [ReportMeasure(m.id, m.title, m.unit, m.decimals, m.higher_is_better, m.key_stage,
                          bool(m.cohort and m.cohort.strip().isidentifier()))
            for m in catalogue.measures]


def report_measures(root: Path, load: Callable[[], Catalogue],
                    folder: Path | None = None) -> list[ReportMeasure]:
    """The measures of the catalogue under `root`, from the cache when it is current."""
    folder = folder or cache_folder()
    key = fingerprint(root)
    path = folder / f"report-measures-{key[:32]}.json"
    try:
        return [ReportMeasure(**item) for item in json.loads(path.read_text("utf-8"))]
    except (OSError, ValueError, TypeError):
        pass
    found = from_catalogue(load())
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("report-measures-*.json"):
            old.unlink(missing_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps([asdict(m) for m in found]), "utf-8")
        temporary.replace(path)
    except OSError:
        pass  # a read-only home folder: no cache, same answers
    return found
