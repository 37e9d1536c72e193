"""`attain compute`, `attain results show|export` end to end on a tiny warehouse."""

from __future__ import annotations

import csv
from pathlib import Path

import pyarrow as pa
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from attain.cli.app import app
from attain.cli.results import number_text, parse_years
from attain.errors import UserError
from attain.services.results import ResultFilter, no_match
from attain.store.warehouse import Warehouse

runner = CliRunner(env={"COLUMNS": "200"})  # wide enough for the rich table

# School 100001 (LA 999): 4 pupils, 2 at the expected standard (4 < 6 pupils: suppressed
# by the default rule). School 100002: 7 of 10 (hidden too, or LA - 100002 would give
# 100001). LA 999: 9 of 14 = 64.2857%.
PUPILS = [("p1", 100001, 105), ("p2", 100001, 100), ("p3", 100001, 99), ("p4", 100001, 90),
          *[(f"p{i}", 100002, 108 if i < 12 else 95) for i in range(5, 15)]]
N = len(PUPILS)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("data")
    with Warehouse(root / "warehouse").transaction() as tx:
        tx.write("schools", pa.table({"urn": [100001, 100002], "la_code": ["999", "999"],
                                      "name": ["A", "B"], "country": ["E", "E"]}))
        tx.write("las", pa.table({"la_code": ["999"], "la_name": ["Test"], "country": ["E"]}))
        keys = {"year": [2019] * N, "pupil_id": [p[0] for p in PUPILS],
                "urn": [p[1] for p in PUPILS], "la_code": ["999"] * N}
        tx.write("pupils", pa.table({**keys, "gender": ["F", "M"] * (N // 2)}))
        tx.write("ks2", pa.table({**keys, "read_scaled": [p[2] for p in PUPILS],
                                  "maths_scaled": [110] * N, "writ_ta": ["EXS"] * N}))
    result = runner.invoke(app, ["compute", "--data-dir", str(root), "--measures",
                                 "ks2_rwm_expected", "--years", "2019"])
    assert result.exit_code == 0, result.output
    assert "Computed 1 measure(s) for 2019" in result.output
    return root


def test_show_la_against_national(folder: Path) -> None:
    result = runner.invoke(app, ["results", "show", "--la", "999", "--group", "all",
                                 "--data-dir", str(folder)])
    assert result.exit_code == 0, result.output
    assert "ks2_rwm_expected" in result.output
    assert "64.29" in result.output  # 9 of 14
    # against national in words, as the web app says it (the LA is the whole nation here)
    assert "Similar to national" in result.output and "similar " not in result.output


def test_show_school_shows_the_suppression_symbol(folder: Path) -> None:
    result = runner.invoke(app, ["results", "show", "--school", "100001", "--group", "all",
                                 "--data-dir", str(folder)])
    assert result.exit_code == 0, result.output
    assert "small_denominator" in result.output
    school_b = runner.invoke(app, ["results", "show", "--school", "100002", "--group", "all",
                                   "--data-dir", str(folder)])
    assert "complementary" in school_b.output and "70" not in school_b.output
    assert "50" not in result.output  # the hidden 2 of 4
    assert "c\u2013c" not in result.output  # a hidden interval is one symbol, not two


def test_export_csv_and_xlsx_hide_suppressed_numbers(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    result = runner.invoke(app, ["results", "export", "--format", "csv", "--out", str(out),
                                 "--school", "100001", "--data-dir", str(folder)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    everyone = next(r for r in rows if r["group_id"] == "all")
    assert (everyone["value"], everyone["numerator"], everyone["denominator"]) == ("c", "c", "4.0")
    # value = national_value + diff_national, so the difference must be hidden as well.
    assert everyone["national_value"] not in ("", "c")
    assert everyone["diff_national"] == "c" and everyone["significance"] == "c"
    xlsx = tmp_path / "r.xlsx"
    result = runner.invoke(app, ["results", "export", "--format", "xlsx", "--out", str(xlsx),
                                 "--la", "999", "--group", "all", "--data-dir", str(folder)])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(xlsx).active
    header = [c.value for c in sheet[1]]
    assert sheet.max_row == 2
    assert sheet.cell(2, header.index("value") + 1).value == pytest.approx(900 / 14)
    assert sheet.cell(2, header.index("suppressed") + 1).value is None


def test_show_needs_exactly_one_area(folder: Path) -> None:
    result = runner.invoke(app, ["results", "show", "--data-dir", str(folder)])
    assert result.exit_code == 2
    assert "--school" in result.output and "Traceback" not in result.output


def test_show_without_results_says_compute_first(tmp_path: Path) -> None:
    result = runner.invoke(app, ["results", "show", "--la", "999", "--data-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "attain compute" in result.output


def test_parse_years() -> None:
    assert parse_years("2019,2022-2024") == [2019, 2022, 2023, 2024]
    assert parse_years(None) is None
    with pytest.raises(UserError):
        parse_years("2024-2022")
    with pytest.raises(UserError):
        parse_years("twenty")


@pytest.mark.parametrize(("filters", "expected"), [
    # The fixture's cube holds ks2_rwm_expected for 2019, schools 100001-100002 and LA 999.
    (["--la", "999", "--measure", "ks2_rwm_expect"],
     "unknown measure 'ks2_rwm_expect'. Did you mean ks2_rwm_expected"),
    (["--la", "999", "--measure", "ks4_att8"], "measure 'ks4_att8' has no results here"),
    (["--la", "999", "--group", "disadvantage"],
     "unknown pupil group 'disadvantage'. Did you mean disadvantaged"),
    (["--la", "998"],
     "LA 998 has no results here. Check the LA code. The results hold 1 LA: 999."),
    (["--school", "100003"], "school 100003 has no results here"),
    (["--la", "999", "--year", "2018"], "there are no results for 2018. The results hold the "
     "years 2019-2019"),
    (["--la", "999", "--group", "eal"], "pupil group 'eal' has no results here. No pupil "
     "in the data is in it"),  # no EAL flags in the fixture's census
])
def test_a_filter_that_matches_nothing_is_named(folder: Path, filters: list[str],
                                                 expected: str) -> None:
    result = runner.invoke(app, ["results", "show", *filters, "--data-dir", str(folder)])
    assert result.exit_code == 2, result.output
    assert expected in " ".join(result.output.split()), result.output


def test_filters_that_each_match_but_not_together_are_named_together(folder: Path) -> None:
    # A school row and an LA row at once: each exists, no row is both.
    error = no_match(folder, ResultFilter(school=100001, la="999"))
    assert str(error).startswith("no results match school 100001, LA 999")


def test_an_export_that_matches_nothing_writes_nothing(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "none.csv"
    result = runner.invoke(app, ["results", "export", "--format", "csv", "--out", str(out),
                                 "--la", "998", "--data-dir", str(folder)])
    assert result.exit_code == 2, result.output
    assert "LA 998 has no results here" in result.output
    assert not out.exists()


def test_the_measure_and_group_asked_for_are_the_title_not_columns(folder: Path) -> None:
    result = runner.invoke(app, ["results", "show", "--la", "999", "--measure",
                                 "ks2_rwm_expected", "--group", "all", "--data-dir", str(folder)])
    assert result.exit_code == 0, result.output
    title, header = result.output.splitlines()[0], result.output.splitlines()[2]
    assert "measure ks2_rwm_expected, group all" in title
    assert "year" in header and "measure" not in header and "group" not in header
    assert "64.29" in result.output  # 9 of 14


def test_show_fits_an_80_column_terminal(folder: Path) -> None:
    # LA 999, all pupils: 9 of 14 = 64.29%. Wilson 95% interval by hand: p = 9/14,
    # z = 1.96, centre (p + z^2/28) / (1 + z^2/14) = 0.6121, half-width
    # z * sqrt(p(1-p)/14 + z^2/784) / (1 + z^2/14) = 0.2245: 38.76 to 83.66. The numbers
    # keep their width; the text columns give way.
    narrow = CliRunner(env={"COLUMNS": "80"})
    result = narrow.invoke(app, ["results", "show", "--la", "999", "--measure",
                                 "ks2_rwm_expected", "--data-dir", str(folder)])
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if "64.29" in line)
    assert "38.76\u201383.66" in row
    assert all(len(line) <= 80 for line in result.output.splitlines())


def test_show_leaves_out_a_column_no_row_fills(folder: Path) -> None:
    # LA 999's `all` row is neither suppressed nor missing an interval (above).
    result = runner.invoke(app, ["results", "show", "--la", "999", "--group", "all",
                                 "--data-dir", str(folder)])
    assert result.exit_code == 0, result.output
    assert "suppressed" not in result.output and "95% CI" in result.output


@pytest.mark.parametrize(("value", "text"), [
    (64.2857, "64.29"), (70.0, "70"), (1234.5, "1,234.5"), (-0.04, "-0.04"),
    (-0.001, "0"),  # a national Progress 8 of -0.001 reads 0, not -0
    (None, ""), ("x", "x")])
def test_figures_are_shown_to_two_places_without_a_negative_zero(value, text) -> None:
    assert number_text(value) == text
