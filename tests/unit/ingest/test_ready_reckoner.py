"""DfE's KS4 ready reckoner (Progress 8 estimates) imported into `progress_estimates`.

Facts from data/real/dfe-ks4-ready-reckoner-2024/SOURCE.md: 34 prior-attainment groups;
group 14 (KS2 99.5-100) estimate 35.46; group 34 (119.5-120) estimate 82.03; national SD of
pupil P8 scores 1.41628. Element figures as published in its p8_pupil_coefficients_file.csv
(group 14: English 8.06, maths 6.95, EBacc 9.81, open 10.64) and p8_stdev_file.csv (English
1.614052, maths 1.487134, EBacc 1.637291, open 1.616699).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from attain.ingest.problems import ReadOptions
from attain.services.imports import import_file
from attain.store.warehouse import Warehouse

FOLDER = "dfe-ks4-ready-reckoner-2024"
ESTIMATES = "p8_pupil_coefficients_file.csv"
SD = "p8_stdev_file.csv"


@pytest.fixture
def reckoner(real_data: Path, tmp_path: Path) -> Path:
    """A copy of the two files, to be damaged by a test."""
    folder = tmp_path / "reckoner"
    folder.mkdir()
    for name in (ESTIMATES, SD):
        shutil.copy(real_data / FOLDER / name, folder / name)
    return folder


def _import(folder: Path, path: Path, year: int | None = 2024, **kwargs: bool):  # type: ignore[no-untyped-def]
    return import_file(folder, path, options=ReadOptions(year=year), **kwargs)


def _estimates(folder: Path, measure: str = "ks4_p8") -> dict[int, tuple[float, float]]:
    table = Warehouse(folder / "warehouse").read("progress_estimates")
    return {row["prior_group"]: (row["estimate"], row["score_sd"])
            for row in table.to_pylist() if row["measure_id"] == measure}


def test_the_published_estimates_are_imported_with_the_national_sd(real_data: Path,
                                                                   tmp_path: Path) -> None:
    outcome = _import(tmp_path, real_data / FOLDER / ESTIMATES)
    assert outcome.status == "imported" and outcome.kind == "dfe_p8_estimates"
    assert outcome.rows == {"progress_estimates": 5 * 34}
    estimates = _estimates(tmp_path)
    assert sorted(estimates) == list(range(1, 35))
    assert estimates[14] == (35.46, 1.41628)
    assert estimates[34] == (82.03, 1.41628)
    elements = {m: _estimates(tmp_path, m)[14] for m in
                ("ks4_p8_eng", "ks4_p8_mat", "ks4_p8_ebac", "ks4_p8_open")}
    assert elements == {"ks4_p8_eng": (8.06, 1.614052), "ks4_p8_mat": (6.95, 1.487134),
                        "ks4_p8_ebac": (9.81, 1.637291), "ks4_p8_open": (10.64, 1.616699)}
    rows = Warehouse(tmp_path / "warehouse").read("progress_estimates").to_pylist()
    assert {(r["year"], r["country"]) for r in rows} == {(2024, "E")}


def test_a_later_file_for_the_same_year_replaces_the_estimates(reckoner: Path,
                                                               tmp_path: Path) -> None:
    _import(tmp_path, reckoner / ESTIMATES)
    text = (reckoner / ESTIMATES).read_text(encoding="utf-8-sig")
    (reckoner / ESTIMATES).write_text(text.replace("14,35.46,", "14,36.5,"), encoding="utf-8")
    assert _import(tmp_path, reckoner / ESTIMATES).status == "imported"
    estimates = _estimates(tmp_path)
    assert len(estimates) == 34 and estimates[14] == (36.5, 1.41628)
    assert len(Warehouse(tmp_path / "warehouse").read("progress_estimates")) == 5 * 34


def _rejected(folder: Path, path: Path, year: int | None = 2024, **kwargs: bool) -> str:
    outcome = _import(folder, path, year, **kwargs)
    assert outcome.status == "rejected"
    assert not Warehouse(folder / "warehouse").files("progress_estimates")
    return " ".join(f"{p.row} {p.column} {p.value} {p.message} {p.hint}"
                    for p in outcome.problems)


def test_no_year_is_refused_with_the_fix(real_data: Path, tmp_path: Path) -> None:
    said = _rejected(tmp_path, real_data / FOLDER / ESTIMATES, year=None)
    assert "--year" in said


def test_a_year_without_progress_8_is_refused(real_data: Path, tmp_path: Path) -> None:
    # No Progress 8 for the 2025 cohort: it had no KS2 tests (2020).
    said = _rejected(tmp_path, real_data / FOLDER / ESTIMATES, year=2025)
    assert "no scores for 2025" in said and "2016-2024 except 2020, 2021" in said


def test_the_sd_file_must_be_beside_the_estimates(reckoner: Path, tmp_path: Path) -> None:
    (reckoner / SD).unlink()
    said = _rejected(tmp_path, reckoner / ESTIMATES)
    assert SD in said and "same folder" in said


def test_a_bad_row_is_named_and_cannot_be_skipped(reckoner: Path, tmp_path: Path) -> None:
    text = (reckoner / ESTIMATES).read_text(encoding="utf-8-sig")
    # Group 4 is on the file's fifth line.
    (reckoner / ESTIMATES).write_text(text.replace("4,20.78,", "4,n/a,"), encoding="utf-8")
    said = _rejected(tmp_path, reckoner / ESTIMATES)
    assert "5 p8est n/a not a ks4_p8 estimate" in said
    said = _rejected(tmp_path, reckoner / ESTIMATES, skip_bad_rows=True)
    assert "no row can be skipped" in said


def test_a_missing_or_repeated_group_is_refused(reckoner: Path, tmp_path: Path) -> None:
    lines = (reckoner / ESTIMATES).read_text(encoding="utf-8-sig").splitlines()
    (reckoner / ESTIMATES).write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    assert "group(s) 34" in _rejected(tmp_path, reckoner / ESTIMATES)
    (reckoner / ESTIMATES).write_text("\n".join(lines + lines[-1:]) + "\n", encoding="utf-8")
    assert "group 34 is listed twice" in _rejected(tmp_path, reckoner / ESTIMATES)


def test_a_bad_national_sd_names_its_column(reckoner: Path, tmp_path: Path) -> None:
    text = (reckoner / SD).read_text(encoding="utf-8-sig")
    (reckoner / SD).write_text(text.replace("1.614052", "0"), encoding="utf-8")
    said = _rejected(tmp_path, reckoner / ESTIMATES)
    assert "2 p8engstdev 0 not a positive number" in said


def test_a_year_before_the_scaled_score_groups_is_refused(real_data: Path,
                                                          tmp_path: Path) -> None:
    # 2019's prior-attainment groups were KS2 fine levels (15-58): groups 1-34 would match
    # the wrong pupils (ks4_p8.yaml).
    said = _rejected(tmp_path, real_data / FOLDER / ESTIMATES, year=2019)
    assert "KS2 fine levels" in said and "from 2022" in said
