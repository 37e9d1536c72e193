"""Chart specs: the hand-written Vega-Lite dict is the one Altair builds, and renders."""

from __future__ import annotations

from typing import Any

from attain.reports.charts import PALETTE, SHAPES, ImageFormat, render, spec
from attain.reports.model import Chart, ChartSeries

CHART = Chart("KS2 RWM", "Per cent", (
    ChartSeries("Southend-on-Sea", ((2017, 58.0), (2018, 61.5), (2019, 62.1))),
    ChartSeries("Statistical neighbours", ((2019, 60.0),)),
    ChartSeries("England", ())), "Line chart of KS2 RWM.", "Key Stage 2 table")


def altair_spec(chart: Chart) -> dict[str, Any]:
    """The spec as attain built it with Altair before (the reference)."""
    import altair as alt

    names = [s.name for s in chart.series]
    values = [{"year": str(year), "area": s.name, "value": value}
              for s in chart.series for year, value in s.points]
    line = alt.Chart(alt.Data(values=values), title=chart.title).mark_line(
        point=alt.OverlayMarkDef(size=60))
    return line.encode(  # type: ignore[no-any-return]
        x=alt.X("year:O", title="Academic year ending", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title=chart.y_label, scale=alt.Scale(zero=False)),
        color=alt.Color("area:N", scale=alt.Scale(domain=names,
                                                  range=list(PALETTE[:len(names)])), title=None),
        shape=alt.Shape("area:N", scale=alt.Scale(domain=names,
                                                  range=list(SHAPES[:len(names)])), title=None),
    ).properties(width=420, height=220, description=chart.alt_text).to_dict()


def test_hand_written_spec_equals_altairs() -> None:
    ours, theirs = spec(CHART), altair_spec(CHART)
    assert {k: v for k, v in ours.items() if k != "$schema"} == \
        {k: v for k, v in theirs.items() if k != "$schema"}
    assert ours["$schema"].startswith("https://vega.github.io/schema/vega-lite/v")


def test_renders_svg_and_png() -> None:
    svg = render(CHART, ImageFormat.SVG).decode("utf-8")
    assert svg.startswith("<svg") and "Southend-on-Sea" in svg
    assert render(CHART, ImageFormat.PNG)[:8] == b"\x89PNG\r\n\x1a\n"
