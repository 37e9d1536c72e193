"""School lists from the warehouse (facts gathered in DuckDB) and who may see them."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from attain.services import vulnerable
from attain.stats.suppression import SuppressionRule
from attain.store.warehouse import Warehouse
from attain.vulnerable.access import AccessDenied, Requester

SCHOOL, OTHER = 100001, 100009


def _census(rows: list[tuple]) -> pa.Table:
    names = ("year", "pupil_id", "urn", "la_code", "nc_year", "fsm", "lac", "eal", "sen")
    return pa.table({n: [r[i] for r in rows] for i, n in enumerate(names)})


def _attendance(rows: list[tuple[int, str, int, int]]) -> pa.Table:
    # (year, pupil, urn, absent sessions of 300)
    return pa.table({"year": [r[0] for r in rows], "pupil_id": [r[1] for r in rows],
                     "urn": [r[2] for r in rows], "la_code": ["882"] * len(rows),
                     "sessions_possible": [300] * len(rows),
                     "sessions_authorised": [r[3] for r in rows],
                     "sessions_unauthorised": [0] * len(rows)})


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    s = SCHOOL
    census = [(2024, p, s, "882", 9, False, False, False, "N")
              for p in ("LOW", "FALL", "EXCL", "PLAIN")]
    census += [(2023, p, s, "882", 8, False, False, False, "N")
               for p in ("LOW", "FALL", "EXCL", "PLAIN", "LAC", "FSMLOW")]
    census += [(2024, "LAC", s, "882", 9, False, True, False, "N"),
               (2024, "FSMLOW", s, "882", 9, True, False, False, "N"),
               (2023, "NEWEAL", OTHER, "999", 8, False, False, True, "N"),  # arrived in Y8
               (2024, "NEWEAL", s, "882", 9, False, False, True, "N"),
               (2023, "MOVER", 200002, "882", 8, False, False, False, "N"),
               (2024, "MOVER", s, "882", 9, False, False, False, "N"),
               (2023, "Y7", 300003, "882", 6, False, False, False, "N"),  # usual transfer
               (2024, "Y7", s, "882", 7, False, False, False, "N"),
               (2024, "ELSEWHERE", OTHER, "999", 9, False, True, False, "N")]
    # 85% this year (45 of 300 absent); FALL: 96% (12) to 94% (18); others 97% (9).
    attendance = [(2024, "LOW", s, 45), (2023, "LOW", s, 48), (2023, "FALL", s, 12),
                  (2024, "FALL", s, 18)]
    attendance += [(y, p, s, 9) for y in (2023, 2024)
                   for p in ("EXCL", "PLAIN", "LAC", "FSMLOW", "NEWEAL", "MOVER", "Y7")]
    with Warehouse(tmp_path / "warehouse").transaction() as tx:
        tx.write("pupils", _census(census))
        tx.write("attendance", _attendance(attendance))
        tx.write("exclusions", pa.table({"year": [2024], "pupil_id": ["EXCL"], "urn": [s],
                                         "la_code": ["882"], "fixed_count": [2],
                                         "fixed_days": [3.0], "permanent": [False]}))
        tx.write("ks2", pa.table({"year": [2020, 2020], "pupil_id": ["FSMLOW", "PLAIN"],
                                  "urn": [300003, 300003], "la_code": ["882", "882"],
                                  "read_scaled": [95, 104], "maths_scaled": [101, 108]}))
    return tmp_path


OFFICER = Requester("officer@la.example", "officer", can_see_pupils=True)


def test_school_list_gives_every_reason_from_the_warehouse(folder: Path) -> None:
    listing = vulnerable.school_list(folder, OFFICER, SCHOOL, 2024)
    reasons = {a.pupil_id: [r.rule_id for r in a.reasons] for a in listing.pupils}
    assert reasons == {"LOW": ["low_attendance"], "FALL": ["attendance_fall"],
                       "EXCL": ["repeated_fixed_exclusions"], "LAC": ["looked_after"],
                       "FSMLOW": ["fsm_low_prior"], "NEWEAL": ["eal_new_arrival", "mobility"],
                       "MOVER": ["mobility"]}
    assert listing.on_roll == 9
    assert listing.formula.startswith("priority = 3 × [low_attendance]")


def test_la_counts_by_reason(folder: Path) -> None:
    counts = vulnerable.la_counts(folder, OFFICER, "882", 2024)
    assert counts["any"] == 7 and counts["mobility"] == 2 and counts["looked_after"] == 1


def test_published_la_counts_are_suppressed_and_shown_by_role(folder: Path) -> None:
    rule = SuppressionRule(min_denominator=6, min_count=3)
    rows = vulnerable.published_la_counts(folder, OFFICER, "882", 2024, suppression=rule)
    assert {r.area_code for r in rows} == {"882", str(SCHOOL)}
    by_key = {(r.level, str(r.counting), r.reason): r for r in rows}
    # 9 on roll, 7 flagged: the complement (2 not flagged) is below 3, so hidden.
    assert by_key[("la", "any", "any")].suppressed == "small_count"
    # One school: each LA count equals the school's, so they are hidden together.
    for (level, counting, reason), row in by_key.items():
        if level == "la":
            twin = by_key[("school", counting, reason)]
            assert (row.pupils, row.suppressed is None) == (twin.pupils, twin.suppressed is None)
    assert by_key[("la", "with", "looked_after")].pupils is None  # 1 pupil
    viewer = Requester("cllr@la.example", "viewer")
    other_head = Requester("head@other.example", "school", frozenset({OTHER}))
    for requester in (viewer, other_head):
        seen = vulnerable.published_la_counts(folder, requester, "882", 2024, suppression=rule)
        assert {r.level for r in seen} == {"la"}


@pytest.mark.parametrize("requester", [
    Requester("head@other.example", "school", frozenset({OTHER}), can_see_pupils=True),
    Requester("head@school.example", "school", frozenset({SCHOOL}), can_see_pupils=False),
    Requester("officer@la.example", "officer", can_see_pupils=False),
    Requester("cllr@la.example", "viewer", frozenset({SCHOOL}), can_see_pupils=True),
])
def test_pupil_lists_are_refused_without_access_to_that_school(folder: Path,
                                                               requester: Requester) -> None:
    with pytest.raises(AccessDenied):
        vulnerable.school_list(folder, requester, SCHOOL, 2024)


def test_school_user_sees_own_school_and_exports_it(folder: Path, tmp_path: Path) -> None:
    head = Requester("head@school.example", "school", frozenset({SCHOOL}), can_see_pupils=True)
    listing = vulnerable.school_list(folder, head, SCHOOL, 2024)
    path = vulnerable.export_csv(listing, tmp_path / "out.csv")
    lines = path.read_text().splitlines()
    assert lines[0].startswith("pupil_id,urn,priority,reasons")
    assert len(lines) == 1 + len(listing.pupils)
    with pytest.raises(AccessDenied):
        vulnerable.la_counts(folder, head, "882", 2024)


def test_the_counts_command_prints_only_suppressed_counts(folder: Path) -> None:
    from typer.testing import CliRunner

    from attain.cli.app import app

    result = CliRunner().invoke(app, ["pupils", "counts", "--la", "882", "--year", "2024",
                                      "--data-dir", str(folder)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    # the fixture: 7 of 9 pupils flagged; 2 not flagged is below 3, so `any` is hidden
    # under the default rule (denominator 6, count 3), and so is the single looked-after
    any_row = next(line for line in result.output.splitlines() if "│ any " in line)
    assert "suppressed (small_count)" in any_row and "7" not in any_row.split("│")[5]
