"""The registry of readers: each has a name, `detect(header)` and `read(path, options)`.

`attain import FILE` reads the file's header (CSV first line, Parquet schema) and uses the
one reader that recognises it, or the reader named by `--kind`.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import Protocol

import pyarrow.parquet as pq

from attain.ingest.problems import ImportResult, Problem, ReadOptions
from attain.ingest.sniff import header_of
from attain.ingest.table_mapping import load_mappings
from attain.ingest.tables import TableReader
from attain.ingest.xlsx import xlsx_header


class Reader(Protocol):
    name: str
    title: str

    def detect(self, header: list[str]) -> bool: ...

    def read(self, path: Path, options: ReadOptions) -> ImportResult: ...


@cache
def readers() -> tuple[Reader, ...]:
    from attain.ingest.gias import GiasReader
    from attain.ingest.lait import LaitReader
    from attain.ingest.neighbours import NeighbourListReader
    from attain.ingest.pupil_reader import PupilTemplateReader
    from attain.ingest.pupil_spec import templates
    from attain.ingest.ready_reckoner import ReadyReckonerReader
    from attain.ingest.spine import SpineReader
    from attain.ingest.statswales import StatsWalesReader

    by_kind = defaultdict(list)
    for mapping in load_mappings():
        by_kind[mapping.kind].append(mapping)
    tables: list[Reader] = [TableReader(kind, maps) for kind, maps in sorted(by_kind.items())]
    pupils: list[Reader] = [PupilTemplateReader(t) for t in templates()]
    own: list[Reader] = [LaitReader(), GiasReader(), SpineReader(), StatsWalesReader(),
                         NeighbourListReader(), ReadyReckonerReader()]
    return (*own, *tables, *pupils)


def header_for(path: Path) -> list[str]:
    if path.suffix.lower() == ".parquet":
        return list(pq.read_schema(path).names)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return xlsx_header(path)
    return header_of(path)


def choose(path: Path, kind: str | None = None) -> Reader | Problem:
    """The reader for `path`, or the problem that says why there is none."""
    known = {r.name: r for r in readers()}
    if kind is not None:
        if kind not in known:
            return Problem(path.name, f"unknown kind {kind!r}",
                           f"use one of: {', '.join(sorted(known))}.")
        return known[kind]
    try:
        header = header_for(path)
    except (OSError, ValueError) as err:
        return Problem(path.name, f"cannot read the file's header ({err})",
                       "check that it is a CSV or Parquet file.")
    matches = [r for r in readers() if r.detect(header)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        return Problem(path.name, "attain does not recognise this file from its header",
                       "pass --kind (see `attain import --kinds`) or add a column map to "
                       "definitions/mappings/tables/ (docs/importing.md).")
    return Problem(path.name, f"the header fits several kinds: "
                   f"{', '.join(r.name for r in matches)}", "pass --kind.")
