"""Build a complete demo data folder: synthetic warehouse, app database and results cube.

`attain demo` calls this, so a newcomer gets a folder that every other command (status,
results, reports, the web app) can use at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from attain.demo import DemoSummary, generate
from attain.engines import Progress, scaled
from attain.services.appdb import SyncReport, init_database, sync_schools
from attain.services.compute import ComputeSummary, compute
from attain.services.neighbour_areas import compute_neighbour_areas

# Share of the progress bar each step takes (generation dominates).
_GENERATE_SHARE = 0.6
_DATABASE_SHARE = 0.05


@dataclass(frozen=True)
class DemoBuild:
    generated: DemoSummary
    synced: SyncReport
    computed: ComputeSummary | None

    def lines(self) -> list[str]:
        lines = list(self.generated.lines())
        lines.append(f"App database: {self.synced.schools.inserted} schools and "
                     f"{self.synced.local_authorities.inserted} local authorities registered.")
        if self.computed is not None:
            lines.extend(self.computed.lines())
        return lines


def build_demo(folder: Path, *, seed: int, scale: float, la_code: str, years: range,
               with_results: bool = True, progress: Progress | None = None) -> DemoBuild:
    generated = generate(folder, seed=seed, scale=scale, la_code=la_code, years=years,
                         progress=scaled(progress, 0.0, _GENERATE_SHARE))
    # No DfE list for the home LA (Welsh LAs): its neighbours by context (a loaded list is kept).
    compute_neighbour_areas(folder, la_codes=(la_code.strip(),), year=max(years))
    if progress:
        progress("Creating the app database", _GENERATE_SHARE)
    init_database(folder)
    synced = sync_schools(folder)
    computed = None
    if with_results:
        start = _GENERATE_SHARE + _DATABASE_SHARE
        computed = compute(folder, progress=scaled(progress, start, 1.0),
                           school_las=(la_code,))
    return DemoBuild(generated, synced, computed)
