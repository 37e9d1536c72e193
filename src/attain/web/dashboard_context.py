"""Context builders of the LA dashboard and the watchlist pages: schools, cube rows,
categorisation decisions, overdue actions and visits in; GOV.UK macro parameters out.

Trend sparklines are inline SVG built here (no script, no style attribute: the CSP forbids
both), each with a text alternative giving every year's figure."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flask import url_for
from markupsafe import escape

from attain.domain.risk import Framework
from attain.services.plans import DueAction
from attain.services.results import SUPPRESSED_SYMBOL
from attain.services.school_categories import LatestCategory
from attain.services.watchlists import Watchlist
from attain.web import tables as t
from attain.web.context import (
    HEADLINE_MEASURES,
    Row,
    by_measure,
    measure_decimals,
    measure_title,
)
from attain.web.data import SchoolInfo
from attain.web.messages import message

SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 80, 24, 3
ALL = "all"


@dataclass(frozen=True)
class Scope:
    """What the dashboard shows: one of the user's lists, or every school (urns None)."""

    key: str  # "all" or a watchlist id
    label: str
    urns: frozenset[int] | None

    def covers(self, urn: int) -> bool:
        return self.urns is None or urn in self.urns


def scope_items(lists: Sequence[Watchlist], chosen: Scope) -> list[dict[str, Any]]:
    """GOV.UK radios: each of the user's lists (with its school count), then all schools."""
    items = [{"value": str(w.id), "checked": chosen.key == str(w.id),
              "text": message("dashboard.scope_list", name=w.name, count=len(w.urns))}
             for w in lists]
    return [*items, {"value": ALL, "text": message("dashboard.scope_all"),
                     "checked": chosen.key == ALL}]


def sparkline(label: str, series: Sequence[tuple[int, Any]], decimals: int) -> dict[str, str]:
    """A table cell: the series as a small inline SVG line, its figures as the text
    alternative; fewer than two known figures is 'not available'."""
    known = [(year, float(v)) for year, v in series if isinstance(v, int | float)]
    if len(known) < 2:
        return t.text_cell(t.NOT_AVAILABLE)
    years, values = [y for y, _ in known], [v for _, v in known]
    low, high = min(values), max(values)
    x_span, y_span = (years[-1] - years[0]) or 1, (high - low) or 1.0
    inner_w, inner_h = SPARK_WIDTH - 2 * SPARK_PAD, SPARK_HEIGHT - 2 * SPARK_PAD
    points = " ".join(f"{SPARK_PAD + (y - years[0]) / x_span * inner_w:.1f},"
                      f"{SPARK_PAD + (high - v) / y_span * inner_h:.1f}" for y, v in known)
    figures = ", ".join(f"{y} {t.figure(v, decimals)}" for y, v in known)
    text = escape(message("dashboard.sparkline", label=label, figures=figures))
    return {"html": (f'<svg class="attain-sparkline" role="img" aria-label="{text}" '
                     f'viewBox="0 0 {SPARK_WIDTH} {SPARK_HEIGHT}" width="{SPARK_WIDTH}" '
                     f'height="{SPARK_HEIGHT}"><polyline points="{points}" fill="none" '
                     'stroke="#1d70b8" stroke-width="2"></polyline></svg>')}


def category_label(found: LatestCategory, frameworks: Mapping[str, Framework]) -> str:
    """The category's label in its framework (its id if the framework is not loaded)."""
    framework = frameworks.get(found.framework_id)
    if framework is None:
        return found.category
    return next((c.label for c in framework.categories if c.id == found.category),
                found.category)


def category_texts(urns: Iterable[int], decisions: Mapping[int, Sequence[LatestCategory]],
                   frameworks: Mapping[str, Framework]) -> dict[int, str]:
    """Each school's latest categories (one per framework) with their year, or 'not
    categorised yet'."""
    missing = message("dashboard.not_categorised")
    return {urn: "; ".join(f"{category_label(found, frameworks)} ({found.year})"
                           for found in decisions.get(urn, ())) or missing for urn in urns}


# A school's main measure when none is chosen: progress and attainment at the end of its
# phase first, then the earlier stages, then attendance (HEADLINE_MEASURES' own order is by
# key stage).
MAIN_MEASURE_ORDER = (
    "ks4_p8", "ks4_att8", "ks4_em_94", "ks4_5ac_em", "ks2_rwm_expected", "ks2_l4_eng_maths",
    "ks2_rwm_higher", "phonics_y1_expected", "eyfs_gld", "abs_overall", "abs_persistent",
    "excl_fixed_rate", "excl_perm_rate",
)


def measure_items(present: Iterable[str], chosen: str) -> list[dict[str, Any]]:
    """The measure select: each school's main measure, or one headline measure for all."""
    found = set(present)
    options = [("", message("dashboard.main_measure"))] + [
        (m, measure_title(m)) for m in HEADLINE_MEASURES if m in found]
    return [{"value": v, "text": text, "selected": v == chosen} for v, text in options]


def _school_row(school: SchoolInfo, rows: Iterable[Row], category: str,
                wanted: str) -> list[dict[str, str]]:
    grouped = by_measure(r for r in rows if r["group_id"] == "all")
    link = t.link_cell(school.name, url_for("pages.school_page", urn=school.urn))
    measure_id = wanted if wanted else next((m for m in MAIN_MEASURE_ORDER if m in grouped), "")
    if measure_id not in grouped:
        return [link, t.text_cell(category), t.text_cell(message("dashboard.no_results")),
                *(t.text_cell("") for _ in range(6))]
    series, d = grouped[measure_id], measure_decimals(measure_id)
    latest, title = series[-1], measure_title(measure_id)
    hidden = bool(latest["suppressed"])
    return [link, t.text_cell(category), t.text_cell(title),
            t.number_cell(str(latest["year"])), t.number_cell(t.figure(latest["value"], d)),
            t.number_cell(t.figure(latest["national_value"], d)),
            t.number_cell(SUPPRESSED_SYMBOL if hidden else t.signed(latest["diff_national"], d)),
            t.text_cell(SUPPRESSED_SYMBOL if hidden else t.significance(latest["significance"])),
            sparkline(f"{school.name}, {title}", [(r["year"], r["value"]) for r in series], d)]


def schools_table(schools: Sequence[SchoolInfo], rows_of: Mapping[int, list[Row]],
                  categories: Mapping[int, str], wanted: str, caption: str) -> dict[str, Any]:
    """A row per school: the chosen headline measure (or the school's main one) in its
    latest year against national, and a sparkline of the school's figures by year."""
    body = [_school_row(s, rows_of.get(s.urn, []), categories.get(s.urn, ""), wanted)
            for s in schools]
    head = [message("table.head.school"), message("table.head.category"),
            message("table.head.measure"), message("table.head.year"),
            message("dashboard.head.school_value"), message("table.head.national"),
            message("table.head.difference"), message("table.head.compared"),
            message("dashboard.head.trend")]
    return t.table(caption, head, body)


def category_counts_table(schools: Sequence[SchoolInfo],
                          decisions: Mapping[int, Sequence[LatestCategory]],
                          frameworks: Mapping[str, Framework], caption: str) -> dict[str, Any]:
    """Schools per latest category (a school categorised by two frameworks counts under
    each), each linking to the schools list filtered by it, and the schools not yet
    categorised."""
    counted = Counter(pair for s in schools for pair in {
        (found.category, category_label(found, frameworks)) for found in decisions.get(s.urn, ())})
    body = [[t.link_cell(label, url_for("pages.schools", category=category_id)),
             t.number_cell(str(n))] for (category_id, label), n in sorted(counted.items())]
    missing = sum(1 for s in schools if not decisions.get(s.urn))
    if missing:
        body.append([t.text_cell(message("dashboard.not_categorised")),
                     t.number_cell(str(missing))])
    return t.table(caption, [message("table.head.category"), message("table.head.schools")],
                   body)


def actions_table(actions: Sequence[DueAction], plan_titles: Mapping[str, str],
                  caption: str) -> dict[str, Any]:
    body = [[t.link_cell(plan_titles.get(a.plan_id, a.plan_id),
                         url_for("plans.view", plan_id=a.plan_id)),
             t.text_cell(f"{a.ref} {a.text}".strip()), t.text_cell(a.owners or "–"),
             t.text_cell(a.target)] for a in actions]
    head = [message("dashboard.head.plan"), message("dashboard.head.action"),
            message("dashboard.head.owners"), message("dashboard.head.target")]
    return t.table(caption, head, body)


def watchlists_table(lists: Sequence[Watchlist], caption: str) -> dict[str, Any]:
    body = [[t.link_cell(w.name, url_for("pages.overview", scope=w.id)),
             t.number_cell(str(len(w.urns))),
             t.text_cell(message("watchlists.yes") if w.is_default else ""),
             t.link_cell(message("watchlists.change_schools", name=w.name),
                         url_for("watchlists.schools", watchlist_id=w.id)),
             t.link_cell(message("watchlists.rename", name=w.name),
                         url_for("watchlists.edit", watchlist_id=w.id)),
             t.link_cell(message("watchlists.delete", name=w.name),
                         url_for("watchlists.delete", watchlist_id=w.id))] for w in lists]
    head = [message("watchlists.head.name"), message("table.head.schools"),
            message("watchlists.head.default"), message("watchlists.head.schools_link"),
            message("watchlists.head.rename"), message("watchlists.head.delete")]
    return t.table(caption, head, body)
