"""`attain compute`: every measure, school, LA, area and pupil group into the results cube.

Steps: load and validate the catalogue (refuse on errors, results untouched); compile it;
run the queries in DuckDB over the warehouse into `results_base`; suppress small numbers
(primary in SQL, complementary through attain.stats on the partitions that need it); add
comparisons (national, LA, significance, trends, rank and quartile); write the cube and its
comparisons in one transaction, so a failure leaves the previous results in place.
Rows stay in DuckDB/Arrow throughout: only partitions with a suppressed cell reach Python.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import duckdb

from attain.domain.datasets import PUPIL_RESULT_DATASETS
from attain.engines import Progress, scaled
from attain.engines.registry import EngineName, open_engine, results_into_duckdb
from attain.errors import UserError, only_known
from attain.services import compute_cube as cube
from attain.services import compute_manifest as manifest
from attain.services.compute_comparisons import add_comparisons
from attain.services.compute_coverage import Dropped, check_pupils, drop_uncovered
from attain.services.compute_family import (
    build_family_averages,
    drop_family_averages,
    school_families,
)
from attain.services.compute_write import CUBE_DATASETS, write_years
from attain.store.warehouse import Warehouse

if TYPE_CHECKING:
    from attain.measures.spec import Catalogue
    from attain.stats.suppression import SuppressionRule

T = TypeVar("T")

WAREHOUSE = "warehouse"
RESULTS_FOLDER = "results"
DEFAULT = "default"
# Measured (BENCHMARKS.md, "Computing the results cube"): one query per dataset that
# explodes pupils into their groups beat one query per (dataset, group) 3.8x at full
# England scale and 4x on the demo LA, where planning 24 queries per dataset dominates;
# exploding pupil sums per school and membership pattern (rollup) beats exploding pupils.
DEFAULT_STRATEGY = "rollup"


@dataclass(frozen=True)
class ComputeSummary:
    folder: Path
    years: tuple[int, ...]  # the years computed in this run
    measures: int
    queries: int
    rows: int
    suppressed: int
    seconds: float
    unchanged: bool = False  # --incremental found no input changed: nothing computed
    dropped: Dropped | None = None  # rows the pupils could not give (compute_coverage)
    only_las: tuple[str, ...] = ()  # `--la`: only these LAs' rows (compute_la)

    def lines(self) -> list[str]:
        if self.unchanged:
            return ["Nothing to compute: no warehouse file, measure definition or suppression "
                    f"setting changed since the last compute ({self.seconds:.1f} s).",
                    f"Results: {self.folder / RESULTS_FOLDER}"]
        span = (f"{self.years[0]}-{self.years[-1]}" if len(self.years) > 1
                else "".join(str(y) for y in self.years) or "-")
        return [f"Computed {self.measures} measure(s) for {span}: {self.rows:,} result rows "
                f"({self.suppressed:,} suppressed) in {self.seconds:.1f} s.",
                *self._only_las_lines(),
                *(self.dropped.lines() if self.dropped else []),
                f"Results: {self.folder / RESULTS_FOLDER}"]

    def _only_las_lines(self) -> list[str]:
        if not self.only_las:
            return []
        las = ", ".join(self.only_las)
        return [f"Only LA {las} and its schools were recomputed. National, regional and area "
                "rows, and other LAs' rows and ranks, are as the last whole compute left "
                "them: `attain compute` without --la redoes them."]


def results_warehouse(folder: Path) -> Warehouse:
    return Warehouse(folder / RESULTS_FOLDER, CUBE_DATASETS)


def compute(folder: Path, *, years: Sequence[int] | None = None,
            measure_ids: Sequence[str] | None = None, progress: Progress | None = None,
            suppression: SuppressionRule | None | str = DEFAULT,
            strategy: str = DEFAULT_STRATEGY,
            definitions: Path | None = None, engine: str = "duckdb",
            incremental: bool = False,
            school_las: Sequence[str] | None = None,
            pupils: str | None = None,
            only_las: Sequence[str] | None = None) -> ComputeSummary:
    """Compute the cube for `years`/`measure_ids` (None = all) and write it under `folder`.

    `suppression` is the rule (default: from attain.settings); None turns it off. `engine`
    runs the measure queries (duckdb, postgres or spark: attain.engines.registry); the
    suppression, comparisons and the write run in DuckDB whatever the engine.
    `incremental` recomputes only the years whose inputs changed since the last full
    compute (attain.services.compute_manifest). `school_las` limits the comparisons of
    school rows (national, LA, trends, ranks, family averages) to those LAs' schools, e.g.
    the home LA's: every school's results are still computed and written (families and
    national figures need them), every LA, area and national row is still compared.
    `pupils`: "national" (the warehouse holds the nation's pupils) or "own" (only an LA's
    or a consortium's: no national, regional or area rows or progress scores are computed
    from them, attain.services.compute_coverage); None takes ATTAIN_PUPILS.
    `only_las`: recompute only those LAs' rows and their schools' (attain.services.
    compute_la), every year and measure, against the rest of the cube as stored.
    """
    if only_las:
        return _only_las(folder, only_las, years=years, measure_ids=measure_ids,
                         progress=progress, suppression=suppression, strategy=strategy,
                         definitions=definitions, engine=engine, incremental=incremental,
                         pupils=pupils)
    from attain.measures import DEFINITIONS, compile_catalogue, load_catalogue

    started = time.perf_counter()
    definitions = definitions or DEFINITIONS
    catalogue = load_catalogue(definitions)
    refuse_invalid(catalogue)
    measure_ids = check_measure_ids(catalogue, measure_ids)
    warehouse = Warehouse(folder / WAREHOUSE)
    rule = default_rule() if suppression == DEFAULT else suppression
    pupils = check_pupils(pupils if pupils is not None else pupils_setting())
    # Only a full or an incremental compute records its inputs (hashing every file).
    records_inputs = incremental or (years is None and measure_ids is None)
    scope = repr(rule) if school_las is None else f"{rule!r} schools of {sorted(school_las)}"
    scope += "" if pupils == "national" else " own pupils"
    inputs = (manifest.fingerprint(warehouse, definitions, scope) if records_inputs
              else None)
    if incremental and inputs is not None:
        years = incremental_years(folder, warehouse, inputs, years, measure_ids)
        if years == ():
            return ComputeSummary(folder, (), 0, 0, 0, 0, time.perf_counter() - started,
                                  unchanged=True)
    requested_years = years
    years = resolve_years(warehouse, years)
    chosen = relevant_measures(catalogue, measure_ids, years, countries_of(warehouse))
    estimates = published_estimates(warehouse) if pupils == "own" else {}
    queries = compile_catalogue(catalogue, measure_ids=chosen, years=years, strategy=strategy,
                                published_estimates=estimates)
    opened = open_engine(engine, warehouse, years)
    con: duckdb.DuckDBPyConnection | None = None
    try:
        opened.run(queries, progress=scaled(progress, 0.0, 0.8))
        con = results_into_duckdb(opened)
        dropped = drop_uncovered(con, catalogue, pupils, estimates)
        target = results_warehouse(folder)
        # Years chosen (--years, --incremental): the other years' results stay as they are,
        # and so do their comparisons before the first year chosen. Later years' trends
        # read the chosen years, so their comparisons are worked again.
        from_year = None if requested_years is None else min(years)
        # Families need only the census: they are drawn while the cube is suppressed, for
        # every year compared (computed now or merged from before).
        family_years = [y for y in sorted(set(years) | set(target.years("results")))
                        if from_year is None or y >= from_year]
        with in_background(lambda: school_families(
                warehouse, family_years, school_las, save_to=folder / RESULTS_FOLDER)
        ) as families:
            cube.build(con, catalogue, rule if not isinstance(rule, str) else None)
            con.execute("DROP TABLE results_base")  # all in `cube` now; memory for the rest
            report_progress(progress, "merging previous results", 0.85)
            cube.merge_previous(con, target, requested_years, measure_ids)
            report_progress(progress, "comparisons", 0.9)
            drawn = families.result()
        years_out = _cube_years(con, target)
        shards = tuple(school_las or ())  # the home LAs' rows: `attain compute --la` redoes them
        results_years = years_out if from_year is None else list(years)
        compared_years = [y for y in years_out if from_year is None or y >= from_year]
        with con.cursor() as results_con, target.transaction() as tx, in_background(
                lambda: write_years(results_con, tx, "results", "cube", results_years, shards)
        ) as results_written:
            # The results rows are final: they are written while the comparisons run.
            build_family_averages(con, families=drawn, school_las=school_las)
            add_comparisons(con, school_las=school_las, from_year=from_year)
            drop_family_averages(con)
            compared = "comparisons"
            if cube.published_rows(con):  # add_comparisons compared computed rows only
                from attain.services.published_comparisons import with_published_comparisons

                compared = with_published_comparisons(con, folder)
            report_progress(progress, "writing results", 0.95)
            written = results_written.result()
            counts = cube.counts(con)
            # The cube is written: free it before the comparisons are fetched to be written,
            # the peak of a national compute (BENCHMARKS.md).
            con.execute("DROP TABLE cube")
            write_years(con, tx, "comparisons", compared, compared_years, shards)
    finally:
        if con is not None and opened.name is not EngineName.DUCKDB:
            con.close()
        opened.close()
    if inputs is not None:
        manifest.save(folder / RESULTS_FOLDER, inputs)
    report_progress(progress, "done", 1.0)
    computed = {m for q in queries for m in q.measure_ids}
    done = tuple(sorted(set(years) & set(written)))  # computed now, not carried over
    return ComputeSummary(folder, done, len(computed), len(queries), counts[0], counts[1],
                          time.perf_counter() - started, dropped=dropped)


def _only_las(folder: Path, las: Sequence[str], *, years: Sequence[int] | None,
              measure_ids: Sequence[str] | None, progress: Progress | None,
              suppression: SuppressionRule | None | str, strategy: str,
              definitions: Path | None, engine: str, incremental: bool,
              pupils: str | None) -> ComputeSummary:
    if years is not None or measure_ids is not None or incremental:
        raise UserError("--la recomputes every year and measure of the LA",
                        fix="Leave out --years, --measures and --incremental, or leave out --la.")
    if strategy != DEFAULT_STRATEGY:
        raise UserError("--la computes with the default strategy",
                        fix=f"Leave out --strategy (or give {DEFAULT_STRATEGY}).")
    if check_pupils(pupils if pupils is not None else pupils_setting()) == "own":
        raise UserError("--la needs the nation's pupils, and this folder holds only your "
                        "own (--pupils own)",
                        fix="Leave out --la: with only your LA's pupils a whole compute is "
                            "already your LA's.")
    from attain.services.compute_la import recompute_las

    return recompute_las(folder, las, progress=progress, suppression=suppression,
                         definitions=definitions, engine=engine)


def home_las(chosen: str | None) -> tuple[str, ...] | None:
    """The LAs whose school rows get comparisons: `chosen` (comma separated; `all` for every
    school), else the home LA setting, else None (every school)."""
    from attain.settings import HOME_LA

    text = (chosen if chosen is not None else HOME_LA.value()).strip()
    if not text or text.lower() == "all":
        return None
    return la_codes(text, "or `all`")


def la_codes(text: str, alternative: str = "") -> tuple[str, ...]:
    """The LA codes of comma-separated `text`, each three digits."""
    codes = tuple(dict.fromkeys(c.strip() for c in text.split(",") if c.strip()))
    bad = [c for c in codes if not (c.isdigit() and len(c) == 3)]
    if bad or not codes:
        either = f", {alternative}" if alternative else ""
        raise UserError(f"{', '.join(bad) or repr(text)} is not a three-digit LA code",
                        fix=f"Give LA codes such as 882, comma separated{either}.")
    return codes


def incremental_years(folder: Path, warehouse: Warehouse, inputs: manifest.Inputs,
                      years: Sequence[int] | None,
                      measure_ids: Sequence[str] | None) -> tuple[int, ...] | None:
    """The years `--incremental` recomputes: () for none, None for every year."""
    if years is not None or measure_ids is not None:
        raise UserError("--incremental chooses the years itself",
                        fix="Leave out --years and --measures, or leave out --incremental.")
    changed = manifest.changed_years(manifest.stored(folder / RESULTS_FOLDER), inputs)
    if changed is None:
        return None
    present = set(resolve_years(warehouse, None))
    if not changed <= present:  # a year's data was removed: its old results must go too
        return None
    return tuple(sorted(changed))


def pupils_setting() -> str:
    """ATTAIN_PUPILS as compute reads it: national or own (checked by check_pupils)."""
    from attain.settings import PUPILS

    return PUPILS.value().strip().lower()


def default_rule() -> SuppressionRule:
    from attain.stats.suppression import SuppressionRule

    return SuppressionRule.from_settings()


def refuse_invalid(catalogue: Catalogue) -> None:
    errors = catalogue.errors
    if not errors:
        return
    listed = "\n".join(f"  {issue}" for issue in errors[:50])
    more = f"\n  ... and {len(errors) - 50} more" if len(errors) > 50 else ""
    raise UserError(f"the measure definitions have {len(errors)} error(s); nothing was "
                    f"computed and the previous results are unchanged:\n{listed}{more}",
                    fix="Fix them (`attain measures validate` lists them) and run again.")


def check_measure_ids(catalogue: Catalogue,
                      measure_ids: Sequence[str] | None) -> tuple[str, ...] | None:
    if measure_ids is None:
        return None
    return only_known(measure_ids, [m.id for m in catalogue.measures],
                      problem=lambda measure_id: f"unknown measure {measure_id!r}",
                      fix="`attain measures list` shows the measure ids.")


def relevant_measures(catalogue: Catalogue, measure_ids: Sequence[str] | None,
                      years: Sequence[int], countries: set[str]) -> tuple[str, ...]:
    """The measures asked for that exist in one of `years` and one of `countries`: the
    rest would only add always-false columns to every query."""
    wanted = set(measure_ids) if measure_ids is not None else None
    return tuple(
        m.id for m in catalogue.measures
        if (wanted is None or m.id in wanted)
        and any(m.years.contains(y) for y in years)
        and countries.intersection(m.country.codes)
    )


def published_estimates(warehouse: Warehouse) -> dict[str, tuple[int, ...]]:
    """Progress measure id -> the years of its imported national estimates (e.g. DfE's KS4
    ready reckoner, attain.ingest.ready_reckoner)."""
    table = warehouse.read("progress_estimates")
    years: dict[str, set[int]] = {}
    for measure_id, year in zip(table.column("measure_id").to_pylist(),
                                table.column("year").to_pylist(), strict=True):
        years.setdefault(measure_id, set()).add(year)
    return {m: tuple(sorted(y)) for m, y in years.items()}


def countries_of(warehouse: Warehouse) -> set[str]:
    """The countries of the warehouse's schools. Read by DuckDB: pyarrow's reader imports
    pyarrow.dataset and pandas, 0.4 s of an LA's compute."""
    files = [p.as_posix() for p in warehouse.files("schools")]
    if not files:
        return set()
    with duckdb.connect() as con:
        rows = con.execute("SELECT DISTINCT country FROM read_parquet(?)", [files]).fetchall()
    return {str(c) for (c,) in rows if c}


def resolve_years(warehouse: Warehouse, years: Sequence[int] | None) -> tuple[int, ...]:
    present = sorted({y for name in PUPIL_RESULT_DATASETS for y in warehouse.years(name)})
    if not present:
        raise UserError(f"the warehouse {warehouse.root} holds no pupil results",
                        fix="Run `attain demo` or `attain import` first.")
    if years is None:
        return tuple(present)
    missing = sorted(set(years) - set(present))
    if missing and len(missing) == len(set(years)):
        raise UserError(f"the warehouse has no data for {', '.join(map(str, missing))}",
                        fix=f"it holds {present[0]}-{present[-1]}; choose years from those.")
    return tuple(sorted(set(years)))


def _cube_years(con: duckdb.DuckDBPyConnection, target: Warehouse) -> list[int]:
    """The years of `cube`, and those that had results before and have none now (they are
    written empty)."""
    present = {int(y) for (y,) in con.execute("SELECT DISTINCT year FROM cube").fetchall()}
    return sorted(present | set(target.years("results")))


@contextmanager
def in_background(work: Callable[[], T]) -> Iterator[Future[T]]:
    """Run `work` on a thread; leaving the block waits for it, so nothing it writes can
    outlive the transaction around the block."""
    pool = ThreadPoolExecutor(1, thread_name_prefix="attain-results")
    try:
        yield pool.submit(work)
    finally:
        pool.shutdown(wait=True)


def report_progress(progress: Progress | None, label: str, fraction: float) -> None:
    if progress:
        progress(label, fraction)
