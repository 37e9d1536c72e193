"""LAIT-style comparisons on the real LAIT data (data/real/dfe-lait): the statistical-
neighbour average, rank and quartile band of Southend-on-Sea (882), worked by hand from
the rows of bds_long_0.parquet and checked against attain after importing the file.

Southend's ten statistical neighbours (sn_may_2025.xlsx, row for 882; SOURCE.md):
839, 383, 826, 351, 845, 851, 886, 303, 392, 822.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from attain.services.imports import import_file
from attain.services.neighbours import LaComparison, la_comparisons, neighbours_of
from attain.stats.ranking import Quartile

REAL = Path(__file__).resolve().parents[2] / "data" / "real" / "dfe-lait"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("lait")
    outcome = import_file(folder, REAL / "bds_long_0.parquet")
    assert outcome.status == "imported", outcome.problems[:5]
    return folder


def _one(folder: Path, measure: str, year: int, group: str = "all") -> LaComparison:
    [found] = [c for c in la_comparisons(folder, "882", year=year, measures={measure})
               if c.group_id == group]
    return found


def test_neighbours_come_from_the_dfe_table(folder: Path) -> None:
    assert sorted(neighbours_of(folder, "882")) == sorted(
        ["839", "383", "826", "351", "845", "851", "886", "303", "392", "822"])


def test_ks2_rwm_2019_as_lait_computes_it(folder: Path) -> None:
    # bds_long_0.parquet, Short Desc KS2RWM_Expected_STD, Years 2019 (polarity High in
    # lait_data_dictionary.csv): Southend 68, England 65; the neighbours' rows give
    # 839 67, 383 62, 826 66, 351 65, 845 63, 851 58, 886 68, 303 70, 392 67, 822 54,
    # so the neighbour average is 640 / 10 = 64.0.
    found = _one(folder, "ks2_rwm_expected", 2019)
    assert (found.value, found.national, found.higher_is_better) == (68.0, 65.0, True)
    assert (found.neighbour_average, found.neighbours_with_value) == (64.0, 10)
    # 149 LAs have a 2019 value (9 rows are "-": City of London, Isles of Scilly and
    # LAs that did not exist yet or any more). 34 of them are above 68 (one at 81, two
    # at 77, 76, 75, two at 74, seven at 73, three at 72, three at 71, nine at 70, five
    # at 69), so Southend ranks 35th, tied with the nine other LAs at 68.
    assert (found.rank, found.ranked) == (35, 149)
    # Quartiles of the 149 values (R quantile type 7): 54, 63, 66, 68, 81. 68 is on the
    # upper-quartile boundary, so in the band below it: the second-best quarter, B.
    assert found.bounds == (54.0, 63.0, 66.0, 68.0, 81.0)
    assert found.quartile is Quartile.B


def test_overall_absence_2019_lower_is_better(folder: Path) -> None:
    # Short Desc TotAbs (polarity Low), Years 2019: Southend 4.49; neighbours 303 4.5,
    # 351 4.8, 383 4.85, 392 4.52, 822 4.41, 826 4.64, 845 5.13, 851 5.41, 886 5.01 and
    # 839 "-" (left out, as LAIT's mean(na.rm = TRUE) does): 43.27 / 9 = 4.8078.
    found = _one(folder, "abs_overall", 2019)
    assert found.higher_is_better is False
    assert found.neighbour_average == pytest.approx(43.27 / 9)
    assert found.neighbours_with_value == 9
    # 152 LAs have a value; 35 are lower than 4.49, so the rank is 36. The lower
    # quartile is 4.5075, so 4.49 is in the best (lowest) quarter: A.
    assert (found.rank, found.ranked, found.quartile) == (36, 152, Quartile.A)
