"""What the pages read: the schools registry (app database), the measure catalogue and the
results cube, with suppressed numbers already replaced by the publication symbol."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from attain.errors import UserError
from attain.measures import load_catalogue
from attain.measures.spec import Catalogue, MeasureSpec
from attain.services.results import SUPPRESSED_SYMBOL, ResultFilter, published_rows, read
from attain.store.models import LocalAuthority, School
from attain.web import cache_results
from attain.web.cache_results import Coverage, Version, results_version


@dataclass(frozen=True)
class SchoolInfo:
    urn: int
    name: str
    la_code: str
    phase: str
    type: str
    is_academy: bool | None
    closed: bool


def _info(school: School) -> SchoolInfo:
    return SchoolInfo(school.urn, school.name, school.la_code, school.phase or "",
                      school.type or "", school.is_academy, school.close_date is not None)


def schools(session: Session, *, la_code: str | None = None,
            urns: frozenset[int] | None = None) -> list[SchoolInfo]:
    query = sa.select(School).order_by(School.name)
    if la_code is not None:
        query = query.where(School.la_code == la_code)
    if urns is not None:
        query = query.where(School.urn.in_(urns))
    return [_info(s) for s in session.scalars(query)]


def school(session: Session, urn: int) -> SchoolInfo | None:
    found = session.get(School, urn)
    return _info(found) if found is not None else None


def home_la(session: Session, configured: str | None) -> str | None:
    """The service's own LA: configured, or the LA with the most schools in the registry."""
    if configured:
        return configured
    counted = sa.select(School.la_code, sa.func.count()).group_by(School.la_code)
    rows = sorted(session.execute(counted), key=lambda r: (-r[1], r[0]))
    return str(rows[0][0]) if rows else None


def la_name(session: Session, la_code: str | None) -> str:
    found = session.get(LocalAuthority, la_code) if la_code else None
    return found.name if found is not None else (la_code or "")


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    return load_catalogue()


def measure(measure_id: str) -> MeasureSpec | None:
    try:
        return catalogue().measure(measure_id)
    except KeyError:
        return None


# Besides value, numerator and interval (published_rows), these would reveal a suppressed
# cell: value = national_value + diff_national, and the rest are derived from the value.
DERIVED_FROM_VALUE = ("denominator", "diff_national", "significance", "trend3_change",
                      "trend3_direction", "trend5_change", "trend5_direction", "rank",
                      "rank_of", "quartile")


# Rows kept per worker; a school's rows are a few thousand, so this holds the LA overview
# and the schools visited most recently without growing without bound.
CACHE_ROW_BUDGET = 100_000
_cache: OrderedDict[tuple[Path, ResultFilter, Version], tuple[dict[str, Any], ...]] = OrderedDict()
_cache_lock = threading.Lock()


def results(folder: Path, where: ResultFilter) -> list[dict[str, Any]]:
    """Matching cube rows, suppressed numbers shown as the symbol; none if not computed.
    Rows are cached per worker until `attain compute` rewrites the cube, and the home LA's
    rows come from the worker's index (`warm_index`) rather than from Parquet. Callers must
    not change them."""
    stamp = results_version(folder)
    if not stamp:
        return []
    key = (folder, where, stamp)
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return list(_cache[key])
    rows = _read(folder, where, stamp)
    if len(rows) > CACHE_ROW_BUDGET:
        return list(rows)
    with _cache_lock:
        _cache[key] = rows
        while sum(len(v) for v in _cache.values()) > CACHE_ROW_BUDGET and len(_cache) > 1:
            _cache.popitem(last=False)
    return list(rows)


def warm_index(session: Session, folder: Path, la: str | None) -> int:
    """Read the home LA's rows and its schools' rows into this worker's index (once per
    worker; again after each compute); how many rows it holds (0: nothing computed)."""
    if not la:
        return 0
    urns = frozenset(s.urn for s in schools(session, la_code=la))
    try:
        snapshot = cache_results.warm(folder, Coverage(la, urns), read)
    except UserError:
        return 0
    return snapshot.row_count if snapshot is not None else 0


def _read(folder: Path, where: ResultFilter, stamp: Version) -> tuple[dict[str, Any], ...]:
    try:
        table = cache_results.lookup(folder, where, stamp, read)
        rows = published_rows(table if table is not None else read(folder, where))
    except UserError:
        return ()
    for row in rows:
        if row["suppressed"]:
            row.update(dict.fromkeys(DERIVED_FROM_VALUE, SUPPRESSED_SYMBOL))
    return tuple(rows)
