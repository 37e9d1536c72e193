"""Family averages as risk-rule inputs and operands: `family_value` and `diff_family`.

Hand-worked school: KS2 RWM expected 52.0%, its family average 60.0% (from the comparisons
table), so diff_family = 52.0 - 60.0 = -8.0 points.
"""

from __future__ import annotations

from pathlib import Path

from attain.domain.risk import INSUFFICIENT_DATA, Fact, Framework
from attain.risk.evaluate import categorise
from attain.risk.facts import MeasureLabel, measure_facts
from attain.risk.loader import load_frameworks

RWM = "ks2_rwm_expected"
LABELS = {RWM: MeasureLabel("KS2 RWM", "percent", 1)}
FRAMEWORK = """
id: family_check
title: Below its similar schools
source: hand-made test framework
categories:
  - id: well_below_family
    label: Well below its family
    when:
      all:
        - measure: ks2_rwm_expected
          lt: {field: family_value}
          reason: "{label} {value} is {difference} points {op} its family average {threshold}"
        - measure: ks2_rwm_expected
          field: diff_family
          le: -5
          reason: "{label} {value} is {op} {threshold}"
  - id: in_line
    label: In line with its family
    otherwise: true
"""


def _framework(tmp_path: Path) -> Framework:
    (tmp_path / "family_check.yaml").write_text(FRAMEWORK, encoding="utf-8")
    found, issues = load_frameworks((tmp_path,), measures={RWM})
    assert issues == []
    return found["family_check"]


def _facts(value: float | None, family: float | None, diff: float | None,
           suppressed: str | None = None) -> dict[str, Fact]:
    return measure_facts([{"measure_id": RWM, "year": 2024, "group_id": "all",
                           "value": value, "suppressed": suppressed,
                           "family_value": family, "diff_family": diff}], LABELS)


def test_below_family_average_fires_with_the_numbers(tmp_path: Path) -> None:
    result = categorise(_framework(tmp_path), 100001, 2024, _facts(52.0, 60.0, -8.0))
    assert result.category == "well_below_family"
    # 60.0 - 52.0 = 8.0 points; diff_family -8.0 <= -5.
    assert [r.text for r in result.reasons] == [
        "KS2 RWM 52.0% is 8.0 points below its family average 60.0%",
        "KS2 RWM difference from family average -8.0% is at or below -5%"]


def test_within_five_points_of_the_family_is_in_line(tmp_path: Path) -> None:
    # 57.0 - 60.0 = -3.0: below the family average but not by 5 points.
    result = categorise(_framework(tmp_path), 100001, 2024, _facts(57.0, 60.0, -3.0))
    assert result.category == "in_line"
    assert "KS2 RWM difference from family average -3.0% is above -5%" in \
        [r.text for r in result.reasons]


def test_suppressed_row_keeps_the_family_average_but_not_the_difference(
        tmp_path: Path) -> None:
    facts = _facts(None, 60.0, None, suppressed="small_count")
    assert facts[f"measure:{RWM}:family_value:all:2024"].value == 60.0
    assert facts[f"measure:{RWM}:diff_family:all:2024"].missing == "suppressed (small_count)"
    result = categorise(_framework(tmp_path), 100001, 2024, facts)
    assert result.category == INSUFFICIENT_DATA


def test_no_family_average_is_insufficient_data_not_a_pass(tmp_path: Path) -> None:
    result = categorise(_framework(tmp_path), 100001, 2024, _facts(52.0, None, None))
    assert result.category == INSUFFICIENT_DATA
    assert any("no family value to compare with" in r.text for r in result.reasons)
