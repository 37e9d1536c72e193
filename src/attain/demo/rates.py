"""Yearly national levels the generator aims at (the model's dials).

Published figures from attain.demo.calibration.TARGETS take precedence; the series below
fill the years between them. Values not in TARGETS are approximate recollections of the
national trend (UNCONFIRMED), used only to give the synthetic data a plausible shape; no
test compares with them.
"""

from __future__ import annotations

from attain.demo.calibration import target_value

_SERIES: dict[tuple[str, str], dict[int, float]] = {
    ("E", "eyfs_ni72_78pts_6psed_cll"): {2008: 49, 2009: 52, 2010: 56, 2011: 59, 2012: 64},
    ("E", "eyfs_gld"): {2013: 51.7, 2014: 60.4, 2015: 66.3, 2016: 69.3, 2017: 70.7,
                        2018: 71.5, 2019: 71.8, 2022: 65.2, 2023: 67.2, 2024: 67.7,
                        2025: 68.3},
    ("E", "phonics_y1_expected"): {2012: 58, 2013: 69, 2014: 74, 2015: 77, 2016: 81,
                                   2017: 81, 2018: 82, 2019: 82, 2022: 75, 2023: 79,
                                   2024: 80, 2025: 80},
    ("E", "ks1_read"): {2008: 84, 2012: 87, 2015: 90, 2016: 74, 2019: 75, 2022: 67, 2023: 68},
    ("E", "ks2_levels_combined"): {2008: 73, 2009: 72, 2010: 73, 2011: 74, 2012: 75,
                                   2013: 76, 2014: 79, 2015: 80},
    ("E", "ks2_rwm_expected"): {2016: 53, 2017: 61, 2018: 64, 2019: 65, 2022: 59, 2023: 59,
                                2024: 61, 2025: 62},
    ("E", "ks3_l5"): {2008: 74, 2013: 84},
    ("E", "ks4_5ac_em"): {2008: 47.6, 2009: 50.7, 2010: 53.4, 2011: 59.0, 2012: 59.4,
                          2013: 58.6, 2014: 53.4, 2015: 53.8},
    ("E", "ks4_att8"): {2016: 48.5, 2017: 46.3, 2018: 46.5, 2019: 46.7, 2022: 48.8,
                        2023: 46.4, 2024: 45.9, 2025: 45.9},
    ("E", "fsm"): {2008: 15.5, 2013: 18.2, 2018: 13.6, 2019: 15.4, 2020: 17.3, 2021: 19.5,
                   2022: 20.0, 2025: 22.0},
    ("E", "abs_overall"): {2008: 6.3, 2010: 5.9, 2012: 5.1, 2014: 4.5, 2016: 4.6, 2019: 4.7,
                           2020: 4.6, 2021: 5.0, 2022: 7.6, 2023: 7.4, 2024: 7.1, 2025: 6.9},
    ("E", "abs_unauthorised"): {2008: 1.0, 2016: 1.1, 2019: 1.4, 2022: 1.9, 2025: 2.2},
    ("E", "excl_one_plus_fixed"): {2008: 2.9, 2013: 2.0, 2019: 2.44, 2022: 3.2, 2025: 4.0},
    ("E", "excl_fixed_rate"): {2008: 6.5, 2013: 4.5, 2019: 5.36, 2022: 6.9, 2025: 9.0},
    ("E", "excl_perm_rate"): {2008: 0.11, 2013: 0.06, 2019: 0.0965, 2022: 0.08, 2025: 0.13},
    ("W", "fp_fpi"): {2012: 80.5, 2013: 83.0, 2014: 85.2, 2015: 86.2, 2016: 87.2, 2017: 87.3,
                      2018: 82.6, 2019: 82.2},
    ("W", "ks2_csi"): {2008: 77, 2012: 82, 2017: 89.5, 2019: 89.6},
    ("W", "ks3_csi"): {2008: 59, 2012: 72, 2017: 87.4, 2019: 86},
    ("W", "ks4_l2_incl"): {2008: 45, 2012: 51, 2016: 60.3, 2018: 55.1, 2019: 55},
    ("W", "ks4_capped9"): {2019: 354.4, 2025: 350},
    ("W", "fsm"): {2008: 17, 2013: 19, 2019: 17, 2022: 21, 2025: 24},
    ("W", "abs_overall"): {2008: 7.5, 2014: 5.5, 2019: 5.6, 2022: 10, 2025: 8.5},
    ("W", "abs_unauthorised"): {2008: 1.5, 2019: 1.3, 2022: 2.5, 2025: 2.6},
    ("W", "excl_one_plus_fixed"): {2008: 2.5, 2019: 2.8, 2025: 3.5},
    ("W", "excl_fixed_rate"): {2008: 4.0, 2019: 4.5, 2025: 6.0},
    ("W", "excl_perm_rate"): {2008: 0.03, 2019: 0.02, 2025: 0.03},
}


def _interpolate(points: dict[int, float], year: int) -> float:
    years = sorted(points)
    if year <= years[0]:
        return points[years[0]]
    if year >= years[-1]:
        return points[years[-1]]
    lo = max(y for y in years if y <= year)
    hi = min(y for y in years if y >= year)
    if lo == hi:
        return points[lo]
    return points[lo] + (points[hi] - points[lo]) * (year - lo) / (hi - lo)


def level(key: str, year: int, country: str) -> float:
    """The national figure for `key` in `year` (a percentage, a mean, or a rate)."""
    published = target_value(key, year, country)
    if published is not None:
        return published
    return _interpolate(_SERIES[(country, key)], year)
