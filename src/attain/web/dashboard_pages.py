"""The LA dashboard and the watchlists that scope it.

`/` (the route stays `pages.overview`, in attain.web.pages, which calls `overview` here):
LA staff see it scoped to their default list of schools ("My schools"), to another of
their lists, or to all schools (`?scope=`): LA headlines against national; each scoped
school's headline measures with a sparkline and its latest category; schools by category;
overdue plan actions; visits that need attention. School users and viewers keep the LA
results page (LA-level, published figures only).

`/watchlists/...`: a staff user's own lists (create, rename, choose schools, delete); a list
of another user is a 404. Every change is audited by attain.services.watchlists.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy.orm import Session

from attain.errors import UserError
from attain.services import dashboard, school_categories
from attain.services import watchlists as service
from attain.services.results import ResultFilter
from attain.services.watchlists import Watchlist
from attain.store.models import School
from attain.web import cache_pages, cache_tables, data, database
from attain.web import context as c
from attain.web import dashboard_context as dc
from attain.web import review_context as vc
from attain.web import workspace as w
from attain.web.access import Rule, requires
from attain.web.messages import message
from attain.web.risk_pages import available_frameworks
from attain.web.watchlist_forms import DeleteForm, WatchlistForm, schools_form

bp = Blueprint("watchlists", __name__, url_prefix="/watchlists")


def overview() -> str:
    """The dashboard of the signed-in user (see the module's docstring)."""
    la = w.home_la()
    name = data.la_name(database.session(), la)
    if not w.who().is_staff:
        results = cache_pages.page_fragment(lambda: _la_results(la, name), "la", la, name)
        return render_template(
            "overview.html", title=message("overview.title", la_name=name),
            has_rows=results.has_rows, results_section=results.html)
    return _staff_dashboard(la, name)


def _la_results(la: str | None, name: str, part: str = "") -> cache_pages.Fragment:
    """The LA's results against national: the headline table and trend charts (or only
    `part`: "headline" or "trends")."""
    rows = _la_rows(la)
    if not rows:
        return cache_pages.Fragment(Markup(""), has_rows=False)
    headline = c.headline_table(rows, "Headline measures, latest year", name) \
        if part != "trends" else None
    charts = c.trend_charts(rows, name) if part != "headline" else []
    return cache_pages.Fragment(Markup(render_template(
        "_overview_results.html" if not part else f"dashboard/_la_{part}.html",
        govukTable=cache_tables.govuk_table, headline=headline, charts=charts)),
        has_rows=True)


def _la_rows(la: str | None) -> list[c.Row]:
    """The LA's rows of every measure, all pupils (from the worker's index, cached)."""
    cache_pages.warm_index()
    return data.results(w.folder(), ResultFilter(la=la, group="all")) if la else []


def _la_schools(la: str | None) -> list[data.SchoolInfo]:
    """The LA's schools by name, read as columns: about half the cost of loading them as
    ORM objects (data.schools), on every dashboard view."""
    if la is None:
        return []
    query = (sa.select(School.urn, School.name, School.la_code, School.phase, School.type,
                       School.is_academy, School.close_date)
             .where(School.la_code == la).order_by(School.name))
    return [data.SchoolInfo(urn, name, la_code, phase or "", kind or "", academy,
                            closed is not None)
            for urn, name, la_code, phase, kind, academy, closed
            in database.session().execute(query)]


def _owner() -> int:
    owner: int = current_user.account.id
    return owner


def _scope(lists: list[Watchlist]) -> dc.Scope:
    """`?scope=all`, `?scope=<id of one of the user's lists>` (another id: 404), or by
    default the user's default list if it has schools, else all schools."""
    every = dc.Scope(dc.ALL, message("dashboard.scope_all"), None)
    asked = request.args.get("scope", "")
    if asked == dc.ALL:
        return every
    if asked.isdigit():
        found = next((x for x in lists if x.id == int(asked)), None)
        if found is None:
            abort(404)
        return dc.Scope(str(found.id), found.name, found.urns)
    default = next((x for x in lists if x.is_default and x.urns), None)
    return dc.Scope(str(default.id), default.name, default.urns) if default else every


def _staff_dashboard(la: str | None, name: str) -> str:
    session = database.session()
    lists = service.lists_of(session, _owner())
    scope = _scope(lists)
    shown = [s for s in _la_schools(la) if scope.covers(s.urn)]
    urns = [s.urn for s in shown]
    decisions = school_categories.latest_categories(session, urns)
    frameworks = available_frameworks() if decisions else {}
    categories = dc.category_texts(urns, decisions, frameworks)
    caption = message("dashboard.schools_caption", scope=scope.label)
    la_measures = {r["measure_id"] for r in _la_rows(la)}
    wanted = request.args.get("measure", "")
    wanted = wanted if wanted in la_measures and wanted in c.HEADLINE_MEASURES else ""
    schools = cache_pages.page_fragment(
        lambda: _schools_fragment(shown, categories, wanted, caption), "schools", la,
        tuple(urns), tuple(sorted(categories.items())), wanted)
    headline = cache_pages.page_fragment(lambda: _la_results(la, name, "headline"),
                                         "la_headline", la, name)
    trends = cache_pages.page_fragment(lambda: _la_results(la, name, "trends"),
                                       "la_trends", la, name)
    today = date.today()
    actions = dashboard.overdue_actions(session, None if scope.urns is None else urns, today)
    visits = dashboard.visits_needing_attention(session, urns, today, w.academic_year(today))
    return render_template(
        "dashboard/staff.html", title=message("dashboard.title", la_name=name),
        la_title=message("overview.title", la_name=name),
        scope=scope, scope_items=dc.scope_items(lists, scope), has_lists=bool(lists),
        measure_items=dc.measure_items(la_measures, wanted),
        headline=headline, trends=trends, schools=schools, school_count=len(shown),
        # tables built in Python (attain.web.cache_tables): the macro costs a call per cell
        categories=cache_tables.govuk_table(dc.category_counts_table(
            shown, decisions, frameworks, message("dashboard.by_category_caption"))),
        actions=cache_tables.govuk_table(dc.actions_table(actions, dashboard.plan_titles(
            session, {a.plan_id for a in actions}), message("dashboard.actions_caption")))
        if actions else None,
        visits=cache_tables.govuk_table(vc.visits_table(
            visits, {s.urn: s.name for s in shown}, message("dashboard.visits_caption")))
        if visits else None)


def _schools_fragment(shown: list[data.SchoolInfo], categories: dict[int, str], wanted: str,
                      caption: str) -> cache_pages.Fragment:
    cache_pages.warm_index()
    rows_of = {s.urn: data.results(w.folder(), ResultFilter(school=s.urn, group="all"))
               for s in shown}
    if not shown:
        return cache_pages.Fragment(Markup(""), has_rows=False)
    return cache_pages.Fragment(Markup(render_template(
        "dashboard/_schools.html", govukTable=cache_tables.govuk_table,
        table=dc.schools_table(shown, rows_of, categories, wanted, caption))), has_rows=True)


# ---- watchlists -------------------------------------------------------------------------

def _own_or_404(watchlist_id: int) -> Watchlist:
    found = service.watchlist(database.session(), _owner(), watchlist_id)
    if found is None:
        abort(404)
    return found


def _name_problem(err: UserError, name: str) -> str:
    """The form's error for a name the service refused (the form itself checks that a
    name is given and not too long, so what is left is a name the user already uses)."""
    if "already have a list" in err.what:
        return message("watchlists.name_taken", name=" ".join(name.split()))
    return err.what


def _save_name(form: WatchlistForm,
               write: Callable[[Session, str, bool], Watchlist]) -> Watchlist | None:
    """Create or rename a list with `form`'s name and default flag, and commit; a name the
    service refuses is rolled back and shown on the name field (None)."""
    session = database.session()
    name = form.name.data or ""
    try:
        saved = write(session, name, bool(form.make_default.data))
    except UserError as err:
        session.rollback()
        form.name.errors = [*form.name.errors, _name_problem(err, name)]
        return None
    session.commit()
    return saved


@bp.route("")
@requires(Rule.STAFF)
def index() -> str:
    lists = service.lists_of(database.session(), _owner())
    return render_template("dashboard/watchlists.html",
                           table=dc.watchlists_table(lists, message("watchlists.caption"))
                           if lists else None)


@bp.route("/new", methods=["GET", "POST"])
@requires(Rule.STAFF)
def new() -> ResponseReturnValue:
    form = WatchlistForm()
    if form.validate_on_submit():
        made = _save_name(form, lambda session, name, default: service.create(
            session, _owner(), name, by=w.user_email(), make_default=default))
        if made is not None:
            flash(message("watchlists.created", name=made.name))
            return redirect(url_for("watchlists.schools", watchlist_id=made.id))
    return render_template("dashboard/watchlist_form.html", form=form,
                           title=message("watchlists.new_title")), 400 if form.errors else 200


@bp.route("/<int:watchlist_id>/edit", methods=["GET", "POST"])
@requires(Rule.STAFF)
def edit(watchlist_id: int) -> ResponseReturnValue:
    found = _own_or_404(watchlist_id)
    form = WatchlistForm(data={"name": found.name, "make_default": found.is_default})
    if form.validate_on_submit():
        changed = _save_name(form, lambda session, name, default: service.rename(
            session, _owner(), found.id, name, by=w.user_email(), make_default=default))
        if changed is not None:
            flash(message("watchlists.saved", name=changed.name))
            return redirect(url_for("watchlists.index"))
    return render_template("dashboard/watchlist_form.html", form=form,
                           title=message("watchlists.edit_title", name=found.name)), \
        400 if form.errors else 200


@bp.route("/<int:watchlist_id>/schools", methods=["GET", "POST"])
@requires(Rule.STAFF)
def schools(watchlist_id: int) -> ResponseReturnValue:
    found = _own_or_404(watchlist_id)
    session = database.session()
    la_schools = data.schools(session, la_code=w.home_la())
    form = schools_form([(s.urn, f"{s.name} ({s.urn})") for s in la_schools],
                        None if request.method == "POST" else found.urns)
    if form.validate_on_submit():
        try:
            changed = service.set_schools(session, _owner(), found.id, form.schools.data or [],
                                          [s.urn for s in la_schools], by=w.user_email())
        except UserError:
            session.rollback()
            form.schools.errors = [*form.schools.errors, message("watchlists.schools_bad")]
        else:
            session.commit()
            flash(message("watchlists.schools_saved", name=changed.name,
                          count=len(changed.urns)))
            return redirect(url_for("pages.overview", scope=changed.id))
    return render_template("dashboard/watchlist_schools.html", form=form,
                           title=message("watchlists.schools_title", name=found.name)), \
        400 if form.errors else 200


@bp.route("/<int:watchlist_id>/delete", methods=["GET", "POST"])
@requires(Rule.STAFF)
def delete(watchlist_id: int) -> ResponseReturnValue:
    found = _own_or_404(watchlist_id)
    form = DeleteForm()
    if form.validate_on_submit():
        session = database.session()
        service.delete(session, _owner(), found.id, by=w.user_email())
        session.commit()
        flash(message("watchlists.deleted", name=found.name))
        return redirect(url_for("watchlists.index"))
    if request.method == "POST":
        abort(400)  # only a forged or expired form fails: it has no fields
    return render_template("dashboard/watchlist_delete.html", form=form,
                           title=message("watchlists.delete_title", name=found.name))
