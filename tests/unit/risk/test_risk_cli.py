"""`attain risk` and `attain review` from the command line, on a hand-made data folder."""

from __future__ import annotations

from pathlib import Path

from risk_fixtures import data_folder
from typer.testing import CliRunner

from attain.cli.app import app

runner = CliRunner()


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_categorise_prints_category_and_every_reason(tmp_path: Path) -> None:
    folder = str(data_folder(tmp_path))
    out = run("risk", "categorise", "--la", "882", "--year", "2012", "--framework",
              "england_floor_ks4_2010_2014", "--data-dir", folder)
    assert "300 A High [england_floor_ks4_2010_2014]: Below the floor standard" in out
    assert "+ KS4 5+A*-C EM 36.2% is below the 40% floor standard (2012)" in out
    assert "+ KS4 expected progress in maths 55.0% is below the national 68.0% (2012)" in out
    assert "- KS4 5+A*-C EM 40.0% is not below the 40% floor standard (2012)" in out
    assert "Summary: Above the floor standard: 1; Below the floor standard: 1" in out


def test_frameworks_lists_the_builtins(tmp_path: Path) -> None:
    out = run("risk", "frameworks", "--data-dir", str(tmp_path))
    assert "wales_categorisation_2015_2017  (2015-2017, W)" in out


def test_decide_and_explain_keep_history(tmp_path: Path) -> None:
    folder = str(data_folder(tmp_path))
    run("db", "upgrade", "--data-dir", folder)
    common = ("--la", "882", "--year", "2012", "--framework", "england_floor_ks4_2010_2014",
              "--data-dir", folder)
    result = runner.invoke(app, ["risk", "decide", "300", "--category", "above_floor",
                                 *common])
    assert result.exit_code != 0 and "needs a reason" in result.output
    run("risk", "decide", "300", "--category", "above_floor", "--note", "appeal upheld",
        "--stage", "appeal", "--user", "head@school", *common)
    out = run("risk", "explain", "300", "--year", "2012", "--data-dir", folder)
    assert "2012 appeal: above_floor by head@school" in out and "(appeal upheld)" in out


def test_review_schedule_save_record_and_due(tmp_path: Path) -> None:
    folder = str(data_folder(tmp_path))
    run("db", "upgrade", "--data-dir", folder)
    out = run("review", "schedule", "--la", "882", "--year", "2013", "--framework",
              "southend_ilt_2012", "--save", "--data-dir", folder)
    # no self-evaluations: every school is insufficient data, so seen at every visit;
    # 302 opened in January: no SV1.
    assert "SV1  01 Oct 2012 - 30 Nov 2012  300" in out
    assert "SV1  01 Oct 2012 - 30 Nov 2012  302" not in out
    assert "Saved 8 new visits." in out
    run("review", "record", "300", "--year", "2013", "--visit", "SV1", "--date",
        "2012-10-20", "--officer", "SSP Smith", "--data-dir", folder)
    due = run("review", "due", "--year", "2013", "--today", "2012-12-10", "--data-dir", folder)
    assert "overdue   SV1 301" in due and "SV1 300" not in due
    assert "1 visits listed." in due


def test_an_agreed_category_names_its_moderation_meeting(tmp_path: Path) -> None:
    folder = str(data_folder(tmp_path))
    run("db", "upgrade", "--data-dir", folder)
    common = ("--la", "882", "--year", "2012", "--framework", "england_floor_ks4_2010_2014",
              "--data-dir", folder)
    refused = runner.invoke(app, ["risk", "decide", "300", "--meeting", "1", *common])
    assert refused.exit_code != 0 and "meeting 1 of 2012 is not recorded" in refused.output
    run("review", "meeting", "1", "--year", "2012", "--date", "2011-09-14", "--data-dir", folder)
    run("risk", "decide", "300", "--meeting", "1", "--signed-off-by", "Chair of the SRG",
        *common)
    out = run("risk", "explain", "300", "--year", "2012", "--data-dir", folder)
    assert "2012 agreed: below_floor by Chair of the SRG" in out
    assert "agreed at" in out and "14 September 2011" in out


def test_recording_the_same_characteristic_twice_saves_nothing_the_second_time(
        tmp_path: Path) -> None:
    folder = str(data_folder(tmp_path))
    run("db", "upgrade", "--data-dir", folder)
    args = ("risk", "characteristic", "300", "new_head", "--year", "2013", "--data-dir", folder)
    assert "Recorded new_head present for 300 in 2013." in run(*args)
    assert "new_head is already recorded present for 300 in 2013: nothing was saved." in run(
        *args)
    grades = ("risk", "self-evaluation", "300", "--year", "2013", "--term", "autumn",
              "--grades", "2,2,3,2,2", "--data-dir", folder)
    assert "Recorded the autumn 2013 self-evaluation of 300." in run(*grades)
    assert "No changes to the autumn 2013 self-evaluation of 300: nothing was saved." in run(
        *grades)
