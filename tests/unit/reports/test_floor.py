"""Floor standards (attain.reports.floor) on hand-worked schools."""

from __future__ import annotations

from attain.reports.floor import (
    SchoolFigures,
    below_primary_floor,
    below_secondary_floor,
    floor_section,
)


def primary(rwm: float, read: float, writ: float, maths: float) -> SchoolFigures:
    return SchoolFigures(1, {"ks2_rwm_expected": (rwm, None), "ks2_read_progress": (read, None),
                             "ks2_writ_progress": (writ, None),
                             "ks2_maths_progress": (maths, None)})


def test_primary_floor_needs_low_attainment_and_insufficient_progress() -> None:
    # DfE 2016-2019: below floor = under 65% RWM and progress below -5 (reading, maths)
    # or -7 (writing) in any subject.
    assert below_primary_floor(primary(60, -5.1, 0, 0)) is True
    assert below_primary_floor(primary(60, -5.0, -7.0, -5.0)) is False  # all sufficient
    assert below_primary_floor(primary(65, -9, -9, -9)) is False  # attainment at 65%
    assert below_primary_floor(primary(64.9, 0, -7.1, 0)) is True


def test_secondary_floor_needs_p8_below_minus_half_and_ci_below_zero() -> None:
    def school(p8: float, upper: float) -> SchoolFigures:
        return SchoolFigures(2, {"ks4_p8": (p8, upper)})

    assert below_secondary_floor(school(-0.6, -0.1)) is True
    assert below_secondary_floor(school(-0.6, 0.05)) is False  # not significantly below
    assert below_secondary_floor(school(-0.5, -0.2)) is False


def test_suppressed_figures_are_not_assessed_and_counted_apart() -> None:
    partial = SchoolFigures(3, {"ks2_rwm_expected": (50.0, None)})
    assert below_primary_floor(partial) is None
    section = floor_section([primary(60, -6, 0, 0), primary(80, 0, 0, 0), partial], [], 2019)
    assert [c.text for c in section.tables[0].rows[0]] == ["Primary", "1", "1", "1"]
    assert section.sentences == (
        "In 2019, 1 primary school was below the floor standard (of 2 assessed).",)


def test_years_without_a_floor_definition_say_no_data() -> None:
    section = floor_section([], [], 2023)
    assert section.tables == () and "no data for 2023" in section.notes[0]
