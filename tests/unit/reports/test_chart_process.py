"""Charts drawn in the chart process are the charts drawn in-process, and a dead process
never loses a chart."""

from __future__ import annotations

from tests.unit.reports.test_charts import CHART

from attain.reports import chart_process
from attain.reports.charts import ImageFormat, draw_here, render
from attain.reports.model import Chart


def renamed(title: str) -> Chart:
    return Chart(title, CHART.y_label, CHART.series, CHART.alt_text, CHART.table_caption)


def test_the_process_draws_the_same_svg_as_this_process() -> None:
    chart = renamed("Drawn in the chart process")
    chart_process.start()
    chart_process.send([chart], ImageFormat.SVG)
    drawn = chart_process.take(chart, ImageFormat.SVG)
    assert drawn is not None and drawn == draw_here(chart, ImageFormat.SVG)
    assert chart_process.take(chart, ImageFormat.SVG) is None  # each image is taken once


def test_a_dead_process_falls_back_to_drawing_here() -> None:
    chart_process.start()
    process = chart_process._process  # noqa: SLF001 - kill it as a crash would
    assert process is not None
    process.kill()
    process.wait()
    chart = renamed("After the chart process died")
    chart_process.send([chart], ImageFormat.PNG)
    assert chart_process.take(chart, ImageFormat.PNG) is None
    assert render(chart, ImageFormat.PNG)[:8] == b"\x89PNG\r\n\x1a\n"
    chart_process.start()  # a new process replaces the dead one
    again = renamed("After a restart")
    chart_process.send([again], ImageFormat.SVG)
    assert chart_process.take(again, ImageFormat.SVG) == draw_here(again, ImageFormat.SVG)
