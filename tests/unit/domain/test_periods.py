"""Academic years, terms and fuzzy dates, with a table of phrases taken from the seed plans."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from attain.domain.periods import (
    AcademicYear,
    DateKind,
    FuzzyDate,
    ParseError,
    Term,
    exact,
    parse,
)
from attain.errors import Location, UserError


def test_academic_year_is_stored_as_the_year_it_ends() -> None:
    year = AcademicYear(2013)
    assert str(year) == "2012/13"
    assert (year.start, year.end) == (date(2012, 9, 1), date(2013, 8, 31))
    assert AcademicYear.containing(date(2012, 9, 1)) == year
    assert AcademicYear.containing(date(2013, 8, 31)) == year
    assert AcademicYear.containing(date(2013, 9, 1)) == AcademicYear(2014)


def test_autumn_term_belongs_to_the_next_academic_year() -> None:
    assert Term.AUTUMN.academic_year(2012) == AcademicYear(2013)
    assert Term.SPRING.academic_year(2013) == AcademicYear(2013)


# (phrase as written in a seed plan, seed, kind, earliest, latest)
SEED_PHRASES = [
    ("To be reviewed", "000", DateKind.TO_BE_REVIEWED, None, None),
    ("On-going exercise for all partners", "000", DateKind.ONGOING, None, None),
    ("Jan 2013", "000", DateKind.MONTH, date(2013, 1, 1), date(2013, 1, 31)),
    ("To be confirmed", "000", DateKind.TO_BE_CONFIRMED, None, None),
    ("February 2013", "000", DateKind.MONTH, date(2013, 2, 1), date(2013, 2, 28)),
    ("On-going", "000", DateKind.ONGOING, None, None),
    ("September 2003", "001", DateKind.MONTH, date(2003, 9, 1), date(2003, 9, 30)),
    ("December 2003", "001", DateKind.MONTH, date(2003, 12, 1), date(2003, 12, 31)),
    ("from September 2003", "001", DateKind.FROM, date(2003, 9, 1), None),
    ("April 2004", "001", DateKind.MONTH, date(2004, 4, 1), date(2004, 4, 30)),
    (" Ongoing", "001", DateKind.ONGOING, None, None),
    ("April 2009 – March 2012", "003", DateKind.RANGE, date(2009, 4, 1), date(2012, 3, 31)),
    ("April 2009 – March 2010", "003", DateKind.RANGE, date(2009, 4, 1), date(2010, 3, 31)),
    ("September 2009", "003", DateKind.MONTH, date(2009, 9, 1), date(2009, 9, 30)),
    ("April 2010", "003", DateKind.MONTH, date(2010, 4, 1), date(2010, 4, 30)),
    ("2018-19", "002", DateKind.ACADEMIC_YEAR, date(2018, 9, 1), date(2019, 8, 31)),
    # Phrases the issue names (as LAs write them in other plans).
    ("Spring 2013", "issue", DateKind.TERM, date(2013, 1, 1), date(2013, 4, 30)),
    ("Spring term 2013", "issue", DateKind.TERM, date(2013, 1, 1), date(2013, 4, 30)),
    ("Autumn term 2012", "issue", DateKind.TERM, date(2012, 9, 1), date(2012, 12, 31)),
    ("2012/13", "issue", DateKind.ACADEMIC_YEAR, date(2012, 9, 1), date(2013, 8, 31)),
    ("1999/00", "issue", DateKind.ACADEMIC_YEAR, date(1999, 9, 1), date(2000, 8, 31)),
    ("by July 2013", "issue", DateKind.BY, None, date(2013, 7, 31)),
    ("Dec 2012", "issue", DateKind.MONTH, date(2012, 12, 1), date(2012, 12, 31)),
    ("31 March 2013", "issue", DateKind.EXACT, date(2013, 3, 31), date(2013, 3, 31)),
    ("2013-03-31", "issue", DateKind.EXACT, date(2013, 3, 31), date(2013, 3, 31)),
    ("31/03/2013", "issue", DateKind.EXACT, date(2013, 3, 31), date(2013, 3, 31)),
    ("Sept 2012", "issue", DateKind.MONTH, date(2012, 9, 1), date(2012, 9, 30)),
    ("2012", "issue", DateKind.YEAR, date(2012, 1, 1), date(2012, 12, 31)),
    ("Summer 2024", "issue", DateKind.TERM, date(2024, 4, 1), date(2024, 7, 31)),
]


@pytest.mark.parametrize(("phrase", "seed", "kind", "earliest", "latest"), SEED_PHRASES)
def test_seed_phrases(
    phrase: str, seed: str, kind: DateKind, earliest: date | None, latest: date | None
) -> None:
    value = parse(phrase)
    assert (value.kind, value.earliest, value.latest) == (kind, earliest, latest), seed
    assert str(value) == " ".join(phrase.split())
    assert parse(str(value)) == value
    assert parse(value.canonical()) == value


def test_wording_does_not_change_equality() -> None:
    assert parse("Spring 2013") == parse("Spring term 2013")
    assert parse("Ongoing") == parse("On-going exercise for all partners")
    assert parse("Jan 2013") == parse("January 2013")


@pytest.mark.parametrize(
    "phrase",
    ["", "September", "soon", "31 February 2013", "2012/14", "March 2012 – April 2009",
     "Termly reviews", "next year"],
)
def test_unparseable_phrases_are_user_errors(phrase: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse(phrase, where=Location(file="plan.xlsx", row=4, column="target_date"))
    assert isinstance(caught.value, UserError)
    assert "plan.xlsx:4 column target_date" in caught.value.message
    assert "Spring term 2013" in caught.value.message


def test_ordering_by_earliest_then_latest_with_open_dates_last() -> None:
    phrases = ["To be confirmed", "2012/13", "Jan 2013", "Autumn term 2012",
               "by July 2013", "September 2012", "2013-01-15"]
    ordered = [str(d) for d in sorted(parse(p) for p in phrases)]
    # 2012/13 and Sept 2012 start on 1 Sep 2012: the one ending earlier comes first.
    # "by July 2013" has no earliest day, so it sorts by its latest (31 July 2013).
    assert ordered == ["September 2012", "Autumn term 2012", "2012/13", "Jan 2013",
                       "2013-01-15", "by July 2013", "To be confirmed"]


def test_is_past_uses_the_latest_day_allowed() -> None:
    spring = parse("Spring term 2013")
    assert not spring.is_past(date(2013, 4, 30))
    assert spring.is_past(date(2013, 5, 1))
    assert not parse("On-going").is_past(date(2099, 1, 1))
    assert not parse("from September 2003").is_past(date(2099, 1, 1))


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_exact_dates_round_trip(day: date) -> None:
    value = exact(day)
    assert parse(str(value)) == value
    assert parse(day.strftime("%d/%m/%Y")) == value


fuzzy_points = st.one_of(
    st.builds(lambda y, m: f"{date(y, m, 1):%B %Y}", st.integers(1990, 2100), st.integers(1, 12)),
    st.builds(lambda t, y: f"{t} term {y}", st.sampled_from(["Autumn", "Spring", "Summer"]),
              st.integers(1990, 2100)),
    st.builds(lambda y: f"{y}/{(y + 1) % 100:02d}", st.integers(1990, 2100)),
)


@given(fuzzy_points, fuzzy_points)
def test_generated_phrases_round_trip_and_order(first: str, second: str) -> None:
    a, b = parse(first), parse(second)
    assert parse(a.canonical()) == a
    assert isinstance(a, FuzzyDate)
    assert (a < b) == (a.sort_key() < b.sort_key())
    if a.earliest is not None and b.earliest is not None and a.earliest < b.earliest:
        assert a < b
