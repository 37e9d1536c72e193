"""Data pages (admin only): upload a file of any kind `attain import` reads, see its
validation report with every row-level problem, confirm the import, and the history of
imported files with their provenance.

An upload waits in <data>/uploads/<token>/ between the check and the confirmation
(attain.web.upload_area: deleted after the import or a failed check, whatever happens, and
swept when older than a day); the import (attain.services.imports.import_file) validates the
file again and writes all of it or nothing, so a file with problems never changes the
warehouse.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from werkzeug.utils import secure_filename

from attain.ingest.problems import ReadOptions
from attain.services.import_check import VALID, check_file
from attain.services.imports import ImportOutcome, import_file
from attain.services.published_store import published_store
from attain.store.models import AuditEntry
from attain.web import data_context as dc
from attain.web import database, upload_area
from attain.web import workspace as w
from attain.web.access import Rule, requires
from attain.web.data_forms import ConfirmForm, UploadForm
from attain.web.messages import message

bp = Blueprint("data", __name__, url_prefix="/data")
OPTIONS_FILE = "options.json"
TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def _upload_dir(token: str) -> Path:
    if not TOKEN.match(token):
        abort(404)
    found = upload_area.area(w.folder()) / token
    if not found.is_dir():
        abort(404)
    return found


def _uploaded(token: str) -> tuple[Path, str | None, ReadOptions]:
    """The waiting file and the kind and options it was checked with."""
    folder = _upload_dir(token)
    files = [p for p in folder.iterdir() if p.name != OPTIONS_FILE]
    if len(files) != 1:
        abort(404)
    saved = json.loads((folder / OPTIONS_FILE).read_text(encoding="utf-8"))
    return files[0], saved.get("kind"), ReadOptions(saved.get("year"), saved.get("release"))


def _report(outcome: ImportOutcome, token: str | None) -> str:
    return render_template(
        "data/report.html", title=message("data.report_title", file=outcome.file),
        outcome=outcome, token=token, valid=outcome.status == VALID,
        rows=dc.rows_text(outcome.rows), count=len(outcome.problems),
        problems=dc.problems_table(outcome.problems, "Problems found"),
        form=ConfirmForm())


@bp.route("/upload", methods=["GET", "POST"])
@requires(Rule.ADMIN)
def upload() -> ResponseReturnValue:
    form = UploadForm()
    if not form.validate_on_submit():
        status = 400 if form.errors else 200
        return render_template("data/upload.html", title=message("data.upload_title"),
                               form=form), status
    upload_area.sweep(w.folder())
    token, folder = upload_area.new_upload(w.folder())
    try:
        outcome = _check_upload(form, folder)
    except BaseException:
        upload_area.discard(folder)
        raise
    if outcome.status != VALID:
        upload_area.discard(folder)  # nothing to confirm: a rejected or known file is not kept
        return _report(outcome, None)
    return _report(outcome, token)


def _check_upload(form: UploadForm, folder: Path) -> ImportOutcome:
    path = folder / (secure_filename(form.file.data.filename or "") or "upload.csv")
    form.file.data.save(path)
    kind = form.kind.data or None
    options = ReadOptions(form.year.data, form.release.data or None)
    (folder / OPTIONS_FILE).write_text(json.dumps(
        {"kind": kind, "year": options.year, "release": options.release}), encoding="utf-8")
    return check_file(w.folder(), path, kind=kind, options=options)


@bp.route("/uploads/<token>/confirm", methods=["POST"])
@requires(Rule.ADMIN)
def confirm(token: str) -> ResponseReturnValue:
    path, kind, options = _uploaded(token)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    w.end_request_transaction()
    try:
        outcome = import_file(w.folder(), path, kind=kind, options=options)
    finally:
        upload_area.discard(path.parent)
    if outcome.status != "imported":
        return _report(outcome, None)
    session = database.session()
    session.add(AuditEntry(user=w.user_email(), action="import", entity="published_file",
                           entity_id=outcome.file[:80], detail={
                               "before": None,
                               "after": {"file": outcome.file, "kind": outcome.kind,
                                         "rows": outcome.rows,
                                         "skipped_rows": outcome.skipped_rows}}))
    session.commit()
    flash(message("data.imported", file=outcome.file, kind=outcome.kind,
                  rows=dc.rows_text(outcome.rows)))
    return redirect(url_for("data.history"))


@bp.route("/imports")
@requires(Rule.ADMIN)
def history() -> str:
    entries = published_store(w.folder()).read("imports").to_pylist()
    return render_template("data/history.html", title=message("data.history"),
                           has_entries=bool(entries),
                           table=dc.ledger_table(entries, message("data.history")))
