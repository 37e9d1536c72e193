"""The array form of families (nearest_indices) picks exactly what the one-unit form
(family_of, a sort per unit) picks, ties at the boundary included."""

from __future__ import annotations

import numpy as np
import pytest

from attain.similar.family import Unit, families, family_of


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
