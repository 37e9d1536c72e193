"""GOV.UK tables for the cached page fragments, built in Python: the same markup as
govuk-frontend-jinja's govukTable macro (tests/unit/web/test_data_cache_tables.py compares
them), at a fraction of the cost. The macro makes a call per cell (its attributes macro): a
school page's first view in a worker took 40 ms of CPU with it, 25 ms with this.

A table with `attributes` (on the table, a heading or a cell) goes to the macro itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import get_template_attribute
from markupsafe import Markup, escape

MACRO = "govuk_frontend_jinja/components/table/macro.html"


def govuk_table(params: Mapping[str, Any]) -> Markup:
    """govukTable(params), for templates rendered with `govukTable=govuk_table`."""
    if _has_attributes(params):
        macro = get_template_attribute(MACRO, "govukTable")
        return Markup(macro(params))
    out = [f'<table class="govuk-table{_classes(params)}">']
    if params.get("caption"):
        out.append(f'<caption class="govuk-table__caption{_extra(params.get("captionClasses"))}'
                   f'">{escape(params["caption"])}</caption>')
    if params.get("head"):
        out.append('<thead class="govuk-table__head"><tr class="govuk-table__row">')
        out.extend(f'<th scope="col" class="govuk-table__header'
                   f'{_format("govuk-table__header--", item)}{_classes(item)}"{_spans(item)}>'
                   f'{_content(item)}</th>' for item in params["head"])
        out.append("</tr></thead>")
    out.append('<tbody class="govuk-table__body">')
    first_is_header = bool(params.get("firstCellIsHeader"))
    for row in params.get("rows") or ():
        if row:
            out.append('<tr class="govuk-table__row">')
            out.extend(_cell(cell, header=first_is_header and i == 0)
                       for i, cell in enumerate(row))
            out.append("</tr>")
    out.append("</tbody></table>")
    return Markup("".join(out))


def _cell(cell: Mapping[str, Any], *, header: bool) -> str:
    if header:
        return (f'<th scope="row" class="govuk-table__header{_classes(cell)}"{_spans(cell)}>'
                f"{_content(cell)}</th>")
    return (f'<td class="govuk-table__cell{_format("govuk-table__cell--", cell)}'
            f'{_classes(cell)}"{_spans(cell)}>{_content(cell)}</td>')


def _content(item: Mapping[str, Any]) -> str:
    if item.get("html"):
        return str(item["html"])  # the macro marks html safe: the builders escape it
    return str(escape(item["text"])) if "text" in item else ""


def _extra(value: Any) -> str:
    return f" {escape(value)}" if value else ""


def _classes(item: Mapping[str, Any]) -> str:
    return _extra(item.get("classes"))


def _format(prefix: str, item: Mapping[str, Any]) -> str:
    return f" {prefix}{escape(item['format'])}" if item.get("format") else ""


def _spans(item: Mapping[str, Any]) -> str:
    return "".join(f' {name}="{escape(item[name])}"' for name in ("colspan", "rowspan")
                   if item.get(name))


def _has_attributes(params: Mapping[str, Any]) -> bool:
    if params.get("attributes"):
        return True
    cells = [*(params.get("head") or ()), *(c for row in params.get("rows") or () for c in row)]
    return any(cell.get("attributes") for cell in cells)
