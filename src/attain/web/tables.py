"""Formatting figures and building the parameters of GOV.UK table macros and of the small
line charts (every chart has a table with the same numbers beside it)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from attain.measures.spec import MeasureSpec
from attain.services.results import SUPPRESSED_SYMBOL
from attain.web.messages import MESSAGES, message, translate

NOT_AVAILABLE = "x"  # GSS symbol: not available
CHART_WIDTH, CHART_HEIGHT, CHART_PAD = 240, 60, 4


def figure(value: Any, decimals: int = 1) -> str:
    if value == SUPPRESSED_SYMBOL:
        return SUPPRESSED_SYMBOL
    if value is None:
        return NOT_AVAILABLE
    return f"{float(value):,.{decimals}f}"


def signed(value: Any, decimals: int = 1) -> str:
    text = figure(value, decimals)
    return f"+{text}" if isinstance(value, int | float) and value > 0 else text


def interval(row: dict[str, Any], decimals: int) -> str:
    if row["suppressed"] or row["ci_low"] is None or row["ci_high"] is None:
        return NOT_AVAILABLE if not row["suppressed"] else SUPPRESSED_SYMBOL
    return message("table.interval", low=figure(row["ci_low"], decimals),
                   high=figure(row["ci_high"], decimals))


def significance(code: str | None) -> str:
    key = f"significance.{code}"
    return message(key) if code and key in MESSAGES else NOT_AVAILABLE


def trend(direction: str | None, change: Any, decimals: int) -> str:
    if not direction:
        return NOT_AVAILABLE
    return f"{message(f'trend.{direction}')} ({signed(change, decimals)})"


def unit_label(spec: MeasureSpec) -> str:
    return {"percent": "%", "": ""}.get(spec.unit, spec.unit)


def text_cell(text: str) -> dict[str, str]:
    return {"text": text}


def number_cell(text: str) -> dict[str, str]:
    return {"text": text, "format": "numeric"}


def link_cell(text: str, href: str) -> dict[str, str]:
    return {"html": f'<a class="govuk-link" href="{_escape(href)}">{_escape(text)}</a>'}


def _escape(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def table(caption: str, head: Sequence[str],
          rows: Iterable[list[dict[str, str]]]) -> dict[str, Any]:
    """Parameters of govukTable; a heading is right-aligned when its column's cells are
    numeric. The caption and headings are translated through the message catalogue
    (callers may pass them as English text)."""
    body = list(rows)
    numeric = [cell.get("format") == "numeric" for cell in body[0]] if body else []
    return {
        "caption": translate(caption),
        "captionClasses": "govuk-table__caption--s",
        "firstCellIsHeader": True,
        "head": [{"text": translate(h), **({"format": "numeric"} if i < len(numeric) and numeric[i]
                                else {})} for i, h in enumerate(head)],
        "rows": body,
    }


@dataclass(frozen=True)
class LineChart:
    """A small SVG line chart of one series; the page shows its table too."""

    label: str
    points: str  # SVG polyline points
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT


def line_chart(label: str, series: Sequence[tuple[int, float | None]]) -> LineChart | None:
    known = [(year, value) for year, value in series if isinstance(value, int | float)]
    if len(known) < 2:
        return None
    years = [y for y, _ in known]
    values = [v for _, v in known]
    low, high = min(values), max(values)
    x_span, y_span = (max(years) - min(years)) or 1, (high - low) or 1.0
    inner_w, inner_h = CHART_WIDTH - 2 * CHART_PAD, CHART_HEIGHT - 2 * CHART_PAD
    points = " ".join(
        f"{CHART_PAD + (y - min(years)) / x_span * inner_w:.1f},"
        f"{CHART_PAD + (high - v) / y_span * inner_h:.1f}" for y, v in known)
    return LineChart(label, points)
