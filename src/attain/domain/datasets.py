"""The warehouse datasets: one schema per dataset, defined once here.

The warehouse writes Parquet with these columns and types (see attain.store.warehouse),
the measure compiler checks expressions against them, and docs/datasets.md is generated
from them. Academic years are stored as the calendar year in which they end
(2012 = 2011/12). Pupil ids are pseudonymous strings, never names or UPNs.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ColumnType(StrEnum):
    INT = "int"
    FLOAT = "float"
    STRING = "string"
    BOOL = "bool"
    DATE = "date"


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    description: str
    nullable: bool = True


@dataclass(frozen=True)
class Dataset:
    """A warehouse dataset.

    `per_pupil` datasets carry `pupil_id` and are joined to the census (`pupils`) for pupil
    characteristics when measures are computed. `by_year` datasets are partitioned by `year`.
    """

    name: str
    description: str
    columns: tuple[Column, ...]
    per_pupil: bool = True
    by_year: bool = True
    # Pupils on the census roll with no row here count with zeros (exclusions are
    # recorded only for excluded pupils, but rates are per pupil on roll).
    zero_when_absent: bool = False

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


I, F, S = ColumnType.INT, ColumnType.FLOAT, ColumnType.STRING
B, D = ColumnType.BOOL, ColumnType.DATE


def _keys() -> tuple[Column, ...]:
    return (
        Column("year", I, "Academic year, as the year it ends (2012 = 2011/12).", False),
        Column("pupil_id", S, "Pseudonymous pupil id, stable across years.", False),
        Column("urn", I, "URN of the school accountable for this record.", False),
        Column("la_code", S, "Three-digit (old) LA code of that school, e.g. 882.", False),
    )


SCHOOLS = Dataset(
    "schools",
    "The schools registry (from GIAS, or the demo generator): one row per URN.",
    (
        Column("urn", I, "Unique reference number.", False),
        Column("laestab", I, "LA code × 10000 + establishment number, e.g. 8822001."),
        Column("la_code", S, "Three-digit (old) LA code.", False),
        Column("name", S, "School name.", False),
        Column("phase", S, "nursery, infant, junior, primary, middle, secondary, all-through, "
               "special, PRU, 16 plus."),
        Column("type", S, "Establishment type, e.g. community, voluntary aided, foundation, "
               "academy converter, academy sponsor led, free school, community special."),
        Column("is_academy", B, "True for academies and free schools."),
        Column("low_age", I, "Statutory lowest age."),
        Column("high_age", I, "Statutory highest age."),
        Column("open_date", D, "Date the school opened (null if before records)."),
        Column("close_date", D, "Date the school closed (null if open)."),
        Column("predecessor_urn", I, "URN of the school this one replaced (e.g. on academy "
               "conversion)."),
        Column("country", S, "E (England) or W (Wales).", False),
    ),
    per_pupil=False,
    by_year=False,
)

LAS = Dataset(
    "las",
    "Local authorities: one row per LA, with region and country.",
    (
        Column("la_code", S, "Three-digit (old) LA code.", False),
        Column("new_la_code", S, "Nine-character GSS code, e.g. E06000033."),
        Column("la_name", S, "LA name.", False),
        Column("region_code", S, "GSS region code, e.g. E12000006."),
        Column("region_name", S, "Region name."),
        Column("country", S, "E (England) or W (Wales).", False),
    ),
    per_pupil=False,
    by_year=False,
)

AREAS = Dataset(
    "areas",
    "Named sets of LAs (regions, statistical neighbours, consortia): one row per member.",
    (
        Column("area_code", S, "Area code, e.g. E12000006 or SN882.", False),
        Column("area_name", S, "Area name.", False),
        Column("level", S, "region or group_of_las.", False),
        Column("la_code", S, "A member LA.", False),
    ),
    per_pupil=False,
    by_year=False,
)

PROGRESS_ESTIMATES = Dataset(
    "progress_estimates",
    "Published national estimates for a progress measure (DfE's KS4 ready reckoner): the "
    "national mean outcome of each prior-attainment group and the national SD of pupil "
    "scores. With `attain compute --pupils own` they stand in for the estimates an LA's "
    "own pupils cannot give (docs/importing.md).",
    (
        Column("year", I, "Academic year of the cohort the estimates come from.", False),
        Column("country", S, "E (England) or W (Wales).", False),
        Column("measure_id", S, "The progress measure, e.g. ks4_p8.", False),
        Column("prior_group", I, "Prior-attainment group, as the measure's prior_group "
               "numbers them.", False),
        Column("estimate", F, "National mean outcome of the group (e.g. Attainment 8).",
               False),
        Column("score_sd", F, "National standard deviation of pupil progress scores that "
               "year (the same on every row of a year).", False),
        Column("source_file", S, "The file the estimates were imported from."),
    ),
    per_pupil=False,
    by_year=False,
)

PUPILS = Dataset(
    "pupils",
    "Census characteristics: one row per pupil per year (January census).",
    _keys()
    + (
        Column("nc_year", I, "National curriculum year: 0 = Reception, 1-13; -1 = nursery."),
        Column("gender", S, "M or F."),
        Column("month_of_birth", I, "1-12."),
        Column("fsm", B, "Eligible for free school meals at the census (Wales: eFSM)."),
        Column("disadvantaged", B, "FSM in the last six years (ever-6) or looked after."),
        Column("sen", S, "N none; before 2015 A School Action, P School Action Plus, S statement; "
               "from 2015 K SEN support, E EHC plan."),
        Column("lac", B, "Looked after continuously for 12 months or more."),
        Column("eal", B, "First language other than English."),
        Column("ethnicity", S, "Major ethnic group: WHIT, MIXD, ASIA, BLAC, CHIN, AOEG, UNCL."),
    ),
)

_EYFS_OLD_SCALES = (
    "psed_da", "psed_sd", "psed_ed", "cll_lct", "cll_lsl", "cll_r", "cll_w",
    "psrn_nlc", "psrn_c", "psrn_ssm", "kuw", "pd", "cd",
)
_EYFS_ELGS = (
    "elg_cl1", "elg_cl2", "elg_cl3", "elg_psed1", "elg_psed2", "elg_psed3", "elg_pd1", "elg_pd2",
    "elg_lit1", "elg_lit2", "elg_lit3", "elg_mat1", "elg_mat2", "elg_uw1", "elg_uw2", "elg_uw3",
    "elg_ead1", "elg_ead2",
)

EYFS = Dataset(
    "eyfs",
    "EYFS Profile at the end of Reception: 13 scales scored 0-9 (2008-2012) or 17 early "
    "learning goals (2013+: 1 emerging, 2 expected, 3 exceeding; 2022+: 1 or 2 only). "
    "2013-2019 use elg_cl1-3, elg_lit1-2; 2022+ use elg_cl1-2, elg_lit1-3.",
    _keys()
    + tuple(Column(n, I, "EYFSP scale score 0-9 (2008-2012).") for n in _EYFS_OLD_SCALES)
    + tuple(Column(n, I, "Early learning goal: 1 emerging, 2 expected, 3 exceeding.")
            for n in _EYFS_ELGS),
)

PHONICS = Dataset(
    "phonics",
    "Phonics screening check (from 2012): Year 1 check and Year 2 re-check.",
    _keys()
    + (
        Column("nc_year", I, "1 for the Year 1 check; 2 for Year 2, where every Year 2 pupil "
               "has a row with the outcome by the end of Year 2 (WA with no mark if met in "
               "Year 1, else the re-check result)."),
        Column("mark", I, "Mark 0-40; null when not taken."),
        Column("outcome", S, "WA met, WT not met, A absent, D disapplied, Q maladministration, "
               "X no result."),
    ),
)

FP = Dataset(
    "fp",
    "Wales Foundation Phase teacher assessment at the end of Year 2 (2012-2019): outcomes "
    "1-6 per area of learning; the Foundation Phase Indicator is outcome 5+ in PSD, in "
    "LCE or LCW, and in MDT.",
    _keys()
    + (
        Column("psd_outcome", I, "Personal and social development outcome 1-6; null if "
               "absent, disapplied or not assessed."),
        Column("lce_outcome", I, "Language, literacy and communication (English) 1-6."),
        Column("lcw_outcome", I, "Language, literacy and communication (Welsh) 1-6; null "
               "if not assessed in Welsh."),
        Column("mdt_outcome", I, "Mathematical development outcome 1-6."),
    ),
)

KS1 = Dataset(
    "ks1",
    "Key stage 1 teacher assessment. Levels era (to 2015): W, 1, 2C, 2B, 2A, 3, 4. "
    "From 2016: BLW, PKF, WTS, EXS, GDS. A absent, D disapplied.",
    _keys()
    + (
        Column("read", S, "Reading outcome."),
        Column("writ", S, "Writing outcome."),
        Column("maths", S, "Mathematics outcome."),
        Column("sci", S, "Science outcome (levels era)."),
        Column("aps", F, "KS1 average point score, DfE weighting ((R+W)/2 + M)/2 "
               "(W=3, 1=9, 2C=13, 2B=15, 2A=17, 3=21, 4=27)."),
    ),
)

_KS2_LEVELS = tuple(
    Column(f"{s}_level_num", I, f"KS2 {t} level as a whole number 2-6 (B below level 3 = 2, "
           "N/A/D null); levels era, and Wales throughout.")
    for s, t in (("eng", "English"), ("read", "reading"), ("writ", "writing"),
                 ("mat", "mathematics"), ("sci", "science"), ("welsh", "Welsh first language"))
)

KS2 = Dataset(
    "ks2",
    "Key stage 2: levels (England to 2015, Wales throughout) and scaled scores with "
    "writing teacher assessment (England from 2016). Carries KS1 prior attainment.",
    _keys()
    + _KS2_LEVELS
    + (
        Column("read_scaled", I, "Reading scaled score 80-120 (2016+); null if none."),
        Column("maths_scaled", I, "Mathematics scaled score 80-120 (2016+)."),
        Column("gps_scaled", I, "Grammar, punctuation and spelling scaled score (2016+)."),
        Column("read_status", S, "S sat with a scaled score, B below the test standard, "
               "A absent, D disapplied, Q maladministration, X missing."),
        Column("maths_status", S, "As read_status."),
        Column("writ_ta", S, "Writing teacher assessment (2016+): GDS, EXS, WTS, PKF, BLW, A, D."),
        Column("writ_points", F, "Points for writing TA used in writing progress (2016+)."),
        Column("ks1_aps", F, "KS1 average point score (prior attainment); null if none."),
        Column("ks1_eng_level_num", I, "KS1 English level (average of reading and writing, "
               "rounded down) as 0 (W)-4."),
        Column("ks1_mat_level_num", I, "KS1 mathematics level 0 (W)-4."),
        Column("ks1_read_level_num", I, "KS1 reading level 0 (W)-4 (prior for reading "
               "expected progress, 2012-2015)."),
        Column("ks1_writ_level_num", I, "KS1 writing level 0 (W)-4 (prior for writing "
               "expected progress, 2012-2015)."),
        Column("prior_band", S, "Prior attainment band from KS1: low, middle, high."),
    ),
)

KS3 = Dataset(
    "ks3",
    "Key stage 3 teacher assessment levels (England to 2013, Wales throughout).",
    _keys()
    + tuple(
        Column(f"{s}_level_num", I, f"KS3 {t} level 3-8 (null if absent/disapplied).")
        for s, t in (("eng", "English"), ("mat", "mathematics"), ("sci", "science"),
                     ("welsh", "Welsh first language"))
    )
    + (
        Column("ks2_eng_level_num", I, "KS2 English level (prior)."),
        Column("ks2_mat_level_num", I, "KS2 mathematics level (prior)."),
        Column("prior_band", S, "Prior attainment band from KS2: low, middle, high."),
    ),
)

KS4 = Dataset(
    "ks4",
    "Key stage 4 (end of Year 11): GCSE and equivalents in both eras, Attainment 8 slots "
    "(2016+), Welsh indicators, and KS2 prior attainment.",
    _keys()
    + (
        Column("n_a_c", F, "Number of GCSEs or equivalents at A*-C (9-4), by volume."),
        Column("n_a_g", F, "Number of GCSEs or equivalents at A*-G (9-1), by volume."),
        Column("n_a_a", F, "Number of GCSEs or equivalents at A*-A (9-7), by volume."),
        Column("eng_grade_num", I, "Best GCSE English grade on the legacy scale: A*=8, A=7, "
               "B=6, C=5, D=4, E=3, F=2, G=1, U=0; null if not entered."),
        Column("mat_grade_num", I, "Best GCSE maths grade, legacy scale as eng_grade_num."),
        Column("welsh_grade_num", I, "Best GCSE Welsh first language grade, legacy scale."),
        Column("sci_grade_num", I, "Best GCSE science grade, legacy scale."),
        Column("total_points", F, "Total QCA point score of all qualifications (old APS)."),
        Column("eng_best", F, "Best English GCSE points on the A8 scale (9-1; legacy "
               "A*=8.5 ... G=1 in 2017-18, A*=8 ... G=1 in 2016); 0 if none."),
        Column("mat_best", F, "Best maths GCSE points on the A8 scale; 0 if none."),
        Column("att8", F, "Attainment 8 score 0-90 (2016+)."),
        Column("att8_eng", F, "A8 English element (double weighted), 0-18."),
        Column("att8_mat", F, "A8 maths element (double weighted), 0-18."),
        Column("att8_ebac", F, "A8 EBacc element, 0-27."),
        Column("att8_open", F, "A8 open element, 0-27."),
        Column("ebacc_entered", B, "Entered every EBacc pillar."),
        Column("ebacc_achieved", B, "Achieved every EBacc pillar (C/4+)."),
        Column("ebacc_aps", F, "EBacc average point score (2018+)."),
        Column("capped9", F, "Welsh Capped 9 points score (2019+ interim; legacy before)."),
        Column("ks2_eng_level_num", I, "KS2 English level (prior, levels era)."),
        Column("ks2_mat_level_num", I, "KS2 mathematics level (prior, levels era)."),
        Column("ks2_aps_fine", F, "KS2 fine level average of English and maths (prior for "
               "P8 cohorts to 2019)."),
        Column("ks2_emss", F, "Mean of KS2 reading and maths scaled scores (prior for P8 "
               "cohorts from 2022)."),
        Column("in_p8", B, "Included in Progress 8: mainstream school and KS2 prior present."),
        Column("prior_band", S, "Prior attainment band from KS2: low, middle, high."),
    ),
)

KS5 = Dataset(
    "ks5",
    "16-18 results at the end of study.",
    _keys()
    + (
        Column("l3_volume", F, "Size of level 3 qualifications achieved, in A-level "
               "equivalents."),
        Column("a_level_aps", F, "Average point score per A level entry."),
    ),
)

ATTENDANCE = Dataset(
    "attendance",
    "Sessions (half days) per enrolment for the year; a pupil who moved school has two rows.",
    _keys()
    + (
        Column("sessions_possible", I, "Possible sessions.", False),
        Column("sessions_authorised", I, "Authorised absence sessions.", False),
        Column("sessions_unauthorised", I, "Unauthorised absence sessions.", False),
    ),
)

EXCLUSIONS = Dataset(
    "exclusions",
    "Exclusions per pupil per year (only pupils with at least one exclusion).",
    _keys()
    + (
        Column("fixed_count", I, "Fixed-period exclusions (suspensions) in the year.", False),
        Column("fixed_days", F, "Days lost to fixed-period exclusions.", False),
        Column("permanent", B, "Permanently excluded in the year.", False),
    ),
    zero_when_absent=True,
)

DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (SCHOOLS, LAS, AREAS, PUPILS, EYFS, PHONICS, FP, KS1, KS2, KS3, KS4, KS5, ATTENDANCE,
              EXCLUSIONS, PROGRESS_ESTIMATES)
}

PUPIL_RESULT_DATASETS = ("eyfs", "phonics", "fp", "ks1", "ks2", "ks3", "ks4", "ks5", "attendance",
                         "exclusions")


def dataset(name: str) -> Dataset:
    try:
        return DATASETS[name]
    except KeyError:
        raise KeyError(f"unknown dataset {name!r}; known: {', '.join(DATASETS)}") from None


def datasets_markdown() -> str:
    lines = ["# Warehouse datasets", "",
             "Generated from `attain.domain.datasets`; do not edit by hand.", ""]
    for d in DATASETS.values():
        lines += [f"## {d.name}", "", d.description, "",
                  "| column | type | null? | meaning |", "|---|---|---|---|"]
        lines += [f"| {c.name} | {c.type} | {'yes' if c.nullable else 'no'} | {c.description} |"
                  for c in d.columns]
        lines.append("")
    return "\n".join(lines)
