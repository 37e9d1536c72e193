"""The warehouse: one Parquet dataset per collection, partitioned by academic year.

Layout under the data folder::

    warehouse/<dataset>/year=2012/part.parquet     (datasets by year)
    warehouse/<dataset>/part.parquet               (registries: schools, las, areas)

A year may be split into shards: `<dataset>/year=2012/la=882/part.parquet` holds one LA's
rows, `year=2012/part.parquet` the rest (the results cube keeps its home LAs' rows apart,
so `attain compute --la` rewrites only theirs). Writing a year's main file replaces the
whole year, shards and all; writing a shard replaces that shard alone.

The rows of a per-pupil dataset are written in LA order, in row groups of
ROW_GROUP_ROWS rows, so that a query of some LAs (`attain compute --la`) reads only their
row groups: Parquet keeps each row group's smallest and largest `la_code`, and DuckDB skips
the row groups whose range misses the LAs asked for (BENCHMARKS.md). Files written before
this layout are read just the same, only whole.

Writes are atomic per partition file: data goes to a temporary file beside the target and
replaces it with os.replace only after every file of the write is complete, so an error or
a kill mid-write leaves the previous data readable and unchanged.

A transaction encodes and compresses its Parquet files on two background threads (each
file's batches on one, in the order they were written) while the caller builds the next
table (pyarrow releases the GIL while it writes): `attain demo` spent a fifth of its
generation time waiting on writes (BENCHMARKS.md).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager, suppress
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from attain.domain.datasets import DATASETS, ColumnType, Dataset
from attain.errors import UserError

_ARROW_TYPES = {
    ColumnType.INT: pa.int32(),
    ColumnType.FLOAT: pa.float64(),
    ColumnType.STRING: pa.string(),
    ColumnType.BOOL: pa.bool_(),
    ColumnType.DATE: pa.date32(),
}
# The same types in DuckDB's SQL: empty views are typed in SQL, because building an empty
# Arrow table imports pandas (0.35 s) in a run that may need nothing else from it.
SQL_TYPES = {
    ColumnType.INT: "INTEGER",
    ColumnType.FLOAT: "DOUBLE",
    ColumnType.STRING: "VARCHAR",
    ColumnType.BOOL: "BOOLEAN",
    ColumnType.DATE: "DATE",
}
PART = "part.parquet"
SHARD_KEY = "la"
CLUSTER_COLUMN = "la_code"
ROW_GROUP_ROWS = 16_384


def arrow_schema(ds: Dataset) -> pa.Schema:
    return pa.schema(
        [pa.field(c.name, _ARROW_TYPES[c.type], nullable=c.nullable) for c in ds.columns]
    )


def empty_select(ds: Dataset) -> str:
    """A query with the dataset's columns and types and no rows."""
    columns = ", ".join(f'CAST(NULL AS {SQL_TYPES[c.type]}) AS "{c.name}"' for c in ds.columns)
    return f"SELECT {columns} WHERE false"


def conform(ds: Dataset, table: pa.Table) -> pa.Table:
    """Return `table` with exactly the dataset's columns, in order, cast to its types."""
    unknown = sorted(set(table.column_names) - set(ds.column_names))
    if unknown:
        raise UserError(
            f"dataset {ds.name} has no column(s) {', '.join(unknown)}",
            fix=f"use the columns listed in docs/datasets.md for {ds.name}.",
        )
    columns = []
    for col, field in zip(ds.columns, arrow_schema(ds), strict=True):
        if col.name in table.column_names:
            data = table.column(col.name).cast(field.type)
            if not col.nullable and data.null_count:
                raise UserError(
                    f"dataset {ds.name} column {col.name} has {data.null_count} empty value(s)",
                    fix="every row needs a value in this column.",
                )
        elif col.nullable:
            data = pa.nulls(len(table), field.type)
        else:
            raise UserError(f"dataset {ds.name} needs column {col.name}",
                            fix="add the column and import again.")
        columns.append(data)
    return pa.Table.from_arrays(columns, schema=arrow_schema(ds))


def clustered(ds: Dataset, table: pa.Table) -> pa.Table:
    """`table` in the order its file keeps: a per-pupil dataset's rows by LA (in their
    order within an LA), any other dataset's as they come."""
    if not ds.per_pupil or table.num_rows == 0:
        return table
    return table.sort_by(CLUSTER_COLUMN)


def row_group_rows(ds: Dataset) -> int | None:
    """The rows per row group of `ds`'s files: None for pyarrow's default."""
    return ROW_GROUP_ROWS if ds.per_pupil else None


class _BackgroundWrites:
    """Parquet writes on LANES threads, each file's on one of them in submission order (a
    file's batches and its close in the order given); at most `depth` waiting, so the caller
    cannot run ahead with many tables held in memory. Two files encode at once: the
    comparisons `attain compute --la` writes when nothing else runs took 0.29 s on one
    thread, 0.16-0.18 s on two (BENCHMARKS.md). A failed write is raised by the next
    `submit` or `wait`, and is never forgotten: `wait` raises it even after `settle`."""

    LANES = 2

    def __init__(self, depth: int = 2) -> None:
        self.depth = depth
        self.pools: dict[int, ThreadPoolExecutor] = {}
        self.pending: deque[Future[None]] = deque()
        self.error: BaseException | None = None
        self.files = 0

    def lane(self) -> int:
        """The lane of the next file: each file takes the next, round the LANES."""
        self.files += 1
        return self.files % self.LANES

    def submit(self, work: Callable[[], None], lane: int) -> None:
        while len(self.pending) >= self.depth:
            self._collect(self.pending.popleft())
        self._raise()
        if lane not in self.pools:
            self.pools[lane] = ThreadPoolExecutor(1, thread_name_prefix="attain-parquet")
        self.pending.append(self.pools[lane].submit(work))

    def wait(self) -> None:
        """Block until every write is done; raise the first error."""
        self.settle()
        self._raise()

    def settle(self) -> None:
        """Let every submitted write finish and stop the threads (errors are kept)."""
        while self.pending:
            self._collect(self.pending.popleft())
        for pool in self.pools.values():
            pool.shutdown(wait=True)
        self.pools.clear()

    def _collect(self, done: Future[None]) -> None:
        error = done.exception()
        if error is not None and self.error is None:
            self.error = error

    def _raise(self) -> None:
        if self.error is not None:
            raise self.error


class Transaction:
    """Stages partition files (written in the background); `commit` waits for them and
    moves them all into place."""

    def __init__(self, warehouse: Warehouse) -> None:
        self.warehouse = warehouse
        self.staged: list[tuple[Path, Path]] = []
        self.replaced_years: set[Path] = set()  # year folders whose shards go on commit
        self.writes = _BackgroundWrites()

    def write(self, name: str, table: pa.Table) -> None:
        ds = self.warehouse.dataset(name)
        table = conform(ds, table)
        if not ds.by_year:
            self._stage(self.warehouse.partition_path(name, None), clustered(ds, table),
                        row_group_rows(ds))
            return
        years = pc.unique(table.column("year")).to_pylist()
        for year in sorted(years):
            part = clustered(ds, table.filter(pc.equal(table.column("year"), year)))
            target = self.warehouse.partition_path(name, year)
            self.replaced_years.add(target.parent)
            self._stage(target, part, row_group_rows(ds))

    def write_in_batches(self, name: str, year: int, table: pa.Table, batch_rows: int) -> None:
        """Write one year of dataset `name` from `table` (all of that year), in its file's
        order (`clustered`), encoded `batch_rows` rows at a time; no file for no rows."""
        if table.num_rows == 0:
            return
        table = clustered(self.warehouse.dataset(name), table)
        with self.stream(name, year) as writer:
            for batch in table.to_batches(max_chunksize=batch_rows):
                writer.write(pa.Table.from_batches([batch]))

    @contextmanager
    def stream(self, name: str, year: int | None, shard: str | None = None, *,
               whole_year: bool = True) -> Iterator[_StreamWriter]:
        """Write one partition in batches, for data too big to hold in memory at once.
        `shard`: that shard of the year (see the module's doc); None, the year's main file,
        and with it (unless not `whole_year`) the whole year: the year's shards not written
        in this transaction are removed."""
        ds = self.warehouse.dataset(name)
        target = self.warehouse.partition_path(name, year, shard)
        if year is not None and shard is None and whole_year:
            self.replaced_years.add(target.parent)
        temp = self._temp_for(target)
        writer = _StreamWriter(ds, temp, self.writes)
        try:
            yield writer
            self.writes.submit(writer.close, writer.lane)
        except BaseException:
            self.writes.settle()  # this file's writes are done before it goes
            with suppress(Exception):
                writer.close()
            temp.unlink(missing_ok=True)
            raise
        self.staged.append((temp, target))

    def _temp_for(self, target: Path) -> Path:
        target.parent.mkdir(parents=True, exist_ok=True)
        return target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")

    def _stage(self, target: Path, table: pa.Table, row_group_size: int | None) -> None:
        temp = self._temp_for(target)
        self.staged.append((temp, target))
        self.writes.submit(lambda: pq.write_table(table, temp, compression="zstd",
                                                  row_group_size=row_group_size),
                           self.writes.lane())

    def finish_writes(self) -> None:
        """Wait for the background writes; raise the first that failed."""
        self.writes.wait()

    def commit(self) -> None:
        self.finish_writes()
        written = {target for _, target in self.staged}
        for temp, target in self.staged:
            os.replace(temp, target)
        for folder in self.replaced_years:
            for shard in _shard_files(folder):
                if shard not in written:
                    shard.unlink()
                    with suppress(OSError):
                        shard.parent.rmdir()
        self.staged.clear()

    def rollback(self) -> None:
        self.writes.settle()
        for temp, _ in self.staged:
            temp.unlink(missing_ok=True)
        self.staged.clear()


class _StreamWriter:
    """One partition file written batch by batch on the transaction's writer thread."""

    def __init__(self, ds: Dataset, path: Path, writes: _BackgroundWrites) -> None:
        self.ds = ds
        self.writer = pq.ParquetWriter(path, arrow_schema(ds), compression="zstd")
        self.writes = writes
        self.lane = writes.lane()
        self.rows = 0

    def write(self, table: pa.Table) -> None:
        """Write `table` after the batches before it, as it comes (a whole year of a
        per-pupil dataset goes through Transaction.write_in_batches, which keeps its order).
        """
        table = conform(self.ds, table)
        row_group_size = row_group_rows(self.ds)
        self.writes.submit(lambda: self.writer.write_table(table, row_group_size), self.lane)
        self.rows += len(table)

    def close(self) -> None:
        self.writer.close()


def partition_year(path: Path) -> int | None:
    """The year of a partition file (`<dataset>/year=2019/part.parquet`, or a shard of it,
    `year=2019/la=882/part.parquet`); None for the one file of a dataset without years."""
    folder = path.parent.parent if partition_shard(path) is not None else path.parent
    key, _, value = folder.name.partition("=")
    return int(value) if key == "year" and value.isdigit() else None


def partition_shard(path: Path) -> str | None:
    """The shard of a partition file (`year=2019/la=882/part.parquet`: 882), else None."""
    key, _, value = path.parent.name.partition("=")
    return value if key == SHARD_KEY and value else None


def _shard_files(year_folder: Path) -> list[Path]:
    return [p for p in year_folder.glob(f"{SHARD_KEY}=*/{PART}") if p.is_file()]


class Warehouse:
    """A folder of Parquet datasets. `datasets` is the registry of schemas it holds (the
    warehouse datasets by default; the results cube uses its own)."""

    def __init__(self, root: Path, datasets: dict[str, Dataset] | None = None) -> None:
        self.root = Path(root)
        self.datasets = datasets if datasets is not None else DATASETS

    def dataset(self, name: str) -> Dataset:
        try:
            return self.datasets[name]
        except KeyError:
            raise UserError(f"unknown dataset {name!r}",
                            fix=f"use one of: {', '.join(self.datasets)}.") from None

    def partition_path(self, name: str, year: int | None, shard: str | None = None) -> Path:
        base = self.root / name
        if year is None:
            return base / PART
        folder = base / f"year={int(year)}"
        return folder / PART if shard is None else folder / f"{SHARD_KEY}={shard}" / PART

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        tx = Transaction(self)
        try:
            yield tx
            tx.finish_writes()
        except BaseException:
            tx.rollback()
            raise
        tx.commit()

    def write(self, name: str, table: pa.Table) -> None:
        with self.transaction() as tx:
            tx.write(name, table)

    def exists(self, name: str) -> bool:
        return bool(self.files(name))

    def files(self, name: str, years: Iterable[int] | None = None) -> list[Path]:
        """The dataset's Parquet files; with `years`, only those years' files of a dataset
        partitioned by year (a dataset without years keeps its one file)."""
        base = self.root / name
        if not base.exists():
            return []
        found = sorted(p for p in base.rglob(PART) if p.is_file())
        if years is None or not self.dataset(name).by_year:
            return found
        wanted = {int(y) for y in years}
        return [p for p in found if partition_year(p) in wanted]

    def years(self, name: str) -> list[int]:
        return sorted({y for p in self.files(name) if (y := partition_year(p)) is not None})

    def shards(self, name: str, year: int) -> list[str]:
        """The shards of one year of dataset `name` (its main file is not one)."""
        return sorted(s for p in _shard_files(self.partition_path(name, year).parent)
                      if (s := partition_shard(p)) is not None)

    def row_count(self, name: str) -> int:
        return sum(pq.ParquetFile(p).metadata.num_rows for p in self.files(name))

    def read(self, name: str, years: list[int] | None = None) -> pa.Table:
        ds = self.dataset(name)
        paths = self.files(name, years)
        if not paths:
            return arrow_schema(ds).empty_table()
        return pa.concat_tables([pq.read_table(p, schema=arrow_schema(ds)) for p in paths])

    def register_views(self, con: duckdb.DuckDBPyConnection, years: Sequence[int] | None = None,
                       *, materialise: bool = False) -> None:
        """One DuckDB view (or, with `materialise`, one in-memory table) per dataset,
        restricted to `years` for datasets partitioned by year; an empty typed view for a
        dataset with no files."""
        kind = "TABLE" if materialise else "VIEW"
        for name, ds in self.datasets.items():
            paths = self.files(name, years)
            if paths:
                files = ", ".join(f"'{p.as_posix()}'" for p in paths)
                con.execute(f'CREATE OR REPLACE {kind} "{name}" AS SELECT * FROM read_parquet('
                            f"[{files}], hive_partitioning = false)")
            else:
                con.execute(f'CREATE OR REPLACE VIEW "{name}" AS {empty_select(ds)}')

    def connect(self) -> duckdb.DuckDBPyConnection:
        con = duckdb.connect()
        self.register_views(con)
        return con

    def clear(self) -> None:
        if self.root.exists():
            shutil.rmtree(self.root)
