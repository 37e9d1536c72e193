"""Bad definitions give an issue with file, line, rule and hint.

Each file in tests/measures/bad/ says in its first lines what it must produce:
`# expect: <rule> <line>` and optionally `# hint: <text the hint contains>`. A measure
file is added to a copy of the fixture catalogue; a file in bad/groups/ replaces its
groups.yaml.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from attain.cli.app import app
from attain.measures import load_catalogue

HERE = Path(__file__).parent
BAD = HERE / "bad"
FIXTURES = HERE.parent / "unit" / "measures" / "fixtures" / "definitions"
EXPECT = re.compile(r"^# expect: (?P<rule>[a-z-]+) (?P<line>\d+)$", re.M)
HINT = re.compile(r"^# hint: (?P<hint>.+)$", re.M)


def _expectation(path: Path) -> tuple[str, int, str]:
    text = path.read_text(encoding="utf-8")
    expect = EXPECT.search(text)
    assert expect, f"{path.name} has no '# expect: rule line' comment"
    hint = HINT.search(text)
    return expect["rule"], int(expect["line"]), hint["hint"] if hint else ""


def _definitions_with(bad: Path, tmp_path: Path) -> Path:
    root = tmp_path / "definitions"
    shutil.copytree(FIXTURES, root)
    if bad.parent.name == "groups":
        shutil.copy(bad, root / "groups.yaml")
    else:
        (root / "measures" / "bad").mkdir()
        shutil.copy(bad, root / "measures" / "bad" / bad.name)
    return root


BAD_FILES = sorted(BAD.glob("*.yaml")) + sorted((BAD / "groups").glob("*.yaml"))


@pytest.mark.parametrize("bad", BAD_FILES, ids=[p.name for p in BAD_FILES])
def test_bad_definition_reports_rule_file_line_and_hint(bad: Path, tmp_path: Path) -> None:
    rule, line, hint = _expectation(bad)
    catalogue = load_catalogue(_definitions_with(bad, tmp_path))
    file = "definitions/groups.yaml" if bad.parent.name == "groups" else \
        f"definitions/measures/bad/{bad.name}"
    matching = [i for i in catalogue.errors if i.rule == rule and i.file == file]
    assert matching, f"no {rule} error in {file}; got: {[str(i) for i in catalogue.issues]}"
    assert line in [i.line for i in matching], [str(i) for i in matching]
    assert any(hint in i.hint for i in matching), [i.hint for i in matching]
    # Replacing groups.yaml may leave the fixture gap measure's groups undefined.
    unrelated = [i for i in catalogue.errors if i.file != file and i.rule != rule
                 and not (bad.parent.name == "groups" and i.rule == "gap-reference")]
    assert not unrelated, [str(i) for i in unrelated]


def test_duplicate_id_names_both_files(tmp_path: Path) -> None:
    catalogue = load_catalogue(_definitions_with(BAD / "ks2_rwm_expected.yaml", tmp_path))
    messages = {i.file: i.message for i in catalogue.errors if i.rule == "duplicate-id"}
    assert "definitions/measures/ks2/ks2_rwm_expected.yaml:1" in \
        messages["definitions/measures/bad/ks2_rwm_expected.yaml"]
    assert "definitions/measures/bad/ks2_rwm_expected.yaml:3" in \
        messages["definitions/measures/ks2/ks2_rwm_expected.yaml"]


def test_fixture_catalogue_is_valid() -> None:
    assert load_catalogue(FIXTURES).errors == ()


def test_shipped_catalogue_is_valid() -> None:
    catalogue = load_catalogue()
    assert catalogue.errors == (), [str(i) for i in catalogue.errors]
    assert len(catalogue.measures) > 0 and catalogue.group("all").filter == "true"


def test_cli_validate_prints_issues_and_exits_1_on_errors(tmp_path: Path) -> None:
    root = _definitions_with(BAD / "unknown_column.yaml", tmp_path)
    result = CliRunner().invoke(app, ["measures", "validate", "--definitions", str(root)])
    assert result.exit_code == 1
    assert ("definitions/measures/bad/unknown_column.yaml:6: unknown-column: numerator: "
            "unknown column 'reed_scaled' in dataset ks2 (did you mean read_scaled") \
        in result.output


def test_cli_validate_exits_0_on_a_valid_catalogue() -> None:
    result = CliRunner().invoke(app, ["measures", "validate", "--definitions", str(FIXTURES)])
    assert result.exit_code == 0, result.output
    assert "0 error(s)" in result.output
