"""A chart-rendering process: `python -m attain.reports.chart_worker`.

vl-convert holds Python's GIL while it renders and spends about a second starting its
JavaScript engine, so a report renders its charts in this separate process, started when
the report starts: the engine starts while the report reads the cube, and the charts are
drawn while the report lays out its tables (BENCHMARKS.md "Reports (issue 9)").

Protocol, one request per line on stdin: `{"format": "svg"|"png", "spec": {...}}`.
Reply on stdout: `<length>\\n<bytes>`, or `E\\n` when the chart cannot be drawn (the
caller then draws it itself). The process ends at the end of stdin.
"""

from __future__ import annotations

import json
import sys
from typing import Any, BinaryIO

WARM_UP = {"mark": "point", "data": {"values": [{"x": 1}]},
           "encoding": {"x": {"field": "x", "type": "quantitative"}}}


def draw(vega_lite: dict[str, Any], fmt: str) -> bytes:
    import vl_convert as vlc

    if fmt == "svg":
        svg: str = vlc.vegalite_to_svg(vega_lite)
        return svg.encode("utf-8")
    png: bytes = vlc.vegalite_to_png(vega_lite, scale=2)
    return png


def serve(requests: BinaryIO, replies: BinaryIO) -> None:
    draw(WARM_UP, "svg")
    for line in requests:
        try:
            request = json.loads(line)
            data = draw(request["spec"], request["format"])
        except Exception:  # noqa: BLE001 - the caller draws the chart itself
            replies.write(b"E\n")
        else:
            replies.write(b"%d\n" % len(data))
            replies.write(data)
        replies.flush()


if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer)
