"""The schools list: its filters and sort read from the query string, the schools they
keep, in order, and the GOV.UK macro parameters of the filter form and of the table with
sortable headings (links with aria-sort, no script).

A filter value that is not one of the page's options (an unknown phase, a malformed sort)
is ignored, never an error: the page shows what it would without it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, TypeVar

from flask import url_for
from markupsafe import escape
from sqlalchemy.orm import Session

from attain.domain.risk import INSUFFICIENT_DATA
from attain.services.school_categories import (
    LatestCategory,
    is_below_floor,
    latest_categories,
)
from attain.web import tables as t
from attain.web.data import SchoolInfo
from attain.web.messages import message
from attain.web.risk_pages import available_frameworks

CATEGORY_ID = re.compile(r"[a-z0-9_]{1,40}")
E = TypeVar("E", bound=StrEnum)
YES = "yes"
INSUFFICIENT_DATA_LABEL = "Insufficient data"  # as attain.risk.evaluate labels it


class SortKey(StrEnum):
    NAME = "name"
    URN = "urn"
    PHASE = "phase"
    TYPE = "type"
    CATEGORY = "category"


class Status(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class ListedSchool:
    """A school as the list shows it: its registry entry and its latest categories."""

    info: SchoolInfo
    categories: tuple[LatestCategory, ...] = ()
    category_text: str = ""

    @property
    def category_ids(self) -> frozenset[str]:
        return frozenset(c.category for c in self.categories)


@dataclass(frozen=True)
class SchoolFilters:
    query: str = ""
    phase: str = ""
    type: str = ""
    category: str = ""
    status: Status | None = None
    below_floor: bool = False
    sort: SortKey = SortKey.NAME
    descending: bool = False

    @property
    def any_filter(self) -> bool:
        return bool(self.query or self.phase or self.type or self.category or self.status
                    or self.below_floor)

    def arguments(self) -> dict[str, str]:
        """The query string that shows this list (defaults left out)."""
        found = {"q": self.query, "phase": self.phase, "type": self.type,
                 "category": self.category, "status": self.status or "",
                 "below_floor": YES if self.below_floor else "",
                 "sort": "" if self.sort is SortKey.NAME else self.sort.value,
                 "order": "descending" if self.descending else ""}
        return {k: v for k, v in found.items() if v}


def read_filters(args: Mapping[str, str], schools: Sequence[ListedSchool],
                 known_categories: Callable[[], frozenset[str]]) -> SchoolFilters:
    """The filters asked for, each kept only if it is one of the list's options;
    `known_categories` (every framework's category ids) is only called for a category
    that no listed school is in."""
    phase, kind = args.get("phase", ""), args.get("type", "")
    category = args.get("category", "")
    present = {c for s in schools for c in s.category_ids}
    if category and category not in present and (
            not CATEGORY_ID.fullmatch(category) or category not in known_categories()):
        category = ""
    return SchoolFilters(
        query=args.get("q", "").strip()[:100],
        phase=phase if phase in {s.info.phase for s in schools if s.info.phase} else "",
        type=kind if kind in {s.info.type for s in schools if s.info.type} else "",
        category=category,
        status=_member(Status, args.get("status", "")),
        below_floor=args.get("below_floor", "") == YES,
        sort=_member(SortKey, args.get("sort", "")) or SortKey.NAME,
        descending=args.get("order", "") == "descending")


def _member(kind: type[E], text: str) -> E | None:
    try:
        return kind(text)
    except ValueError:
        return None


def matches(school: ListedSchool, f: SchoolFilters) -> bool:
    info = school.info
    query = f.query.lower()
    return ((not query or query in info.name.lower() or query == str(info.urn))
            and (not f.phase or info.phase == f.phase)
            and (not f.type or info.type == f.type)
            and (not f.category or f.category in school.category_ids)
            and (f.status is None or info.closed == (f.status is Status.CLOSED))
            and (not f.below_floor or is_below_floor(school.categories)))


def _sort_value(key: SortKey) -> Callable[[ListedSchool], Any]:
    return {
        SortKey.NAME: lambda s: s.info.name.lower(),
        SortKey.URN: lambda s: s.info.urn,
        SortKey.PHASE: lambda s: s.info.phase.lower(),
        SortKey.TYPE: lambda s: s.info.type.lower(),
        # schools without a category after those with one
        SortKey.CATEGORY: lambda s: (not s.category_text, s.category_text.lower()),
    }[key]


def chosen(schools: Iterable[ListedSchool], f: SchoolFilters) -> list[ListedSchool]:
    """The schools the filters keep, sorted (ties by name, then URN, in either order)."""
    kept = sorted((s for s in schools if matches(s, f)),
                  key=lambda s: (s.info.name.lower(), s.info.urn))
    return sorted(kept, key=_sort_value(f.sort), reverse=f.descending)


def category_text(categories: Iterable[LatestCategory],
                  labels: Mapping[tuple[str, str], str]) -> str:
    """The school's latest categories as their frameworks label them."""
    return "; ".join(labels.get((c.framework_id, c.category), c.category)
                     for c in categories)


HEADINGS = ((SortKey.NAME, "table.head.school"), (SortKey.URN, "table.head.urn"),
            (SortKey.PHASE, "table.head.phase"), (SortKey.TYPE, "table.head.type"),
            (SortKey.CATEGORY, "table.head.category"))


def _heading(key: SortKey, text_key: str, f: SchoolFilters) -> dict[str, Any]:
    """A sortable heading: a link that sorts by the column (again: the other way)."""
    current = f.sort is key
    descending = current and not f.descending
    arguments: dict[str, Any] = replace(f, sort=key, descending=descending).arguments()
    href = url_for("pages.schools", **arguments)
    state = ("descending" if f.descending else "ascending") if current else "none"
    return {"html": f'<a class="govuk-link" href="{escape(href)}">'
                    f"{escape(message(text_key))}</a>",
            "attributes": {"aria-sort": state}}


def schools_table(shown: Sequence[ListedSchool], f: SchoolFilters) -> dict[str, Any]:
    body = [[t.link_cell(s.info.name, url_for("pages.school_page", urn=s.info.urn)),
             t.text_cell(str(s.info.urn)), t.text_cell(s.info.phase), t.text_cell(s.info.type),
             t.text_cell(s.category_text or message("schools.no_category")),
             t.text_cell(message("schools.closed" if s.info.closed else "schools.open"))]
            for s in shown]
    table = t.table(message("schools.title"), [], body)
    table["head"] = [*(_heading(key, text, f) for key, text in HEADINGS),
                     {"text": message("schools.status")}]
    return table


def _items(options: Iterable[tuple[str, str]], selected: str) -> list[dict[str, Any]]:
    return [{"value": v, "text": text, "selected": v == selected} for v, text in options]


def filter_items(schools: Sequence[ListedSchool], f: SchoolFilters,
                 labels: Mapping[tuple[str, str], str]) -> dict[str, Any]:
    """The items of the filter form's selects and checkbox."""
    phases = sorted({s.info.phase for s in schools if s.info.phase})
    types = sorted({s.info.type for s in schools if s.info.type})
    by_id: dict[str, str] = {}
    for s in schools:
        for c in s.categories:
            by_id.setdefault(c.category, labels.get((c.framework_id, c.category), c.category))
    if f.category and f.category not in by_id:
        by_id[f.category] = next((label for (_, cid), label in labels.items()
                                  if cid == f.category), f.category)
    categories = sorted(by_id.items(), key=lambda kv: kv[1].lower())
    return {
        "phase": _items([("", message("schools.any_phase")), *((p, p) for p in phases)],
                        f.phase),
        "type": _items([("", message("schools.any_type")), *((k, k) for k in types)], f.type),
        "category": _items([("", message("schools.any_category")), *categories], f.category),
        "status": _items([("", message("schools.any_status")),
                          (Status.OPEN.value, message("schools.open")),
                          (Status.CLOSED.value, message("schools.closed"))],
                         f.status or ""),
        "below_floor": [{"value": YES, "text": message("schools.below_floor_only"),
                         "checked": f.below_floor}],
    }


def count_text(count: int) -> str:
    return message("schools.count_one" if count == 1 else "schools.count", count=count)


def category_labels() -> dict[tuple[str, str], str]:
    """Every framework's category labels by (framework id, category id); none when a
    framework file is invalid (the list then shows the ids)."""
    found = available_frameworks().values()
    # a school a framework could not judge is "insufficient data" in any framework
    # (attain.risk.evaluate), a category no framework file lists
    return {(f.id, c.id): c.label for f in found for c in f.categories} | {
        (f.id, INSUFFICIENT_DATA): INSUFFICIENT_DATA_LABEL for f in found}


def schools_page(session: Session, found: Sequence[SchoolInfo],
                 args: Mapping[str, str]) -> dict[str, Any]:
    """The template parameters of the list of `found` (the schools the user may see)."""
    latest = latest_categories(session, [s.urn for s in found])
    labels = category_labels() if latest or args.get("category") else {}
    listed = [ListedSchool(s, latest.get(s.urn, ()), category_text(latest.get(s.urn, ()), labels))
              for s in found]
    f = read_filters(args, listed, lambda: frozenset(cid for _, cid in labels))
    shown = chosen(listed, f)
    kept = f.arguments()
    return {"table": schools_table(shown, f), "items": filter_items(listed, f, labels),
            "query": f.query, "count": len(shown), "count_text": count_text(len(shown)),
            "any_filter": f.any_filter,
            "hidden": {k: kept[k] for k in ("sort", "order") if k in kept}}
