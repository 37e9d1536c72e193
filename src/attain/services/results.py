"""Reading the results cube: `attain results show` and `attain results export`.

The cube (results) and its comparisons are joined in DuckDB over their Parquet files;
filters are bound parameters, so no user text is ever spliced into SQL.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, TextIO

import duckdb
import pyarrow as pa

from attain.domain.formats import ExportFormat
from attain.domain.results import COMPARISONS
from attain.engines.duckdb import arrow_table
from attain.errors import UserError, did_you_mean
from attain.services.compute import results_warehouse
from attain.store.warehouse import Warehouse, arrow_schema

SUPPRESSED_SYMBOL = "c"  # GSS / Explore Education Statistics symbol for "confidential"
NUMBER_COLUMNS = ("numerator", "value", "ci_low", "ci_high", "national_value",
                  "diff_national", "la_value", "family_value", "diff_family")
COLUMNS = ("measure_id", "year", "level", "area_code", "group_id", "numerator", "denominator",
           "value", "ci_low", "ci_high", "suppressed", "national_value", "diff_national",
           "la_value", "significance", "trend3_change", "trend3_direction", "trend5_change",
           "trend5_direction", "rank", "rank_of", "quartile", "family_value", "family_size",
           "diff_family", "source")


@dataclass(frozen=True)
class ResultFilter:
    school: int | None = None
    la: str | None = None
    measure: str | None = None
    group: str | None = None
    year: int | None = None

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        for condition, value in (
            ("r.level = 'school' AND r.area_code = ?", self.school),
            ("r.level = 'la' AND r.area_code = ?", self.la),
            ("r.measure_id = ?", self.measure),
            ("r.group_id = ?", self.group),
            ("r.year = ?", self.year),
        ):
            if value is not None:
                clauses.append(condition)
                params.append(str(value) if "area_code" in condition else value)
        return (" AND ".join(clauses) or "true"), params

    def only_la(self) -> str | None:
        """The LA every row this filter can match belongs to, if there is one: then only
        that LA's shards of the cube need reading."""
        return self.la if self.school is None else None


def read(folder: Path, where: ResultFilter) -> pa.Table:
    """Matching cube rows with their comparisons, in a stable order."""
    target = results_warehouse(folder)
    results, comparisons = (_files(target, name, where.only_la())
                            for name in ("results", "comparisons"))
    if not results:
        raise UserError(f"there are no results in {folder}",
                        fix="Run `attain compute` first.")
    con = duckdb.connect()
    try:
        con.execute(f"CREATE VIEW r AS SELECT * FROM read_parquet({_list(results)})")
        if comparisons:
            con.execute(f"CREATE VIEW c AS {_comparisons_sql(con, comparisons)}")
        else:  # results imported or written without comparisons: every comparison is null
            con.register("c", arrow_schema(COMPARISONS).empty_table())
        condition, params = where.where()
        comparison_columns = ", ".join(f"c.{name}" for name in COLUMNS[11:-1])
        return arrow_table(con, f"""
            SELECT r.* EXCLUDE (source), {comparison_columns}, r.source
            FROM r LEFT JOIN c USING (measure_id, year, level, area_code, group_id)
            WHERE {condition}
            ORDER BY r.measure_id, r.year, r.level, r.area_code, r.group_id""", params)
    finally:
        con.close()


def _files(target: Warehouse, name: str, la_code: str | None) -> list[Path]:
    """The files of cube dataset `name` that can hold LA `la_code`'s rows: its shards when
    every year has one (an LA's rows are then in no other file; a third of the time of a
    read of all of them on the demo, BENCHMARKS.md), else every file."""
    years = target.years(name)
    if la_code is not None and years and all(la_code in target.shards(name, year)
                                             for year in years):
        return [target.partition_path(name, year, la_code) for year in years]
    return target.files(name)


def no_match(folder: Path, where: ResultFilter) -> UserError:
    """Why `where` matches no row of the cube: the first filter whose value the results do
    not hold (an unknown measure or group with the ids it may have meant), else the
    combination."""
    target = results_warehouse(folder)
    con = duckdb.connect()
    try:
        con.execute(f"CREATE VIEW r AS SELECT * FROM "
                    f"read_parquet({_list(target.files('results'))})")
        for check in (_measure_found, _group_found, _area_found, _year_found):
            problem = check(con, where)
            if problem is not None:
                return problem
    finally:
        con.close()
    return UserError(f"no results match {_described(where)}",
                     fix="Each filter has results, but not together (for example a measure "
                     "a school's phase does not report, or a year outside the measure's "
                     "years): leave one out to see what there is.")


def _present(con: duckdb.DuckDBPyConnection, column: str, condition: str = "true") -> list[Any]:
    return [v for (v,) in con.execute(
        f"SELECT DISTINCT {column} FROM r WHERE {condition} ORDER BY 1").fetchall()]


def _measure_found(con: duckdb.DuckDBPyConnection, where: ResultFilter) -> UserError | None:
    return _id_found(con, "measure_id", where.measure, "measure", "`attain measures list`",
                     "Import the data it needs for the years it covers (`attain measures "
                     "list`), then run `attain compute`.")


def _group_found(con: duckdb.DuckDBPyConnection, where: ResultFilter) -> UserError | None:
    return _id_found(con, "group_id", where.group, "pupil group", "`attain measures groups`",
                     "No pupil in the data is in it, or it was added to groups.yaml after "
                     "the last `attain compute`.")


def _id_found(con: duckdb.DuckDBPyConnection, column: str, value: str | None, kind: str,
              listing: str, absent: str) -> UserError | None:
    """None when `value` (a catalogue id in `column`) has rows or was not asked for; else
    an unknown id (with the ids it may have meant) or a known one without results."""
    if value is None or value in _present(con, column):
        return None
    from attain.measures import load_catalogue

    catalogue = load_catalogue()
    known = [m.id for m in catalogue.measures] if column == "measure_id" else [
        g.id for g in catalogue.groups]
    if value not in known:
        hint = did_you_mean(value, known)
        return UserError(f"unknown {kind} {value!r}", fix=f"{hint}{listing} lists them.")
    return UserError(f"{kind} {value!r} has no results here", fix=absent)


def _area_found(con: duckdb.DuckDBPyConnection, where: ResultFilter) -> UserError | None:
    for level, code, name in (("school", where.school, "school"), ("la", where.la, "LA")):
        if code is None or con.execute("SELECT count(*) FROM r WHERE level = ? AND "
                                       "area_code = ?", [level, str(code)]).fetchall()[0][0]:
            continue
        codes = _present(con, "area_code", f"level = '{level}'")
        held = (f"The results hold {len(codes):,} {name}{'' if len(codes) == 1 else 's'}"
                + (f": {', '.join(map(str, codes))}." if len(codes) <= 12 else "."))
        return UserError(f"{name} {code} has no results here",
                         fix=f"Check the {'URN' if level == 'school' else 'LA code'}. {held}")
    return None


def _year_found(con: duckdb.DuckDBPyConnection, where: ResultFilter) -> UserError | None:
    years = _present(con, "year")
    if where.year is None or where.year in years:
        return None
    span = f"{years[0]}-{years[-1]}" if years else "none"
    return UserError(f"there are no results for {where.year}",
                     fix=f"The results hold the years {span} (as the year each ends).")


def _described(where: ResultFilter) -> str:
    parts = [f"{name} {value}" for name, value in (
        ("school", where.school), ("LA", where.la), ("measure", where.measure),
        ("group", where.group), ("year", where.year)) if value is not None]
    return ", ".join(parts) or "(no filter)"


def _comparisons_sql(con: duckdb.DuckDBPyConnection, paths: list[Path]) -> str:
    """The comparison files with every COMPARISONS column: files written before a column
    existed (e.g. the family averages) give nulls for it (UNION BY NAME with the typed,
    empty COMPARISONS table)."""
    con.register("_comparisons_schema", arrow_schema(COMPARISONS).empty_table())
    return (f"SELECT * FROM _comparisons_schema UNION ALL BY NAME "
            f"SELECT * FROM read_parquet({_list(paths)}, union_by_name = true)")


def _list(paths: list[Path]) -> str:
    return "[" + ", ".join(f"'{p.as_posix()}'" for p in paths) + "]"


# Everything derived from a suppressed value would reveal it (value = national_value +
# diff_national; a trend or rank narrows it down), so all of these are hidden with it.
HIDDEN_WITH_VALUE = ("numerator", "value", "ci_low", "ci_high", "diff_national",
                     "significance", "trend3_change", "trend3_direction", "trend5_change",
                     "trend5_direction", "rank", "quartile", "diff_family")


def published_rows(table: pa.Table) -> list[dict[str, Any]]:
    """Rows as shown to people: the suppression symbol instead of hidden numbers."""
    rows: list[dict[str, Any]] = table.to_pylist()
    for row in rows:
        if row["suppressed"]:
            for name in HIDDEN_WITH_VALUE:
                if name in row:
                    row[name] = SUPPRESSED_SYMBOL
    return rows


def export(folder: Path, where: ResultFilter, fmt: ExportFormat, out: Path) -> int:
    """Write the matching rows to `out` as CSV or XLSX; return how many. When none match,
    nothing is written and the error says which filter matched nothing (`no_match`)."""
    rows = published_rows(read(folder, where))
    if not rows:
        raise no_match(folder, where)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt is ExportFormat.CSV:
        with out.open("w", newline="", encoding="utf-8") as handle:
            write_csv(rows, handle)
    else:
        write_xlsx(rows, out)
    return len(rows)


def write_csv(rows: Sequence[dict[str, Any]], handle: TextIO) -> None:
    """Rows as shown (`published_rows`) as CSV, a header of COLUMNS first."""
    writer = csv.DictWriter(handle, fieldnames=COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)


def write_xlsx(rows: Sequence[dict[str, Any]], out: Path | BinaryIO,
               notes: Sequence[str] = ()) -> None:
    """Rows as shown as a workbook: sheet `results` (a header of COLUMNS, numbers as
    numbers, the suppression symbol as text) and, with `notes`, a sheet `notes` holding
    them one a row."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("results")
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([row.get(name) for name in COLUMNS])
    if notes:
        about = book.create_sheet("notes")
        for line in notes:
            about.append([line])
    book.save(out)
