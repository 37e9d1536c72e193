"""The warehouse writes Parquet atomically and reads back exactly what was written."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from attain.errors import UserError
from attain.store import warehouse as warehouse_module
from attain.store.warehouse import Warehouse


def _census(year: int, ids: list[str]) -> pa.Table:
    return pa.table({
        "year": [year] * len(ids),
        "pupil_id": ids,
        "urn": [100001] * len(ids),
        "la_code": ["882"] * len(ids),
        "gender": ["F", "M"][: len(ids)] + ["F"] * max(0, len(ids) - 2),
    })


def _digest(paths: list[Path]) -> dict[str, str]:
    return {p.as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def test_write_partitions_by_year_and_reads_back(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path)
    wh.write("pupils", pa.concat_tables([_census(2012, ["a", "b"]), _census(2013, ["a"])]))
    assert wh.years("pupils") == [2012, 2013]
    assert wh.row_count("pupils") == 3
    table = wh.read("pupils", years=[2013])
    assert table.column("pupil_id").to_pylist() == ["a"]
    # Columns not given are present and empty, typed as the schema says.
    assert table.column("fsm").null_count == 1
    assert table.schema.field("fsm").type == pa.bool_()


def test_rewriting_a_year_replaces_only_that_partition(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path)
    wh.write("pupils", pa.concat_tables([_census(2012, ["a", "b"]), _census(2013, ["c"])]))
    wh.write("pupils", _census(2013, ["d", "e"]))
    assert wh.read("pupils", [2012]).column("pupil_id").to_pylist() == ["a", "b"]
    assert sorted(wh.read("pupils", [2013]).column("pupil_id").to_pylist()) == ["d", "e"]


def test_error_mid_transaction_leaves_previous_data_unchanged(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path)
    wh.write("pupils", _census(2012, ["a", "b"]))
    before = _digest(wh.files("pupils"))

    with pytest.raises(RuntimeError), wh.transaction() as tx:
        tx.write("pupils", _census(2012, ["x", "y"]))
        tx.write("pupils", _census(2014, ["z"]))
        raise RuntimeError("killed mid-write")

    assert _digest(wh.files("pupils")) == before
    assert wh.years("pupils") == [2012]
    assert not list(tmp_path.rglob("*.tmp")), "temporary files must be cleaned up"
    assert wh.read("pupils").column("pupil_id").to_pylist() == ["a", "b"]


def test_error_while_streaming_leaves_previous_data_unchanged(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path)
    wh.write("pupils", _census(2012, ["a"]))
    before = _digest(wh.files("pupils"))
    with pytest.raises(RuntimeError), wh.transaction() as tx, tx.stream("pupils", 2012) as out:
        out.write(_census(2012, ["b"]))
        raise RuntimeError("killed mid-stream")
    assert _digest(wh.files("pupils")) == before
    assert not list(tmp_path.rglob("*.tmp"))


class _DiskFull(OSError):
    pass


def _fail_on_second_call(real: object) -> object:
    calls = []

    def write(*args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) == 2:
            raise _DiskFull("no space left on device")
        return real(*args, **kwargs)  # type: ignore[operator]
    return write


def test_failed_background_write_raises_and_leaves_previous_data(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Files are encoded on the transaction's writer thread: its failure must still reach
    # the caller and undo the whole transaction.
    import attain.store.warehouse as warehouse

    wh = Warehouse(tmp_path)
    wh.write("pupils", _census(2012, ["a", "b"]))
    before = _digest(wh.files("pupils"))
    monkeypatch.setattr(warehouse.pq, "write_table", _fail_on_second_call(warehouse.pq.write_table))
    with pytest.raises(_DiskFull), wh.transaction() as tx:
        tx.write("pupils", pa.concat_tables([_census(y, ["x"]) for y in (2012, 2013, 2014)]))
    assert _digest(wh.files("pupils")) == before
    assert not list(tmp_path.rglob("*.tmp"))


def test_failed_streamed_batch_raises_and_leaves_previous_data(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import attain.store.warehouse as warehouse

    wh = Warehouse(tmp_path)
    wh.write("pupils", _census(2012, ["a"]))
    before = _digest(wh.files("pupils"))
    writer = warehouse.pq.ParquetWriter
    monkeypatch.setattr(writer, "write_table", _fail_on_second_call(writer.write_table))
    with pytest.raises(_DiskFull), wh.transaction() as tx:
        with tx.stream("pupils", 2012) as out:
            for batch in (["b"], ["c"], ["d"]):
                out.write(_census(2012, batch))
        with tx.stream("pupils", 2013) as out:
            out.write(_census(2013, ["e"]))
    assert _digest(wh.files("pupils")) == before
    assert not list(tmp_path.rglob("*.tmp"))


def test_streamed_batches_land_together(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path)
    with wh.transaction() as tx, tx.stream("pupils", 2015) as out:
        out.write(_census(2015, ["a", "b"]))
        out.write(_census(2015, ["c"]))
    assert wh.row_count("pupils") == 3


def test_files_streamed_side_by_side_keep_each_one_s_batches_in_order(tmp_path: Path) -> None:
    # Files are encoded on two threads at once; each file's batches stay on one, in order.
    wh = Warehouse(tmp_path)
    with wh.transaction() as tx, tx.stream("pupils", 2015) as first, \
            tx.stream("pupils", 2016) as second:
        for number in range(20):
            first.write(_census(2015, [f"a{number:02}"]))
            second.write(_census(2016, [f"b{number:02}"]))
    assert {first.lane, second.lane} == {0, 1}
    for year, prefix in ((2015, "a"), (2016, "b")):
        assert wh.read("pupils", years=[year]).column("pupil_id").to_pylist() == \
            [f"{prefix}{number:02}" for number in range(20)]


def test_unknown_column_is_a_user_error_naming_it(tmp_path: Path) -> None:
    table = _census(2012, ["a"]).append_column("upn", pa.array(["A123"]))
    with pytest.raises(UserError, match="upn"):
        Warehouse(tmp_path).write("pupils", table)
    assert not (tmp_path / "pupils").exists() or not Warehouse(tmp_path).files("pupils")


def test_missing_required_value_is_a_user_error(tmp_path: Path) -> None:
    table = pa.table({"year": [2012], "pupil_id": [None], "urn": [1], "la_code": ["882"]},
                     schema=pa.schema([("year", pa.int32()), ("pupil_id", pa.string()),
                                       ("urn", pa.int32()), ("la_code", pa.string())]))
    with pytest.raises(UserError, match="pupil_id"):
        Warehouse(tmp_path).write("pupils", table)


def test_duckdb_views_read_the_datasets(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path)
    wh.write("pupils", _census(2012, ["a", "b"]))
    con = wh.connect()
    assert con.execute("select count(*) from pupils").fetchone() == (2,)
    # A dataset with no data is an empty, typed view rather than an error.
    assert con.execute("select count(*) from ks2").fetchone() == (0,)


def _pupil_ids(wh: Warehouse, year: int) -> list[str]:
    return sorted(wh.read("pupils", [year]).column("pupil_id").to_pylist())


def _main_and_shard(root: Path) -> Warehouse:
    """A warehouse whose 2013 pupils are pupil a in the main file, b in LA 882's shard."""
    wh = Warehouse(root)
    with wh.transaction() as tx:
        with tx.stream("pupils", 2013) as out:
            out.write(_census(2013, ["a"]))
        with tx.stream("pupils", 2013, "882") as out:
            out.write(_census(2013, ["b"]))
    return wh


def test_a_shard_is_read_with_its_year_and_rewritten_alone(tmp_path: Path) -> None:
    wh = _main_and_shard(tmp_path)
    assert wh.years("pupils") == [2013]  # once, though two files hold it
    assert wh.shards("pupils", 2013) == ["882"]
    assert _pupil_ids(wh, 2013) == ["a", "b"]
    main = wh.partition_path("pupils", 2013)
    before = _digest([main])
    with wh.transaction() as tx, tx.stream("pupils", 2013, "882", whole_year=False) as out:
        out.write(_census(2013, ["c"]))
    assert _pupil_ids(wh, 2013) == ["a", "c"]
    assert _digest([main]) == before


def test_writing_a_year_s_main_file_takes_its_shards_away(tmp_path: Path) -> None:
    """A writer that knows nothing of shards writes the whole year: no row may be left in a
    shard beside it, read twice."""
    wh = Warehouse(tmp_path)
    with wh.transaction() as tx, tx.stream("pupils", 2013, "882") as out:
        out.write(_census(2013, ["b"]))
    wh.write("pupils", _census(2013, ["a", "b"]))
    assert wh.shards("pupils", 2013) == []
    assert _pupil_ids(wh, 2013) == ["a", "b"]
    with wh.transaction() as tx:
        with tx.stream("pupils", 2013, "882") as out:
            out.write(_census(2013, ["b"]))
        with tx.stream("pupils", 2013, whole_year=False) as out:
            out.write(_census(2013, ["a"]))
    assert wh.shards("pupils", 2013) == ["882"]
    with wh.transaction() as tx, tx.stream("pupils", 2013) as out:
        out.write(_census(2013, ["a", "b"]))
    assert wh.shards("pupils", 2013) == []
    assert _pupil_ids(wh, 2013) == ["a", "b"]


def test_a_failed_transaction_leaves_the_shards(tmp_path: Path) -> None:
    wh = _main_and_shard(tmp_path)
    before = _digest(wh.files("pupils"))
    with pytest.raises(RuntimeError), wh.transaction() as tx:
        with tx.stream("pupils", 2013) as out:
            out.write(_census(2013, ["c"]))
        raise RuntimeError("stopped mid-write")
    assert _digest(wh.files("pupils")) == before


def test_per_pupil_rows_are_kept_by_la_in_small_row_groups(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A query of one LA reads only the row groups whose la_code range holds it.
    monkeypatch.setattr(warehouse_module, "ROW_GROUP_ROWS", 2)
    census = _census(2020, ["a", "b", "c", "d", "e"])
    census = census.set_column(census.schema.get_field_index("la_code"), "la_code",
                               pa.array(["919", "882", "919", "882", "851"]))
    wh = Warehouse(tmp_path)
    wh.write("pupils", census)
    (path,) = wh.files("pupils")
    stored = pq.ParquetFile(path)
    assert stored.read().column("pupil_id").to_pylist() == ["e", "b", "d", "a", "c"]
    ranges = [(group.column(3).statistics.min, group.column(3).statistics.max)
              for group in (stored.metadata.row_group(i)
                            for i in range(stored.metadata.num_row_groups))]
    assert ranges == [("851", "882"), ("882", "919"), ("919", "919")]


def test_a_year_written_in_batches_is_kept_by_la_too(tmp_path: Path) -> None:
    # `attain demo` writes each dataset-year so, a batch at a time
    census = _census(2020, ["a", "b", "c"])
    census = census.set_column(census.schema.get_field_index("la_code"), "la_code",
                               pa.array(["919", "882", "919"]))
    wh = Warehouse(tmp_path)
    with wh.transaction() as tx:
        tx.write_in_batches("pupils", 2020, census, batch_rows=1)
        tx.write_in_batches("pupils", 2021, census.slice(0, 0), batch_rows=1)
    assert wh.read("pupils").column("pupil_id").to_pylist() == ["b", "a", "c"]
    assert wh.years("pupils") == [2020]  # no file for a year without rows


def test_registries_keep_the_order_they_were_given(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path)
    wh.write("las", pa.table({"la_code": ["919", "882"], "la_name": ["Herts", "Southend"],
                              "country": ["E", "E"]}))
    assert wh.read("las").column("la_code").to_pylist() == ["919", "882"]
