"""One small demo LA with its results cube, shared by the report tests in this folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from attain.demo.service import generate
from attain.services.compute import compute

DEMO_LA = "882"
DEMO_YEARS = range(2017, 2020)
REPORT_YEAR = 2019
# The measures the report tests look at: at least one per section, the floor-standard
# measures, and datasheet exclusions and absence measures.
DEMO_MEASURES = ("eyfs_gld", "phonics_y1_expected", "ks1_exs_read", "ks2_rwm_expected",
                 "ks2_read_progress", "ks2_writ_progress", "ks2_maths_progress", "ks4_att8",
                 "ks4_p8", "abs_overall", "abs_unauthorised", "excl_perm_rate",
                 "excl_fixed_6plus_days_per1000")


@pytest.fixture(scope="session")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("reports_demo")
    generate(folder, scale=0.005, years=DEMO_YEARS)
    compute(folder, measure_ids=DEMO_MEASURES)
    return folder
