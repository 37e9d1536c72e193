"""The per-worker results index and the page fragment cache: hits, misses, a recompute
noticed, and no fragment shared between users of different scope. Figures from the
hand-worked site in web_site.py (school 100001, KS2 RWM 2019: 18 / 30 = 60.0 %)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest
from flask import Flask
from markupsafe import Markup
from web_site import ELSEWHERE_URN, MEASURE, OTHER_URN, OWN_URN, SUPPRESSED_FSM_VALUE, sign_in

from attain.services.compute import results_warehouse
from attain.services.results import ResultFilter, published_rows, read
from attain.web import cache_pages, cache_results, data
from attain.web.cache_pages import Fragment, FragmentCache, FragmentKey
from attain.web.cache_results import Coverage, results_version

LA = "882"


@pytest.fixture
def index(fresh_site: Path) -> Iterator[Path]:
    """A site whose index holds LA 882 and its two schools (the third is in LA 883)."""
    cache_results.warm(fresh_site, Coverage(LA, frozenset({OWN_URN, OTHER_URN})), read)
    yield fresh_site
    cache_results.forget(fresh_site)


def _recompute(folder: Path, level: str, area: str, value: float) -> None:
    """As if `attain compute` ran again and `area`'s 2019 all-pupils value came out new."""
    target = results_warehouse(folder)
    table = target.read("results")
    values = [value if (r["level"], r["area_code"], r["year"], r["group_id"])
              == (level, area, 2019, "all") else r["value"] for r in table.to_pylist()]
    target.write("results", table.set_column(
        table.schema.get_field_index("value"), "value", pa.array(values)))


def test_index_answers_what_a_query_answers(index: Path) -> None:
    version = results_version(index)
    for where in (ResultFilter(school=OWN_URN), ResultFilter(la=LA),
                  ResultFilter(la=LA, group="all"),
                  ResultFilter(school=OWN_URN, measure=MEASURE, group="fsm", year=2019)):
        found = cache_results.lookup(index, where, version, read)
        assert found is not None, where
        assert published_rows(found) == published_rows(read(index, where)), where
    # school 100001: all pupils 18 / 30 = 60.0 and FSM 2 / 4, suppressed
    own = published_rows(cache_results.lookup(index, ResultFilter(school=OWN_URN), version,
                                              read))
    assert [(r["group_id"], r["value"]) for r in own] == [("all", 60.0), ("fsm", "c")]


def test_index_leaves_what_it_does_not_hold_to_a_query(index: Path) -> None:
    version = results_version(index)
    for where in (ResultFilter(school=ELSEWHERE_URN), ResultFilter(la="883"),
                  ResultFilter(measure=MEASURE), ResultFilter(school=OWN_URN, la=LA)):
        assert cache_results.lookup(index, where, version, read) is None, where
    # ... and data.results still answers it: school 200001, 20 / 25 = 80.0
    assert [r["value"] for r in data.results(index, ResultFilter(school=ELSEWHERE_URN))] \
        == [80.0]


def test_data_results_keeps_derived_figures_of_suppressed_rows_hidden(index: Path) -> None:
    rows = data.results(index, ResultFilter(school=OWN_URN, group="fsm"))
    assert len(rows) == 1 and rows[0]["suppressed"]
    assert SUPPRESSED_FSM_VALUE not in {str(v) for v in rows[0].values()}
    assert rows[0]["diff_national"] == rows[0]["denominator"] == "c"


def test_index_is_read_again_after_a_recompute(index: Path) -> None:
    before = results_version(index)
    assert not cache_results.needs_warm(index, before)
    _recompute(index, "school", str(OWN_URN), 70.0)
    after = results_version(index)
    assert after != before and cache_results.needs_warm(index, after)
    found = cache_results.lookup(index, ResultFilter(school=OWN_URN, group="all"), after,
                                 read)
    assert found is not None and found.column("value").to_pylist() == [70.0]
    assert not cache_results.needs_warm(index, after)


def test_no_results_no_version(tmp_path: Path) -> None:
    assert results_version(tmp_path) == ()
    assert data.results(tmp_path, ResultFilter(school=OWN_URN)) == []


def _key(version: tuple[tuple[str, int, int, int], ...], role: str = "officer",
         urns: tuple[int, ...] = ()) -> FragmentKey:
    return FragmentKey(version, (role, urns, False), "en", "pages.school_page",
                       (("urn", str(OWN_URN)),), ())


def test_fragment_cache_hit_miss_and_new_version() -> None:
    cache, built = FragmentCache(), []

    def build() -> Fragment:
        built.append(1)
        return Fragment(Markup(f"<p>{len(built)}</p>"), has_rows=True)

    v1, v2 = (("a", 1, 1, 1),), (("a", 1, 2, 2),)
    assert cache.get(_key(v1), build).html == "<p>1</p>"
    assert cache.get(_key(v1), build).html == "<p>1</p>"
    assert (cache.hits, cache.misses, len(built)) == (1, 1, 1)
    assert cache.get(_key(v2), build).html == "<p>2</p>"  # the cube changed: built again
    assert len(cache.entries) == 1 and cache.version == v2
    # another scope never gets the officer's entry
    assert cache.get(_key(v2, "school", (OWN_URN,)), build).html == "<p>3</p>"


def test_fragment_cache_keeps_within_its_budget() -> None:
    cache = FragmentCache(budget=25)
    version = (("a", 1, 1, 1),)
    for urn in (1, 2, 3):
        cache.get(FragmentKey(version, ("officer", (), False), "en", "e",
                              (("urn", str(urn)),), ()),
                  lambda: Fragment(Markup("x" * 10), has_rows=True))
    assert len(cache.entries) == 2 and cache.size == 20  # the oldest (urn 1) dropped


def _fragments(app: Flask) -> FragmentCache:
    found: FragmentCache = app.extensions[cache_pages.FRAGMENTS_KEY]
    return found


def test_school_page_fragment_is_never_shared_across_scopes(fresh_app: Flask) -> None:
    officer = sign_in(fresh_app.test_client(), "officer")
    assert "60.0" in officer.get(f"/schools/{OWN_URN}").get_data(as_text=True)
    assert "60.0" in officer.get(f"/schools/{OWN_URN}").get_data(as_text=True)
    cache = _fragments(fresh_app)
    assert (cache.hits, cache.misses) == (1, 1)
    head = sign_in(fresh_app.test_client(), "school")
    assert "60.0" in head.get(f"/schools/{OWN_URN}").get_data(as_text=True)
    assert (cache.hits, cache.misses) == (1, 2)  # built again for the school user's scope
    assert {k.scope for k in cache.entries} == {("officer", (), False),
                                                ("school", (OWN_URN,), False)}
    # the other school's head is refused before any fragment is looked at
    other = sign_in(fresh_app.test_client(), "school_other")
    assert other.get(f"/schools/{OWN_URN}").status_code == 404
    assert (cache.hits, cache.misses) == (1, 2)


def test_fragment_key_holds_language_and_query(fresh_app: Flask) -> None:
    officer = sign_in(fresh_app.test_client(), "officer")
    officer.get(f"/schools/{OWN_URN}")
    officer.get(f"/schools/{OWN_URN}?measure={MEASURE}")
    officer.get(f"/schools/{OWN_URN}", headers={"Accept-Language": "cy"})
    cache = _fragments(fresh_app)
    assert cache.misses == 3 and cache.hits == 0
    assert {(k.language, k.query) for k in cache.entries} == {
        ("en", ()), ("en", (("measure", MEASURE),)), ("cy", ())}


def test_pages_show_a_recomputed_cube_from_the_caches(fresh_app: Flask,
                                                      fresh_site: Path) -> None:
    officer = sign_in(fresh_app.test_client(), "officer")
    assert ">60.0<" in officer.get(f"/schools/{OWN_URN}").get_data(as_text=True)
    assert not cache_results.needs_warm(fresh_site, results_version(fresh_site))
    _recompute(fresh_site, "school", str(OWN_URN), 82.5)
    html = officer.get(f"/schools/{OWN_URN}").get_data(as_text=True)
    assert "82.5" in html and ">60.0<" not in html
    cache_results.forget(fresh_site)


def test_a_worker_warms_its_index_before_taking_requests(fresh_app: Flask,
                                                         fresh_site: Path) -> None:
    from attain.web.server import warm

    version = results_version(fresh_site)
    assert cache_results.needs_warm(fresh_site, version)
    warm(fresh_app)  # what gunicorn's post_worker_init runs
    assert not cache_results.needs_warm(fresh_site, version)
    found = cache_results.lookup(fresh_site, ResultFilter(school=OTHER_URN), version, read)
    assert found is not None and found.column("value").to_pylist() == [75.0]  # 45 / 60
    cache_results.forget(fresh_site)
