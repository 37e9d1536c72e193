"""The PostgreSQL engine: warehouse tables in a (shared) PostgreSQL server.

`load_warehouse` copies the Parquet datasets into one table per dataset with COPY (CSV
written by pyarrow, a batch at a time, so a national dataset never sits in memory) and
indexes the join keys of the GROUPING SETS queries. `PostgresEngine.run` then runs the
postgres rendering of the compiled queries into the session table `results_base`; the
rows leave the server only through `fetch_results` (COPY back to Arrow).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from urllib.parse import urlsplit

import psycopg
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
from psycopg import sql as pgsql

from attain import settings
from attain.domain.datasets import ColumnType, Dataset
from attain.engines import RESULTS_BASE, Progress, Query, ordered
from attain.errors import InternalError, UserError
from attain.measures import RESULT_COLUMNS
from attain.store.warehouse import Warehouse

ENGINE = "PostgreSQL engine"
WAREHOUSE_URL = settings.WAREHOUSE_URL
PG_TYPES = {ColumnType.INT: "INTEGER", ColumnType.FLOAT: "DOUBLE PRECISION",
            ColumnType.STRING: "TEXT", ColumnType.BOOL: "BOOLEAN", ColumnType.DATE: "DATE"}
BASE_TYPES = ("TEXT", "INTEGER", "TEXT", "TEXT", "TEXT") + ("DOUBLE PRECISION",) * 5
RESULT_SCHEMA = pa.schema([(c, t) for c, t in zip(
    RESULT_COLUMNS, (pa.string(), pa.int32(), pa.string(), pa.string(), pa.string())
    + (pa.float64(),) * 5, strict=True)])
# The columns the compiled queries join and filter on (see attain.measures.compiler).
INDEXES: dict[str, tuple[tuple[str, ...], ...]] = {
    "pupils": (("year", "pupil_id"),),
    "schools": (("urn",),),
    "las": (("la_code",),),
    "areas": (("la_code", "level"),),
}
PUPIL_INDEX = (("year",), ("pupil_id", "year"))
BATCH_ROWS = 200_000
# DuckDB has round(DOUBLE, INTEGER); PostgreSQL only round(NUMERIC, INTEGER), and sqlglot
# renders the call unchanged. Created with the warehouse tables so the queries run as is.
HELPER_FUNCTIONS = (
    "CREATE OR REPLACE FUNCTION round(double precision, integer) RETURNS double precision "
    "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS "
    "'SELECT round($1::numeric, $2)::double precision'",
)


def warehouse_url() -> str:
    """The URL the engine connects to: ATTAIN_WAREHOUSE_URL, else ATTAIN_DATABASE_URL."""
    url = WAREHOUSE_URL.value() or settings.DATABASE_URL.value()
    if not url.startswith(("postgresql", "postgres:")):
        raise UserError(f"the {ENGINE} needs a PostgreSQL URL and none is set",
                        fix=f"Set {WAREHOUSE_URL.env} (or {settings.DATABASE_URL.env}) to "
                        "postgresql://user:password@host/database.")
    return url


def _libpq_url(url: str) -> str:
    # SQLAlchemy spells the driver into the scheme; libpq does not accept it.
    scheme, sep, rest = url.partition("://")
    return f"{scheme.split('+', 1)[0]}{sep}{rest}"


def safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(_libpq_url(url))
    host = parts.hostname or "localhost"
    port = f":{parts.port}" if parts.port else ""
    user = f"{parts.username}@" if parts.username else ""
    return f"{parts.scheme}://{user}{host}{port}{parts.path}"


def connect(url: str | None = None) -> psycopg.Connection:
    url = url or warehouse_url()
    try:
        return psycopg.connect(_libpq_url(url), connect_timeout=10)
    except psycopg.Error as err:
        reason = str(err).strip().splitlines()[-1] if str(err).strip() else type(err).__name__
        raise UserError(f"the {ENGINE} cannot connect to {safe_url(url)}: {reason}",
                        fix=f"Check that the server is running and that {WAREHOUSE_URL.env} "
                        f"(or {settings.DATABASE_URL.env}) has the right host, database, user "
                        "and password.") from None


def create_table_sql(ds: Dataset) -> str:
    columns = ", ".join(f'"{c.name}" {PG_TYPES[c.type]}' + ("" if c.nullable else " NOT NULL")
                        for c in ds.columns)
    return f'CREATE TABLE "{ds.name}" ({columns})'


def index_sql(ds: Dataset) -> list[str]:
    keys = INDEXES.get(ds.name, PUPIL_INDEX if ds.per_pupil else ())
    return [f'CREATE INDEX "{ds.name}_{"_".join(k)}" ON "{ds.name}" '
            f'({", ".join(chr(34) + c + chr(34) for c in k)})' for k in keys]


def _copy_file(cur: psycopg.Cursor, ds: Dataset, path: object) -> int:
    names = ", ".join(f'"{c.name}"' for c in ds.columns)
    options = pa_csv.WriteOptions(include_header=False)
    rows = 0
    with cur.copy(f'COPY "{ds.name}" ({names}) FROM STDIN (FORMAT csv)') as copy:
        for batch in pq.ParquetFile(path).iter_batches(BATCH_ROWS, columns=list(ds.column_names)):
            buffer = io.BytesIO()
            pa_csv.write_csv(pa.Table.from_batches([batch]), buffer, options)
            copy.write(buffer.getbuffer())
            rows += batch.num_rows
    return rows


def load_warehouse(con: psycopg.Connection, warehouse: Warehouse,
                   progress: Progress | None = None) -> dict[str, int]:
    """Replace every dataset table with the warehouse's rows, in one transaction (a failure
    leaves the previous tables); return rows loaded per dataset."""
    counts: dict[str, int] = {}
    names = list(warehouse.datasets)
    with con.transaction(), con.cursor() as cur:
        for statement in HELPER_FUNCTIONS:
            cur.execute(statement)
        for done, name in enumerate(names):
            if progress:
                progress(name, done / len(names))
            ds = warehouse.dataset(name)
            cur.execute(f'DROP TABLE IF EXISTS "{name}"')
            cur.execute(create_table_sql(ds))
            counts[name] = sum(_copy_file(cur, ds, p) for p in warehouse.files(name))
            for statement in index_sql(ds):
                cur.execute(statement)
            cur.execute(f'ANALYZE "{name}"')
    if progress:
        progress("done", 1.0)
    return counts


def missing_tables(con: psycopg.Connection, names: Sequence[str]) -> list[str]:
    with con.cursor() as cur:
        cur.execute("SELECT table_name FROM information_schema.tables "
                    "WHERE table_schema = current_schema()")
        present = {r[0] for r in cur.fetchall()}
    return [n for n in names if n not in present]


class PostgresEngine:
    """Runs compiled queries in one PostgreSQL session over the loaded warehouse tables."""

    dialect = "postgres"

    def __init__(self, url: str | None = None, *, con: psycopg.Connection | None = None,
                 datasets: Sequence[str] | None = None) -> None:
        self.con = con if con is not None else connect(url)
        missing = missing_tables(self.con, datasets or ("schools", "las", "areas", "pupils"))
        if missing:
            raise UserError(f"the {ENGINE} has no warehouse table(s) {', '.join(missing)}",
                            fix="Run `attain warehouse load --engine postgres` first.")

    def run(self, queries: Sequence[Query], *, progress: Progress | None = None) -> int:
        todo = ordered(queries)
        columns = ", ".join(f"{c} {t}" for c, t in zip(RESULT_COLUMNS, BASE_TYPES, strict=True))
        with self.con.cursor() as cur:
            cur.execute(f'DROP TABLE IF EXISTS "{RESULTS_BASE}"')
            cur.execute(f'CREATE TEMP TABLE "{RESULTS_BASE}" ({columns})')
            for done, query in enumerate(todo):
                if progress:
                    progress(query.name, done / max(len(todo), 1))
                if query.stage == 2 and (done == 0 or todo[done - 1].stage < 2):
                    self._prepare_stage_two(cur)
                self._execute(cur, query)
            cur.execute(f'SELECT count(*) FROM "{RESULTS_BASE}"')
            row = cur.fetchone()
        self.con.commit()
        if progress:
            progress("done", 1.0)
        return int(row[0]) if row else 0

    def _prepare_stage_two(self, cur: psycopg.Cursor) -> None:
        # Gaps join results_base to itself: without statistics and an index on a temp
        # table PostgreSQL picks a nested loop (3.5 minutes on the demo LA, not 0.2 s).
        cur.execute(f'CREATE INDEX ON "{RESULTS_BASE}" '
                    "(measure_id, group_id, year, level, area_code)")
        cur.execute(f'ANALYZE "{RESULTS_BASE}"')

    def _execute(self, cur: psycopg.Cursor, query: Query) -> None:
        text = query.sql(self.dialect).strip().rstrip(";")
        target = getattr(query, "materialize_as", None)
        if target:
            # analysed: the planner's guesses for a temp table can pick nested loops
            statement = (f'DROP TABLE IF EXISTS "{target}"; CREATE TEMP TABLE "{target}" AS '
                         f'{text}; ANALYZE "{target}"')
        else:
            statement = (f'INSERT INTO "{RESULTS_BASE}" ({", ".join(RESULT_COLUMNS)}) '
                         f"SELECT * FROM (\n{text}\n) AS q")
        try:
            cur.execute(statement)
        except psycopg.errors.UndefinedTable as err:
            # A dataset imported after the last load (e.g. published progress estimates).
            self.con.rollback()
            raise UserError(f"the {ENGINE} lacks a table measure query {query.name} reads: "
                            f"{str(err).strip().splitlines()[0]}",
                            fix="The warehouse changed since it was loaded: run `attain "
                                "warehouse load --engine postgres` again.") from err
        except psycopg.Error as err:
            self.con.rollback()
            raise InternalError(f"measure query {query.name} failed in PostgreSQL: "
                                f"{str(err).strip()}") from err

    def fetch_results(self) -> pa.Table:
        """`results_base` as Arrow, with exactly the compiler's result columns and types."""
        buffer = io.BytesIO()
        select = pgsql.SQL("COPY (SELECT {} FROM {}) TO STDOUT (FORMAT csv)").format(
            pgsql.SQL(", ").join(pgsql.Identifier(c) for c in RESULT_COLUMNS),
            pgsql.Identifier(RESULTS_BASE))
        with self.con.cursor() as cur, cur.copy(select) as copy:
            for chunk in copy:
                buffer.write(chunk)
        buffer.seek(0)
        return pa_csv.read_csv(
            buffer,
            read_options=pa_csv.ReadOptions(column_names=list(RESULT_COLUMNS)),
            convert_options=pa_csv.ConvertOptions(
                column_types=RESULT_SCHEMA, strings_can_be_null=True,
                quoted_strings_can_be_null=False))

    def close(self) -> None:
        self.con.close()
