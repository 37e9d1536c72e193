"""Query parameters of /api/v1/results, checked: a bad one is a UserError (400)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from attain.errors import UserError
from attain.services.results import ResultFilter
from attain.web.api_spec import LEVELS

DEFAULT_LIMIT, MAX_LIMIT = 1000, 5000


@dataclass(frozen=True)
class ResultQuery:
    measure: str | None = None
    year: int | None = None
    level: str | None = None
    area: str | None = None
    group: str | None = None
    limit: int = DEFAULT_LIMIT
    offset: int = 0

    @property
    def school_urn(self) -> int | None:
        return int(self.area) if self.level == "school" and self.area else None

    def result_filter(self) -> ResultFilter:
        """What the cube reader filters; level and area of other levels are matched after."""
        la = self.area if self.level == "la" else None
        return ResultFilter(school=self.school_urn, la=la, measure=self.measure,
                            group=self.group, year=self.year)

    def matches(self, row: Mapping[str, Any]) -> bool:
        return ((self.level is None or row["level"] == self.level)
                and (self.area is None or str(row["area_code"]) == self.area))


def _integer(args: Mapping[str, str], name: str, low: int, high: int | None,
             default: int | None) -> int | None:
    text = args.get(name)
    if text is None or text == "":
        return default
    if not text.strip().isdigit() or int(text) < low or (high is not None and int(text) > high):
        bounds = f"from {low} to {high}" if high is not None else f"{low} or more"
        raise UserError(f"{name} must be a whole number, {bounds}",
                        fix=f"Give {name} as digits, e.g. {name}={low}.")
    return int(text)


def parse_result_query(args: Mapping[str, str]) -> ResultQuery:
    level = args.get("level") or None
    if level is not None and level not in LEVELS:
        raise UserError(f"there is no level {level!r}", fix=f"Use one of {', '.join(LEVELS)}.")
    area = (args.get("area") or "").strip() or None
    if level == "school" and area is not None and not area.isdigit():
        raise UserError("a school's area is its URN", fix="Give area as digits, e.g. 100001.")
    measure = (args.get("measure") or "").strip() or None
    if measure is None and not (level == "school" and area is not None):
        raise UserError("the results are filtered by measure",
                        fix="Give measure=ID, or level=school and area=URN.")
    return ResultQuery(
        measure=measure, year=_integer(args, "year", 1900, 2200, None), level=level,
        area=area, group=(args.get("group") or "").strip() or None,
        limit=_integer(args, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT) or DEFAULT_LIMIT,
        offset=_integer(args, "offset", 0, None, 0) or 0)
