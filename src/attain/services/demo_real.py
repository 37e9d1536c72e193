"""`attain demo --real LA_CODE`: a data folder for a real English LA from the public files
in data/real, so a newcomer sees their own authority's real figures.

It imports, through the ordinary importers: the LA's schools (DfE school information
2017-18, then the GIAS extract where it covers the LA), LAIT's LA/region/England indicators
with the statistical neighbours, the 2018/19 performance tables (KS4 provisional, absence,
census), the KS4 Progress 8 school extracts 2016-2018, the LA exclusions time series, DfE's
2024 Progress 8 estimates (the KS4 ready reckoner, for the LA's own pupils once imported)
and, for Hampshire (850) and Surrey (936), their KS2 performance tables. Then it registers
the schools in the app database and copies the figures into the results cube with LAIT-style
comparisons (attain.services.published_results).

Where the real files are read from, first found wins (a folder counts when it holds
dfe-lait/bds_long_0.parquet): `--real-data DIR`; the environment variable
ATTAIN_REAL_DATA; the files installed with the package (attain/data/real in the wheel:
only the files this command reads, see pyproject.toml); the development checkout's data/real.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import attain
from attain.engines import Progress
from attain.errors import UserError
from attain.ingest.codes import area_codes
from attain.ingest.problems import ReadOptions
from attain.services.appdb import SyncReport, init_database, sync_schools
from attain.services.imports import PUPIL_TABLES, ImportOutcome, import_file
from attain.services.published_comparisons import PublishedComparisonReport
from attain.services.published_results import publish
from attain.services.status import warehouse_for

GIAS_LAS = ("850", "936")  # the LAs in data/real's GIAS extract and KS2 files
KS2_AUTUMN_YEARS = (2016, 2017, 2018)
READY_RECKONER_YEAR = 2024  # the cohort DfE's KS4 ready reckoner in data/real is based on


REAL_DATA_ENV = "ATTAIN_REAL_DATA"
MARKER = Path("dfe-lait") / "bds_long_0.parquet"  # a folder without it is not real data


def real_data_candidates(explicit: Path | None = None) -> list[tuple[str, Path]]:
    """Where to look for the real files, in order, with what each place is."""
    found: list[tuple[str, Path]] = []
    if explicit is not None:
        found.append(("--real-data", Path(explicit)))
    if os.environ.get(REAL_DATA_ENV):
        found.append((REAL_DATA_ENV, Path(os.environ[REAL_DATA_ENV])))
    found.append(("the installed package", Path(str(files("attain") / "data" / "real"))))
    found.append(("the development checkout",
                  Path(attain.__file__).resolve().parents[2] / "data" / "real"))
    return found


def real_data_dir(explicit: Path | None = None) -> Path:
    """The first place that holds the real files (real_data_candidates)."""
    candidates = real_data_candidates(explicit)
    if explicit is not None and not (Path(explicit) / MARKER).is_file():
        raise UserError(f"no real data folder at {explicit}",
                        fix=f"Pass the data/real folder of a checkout (it holds {MARKER}).")
    for _, folder in candidates:
        if (folder / MARKER).is_file():
            return folder
    looked = "; ".join(f"{what}: {folder}" for what, folder in candidates)
    raise UserError(f"no real data found (looked in {looked})",
                    fix=f"Pass --real-data with a checkout's data/real folder, or set "
                    f"{REAL_DATA_ENV} to it.")


@dataclass(frozen=True)
class RealDemoBuild:
    la_code: str
    la_name: str
    imports: tuple[ImportOutcome, ...]
    synced: SyncReport
    cube_rows: int
    comparisons: PublishedComparisonReport | None = None

    def lines(self) -> list[str]:
        lines = [f"Real data for {self.la_name} ({self.la_code}):"]
        for outcome in self.imports:
            written = ", ".join(f"{n:,} {name}" for name, n in outcome.rows.items())
            lines.append(f"  {outcome.file}: {outcome.status}"
                         + (f" ({written})" if written else ""))
        schools = self.synced.schools
        total = schools.inserted + schools.updated + schools.unchanged
        lines.append(f"App database: {total} schools of the LA registered.")
        lines.append(f"Results cube: {self.cube_rows:,} published figures with comparisons.")
        if self.comparisons is not None:
            lines += self.comparisons.lines()
        return lines


def planned_files(real: Path, la_code: str) -> list[tuple[Path, ReadOptions]]:
    """The files to import for `la_code`, in order, with the options each needs."""
    tables = real / "dfe-performance-tables-2018-19-ksp"
    derived = real / "dfe-spine-2017-18-and-ks4-p8-2016-2018"
    schools = ReadOptions(la_code=la_code)
    files = [(derived / "2017-2018_england_spine.xlsx", schools)]
    if la_code in GIAS_LAS:
        gias = real / "dfe-ks2-gias-hampshire-surrey"
        files.append((gias / "gias" / "20220420_gias_850_936.csv", schools))
        files += [(gias / "ks2" / f"{autumn}-{la_code}-ks2.csv", ReadOptions(year=autumn + 1))
                  for autumn in KS2_AUTUMN_YEARS]
    files.append((real / "dfe-lait" / "bds_long_0.parquet", ReadOptions()))
    files += [(tables / name, ReadOptions()) for name in
              ("england_ks4provisional.csv", "england_abs.csv", "england_census.csv")]
    files += [(derived / f"ks4_perf_{year}_derived.csv", ReadOptions())
              for year in (2016, 2017, 2018)]
    files.append((real / "dfe-exclusions-la-2006-2017" / "clean_la_data.csv", ReadOptions()))
    # For the LA's own pupils once imported: Progress 8 against DfE's estimates (docs/importing.md)
    files.append((real / "dfe-ks4-ready-reckoner-2024" / "p8_pupil_coefficients_file.csv",
                  ReadOptions(year=READY_RECKONER_YEAR)))
    return files


def _la_name(la_code: str) -> str:
    la = next((la for la in area_codes().las if la.code == la_code and la.last_year is None),
              None)
    if la is None:
        raise UserError(f"{la_code!r} is not the code of a current English LA",
                        fix="Use a three-digit LA number such as 882 (Southend-on-Sea); "
                        "`attain demo --list-las` lists them. Real data covers England only.")
    return la.name


def build_real_demo(folder: Path, la_code: str, *, real_data: Path | None = None,
                    progress: Progress | None = None) -> RealDemoBuild:
    name = _la_name(la_code)
    real = real_data_dir(real_data)
    _refuse_synthetic(folder)
    folder.mkdir(parents=True, exist_ok=True)
    init_database(folder)
    step = _stepper(progress, len(planned_files(real, la_code)) + 3)
    outcomes = []
    for path, options in planned_files(real, la_code):
        step(f"Importing {path.name}")
        outcome = import_file(folder, path, options=options)
        if outcome.status == "rejected":
            first = outcome.problems[0]
            raise UserError(f"{path.name} could not be imported: {first.message}",
                            fix="Check the file against its SOURCE.md.")
        outcomes.append(outcome)
    step("Registering schools")
    synced = sync_schools(folder)
    step("Filling the results cube")
    # with the comparisons computed rows get (attain.services.published_comparisons)
    published = publish(folder, la_code)
    step("Compared the published figures")
    return RealDemoBuild(la_code, name, tuple(outcomes), synced, published.rows,
                         published.comparisons)


def _refuse_synthetic(folder: Path) -> None:
    """Real figures beside a synthetic demo's pupils would mix made-up and real schools."""
    warehouse = warehouse_for(folder)
    if any(warehouse.exists(name) for name in PUPIL_TABLES):
        raise UserError(f"{folder} already holds pupil-level data (a synthetic demo or your "
                        "own imports)", fix="Build the real demo in a new folder: "
                        "--data-dir another-folder.")


def _stepper(progress: Progress | None, total: int) -> Callable[[str], None]:
    done = [0]

    def step(message: str) -> None:
        if progress:
            progress(message, done[0] / total)
        done[0] += 1

    return step
