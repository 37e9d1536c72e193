"""Academic years, school terms and the fuzzy dates that action plans are written in.

Plans say "Spring term 2013", "2012/13", "On-going", "To be confirmed", "by July 2013" or
"April 2009 – March 2012" as often as they give a date. A `FuzzyDate` keeps the words as
written (`str()` gives them back) and the earliest and latest calendar dates they allow, so
plans can be ordered and overdue actions found ("overdue" means today is after `latest`).

Term bounds are deliberately generous, because term dates differ between LAs and Easter
moves: autumn 1 September - 31 December, spring 1 January - 30 April, summer 1 April -
31 July. An academic year runs 1 September - 31 August and is stored as the year it ends
(2013 = 2012/13).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from attain.errors import Location, UserError


@dataclass(frozen=True, order=True)
class AcademicYear:
    """An academic year, stored as the calendar year in which it ends (2013 = 2012/13)."""

    end_year: int

    @classmethod
    def containing(cls, day: date) -> AcademicYear:
        return cls(day.year + 1 if day.month >= 9 else day.year)

    @property
    def start(self) -> date:
        return date(self.end_year - 1, 9, 1)

    @property
    def end(self) -> date:
        return date(self.end_year, 8, 31)

    def __str__(self) -> str:
        return f"{self.end_year - 1}/{self.end_year % 100:02d}"


class Term(StrEnum):
    AUTUMN = "autumn"
    SPRING = "spring"
    SUMMER = "summer"

    def bounds(self, calendar_year: int) -> tuple[date, date]:
        """Earliest and latest day of this term in `calendar_year` (generous, see module)."""
        first_month, last_month, last_day = _TERM_MONTHS[self]
        return date(calendar_year, first_month, 1), date(calendar_year, last_month, last_day)

    def academic_year(self, calendar_year: int) -> AcademicYear:
        return AcademicYear(calendar_year + 1 if self is Term.AUTUMN else calendar_year)


_TERM_MONTHS = {Term.AUTUMN: (9, 12, 31), Term.SPRING: (1, 4, 30), Term.SUMMER: (4, 7, 31)}


class DateKind(StrEnum):
    EXACT = "exact"
    MONTH = "month"
    TERM = "term"
    ACADEMIC_YEAR = "academic_year"
    YEAR = "year"
    RANGE = "range"
    BY = "by"
    FROM = "from"
    ONGOING = "ongoing"
    TO_BE_CONFIRMED = "to_be_confirmed"
    TO_BE_REVIEWED = "to_be_reviewed"


OPEN_KINDS = frozenset({DateKind.ONGOING, DateKind.TO_BE_CONFIRMED, DateKind.TO_BE_REVIEWED})


class ParseError(UserError):
    """Text that is not a date attain understands."""


ACCEPTED_FORMS = (
    "a date (2013-03-31, 31/03/2013, 31 March 2013), a month (Jan 2013, February 2013), "
    "a term (Spring 2013, Spring term 2013), an academic year (2012/13), a year (2013), "
    "a range (April 2009 – March 2012), 'by July 2013', 'from September 2003', "
    "'On-going', 'To be confirmed' or 'To be reviewed'"
)


@dataclass(frozen=True)
class FuzzyDate:
    """A date as a plan writes it: the words, and the earliest/latest days they allow.

    Equality and ordering ignore the exact wording ("Spring 2013" == "Spring term 2013").
    Open dates (on-going, to be confirmed, to be reviewed) have no bounds and sort last.
    """

    kind: DateKind
    earliest: date | None = None
    latest: date | None = None
    parts: tuple[FuzzyDate, ...] = ()
    text: str = field(default="", compare=False)

    @property
    def is_open(self) -> bool:
        return self.kind in OPEN_KINDS

    def is_past(self, today: date) -> bool:
        """True when every day this date allows is before `today`."""
        return self.latest is not None and self.latest < today

    def sort_key(self) -> tuple[date, date]:
        first = self.earliest or self.latest or date.max
        return first, self.latest or date.max

    def __lt__(self, other: FuzzyDate) -> bool:
        return self.sort_key() < other.sort_key()

    def __le__(self, other: FuzzyDate) -> bool:
        return self.sort_key() <= other.sort_key()

    def canonical(self) -> str:
        """attain's own wording of this date; `parse(canonical())` gives an equal date."""
        return _canonical(self)

    def __str__(self) -> str:
        return self.text or self.canonical()


def _canonical(value: FuzzyDate) -> str:
    kind, first, last = value.kind, value.earliest, value.latest
    if kind in OPEN_KINDS:
        return _OPEN_WORDS[kind]
    if kind is DateKind.RANGE:
        return f"{value.parts[0].canonical()} – {value.parts[1].canonical()}"
    if kind in (DateKind.BY, DateKind.FROM):
        return f"{kind.value} {value.parts[0].canonical()}"
    assert first is not None and last is not None
    if kind is DateKind.EXACT:
        return first.isoformat()
    if kind is DateKind.MONTH:
        return f"{calendar.month_name[first.month]} {first.year}"
    if kind is DateKind.TERM:
        term = {9: Term.AUTUMN, 1: Term.SPRING, 4: Term.SUMMER}[first.month]
        return f"{term.value.capitalize()} term {first.year}"
    if kind is DateKind.ACADEMIC_YEAR:
        return str(AcademicYear(last.year))
    return str(first.year)


_OPEN_WORDS = {
    DateKind.ONGOING: "On-going",
    DateKind.TO_BE_CONFIRMED: "To be confirmed",
    DateKind.TO_BE_REVIEWED: "To be reviewed",
}
_OPEN_PREFIXES = (
    (("on-going", "ongoing", "on going"), DateKind.ONGOING),
    (("to be confirmed", "tbc"), DateKind.TO_BE_CONFIRMED),
    (("to be reviewed",), DateKind.TO_BE_REVIEWED),
)
_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
_MONTHS["sept"] = 9
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_RANGE_SPLIT = re.compile(r"\s+(?:–|—|-|to|until)\s+")


def parse(text: str, *, where: Location | None = None) -> FuzzyDate:
    """Read a plan's date wording; raise `ParseError` (a UserError) if it is not one."""
    written = " ".join(text.split())
    value = _parse_words(written.lower().rstrip("."))
    if value is None:
        raise ParseError(
            f"'{text}' is not a date attain understands",
            fix=f"Write {ACCEPTED_FORMS}.",
            where=where,
        )
    return FuzzyDate(value.kind, value.earliest, value.latest, value.parts, written)


def _parse_words(words: str) -> FuzzyDate | None:
    for prefixes, kind in _OPEN_PREFIXES:
        if words.startswith(prefixes):
            return FuzzyDate(kind)
    for prefix, kind in (("by ", DateKind.BY), ("from ", DateKind.FROM)):
        if words.startswith(prefix):
            inner = _parse_point(words[len(prefix):].strip())
            if inner is None:
                return None
            if kind is DateKind.BY:
                return FuzzyDate(kind, None, inner.latest, parts=(inner,))
            return FuzzyDate(kind, inner.earliest, None, parts=(inner,))
    pieces = _RANGE_SPLIT.split(words)
    ranged = _range(pieces[0], pieces[1]) if len(pieces) == 2 else None
    return ranged or _parse_point(words)


def _range(first_words: str, last_words: str) -> FuzzyDate | None:
    first, last = _parse_point(first_words), _parse_point(last_words)
    if first is None or last is None or last.sort_key() < first.sort_key():
        return None
    return FuzzyDate(DateKind.RANGE, first.earliest, last.latest, parts=(first, last))


def _parse_point(words: str) -> FuzzyDate | None:
    for reader in (_exact, _term, _academic_year, _month, _year):
        value = reader(words)
        if value is not None:
            return value
    return None


def _exact(words: str) -> FuzzyDate | None:
    patterns = (
        (r"(\d{4})-(\d{1,2})-(\d{1,2})", (1, 2, 3)),
        (r"(\d{1,2})/(\d{1,2})/(\d{4})", (3, 2, 1)),
    )
    for pattern, (y, m, d) in patterns:
        found = re.fullmatch(pattern, words)
        if found:
            return _day(int(found[y]), int(found[m]), int(found[d]))
    found = re.fullmatch(rf"(\d{{1,2}})(?:st|nd|rd|th)? ({_MONTH_RE}),? (\d{{4}})", words)
    if found:
        return _day(int(found[3]), _MONTHS[found[2]], int(found[1]))
    return None


def _day(year: int, month: int, day: int) -> FuzzyDate | None:
    try:
        value = date(year, month, day)
    except ValueError:
        return None
    return FuzzyDate(DateKind.EXACT, value, value)


def _term(words: str) -> FuzzyDate | None:
    found = re.fullmatch(r"(autumn|spring|summer)(?: term)? (\d{4})", words)
    if not found:
        return None
    first, last = Term(found[1]).bounds(int(found[2]))
    return FuzzyDate(DateKind.TERM, first, last)


def _academic_year(words: str) -> FuzzyDate | None:
    found = re.fullmatch(r"(\d{4})\s*[/-]\s*(\d{2}|\d{4})", words)
    if not found:
        return None
    start = int(found[1])
    end_text = found[2]
    end = int(end_text) if len(end_text) == 4 else (start // 100) * 100 + int(end_text)
    if len(end_text) == 2 and end <= start:  # 1999/00 ends in 2000
        end += 100
    if end != start + 1:
        return None
    year = AcademicYear(end)
    return FuzzyDate(DateKind.ACADEMIC_YEAR, year.start, year.end)


def _month(words: str) -> FuzzyDate | None:
    found = re.fullmatch(rf"({_MONTH_RE}) (\d{{4}})", words)
    if not found:
        return None
    year, month = int(found[2]), _MONTHS[found[1]]
    last_day = calendar.monthrange(year, month)[1]
    return FuzzyDate(DateKind.MONTH, date(year, month, 1), date(year, month, last_day))


def _year(words: str) -> FuzzyDate | None:
    if not re.fullmatch(r"\d{4}", words):
        return None
    year = int(words)
    return FuzzyDate(DateKind.YEAR, date(year, 1, 1), date(year, 12, 31))


def exact(day: date) -> FuzzyDate:
    """The fuzzy date of one known day."""
    return FuzzyDate(DateKind.EXACT, day, day)


def weeks_after(day: date, weeks: int) -> date:
    return day + timedelta(weeks=weeks)
