"""DfE children's services statistical neighbours (sn_*.xlsx): for every LA, ten
neighbours SN1-SN10, each with a closeness. The header is on the third row."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pyarrow as pa

from attain.ingest.problems import ImportResult, Problem

NEIGHBOURS = 10


def _header_row(rows: list[tuple[object, ...]]) -> int | None:
    for i, row in enumerate(rows[:10]):
        cells = [str(c).strip() if c is not None else "" for c in row]
        if "SN1" in cells and any(c.lower().startswith("la num") for c in cells):
            return i
    return None


def read_neighbours(path: Path, result: ImportResult) -> pa.Table:
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    at = _header_row(rows)
    if at is None:
        result.problems.append(Problem(path.name, "no header row with 'LA num' and 'SN1'",
                                       "use DfE's statistical neighbour workbook."))
        return pa.table({"area_code": [], "area_name": [], "level": [], "la_code": []})
    header = [str(c).strip() if c is not None else "" for c in rows[at]]
    sn_columns = [header.index(f"SN{k}") for k in range(1, NEIGHBOURS + 1) if f"SN{k}" in header]
    out: dict[str, list[str]] = {"area_code": [], "area_name": [], "level": [], "la_code": []}
    for line, row in enumerate(rows[at + 1:], start=at + 2):
        la, name = row[0], row[1]
        if la is None or str(la).strip() == "":
            continue
        la_code = str(int(float(str(la))))
        members = [row[i] for i in sn_columns if i < len(row) and row[i] not in (None, "")]
        if len(members) != NEIGHBOURS:
            result.problems.append(Problem(path.name, f"LA {la_code} has {len(members)} "
                                           "neighbours, not 10", "check the row.", row=line))
            continue
        for member in members:
            out["area_code"].append(f"SN{la_code}")
            out["area_name"].append(f"Statistical neighbours of {name}")
            out["level"].append("group_of_las")
            out["la_code"].append(str(int(float(str(member)))))
    return pa.table(out)
