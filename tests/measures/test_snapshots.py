"""SQL snapshots of the shipped catalogue, per dialect.

One snapshot per dataset for the `all` group (the per-group queries of other groups differ
only in the group filter, which tests/unit/measures checks by executing them), one per
dataset for the unnest strategy, and the gap query.

`pytest --update-snapshots` rewrites tests/measures/snapshots/<dialect>/<name>.sql (and
removes snapshots of queries that no longer exist); review the diff before committing.
Every rendered query must also parse back with sqlglot in its dialect.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import sqlglot

from attain.measures import DIALECTS, CompiledQuery, compile_catalogue, load_catalogue

SNAPSHOTS = Path(__file__).parent / "snapshots"
STRATEGIES = ("per_group", "unnest", "rollup")


@cache
def queries() -> dict[str, CompiledQuery]:
    catalogue = load_catalogue()
    found: dict[str, CompiledQuery] = {}
    for strategy in STRATEGIES:
        for query in compile_catalogue(catalogue, strategy=strategy):
            if query.stage == 2 or query.group_ids == ("all",) or strategy in ("unnest", "rollup"):
                found[query.name] = query
    return found


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("name", sorted(queries()))
def test_snapshot(name: str, dialect: str, update_snapshots: bool) -> None:
    sql = queries()[name].sql(dialect, pretty=True) + "\n"
    assert sqlglot.parse_one(sql, read=dialect) is not None
    path = SNAPSHOTS / dialect / f"{name}.sql"
    if update_snapshots:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(sql, encoding="utf-8")
    assert path.exists(), f"no snapshot {path}: run pytest --update-snapshots"
    assert path.read_text(encoding="utf-8") == sql, (
        f"{path} differs from the compiler's output: review, then pytest --update-snapshots")


@pytest.mark.parametrize("dialect", DIALECTS)
def test_no_stale_snapshots(dialect: str, update_snapshots: bool) -> None:
    stale = [p for p in (SNAPSHOTS / dialect).glob("*.sql") if p.stem not in queries()]
    if update_snapshots:
        for path in stale:
            path.unlink()
        stale = []
    assert not stale, f"snapshots of queries that no longer exist: {[p.name for p in stale]}"


@pytest.mark.parametrize("dialect", DIALECTS)
def test_prepared_strategy_stage_0_renders(dialect: str) -> None:
    stage0 = [q for q in compile_catalogue(load_catalogue(), strategy="prepared")
              if q.stage == 0]
    assert stage0 and all(q.materialize_as == f"prepared_{q.dataset}" for q in stage0)
    for query in stage0:
        assert sqlglot.parse_one(query.sql(dialect, pretty=True), read=dialect) is not None


def test_every_query_has_the_result_columns_in_order() -> None:
    for query in queries().values():
        select = sqlglot.parse_one(query.sql("duckdb"), read="duckdb")
        final = select.selects if not isinstance(select, sqlglot.exp.Union) else \
            select.find(sqlglot.exp.Select).selects
        assert [s.alias_or_name for s in final] == [
            "measure_id", "year", "level", "area_code", "group_id", "numerator",
            "denominator", "value", "ci_low", "ci_high"], query.name
