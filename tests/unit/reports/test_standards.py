"""The standards report's context builder on hand-made cube rows (no files)."""

from __future__ import annotations

from attain.reports.cube import Area, CubeView, MeasureInfo, row_cell
from attain.reports.model import NO_DATA, SUPPRESSED_SYMBOL, CubeRow, Report
from attain.reports.sections import Scope
from attain.reports.standards import build_standards
from attain.reports.wording import Unit

LA = Area("la", "882", "Southend-on-Sea")
ENGLAND = Area("national", "E92000001", "England")
SN = Area("group_of_las", "SN882", "Statistical neighbours")
PHONICS = MeasureInfo("phonics_y1_expected", "Year 1 phonics", Unit("percent", 0))
KS2 = MeasureInfo("ks2_rwm_expected", "KS2 RWM expected", Unit("percent", 0))
MEASURES = {m.id: m for m in (PHONICS, KS2)}


def row(measure: str, year: int, area: Area, value: float | None, group: str = "all",
        suppressed: str | None = None) -> CubeRow:
    return CubeRow(measure, year, area.level, area.code, group, value, 30.0, suppressed)


def scope(years: tuple[int, ...] = (2011, 2012)) -> Scope:
    return Scope(LA, ENGLAND, SN, years[-1], years)


def report(rows: list[CubeRow]) -> Report:
    return build_standards(CubeView(rows, MEASURES), scope())


def section(built: Report, key: str):  # type: ignore[no-untyped-def]
    return next(s for s in built.sections if s.key == key)


def test_seed_004_phonics_headline() -> None:
    # Seed 004: 2012 phonics, Southend 52% against 58% nationally.
    built = report([row("phonics_y1_expected", 2012, LA, 52.0),
                    row("phonics_y1_expected", 2012, ENGLAND, 58.0)])
    assert section(built, "headlines").sentences == (
        "Year 1 phonics: 52% compared with 58% nationally (6 percentage points below "
        "national).",)


def test_sections_follow_seed_004_order_and_skip_absent_stages() -> None:
    built = report([row("phonics_y1_expected", 2012, LA, 52.0),
                    row("ks2_rwm_expected", 2012, LA, 76.0)])
    assert [s.key for s in built.sections] == [
        "headlines", "phonics", "ks2", "groups", "ofsted", "floor"]


def test_missing_year_shows_no_data_never_zero() -> None:
    built = report([row("ks2_rwm_expected", 2012, LA, 76.0)])
    table = section(built, "ks2").tables[0]
    la_row = next(r for r in table.rows if r[1].text == LA.name)
    assert [c.text for c in la_row[2:]] == [NO_DATA, "76"]
    england_row = next(r for r in table.rows if r[1].text == ENGLAND.name)
    assert [c.text for c in england_row[2:]] == [NO_DATA, NO_DATA]


def test_suppressed_value_is_never_shown() -> None:
    # Seed 004's LAC table: "*Data suppressed ... cohort is less than 3".
    rows = [row("ks2_rwm_expected", 2012, LA, 76.0),
            row("ks2_rwm_expected", 2012, LA, 33.3, group="lac",
                suppressed="small_denominator")]
    built = report(rows)
    lac = next(t for t in section(built, "groups").tables if t.sheet == "LAC")
    texts = [c.text for r in lac.rows for c in r]
    assert SUPPRESSED_SYMBOL in texts
    assert not any("33" in t for t in texts)
    assert any("too small" in note for note in built.footnotes)


def test_gap_sentence_narrowed() -> None:
    # Seed 004 KS1 reading L2b+ (FSM vs all as stand-ins): 2011 58.7 vs 75.3, 2012 60.1
    # vs 75.7. At 1 dp the gap narrowed 16.6 -> 15.6, but this measure shows 0 dp:
    # 59 vs 75 = 16 and 60 vs 76 = 16, so the shown gap stayed the same.
    rows = [row("ks2_rwm_expected", y, LA, v, group=g) for y, g, v in (
        (2011, "all", 70.0), (2012, "all", 71.0),
        (2011, "fsm", 58.7), (2011, "non_fsm", 75.3),
        (2012, "fsm", 60.1), (2012, "non_fsm", 75.7))]
    sentences = section(report(rows), "groups").sentences
    assert ("KS2 RWM expected: FSM pupils were 16 percentage points below non-FSM pupils; "
            "the gap stayed the same as in 2011.") in sentences


def test_chart_alt_text_names_every_line() -> None:
    rows = [row("ks2_rwm_expected", 2011, LA, 74.0), row("ks2_rwm_expected", 2012, LA, 76.0),
            row("ks2_rwm_expected", 2012, ENGLAND, 75.0)]
    chart = section(report(rows), "ks2").charts[0]
    assert chart.alt_text.startswith("Line chart of KS2 RWM expected. Southend-on-Sea: 74% "
                                     "in 2011 to 76% in 2012. Statistical neighbours: no "
                                     "published figures. England: 75% in 2012.")


def test_row_cell_rules() -> None:
    unit = Unit("percent", 1)
    assert row_cell(None, unit).text == NO_DATA
    assert row_cell(row("x", 2012, LA, None), unit).text == NO_DATA
    assert row_cell(row("x", 2012, LA, 0.0), unit).text == "0.0"
    hidden = row_cell(row("x", 2012, LA, 12.5, suppressed="complementary"), unit)
    assert (hidden.text, hidden.value, hidden.note) == ("c", None, "complementary")
