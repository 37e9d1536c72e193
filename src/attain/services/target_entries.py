"""Targets entered or uploaded through the web: the importer's validation (attain.targets.
records: known school and measure, 0-100 for percentages, no negative point scores, no
duplicates), all or nothing, and every change in the audit log with before and after."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from attain.services import targets as service
from attain.store.models import AuditEntry
from attain.targets.reader import Row, read_rows
from attain.targets.records import Target, TargetFileErrors, validate

ENTITY = "target"


@dataclass(frozen=True)
class TargetChange:
    target: Target
    before: float | None


def checked(folder: Path, rows: list[Row], allowed_urns: set[int] | None = None,
            *, source: str = "form") -> list[Target]:
    """The targets of `rows`, or TargetFileErrors with every row's problems. With
    `allowed_urns`, a school outside them is reported as an unknown school (a school user
    must not learn which other schools exist)."""
    known = service.known_schools(folder)
    if allowed_urns is not None:
        known &= allowed_urns
    targets, errors = validate(rows, known, service.measure_bounds())
    if errors:
        raise TargetFileErrors(source, errors)
    return targets


def one_row(urn: int, measure_id: str, year: object, target: object) -> list[Row]:
    """A form's entry as the one row of a file, so it meets the importer's validation."""
    cells: Mapping[str, object] = {"urn": urn, "measure_id": measure_id, "year": year,
                                   "target": target}
    return [(1, dict(cells))]


def read_file(path: Path) -> list[Row]:
    return read_rows(path)


def save(folder: Path, session: Session, targets: list[Target], *, user: str,
         action: str) -> list[TargetChange]:
    """Store `targets` (replacing the same school, measure and year) and add one audit entry
    per target to `session`, flushed; the caller commits after this returns."""
    current = {(t.urn, t.measure_id, t.year): t.value for t in service.load_targets(folder)}
    changes = [TargetChange(t, current.get((t.urn, t.measure_id, t.year))) for t in targets]
    for change in changes:
        t = change.target
        session.add(AuditEntry(
            user=user, action=action, entity=ENTITY,
            entity_id=f"{t.urn}/{t.measure_id}/{t.year}",
            detail={"before": None if change.before is None else {"target": change.before},
                    "after": {"target": t.value}}))
    session.flush()
    service.save_targets(folder, targets)
    return changes


def school_targets(folder: Path, urn: int) -> list[Target]:
    """The school's targets, latest year first, then by measure."""
    found = [t for t in service.load_targets(folder) if t.urn == urn]
    return sorted(found, key=lambda t: (-t.year, t.measure_id))
