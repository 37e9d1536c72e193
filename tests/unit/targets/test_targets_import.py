"""Importing targets: all or nothing, every bad row reported with its row and column."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pyarrow as pa
import pytest

from attain.errors import UserError
from attain.services import targets
from attain.store.warehouse import Warehouse
from attain.targets.records import TargetFileErrors


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    schools = pa.table({"urn": [100001, 100002], "la_code": ["882", "882"],
                        "name": ["North School", "South School"], "country": ["E", "E"]})
    Warehouse(tmp_path / "warehouse").write("schools", schools)
    return tmp_path


def _csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_good_csv_is_imported_and_reimport_replaces(folder: Path) -> None:
    good = _csv(folder / "t.csv", "urn,measure_id,year,target\n100001,ks4_att8,2025,47.5\n"
                                  "100002,ks2_rwm_expected,2025,68%\n")
    assert targets.import_file(folder, good) == 2
    again = _csv(folder / "u.csv", "urn,measure_id,year,target\n100001,ks4_att8,2025,49\n")
    targets.import_file(folder, again)
    loaded = sorted((t.urn, t.measure_id, t.value) for t in targets.load_targets(folder, 2025))
    assert loaded == [(100001, "ks4_att8", 49.0), (100002, "ks2_rwm_expected", 68.0)]


def test_bad_rows_are_all_reported_and_nothing_is_imported(folder: Path) -> None:
    targets.import_file(folder, _csv(folder / "ok.csv",
                                     "urn,measure_id,year,target\n100001,ks4_att8,2025,47\n"))
    bad = _csv(folder / "bad.csv", "urn,measure_id,year,target\n"
               "999999,ks4_att8,2025,47\n"          # row 2: unknown school
               "100001,ks2_rwm_expected,2025,104\n"  # row 3: over 100%
               "100002,ks4_att8,2025,-3\n"           # row 4: negative
               "100002,ks2_rwm_expected,2025,70\n"   # row 5: fine
               "100002,ks2_rwm_expected,2025,71\n"   # row 6: duplicate of row 5
               "100002,no_such_measure,2025,1\n")    # row 7: unknown measure
    with pytest.raises(TargetFileErrors) as raised:
        targets.import_file(folder, bad)
    found = [(e.row, e.column) for e in raised.value.errors]
    assert found == [(2, "urn"), (3, "target"), (4, "target"), (6, "urn"), (7, "measure_id")]
    assert "duplicate of row 5" in raised.value.message
    assert [(t.urn, t.value) for t in targets.load_targets(folder)] == [(100001, 47.0)]


def test_xlsx_is_read_like_csv(folder: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["URN", "measure_id", "year", "target"])
    sheet.append([100002, "ks4_att8", 2025, 51.2])
    book.save(folder / "t.xlsx")
    assert targets.import_file(folder, folder / "t.xlsx") == 1


def test_missing_header_column_is_a_user_error(folder: Path) -> None:
    with pytest.raises(UserError, match="target"):
        targets.import_file(folder, _csv(folder / "h.csv", "urn,measure_id,year\n1,a,2\n"))
