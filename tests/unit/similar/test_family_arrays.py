"""The array form of families (nearest_indices) picks exactly what the one-unit form
(family_of, a sort per unit) picks, ties at the boundary included: on integer values
(ties everywhere, so most units take the full row of distances) and on continuous
values with some schools alike (the k-d tree's proposals)."""

from __future__ import annotations

import numpy as np
import pytest

from attain.similar import family as family_module
from attain.similar.family import (
    Unit,
    _proposals,
    families,
    family_of,
    nearest_indices,
    standardise,
)


def _units(seed: int, n: int) -> list[Unit]:
    # Small integer values make many equal distances, so the tie rule (nearest first, then
    # by code) decides often; codes are shuffled so code order is not input order.
    rng = np.random.default_rng(seed)
    codes = rng.permutation(np.arange(1000, 1000 + n))
    return [Unit(str(c), "primary" if i % 3 else "secondary",
                 {"a": float(rng.integers(0, 3)), "b": float(rng.integers(0, 2)),
                  "c": None if rng.random() < 0.2 else float(rng.integers(0, 4))})
            for i, c in enumerate(codes)]


@pytest.mark.parametrize(("seed", "n", "size"), [(1, 40, 5), (2, 60, 20), (3, 7, 20),
                                                 (4, 1200, 20), (5, 30, 1)])
def test_families_match_family_of_for_every_unit(seed: int, n: int, size: int) -> None:
    units = _units(seed, n)
    found = families(units, ("a", "b", "c"), size)
    assert set(found) == {u.code for u in units}
    for unit in units:
        assert found[unit.code] == family_of(units, unit.code, ("a", "b", "c"), size)


def _continuous_units(seed: int, n: int) -> list[Unit]:
    # Continuous values, so nearly every unit's proposals are complete; one in ten copies
    # another unit's values, so some exact ties remain (in the proposals or beyond them).
    rng = np.random.default_rng(seed)
    codes = rng.permutation(np.arange(10000, 10000 + n))
    values = rng.normal(size=(n, 3))
    copies = rng.random(n) < 0.1
    values[copies] = values[rng.integers(0, n, copies.sum())]
    return [Unit(str(c), "primary", {"a": float(a), "b": float(b),
                                     "c": None if rng.random() < 0.05 else float(v)})
            for c, (a, b, v) in zip(codes, values, strict=True)]


# SMALL_POOL 0: every pool, however small, through the k-d tree's proposals; else pools
# under SMALL_POOL units take the full rows of distances.
@pytest.mark.parametrize("small_pool", [0, family_module.SMALL_POOL])
@pytest.mark.parametrize(("seed", "n", "size"), [(6, 2500, 20), (7, 300, 3), (8, 40, 30)])
def test_tree_proposals_give_the_same_families(seed: int, n: int, size: int, small_pool: int,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(family_module, "SMALL_POOL", small_pool)
    units = _continuous_units(seed, n)
    found = families(units, ("a", "b", "c"), size)
    for unit in units:
        assert found[unit.code] == family_of(units, unit.code, ("a", "b", "c"), size)


def test_proposals_are_incomplete_where_ties_run_past_them() -> None:
    # 40 identical units: each has 39 others at distance 0, more than the 20 + 1 + 8
    # proposed, so none is complete (all take the full row); 40 distinct ones are.
    alike = np.zeros((40, 2))
    assert not _proposals(alike, 20)[1].any()
    spread = standardise([Unit(str(i), "p", {"a": float(i), "b": float(i * i)})
                          for i in range(40)], ("a", "b"))
    assert _proposals(spread, 20)[1].all()


def test_no_variables_every_unit_ties() -> None:
    # No context variable: every distance is 0, so a family is the first `size` others by
    # code, as family_of gives it.
    units = _continuous_units(9, 30)
    found = families(units, (), 5)
    for unit in units:
        assert found[unit.code] == family_of(units, unit.code, (), 5)
    assert [n.code for n in found["10000"]] == ["10001", "10002", "10003", "10004", "10005"]


@pytest.mark.parametrize(("seed", "n", "size"), [(9, 2500, 20), (10, 60, 5)])
def test_some_units_families_are_theirs_among_everyone_s(seed: int, n: int,
                                                          size: int) -> None:
    # `attain compute --la` draws only its schools' families, each from its full row; the
    # k-d tree path (2,500 units) and the full rows (60) give every unit's the same.
    units = _continuous_units(seed, n) if n >= family_module.SMALL_POOL else _units(seed, n)
    z = standardise(units, ("a", "b", "c"))
    codes = np.array([u.code for u in units])
    every = nearest_indices(z, codes, size)
    some = np.array([3, 0, n - 1, n // 2])
    found = nearest_indices(z, codes, size, some)

    def by_unit(rows: tuple[np.ndarray, ...]) -> dict[int, list[tuple[int, float]]]:
        families: dict[int, list[tuple[int, float]]] = {}
        for unit, member, distance in zip(*(part.tolist() for part in rows), strict=True):
            families.setdefault(unit, []).append((member, distance))  # nearest first
        return families

    expected = by_unit(every)
    assert by_unit(found) == {int(unit): expected[int(unit)] for unit in some}
