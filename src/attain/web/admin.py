"""Admin pages: users, their roles and school assignments. Every change is audited."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from attain.errors import UserError
from attain.store.models import Role
from attain.web import audit_context as audit_c
from attain.web import database
from attain.web import tables as t
from attain.web.access import Rule, requires
from attain.web.account_edits import AccountChange, LastAdminError, edit_user
from attain.web.accounts import NewUser, account, add_user, all_accounts
from attain.web.audit_forms import AuditFilterForm, parsed_date
from attain.web.forms import NewUserForm
from attain.web.messages import message
from attain.web.user_forms import edit_form

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/users")
@requires(Rule.ADMIN)
def users() -> str:
    rows = [[t.link_cell(a.email, url_for("admin.edit_user", user_id=a.id)),
             t.text_cell(a.name), t.text_cell(a.role.value),
             t.text_cell(", ".join(map(str, sorted(a.urns))) or "–"),
             t.text_cell("Yes" if a.can_see_pupils else "No"),
             t.text_cell("Yes" if a.active else "No")]
            for a in all_accounts(database.session())]
    head = ["Email", "Name", "Role", "Schools", "Named pupil data", "Active"]
    return render_template("users.html", table=t.table(message("users.title"), head, rows))


@bp.route("/users/new", methods=["GET", "POST"])
@requires(Rule.ADMIN)
def new_user() -> ResponseReturnValue:
    form = NewUserForm()
    if form.validate_on_submit():
        session = database.session()
        new = NewUser(email=form.email.data or "", role=Role(form.role.data),
                      password=form.password.data or "", name=form.name.data or "",
                      urns=form.urns(), can_see_pupils=bool(form.can_see_pupils.data))
        try:
            added = add_user(session, new, by=current_user.account.email)
        except UserError as err:
            session.rollback()
            form.email.errors = [*form.email.errors, err.message]
        else:
            session.commit()
            flash(message("users.added", email=added.email))
            return redirect(url_for("admin.users"))
    status = 400 if form.errors else 200
    return render_template("user_new.html", form=form), status


@bp.route("/audit")
@requires(Rule.ADMIN)
def audit() -> ResponseReturnValue:
    """The audit log, newest first, filtered by user, object and dates; 50 a page."""
    form = AuditFilterForm(formdata=request.args)
    valid = form.validate()
    start, end = parsed_date(form.date_from.data), parsed_date(form.date_to.data)
    if valid and start and end and start > end:
        form.date_to.errors = [*form.date_to.errors, message("audit.date_order")]
        valid = False
    if not valid:
        return render_template("admin/audit.html", form=form, table=None), 400
    wanted = audit_c.AuditFilter(user=(form.user.data or "").strip(),
                                 entity=(form.entity.data or "").strip(),
                                 entity_id=(form.entity_id.data or "").strip(),
                                 date_from=start, date_to=end)
    page = audit_c.audit_page(database.session(), wanted, _page_number())
    query = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "admin/audit.html", form=form,
        table=audit_c.audit_table(page.entries) if page.entries else None,
        count=message("audit.count", total=page.total, number=page.number, pages=page.pages),
        pages=audit_c.pagination(page, url_for("admin.audit"), query))


def _page_number() -> int:
    text = request.args.get("page", "1")
    return int(text) if text.isdigit() else 1


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"], endpoint="edit_user")
@requires(Rule.ADMIN)
def edit_user_page(user_id: int) -> ResponseReturnValue:
    session = database.session()
    found = account(session, user_id)
    if found is None:
        abort(404)
    form = edit_form(found)
    if form.validate_on_submit():
        change = AccountChange(name=form.name.data or "", role=Role(form.role.data),
                               urns=form.urns(), can_see_pupils=bool(form.can_see_pupils.data),
                               active=bool(form.active.data))
        try:
            outcome = edit_user(session, user_id, change, by=current_user.account.email)
        except LastAdminError:
            session.rollback()
            field = form.role if change.role is not Role.ADMIN else form.active
            field.errors = [*field.errors, message("users.last_admin")]
        except UserError as err:
            session.rollback()
            form.schools.errors = [*form.schools.errors, err.message]
        else:
            session.commit()
            done = "users.saved" if outcome.changed else "users.unchanged"
            flash(message(done, email=found.email))
            return redirect(url_for("admin.users"))
    status = 400 if form.errors else 200
    return render_template("admin/user_edit.html", form=form, email=found.email), status
