"""Each school's latest categories: the latest year it has decisions in, one per framework,
the latest of the strongest stage (agreed > appeal > proposed > computed); below the floor
when one of them is a floor framework's below_floor."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from attain.services.school_categories import LatestCategory, is_below_floor, latest_categories
from attain.store.models import Base
from attain.store.risk_models import CategorisationRow

FLOOR, COASTING = "england_floor_ks2_2016_2018", "england_coasting_ks2_2018"


@pytest.fixture
def session() -> Iterator[Session]:
    engine = sa.create_engine("sqlite://")
    Base.metadata.create_all(engine, tables=[CategorisationRow.__table__])
    with Session(engine) as s:
        yield s
    engine.dispose()


def _decide(session: Session, *decisions: tuple[int, int, str, str, str]) -> None:
    session.add_all([CategorisationRow(urn=urn, year=year, framework_id=framework, stage=stage,
                                       category=category, reasons=[], decided_by="test")
                     for urn, year, framework, stage, category in decisions])
    session.commit()


def test_latest_year_and_strongest_stage(session: Session) -> None:
    _decide(session,
            (1, 2017, FLOOR, "agreed", "below_floor"),       # an older year: not latest
            (1, 2018, FLOOR, "computed", "below_floor"),
            (1, 2018, FLOOR, "agreed", "above_floor"),       # agreed outranks computed...
            (1, 2018, FLOOR, "computed", "below_floor"),     # ...even a later computed one
            (1, 2018, COASTING, "proposed", "coasting"),
            (2, 2018, FLOOR, "proposed", "above_floor"),
            (2, 2018, FLOOR, "proposed", "below_floor"))     # the later of the same stage
    found = latest_categories(session, [1, 2, 3])
    assert found == {
        1: (LatestCategory(1, 2018, COASTING, "coasting", "proposed"),
            LatestCategory(1, 2018, FLOOR, "above_floor", "agreed")),
        2: (LatestCategory(2, 2018, FLOOR, "below_floor", "proposed"),),
    }
    assert not is_below_floor(found[1]) and is_below_floor(found[2])


def test_only_the_schools_asked_for(session: Session) -> None:
    _decide(session, (1, 2018, FLOOR, "computed", "below_floor"))
    assert latest_categories(session, [2]) == {}
    assert latest_categories(session, []) == {}
