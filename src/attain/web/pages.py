"""The pages: LA overview, schools list, school page, measures and one measure."""

from __future__ import annotations

import csv
import io
from typing import Any

from flask import Blueprint, Response, abort, render_template, request
from markupsafe import Markup

from attain.services.results import COLUMNS, ResultFilter
from attain.web import cache_pages, cache_tables, data, database
from attain.web import context as c
from attain.web.access import Principal, Rule, requires
from attain.web.messages import message
from attain.web.workspace import folder as _folder
from attain.web.workspace import home_la as _home_la
from attain.web.workspace import who as _who

bp = Blueprint("pages", __name__)


@bp.route("/")
@requires(Rule.LA_AGGREGATES)
def overview() -> str:
    la = _home_la()
    name = data.la_name(database.session(), la)
    results = cache_pages.page_fragment(lambda: _overview_results(la, name), la, name)
    return render_template(
        "overview.html", title=message("overview.title", la_name=name),
        has_rows=results.has_rows, results_section=results.html)


def _overview_results(la: str | None, name: str) -> cache_pages.Fragment:
    cache_pages.warm_index()
    rows = data.results(_folder(), ResultFilter(la=la, group="all")) if la else []
    if not rows:
        return cache_pages.Fragment(Markup(""), has_rows=False)
    return cache_pages.Fragment(Markup(render_template(
        "_overview_results.html", govukTable=cache_tables.govuk_table,
        headline=c.headline_table(rows, "Headline measures, latest year", name),
        charts=c.trend_charts(rows, name))), has_rows=True)


@bp.route("/schools")
@requires(Rule.SCHOOL_DIRECTORY)
def schools() -> str:
    who = _who()
    session = database.session()
    found = (data.schools(session, la_code=_home_la()) if who.is_staff
             else data.schools(session, urns=who.urns))
    phases = sorted({s.phase for s in found if s.phase})
    phase, query = request.args.get("phase", ""), request.args.get("q", "").strip().lower()
    shown = [s for s in found if (not phase or s.phase == phase)
             and (not query or query in s.name.lower() or query == str(s.urn))]
    return render_template(
        "schools.html", table=c.schools_table(shown), query=request.args.get("q", ""),
        phase_items=c.select_items([("", message("schools.any_phase"))]
                                   + [(p, p) for p in phases], phase),
        count=len(shown))


@bp.route("/schools/<int:urn>")
@requires(Rule.SCHOOL)
def school_page(urn: int) -> str:
    session = database.session()
    info = data.school(session, urn)
    if info is None:
        abort(404)
    results = cache_pages.page_fragment(lambda: _school_results(urn))
    return render_template(
        "school.html", school=info,
        summary=c.school_summary(info, data.la_name(session, info.la_code)),
        has_rows=results.has_rows, results_section=results.html)


def _school_results(urn: int) -> cache_pages.Fragment:
    """The school's results tables; a measure the school has no rows for is a 404."""
    cache_pages.warm_index()
    rows = data.results(_folder(), ResultFilter(school=urn))
    grouped = c.by_measure(rows)
    chosen = _chosen_measure(grouped)
    if chosen is None:
        return cache_pages.Fragment(Markup(""), has_rows=False)
    year = max(r["year"] for r in grouped[chosen.id])
    return cache_pages.Fragment(Markup(render_template(
        "_school_results.html", govukTable=cache_tables.govuk_table, measure=chosen,
        headline=c.headline_table(rows, "Results, latest year", "School", family=True),
        measure_items=c.select_items([(m, c._title(m)) for m in sorted(grouped)], chosen.id),
        groups=c.group_table(grouped[chosen.id], chosen, year,
                             f"{chosen.title}, {year}, by pupil group"),
        years=c.year_table(grouped[chosen.id], chosen, "all",
                           f"{chosen.title}, all pupils, by year"))), has_rows=True)


def _chosen_measure(grouped: dict[str, list[c.Row]]) -> Any:
    wanted = request.args.get("measure") or next(
        (m for m in c.HEADLINE_MEASURES if m in grouped), next(iter(sorted(grouped)), None))
    if wanted is None:
        return None
    if wanted not in grouped:
        abort(404)
    return data.measure(wanted)


@bp.route("/measures")
@requires(Rule.LA_AGGREGATES)
def measures() -> str:
    specs = sorted(data.catalogue().measures, key=lambda m: (m.key_stage, m.title))
    return render_template("measures.html", specs=specs)


def _measure_rows(measure_id: str) -> tuple[Any, list[c.Row]]:
    spec = data.measure(measure_id)
    if spec is None:
        abort(404)
    return spec, data.results(_folder(), ResultFilter(measure=measure_id))


def _visible_urns(who: Principal, la: str | None) -> dict[int, str]:
    """The schools whose rows a measure page lists: the LA's schools for staff, a school
    user's own schools (the national sample's schools are comparators, not listed)."""
    found = (data.schools(database.session(), la_code=la) if who.is_staff
             else data.schools(database.session(), urns=who.urns))
    return {s.urn: s.name for s in found if who.may_see_school(s.urn)}


def _visible(rows: list[c.Row], urns: dict[int, str], la: str | None) -> list[c.Row]:
    """The LA's and national rows, and the rows of the schools in `urns`."""
    return [row for row in rows
            if (row["level"] == "school" and int(row["area_code"]) in urns)
            or row["level"] == "national"
            or (row["level"] == "la" and row["area_code"] == la)]


@bp.route("/measures/<measure_id>")
@requires(Rule.LA_AGGREGATES)
def measure_page(measure_id: str) -> str:
    spec, rows = _measure_rows(measure_id)
    la = _home_la()
    names = _visible_urns(_who(), la)
    rows = _visible(rows, names, la)
    la_rows = [r for r in rows if r["level"] == "la"]
    group = request.args.get("group", "all")
    years = sorted({r["year"] for r in la_rows})
    asked = request.args.get("year", "")
    year = int(asked) if asked.isdigit() and int(asked) in years else (years[-1] if years else 0)
    session = database.session()
    school_rows = [r for r in rows if r["level"] == "school" and r["year"] == year
                   and r["group_id"] == group]
    la_name = data.la_name(session, la)
    return render_template(
        "measure.html", spec=spec, year=year, group=group, la_name=la_name,
        years_table=c.year_table(la_rows, spec, group, f"{la_name}: {spec.title} by year"),
        groups_table=c.group_table(la_rows, spec, year, f"{la_name}: {spec.title}, {year}, "
                                   "by pupil group") if years else None,
        schools_table=c.school_rows_table(school_rows, spec, names,
                                          f"Schools, {year}") if school_rows else None,
        year_items=c.select_items([(str(y), str(y)) for y in years], str(year)),
        group_items=c.select_items(_group_options(la_rows), group))


def _group_options(rows: list[c.Row]) -> list[tuple[str, str]]:
    titles = {g.id: g.title for g in data.catalogue().groups}
    present = sorted({r["group_id"] for r in rows}, key=lambda g: (g != "all", g))
    return [(g, titles.get(g, g)) for g in present] or [("all", "All pupils")]


@bp.route("/measures/<measure_id>.csv")
@requires(Rule.LA_AGGREGATES)
def measure_csv(measure_id: str) -> Response:
    _spec, rows = _measure_rows(measure_id)
    la = _home_la()
    rows = _visible(rows, _visible_urns(_who(), la), la)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return Response(out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{measure_id}.csv"'})
