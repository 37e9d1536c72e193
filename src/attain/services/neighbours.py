"""An LA's imported figures against England, its region and its statistical neighbours,
with its rank and quartile band among all LAs, as DfE's LA Interactive Tool (LAIT)
computes them:

- neighbour average: the mean of the values the LA's ten statistical neighbours have for
  that year, leaving out neighbours with no value (LAIT `LA_LongDataServer`:
  `mean(values_num, na.rm = TRUE)` over the neighbours);
- rank: among every LA of the same country with a value that year, 1 = best given the
  polarity, ties sharing the lowest rank (LAIT `calculate_rank`, attain.stats.ranking);
- quartile band: A-D from the quartiles (R type 7) of those LAs' values, A the best
  quarter (LAIT `calculate_quartile_band`). With no polarity there is no rank or band.

The figures are the imported ones in the `published` store (LAIT, performance tables,
EES, StatsWales); neighbours are the `areas` rows `SN<LA>` written by the LAIT import.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from attain.domain.results import neighbours_area_code
from attain.measures.catalogue import load_catalogue
from attain.measures.spec import MeasureSpec
from attain.services.published_store import published_store
from attain.services.status import warehouse_for
from attain.stats.ranking import Quartile, quartile, quartile_bounds, ranks

WELSH_LAS = range(660, 682)
ENGLAND, WALES = "E92000001", "W92000004"


@dataclass(frozen=True)
class LaComparison:
    measure_id: str
    year: int
    group_id: str
    la_code: str
    value: float | None
    national: float | None
    region: float | None
    neighbour_average: float | None
    neighbours_with_value: int
    rank: int | None
    ranked: int
    quartile: Quartile | None
    bounds: tuple[float, float, float, float, float] | None
    higher_is_better: bool | None


def country_of(la_code: str) -> str:
    return "W" if la_code.isdigit() and int(la_code) in WELSH_LAS else "E"


def neighbour_average(values: list[float | None]) -> tuple[float | None, int]:
    """(mean of the values present, how many there were)."""
    present = [v for v in values if v is not None and not math.isnan(v)]
    return (sum(present) / len(present), len(present)) if present else (None, 0)


def neighbours_of(folder: Path, la_code: str) -> tuple[str, ...]:
    areas = warehouse_for(folder).read("areas").to_pylist()
    return tuple(r["la_code"] for r in areas if r["area_code"] == neighbours_area_code(la_code))


def region_of(folder: Path, la_code: str) -> str | None:
    las = warehouse_for(folder).read("las").to_pylist()
    return next((r["region_code"] for r in las if r["la_code"] == la_code), None)


Key = tuple[str, int, str]


def _figures(folder: Path, measures: set[str] | None, year: int | None
             ) -> dict[Key, dict[tuple[str, str], float | None]]:
    """(measure, year, group) -> (level, area) -> value, and the polarity per key."""
    table = published_store(folder).read("published", [year] if year else None)
    out: dict[Key, dict[tuple[str, str], float | None]] = defaultdict(dict)
    columns = ("measure_id", "year", "group_id", "level", "area_code", "value")
    for row in zip(*(table.column(c).to_pylist() for c in columns), strict=True):
        measure, y, group, level, area, value = row
        if measures is None or measure in measures:
            out[(measure, y, group)][(level, area)] = value
    return out


def polarity(folder: Path) -> dict[str, bool]:
    table = published_store(folder).read("published")
    """Measure -> higher is better: as the publisher states it (LAIT), else the catalogue."""
    found: dict[str, bool] = {}
    for measure, higher in zip(table.column("measure_id").to_pylist(),
                               table.column("higher_is_better").to_pylist(), strict=True):
        if higher is not None:
            found.setdefault(measure, bool(higher))
    for spec in _catalogue_measures():
        found.setdefault(spec.id, bool(spec.higher_is_better))
    return found


@cache
def _catalogue_measures() -> tuple[MeasureSpec, ...]:
    return load_catalogue().measures


def la_comparisons(folder: Path, la_code: str, *, year: int | None = None,
                   measures: set[str] | None = None) -> list[LaComparison]:
    """Every imported figure of `la_code` (optionally one year or some measures) with its
    comparators, sorted by measure, group and year."""
    neighbours = neighbours_of(folder, la_code)
    region = region_of(folder, la_code)
    higher = polarity(folder)
    country = country_of(la_code)
    national = WALES if country == "W" else ENGLAND
    out = []
    for (measure, y, group), values in sorted(_figures(folder, measures, year).items()):
        if ("la", la_code) not in values:
            continue
        las = {area: v for (level, area), v in values.items()
               if level == "la" and country_of(area) == country}
        out.append(_compare(measure, y, group, la_code, las, values, neighbours,
                            values.get(("national", national)),
                            values.get(("region", region)) if region else None,
                            higher.get(measure)))
    return out


def _compare(measure: str, year: int, group: str, la_code: str,
             las: dict[str, float | None], values: dict[tuple[str, str], float | None],
             neighbours: tuple[str, ...], national: float | None, region: float | None,
             higher_is_better: bool | None) -> LaComparison:
    value = las.get(la_code)
    average, counted = neighbour_average([las.get(n) for n in neighbours])
    present = [v for v in las.values() if v is not None and not math.isnan(v)]
    rank = band = bounds = None
    if higher_is_better is not None and value is not None and present:
        rank = ranks(las, higher_is_better)[la_code]
        band = quartile(value, present, higher_is_better)
        bounds = quartile_bounds(present)
    return LaComparison(measure, year, group, la_code, value, national, region, average,
                        counted, rank, len(present), band, bounds, higher_is_better)
