"""Charts as Vega-Lite (the spec Altair builds), rendered to SVG or PNG by vl-convert, in
one colour-blind-safe palette.

The palette is Okabe & Ito's (2008), safe for the common colour-vision deficiencies; lines
also differ by point shape, so colour is never the only cue. Every chart carries alt text
and is shown beside the table that holds its numbers.
"""

from __future__ import annotations

import base64
from enum import StrEnum
from functools import lru_cache
from typing import Any

from attain.reports.model import Chart

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000")
SHAPES = ("circle", "square", "triangle-up", "diamond", "cross", "triangle-down", "stroke")


class ImageFormat(StrEnum):
    SVG = "svg"
    PNG = "png"


VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.4.1.json"


def spec(chart: Chart) -> dict[str, Any]:
    """The Vega-Lite spec of a year-by-year line chart, one line per area.

    Written as a plain dict, the same one Altair would build (tests/unit/reports/
    test_charts.py checks), because importing Altair costs more than a second per report.
    """
    names = [s.name for s in chart.series]
    values = [{"year": str(year), "area": s.name, "value": value}
              for s in chart.series for year, value in s.points]

    def by_area(scale_range: tuple[str, ...]) -> dict[str, Any]:
        return {"field": "area", "scale": {"domain": names,
                                           "range": list(scale_range[:len(names)])},
                "title": None, "type": "nominal"}

    return {
        "config": {"view": {"continuousWidth": 300, "continuousHeight": 300}},
        "data": {"values": values},
        "mark": {"type": "line", "point": {"size": 60}},
        "description": chart.alt_text,
        "encoding": {
            "color": by_area(PALETTE),
            "shape": by_area(SHAPES),
            "x": {"axis": {"labelAngle": 0}, "field": "year",
                  "title": "Academic year ending", "type": "ordinal"},
            "y": {"field": "value", "scale": {"zero": False}, "title": chart.y_label,
                  "type": "quantitative"},
        },
        "height": 220, "title": chart.title, "width": 420, "$schema": VEGA_LITE_SCHEMA,
    }


def render(chart: Chart, fmt: ImageFormat) -> bytes:
    """The chart's image: from the chart process when it was sent there, else drawn here."""
    from attain.reports import chart_process

    found = chart_process.take(chart, fmt)
    return found if found is not None else draw_here(chart, fmt)


@lru_cache(maxsize=64)
def draw_here(chart: Chart, fmt: ImageFormat) -> bytes:
    from attain.reports.chart_worker import draw

    return draw(spec(chart), fmt.value)


def data_uri(chart: Chart, fmt: ImageFormat) -> str:
    mime = "image/svg+xml" if fmt is ImageFormat.SVG else "image/png"
    return f"data:{mime};base64,{base64.b64encode(render(chart, fmt)).decode('ascii')}"
