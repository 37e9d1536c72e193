"""Charts with Altair, rendered to SVG or PNG by vl-convert, in one colour-blind-safe palette.

The palette is Okabe & Ito's (2008), safe for the common colour-vision deficiencies; lines
also differ by point shape, so colour is never the only cue. Every chart carries alt text
and is shown beside the table that holds its numbers.
"""

from __future__ import annotations

import base64
import threading
from enum import StrEnum
from functools import lru_cache
from typing import Any

from attain.reports.model import Chart

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000")
SHAPES = ("circle", "square", "triangle-up", "diamond", "cross", "triangle-down", "stroke")


class ImageFormat(StrEnum):
    SVG = "svg"
    PNG = "png"


def spec(chart: Chart) -> dict[str, Any]:
    """The Vega-Lite spec of a year-by-year line chart, one line per area."""
    import altair as alt

    names = [s.name for s in chart.series]
    values = [{"year": str(year), "area": s.name, "value": value}
              for s in chart.series for year, value in s.points]
    data = alt.Data(values=values)  # type: ignore[no-untyped-call]
    encoding_scale = alt.Scale(domain=names, range=list(PALETTE[:len(names)]))
    shape_scale = alt.Scale(domain=names, range=list(SHAPES[:len(names)]))
    line = alt.Chart(data, title=chart.title).mark_line(point=alt.OverlayMarkDef(size=60))
    encoded: dict[str, Any] = line.encode(
        x=alt.X("year:O", title="Academic year ending", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title=chart.y_label, scale=alt.Scale(zero=False)),
        color=alt.Color("area:N", scale=encoding_scale, title=None),
        shape=alt.Shape("area:N", scale=shape_scale, title=None),
    ).properties(width=420, height=220,
                 description=chart.alt_text).to_dict()
    return encoded


@lru_cache(maxsize=64)
def render(chart: Chart, fmt: ImageFormat) -> bytes:
    import vl_convert as vlc

    vega_lite = spec(chart)
    if fmt is ImageFormat.SVG:
        svg: str = vlc.vegalite_to_svg(vega_lite)
        return svg.encode("utf-8")
    png: bytes = vlc.vegalite_to_png(vega_lite, scale=2)
    return png


def data_uri(chart: Chart, fmt: ImageFormat) -> str:
    mime = "image/svg+xml" if fmt is ImageFormat.SVG else "image/png"
    return f"data:{mime};base64,{base64.b64encode(render(chart, fmt)).decode('ascii')}"


def warm_up_in_background() -> threading.Thread:
    """Start vl-convert's JavaScript engine (about 2 s, once per process) in a thread, so
    it overlaps with reading the cube instead of delaying the first chart."""

    def warm() -> None:
        import vl_convert as vlc

        vlc.vegalite_to_svg({"mark": "point", "data": {"values": [{"x": 1}]},
                             "encoding": {"x": {"field": "x", "type": "quantitative"}}})

    thread = threading.Thread(target=warm, name="vl-convert warm-up", daemon=True)
    thread.start()
    return thread
