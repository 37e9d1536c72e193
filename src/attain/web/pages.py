"""The pages: LA overview, schools list, school page, measures and one measure."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, render_template, request
from markupsafe import Markup

from attain.services.results import ResultFilter
from attain.web import cache_pages, cache_tables, dashboard_pages, data, database, schools_context
from attain.web import context as c
from attain.web import explorer_context as ec
from attain.web import explorer_download as downloads
from attain.web.access import Principal, Rule, requires
from attain.web.workspace import folder as _folder
from attain.web.workspace import home_la as _home_la
from attain.web.workspace import who as _who

bp = Blueprint("pages", __name__)


@bp.route("/")
@requires(Rule.LA_AGGREGATES)
def overview() -> str:
    """The dashboard: attain.web.dashboard_pages (staff: scoped by their watchlists)."""
    return dashboard_pages.overview()


@bp.route("/schools")
@requires(Rule.SCHOOL_DIRECTORY)
def schools() -> str:
    who = _who()
    session = database.session()
    found = (data.schools(session, la_code=_home_la()) if who.is_staff
             else data.schools(session, urns=who.urns))
    return render_template("schools.html", **schools_context.schools_page(
        session, found, request.args))


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
    """The school's results tables; a measure the school has no rows for is a 404.

    Two reads of the school's rows, not one of all of them: every measure's all-pupils rows
    (the headline table and the measure list) and the chosen measure's rows (its tables);
    converting a school's ~10,000 rows to dicts was most of a first view's cost."""
    cache_pages.warm_index()
    everyone = c.by_measure(data.results(_folder(), ResultFilter(school=urn, group="all")))
    chosen = _chosen_measure(everyone)
    if chosen is None:
        return cache_pages.Fragment(Markup(""), has_rows=False)
    rows = data.results(_folder(), ResultFilter(school=urn, measure=chosen.id))
    year = max(r["year"] for r in rows)
    return cache_pages.Fragment(Markup(render_template(
        "_school_results.html", govukTable=cache_tables.govuk_table, measure=chosen,
        headline=c.headline_table([r for found in everyone.values() for r in found],
                                  "Results, latest year", "School", family=True),
        measure_items=c.select_items([(m, c.measure_title(m)) for m in sorted(everyone)],
                                     chosen.id),
        groups=c.group_table(rows, chosen, year, f"{chosen.title}, {year}, by pupil group"),
        years=c.year_table(rows, chosen, "all", f"{chosen.title}, all pupils, by year"))),
        has_rows=True)


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


def _scope(who: Principal) -> ec.Scope:
    """What of a measure the user may see: the LA's schools for staff, a school user's own
    schools (the national sample's schools are comparators, not listed), no school for a
    viewer; the LA, national and the LA's comparison areas for everyone."""
    session = database.session()
    la = _home_la()
    found = (data.schools(session, la_code=la) if who.is_staff
             else data.schools(session, urns=who.urns))
    return ec.Scope(la, data.la_name(session, la),
                    {s.urn: s.name for s in found if who.may_see_school(s.urn)},
                    ec.comparison_areas(_folder(), la))


def _visible_rows(measure_id: str) -> tuple[Any, list[c.Row]]:
    """The measure and the rows of it the user may see: the page's and the downloads'."""
    spec, rows = _measure_rows(measure_id)
    return spec, ec.visible(rows, _scope(_who()))


@bp.route("/measures/<measure_id>")
@requires(Rule.LA_AGGREGATES)
def measure_page(measure_id: str) -> str:
    spec, rows = _measure_rows(measure_id)
    scope = _scope(_who())
    return render_template("measure.html", **ec.explorer_page(
        spec, ec.visible(rows, scope), scope, request.args))


def _download(measure_id: str, body: str | bytes, mimetype: str, suffix: str) -> Response:
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{measure_id}.{suffix}"'})


@bp.route("/measures/<measure_id>.csv")
@requires(Rule.LA_AGGREGATES)
def measure_csv(measure_id: str) -> Response:
    _spec, rows = _visible_rows(measure_id)
    return _download(measure_id, downloads.csv_text(rows), downloads.CSV_TYPE, "csv")


@bp.route("/measures/<measure_id>.xlsx")
@requires(Rule.LA_AGGREGATES)
def measure_xlsx(measure_id: str) -> Response:
    spec, rows = _visible_rows(measure_id)
    return _download(measure_id, downloads.xlsx_bytes(rows, spec), downloads.XLSX_TYPE, "xlsx")
