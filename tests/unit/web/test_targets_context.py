"""The challenge list and LA targets as the page shows them, worked by hand."""

from __future__ import annotations

from attain.targets.challenge import Estimate, challenge_list, la_target
from attain.targets.records import RowError, Target
from attain.web import targets_context as tc

M = "ks2_rwm_expected"
TITLES = {M: "KS2 RWM expected"}
NAMES = {100001: "Alpha", 100002: "Beta"}
# Alpha: target 60 against an estimate of 65 (58 to 72) from 30 pupils: 5.0 short, inside
# the range. Beta: target 70 against 78 (72 to 84) from 60 pupils: 8.0 short, below the
# range. Gamma's 80 is above its estimate of 75: not challenged.
TARGETS = [Target(100001, M, 2020, 60.0), Target(100002, M, 2020, 70.0),
           Target(100003, M, 2020, 80.0)]
ESTIMATES = {(100001, M): Estimate(65.0, 58.0, 72.0, 30),
             (100002, M): Estimate(78.0, 72.0, 84.0, 60),
             (100003, M): Estimate(75.0, 70.0, 80.0, 10)}
LAST_YEAR = {(100001, M): 60.0}


def _texts(table: dict[str, object]) -> list[list[str]]:
    return [[cell["text"] for cell in row] for row in table["rows"]]  # type: ignore[attr-defined]


def test_challenge_rows_show_the_numbers_largest_shortfall_first() -> None:
    rows = challenge_list(TARGETS, ESTIMATES, LAST_YEAR)
    table = tc.challenge_table(rows, NAMES, TITLES, 2020)
    assert _texts(table) == [
        ["Beta (100002)", "KS2 RWM expected", "70.0", "78.0", "72.0 to 84.0", "x", "8.0", "Yes"],
        ["Alpha (100001)", "KS2 RWM expected", "60.0", "65.0", "58.0 to 72.0", "60.0", "5.0",
         "No"]]
    assert [h["text"] for h in table["head"]][5] == "Result 2019"  # type: ignore[index]


def test_la_target_is_beside_the_la_estimate() -> None:
    # Pupil-weighted: target (60*30 + 70*60 + 80*10) / 100 = 68.0;
    # estimate (65*30 + 78*60 + 75*10) / 100 = 73.8.
    found = la_target(TARGETS, ESTIMATES, M, 2020)
    assert found is not None
    table = tc.la_targets_table([found], TITLES, 2020)
    assert _texts(table) == [["KS2 RWM expected", "68.0", "73.8", "100", "3"]]


def test_row_errors_lead_with_their_count_and_cap_the_summary() -> None:
    errors = [RowError(n, "target", "missing value") for n in range(2, 2 + 25)]
    shown = tc.summary_errors(errors)
    assert shown[0] == "25 problems in the file: nothing was saved"
    assert shown[1] == "Row 2, column target: missing value"
    assert shown[-1] == "And 5 more problems: see the table below the forms"
    assert len(shown) == 1 + tc.ERRORS_IN_SUMMARY + 1
    assert len(tc.row_errors_table(errors)["rows"]) == 25
