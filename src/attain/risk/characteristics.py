"""A school's risk characteristics for a year, from what was recorded: each one ticked on
its own (`attain risk characteristic`) and those on the record of a school visit (the visit
template's "risk characteristics" list: the ones ticked are present, the others absent).

Of the year's recorded visits the latest wins. Each characteristic takes the newest of its
own record and that visit (a tie goes to its own record, the deliberate single change);
a characteristic taken from a visit names the visit, so the reason can say where it came
from.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from attain.domain.risk import CHARACTERISTIC_KEYS

NAMED = tuple(k for k in CHARACTERISTIC_KEYS if k != "count")
RECORD_KEY = "risk_characteristics"   # school_visits.record, the visit template


@dataclass(frozen=True)
class Recorded:
    present: bool
    on: date
    source: str | None = None   # "the SV1 visit on 5 November 2012"; None: recorded alone


@dataclass(frozen=True)
class VisitRecord:
    urn: int
    visit: str
    visited_on: date
    record: Mapping[str, Any]

    def characteristics(self) -> dict[str, Recorded] | None:
        """None when the record holds no risk-characteristics list."""
        ticked = self.record.get(RECORD_KEY)
        if not isinstance(ticked, list):
            return None
        source = f"the {self.visit} visit on {self.visited_on.day} " \
                 f"{self.visited_on:%B %Y}"
        return {k: Recorded(k in ticked, self.visited_on, source) for k in NAMED}


def latest_visits(visits: Iterable[VisitRecord]) -> dict[int, VisitRecord]:
    """Each school's latest visit whose record lists risk characteristics."""
    found: dict[int, VisitRecord] = {}
    for v in visits:
        if v.characteristics() is None:
            continue
        held = found.get(v.urn)
        if held is None or (v.visited_on, v.visit) > (held.visited_on, held.visit):
            found[v.urn] = v
    return found


def merge(own: Mapping[str, Recorded], visit: VisitRecord | None) -> dict[str, Recorded]:
    """The school's characteristics: the newer of its own record and the visit's."""
    merged = dict(visit.characteristics() or {}) if visit is not None else {}
    for key, recorded in own.items():
        held = merged.get(key)
        if held is None or recorded.on >= held.on:
            merged[key] = recorded
    return merged
