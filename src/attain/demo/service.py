"""`generate`: write a demo data folder (home LA + national comparator), atomically."""

from __future__ import annotations

import math
import os
import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from attain.demo import characteristics, geography, priors
from attain.demo.population import Population
from attain.demo.schools import (
    FIRST_YEAR,
    HOME_PUPILS_PER_YEAR_GROUP,
    LAST_YEAR,
    home_schools,
    national_schools,
    schools_table,
)
from attain.demo.world import World
from attain.demo.yearly import year_tables
from attain.errors import UserError
from attain.store.warehouse import Warehouse

Progress = Callable[[str, float], None]
WAREHOUSE = "warehouse"
BATCH_ROWS = 500_000


@dataclass(frozen=True)
class DemoSummary:
    """What generate() wrote: `schools` and `pupils_per_year` count the home LA only;
    `rows` counts rows per dataset over all years."""

    folder: Path
    la_code: str
    la_name: str
    country: str
    schools: int
    pupils_per_year: dict[int, int]
    rows: dict[str, int]
    seconds: float
    national_schools: int = 0
    years: tuple[int, ...] = field(default_factory=tuple)

    def lines(self) -> list[str]:
        years = f"{self.years[0]}-{self.years[-1]}" if len(self.years) > 1 else str(
            self.years[0])
        latest = self.pupils_per_year[self.years[-1]]
        nation = geography.COUNTRY_NAMES[self.country]
        return [
            f"Local authority: {self.la_name} ({self.la_code}), {nation}",
            f"Schools: {self.schools} in the LA, {self.national_schools:,} in the national "
            "comparator",
            f"Pupils on roll in the LA in {self.years[-1]}: {latest:,}",
            f"Academic years: {years}",
            f"Rows written: {sum(self.rows.values()):,} across {len(self.rows)} datasets",
            f"Folder: {self.folder}",
            f"Took {self.seconds:.1f} s",
        ]


def validate(folder: Path, scale: float, la_code: str, years: range) -> geography.LocalAuthority:
    """Refuse bad input before anything is written."""
    if not (isinstance(scale, int | float) and math.isfinite(scale) and 0 < scale <= 1):
        raise UserError(f"scale {scale} is out of range",
                        fix="Use a scale above 0 and at most 1 (1 = full national size).")
    if len(years) == 0 or years.step != 1 or years[0] < FIRST_YEAR or years[-1] > LAST_YEAR:
        raise UserError(f"years {years.start}-{years.stop - 1} are outside "
                        f"{FIRST_YEAR}-{LAST_YEAR}",
                        fix=f"Choose consecutive years between {FIRST_YEAR} and {LAST_YEAR}.")
    la = geography.find_la(la_code)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise UserError(f"data folder {folder} already exists and is not empty",
                        fix="Choose a new folder with --data-dir, or remove this one first.")
    return la


def _make_temp(folder: Path) -> Path:
    temp = folder.parent / f".{folder.name}.demo-{uuid.uuid4().hex[:8]}.tmp"
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        temp.mkdir()
    except OSError as err:
        raise UserError(f"cannot write to {folder.parent} ({err.strerror or err})",
                        fix="Choose a folder you can write to with --data-dir.") from None
    return temp


def generate(folder: Path, *, seed: int = 2012, scale: float = 0.02, la_code: str = "882",
             years: range = range(FIRST_YEAR, LAST_YEAR + 1),
             progress: Progress | None = None) -> DemoSummary:
    """Write the demo warehouse under `folder/warehouse`; all or nothing."""
    folder = Path(folder)
    la = validate(folder, scale, la_code, years)
    started = time.perf_counter()
    temp = _make_temp(folder)
    try:
        counts = _generate_into(temp, la, seed, scale, years, progress or _quiet)
        if folder.exists():
            folder.rmdir()
        os.replace(temp, folder)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    summary = DemoSummary(folder=folder, la_code=la.code, la_name=la.name, country=la.country,
                          schools=counts.home_schools, pupils_per_year=counts.home_pupils,
                          rows=counts.rows, seconds=time.perf_counter() - started,
                          national_schools=counts.national_schools, years=tuple(years))
    return summary


def _quiet(message: str, fraction: float) -> None:
    return None


@dataclass
class _Counts:
    home_schools: int = 0
    national_schools: int = 0
    home_pupils: dict[int, int] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, n: int) -> None:
        self.rows[name] = self.rows.get(name, 0) + n


def build_world(la: geography.LocalAuthority, scale: float,
                rng: np.random.Generator) -> World:
    others = tuple(x for x in geography.country_las(la.country) if x.code != la.code)
    home = home_schools(la, rng)
    national, sizes = national_schools(others, la.country, scale, rng)
    la_size = np.array([HOME_PUPILS_PER_YEAR_GROUP] + [sizes[x.code] for x in others])
    la_dep = rng.normal(0.0, 0.3, len(la_size))
    world = World(home + national, [la.code] + [x.code for x in others], la_size, la_dep,
                  home_la=0, country=la.country)
    world.attach_effects(rng)
    return world


def _generate_into(temp: Path, la: geography.LocalAuthority, seed: int, scale: float,
                   years: range, progress: Progress) -> _Counts:
    rng = np.random.Generator(np.random.PCG64(seed))
    world = build_world(la, scale, rng)
    counts = _Counts(home_schools=int((world.la == 0).sum()),
                     national_schools=int((world.la != 0).sum()))
    warehouse = Warehouse(temp / WAREHOUSE)
    with warehouse.transaction() as tx:
        everywhere = geography.all_las()
        for name, table in (("las", geography.las_table(everywhere)),
                            ("areas", geography.areas_table(everywhere, la)),
                            ("schools", schools_table(world.schools))):
            tx.write(name, table)
            counts.add(name, len(table))
        population = Population(world, rng)
        for i, year in enumerate(years):
            progress(f"{year}: pupils and results", i / len(years))
            if i == 0:
                population.bootstrap(year)
                priors.bootstrap_priors(population.roll, year, la.country == "W", rng)
            else:
                population.advance(year)
            characteristics.census(population.roll, world, year, rng)
            counts.home_pupils[year] = int((world.la[population.roll.school] == 0).sum())
            for name, table in year_tables(population.roll, world, year, rng):
                tx.write_in_batches(name, year, table, BATCH_ROWS)
                counts.add(name, len(table))
                del table  # bounded memory: hold one dataset-year at a time
        progress("done", 1.0)
    return counts


