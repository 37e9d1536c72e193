"""Admin pages: users, their roles and school assignments. Every change is audited."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from attain.errors import UserError
from attain.store.models import Role
from attain.web import database
from attain.web import tables as t
from attain.web.access import Rule, requires
from attain.web.accounts import NewUser, add_user, all_accounts
from attain.web.forms import NewUserForm
from attain.web.messages import message

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/users")
@requires(Rule.ADMIN)
def users() -> str:
    rows = [[t.text_cell(a.email), t.text_cell(a.name), t.text_cell(a.role.value),
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
