"""The upload area of the data pages: <data>/uploads/<token>/ holds one uploaded file (and
the options it was checked with) between its validation report and the confirmed import.

Uploads may be pupil-level files, so none stays longer than it must: a folder is deleted
after its import, after a failed check, and by the sweep at every upload once it is older
than the upload_max_age_hours setting (an upload that was never confirmed).
"""

from __future__ import annotations

import secrets
import shutil
import time
from pathlib import Path

from attain import settings
from attain.errors import UserError

UPLOADS = "uploads"
SECONDS_PER_HOUR = 3600


def area(folder: Path) -> Path:
    return folder / UPLOADS


def new_upload(folder: Path) -> tuple[str, Path]:
    """A fresh token and its empty folder."""
    token = secrets.token_urlsafe(24)
    upload = area(folder) / token
    upload.mkdir(parents=True)
    return token, upload


def discard(upload: Path) -> None:
    """Delete one upload's folder (already gone is fine: a sweep or a second tab)."""
    shutil.rmtree(upload, ignore_errors=True)


def max_age_hours() -> float:
    text = settings.UPLOAD_MAX_AGE_HOURS.value()
    try:
        hours = float(text)
    except ValueError:
        hours = -1.0
    if not hours > 0:
        raise UserError(f"{settings.UPLOAD_MAX_AGE_HOURS.env}={text!r} is not a number of "
                        "hours above 0", fix="Set it to e.g. 24, or unset it.")
    return hours


def sweep(folder: Path, *, now: float | None = None) -> int:
    """Delete every upload last changed more than max_age_hours() ago; how many went."""
    found = area(folder)
    if not found.is_dir():
        return 0
    oldest = (time.time() if now is None else now) - max_age_hours() * SECONDS_PER_HOUR
    removed = 0
    for entry in found.iterdir():
        if _last_changed(entry) < oldest:
            if entry.is_dir() and not entry.is_symlink():
                discard(entry)
            else:
                entry.unlink(missing_ok=True)
            removed += 1
    return removed


def _last_changed(entry: Path) -> float:
    """The newest modification time of the entry and, for a folder, of what it holds."""
    try:
        times = [entry.lstat().st_mtime]
        if entry.is_dir() and not entry.is_symlink():
            times += [p.lstat().st_mtime for p in entry.iterdir()]
    except FileNotFoundError:  # removed meanwhile by another request's sweep
        return float("inf")
    return max(times)
