"""DfE Local Authority Interactive Tool (LAIT): the long-format "big data set"
(bds_long_*.parquet) with, beside it, its data dictionary (polarity) and the statistical
neighbour table (sn_*.xlsx).

LA, region and England figures for the indicators mapped in definitions/mappings/lait.yaml
go to `published`; every LA's ten statistical neighbours go to `areas` (level
group_of_las, area_code "SN" + LA code); the LA list goes to `las`.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from attain.ingest.cells import as_text, parse_numeric, true_indices
from attain.ingest.codes import ENGLAND, area_codes, load_yaml, mappings_dir
from attain.ingest.columns import constant, map_values
from attain.ingest.neighbours import read_neighbours
from attain.ingest.problems import ROW, ImportResult, Problem, ReadOptions, failed
from attain.ingest.sniff import decode

HEADER = {"Short Desc", "Years", "LA Number", "Values"}
PUBLISHER = "Department for Education (Local Authority Interactive Tool)"
_S = pa.string()


def lait_year(text: str | None) -> tuple[int | None, str]:
    """'2019' -> 2019; '2018 (Rev)' -> revised; '2025 (prov)' -> provisional; '2015/16' and
    '2016-17 (OT)' -> the academic year's end; '2014-16' (a three-year span) -> 2016."""
    if not text:
        return None, "final"
    lowered = text.lower()
    release = ("provisional" if "prov" in lowered else "revised" if "rev" in lowered
               else "final")
    if m := re.match(r"\s*(\d{4})\s*[-/]\s*(\d{2})\b", text):
        start, end = int(m.group(1)), int(m.group(2))
        return start - start % 100 + end, release
    if m := re.match(r"\s*(\d{4})\b", text):
        return int(m.group(1)), release
    return None, release


def area_of(number: str | None) -> tuple[str | None, str | None]:
    """LAIT's `LA Number` -> (level, area code): 970 England, 980-990 regions, else an LA."""
    if not number:
        return None, None
    code = str(int(float(number)))
    if code in area_codes().lait_numbers:
        area = area_codes().lait_numbers[code]
        return ("national" if area == ENGLAND else "region"), area
    return "la", code


def polarity(folder: Path) -> dict[str, bool]:
    """Indicator -> higher is better, from lait_data_dictionary.csv (latin-1) if present."""
    path = folder / "lait_data_dictionary.csv"
    if not path.exists():
        return {}
    text = decode(path.read_bytes())[0].decode("utf-8")
    out = {}
    for row in csv.DictReader(io.StringIO(text)):
        pole = (row.get("Polarity") or "").strip().lower()
        if pole in ("high", "low"):
            out[(row.get("Measure_short") or "").strip()] = pole == "high"
    return out


class LaitReader:
    name = "dfe_lait"
    title = "DfE LAIT long-format data set (+ dictionary and statistical neighbours)"

    def detect(self, header: list[str]) -> bool:
        return set(header) >= HEADER

    def read(self, path: Path, options: ReadOptions) -> ImportResult:
        try:
            table = pq.read_table(path)
        except (pa.ArrowInvalid, OSError) as err:
            return failed(self.name, Problem(path.name, f"cannot read the Parquet file: {err}",
                                             "check that it is LAIT's bds_long file."))
        missing = HEADER - set(table.column_names)
        if missing:
            return failed(self.name, Problem(path.name, f"no column {', '.join(sorted(missing))}",
                                             "this is not a LAIT long-format file."))
        result = ImportResult(self.name, PUBLISHER, options.release or "final")
        result.tables["published"] = self._figures(path, table, result)
        neighbours = sorted(path.parent.glob("sn_*.xlsx"))
        if neighbours:
            result.tables["areas"] = read_neighbours(neighbours[-1], result)
        result.tables["las"] = las_table()
        return result

    def _figures(self, path: Path, table: pa.Table, result: ImportResult) -> pa.Table:
        indicators = load_yaml(mappings_dir() / "lait.yaml")["indicators"]
        codes = as_text(table.column("Short Desc"))
        wanted = pc.is_in(codes, value_set=pa.array(list(indicators), _S))
        table = table.append_column(ROW, pa.array(range(1, len(table) + 1), pa.int64()))
        table = table.filter(wanted)
        codes = as_text(table.column("Short Desc"))
        years = as_text(table.column("Years"))
        numbers = as_text(table.column("LA Number").cast(_S))
        pole = polarity(path.parent)
        parsed = parse_numeric(table.column("Values"))
        data = {
            "measure_id": map_values(codes, lambda c: indicators[c]["measure"], _S),
            "year": map_values(years, lambda y: lait_year(y)[0], pa.int32()),
            "release": map_values(years, lambda y: lait_year(y)[1], _S),
            "level": map_values(numbers, lambda n: area_of(n)[0], _S),
            "area_code": map_values(numbers, lambda n: area_of(n)[1], _S),
            "group_id": map_values(codes, lambda c: indicators[c].get("group", "all"), _S),
            "value": parsed.value, "suppressed": parsed.reason, "symbol": parsed.symbol,
            "higher_is_better": map_values(codes, lambda c: pole.get(c), pa.bool_()),
            ROW: table.column(ROW),
        }
        percent = map_values(codes, lambda c: bool(indicators[c].get("percent")), pa.bool_())
        self._check(path.name, table, data, parsed.bad, percent, result)
        keep = pc.and_(parsed.present, pc.and_(pc.is_valid(data["year"]),
                                               pc.is_valid(data["level"])))
        return pa.table(data).filter(keep)

    def _check(self, file: str, table: pa.Table, data: dict[str, pa.Array], bad: pa.Array,
               percent: pa.Array, result: ImportResult) -> None:
        values = as_text(table.column("Values"))
        over = pc.fill_null(pc.and_(percent, pc.or_(pc.greater(data["value"], 100),
                                                    pc.less(data["value"], 0))), False)
        for mask, message in ((bad, "not a number or a known symbol"),
                              (over, "a percentage must be between 0 and 100")):
            for i in true_indices(mask, 200):
                result.problems.append(Problem(
                    file, message, "LAIT values are numbers or '-'.", row=data[ROW][i].as_py(),
                    column="Values", value=values[i].as_py()))
        for i in true_indices(pc.is_null(data["year"]), 200):
            result.problems.append(Problem(
                file, "cannot read the year", "use 2019, 2018/19 or 2018-19.",
                row=data[ROW][i].as_py(), column="Years",
                value=as_text(table.column("Years"))[i].as_py()))


def las_table() -> pa.Table:
    """The current English LAs with their regions, from definitions/mappings/las.yaml."""
    codes = area_codes()
    rows = [la for la in codes.las if la.last_year is None]
    region_codes = [codes.region_code(la.region) for la in rows]
    # Inner/Outer London are ONS statistical areas: the LA's region is London.
    regions = ["E12000007" if (c or "").startswith("E13") else c for c in region_codes]
    return pa.table({
        "la_code": [la.code for la in rows], "la_name": [la.name for la in rows],
        "region_code": regions,
        "region_name": ["London" if r == "E12000007" else la.region
                        for la, r in zip(rows, regions, strict=True)],
        "country": constant("E", len(rows), _S),
    })
