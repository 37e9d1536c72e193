"""Comparisons on published figures (attain.services.published_comparisons): after
importing real files and putting them in the results cube, `attain results show` gives the
same comparison columns as for computed rows. Every expected number is worked by hand from
the rows of the real files, cited in the comments.

Files: data/real/dfe-lait/bds_long_0.parquet (LAIT, England and every LA, 2016-2025),
data/real/dfe-performance-tables-2018-19-ksp/england_ks4provisional.csv (KS4 2018/19,
with cohorts and Progress 8 confidence intervals) and
data/real/statswales-school-budgets-population/delegatedschoolbudgetsperpupil-by-sector.csv.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from attain.services.imports import import_file
from attain.services.published_comparisons import (
    NO_INTERVAL,
    NOT_A_PROPORTION,
    PublishedComparisonReport,
    add_published_comparisons,
)
from attain.services.published_results import publish_to_results
from attain.services.results import ResultFilter, read

REAL = Path(__file__).resolve().parents[2] / "data" / "real"
LAIT = REAL / "dfe-lait" / "bds_long_0.parquet"
# LAIT's revised KS4 figures would replace the provisional ones, so the tables go in a
# folder of their own.
TABLES = (REAL / "dfe-performance-tables-2018-19-ksp" / "england_ks4provisional.csv",
          REAL / "statswales-school-budgets-population"
          / "delegatedschoolbudgetsperpupil-by-sector.csv")
Built = tuple[Path, PublishedComparisonReport]


def _build(folder: Path, *files: Path) -> Built:
    for path in files:
        outcome = import_file(folder, path)
        assert outcome.status == "imported", (path.name, outcome.problems[:3])
    publish_to_results(folder)
    return folder, add_published_comparisons(folder)


@pytest.fixture(scope="module")
def lait(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return _build(tmp_path_factory.mktemp("lait"), LAIT)


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return _build(tmp_path_factory.mktemp("tables"), *TABLES)


def _row(folder: Path, la: str, measure: str, year: int, group: str = "all") -> dict[str, Any]:
    [row] = read(folder, ResultFilter(la=la, measure=measure, year=year, group=group)
                 ).to_pylist()
    return row


def test_southend_ks2_rwm_2019_against_england_its_past_and_all_las(lait: Built) -> None:
    folder, _ = lait
    # LAIT KS2RWM_Expected_STD, Southend-on-Sea (882): 2016 56, 2017 66, 2018 69, 2019 68;
    # England 2019 65.
    row = _row(folder, "882", "ks2_rwm_expected", 2019)
    assert (row["value"], row["national_value"], row["diff_national"]) == (68.0, 65.0, 3.0)
    # 3-year trend: 2019 minus 2017 (3 available years counting 2019) = 68 - 66 = +2.
    assert (row["trend3_change"], row["trend3_direction"]) == (2.0, "up")
    # 5-year trend: only 2016-2019 exist up to 2019 (4 years): none.
    assert row["trend5_change"] is None
    # As LAIT ranks it (tests/integration/test_real_lait_comparisons.py): 35th of 149, band B.
    assert (row["rank"], row["rank_of"], row["quartile"]) == (35, 149, "B")
    # LAIT gives no cohort or interval: no significance.
    assert row["significance"] is None


def test_trends_skip_the_years_with_no_figures(lait: Built) -> None:
    folder, _ = lait
    # 2020 and 2021 are "-" in LAIT (no KS2 assessments). 2022 = 56.
    row = _row(folder, "882", "ks2_rwm_expected", 2022)
    # 3 available years to 2022: 2018, 2019, 2022 -> 56 - 69 = -13.
    assert (row["trend3_change"], row["trend3_direction"]) == (-13.0, "down")
    # 5 available years: 2016, 2017, 2018, 2019, 2022 -> 56 - 56 = 0: no change.
    assert (row["trend5_change"], row["trend5_direction"]) == (0.0, "no_change")
    # 2025: 62 against England 63; 5 years 2019, 2022-2025 -> 62 - 68 = -6.
    row = _row(folder, "882", "ks2_rwm_expected", 2025)
    assert row["diff_national"] == -1.0
    assert (row["trend5_change"], row["trend5_direction"]) == (-6.0, "down")


def test_significance_from_a_published_interval(tables: Built) -> None:
    folder, _ = tables
    # england_ks4provisional.csv, RECTYPE 4 LEA 882: P8MEA 0.11, P8CILOW 0.06, P8CIUPP
    # 0.17; RECTYPE 7 (England state-funded): P8MEA -0.03. The interval is above -0.03.
    row = _row(folder, "882", "ks4_p8", 2019)
    assert row["national_value"] == -0.03
    assert row["significance"] == "sig_above"
    # LEA 881 (Essex): -0.13 [-0.15, -0.11], wholly below -0.03.
    assert _row(folder, "881", "ks4_p8", 2019)["significance"] == "sig_below"


def test_significance_of_a_proportion_from_its_cohort(tables: Built) -> None:
    folder, _ = tables
    # LEA 882: PTL2BASICS_94 74.1% of TPUP 2058 pupils; England 64.4%. Wilson 95% interval
    # (z = 1.959964): centre (0.741 + z^2/4116) / (1 + z^2/2058) = 0.74055, half-width
    # 1.95631 * sqrt(0.741 * 0.259 / 2058 + z^2 / (4 * 2058^2)) = 0.01892, so 72.2%-75.9%,
    # wholly above 64.4.
    row = _row(folder, "882", "ks4_em_94", 2019)
    assert row["national_value"] == 64.4
    assert row["significance"] == "sig_above"
    # Attainment 8 (ATT8SCR 52.9, TPUP 2058) is a mean: a cohort alone gives no interval.
    att8 = _row(folder, "882", "ks4_att8", 2019)
    assert (att8["value"], att8["significance"]) == (52.9, None)


def test_the_report_says_why_significance_was_not_tested(lait: Built, tables: Built) -> None:
    # LAIT gives neither intervals nor cohorts: nothing is tested.
    assert lait[1].tested == 0
    assert lait[1].not_tested[NO_INTERVAL] > 0
    # The KS4 tables: P8 intervals and proportions with cohorts are tested; Attainment 8
    # and EBacc APS (means) are not, nor the StatsWales budgets (no cohort).
    assert tables[1].tested > 0
    assert tables[1].not_tested[NOT_A_PROPORTION] > 0
    assert tables[1].not_tested[NO_INTERVAL] > 0


def test_welsh_la_against_wales(tables: Built) -> None:
    folder, _ = tables
    # delegatedschoolbudgetsperpupil-by-sector.csv, line 129 (Cardiff): 2015-16 4277.882491,
    # 2017-18 4547.811299, 2019-20 4782.334511; line 2 (Wales) 2019-20 4440.874411.
    row = _row(folder, "681", "ctx_delegated_budget_per_pupil", 2020)
    assert row["national_value"] == 4440.874411
    assert row["diff_national"] == pytest.approx(341.4601, abs=1e-9)
    assert row["trend3_change"] == pytest.approx(4782.334511 - 4547.811299, abs=1e-9)
    assert row["trend5_change"] == pytest.approx(4782.334511 - 4277.882491, abs=1e-9)
    # Pounds per pupil have no better direction: no rank.
    assert row["rank"] is None
