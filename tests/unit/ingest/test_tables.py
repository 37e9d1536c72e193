"""The wide-table reader on performance-table files, good and bad."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_samples import KS4_HEADER, KS4_ROWS, ks4_text

from attain.ingest.problems import ReadOptions
from attain.ingest.registry import choose
from attain.ingest.tables import TableReader, year_from_path, year_from_text


def _read(path: Path, **options: object):
    reader = choose(path)
    assert isinstance(reader, TableReader), reader
    return reader.read(path, ReadOptions(**options))  # type: ignore[arg-type]


def _rows(result, measure: str) -> dict[tuple[str, str], tuple]:
    table = result.tables["published"].to_pylist()
    return {(r["level"], r["area_code"]): (r["value"], r["suppressed"])
            for r in table if r["measure_id"] == measure}


def test_reads_levels_values_and_symbols(ks4_file: Path) -> None:
    result = _read(ks4_file)
    assert result.ok and result.kind == "dfe_ks4" and result.release == "final"
    # Values from the rows in conftest (the real 2018/19 file); RECTYPE 5 is skipped.
    assert _rows(result, "ks4_att8") == {
        ("school", "141741"): (35.7, None), ("school", "144693"): (None, "NE"),
        ("la", "882"): (52.9, None), ("national", "E92000001"): (46.5, None)}
    assert _rows(result, "ks4_em_94")[("la", "882")] == (74.1, None)
    assert {r["year"] for r in result.tables["published"].to_pylist()} == {2019}


@pytest.mark.parametrize(("text", "year"), [
    ("2019", 2019), ("201819", 2019), ("2018/19", 2019), ("2018-19", 2019),
    ("2018-2019", 2019), ("x", None), (None, None)])
def test_year_from_text(text: str | None, year: int | None) -> None:
    assert year_from_text(text) == year


def test_year_from_path() -> None:
    assert year_from_path(Path("/data/dfe-performance-tables-2018-19-ksp/a.csv")) == 2019
    assert year_from_path(Path("/data/england_ks4final.csv")) is None


def test_cp1252_semicolon_file_reads_the_same(ks4_dir: Path, ks4_file: Path) -> None:
    other = ks4_dir / "england_ks4final_excel.csv"
    other.write_bytes(ks4_text().replace(",", ";").encode("cp1252"))
    assert _rows(_read(other), "ks4_p8") == _rows(_read(ks4_file), "ks4_p8")


def test_year_needed_when_file_does_not_say(tmp_path: Path) -> None:
    path = tmp_path / "england_ks4final.csv"
    path.write_text(ks4_text())
    result = _read(path)
    assert [p.message for p in result.problems] == [
        "cannot tell which academic year the file is for"]
    assert _read(path, year=2018).ok


def test_year_without_a_map(ks4_file: Path) -> None:
    result = _read(ks4_file, year=2031)
    assert len(result.problems) == 1
    assert "no dfe_ks4 map for year(s) [2031]" in result.problems[0].message


def test_unknown_header_is_not_detected(tmp_path: Path) -> None:
    path = tmp_path / "england_ks4final.csv"
    path.write_text(ks4_text(header=KS4_HEADER.replace("P8MEA", "P8_SCORE_2031")))
    problem = choose(path)
    assert not isinstance(problem, TableReader)
    assert "does not recognise" in problem.message


def test_unknown_header_with_kind_names_missing_columns(tmp_path: Path) -> None:
    path = tmp_path / "2018-19.csv"
    path.write_text(ks4_text(header=KS4_HEADER.replace("P8MEA", "P8_SCORE_2031")))
    reader = choose(path, "dfe_ks4")
    result = reader.read(path, ReadOptions())  # type: ignore[union-attr]
    assert "no column P8MEA" in result.problems[0].message


def test_duplicate_urn(ks4_dir: Path) -> None:
    path = ks4_dir / "dup.csv"
    path.write_text(ks4_text(rows=(KS4_ROWS[0], KS4_ROWS[0].replace("35.7", "36.0"))))
    problems = _read(path).problems
    assert [(p.row, p.message) for p in problems] == [
        (3, "duplicate school 141741: also on line 2")]


def test_percentage_over_100_and_text_in_numeric_column(ks4_dir: Path) -> None:
    bad = KS4_ROWS[0].replace("47.0%", "147.0%").replace("35.7", "thirty")
    path = ks4_dir / "bad.csv"
    path.write_text(ks4_text(rows=(bad, KS4_ROWS[2])))
    problems = _read(path).problems
    assert {(p.row, p.column, p.value) for p in problems} == {
        (2, "ATT8SCR", "thirty"), (2, "PTL2BASICS_94", "147.0%")}
    assert {p.message for p in problems} == {
        "not a number or a known symbol", "a percentage must be between 0 and 100"}


def test_long_row_is_a_problem_and_short_row_is_padded(ks4_dir: Path) -> None:
    # Real DfE files cut a row short after its last non-empty field (2018-850-ks2.csv).
    path = ks4_dir / "ragged.csv"
    path.write_text(ks4_text(rows=(KS4_ROWS[0] + ",extra,fields", "1,882,4004,147185,Cecil",
                                   KS4_ROWS[2])))
    result = _read(path)
    assert [(p.row, p.message) for p in result.problems] == [
        (2, "17 fields, more than the header's 15")]
    att8 = {(r["area_code"], r["_row"]) for r in result.tables["published"].to_pylist()
            if r["measure_id"] == "ks4_att8"}
    assert att8 == {("882", 4)}  # the short row (line 3) has no figures
