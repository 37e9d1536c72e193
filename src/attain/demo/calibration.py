"""Published national figures the demo data is calibrated to (docs/calibration.md).

The generator sets its thresholds so that national headline figures land on these values;
gaps between groups come out of the pupil model (deprivation, SEN, gender, month of birth)
and are checked against the published gaps. tests/unit/demo/test_calibration.py computes
every target from the generated warehouse with plain SQL.
"""

from __future__ import annotations

from dataclasses import dataclass

REF = "shared/reference/measures.md"
KS2_2019 = ("gov.uk, National curriculum assessments at key stage 2 in England, 2019 "
            "(interim), 9 July 2019")
SCHOOLVACANCIES_2019 = ("DfE KS2 2019 interim release, quoted by schoolvacancies.co.uk "
                        "'SATs 2019: more pupils reach expected standard but gender gap widens'")
NFER_2019 = ("DfE KS2 2019 provisional release, quoted by NFER blog 'Key stage 2 national "
             "curriculum tests 2019: how did boys and girls differ', 26 Sep 2019")
SEN_2019 = ("DfE 'Special educational needs in England' 2018/19 figures, quoted by "
            "schools.local-offer.org (SEN headline data)")
KS4_2019_DISADV = ("DfE KS4 2019 revised release (Feb 2020), quoted by Daily Mail "
                   "article 7973933 'England's GCSE gender gap lasts 30 years'")


@dataclass(frozen=True)
class Target:
    measure_id: str
    year: int
    group: str
    value: float
    tolerance: float
    source: str
    country: str = "E"


def _t(measure: str, year: int, value: float, tol: float, source: str, group: str = "all",
       country: str = "E") -> Target:
    return Target(measure, year, group, value, tol, source, country)


TARGETS: tuple[Target, ...] = (
    # EYFS
    _t("eyfs_ni72_78pts_6psed_cll", 2011, 59, 3, f"{REF} 1b [S] Nursery World quoting DfE"),
    _t("eyfs_ni72_78pts_6psed_cll", 2012, 64, 3, f"{REF} 1b [S] SFR23/2012"),
    _t("eyfs_gld", 2013, 51.7, 3, f"{REF} 1a [S]"),
    _t("eyfs_gld", 2019, 71.8, 3, f"{REF} 1a [C] EES EYFSP headline"),
    _t("eyfs_gld", 2022, 65.2, 3, f"{REF} 1a [C] EES EYFSP headline"),
    _t("eyfs_gld", 2025, 68.3, 3, f"{REF} 1a [C] EES EYFSP headline"),
    # Phonics
    _t("phonics_y1_expected", 2012, 58, 3, f"{REF} 2 [C]"),
    _t("phonics_y1_expected", 2016, 81, 3, f"{REF} 2 [C] SFR42/2016"),
    _t("phonics_y1_expected", 2019, 82, 3, f"{REF} 2 [C]"),
    _t("phonics_y1_expected", 2023, 79, 3, f"{REF} 2 [C]"),
    _t("phonics_by_y2_expected", 2013, 85, 3, f"{REF} 2 [C] by the end of Year 2"),
    _t("phonics_by_y2_expected", 2016, 91, 3, f"{REF} 2 [C] SFR42/2016"),
    _t("phonics_by_y2_expected", 2018, 92, 3, f"{REF} 2 [C]"),
    # KS2 levels era
    _t("ks2_l4_eng_maths", 2008, 73, 3, f"{REF} 3a [C] gov.uk news 20 Sep 2012"),
    _t("ks2_l4_eng_maths", 2011, 74, 3, f"{REF} 3a [C] gov.uk news 20 Sep 2012"),
    _t("ks2_l4_rwm", 2013, 76, 3, f"{REF} 3a [S] SFR copy"),
    _t("ks2_l4_rwm", 2014, 79, 3, f"{REF} 3a [S] SFR copy"),
    # KS2 scaled scores era
    _t("ks2_rwm_expected", 2016, 53, 3, f"{REF} 3b [C] SFR39/2016"),
    _t("ks2_rwm_expected", 2019, 65, 3, KS2_2019),
    _t("ks2_rwm_expected", 2023, 59, 3, f"{REF} 3b [S]"),
    _t("ks2_read_expected", 2019, 73, 4, KS2_2019),
    _t("ks2_maths_expected", 2019, 79, 4, KS2_2019),
    _t("ks2_writ_expected", 2019, 78, 4, KS2_2019),
    _t("ks2_rwm_expected", 2019, 51, 4, SCHOOLVACANCIES_2019, "disadvantaged"),
    _t("ks2_rwm_expected", 2019, 71, 4, SCHOOLVACANCIES_2019, "non_disadvantaged"),
    _t("ks2_rwm_expected", 2019, 70, 4, NFER_2019, "girls"),
    _t("ks2_rwm_expected", 2019, 60, 4, NFER_2019, "boys"),
    _t("ks2_rwm_expected", 2019, 74, 4, SEN_2019, "sen_none"),
    # KS4
    _t("ks4_5ac_em", 2010, 53.4, 3, f"{REF} 4a [S] press quoting DfE SFR"),
    _t("ks4_5ac_em", 2012, 59.4, 3, f"{REF} 4a [S] gov.uk SFR02/2013 page"),
    _t("ks4_att8", 2019, 46.7, 2, f"{REF} 4b [C] EES children in need release"),
    _t("ks4_em_95", 2019, 43.2, 4, f"{REF} 4b [C] EES children in need release"),
    _t("ks4_ebacc_entry", 2019, 40.0, 4, f"{REF} 4b [S]"),
    _t("ks4_att8", 2019, 36.7, 2.5, KS4_2019_DISADV, "disadvantaged"),
    _t("ks4_att8", 2019, 50.3, 2.5, KS4_2019_DISADV, "non_disadvantaged"),
    # Attendance and exclusions
    _t("abs_overall", 2019, 4.7, 0.3, f"{REF} 5 [C] EES absence 2018/19"),
    _t("abs_authorised", 2019, 3.3, 0.3, f"{REF} 5 [C] EES absence 2018/19"),
    _t("abs_unauthorised", 2019, 1.4, 0.3, f"{REF} 5 [C] EES absence 2018/19"),
    _t("excl_perm_rate", 2019, 0.0965, 0.04, f"{REF} 6 [C] EES exclusions 2018/19"),
    _t("excl_fixed_rate", 2019, 5.3581, 0.6, f"{REF} 6 [C] EES exclusions 2018/19"),
    _t("excl_one_plus_fixed", 2019, 2.4423, 0.3, f"{REF} 6 [C] EES exclusions 2018/19"),
    # Wales
    _t("fp_fpi", 2017, 87.3, 3, f"{REF} 7 [C] SFR88/2017", country="W"),
    _t("ks2_csi", 2017, 89.5, 3, f"{REF} 7 [C] SFR88/2017", country="W"),
    _t("ks3_csi", 2017, 87.4, 3, f"{REF} 7 [C] SFR88/2017", country="W"),
    _t("ks4_l2_incl", 2016, 60.3, 3, f"{REF} 7 [C] gov.wales 2015/16", country="W"),
    _t("ks4_capped9", 2019, 354.4, 10, f"{REF} 7 [C] WG wellbeing indicator 7",
       country="W"),
    _t("ks4_capped9", 2019, 298.9, 15, f"{REF} 7 [C] WG wellbeing indicator 7", "fsm",
       country="W"),
    _t("ks4_capped9", 2019, 376.2, 15, f"{REF} 7 [C] WG wellbeing indicator 7", "non_fsm",
       country="W"),
)


def target_value(measure_id: str, year: int, country: str, group: str = "all") -> float | None:
    """The published figure the generator aims at, if there is one."""
    for t in TARGETS:
        if (t.measure_id, t.year, t.group, t.country) == (measure_id, year, group, country):
            return t.value
    return None


def calibration_markdown() -> str:
    lines = [
        "# Demo data calibration targets",
        "",
        "Generated from `attain.demo.calibration.TARGETS` by `attain docs`; do not edit by hand.",
        "",
        "`attain demo` sets its thresholds so that these national figures (state-funded "
        "schools) come out of the synthetic data; the group figures come out of the pupil "
        "model and are checked too. `tests/unit/demo/test_calibration.py` computes each "
        "figure from a generated warehouse with plain SQL and fails when it is further than "
        "the tolerance from the published value. [C] confirmed in an official text, [S] seen "
        "in a third-party page quoting DfE or Welsh Government.",
        "",
        "| country | measure | year | group | published | tolerance | source |",
        "|---|---|---|---|---|---|---|",
    ]
    for t in TARGETS:
        lines.append(f"| {t.country} | {t.measure_id} | {t.year} | {t.group} | {t.value:g} | "
                     f"±{t.tolerance:g} | {t.source} |")
    return "\n".join(lines) + "\n"
