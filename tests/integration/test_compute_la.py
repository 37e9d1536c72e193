"""`attain compute --la`: one LA's rows recomputed against the rest of the cube as stored.

Every expected number here is the whole compute's: a recompute of an LA must give the rows
a whole compute of the same warehouse gives (attain.services.compute_la)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from attain.demo import generate
from attain.errors import UserError
from attain.measures import load_catalogue
from attain.measures.spec import Kind
from attain.services.compute import compute, results_warehouse
from attain.services.compute_contexts import CONTEXTS_FILE
from attain.store.warehouse import Warehouse
from engine_fixtures import load_into_postgres

KEY = ("measure_id", "year", "level", "area_code", "group_id")
HOME = "882"
# Compared with the national row, which an LA's recompute leaves as it was.
NATIONAL_COLUMNS = ("national_value", "diff_national", "significance")


@pytest.fixture(scope="module")
def computed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo folder (two years, so trends have a past) computed whole, the home LA's rows
    in their shards."""
    folder = tmp_path_factory.mktemp("computed") / "demo"
    generate(folder, scale=0.002, la_code=HOME, years=range(2018, 2020))
    compute(folder, school_las=(HOME,))
    return folder


@pytest.fixture
def folder(computed: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "demo"
    shutil.copytree(computed, copy)
    return copy


def _rows(folder: Path, name: str) -> dict[tuple[Any, ...], dict[str, Any]]:
    table = results_warehouse(folder).read(name)
    return {tuple(r[k] for k in KEY): r for r in table.to_pylist()}


def _same(found: dict[tuple[Any, ...], dict[str, Any]],
          expected: dict[tuple[Any, ...], dict[str, Any]], *,
          skip: tuple[str, ...] = ()) -> None:
    """Row for row equal, floats to 1e-9 (DuckDB's threads may add in another order)."""
    assert found.keys() == expected.keys()
    for key, row in expected.items():
        for name, value in row.items():
            if name in skip:
                continue
            if isinstance(value, float) and found[key][name] != value:
                assert found[key][name] == pytest.approx(value, rel=1e-9, abs=1e-9,
                                                         nan_ok=True), (key, name)
            elif not isinstance(value, float):
                assert found[key][name] == value, (key, name)


def _schools_of(folder: Path, la_code: str) -> set[str]:
    schools = Warehouse(folder / "warehouse").read("schools")
    return {str(u) for u, la in zip(schools.column("urn").to_pylist(),
                                    schools.column("la_code").to_pylist(), strict=True)
            if la == la_code}


def _of_la(rows: dict[tuple[Any, ...], dict[str, Any]], la_code: str,
           schools: set[str]) -> dict[tuple[Any, ...], dict[str, Any]]:
    return {k: r for k, r in rows.items()
            if (k[2] == "la" and k[3] == la_code) or (k[2] == "school" and k[3] in schools)}


def _cube_files(folder: Path) -> dict[str, tuple[int, int]]:
    """Every cube file, relative, with its inode and modification time."""
    root = folder / "results"
    return {p.relative_to(root).as_posix(): (os.stat(p).st_ino, os.stat(p).st_mtime_ns)
            for p in root.rglob("*.parquet")}


def test_recomputing_the_home_la_gives_the_whole_compute_s_cube(folder: Path) -> None:
    before = {name: _rows(folder, name) for name in ("results", "comparisons")}
    files = _cube_files(folder)
    summary = compute(folder, only_las=(HOME,))
    schools = _schools_of(folder, HOME)
    assert summary.rows == len(_of_la(before["results"], HOME, schools))
    assert "Only LA 882 and its schools were recomputed" in "\n".join(summary.lines())
    for name in ("results", "comparisons"):
        _same(_rows(folder, name), before[name])
    # Only the LA's shards were rewritten: every main file is the one written before.
    after = _cube_files(folder)
    assert after.keys() == files.keys()
    changed = {path for path in files if after[path] != files[path]}
    assert changed and all(f"/la={HOME}/" in path for path in changed)


def test_without_stored_school_contexts_every_school_s_comes_from_the_census(
        folder: Path) -> None:
    # A cube computed before the contexts were kept: --la works them all out again, and the
    # families, so the cube is still the whole compute's
    before = {name: _rows(folder, name) for name in ("results", "comparisons")}
    stored = folder / "results" / CONTEXTS_FILE
    assert stored.exists()  # the whole compute kept them
    stored.unlink()
    compute(folder, only_las=(HOME,))
    for name in ("results", "comparisons"):
        _same(_rows(folder, name), before[name])


def test_an_la_without_shards_is_moved_out_of_the_main_files(folder: Path,
                                                            tmp_path: Path) -> None:
    """LA 303's rows were written in the main files, its schools' without comparisons (not
    a home LA); its recompute moves them to its own shards and compares its schools: the
    cube of a whole compute with both LAs at home."""
    whole = tmp_path / "whole"
    shutil.copytree(folder, whole)
    compute(whole, school_las=(HOME, "303"))
    compute(folder, only_las=("303",))
    target = results_warehouse(folder)
    for name in ("results", "comparisons"):
        _same(_rows(folder, name), _rows(whole, name))
        for year in target.years(name):
            assert target.shards(name, year) == ["303", HOME]
            main = pq.read_table(target.partition_path(name, year))
            la_rows = pc.and_(pc.equal(main.column("level"), "la"),
                              pc.equal(main.column("area_code"), "303"))
            assert not pc.any(la_rows).as_py()


def _drop_some_home_pupils(folder: Path) -> None:
    """Take every third KS2 pupil of the home LA's 2019 cohort out of the warehouse."""
    warehouse = Warehouse(folder / "warehouse")
    ks2 = warehouse.read("ks2")
    home = pc.equal(ks2.column("la_code"), HOME)
    in_2019 = pc.equal(ks2.column("year"), 2019)
    positions = pc.indices_nonzero(pc.and_(home, in_2019)).to_pylist()
    assert positions
    drop = set(positions[::3])
    keep = [i not in drop for i in range(ks2.num_rows)]
    warehouse.write("ks2", ks2.filter(pa.array(keep)))


def test_after_a_change_the_la_s_rows_are_the_whole_compute_s(folder: Path,
                                                              tmp_path: Path) -> None:
    """After the home LA's KS2 pupils change, its recompute gives the rows of a whole
    compute of the changed warehouse: every result (progress scores too, as the estimates
    come from every pupil now), and every comparison except against the national row (the
    stored one, from before the change); other rows stay as they were."""
    _drop_some_home_pupils(folder)
    whole = tmp_path / "whole"
    shutil.copytree(folder, whole)
    compute(whole, school_las=(HOME,))
    before = _rows(folder, "results")
    compute(folder, only_las=(HOME,))
    schools = _schools_of(folder, HOME)
    found, expected = _rows(folder, "results"), _rows(whole, "results")
    mine = _of_la(found, HOME, schools)
    _same(mine, _of_la(expected, HOME, schools))
    assert mine != _of_la(before, HOME, schools)  # it did change
    others = {k: r for k, r in found.items() if k not in mine}
    _same(others, {k: r for k, r in before.items() if k in others})
    # Progress measures' other rows moved in the whole compute (new national estimates),
    # so their ranks and family averages differ: compare the others' comparisons.
    catalogue = load_catalogue()
    kinds = {m.id: m.kind for m in catalogue.measures}
    progress = {m.id for m in catalogue.measures
                if m.kind is Kind.PROGRESS or (m.kind is Kind.GAP and kinds.get(m.of or "")
                                               is Kind.PROGRESS)}
    compared = {k: r for k, r in _of_la(_rows(folder, "comparisons"), HOME, schools).items()
                if k[0] not in progress}
    wanted = {k: r for k, r in _of_la(_rows(whole, "comparisons"), HOME, schools).items()
              if k[0] not in progress}
    _same(compared, wanted, skip=NATIONAL_COLUMNS)


def test_a_whole_compute_after_takes_the_shards_back(folder: Path) -> None:
    """A whole compute without a home LA writes each year whole: no shard is left to hold
    a second copy of a row."""
    compute(folder, only_las=("303",))
    compute(folder)
    target = results_warehouse(folder)
    for name in ("results", "comparisons"):
        assert all(target.shards(name, year) == [] for year in target.years(name))
        keys = target.read(name).select(list(KEY)).to_pylist()
        assert len(keys) == len({tuple(k.values()) for k in keys})


def test_recompute_refuses_an_unknown_la_and_leaves_the_cube(folder: Path) -> None:
    files = _cube_files(folder)
    with pytest.raises(UserError, match="no school of the warehouse is in LA 999"):
        compute(folder, only_las=("999",))
    assert _cube_files(folder) == files


@pytest.mark.parametrize(("options", "message"), [
    ({"years": [2019]}, "every year and measure"),
    ({"measure_ids": ["ks2_rwm_expected"]}, "every year and measure"),
    ({"incremental": True}, "every year and measure"),
    ({"pupils": "own"}, "needs the nation's pupils"),
    ({"strategy": "unnest"}, "default strategy"),
])
def test_recompute_refuses_options_it_cannot_honour(folder: Path, options: dict[str, Any],
                                                    message: str) -> None:
    with pytest.raises(UserError, match=message):
        compute(folder, only_las=(HOME,), **options)


def test_recompute_needs_a_whole_compute_first(computed: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    shutil.copytree(computed / "warehouse", fresh / "warehouse")
    with pytest.raises(UserError, match="no results cube"):
        compute(fresh, only_las=(HOME,))
    assert not (fresh / "results").exists()


def test_the_command_line_recomputes_an_la(folder: Path) -> None:
    from typer.testing import CliRunner

    from attain.cli.app import app

    runner = CliRunner()
    result = runner.invoke(app, ["compute", "--la", HOME, "--data-dir", str(folder)])
    assert result.exit_code == 0, result.output
    assert "Only LA 882 and its schools were recomputed" in result.output
    bad = runner.invoke(app, ["compute", "--la", "88", "--data-dir", str(folder)])
    assert bad.exit_code == 2
    assert "three-digit LA code" in bad.output and "Traceback" not in bad.output


def test_an_la_s_results_are_read_from_its_shards_alone(folder: Path) -> None:
    """`attain results show --la 882` reads only LA 882's shards, and finds every row of
    the LA, with its comparisons, that the whole cube holds."""
    from attain.services.results import ResultFilter, _files, read

    target = results_warehouse(folder)
    assert all(f"la={HOME}" in p.as_posix() for p in _files(target, "results", HOME))
    assert _files(target, "results", "303") == target.files("results")  # no shards
    read_rows = {tuple(r[k] for k in KEY): r for r in read(folder, ResultFilter(la=HOME))
                 .to_pylist()}
    results, comparisons = _rows(folder, "results"), _rows(folder, "comparisons")
    wanted = {k for k in results if k[2] == "la" and k[3] == HOME}
    assert read_rows.keys() == wanted
    for key in wanted:
        assert read_rows[key]["value"] == results[key]["value"]
        assert read_rows[key]["rank"] == comparisons[key]["rank"]


@pytest.mark.postgres
def test_recomputing_an_la_on_postgres_gives_the_same_cube(folder: Path, postgres_url: str,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    """`attain compute --la 882 --engine postgres`: LA 882's queries run on PostgreSQL (the
    compiler's scope_las in its dialect), the rest in DuckDB; the cube is the whole
    compute's."""
    before = {name: _rows(folder, name) for name in ("results", "comparisons")}
    load_into_postgres(folder, postgres_url, monkeypatch)
    compute(folder, only_las=(HOME,), engine="postgres")
    for name in ("results", "comparisons"):
        _same(_rows(folder, name), before[name])


def test_an_la_s_published_figures_are_kept_and_compared(folder: Path,
                                                         real_data: Path) -> None:
    """With DfE's LAIT figures in the cube (`attain import ... --to-results`), the LA's
    shards hold its published rows too: a recompute keeps them, with their comparisons,
    and the cube is the whole compute's."""
    from attain.services.imports import import_file
    from attain.services.published_results import publish_to_results

    outcome = import_file(folder, real_data / "dfe-lait" / "bds_long_0.parquet")
    assert outcome.status == "imported", outcome.problems[:5]
    publish_to_results(folder)
    compute(folder, school_las=(HOME,))
    before = {name: _rows(folder, name) for name in ("results", "comparisons")}
    published = [k for k, r in before["results"].items()
                 if k[2] == "la" and k[3] == HOME and r["source"] != "computed"]
    assert published  # LAIT's figures for Southend that attain does not compute
    compute(folder, only_las=(HOME,))
    for name in ("results", "comparisons"):
        _same(_rows(folder, name), before[name])
