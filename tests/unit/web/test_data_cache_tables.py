"""The Python GOV.UK table of the cached fragments gives the markup of govuk-frontend-jinja's
govukTable macro (whitespace between tags aside), for the shapes the context builders make."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, get_template_attribute, url_for

from attain.web import tables as t
from attain.web.cache_tables import MACRO, govuk_table


def _tags(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html).strip())


def _both(app: Flask, params: dict[str, Any]) -> tuple[str, str]:
    with app.test_request_context():
        macro = get_template_attribute(MACRO, "govukTable")
        return _tags(macro(params)), _tags(govuk_table(params))


def test_a_results_table_renders_as_the_macro_does(app: Flask) -> None:
    with app.test_request_context():
        link = t.link_cell('Alpha & "Beta" <School>', url_for("pages.overview"))
    params = t.table("Results, latest year <2019>", ["Measure", "Year", "Value"], [
        [link, t.number_cell("2019"), t.number_cell("60.0")],
        [t.text_cell("KS2 <RWM> & more"), t.number_cell("2019"), t.number_cell("c")],
        [],  # an empty row is left out, as the macro leaves it out
    ])
    macro, ours = _both(app, params)
    assert ours == macro
    assert "&lt;RWM&gt; &amp; more" in ours and "govuk-table__header--numeric" in ours


def test_classes_spans_and_no_caption_render_as_the_macro_does(app: Flask) -> None:
    params = {"classes": "attain-wide", "firstCellIsHeader": False,
              "head": [{"text": "Group", "classes": "x", "colspan": 2}, {"html": "<b>n</b>"}],
              "rows": [[{"text": "FSM", "rowspan": 2, "classes": "y"},
                        {"text": "4", "format": "numeric"}, {"text": None}, {}]]}
    macro, ours = _both(app, params)
    assert ours == macro


def test_a_table_with_attributes_goes_to_the_macro(app: Flask) -> None:
    params = {"attributes": {"data-module": "sortable"}, "rows": [[{"text": "a"}]]}
    macro, ours = _both(app, params)
    assert ours == macro and 'data-module="sortable"' in ours
