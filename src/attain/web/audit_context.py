"""The audit log page: the filtered, paginated entries (newest first) as parameters of the
GOV.UK table and pagination macros."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

import sqlalchemy as sa
from sqlalchemy.orm import Session

from attain.store.models import AuditEntry
from attain.web import tables as t
from attain.web.messages import message

PAGE_SIZE = 50
NO_CHANGE = "–"


@dataclass(frozen=True)
class AuditFilter:
    user: str = ""  # part of the acting user's email
    entity: str = ""
    entity_id: str = ""
    date_from: date | None = None
    date_to: date | None = None  # inclusive


@dataclass(frozen=True)
class AuditPage:
    entries: list[AuditEntry]
    number: int  # 1-based
    pages: int
    total: int


def _conditions(wanted: AuditFilter) -> list[sa.ColumnElement[bool]]:
    found: list[sa.ColumnElement[bool]] = []
    if wanted.user:
        found.append(AuditEntry.user.ilike(f"%{_like_escaped(wanted.user)}%", escape="\\"))
    if wanted.entity:
        found.append(sa.func.lower(AuditEntry.entity) == wanted.entity.lower())
    if wanted.entity_id:
        found.append(AuditEntry.entity_id == wanted.entity_id)
    if wanted.date_from:
        found.append(AuditEntry.at >= _midnight(wanted.date_from))
    if wanted.date_to:
        found.append(AuditEntry.at < _midnight(wanted.date_to + timedelta(days=1)))
    return found


def _like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def audit_page(session: Session, wanted: AuditFilter, number: int) -> AuditPage:
    conditions = _conditions(wanted)
    total = session.scalar(sa.select(sa.func.count(AuditEntry.id)).where(*conditions)) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    number = min(max(1, number), pages)
    entries = session.scalars(
        sa.select(AuditEntry).where(*conditions)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(PAGE_SIZE).offset((number - 1) * PAGE_SIZE)).all()
    return AuditPage(list(entries), number, pages, total)


def changed_keys(detail: Mapping[str, Any] | None) -> list[str]:
    """The keys whose values differ between detail's before and after (sorted)."""
    if not detail:
        return []
    before = detail.get("before") or {}
    after = detail.get("after") or {}
    if not isinstance(before, Mapping) or not isinstance(after, Mapping):
        return []
    return sorted(key for key in set(before) | set(after) if before.get(key) != after.get(key))


def _object(entry: AuditEntry) -> str:
    return f"{entry.entity} {entry.entity_id}" if entry.entity_id else entry.entity


def _time(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M:%S")


def audit_table(entries: Sequence[AuditEntry]) -> dict[str, Any]:
    rows = [[t.text_cell(_time(e.at)), t.text_cell(e.user), t.text_cell(e.action),
             t.text_cell(_object(e)),
             t.text_cell(", ".join(changed_keys(e.detail)) or NO_CHANGE)]
            for e in entries]
    head = [message("audit.head.time"), message("audit.head.user"),
            message("audit.head.action"), message("audit.head.object"),
            message("audit.head.changed")]
    return t.table(message("audit.caption"), head, rows)


def pagination(page: AuditPage, base: str, query: Mapping[str, str]) -> dict[str, Any] | None:
    """Parameters of govukPagination (None for a single page); links keep the filters."""
    if page.pages <= 1:
        return None

    def href(number: int) -> str:
        return f"{base}?{urlencode({**query, 'page': str(number)})}"

    params: dict[str, Any] = {"items": [
        {"ellipsis": True} if n is None
        else {"number": n, "href": href(n), "current": n == page.number}
        for n in shown_pages(page.number, page.pages)]}
    if page.number > 1:
        params["previous"] = {"href": href(page.number - 1),
                              "text": message("audit.previous")}
    if page.number < page.pages:
        params["next"] = {"href": href(page.number + 1), "text": message("audit.next")}
    return params


def shown_pages(current: int, pages: int) -> list[int | None]:
    """The page links GOV.UK shows: the first, the last, the current one and its
    neighbours, with None (an ellipsis) for each gap."""
    wanted = sorted({1, pages, current - 1, current, current + 1} & set(range(1, pages + 1)))
    shown: list[int | None] = []
    for number in wanted:
        if shown and shown[-1] is not None and number - shown[-1] > 1:
            shown.append(None)
        shown.append(number)
    return shown
