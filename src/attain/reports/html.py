"""HTML from a report with Jinja; an LA's template folder overrides any shipped template.

To override, copy `report.html.j2` (or only `report.css`) into the LA's folder and edit
it, or write `{% extends "shipped/report.html.j2" %}` and fill only the blocks `header`
and `logo` (for a logo and the LA's own heading).
"""

from __future__ import annotations

from pathlib import Path

from attain.reports.charts import ImageFormat, data_uri
from attain.reports.model import Report

TEMPLATE = "report.html.j2"
SHIPPED = Path(__file__).parent / "templates"


def environment(templates: Path | None = None):  # type: ignore[no-untyped-def]
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, select_autoescape

    folders = [templates, SHIPPED] if templates is not None else [SHIPPED]
    loaders = [FileSystemLoader(str(f)) for f in folders]
    # "shipped/..." always names attain's own template, so an LA's can extend it.
    loader = ChoiceLoader([*loaders, PrefixLoader({"shipped": FileSystemLoader(str(SHIPPED))})])
    return Environment(loader=loader, autoescape=select_autoescape(["html", "j2"]),
                       trim_blocks=True, lstrip_blocks=True)


def chart_images(report: Report, fmt: ImageFormat) -> dict[str, str]:
    return {chart.title: data_uri(chart, fmt)
            for section in report.sections for chart in section.charts}


def render(report: Report, templates: Path | None = None,
           image_format: ImageFormat = ImageFormat.SVG) -> str:
    template = environment(templates).get_template(TEMPLATE)
    text: str = template.render(report=report,
                                chart_images=chart_images(report, image_format))
    return text
