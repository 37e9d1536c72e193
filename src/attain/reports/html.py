"""HTML from a report with Jinja; an LA's template folder overrides any shipped template.

To override, copy `report.html.j2` (or only `report.css`) into the LA's folder and edit
it, or write `{% extends "shipped/report.html.j2" %}` and fill only the blocks `header`
and `logo` (for a logo and the LA's own heading).
"""

from __future__ import annotations

from pathlib import Path

from attain.reports.charts import ImageFormat, data_uri
from attain.reports.model import Report, Table

TEMPLATE = "report.html.j2"
SHIPPED = Path(__file__).parent / "templates"


def environment(templates: Path | None = None):  # type: ignore[no-untyped-def]
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, select_autoescape

    folders = [templates, SHIPPED] if templates is not None else [SHIPPED]
    loaders = [FileSystemLoader(str(f)) for f in folders]
    # "shipped/..." always names attain's own template, so an LA's can extend it.
    loader = ChoiceLoader([*loaders, PrefixLoader({"shipped": FileSystemLoader(str(SHIPPED))})])
    env = Environment(loader=loader, autoescape=select_autoescape(["html", "j2"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals["column_widths"] = column_widths
    return env


# Column weights for fixed table layout: with widths given, WeasyPrint lays a table out
# once instead of first measuring every cell's smallest and largest width (about a third
# of a PDF's layout time; BENCHMARKS.md "Reports (issue 9)").
FIRST_COLUMN, WORDS_COLUMN, FIGURE_COLUMN = 4.0, 2.5, 1.0


def column_widths(table: Table) -> list[float]:
    """Each column's share of the table width, in per cent (1 decimal)."""
    weights = list(table.widths) if len(table.widths) == len(table.columns) else [
        FIRST_COLUMN if i == 0 else
        WORDS_COLUMN if i < table.labels or i in table.words else FIGURE_COLUMN
        for i in range(len(table.columns))]
    total = sum(weights)
    return [round(100 * w / total, 1) for w in weights]


def chart_images(report: Report, fmt: ImageFormat) -> dict[str, str]:
    return {chart.title: data_uri(chart, fmt)
            for section in report.sections for chart in section.charts}


def render(report: Report, templates: Path | None = None,
           image_format: ImageFormat = ImageFormat.SVG) -> str:
    template = environment(templates).get_template(TEMPLATE)
    text: str = template.render(report=report,
                                chart_images=chart_images(report, image_format))
    return text
