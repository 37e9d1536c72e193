"""Get Information About Schools (GIAS) establishment extract (edubasealldata*.csv) ->
the warehouse `schools` registry.

Rows of the "full set incl. links" extract can carry more fields than the header (one
per extra link), so the file is read with the csv module and the surplus fields are
taken as further links ("115961 Predecessor"). An open school whose LA code no longer
exists is moved to its successor LA, or reported when the old LA was split.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from attain.ingest.codes import area_codes
from attain.ingest.problems import ImportResult, Problem, ReadOptions
from attain.ingest.sniff import TextFile, read_text

HEADER = {"URN", "LA (code)", "EstablishmentNumber", "EstablishmentName"}
PUBLISHER = "Department for Education (Get Information About Schools)"
WELSH_LAS = range(660, 682)
_PHASES = {
    "nursery": "nursery", "primary": "primary", "middle deemed primary": "middle",
    "middle deemed secondary": "middle", "secondary": "secondary", "all-through": "all-through",
    "16 plus": "16 plus",
}


_DMY = re.compile(r"(\d{1,2})[-/](\d{1,2})[-/](\d{4})$")
_YMD = re.compile(r"(\d{4})-(\d{2})-(\d{2})$")


def _date(text: str) -> date | None:
    """GIAS writes dd-mm-yyyy; dd/mm/yyyy and ISO are accepted too."""
    text = text.strip()
    if not text:
        return None
    if m := _DMY.match(text):
        return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    if m := _YMD.match(text):
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    raise ValueError(f"not a date: {text!r}")


def _int(text: str) -> int | None:
    text = text.strip()
    return int(text) if text else None


def phase_of(row: dict[str, str]) -> str | None:
    group = row.get("EstablishmentTypeGroup (name)", "").lower()
    kind = row.get("TypeOfEstablishment (name)", "").lower()
    if "pupil referral" in kind or "alternative provision" in kind:
        return "PRU"
    if "special" in group or "special" in kind:
        return "special"
    return _PHASES.get(row.get("PhaseOfEducation (name)", "").strip().lower())


def predecessor_of(links: list[str]) -> int | None:
    for link in links:
        if m := re.match(r"\s*(\d+)\s+Predecessor", link):
            return int(m.group(1))
    return None


_USED = HEADER | {"LA (name)",
    "EstablishmentTypeGroup (name)", "TypeOfEstablishment (name)", "PhaseOfEducation (name)",
    "OpenDate", "CloseDate", "StatutoryLowAge", "StatutoryHighAge", "Linked establishments"}


class GiasReader:
    name = "gias"
    title = "Get Information About Schools establishment extract"

    def detect(self, header: list[str]) -> bool:
        return set(header) >= HEADER

    def read(self, path: Path, options: ReadOptions) -> ImportResult:
        result = ImportResult(self.name, PUBLISHER, options.release or "final")
        text = read_text(path)
        header = text.header
        missing = HEADER - set(header)
        if missing or len(set(header)) != len(header):
            result.problems.append(Problem(
                path.name, f"no column {', '.join(sorted(missing))}" if missing else
                "the header repeats a column name",
                "use the GIAS 'all establishment data' extract."))
            return result
        try:
            records = _records(text, header)
        except (pa.ArrowInvalid, csv.Error) as err:
            result.problems.append(Problem(path.name, f"cannot read the file as CSV: {err}",
                                           "check that it is a CSV file."))
            return result
        rows: list[dict[str, object]] = []
        seen: dict[int, int] = {}
        names: dict[str, str] = {}
        for line, record, links in records:
            names.setdefault(record.get("LA (code)", "").strip(),
                             record.get("LA (name)", "").strip())
            school = self._school(path.name, line, record, links, result)
            if school is None:
                continue
            urn = int(str(school["urn"]))
            if urn in seen:
                result.problems.append(Problem(
                    path.name, f"duplicate URN {urn}: also on line {seen[urn]}",
                    "keep one row per URN.", row=line, column="URN", value=str(urn)))
                continue
            seen[urn] = line
            rows.append(school)
        result.tables["schools"] = _table(rows)
        result.tables["las"] = _las(rows, names)
        return result

    def _school(self, file: str, line: int, row: dict[str, str], links: list[str],
                result: ImportResult) -> dict[str, object] | None:
        try:
            urn = int(row["URN"].strip())
            la = str(int(row["LA (code)"].strip()))
            estab = _int(row.get("EstablishmentNumber", ""))
            opened = _date(row.get("OpenDate", ""))
            closed = _date(row.get("CloseDate", ""))
            low, high = _int(row.get("StatutoryLowAge", "")), _int(row.get("StatutoryHighAge", ""))
        except (ValueError, KeyError) as err:
            result.problems.append(Problem(file, f"unreadable value ({err})", "URN, LA code "
                                           "and ages are whole numbers; dates dd-mm-yyyy.",
                                           row=line))
            return None
        current = self._current_la(file, line, la, closed, result)
        if current is None:
            return None
        la = current
        group = row.get("EstablishmentTypeGroup (name)", "")
        return {
            "urn": urn, "laestab": int(la) * 10000 + estab if estab is not None else None,
            "la_code": la, "name": row.get("EstablishmentName", "").strip(),
            "phase": phase_of(row), "type": row.get("TypeOfEstablishment (name)", "").strip(),
            "is_academy": group.strip() in ("Academies", "Free Schools"),
            "low_age": low, "high_age": high, "open_date": opened, "close_date": closed,
            "predecessor_urn": predecessor_of(links),
            "country": "W" if int(la) in WELSH_LAS else "E",
        }

    def _current_la(self, file: str, line: int, la: str, closed: date | None,
                    result: ImportResult) -> str | None:
        if closed is not None:
            return la  # a closed school keeps the LA it had
        current, reorg = area_codes().current_la(la)
        if reorg is None:
            return la
        if current is None:
            result.problems.append(Problem(
                file, f"LA {la} ({reorg.name}) no longer exists: it was split between "
                f"{', '.join(reorg.new)} after {reorg.last_year}",
                "use a newer GIAS extract, which gives the school's current LA.",
                row=line, column="LA (code)", value=la))
            return None
        result.notes.append(f"line {line}: LA {la} ({reorg.name}) is now {current}.")
        return current


Record = tuple[int, dict[str, str], list[str]]


def _records(text: TextFile, header: list[str]) -> list[Record]:
    """(line, used fields, links) per row, in file order. Arrow reads the used columns;
    rows with more fields than the header (extra links) come back through the invalid
    row handler and are split with the csv module."""
    used = [name for name in header if name in _USED]
    odd: list[tuple[int, str]] = []

    def keep_aside(row: pacsv.InvalidRow) -> str:
        odd.append((row.number or 0, row.text))
        return "skip"

    table = pacsv.read_csv(
        pa.BufferReader(text.data),
        read_options=pacsv.ReadOptions(use_threads=False, column_names=header, skip_rows=1),
        parse_options=pacsv.ParseOptions(delimiter=text.delimiter, newlines_in_values=True,
                                         invalid_row_handler=keep_aside),
        convert_options=pacsv.ConvertOptions(
            column_types={n: pa.string() for n in used}, include_columns=used,
            strings_can_be_null=False, quoted_strings_can_be_null=False),
    )
    odd_lines = {line for line, _ in odd}
    lines = (n for n in range(2, len(table) + len(odd) + 2) if n not in odd_lines)
    columns = {name: table.column(name).to_pylist() for name in used}
    link = columns.get("Linked establishments", [""] * len(table))
    records: list[Record] = [
        (line, {name: columns[name][i] for name in used}, [link[i]])
        for i, line in zip(range(len(table)), lines, strict=False)
    ]
    for line, raw_text in odd:
        fields = next(csv.reader([raw_text], delimiter=text.delimiter), [])
        record = {name: fields[i] if i < len(fields) else ""
                  for i, name in enumerate(header) if name in _USED}
        records.append((line, record, [record.get("Linked establishments", ""),
                                       *fields[len(header):]]))
    return sorted(records, key=lambda r: r[0])


def _las(rows: list[dict[str, object]], names: dict[str, str]) -> pa.Table:
    """The LAs of the schools, with their names as GIAS spells them and, for English LAs,
    their region (definitions/mappings/las.yaml)."""
    codes = area_codes()
    las = sorted({str(r["la_code"]) for r in rows})
    known = {la.code: la.name for la in codes.las}
    regions = [codes.region_of_la(la) for la in las]
    regions = ["E12000007" if (r or "").startswith("E13") else r for r in regions]
    return pa.table({
        "la_code": las, "la_name": [names.get(la) or known.get(la, la) for la in las],
        "region_code": pa.array(regions, pa.string()),
        "country": ["W" if int(la) in WELSH_LAS else "E" for la in las],
    })


def _table(rows: list[dict[str, object]]) -> pa.Table:
    columns = ("urn", "laestab", "la_code", "name", "phase", "type", "is_academy", "low_age",
               "high_age", "open_date", "close_date", "predecessor_urn", "country")
    types = (pa.int32(), pa.int32(), pa.string(), pa.string(), pa.string(), pa.string(),
             pa.bool_(), pa.int32(), pa.int32(), pa.date32(), pa.date32(), pa.int32(),
             pa.string())
    return pa.table({c: pa.array([r[c] for r in rows], t)
                     for c, t in zip(columns, types, strict=True)})
