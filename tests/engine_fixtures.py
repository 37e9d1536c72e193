"""What the engine tests share (tests/unit/engines, tests/integration/test_spark_engine.py,
the PostgreSQL computes of tests/integration): a stand-in for a compiled query, a tiny
warehouse of three KS2 pupils, and a data folder's warehouse loaded into PostgreSQL.

The pupils: a (2018), b and c (2019), all in LA 882, at URN 1 unless a test moves them,
so the hand counts are 2018 -> 1 pupil, 2019 -> 2.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from attain.store.warehouse import Warehouse


@dataclass(frozen=True)
class FakeQuery:
    """A compiled query as attain.measures produces it (name, stage, dataset, SQL);
    `materialize_as` names the table a stage-0 query fills."""

    name: str
    stage: int
    text: str
    dataset: str = "ks2"
    measure_ids: tuple[str, ...] = ("m",)
    materialize_as: str | None = None

    def sql(self, dialect: str = "duckdb") -> str:
        return self.text


def tiny_warehouse(root: Path, *, urns: Sequence[int] = (1, 1, 1),
                   ks2_extra: Mapping[str, list[Any]] | None = None,
                   schools: Mapping[str, list[Any]] | None = None) -> Warehouse:
    """The three pupils in `ks2` (with `urns`, and any `ks2_extra` columns) and, when given,
    the `schools` rows."""
    wh = Warehouse(root)
    wh.write("ks2", pa.table({"year": [2018, 2019, 2019], "pupil_id": ["a", "b", "c"],
                              "urn": list(urns), "la_code": ["882"] * 3, **(ks2_extra or {})}))
    if schools is not None:
        wh.write("schools", pa.table(dict(schools)))
    return wh


def load_into_postgres(folder: Path, url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Load the warehouse of data folder `folder` into the PostgreSQL at `url` and point
    `attain compute --engine postgres` at it (ATTAIN_WAREHOUSE_URL)."""
    from attain.engines.postgres import connect, load_warehouse

    con = connect(url)
    try:
        load_warehouse(con, Warehouse(folder / "warehouse"))
    finally:
        con.close()
    monkeypatch.setenv("ATTAIN_WAREHOUSE_URL", url)
