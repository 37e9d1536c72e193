"""`attain plans ...` end to end on a SQLite app database in a temporary data folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from attain import settings
from attain.cli.app import app
from attain.services import plans as service

runner = CliRunner()
EXAMPLES = Path(__file__).parents[3] / "examples" / "plans"


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_import_show_update_progress_due_history_export(tmp_path: Path) -> None:
    folder = str(tmp_path)
    assert run("db", "upgrade", "-d", folder)[0] == 0
    code, out = run("plans", "import", str(EXAMPLES / "redditch-2012.yaml"), "-d", folder,
                    "--user", "ann@la.gov.uk")
    assert code == 0 and "3 priorities, 11 actions" in out
    code, out = run("plans", "show", "redditch-2012", "-d", folder)
    assert code == 0 and "1.1.1 (on_hold) [To be reviewed]" in out
    code, out = run("plans", "update", "redditch-2012", "1.3.1", "--version", "1",
                    "--status", "complete", "--note", "Flyer sent", "-d", folder,
                    "--user", "bob@la.gov.uk")
    assert code == 0 and "now version 2" in out
    code, out = run("plans", "update", "redditch-2012", "1.3.1", "--version", "1",
                    "--status", "in_progress", "-d", folder)
    assert code == 2 and "changed by someone else" in out and "Traceback" not in out
    code, out = run("plans", "progress", "redditch-2012", "--today", "2013-03-01", "-d", folder)
    # Of the four dated actions past their month on 1 March 2013, 1.3.1 is now complete.
    assert code == 0 and "overdue 3" in out and "on_hold 1" in out
    code, out = run("plans", "due", "--owner", "Worcester", "--today", "2013-02-10",
                    "-d", folder)
    assert code == 0 and "2.3.1" in out and "1.4.1" not in out
    code, out = run("plans", "history", "redditch-2012", "-d", folder)
    lines = out.strip().splitlines()
    assert code == 0 and len(lines) == 2 and "bob@la.gov.uk update plan_action" in lines[1]
    target = tmp_path / "out.yaml"
    code, _ = run("plans", "export", "redditch-2012", "--format", "yaml", "--out", str(target),
                  "-d", folder)
    assert code == 0 and "Flyer sent" in target.read_text(encoding="utf-8")


def test_bad_import_lists_problems_without_traceback(tmp_path: Path) -> None:
    folder = str(tmp_path)
    run("db", "upgrade", "-d", folder)
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitle: T\nstatus: maybe\npriorities:\n  - title: no ref\n",
                   encoding="utf-8")
    code, out = run("plans", "import", str(bad), "-d", folder)
    assert code == 2 and "Traceback" not in out
    assert "bad.yaml:3 column status: unknown status 'maybe'" in out
    assert "bad.yaml:5 column priorities.ref: 'ref' is required" in out
    assert service.list_plans(settings.database_url(tmp_path)) == []


def test_xlsx_export_delete_and_import_back(tmp_path: Path) -> None:
    folder = str(tmp_path)
    run("db", "upgrade", "-d", folder)
    run("plans", "import", str(EXAMPLES / "durham-2009.yaml"), "-d", folder)
    sheet = tmp_path / "durham.xlsx"
    assert run("plans", "export", "durham-2009", "--format", "xlsx", "--out", str(sheet),
               "-d", folder)[0] == 0
    before = service.get_plan(settings.database_url(tmp_path), "durham-2009")
    code, out = run("plans", "delete", "durham-2009", "-d", folder, "--user", "ann")
    assert code == 0 and service.list_plans(settings.database_url(tmp_path)) == []
    code, out = run("plans", "import", str(sheet), "-d", folder)
    assert code == 0 and "1 priorities, 8 actions" in out
    assert service.get_plan(settings.database_url(tmp_path), "durham-2009") == before
    history = run("plans", "history", "durham-2009", "-d", folder)[1]
    assert [line.split()[1:3] for line in history.strip().splitlines()] == [
        ["system", "create"], ["ann", "delete"], ["system", "create"]]


def test_review_and_email_without_smtp_settings(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    folder = str(tmp_path)
    run("db", "upgrade", "-d", folder)
    run("plans", "import", str(EXAMPLES / "redditch-2012.yaml"), "-d", folder)
    code, out = run("plans", "review", "redditch-2012", "--held-on", "2013-01-10",
                    "--objective", "1/1a", "--progress", "On hold pending Early Help",
                    "--next-review", "Spring term 2013", "-d", folder)
    assert code == 0 and "next review Spring term 2013" in out
    code, out = run("plans", "review", "redditch-2012", "--held-on", "2013-01-10",
                    "--objective", "1/7", "--progress", "x", "-d", folder)
    assert code == 2 and "unknown objective 1/7" in out
    monkeypatch.delenv("ATTAIN_SMTP_HOST", raising=False)
    code, out = run("plans", "due", "--email", "a@b.c", "-d", folder)
    assert code == 2 and "ATTAIN_SMTP_HOST" in out
