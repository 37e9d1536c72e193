"""DfE children's services statistical neighbours (sn_*.xlsx): for every LA, ten
neighbours SN1-SN10, each with a closeness. The header is on the third row."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pyarrow as pa

from attain.domain.results import neighbours_area_code
from attain.ingest.codes import area_codes
from attain.ingest.problems import ImportResult, Problem, ReadOptions, failed
from attain.ingest.sniff import read_text

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
            out["area_code"].append(neighbours_area_code(la_code))
            out["area_name"].append(f"Statistical neighbours of {name}")
            out["level"].append("group_of_las")
            out["la_code"].append(str(int(float(str(member)))))
    return pa.table(out)


class NeighbourListReader:
    """An LA's own list of comparator LAs (CSV `la_code,neighbour_la_code`): replaces the
    DfE statistical neighbours (`areas` SN<LA>) of each LA it lists, so an authority can
    compare itself with the neighbours it chooses."""

    name = "la_neighbours"
    title = "Your own statistical-neighbour list (CSV: la_code, neighbour_la_code)"
    header = ("la_code", "neighbour_la_code")

    def detect(self, header: list[str]) -> bool:
        return [h.strip().lower() for h in header] == list(self.header)

    def read(self, path: Path, options: ReadOptions) -> ImportResult:
        result = ImportResult(self.name, "Local authority (own neighbour list)",
                              options.release or "final")
        try:
            rows = list(csv.reader(io.StringIO(read_text(path).text)))
        except (csv.Error, UnicodeDecodeError) as err:
            return failed(self.name, Problem(path.name, f"cannot read the file: {err}",
                                             "save it as CSV with two columns."))
        known = {la.code for la in area_codes().las} | set(range_codes(660, 682))
        out: dict[str, list[str]] = {"area_code": [], "area_name": [], "level": [],
                                     "la_code": []}
        for line, row in enumerate(rows[1:], start=2):
            cells = [c.strip() for c in row]
            if not any(cells):
                continue
            if len(cells) != 2 or not all(c in known for c in cells) or cells[0] == cells[1]:
                result.problems.append(Problem(
                    path.name, "not two different known LA codes", "write the LA's "
                    "three-digit code, then one neighbour's, e.g. 882,839.", row=line,
                    value=",".join(cells)))
                continue
            out["area_code"].append(neighbours_area_code(cells[0]))
            out["area_name"].append(f"Chosen neighbours of {cells[0]}")
            out["level"].append("group_of_las")
            out["la_code"].append(cells[1])
        result.tables["areas"] = pa.table(out)
        return result


def range_codes(first: int, stop: int) -> list[str]:
    return [str(code) for code in range(first, stop)]
