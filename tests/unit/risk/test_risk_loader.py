"""Invalid framework files are rejected with file:line, and nothing is evaluated."""

from __future__ import annotations

from pathlib import Path

import pytest
from risk_fixtures import builtin

from attain.risk.loader import load_file, load_frameworks

MEASURES = {"ks4_5ac_em", "ks4_p8"}
HEAD = "id: t\ntitle: T\nsource: S\n"


def load(tmp_path: Path, text: str) -> tuple[object, list[str]]:
    path = tmp_path / "mine.yaml"
    path.write_text(HEAD + text, encoding="utf-8")
    framework, issues = load_file(path, MEASURES)
    return framework, [str(i) for i in issues]


def test_builtin_frameworks_all_load() -> None:
    assert set(builtin()) >= {"england_floor_ks4_2010_2014", "england_floor_ks4_p8_2016_2018",
                              "england_floor_ks2_2016_2018", "southend_ilt_2012",
                              "wales_categorisation_2015_2017"}


def test_a_valid_la_file_loads(tmp_path: Path) -> None:
    framework, issues = load(tmp_path, """categories:
  - id: low
    label: Low
    when: {measure: ks4_p8, lt: -1}
  - {id: ok, label: OK, otherwise: true}
""")
    assert issues == [] and framework is not None


@pytest.mark.parametrize(("body", "expected"), [
    ("categories:\n  - id: low\n    label: Low\n    when: {measure: ks9_nope, lt: 1}\n"
     "  - {id: ok, label: OK, otherwise: true}\n",
     "mine.yaml:7: unknown-measure: unknown measure 'ks9_nope'"),
    ("categories:\n  - id: low\n    label: Low\n    when:\n      input: self_evaluation.teaching\n"
     "      eq: 5\n  - {id: ok, label: OK, otherwise: true}\n",
     "mine.yaml:9: impossible-grade: 5 is not a grade for self_evaluation.teaching"),
    ("categories:\n  - id: low\n    label: Low\n    when: {input: ofsted.overall, in: [0, 4]}\n"
     "  - {id: ok, label: OK, otherwise: true}\n",
     "mine.yaml:7: impossible-grade: 0 is not a grade for ofsted.overall"),
    ("categories:\n  - id: low\n    label: Low\n    when: {measure: ks4_p8, lt: -1}\n",
     "mine.yaml:5: incomplete: the last category must be otherwise: true"),
    ("categories:\n  - {id: ok, label: OK, otherwise: true}\n  - id: low\n    label: Low\n"
     "    when: {measure: ks4_p8, lt: -1}\n",
     "mine.yaml:5: overlapping: otherwise category 'ok' must be last"),
    ("categories:\n  - id: a\n    label: A\n    when: {measure: ks4_p8, lt: -1}\n"
     "  - id: a\n    label: A again\n    when: {measure: ks4_p8, lt: 0}\n"
     "  - {id: ok, label: OK, otherwise: true}\n",
     "mine.yaml:8: overlapping: category 'a' is listed twice"),
    ("categories:\n  - id: low\n    label: Low\n    when: {measure: ks4_p8, below: -1}\n"
     "  - {id: ok, label: OK, otherwise: true}\n",
     "mine.yaml:7: unknown-key: unknown key 'below' in a test"),
    ("categories:\n  - id: low\n    label: Low\n    when: {measure: ks4_p8, lt: -1, year: 1}\n"
     "  - {id: ok, label: OK, otherwise: true}\n",
     "mine.yaml:7: year: year: 1 must be 0 or negative"),
    ("categories:\n  - id: low\n    label: Low\n    when: {input: ofsted.mood, eq: 1}\n"
     "  - {id: ok, label: OK, otherwise: true}\n",
     "mine.yaml:7: unknown-input: unknown input 'ofsted.mood'"),
    ("categories:\n  - {id: g, label: G}\n  - {id: r, label: R}\nmatrix:\n"
     "  rows: {input: wales.standards_group, values: [1, 2]}\n"
     "  columns: {input: wales.improvement_capacity, values: [A, B]}\n"
     "  cells:\n    1: {A: g, B: r}\n    2: {A: g}\n",
     "mine.yaml:12: incomplete: matrix cell 2B is missing"),
    ("categories:\n  - {id: g, label: G}\nmatrix:\n"
     "  rows: {input: wales.standards_group, values: [1]}\n"
     "  columns: {input: wales.improvement_capacity, values: [A]}\n"
     "  cells:\n    1: {A: green}\n",
     "mine.yaml:10: unknown-category: matrix cell 1A: unknown category 'green'"),
    ("categories:\n  - {id: g, label: G}\nmatrix:\n"
     "  rows: {input: wales.standards_group, values: [1]}\n"
     "  columns: {input: wales.improvement_capacity, values: [A]}\n"
     "  cells:\n    1: {A: g, A: g}\n",
     "mine.yaml:10: yaml-syntax"),
])
def test_invalid_file_is_rejected_with_file_and_line(tmp_path: Path, body: str,
                                                     expected: str) -> None:
    framework, issues = load(tmp_path, body)
    assert framework is None
    assert any(i.startswith(expected) for i in issues), issues


def test_an_la_folder_adds_its_framework_and_a_clash_is_an_issue(tmp_path: Path) -> None:
    (tmp_path / "ours.yaml").write_text(
        "id: southend_ilt_2012\ntitle: T\nsource: S\ncategories:\n"
        "  - {id: ok, label: OK, otherwise: true}\n"
        , encoding="utf-8")
    (tmp_path / "extra.yaml").write_text(
        "id: our_own\ntitle: T\nsource: S\ncategories:\n  - {id: ok, label: OK, otherwise: true}\n",
        encoding="utf-8")
    from attain.risk.loader import FRAMEWORKS
    found, issues = load_frameworks((FRAMEWORKS, tmp_path))
    assert "our_own" in found
    assert [i.rule for i in issues] == ["duplicate-framework"]
