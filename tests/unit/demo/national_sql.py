"""National figures computed from a warehouse with plain DuckDB SQL (independent of the
measure engine), for checking the demo generator against published figures."""

from __future__ import annotations

import duckdb

# measure id -> (dataset, cohort filter, value expression: a 0/1 or a number to average)
_GLD_2013 = " and ".join(f"elg_{x} >= 2" for x in (
    "cl1", "cl2", "cl3", "psed1", "psed2", "psed3", "pd1", "pd2", "lit1", "lit2", "mat1",
    "mat2"))
_GLD_2022 = " and ".join(f"elg_{x} >= 2" for x in (
    "cl1", "cl2", "psed1", "psed2", "psed3", "pd1", "pd2", "lit1", "lit2", "lit3", "mat1",
    "mat2"))
_OLD_SCALES = ("psed_da", "psed_sd", "psed_ed", "cll_lct", "cll_lsl", "cll_r", "cll_w",
               "psrn_nlc", "psrn_c", "psrn_ssm", "kuw", "pd", "cd")
_NI72 = (f"({' + '.join(_OLD_SCALES)}) >= 78 and "
         + " and ".join(f"{s} >= 6" for s in _OLD_SCALES[:7]))

MEASURES: dict[str, tuple[str, str, str]] = {
    "eyfs_ni72_78pts_6psed_cll": ("eyfs", "true", _NI72),
    "eyfs_gld": ("eyfs", "true", f"case when d.year <= 2019 then {_GLD_2013} "
                 f"else {_GLD_2022} end"),
    "phonics_y1_expected": ("phonics", "d.nc_year = 1 and outcome in ('WA','WT','A','D','Q')",
                            "outcome = 'WA'"),
    "phonics_by_y2_expected": ("phonics",
                               "d.nc_year = 2 and outcome in ('WA','WT','A','D','Q')",
                               "outcome = 'WA'"),
    "ks2_l4_eng_maths": ("ks2", "true", "eng_level_num >= 4 and mat_level_num >= 4"),
    "ks2_l4_rwm": ("ks2", "true",
                   "read_level_num >= 4 and writ_level_num >= 4 and mat_level_num >= 4"),
    "ks2_rwm_expected": ("ks2", "true", "read_scaled >= 100 and maths_scaled >= 100 "
                         "and writ_ta in ('EXS', 'GDS')"),
    "ks2_read_expected": ("ks2", "true", "read_scaled >= 100"),
    "ks2_maths_expected": ("ks2", "true", "maths_scaled >= 100"),
    "ks2_writ_expected": ("ks2", "true", "writ_ta in ('EXS', 'GDS')"),
    "ks2_csi": ("ks2", "true", "(eng_level_num >= 4 or welsh_level_num >= 4) "
                "and mat_level_num >= 4 and sci_level_num >= 4"),
    "ks3_csi": ("ks3", "true", "(eng_level_num >= 5 or welsh_level_num >= 5) "
                "and mat_level_num >= 5 and sci_level_num >= 5"),
    "fp_fpi": ("fp", "true", "psd_outcome >= 5 and (lce_outcome >= 5 or lcw_outcome >= 5) "
               "and mdt_outcome >= 5"),
    "ks4_5ac_em": ("ks4", "true", "n_a_c >= 5 and eng_grade_num >= 5 and mat_grade_num >= 5"),
    "ks4_l2_incl": ("ks4", "true", "n_a_c >= 5 and (eng_grade_num >= 5 or "
                    "welsh_grade_num >= 5) and mat_grade_num >= 5"),
    "ks4_att8": ("ks4", "true", "att8"),
    "ks4_em_95": ("ks4", "true", "eng_best >= 5 and mat_best >= 5"),
    "ks4_ebacc_entry": ("ks4", "true", "ebacc_entered"),
    "ks4_capped9": ("ks4", "true", "capped9"),
}
_PERCENT = {m for m in MEASURES if m not in ("ks4_att8", "ks4_capped9")}

GROUPS = {
    "all": "true",
    "disadvantaged": "p.disadvantaged",
    "non_disadvantaged": "not p.disadvantaged",
    "fsm": "p.fsm",
    "non_fsm": "not p.fsm",
    "girls": "p.gender = 'F'",
    "boys": "p.gender = 'M'",
    "sen_none": "p.sen = 'N'",
}


def _pupil_measure(con: duckdb.DuckDBPyConnection, measure: str, year: int, group: str,
                   country: str) -> float:
    dataset, cohort, value = MEASURES[measure]
    if measure in _PERCENT:
        expression = f"avg(case when ({value}) then 100.0 else 0.0 end)"
    else:
        expression = f"avg(({value})::double)"
    row = con.execute(f"""
        select {expression}
        from {dataset} d
        join pupils p on p.pupil_id = d.pupil_id and p.year = d.year
        join schools s on s.urn = d.urn
        where d.year = ? and s.country = ? and ({cohort}) and ({GROUPS[group]})
    """, [year, country]).fetchone()
    assert row is not None and row[0] is not None
    return float(row[0])


def _absence(con: duckdb.DuckDBPyConnection, measure: str, year: int, country: str) -> float:
    numerator = {"abs_overall": "sessions_authorised + sessions_unauthorised",
                 "abs_authorised": "sessions_authorised",
                 "abs_unauthorised": "sessions_unauthorised"}[measure]
    row = con.execute(f"""
        select 100.0 * sum({numerator}) / sum(sessions_possible)
        from attendance a
        join pupils p on p.pupil_id = a.pupil_id and p.year = a.year
        join schools s on s.urn = a.urn
        where a.year = ? and s.country = ? and p.nc_year between 1 and 11
    """, [year, country]).fetchone()
    assert row is not None
    return float(row[0])


def _exclusions(con: duckdb.DuckDBPyConnection, measure: str, year: int, country: str) -> float:
    numerator = {"excl_perm_rate": "sum(case when e.permanent then 1 else 0 end)",
                 "excl_fixed_rate": "sum(e.fixed_count)",
                 "excl_one_plus_fixed": "sum(case when e.fixed_count > 0 then 1 else 0 end)"}
    row = con.execute(f"""
        with roll as (
            select count(*) as n from pupils p join schools s on s.urn = p.urn
            where p.year = ? and s.country = ? and p.nc_year <= 11),
        ex as (
            select {numerator[measure]} as k from exclusions e join schools s on s.urn = e.urn
            where e.year = ? and s.country = ?)
        select 100.0 * ex.k / roll.n from roll, ex
    """, [year, country, year, country]).fetchone()
    assert row is not None
    return float(row[0])


def national_value(con: duckdb.DuckDBPyConnection, measure: str, year: int, group: str,
                   country: str) -> float:
    if measure.startswith("abs_"):
        return _absence(con, measure, year, country)
    if measure.startswith("excl_"):
        return _exclusions(con, measure, year, country)
    return _pupil_measure(con, measure, year, group, country)
