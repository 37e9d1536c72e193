"""Use cases for the app database: create or upgrade it, and copy the schools registry
and the local authorities from the warehouse into it.

`sync_schools` is idempotent: a row is written only when a value differs, so a second run
changes nothing (and `updated_at` moves only for rows that really changed).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from attain import settings
from attain.errors import UserError
from attain.services.status import warehouse_for
from attain.store import appdb
from attain.store.models import AuditEntry, LocalAuthority, School

SYSTEM_USER = "system"
# Warehouse column -> model attribute, for the fields sync_schools copies.
SCHOOL_FIELDS = {
    "laestab": "laestab", "la_code": "la_code", "name": "name", "phase": "phase",
    "type": "type", "is_academy": "is_academy", "open_date": "open_date",
    "close_date": "close_date", "predecessor_urn": "predecessor_urn", "country": "country",
}
LA_FIELDS = {
    "new_la_code": "new_la_code", "la_name": "name", "region_code": "region_code",
    "region_name": "region_name", "country": "country",
}


@dataclass(frozen=True)
class SyncCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"inserted": self.inserted, "updated": self.updated, "unchanged": self.unchanged}


@dataclass(frozen=True)
class SyncReport:
    local_authorities: SyncCounts
    schools: SyncCounts

    @property
    def changed(self) -> bool:
        return any(c.inserted or c.updated for c in (self.local_authorities, self.schools))


def require_folder(folder: Path) -> None:
    if not folder.is_dir():
        raise UserError(f"data folder {folder} does not exist",
                        fix="Run `attain demo` to make one, or pass --data-dir.")


@dataclass(frozen=True)
class DatabaseState:
    where: str  # the URL with any password hidden
    revision: str | None
    heads: tuple[str, ...]

    @property
    def up_to_date(self) -> bool:
        return self.revision in self.heads


def database_state(folder: Path) -> DatabaseState:
    require_folder(folder)
    url = settings.database_url(folder)
    return DatabaseState(appdb.describe_url(url), appdb.current(url), appdb.script_heads())


def upgrade_database(folder: Path, revision: str = "head") -> DatabaseState:
    require_folder(folder)
    appdb.upgrade(settings.database_url(folder), revision)
    return database_state(folder)


def downgrade_database(folder: Path, revision: str) -> DatabaseState:
    require_folder(folder)
    appdb.downgrade(settings.database_url(folder), revision)
    return database_state(folder)


def init_database(folder: Path) -> str | None:
    """Create the app database or bring it to the newest revision; returns that revision."""
    return upgrade_database(folder, "head").revision


def require_current(url: str) -> None:
    revision = appdb.current(url)
    if revision not in appdb.script_heads():
        raise UserError(
            f"the app database {appdb.describe_url(url)} is at revision "
            f"{revision or 'none (empty)'}, not {', '.join(appdb.script_heads())}",
            fix="Run `attain db upgrade` first.",
        )


def sync_schools(folder: Path, user: str = SYSTEM_USER) -> SyncReport:
    """Upsert local authorities and schools from the warehouse into the app database, in
    one transaction with an audit log entry. Rows missing from the warehouse are kept:
    users and plans may refer to closed schools."""
    require_folder(folder)
    las, schools = _read_registry(folder)
    url = settings.database_url(folder)
    require_current(url)
    with appdb.connected(appdb.engine_for(url)) as connection, Session(bind=connection) as s:
        _check_la_codes(s, las, schools)
        la_counts = _upsert(s, LocalAuthority, "la_code", las, LA_FIELDS)
        school_counts = _upsert(s, School, "urn", schools, SCHOOL_FIELDS)
        report = SyncReport(la_counts, school_counts)
        s.add(AuditEntry(user=user, action="sync", entity="schools", entity_id=None,
                         detail={"local_authorities": la_counts.as_dict(),
                                 "schools": school_counts.as_dict()}))
        s.commit()
    return report


def _read_registry(folder: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    warehouse = warehouse_for(folder)
    if not warehouse.exists("schools"):
        raise UserError(f"the warehouse in {folder} has no schools registry",
                        fix="Run `attain demo` or import the schools (GIAS) first.")
    return warehouse.read("las").to_pylist(), warehouse.read("schools").to_pylist()


def _check_la_codes(s: Session, las: list[dict[str, Any]],
                    schools: list[dict[str, Any]]) -> None:
    known = {row["la_code"] for row in las}
    known |= set(s.scalars(sa.select(LocalAuthority.la_code)))
    missing = sorted({row["la_code"] for row in schools} - known)
    if missing:
        shown = ", ".join(missing[:10]) + (" …" if len(missing) > 10 else "")
        raise UserError(
            f"{len(missing)} LA code(s) used by schools are not in the LA list: {shown}",
            fix="Import the local authorities (the `las` dataset) with the schools.",
        )


def _upsert(s: Session, model: type[Any], key: str, rows: Iterable[Mapping[str, Any]],
            fields: Mapping[str, str]) -> SyncCounts:
    existing = {getattr(obj, key): obj for obj in s.scalars(sa.select(model))}
    now = datetime.now(UTC)
    inserted = updated = unchanged = 0
    for row in rows:
        values = {attr: row[column] for column, attr in fields.items()}
        obj = existing.get(row[key])
        if obj is None:
            s.add(model(**{key: row[key]}, **values, updated_at=now))
            inserted += 1
        elif any(getattr(obj, attr) != value for attr, value in values.items()):
            for attr, value in values.items():
                setattr(obj, attr, value)
            obj.updated_at = now
            updated += 1
        else:
            unchanged += 1
    s.flush()
    return SyncCounts(inserted, updated, unchanged)
