"""The measure explorer: one measure by level, year and pupil group, with confidence
intervals, significance against national and suppression marked (the reason in words, and
for screen readers in the figure's own cell).

Which rows a user may see (`Scope`): the home LA's, national, the comparison areas the LA
belongs to (its region, its statistical neighbours: the warehouse's `areas`) and the rows
of the schools the user may see (staff: the LA's schools; a school user: their own; a
viewer: none). The page and both downloads read the same rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from flask import url_for
from markupsafe import escape

from attain.domain.results import neighbours_area_code
from attain.measures.spec import MeasureSpec
from attain.services.compute import WAREHOUSE
from attain.services.results import SUPPRESSED_SYMBOL
from attain.store.warehouse import Warehouse
from attain.web import tables as t
from attain.web.data import catalogue
from attain.web.messages import MESSAGES, message

Row = dict[str, Any]
SIGNIFICANT = frozenset({"sig_above", "sig_below"})


class Level(StrEnum):
    SCHOOL = "school"
    LA = "la"
    NATIONAL = "national"
    REGION = "region"
    GROUP_OF_LAS = "group_of_las"


@dataclass(frozen=True)
class Scope:
    """What of a measure one user may see."""

    la: str | None
    la_name: str
    schools: Mapping[int, str] = field(default_factory=dict)  # URN -> name
    areas: Mapping[tuple[str, str], str] = field(default_factory=dict)  # (level, code) -> name

    def may_see(self, row: Row) -> bool:
        level, code = row["level"], str(row["area_code"])
        if level == Level.SCHOOL:
            return code.isdigit() and int(code) in self.schools
        if level == Level.LA:
            return code == self.la
        return level == Level.NATIONAL or (level, code) in self.areas

    def area_name(self, row: Row) -> str:
        level, code = row["level"], str(row["area_code"])
        if level == Level.SCHOOL:
            return self.schools.get(int(code), code)
        if level == Level.LA:
            return self.la_name
        if level == Level.NATIONAL:
            return message("explorer.level.national")
        return self.areas.get((level, code), code)


def comparison_areas(folder: Path, la: str | None) -> dict[tuple[str, str], str]:
    """The regions and groups of LAs the LA is a member of, and its statistical neighbours
    (the group `SN<LA code>`, whose members are the other LAs)."""
    warehouse = Warehouse(folder / WAREHOUSE)
    if la is None or not warehouse.exists("areas"):
        return {}
    return {(str(r["level"]), str(r["area_code"])): str(r["area_name"])
            for r in warehouse.read("areas").to_pylist()
            if str(r["la_code"]) == la or str(r["area_code"]) == neighbours_area_code(la)}


def visible(rows: Iterable[Row], scope: Scope) -> list[Row]:
    return [r for r in rows if scope.may_see(r)]


@dataclass(frozen=True)
class Choice:
    """The level, year and group shown; each falls back to a default when not offered."""

    level: Level
    year: int
    group: str


def _levels(rows: Sequence[Row]) -> list[Level]:
    present = {r["level"] for r in rows}
    return [level for level in Level if level in present]


def choose(rows: Sequence[Row], args: Mapping[str, str]) -> Choice:
    levels = _levels(rows)
    asked = args.get("level", "")
    level = next((lv for lv in levels if lv == asked),
                 Level.LA if Level.LA in levels else (levels[0] if levels else Level.LA))
    at_level = [r for r in rows if r["level"] == level]
    years = sorted({int(r["year"]) for r in at_level})
    year_text = args.get("year", "")
    year = int(year_text) if year_text.isdigit() and int(year_text) in years else \
        (years[-1] if years else 0)
    groups = {r["group_id"] for r in at_level}
    group = args.get("group", "all")
    return Choice(level, year, group if group in groups else "all")


def _suppression_text(row: Row) -> str:
    reason = row["suppressed"]
    key = f"suppression.{reason}"
    return message(key if key in MESSAGES else "suppression.other")


def _suppressed_cell(row: Row, *, numeric: bool = True) -> dict[str, str]:
    """The suppression symbol, with the reason for screen readers."""
    hidden = message("suppression.hidden", reason=_suppression_text(row))
    cell = {"html": f'{SUPPRESSED_SYMBOL}<span class="govuk-visually-hidden"> '
                    f"{escape(hidden)}</span>"}
    return cell | ({"format": "numeric"} if numeric else {})


def _figure_cell(row: Row, name: str, decimals: int) -> dict[str, str]:
    if row[name] == SUPPRESSED_SYMBOL:
        return _suppressed_cell(row)
    return t.number_cell(t.figure(row[name], decimals))


def _interval_cell(row: Row, decimals: int) -> dict[str, str]:
    if row["suppressed"]:
        return _figure_cell(row, "ci_low", decimals)
    return t.number_cell(t.interval(row, decimals))


def _significance_cell(row: Row) -> dict[str, str]:
    code = row["significance"]
    if code == SUPPRESSED_SYMBOL:
        return _suppressed_cell(row, numeric=False)
    text = t.significance(code)
    if code in SIGNIFICANT:
        return {"html": f"<strong>{escape(text)}</strong>"}
    return t.text_cell(text)


def _row_cells(row: Row, decimals: int) -> list[dict[str, str]]:
    return [_figure_cell(row, "denominator", 0), _figure_cell(row, "value", decimals),
            _interval_cell(row, decimals),
            t.number_cell(t.figure(row["national_value"], decimals)),
            _figure_cell(row, "diff_national", decimals) if row["suppressed"]
            else t.number_cell(t.signed(row["diff_national"], decimals)),
            _significance_cell(row),
            t.text_cell(_suppression_text(row) if row["suppressed"] else "")]


HEAD = ("Pupils", "Value", "95% confidence interval", "National", "Difference",
        "Compared with national", "Suppression")


def _table(caption: str, first_head: str,
           labelled: Iterable[tuple[dict[str, str], Row]], decimals: int) -> dict[str, Any]:
    body = [[label, *_row_cells(row, decimals)] for label, row in labelled]
    table = t.table(caption, [first_head, *HEAD], body)
    for heading in table["head"][-2:]:  # text columns, whatever their first row holds
        heading.pop("format", None)
    return table


def _group_titles() -> dict[str, str]:
    return {g.id: g.title for g in catalogue().groups}


def area_tables(rows: Sequence[Row], spec: MeasureSpec, choice: Choice,
                scope: Scope) -> list[dict[str, Any]]:
    """For each area of the chosen level: its figures by year (the chosen group) and by
    pupil group (the chosen year)."""
    d, titles = spec.decimals, _group_titles()
    tables = []
    at_level = [r for r in rows if r["level"] == choice.level]
    for code in sorted({str(r["area_code"]) for r in at_level}):
        mine = [r for r in at_level if str(r["area_code"]) == code]
        name = scope.area_name(mine[0])
        by_year = sorted((r for r in mine if r["group_id"] == choice.group),
                         key=lambda r: r["year"])
        group_title = titles.get(choice.group, choice.group)
        tables.append(_table(
            message("explorer.by_year", area=name, measure=spec.title, group=group_title),
            "Year", ((t.text_cell(str(r["year"])), r) for r in by_year), d))
        in_year = sorted((r for r in mine if r["year"] == choice.year),
                         key=lambda r: (r["group_id"] != "all", titles.get(r["group_id"], "")))
        tables.append(_table(
            message("explorer.by_group", area=name, measure=spec.title, year=choice.year),
            "Pupil group",
            ((t.text_cell(str(titles.get(r["group_id"], r["group_id"]))), r) for r in in_year),
            d))
    return tables


def school_table(rows: Sequence[Row], spec: MeasureSpec, choice: Choice,
                 scope: Scope) -> dict[str, Any] | None:
    """The visible schools' figures for the chosen year and group, by name."""
    found = [r for r in rows if r["level"] == Level.SCHOOL and r["year"] == choice.year
             and r["group_id"] == choice.group]
    if not found:
        return None
    found.sort(key=lambda r: (scope.area_name(r).lower(), str(r["area_code"])))
    group_title = _group_titles().get(choice.group, choice.group)
    return _table(
        message("explorer.schools", measure=spec.title, year=choice.year, group=group_title),
        "School", ((t.link_cell(scope.area_name(r),
                                url_for("pages.school_page", urn=int(r["area_code"]))), r)
                   for r in found), spec.decimals)


def _items(options: Iterable[tuple[str, str]], selected: str) -> list[dict[str, Any]]:
    return [{"value": v, "text": text, "selected": v == selected} for v, text in options]


def select_items(rows: Sequence[Row], choice: Choice) -> dict[str, list[dict[str, Any]]]:
    """The level, year and group selects: what the chosen level has."""
    at_level = [r for r in rows if r["level"] == choice.level]
    titles = _group_titles()
    groups = sorted({r["group_id"] for r in at_level},
                    key=lambda g: (g != "all", titles.get(g, g)))
    years = sorted({int(r["year"]) for r in at_level}, reverse=True)
    return {
        "level": _items(((lv.value, message(f"explorer.level.{lv.value}"))
                         for lv in _levels(rows)), choice.level.value),
        "year": _items(((str(y), str(y)) for y in years), str(choice.year)),
        "group": _items(((g, titles.get(g, g)) for g in groups) if groups
                        else [("all", titles.get("all", "all"))], choice.group),
    }


def explorer_page(spec: MeasureSpec, rows: Sequence[Row], scope: Scope,
                  args: Mapping[str, str]) -> dict[str, Any]:
    """The template parameters of the measure page; `rows` are the visible rows."""
    choice = choose(rows, args)
    tables = ([] if choice.level == Level.SCHOOL
              else area_tables(rows, spec, choice, scope))
    schools = (school_table(rows, spec, choice, scope)
               if choice.level in (Level.SCHOOL, Level.LA) else None)
    return {"spec": spec, "choice": choice, "tables": tables, "schools_table": schools,
            "items": select_items(rows, choice), "has_rows": bool(tables or schools)}
