"""Engines run compiled measure queries against a warehouse.

An engine takes the engine-neutral queries of `attain.measures.compile_catalogue` (stage 1
reads the warehouse datasets; stage 2 reads the stage-1 rows in `results_base`) and leaves
every row in a table named `results_base` inside the engine, never in Python objects.
DuckDB (`attain.engines.duckdb`) is the embedded default.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

RESULTS_BASE = "results_base"

# (what is running, fraction done 0..1)
Progress = Callable[[str, float], None]


def scaled(progress: Progress | None, start: float, end: float) -> Progress | None:
    """`progress` for a step that covers `start`..`end` of the whole (None stays None)."""
    if progress is None:
        return None
    outer = progress

    def inner(label: str, fraction: float) -> None:
        outer(label, start + (end - start) * fraction)

    return inner


class Query(Protocol):
    """What an engine needs of a compiled query (attain.measures.CompiledQuery)."""

    @property
    def name(self) -> str: ...

    @property
    def stage(self) -> int: ...

    @property
    def dataset(self) -> str: ...

    @property
    def measure_ids(self) -> tuple[str, ...]: ...

    def sql(self, dialect: str = "duckdb") -> str: ...


class Engine(Protocol):
    """Runs queries; the result stays in the engine as table `results_base`."""

    dialect: str

    def run(self, queries: Sequence[Query], *, progress: Progress | None = None) -> int:
        """Run stage 1 then stage 2 queries into `results_base`; return its row count."""
        ...


def ordered(queries: Sequence[Query]) -> list[Query]:
    """Stage-1 queries first (gaps read their rows), in the compiler's order otherwise."""
    return sorted(queries, key=lambda q: q.stage)
