"""Comparisons for the published figures in the results cube, as `attain compute` makes
them for its own rows (attain.services.compute_comparisons), so `attain results show`
gives the same columns whichever way a figure got there.

For every cube row whose `source` is not `computed` (an imported file, the
statistical-neighbour average):

- national value and difference: the same measure, year and group for the row's country
  (England E92000001, Wales W92000004); for schools also their LA's value;
- 3- and 5-year trend: value now minus the value 3 (5) available years back, counting
  this one, gaps skipped; `no_change` within half the last shown decimal (attain.stats.trends);
- rank and quartile band: LAs among the LAs of their country, schools among their LA's
  schools, 1 = best, ties share the lowest rank, bands A-D from R type-7 quartiles
  (attain.stats.ranking, as LAIT computes them);
- significance against national, only where the publisher gives what it needs: a 95%
  confidence interval (Progress 8, KS2 progress) or, for a proportion, its denominator
  (a Wilson interval, as attain computes one from pupil data). Otherwise it is null, and
  `significance_note` says why (the report's `not_tested`).

Values come from every cube row (computed or published): a computed national figure is a
comparator for a published LA figure. Suppressed figures (no value) get no comparison.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from attain.domain.results import COMPARISONS, NATIONAL_CODES
from attain.measures.catalogue import load_catalogue
from attain.measures.spec import Kind
from attain.services.compute import results_warehouse
from attain.services.neighbours import country_of, polarity
from attain.services.status import warehouse_for
from attain.stats.intervals import wilson
from attain.stats.ranking import Quartile, quartile_bounds, ranks
from attain.stats.significance import compare
from attain.stats.trends import TREND_SPANS, Direction
from attain.store.warehouse import arrow_schema

COMPUTED = "computed"
NO_INTERVAL = "not tested: the publisher gives no confidence interval or denominator"
NOT_A_PROPORTION = ("not tested: no confidence interval published, and a denominator "
                    "alone gives one only for a proportion")
DEFAULT_DECIMALS = 1
KEY = ("measure_id", "year", "level", "area_code", "group_id")
Row = dict[str, Any]


@dataclass(frozen=True)
class MeasureInfo:
    higher_is_better: bool | None
    tolerance: float  # a change within it is no_change: half the last shown decimal
    proportion: bool  # a percentage of pupils: a denominator gives its interval


def tolerance_for(decimals: int | None) -> float:
    return float(0.5 * 10.0 ** -(DEFAULT_DECIMALS if decimals is None else decimals))


@cache
def _catalogue_info() -> dict[str, tuple[int, bool]]:
    return {s.id: (s.decimals, s.kind in (Kind.PROPORTION, Kind.TRANSITION))
            for s in load_catalogue().measures}


def measure_info(folder: Path) -> dict[str, MeasureInfo]:
    """Per measure of the catalogue or the published store: polarity (the publisher's,
    else the catalogue's), trend tolerance and whether it is a proportion. A figure that
    is not a catalogue measure (ctx_...) has no polarity unless its publisher gives one."""
    catalogue = _catalogue_info()
    higher = polarity(folder)
    out = {}
    for measure in set(catalogue) | set(higher):
        decimals, proportion = catalogue.get(measure, (None, False))
        out[measure] = MeasureInfo(higher.get(measure), tolerance_for(decimals), proportion)
    return out


def _present(value: float | None) -> bool:
    return value is not None and not math.isnan(value)


def _country(row: Row, la_of_school: Mapping[str, str]) -> str | None:
    level, area = row["level"], row["area_code"]
    if level == "national":
        return next((c for c, code in NATIONAL_CODES.items() if code == area), None)
    if level == "la":
        return country_of(area)
    if level == "school":
        la = la_of_school.get(area)
        return country_of(la) if la else None
    if level == "group_of_las" and area.startswith("SN"):
        return country_of(area[2:])
    return "E" if level == "region" else None  # regions are English (E12..., E13...)


def _peer_set(row: Row, la_of_school: Mapping[str, str]) -> str | None:
    if row["level"] == "la":
        return country_of(row["area_code"])
    return la_of_school.get(row["area_code"]) if row["level"] == "school" else None


@dataclass
class _Index:
    values: dict[tuple[str, int, str, str, str], float]
    series: dict[tuple[str, str, str, str], dict[int, float]]
    ranked: dict[tuple[str, int, str, str, str], dict[str, tuple[int | None, int, str]]]


def _index(rows: Sequence[Row], la_of_school: Mapping[str, str],
           info: Mapping[str, MeasureInfo]) -> _Index:
    values: dict[tuple[str, int, str, str, str], float] = {}
    series: dict[tuple[str, str, str, str], dict[int, float]] = defaultdict(dict)
    peers: dict[tuple[str, int, str, str, str], dict[str, float | None]] = defaultdict(dict)
    for r in rows:
        if not _present(r["value"]):
            continue
        m, y, level, area, g = (r[k] for k in KEY)
        values[(m, y, level, area, g)] = r["value"]
        series[(m, level, area, g)][y] = r["value"]
        peer_set = _peer_set(r, la_of_school)
        if peer_set is not None:
            peers[(m, y, g, level, peer_set)][area] = r["value"]
    ranked = {}
    for key, members in peers.items():
        higher = info.get(key[0], MeasureInfo(None, tolerance_for(None), False))
        if higher.higher_is_better is None:
            continue
        rank_of = ranks(members, higher.higher_is_better)
        present = [v for v in members.values() if v is not None]
        bounds = quartile_bounds(present)
        ranked[key] = {area: (rank_of[area], len(present),
                              _band(v, bounds, higher.higher_is_better))
                       for area, v in members.items() if v is not None}
    return _Index(values, dict(series), ranked)


def _band(value: float, bounds: tuple[float, ...], higher_is_better: bool) -> str:
    """attain.stats.ranking.quartile with the peers' quartiles worked out once per set."""
    _, q25, q50, q75, _ = bounds
    position = 0 if value <= q25 else 1 if value <= q50 else 2 if value <= q75 else 3
    bands = (Quartile.D, Quartile.C, Quartile.B, Quartile.A)
    return str(bands[position] if higher_is_better else bands[3 - position])


def _significance(row: Row, national: float | None, measure: MeasureInfo
                  ) -> tuple[str | None, str | None]:
    """(significance, why it was not tested)."""
    value = row["value"]
    if row["level"] == "national" or not _present(value) or national is None:
        return None, None
    low, high = row.get("ci_low"), row.get("ci_high")
    if _present(low) or _present(high):
        return compare(value, low, high, national).value, None
    denominator: float | None = row.get("denominator")
    if denominator is None or math.isnan(denominator) or denominator <= 0:
        return None, NO_INTERVAL
    if not measure.proportion or not 0 <= value <= 100:
        return None, NOT_A_PROPORTION
    interval = wilson(value / 100 * denominator, denominator)
    return compare(value, interval.low, interval.high, national).value, None


def _direction(change: float, tolerance: float) -> str:
    if abs(change) <= tolerance:
        return Direction.NO_CHANGE.value
    return (Direction.UP if change > 0 else Direction.DOWN).value


def _trends(series: Mapping[int, float], tolerance: float
            ) -> dict[int, dict[int, tuple[float, str]]]:
    """year -> span -> (change, direction) over the last `span` available years ending
    that year: attain.stats.trends.trend for every year of the series at once."""
    years = sorted(series)
    out: dict[int, dict[int, tuple[float, str]]] = {}
    for i, year in enumerate(years):
        out[year] = {}
        for span in TREND_SPANS:
            if i + 1 >= span:
                change = series[year] - series[years[i + 1 - span]]
                out[year][span] = (change, _direction(change, tolerance))
    return out


def compare_published(rows: Sequence[Row], la_of_school: Mapping[str, str],
                      info: Mapping[str, MeasureInfo], *,
                      only: Iterable[Row] | None = None) -> list[Row]:
    """A COMPARISONS row, plus `significance_note`, for each of `only` (default: every
    row), comparing with the values of all `rows` (results-cube rows)."""
    index = _index(rows, la_of_school, info)
    trends: dict[tuple[str, str, str, str], dict[int, dict[int, tuple[float, str]]]] = {}
    out = []
    for row in (rows if only is None else only):
        m, y, level, area, g = (row[k] for k in KEY)
        measure = info.get(m, MeasureInfo(None, tolerance_for(None), False))
        country = _country(row, la_of_school)
        code = NATIONAL_CODES.get(country or "")
        national = index.values.get((m, y, "national", code, g)) if code else None
        la = la_of_school.get(area) if level == "school" else None
        present = _present(row["value"])
        significance, note = _significance(row, national, measure)
        series = (m, level, area, g)
        if present and series not in trends:
            trends[series] = _trends(index.series.get(series, {}), measure.tolerance)
        by_span = trends[series].get(y, {}) if present else {}
        trend3, trend5 = (by_span.get(span, (None, None)) for span in TREND_SPANS)
        peer_set = _peer_set(row, la_of_school)
        ranked = (index.ranked.get((m, y, g, level, peer_set), {}).get(area)
                  if present and peer_set is not None else None)
        rank, rank_of, band = ranked or (None, None, None)
        out.append({
            "measure_id": m, "year": y, "level": level, "area_code": area, "group_id": g,
            "national_value": national,
            "diff_national": row["value"] - national
            if present and national is not None else None,
            "la_value": index.values.get((m, y, "la", la, g)) if la else None,
            "significance": significance, "significance_note": note,
            "trend3_change": trend3[0], "trend3_direction": trend3[1],
            "trend5_change": trend5[0], "trend5_direction": trend5[1],
            "rank": rank, "rank_of": rank_of, "quartile": band})
    return out


@dataclass(frozen=True)
class PublishedComparisonReport:
    compared: int
    tested: int
    not_tested: dict[str, int]

    def lines(self) -> list[str]:
        lines = [f"Comparisons of {self.compared:,} published figures; significance tested "
                 f"for {self.tested:,}."]
        lines += [f"  {n:,} {why}" for why, n in sorted(self.not_tested.items())]
        return lines


def add_published_comparisons(folder: Path) -> PublishedComparisonReport:
    """Recompute the comparisons of every published row of the cube under `folder` (the
    computed rows keep theirs) and write them."""
    target = results_warehouse(folder)
    results = target.read("results")
    if not len(results):
        return PublishedComparisonReport(0, 0, {})
    rows: list[Row] = results.to_pylist()
    schools = warehouse_for(folder).read("schools").select(["urn", "la_code"]).to_pylist()
    la_of_school = {str(s["urn"]): s["la_code"] for s in schools}
    published = [r for r in rows if r["source"] != COMPUTED]
    found = compare_published(rows, la_of_school, measure_info(folder), only=published)
    computed = results.filter(pc.equal(results.column("source"), COMPUTED))
    kept = _of_keys(target.read("comparisons"), computed)
    schema = arrow_schema(COMPARISONS)
    new = pa.table({c: pa.array([r.get(c) for r in found], schema.field(c).type)
                    for c in COMPARISONS.column_names}, schema=schema)
    with target.transaction() as tx:
        tx.write("comparisons", pa.concat_tables([kept, new]))
    notes = Counter(r["significance_note"] for r in found if r["significance_note"])
    tested = sum(1 for r in found if r["significance"] is not None)
    return PublishedComparisonReport(len(found), tested, dict(notes))


def _key(table: pa.Table) -> pa.Array:
    return pc.binary_join_element_wise(*(table.column(c).cast(pa.string()) for c in KEY), "|")


def _of_keys(comparisons: pa.Table, results: pa.Table) -> pa.Table:
    if not len(comparisons) or not len(results):
        return comparisons.slice(0, 0)
    return comparisons.filter(pc.is_in(_key(comparisons), value_set=_key(results)))
