"""Context builders of the reports page: which reports a user may generate, and the
choices of LA, school and year each chooser offers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from attain.domain.formats import XLSX_MEDIA_TYPE, ReportFormat
from attain.store.models import LocalAuthority
from attain.web.access import Principal
from attain.web.data import SchoolInfo

MIME_TYPES = {
    ReportFormat.HTML: "text/html",
    ReportFormat.PDF: "application/pdf",
    ReportFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ReportFormat.XLSX: XLSX_MEDIA_TYPE,
}


class ReportKind(StrEnum):
    STANDARDS = "standards"
    DATASHEET = "datasheet"
    SCHOOL = "school"


LA_REPORTS = (ReportKind.STANDARDS, ReportKind.DATASHEET)


@dataclass(frozen=True)
class Chooser:
    """One report on the page: its kind (for headings and the form's action) and form."""

    kind: ReportKind
    form: Any
    endpoint: str


def kinds_for(who: Principal) -> tuple[ReportKind, ...]:
    """Every role gets the published LA reports; staff and school users also the school
    data profile (of the schools they may see)."""
    return (*LA_REPORTS, ReportKind.SCHOOL) if who.is_staff or who.urns else LA_REPORTS


def la_choices(session: Session) -> list[tuple[str, str]]:
    rows = session.execute(sa.select(LocalAuthority.la_code, LocalAuthority.name)
                           .order_by(LocalAuthority.name))
    return [(str(code), f"{name} ({code})") for code, name in rows]


def school_choices(schools: Iterable[SchoolInfo]) -> list[tuple[str, str]]:
    return [(str(s.urn), f"{s.name} ({s.urn})") for s in schools]


def year_choices(years: Iterable[int]) -> list[tuple[str, str]]:
    """Newest first, written as academic years (2019 is 2018/19)."""
    return [(str(y), f"{y - 1}/{y % 100:02d}") for y in sorted(set(years), reverse=True)]


def file_name(kind: ReportKind, subject: str, year: int, fmt: ReportFormat) -> str:
    return f"{kind.value}-{subject}-{year}.{fmt.value}"


def first(choices: Sequence[tuple[str, str]]) -> str:
    return choices[0][0] if choices else ""
