from __future__ import annotations

from attain.web import tables as t


def test_figure_symbols_and_rounding() -> None:
    assert t.figure(65.04, 1) == "65.0"
    assert t.figure(1234.4, 0) == "1,234"
    assert t.figure("c") == "c"
    assert t.figure(None) == "x"
    assert t.signed(2.0) == "+2.0"
    assert t.signed(-2.0) == "-2.0"


def test_interval_hides_suppressed_rows() -> None:
    row = {"suppressed": "small_denominator", "ci_low": "c", "ci_high": "c"}
    assert t.interval(row, 1) == "c"
    assert t.interval({"suppressed": None, "ci_low": 1.25, "ci_high": 2.0}, 1) == "1.2 to 2.0"


def test_line_chart_points_worked_by_hand() -> None:
    # 240×60 with 4 padding: inner 232×52. Years 2018..2020 -> x 4, 120, 236;
    # values 62, 65, 63.5 over 62..65 -> y 56, 4, 30.
    chart = t.line_chart("label", [(2018, 62.0), (2019, 65.0), (2020, 63.5)])
    assert chart is not None
    assert chart.points == "4.0,56.0 120.0,4.0 236.0,30.0"


def test_line_chart_needs_two_known_values() -> None:
    assert t.line_chart("label", [(2018, 62.0), (2019, None)]) is None


def test_table_right_aligns_numeric_columns_only() -> None:
    params = t.table("c", ["Name", "Value"], [[t.text_cell("a"), t.number_cell("1")]])
    assert params["head"] == [{"text": "Name"}, {"text": "Value", "format": "numeric"}]


def test_link_cell_escapes_text() -> None:
    assert t.link_cell("<b>", "/x?a=1&b=2")["html"] == (
        '<a class="govuk-link" href="/x?a=1&amp;b=2">&lt;b&gt;</a>')
