"""DfE performance-tables school information ("england_spine" 2017-18 as XLSX, or
`england_school_information.csv` of later years) -> the warehouse `schools` registry.

Used where no GIAS extract is at hand: it lists every school in the tables with its LA,
LAESTAB, name, type, phase flags, ages and open/close dates. Independent schools and
colleges are left out (they are not in an LA's school-improvement remit). With
ReadOptions.la_code only that LA's schools are read.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pyarrow as pa

from attain.ingest.csvread import read_csv_strings
from attain.ingest.gias import WELSH_LAS
from attain.ingest.gias import _date as parse_date
from attain.ingest.gias import _table as schools_table
from attain.ingest.problems import ROW, ImportResult, Problem, ReadOptions, failed
from attain.ingest.sniff import read_text
from attain.ingest.xlsx import read_xlsx_strings

HEADER = {"URN", "LA", "ESTAB", "SCHNAME", "MINORGROUP", "ISPRIMARY", "ISSECONDARY"}
PUBLISHER = "Department for Education (school performance tables: school information)"
STATE_FUNDED = {"maintained school", "academy", "special school"}
_TYPES = {
    "community school": "community", "voluntary aided school": "voluntary aided",
    "voluntary controlled school": "voluntary controlled", "foundation school": "foundation",
    "community special school": "community special",
    "foundation special school": "foundation special",
    "academy - converter mainstream": "academy converter",
    "academy sponsor led mainstream": "academy sponsor led",
    "academy - converter special school": "academy converter special",
    "academy - sponsor led special school": "academy sponsor led special",
    "free school - mainstream": "free school", "free school - special": "free school special",
}


def phase_of(row: dict[str, str]) -> str | None:
    kind = _type_text(row).lower()
    if "pupil referral" in kind or "alternative provision" in kind:
        return "PRU"
    if row.get("MINORGROUP", "").strip().lower() == "special school" or "special" in kind:
        return "special"
    primary, secondary = row.get("ISPRIMARY") == "1", row.get("ISSECONDARY") == "1"
    if primary and secondary:
        return "all-through"
    if primary:
        return "primary"
    if secondary:
        return "secondary"
    return "16 plus" if row.get("ISPOST16") == "1" else None


def _type_text(row: dict[str, str]) -> str:
    return (row.get("NFTYPE") or row.get("SCHOOLTYPE") or "").strip()


def _int(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(float(text)) if text else None


class SpineReader:
    name = "dfe_spine"
    title = "DfE performance tables school information (england_spine, school_information)"

    def detect(self, header: list[str]) -> bool:
        return set(header) >= HEADER

    def read(self, path: Path, options: ReadOptions) -> ImportResult:
        try:
            table = (read_xlsx_strings(path)[1] if path.suffix.lower() == ".xlsx"
                     else read_csv_strings(read_text(path)).table)
        except (pa.ArrowInvalid, UnicodeDecodeError, csv.Error, ValueError) as err:
            return failed(self.name, Problem(path.name, f"cannot read the file: {err}",
                                             "use the DfE school information file."))
        missing = HEADER - set(table.column_names)
        if missing:
            return failed(self.name, Problem(path.name, f"no column {', '.join(sorted(missing))}",
                                             "use the DfE school information file."))
        result = ImportResult(self.name, PUBLISHER, options.release or "final")
        rows: list[dict[str, object]] = []
        skipped = 0
        seen: dict[object, int] = {}
        for record in table.to_pylist():
            if options.la_code and record["LA"].strip() != options.la_code:
                continue
            if record.get("MINORGROUP", "").strip().lower() not in STATE_FUNDED:
                skipped += 1
                continue
            school = self._school(path.name, record, result)
            if school is None:
                continue
            if school["urn"] in seen:
                result.problems.append(Problem(
                    path.name, f"duplicate URN {school['urn']}: also on line "
                    f"{seen[school['urn']]}", "keep one row per URN.", row=record[ROW],
                    column="URN", value=str(school["urn"])))
                continue
            seen[school["urn"]] = record[ROW]
            rows.append(school)
        if skipped:
            result.notes.append(f"{skipped} independent school(s) and college(s) left out.")
        result.tables["schools"] = schools_table(rows)
        return result

    def _school(self, file: str, row: dict[str, Any], result: ImportResult
                ) -> dict[str, object] | None:
        try:
            urn, la = int(row["URN"]), str(int(row["LA"]))
            laestab = _int(row.get("LAESTAB")) or int(la) * 10000 + int(row["ESTAB"])
            opened = parse_date(row.get("OPENDATE") or "")
            closed = parse_date(row.get("CLOSEDATE") or "")
            low = _int(row.get("AGEL") or row.get("AGELOW"))
            high = _int(row.get("AGEH") or row.get("AGEHIGH"))
        except (ValueError, KeyError) as err:
            result.problems.append(Problem(file, f"unreadable value ({err})", "URN, LA, "
                                           "ESTAB and ages are whole numbers; dates "
                                           "dd/mm/yyyy.", row=row[ROW]))
            return None
        kind = _type_text(row)
        minor = row.get("MINORGROUP", "").strip().lower()
        lowered = kind.lower()
        return {
            "urn": urn, "laestab": laestab, "la_code": la, "name": row["SCHNAME"].strip(),
            "phase": phase_of(row), "type": _TYPES.get(lowered, lowered or None),
            "is_academy": minor == "academy" or "academy" in lowered or "free school" in lowered,
            "low_age": low, "high_age": high, "open_date": opened,
            "close_date": closed,
            "predecessor_urn": None, "country": "W" if int(la) in WELSH_LAS else "E",
        }
