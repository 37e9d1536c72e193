"""Pupil-level templates: generated from the dataset definitions, checked cell by cell,
imported all or nothing, pseudonymous ids only."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from attain.cli.app import app
from attain.domain.datasets import DATASETS
from attain.ingest.pupil_spec import TEMPLATE_DATASETS, looks_personal, templates
from attain.ingest.registry import choose
from attain.ingest.templates_write import DOC_END, DOC_START, templates_markdown
from attain.services.imports import import_file
from attain.store.warehouse import Warehouse

DOCS = Path(__file__).resolve().parents[3] / "docs" / "importing.md"
KS2_HEADER = "Year (academic year end),Pupil ID,URN,LA code,Reading scaled,Maths scaled,Writing TA"


def _ks2(folder: Path, rows: list[str], name: str = "ks2_2019.csv",
         header: str = KS2_HEADER) -> Path:
    path = folder / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def _stored(folder: Path, dataset: str = "ks2") -> list[dict]:
    table = Warehouse(folder / "warehouse").read(dataset)
    return sorted(table.to_pylist(), key=lambda r: (r["urn"], r["pupil_id"]))


def test_each_template_is_its_dataset() -> None:
    for template in templates():
        ds = DATASETS[template.dataset]
        assert [c.name for c in template.columns] == list(ds.column_names)
        assert [c.required for c in template.columns] == [not c.nullable for c in ds.columns]
        headers = [c.header.lower() for c in template.columns]
        assert len(set(headers)) == len(headers), template.kind
    assert [t.dataset for t in templates()] == list(TEMPLATE_DATASETS)


def test_docs_show_the_generated_reference() -> None:
    text = DOCS.read_text(encoding="utf-8")
    start, end = text.index(DOC_START), text.index(DOC_END) + len(DOC_END)
    assert text[start:end] == templates_markdown(), (
        "regenerate: python -c 'from pathlib import Path; from attain.ingest.templates_write "
        "import update_docs; update_docs(Path(\"docs/importing.md\"))'")


def test_good_file_is_detected_and_stored(tmp_path: Path) -> None:
    path = _ks2(tmp_path, ["2019,p1,114000,882,105,99,exs", "2019,p2,114000,882,,,GDS"])
    outcome = import_file(tmp_path / "data", path)
    assert (outcome.status, outcome.kind, outcome.rows) == ("imported", "pupils-ks2", {"ks2": 2})
    rows = _stored(tmp_path / "data")
    assert [(r["pupil_id"], r["read_scaled"], r["maths_scaled"], r["writ_ta"], r["la_code"])
            for r in rows] == [("p1", 105, 99, "EXS", "882"), ("p2", None, None, "GDS", "882")]


def test_every_bad_cell_is_reported_and_nothing_written(tmp_path: Path) -> None:
    path = _ks2(tmp_path, ["2019,p1,114000,882,121,abc,XYZ",
                           "2019,,114000,88,100,100,EXS",
                           "2019,p1,114000,882,100,100,EXS"])
    outcome = import_file(tmp_path / "data", path)
    assert outcome.status == "rejected"
    found = {(p.row, p.column, p.value, p.message) for p in outcome.problems}
    assert found == {
        (2, "Reading scaled", "121", "outside the allowed range (80 to 120)"),
        (2, "Maths scaled", "abc", "not a whole number"),
        (2, "Writing TA", "XYZ", "not an allowed value"),
        (3, "Pupil ID", "", "a value is required here"),
        (3, "LA code", "88", "not in the expected form"),
        (4, None, None, "the same pupil, year and school as on line 2"),
    }
    hint = next(p.hint for p in outcome.problems if p.column == "Writing TA")
    assert hint == "Writing TA: GDS, EXS, WTS, PKF, BLW, A, D."
    assert all(p.file == "ks2_2019.csv" for p in outcome.problems)
    assert not (tmp_path / "data" / "warehouse" / "ks2").exists()


def test_skip_bad_rows_keeps_the_good_ones(tmp_path: Path) -> None:
    path = _ks2(tmp_path, ["2019,p1,114000,882,121,99,EXS", "2019,p2,114000,882,101,99,EXS"])
    outcome = import_file(tmp_path / "data", path, skip_bad_rows=True)
    assert (outcome.status, outcome.skipped_rows) == ("imported", 1)
    assert [r["pupil_id"] for r in _stored(tmp_path / "data")] == ["p2"]


@pytest.mark.parametrize("column", ["UPN", "Forename", "Legal surname", "Date of birth", "name"])
def test_personal_data_columns_are_refused(tmp_path: Path, column: str) -> None:
    path = _ks2(tmp_path, ["2019,p1,114000,882,105,99,EXS,x"], header=f"{KS2_HEADER},{column}")
    outcome = import_file(tmp_path / "data", path)
    assert outcome.status == "rejected" and outcome.kind == "pupils-ks2"
    [problem] = outcome.problems
    assert problem.column == column and "personal data" in problem.message
    assert problem.blocks_file


def test_a_upn_as_pupil_id_is_refused_and_not_echoed(tmp_path: Path) -> None:
    path = _ks2(tmp_path, ["2019,A88220019001B,114000,882,105,99,EXS"])
    outcome = import_file(tmp_path / "data", path, skip_bad_rows=False)
    [problem] = outcome.problems
    assert (problem.row, problem.column, problem.value) == (2, "Pupil ID", None)
    assert "UPN" in problem.message
    assert all("A88220019001B" not in str(p) for p in outcome.problems)


def test_reimport_replaces_a_schools_year_and_keeps_others(tmp_path: Path) -> None:
    data = tmp_path / "data"
    import_file(data, _ks2(tmp_path, ["2019,p1,114000,882,105,99,EXS",
                                      "2019,p9,114001,882,110,110,GDS"], "first.csv"))
    import_file(data, _ks2(tmp_path, ["2019,p2,114000,882,101,101,WTS"], "second.csv"))
    assert [(r["urn"], r["pupil_id"]) for r in _stored(data)] == [(114000, "p2"), (114001, "p9")]


def test_unknown_column_and_missing_required_column(tmp_path: Path) -> None:
    path = _ks2(tmp_path, ["2019,p1,114000,105"], header="Year,Pupil ID,URN,Reading scaled")
    outcome = import_file(tmp_path / "data", path, kind="pupils-ks2")
    assert [p.message for p in outcome.problems] == [
        "no column 'LA code' (la_code), which is required"]
    odd = _ks2(tmp_path, ["2019,p1,114000,882,1"], "odd.csv",
               header="year,pupil_id,urn,la_code,Reading scalled")
    outcome = import_file(tmp_path / "data", odd, kind="pupils-ks2")
    assert [p.column for p in outcome.problems] == ["Reading scalled"]


def test_templates_write_and_a_filled_xlsx_imports(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["templates", "write", str(tmp_path / "t")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "t" / "README.md").read_text().count("### pupils-") == len(templates())
    for template in templates():
        for suffix in ("csv", "xlsx"):
            reader = choose(tmp_path / "t" / f"{template.kind}.{suffix}")
            # A blank template's full header is detected as its own kind, never another.
            assert getattr(reader, "name", reader) == template.kind
    book = openpyxl.load_workbook(tmp_path / "t" / "pupils-census.xlsx")
    sheet = book["data"]
    sheet.append([2019, "p1", 114000, "882", 6, "F", 3, "Y", "yes", "K", "N", 0, "WHIT"])
    book.save(tmp_path / "census.xlsx")
    outcome = import_file(tmp_path / "data", tmp_path / "census.xlsx")
    assert (outcome.status, outcome.kind) == ("imported", "pupils-census"), outcome.problems
    [row] = _stored(tmp_path / "data", "pupils")
    assert (row["nc_year"], row["fsm"], row["disadvantaged"], row["sen"], row["eal"]) == (
        6, True, True, "K", False)


def test_personal_headers() -> None:
    assert looks_personal("U.P.N.") and looks_personal("Surname") and looks_personal("DOB")
    assert not looks_personal("Pupil ID") and not looks_personal("URN")


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",),
                                                     blacklist_characters=",\"\r\n"),
                              max_size=6), min_size=7, max_size=7))
def test_any_cell_text_is_imported_or_reported(tmp_path: Path, cells: list[str]) -> None:
    path = _ks2(tmp_path, [",".join(cells)], name="fuzz.csv")
    outcome = import_file(tmp_path / "fuzz-data", path, kind="pupils-ks2")
    assert outcome.status in ("imported", "rejected", "unchanged")
    if outcome.status == "rejected":
        assert all(p.row == 2 or p.row is None for p in outcome.problems)


def test_a_nominal_ks2_score_below_80_is_a_progress_8_prior(tmp_path: Path) -> None:
    # DfE's Progress 8 counts pupils working below the KS2 tests' standard with nominal
    # scores: its first prior-attainment group is "59 to 82" (data/real/dfe-ks4-ready-
    # reckoner-2024/p8_att8_splits.csv). 58.5 is below any of them.
    header = "Year (academic year end),Pupil ID,URN,LA code,KS2 EMSS"
    path = _ks2(tmp_path, ["2024,p1,114000,882,59", "2024,p2,114000,882,70.5"],
                name="ks4_2024.csv", header=header)
    assert import_file(tmp_path / "data", path).status == "imported"
    assert [r["ks2_emss"] for r in _stored(tmp_path / "data", "ks4")] == [59.0, 70.5]
    bad = _ks2(tmp_path, ["2024,p3,114000,882,58.5"], name="ks4_bad.csv", header=header)
    outcome = import_file(tmp_path / "other", bad)
    assert {(p.row, p.column, p.message) for p in outcome.problems} == {
        (2, "KS2 EMSS", "outside the allowed range (59 to 120)")}


def test_an_import_of_pupils_names_the_compute_that_refreshes_them(tmp_path: Path) -> None:
    # No results cube yet: the whole compute. With one (a results file present), the
    # recompute of the LAs whose pupils came in (attain compute --la, docs/engines.md).
    from typer.testing import CliRunner

    from attain.cli.app import app
    from attain.services.compute import results_warehouse

    data = tmp_path / "data"
    path = _ks2(tmp_path, ["2019,p1,114000,882,105,99,EXS", "2019,p2,114001,881,101,101,WTS"])
    first = CliRunner().invoke(app, ["import", str(path), "--data-dir", str(data)])
    assert first.exit_code == 0, first.output
    assert "Next: `attain compute` brings the results up to date." in first.output
    with results_warehouse(data).transaction() as tx:
        tx.write("results", pa.table({"measure_id": ["ks2_rwm_expected"], "year": [2019],
                                      "level": ["la"], "area_code": ["882"],
                                      "group_id": ["all"]}))
    again = _ks2(tmp_path, ["2019,p3,114000,882,110,110,GDS"], "more.csv")
    second = CliRunner().invoke(app, ["import", str(again), "--data-dir", str(data)])
    assert second.exit_code == 0, second.output
    assert "Next: `attain compute --la 882` brings the results up to date." in second.output
