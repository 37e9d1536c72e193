"""KS2 floor standards 2010-2015 on hand-worked cube rows (definitions/frameworks).

Thresholds, each from the framework's source:
- 2010-2012: < 60% level 4+ English and maths AND expected progress in English AND maths
  below the national medians: 2012 English 92%, maths 90% ([S] ITV News / PA, 13 Dec 2012);
  2010 and 2011 English 87%, maths 86% ([S] NAHT floor standards advice, year not stated).
- 2013: < 60% level 4+ RWM AND expected progress below the medians reading 91%, writing 95%,
  maths 92% (DfE "Headline performance measures and floor standards 2013-2016").
- 2014: < 65% AND below 94 / 96 / 93; 2015: < 65% AND below 94 / 97 / 93 (SI 2017/9 reg. 4
  table 1; LG Inform 4292 quoting DfE).
- Fewer than 11 pupils: not applied.
Every school below sits just under a threshold, every school above sits exactly on one.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
from risk_fixtures import builtin, facts, row
from typer.testing import CliRunner

from attain.cli.app import app
from attain.domain.risk import INSUFFICIENT_DATA, ReasonKind
from attain.risk.evaluate import categorise
from attain.services.compute import results_warehouse
from attain.store.warehouse import Warehouse

COHORT = 30.0
# The pupil-level national figures 2011, English 83%, maths 82% (SFR23/2011, reference §3a
# [C]): in the cube's comparisons, and not what the floor compares with (the medians).
NATIONAL_2011 = {"ks2_2lp_eng": 83.0, "ks2_2lp_maths": 82.0}


def levels_era(year: int, rwm: float | None, read: float | None, writ: float | None,
               maths: float | None, *, cohort: float = COHORT,
               suppressed: str | None = None) -> list[dict[str, object]]:
    return [row("ks2_l4_rwm", year, rwm, denominator=cohort),
            row("ks2_2lp_read", year, read, suppressed=suppressed),
            row("ks2_2lp_writ", year, writ),
            row("ks2_2lp_maths", year, maths)]


def category(framework_id: str, year: int, rows: list[dict[str, object]]) -> str:
    return categorise(builtin()[framework_id], 1, year, facts(*rows)).category


FLOOR_2013_2015 = "england_floor_ks2_2013_2015"

# year, RWM, reading, writing, maths progress -> category (worked by hand)
PICTURE = [
    (2013, 59.9, 90.9, 94.9, 91.9, "below_floor"),   # all four just below
    (2013, 60.0, 90.9, 94.9, 91.9, "above_floor"),   # attainment on the 60% floor
    (2013, 50.0, 91.0, 90.0, 90.0, "above_floor"),   # reading on its 91% median
    (2013, 50.0, 80.0, 95.0, 80.0, "above_floor"),   # writing on its 95% median
    (2013, 50.0, 80.0, 80.0, 92.0, "above_floor"),   # maths on its 92% median
    (2013, 62.0, 93.9, 95.9, 92.9, "above_floor"),   # 62% is not below 60% in 2013 ...
    (2014, 62.0, 93.9, 95.9, 92.9, "below_floor"),   # ... but is below 65% in 2014
    (2014, 64.9, 94.0, 80.0, 80.0, "above_floor"),   # reading on the 2014 median 94%
    (2014, 64.9, 93.9, 96.0, 80.0, "above_floor"),   # writing on the 2014 median 96%
    (2015, 64.9, 93.9, 96.5, 92.9, "below_floor"),   # writing 96.5 < 97 (2015) ...
    (2014, 64.9, 93.9, 96.5, 92.9, "above_floor"),   # ... but not < 96 (2014)
    (2015, 65.0, 80.0, 80.0, 80.0, "above_floor"),   # on the 65% floor
    (2015, 64.9, 93.9, 96.9, 93.0, "above_floor"),   # maths on the 2015 median 93%
]


def test_each_year_uses_its_own_thresholds() -> None:
    got = [category(FLOOR_2013_2015, y, levels_era(y, rwm, r, w, m))
           for y, rwm, r, w, m, _ in PICTURE]
    assert got == [expected for *_, expected in PICTURE]


def test_below_floor_reasons_carry_every_number() -> None:
    result = categorise(builtin()[FLOOR_2013_2015], 1, 2014,
                        facts(*levels_era(2014, 62.0, 93.9, 95.9, 92.9)))
    assert result.label == "Below the floor standard"
    assert [r.text for r in result.reasons] == [
        "KS2 level 4+ reading, writing and maths 62.0% is below the 65% floor standard (2014)",
        "KS2 expected progress in reading 93.9% is below the 94% national median (2014)",
        "KS2 expected progress in writing 95.9% is below the 96% national median (2014)",
        "KS2 expected progress in maths 92.9% is below the 93% national median (2014)",
    ]


def test_small_cohort_is_not_assessed() -> None:
    rows = levels_era(2013, 40.0, 50.0, 50.0, 50.0, cohort=10.0)
    result = categorise(builtin()[FLOOR_2013_2015], 1, 2013, facts(*rows))
    assert result.category == "not_applied"
    assert result.reasons[0].text == \
        "KS2 cohort 10 pupils is below the minimum of 11 (2013)"
    assert category(FLOOR_2013_2015, 2013,
                    levels_era(2013, 40.0, 50.0, 50.0, 50.0, cohort=11.0)) == "below_floor"


def test_suppressed_progress_is_insufficient_unless_another_test_decides() -> None:
    unknown = levels_era(2013, 50.0, None, 80.0, 80.0, suppressed="small_denominator")
    result = categorise(builtin()[FLOOR_2013_2015], 1, 2013, facts(*unknown))
    assert result.category == INSUFFICIENT_DATA
    assert any(r.kind is ReasonKind.INSUFFICIENT and "suppressed" in r.text
               for r in result.reasons)
    # writing progress at its median decides "above" whatever reading was
    decided = levels_era(2013, 50.0, None, 95.0, 80.0, suppressed="small_denominator")
    assert category(FLOOR_2013_2015, 2013, decided) == "above_floor"


def test_2016_is_outside_the_levels_era_framework() -> None:
    framework = builtin()[FLOOR_2013_2015]
    assert [y for y in range(2012, 2017) if framework.applies_to(y)] == [2013, 2014, 2015]


FLOOR_2010_2012 = "england_floor_ks2_2010_2012"


def english_and_maths(year: int, em: float, eng: float, maths: float,
                      cohort: float = COHORT) -> list[dict[str, object]]:
    return [row("ks2_l4_eng_maths", year, em, denominator=cohort),
            row("ks2_2lp_eng", year, eng, national_value=NATIONAL_2011["ks2_2lp_eng"]),
            row("ks2_2lp_maths", year, maths, national_value=NATIONAL_2011["ks2_2lp_maths"])]


# year, L4+ E&M, English progress, maths progress -> category (worked by hand)
PICTURE_2010_2012 = [
    (2011, 59.9, 86.9, 85.9, "below_floor"),    # all three just below
    (2011, 60.0, 86.9, 85.9, "above_floor"),    # attainment on the 60% floor
    (2011, 40.0, 87.0, 50.0, "above_floor"),    # English on its 87% median
    (2011, 40.0, 50.0, 86.0, "above_floor"),    # maths on its 86% median
    (2011, 40.0, 84.0, 83.0, "below_floor"),    # above the national 83/82, below the medians
    (2010, 59.9, 86.9, 85.9, "below_floor"),
    (2012, 59.9, 91.9, 89.9, "below_floor"),    # below the 2012 medians 92 / 90 ...
    (2011, 59.9, 91.9, 89.9, "above_floor"),    # ... which are above the 2011 87 / 86
    (2012, 59.9, 92.0, 80.0, "above_floor"),    # English on the 2012 median 92%
    (2012, 59.9, 80.0, 90.0, "above_floor"),    # maths on the 2012 median 90%
]


def test_2010_2012_english_and_maths_floor_against_the_medians() -> None:
    got = [category(FLOOR_2010_2012, y, english_and_maths(y, em, eng, maths))
           for y, em, eng, maths, _ in PICTURE_2010_2012]
    assert got == [expected for *_, expected in PICTURE_2010_2012]
    assert category(FLOOR_2010_2012, 2011, english_and_maths(2011, 40.0, 50.0, 50.0, 10.0)) \
        == "not_applied"


def test_2012_reasons_name_the_medians() -> None:
    result = categorise(builtin()[FLOOR_2010_2012], 1, 2012,
                        facts(*english_and_maths(2012, 55.0, 88.0, 89.9)))
    assert [r.text for r in result.reasons] == [
        "KS2 level 4+ English and maths 55.0% is below the 60% floor standard (2012)",
        "KS2 expected progress in English 88.0% is below the 92% national median (2012)",
        "KS2 expected progress in maths 89.9% is below the 90% national median (2012)",
    ]


def test_categorise_command_on_a_cube_with_two_primaries(tmp_path: Path) -> None:
    # LA 882, 2014: 400 below (62% RWM, progress under 94/96/93), 401 on the 65% floor.
    Warehouse(tmp_path / "warehouse").write("schools", pa.table({
        "urn": [400, 401], "la_code": ["882"] * 2, "name": ["A Primary", "B Primary"],
        "phase": ["primary"] * 2, "country": ["E"] * 2}))
    cube = [("ks2_l4_rwm", 400, 62.0), ("ks2_2lp_read", 400, 90.0),
            ("ks2_2lp_writ", 400, 90.0), ("ks2_2lp_maths", 400, 90.0),
            ("ks2_l4_rwm", 401, 65.0), ("ks2_2lp_read", 401, 90.0),
            ("ks2_2lp_writ", 401, 90.0), ("ks2_2lp_maths", 401, 90.0)]
    keys = {"measure_id": [c[0] for c in cube], "year": [2014] * len(cube),
            "level": ["school"] * len(cube), "area_code": [str(c[1]) for c in cube],
            "group_id": ["all"] * len(cube)}
    results_warehouse(tmp_path).write("results", pa.table({
        **keys, "value": [c[2] for c in cube], "denominator": [30.0] * len(cube)}))
    results_warehouse(tmp_path).write("comparisons", pa.table(keys))
    result = CliRunner().invoke(app, ["risk", "categorise", "--la", "882", "--year", "2014",
                                      "--framework", FLOOR_2013_2015,
                                      "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "400 A Primary [england_floor_ks2_2013_2015]: Below the floor standard" \
        in result.output
    assert "- KS2 level 4+ reading, writing and maths 65.0% is not below the 65% floor " \
        "standard (2014)" in result.output
    assert "Summary: Above the floor standard: 1; Below the floor standard: 1" in result.output
