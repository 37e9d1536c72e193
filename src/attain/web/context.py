"""Context builders: results rows and registry entries in, macro parameters out. The
templates only loop over what these return."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from flask import url_for

from attain.measures.spec import MeasureSpec
from attain.services.results import SUPPRESSED_SYMBOL
from attain.web import tables as t
from attain.web.data import SchoolInfo, catalogue, measure
from attain.web.messages import message

HEADLINE_MEASURES = (
    "eyfs_gld", "phonics_y1_expected", "ks2_rwm_expected", "ks2_rwm_higher", "ks4_att8",
    "ks4_p8", "ks4_em_94", "ks4_5ac_em", "ks2_l4_eng_maths", "abs_overall", "abs_persistent",
    "excl_fixed_rate", "excl_perm_rate",
)
Row = dict[str, Any]


def by_measure(rows: Iterable[Row]) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row["measure_id"]].append(row)
    for found in grouped.values():
        found.sort(key=lambda r: r["year"])
    return grouped


def measure_title(measure_id: str) -> str:
    spec = measure(measure_id)
    return spec.title if spec else measure_id


def measure_decimals(measure_id: str) -> int:
    spec = measure(measure_id)
    return spec.decimals if spec else 1


def _comparison_cells(row: Row, decimals: int) -> list[dict[str, str]]:
    hidden = bool(row["suppressed"])
    return [
        t.number_cell(t.figure(row["national_value"], decimals)),
        t.number_cell(SUPPRESSED_SYMBOL if hidden else t.signed(row["diff_national"], decimals)),
        t.text_cell(SUPPRESSED_SYMBOL if hidden else t.significance(row["significance"])),
    ]


def headline_table(rows: Iterable[Row], caption: str, area_head: str, *,
                   family: bool = False) -> dict[str, Any]:
    """Latest year of each headline measure (group all) against national; with `family`
    (a school), also its family of similar schools' average (docs/estimates.md), shown
    even where the school's own figure is suppressed: it is made of other schools'."""
    grouped = by_measure(r for r in rows if r["group_id"] == "all")
    body = []
    for measure_id in _ordered(grouped):
        latest = grouped[measure_id][-1]
        d = measure_decimals(measure_id)
        trend = (SUPPRESSED_SYMBOL if latest["suppressed"] else
                 t.trend(latest["trend3_direction"], latest["trend3_change"], d))
        body.append([t.link_cell(measure_title(measure_id),
                                 url_for("pages.measure_page", measure_id=measure_id)),
                     t.number_cell(str(latest["year"])),
                     t.number_cell(t.figure(latest["value"], d)),
                     *_comparison_cells(latest, d), t.text_cell(trend),
                     *([t.number_cell(t.figure(latest.get("family_value"), d))] if family
                       else [])])
    head = ["Measure", "Year", area_head, "National", "Difference", "Compared with national",
            "3-year trend", *(["Family average"] if family else [])]
    return t.table(caption, head, body)


def _ordered(grouped: dict[str, list[Row]]) -> list[str]:
    headline = [m for m in HEADLINE_MEASURES if m in grouped]
    return headline or sorted(grouped)


def trend_charts(rows: Iterable[Row], area_head: str) -> list[dict[str, Any]]:
    """One chart and its table per headline measure: the area and national by year."""
    grouped = by_measure(r for r in rows if r["group_id"] == "all")
    charts = []
    for measure_id in _ordered(grouped):
        series = grouped[measure_id]
        d = measure_decimals(measure_id)
        title = measure_title(measure_id)
        body = [[t.text_cell(str(r["year"])), t.number_cell(t.figure(r["value"], d)),
                 t.number_cell(t.figure(r["national_value"], d))] for r in series]
        charts.append({
            "title": title,
            "chart": t.line_chart(f"{title}: {area_head} by year",
                                  [(r["year"], r["value"]) for r in series]),
            "table": t.table(f"{title} by year", ["Year", area_head, "National"], body),
        })
    return charts


def group_table(rows: Iterable[Row], spec: MeasureSpec, year: int,
                caption: str) -> dict[str, Any]:
    """One measure and year: every pupil group with its interval and comparison."""
    titles = {g.id: g.title for g in catalogue().groups}
    d = spec.decimals
    body = [[t.text_cell(str(titles.get(r["group_id"], r["group_id"]))),
             t.number_cell(SUPPRESSED_SYMBOL if r["suppressed"]
                           else t.figure(r["denominator"], 0)),
             t.number_cell(t.figure(r["value"], d)), t.number_cell(t.interval(r, d)),
             *_comparison_cells(r, d)]
            for r in rows if r["measure_id"] == spec.id and r["year"] == year]
    head = ["Pupil group", "Pupils", "Value", "95% confidence interval", "National",
            "Difference", "Compared with national"]
    return t.table(caption, head, body)


def year_table(rows: Iterable[Row], spec: MeasureSpec, group_id: str,
               caption: str) -> dict[str, Any]:
    d = spec.decimals
    body = [[t.text_cell(str(r["year"])), t.number_cell(t.figure(r["value"], d)),
             t.number_cell(t.interval(r, d)), *_comparison_cells(r, d)]
            for r in sorted(rows, key=lambda r: r["year"])
            if r["measure_id"] == spec.id and r["group_id"] == group_id]
    head = ["Year", "Value", "95% confidence interval", "National", "Difference",
            "Compared with national"]
    return t.table(caption, head, body)


def school_rows_table(rows: Iterable[Row], spec: MeasureSpec, names: dict[int, str],
                      caption: str) -> dict[str, Any]:
    d = spec.decimals
    body = [[t.link_cell(str(names.get(int(r["area_code"]), r["area_code"])),
                         url_for("pages.school_page", urn=int(r["area_code"]))),
             t.number_cell(t.figure(r["value"], d)), t.number_cell(t.interval(r, d)),
             *_comparison_cells(r, d)]
            for r in rows if int(r["area_code"]) in names]
    head = ["School", "Value", "95% confidence interval", "National", "Difference",
            "Compared with national"]
    return t.table(caption, head, body)


def schools_table(found: Sequence[SchoolInfo]) -> dict[str, Any]:
    body = [[t.link_cell(s.name, url_for("pages.school_page", urn=s.urn)),
             t.text_cell(str(s.urn)), t.text_cell(s.phase), t.text_cell(s.type)]
            for s in found]
    return t.table(message("schools.title"), ["School", "URN", "Phase", "Type"], body)


def school_summary(info: SchoolInfo, la_name: str) -> dict[str, Any]:
    def row(key: str, value: str) -> dict[str, Any]:
        return {"key": {"text": key}, "value": {"text": value or t.NOT_AVAILABLE}}

    academy = {True: "Yes", False: "No", None: t.NOT_AVAILABLE}[info.is_academy]
    return {"rows": [row("URN", str(info.urn)), row("Local authority", la_name),
                     row("Phase", info.phase), row("Type", info.type),
                     row("Academy", academy), row("Open", "No" if info.closed else "Yes")]}


def select_items(options: Iterable[tuple[str, str]], selected: str) -> list[dict[str, Any]]:
    return [{"value": value, "text": text, "selected": value == selected}
            for value, text in options]
