WITH src AS (
  SELECT
    d.year AS year,
    s.country AS country,
    d.urn AS urn,
    d.la_code AS la_code,
    l.region_code AS region_code,
    (
      TRUE
    ) AS g_0,
    (
      p.gender = 'M'
    ) AS g_1,
    (
      p.gender = 'F'
    ) AS g_2,
    (
      p.fsm = TRUE
    ) AS g_3,
    (
      p.fsm = FALSE
    ) AS g_4,
    (
      p.disadvantaged = TRUE
    ) AS g_5,
    (
      p.disadvantaged = FALSE
    ) AS g_6,
    (
      p.sen = 'N'
    ) AS g_7,
    (
      p.sen IN ('A', 'P', 'K')
    ) AS g_8,
    (
      p.sen IN ('S', 'E')
    ) AS g_9,
    (
      p.sen IN ('A', 'P', 'K', 'S', 'E')
    ) AS g_10,
    (
      p.lac = TRUE
    ) AS g_11,
    (
      p.eal = TRUE
    ) AS g_12,
    (
      p.eal = FALSE
    ) AS g_13,
    (
      p.ethnicity = 'WHIT'
    ) AS g_14,
    (
      p.ethnicity = 'MIXD'
    ) AS g_15,
    (
      p.ethnicity = 'ASIA'
    ) AS g_16,
    (
      p.ethnicity = 'BLAC'
    ) AS g_17,
    (
      p.ethnicity = 'CHIN'
    ) AS g_18,
    (
      p.ethnicity = 'AOEG'
    ) AS g_19,
    (
      p.ethnicity = 'UNCL'
    ) AS g_20,
    (
      d.prior_band = 'low'
    ) AS g_21,
    (
      d.prior_band = 'middle'
    ) AS g_22,
    (
      d.prior_band = 'high'
    ) AS g_23,
    CASE
      WHEN d.year >= 2008
      AND d.year <= 2015
      AND s.country = 'E'
      AND NOT (
        d.ks1_eng_level_num
      ) IS NULL
      AND NOT (
        d.eng_level_num
      ) IS NULL
      THEN 1
      ELSE 0
    END AS c_0,
    CASE WHEN (
      d.eng_level_num
    ) >= (
      d.ks1_eng_level_num
    ) + 2.0 THEN 1 ELSE 0 END AS h_0,
    CASE
      WHEN d.year >= 2008
      AND d.year <= 2015
      AND s.country = 'E'
      AND NOT (
        d.ks1_mat_level_num
      ) IS NULL
      AND NOT (
        d.mat_level_num
      ) IS NULL
      THEN 1
      ELSE 0
    END AS c_1,
    CASE WHEN (
      d.mat_level_num
    ) >= (
      d.ks1_mat_level_num
    ) + 2.0 THEN 1 ELSE 0 END AS h_1,
    CASE
      WHEN d.year >= 2012
      AND d.year <= 2015
      AND s.country = 'E'
      AND NOT (
        d.ks1_read_level_num
      ) IS NULL
      AND NOT (
        d.read_level_num
      ) IS NULL
      THEN 1
      ELSE 0
    END AS c_2,
    CASE
      WHEN (
        d.read_level_num
      ) >= (
        d.ks1_read_level_num
      ) + 2.0
      THEN 1
      ELSE 0
    END AS h_2,
    CASE
      WHEN d.year >= 2012
      AND d.year <= 2015
      AND s.country = 'E'
      AND NOT (
        d.ks1_writ_level_num
      ) IS NULL
      AND NOT (
        d.writ_level_num
      ) IS NULL
      THEN 1
      ELSE 0
    END AS c_3,
    CASE
      WHEN (
        d.writ_level_num
      ) >= (
        d.ks1_writ_level_num
      ) + 2.0
      THEN 1
      ELSE 0
    END AS h_3,
    CASE WHEN d.year >= 2008 AND d.year <= 2019 AND s.country = 'W' THEN 1 ELSE 0 END AS c_4,
    CASE
      WHEN (
        d.eng_level_num >= 4 OR d.welsh_level_num >= 4
      )
      AND d.mat_level_num >= 4
      AND d.sci_level_num >= 4
      THEN 1
      ELSE 0
    END AS h_4,
    CASE WHEN d.year >= 2008 AND d.year <= 2015 AND s.country = 'E' THEN 1 ELSE 0 END AS c_5,
    CASE WHEN d.eng_level_num >= 4 THEN 1 ELSE 0 END AS h_5,
    CASE WHEN d.year >= 2008 AND d.year <= 2012 AND s.country = 'E' THEN 1 ELSE 0 END AS c_6,
    CASE WHEN d.eng_level_num >= 4 AND d.mat_level_num >= 4 THEN 1 ELSE 0 END AS h_6,
    CASE WHEN d.year >= 2008 AND d.year <= 2015 AND s.country = 'E' THEN 1 ELSE 0 END AS c_7,
    CASE WHEN d.mat_level_num >= 4 THEN 1 ELSE 0 END AS h_7,
    CASE WHEN d.year >= 2012 AND d.year <= 2015 AND s.country = 'E' THEN 1 ELSE 0 END AS c_8,
    CASE
      WHEN d.read_level_num >= 4 AND d.writ_level_num >= 4 AND d.mat_level_num >= 4
      THEN 1
      ELSE 0
    END AS h_8,
    CASE WHEN d.year >= 2008 AND d.year <= 2015 AND s.country = 'E' THEN 1 ELSE 0 END AS c_9,
    CASE WHEN d.eng_level_num >= 5 AND d.mat_level_num >= 5 THEN 1 ELSE 0 END AS h_9,
    CASE
      WHEN d.year >= 2016 AND NOT d.year IN (2020, 2021) AND s.country = 'E'
      THEN 1
      ELSE 0
    END AS c_10,
    CASE WHEN d.maths_scaled >= 100 THEN 1 ELSE 0 END AS h_10,
    (
      d.year >= 2016
      AND d.year <= 2023
      AND NOT d.year IN (2020, 2021)
      AND s.country = 'E'
    ) AS c_11,
    d.maths_scaled AS o_11,
    CASE
      WHEN d.ks1_aps < 2.5
      THEN 1
      WHEN d.ks1_aps < 3
      THEN 2
      WHEN d.ks1_aps < 5
      THEN 3
      WHEN d.ks1_aps < 22
      THEN FLOOR(d.ks1_aps) - 1
      WHEN d.ks1_aps >= 22
      THEN 21
    END AS pg_11,
    (
      TRUE
    ) AS e_11,
    CASE
      WHEN d.year >= 2016 AND NOT d.year IN (2020, 2021) AND s.country = 'E'
      THEN d.maths_scaled
    END AS v_12,
    CASE
      WHEN d.year >= 2016 AND NOT d.year IN (2020, 2021) AND s.country = 'E'
      THEN 1
      ELSE 0
    END AS c_13,
    CASE WHEN d.read_scaled >= 100 THEN 1 ELSE 0 END AS h_13,
    (
      d.year >= 2016
      AND d.year <= 2023
      AND NOT d.year IN (2020, 2021)
      AND s.country = 'E'
    ) AS c_14,
    d.read_scaled AS o_14,
    CASE
      WHEN d.ks1_aps < 2.5
      THEN 1
      WHEN d.ks1_aps < 3
      THEN 2
      WHEN d.ks1_aps < 5
      THEN 3
      WHEN d.ks1_aps < 22
      THEN FLOOR(d.ks1_aps) - 1
      WHEN d.ks1_aps >= 22
      THEN 21
    END AS pg_14,
    (
      TRUE
    ) AS e_14,
    CASE
      WHEN d.year >= 2016 AND NOT d.year IN (2020, 2021) AND s.country = 'E'
      THEN d.read_scaled
    END AS v_15,
    CASE
      WHEN d.year >= 2016 AND NOT d.year IN (2020, 2021) AND s.country = 'E'
      THEN 1
      ELSE 0
    END AS c_16,
    CASE
      WHEN d.read_scaled >= 100 AND d.maths_scaled >= 100 AND d.writ_ta IN ('EXS', 'GDS')
      THEN 1
      ELSE 0
    END AS h_16,
    CASE
      WHEN d.year >= 2016 AND NOT d.year IN (2020, 2021) AND s.country = 'E'
      THEN 1
      ELSE 0
    END AS c_17,
    CASE
      WHEN d.read_scaled >= 110 AND d.maths_scaled >= 110 AND d.writ_ta = 'GDS'
      THEN 1
      ELSE 0
    END AS h_17,
    CASE
      WHEN d.year >= 2016 AND NOT d.year IN (2020, 2021) AND s.country = 'E'
      THEN 1
      ELSE 0
    END AS c_18,
    CASE WHEN d.writ_ta IN ('EXS', 'GDS') THEN 1 ELSE 0 END AS h_18,
    (
      d.year >= 2016
      AND d.year <= 2023
      AND NOT d.year IN (2020, 2021)
      AND s.country = 'E'
    ) AS c_19,
    d.writ_points AS o_19,
    CASE
      WHEN d.ks1_aps < 2.5
      THEN 1
      WHEN d.ks1_aps < 3
      THEN 2
      WHEN d.ks1_aps < 5
      THEN 3
      WHEN d.ks1_aps < 22
      THEN FLOOR(d.ks1_aps) - 1
      WHEN d.ks1_aps >= 22
      THEN 21
    END AS pg_19,
    (
      TRUE
    ) AS e_19,
    CASE
      WHEN d.year >= 2008 AND d.year <= 2011 AND s.country = 'E' AND (
        p.lac
      )
      THEN 1
      ELSE 0
    END AS c_20,
    CASE WHEN d.mat_level_num >= 4 THEN 1 ELSE 0 END AS h_20,
    CASE
      WHEN d.year >= 2008 AND d.year <= 2011 AND s.country = 'E' AND (
        p.lac
      )
      THEN 1
      ELSE 0
    END AS c_21,
    CASE WHEN d.eng_level_num >= 4 THEN 1 ELSE 0 END AS h_21
  FROM ks2 AS d
  LEFT JOIN pupils AS p
    ON p.year = d.year AND p.pupil_id = d.pupil_id
  JOIN schools AS s
    ON s.urn = d.urn
  LEFT JOIN las AS l
    ON l.la_code = d.la_code
  WHERE
    d.year >= 2008
), est_11 AS (
  SELECT
    year,
    country,
    pg_11 AS pg,
    AVG(o_11) AS est,
    STDDEV_SAMP(o_11) AS sd
  FROM src
  WHERE
    c_11 AND e_11 AND NOT pg_11 IS NULL AND NOT o_11 IS NULL
  GROUP BY
    year,
    country,
    pg_11
), est_14 AS (
  SELECT
    year,
    country,
    pg_14 AS pg,
    AVG(o_14) AS est,
    STDDEV_SAMP(o_14) AS sd
  FROM src
  WHERE
    c_14 AND e_14 AND NOT pg_14 IS NULL AND NOT o_14 IS NULL
  GROUP BY
    year,
    country,
    pg_14
), est_19 AS (
  SELECT
    year,
    country,
    pg_19 AS pg,
    AVG(o_19) AS est,
    STDDEV_SAMP(o_19) AS sd
  FROM src
  WHERE
    c_19 AND e_19 AND NOT pg_19 IS NULL AND NOT o_19 IS NULL
  GROUP BY
    year,
    country,
    pg_19
), scored AS (
  SELECT
    src.*,
    CASE
      WHEN src.c_11 AND NOT src.o_11 IS NULL AND NOT est_11.est IS NULL
      THEN (
        src.o_11 - est_11.est
      ) / 1.0
    END AS s_11,
    CASE
      WHEN src.c_14 AND NOT src.o_14 IS NULL AND NOT est_14.est IS NULL
      THEN (
        src.o_14 - est_14.est
      ) / 1.0
    END AS s_14,
    CASE
      WHEN src.c_19 AND NOT src.o_19 IS NULL AND NOT est_19.est IS NULL
      THEN (
        src.o_19 - est_19.est
      ) / 1.0
    END AS s_19
  FROM src
  LEFT JOIN est_11
    ON est_11.year = src.year AND est_11.country = src.country AND est_11.pg = src.pg_11
  LEFT JOIN est_14
    ON est_14.year = src.year AND est_14.country = src.country AND est_14.pg = src.pg_14
  LEFT JOIN est_19
    ON est_19.year = src.year AND est_19.country = src.country AND est_19.pg = src.pg_19
), masked AS (
  SELECT
    *,
    CAST(CASE WHEN g_0 THEN 1 ELSE 0 END + CASE WHEN g_1 THEN 2 ELSE 0 END + CASE WHEN g_2 THEN 4 ELSE 0 END + CASE WHEN g_3 THEN 8 ELSE 0 END + CASE WHEN g_4 THEN 16 ELSE 0 END + CASE WHEN g_5 THEN 32 ELSE 0 END + CASE WHEN g_6 THEN 64 ELSE 0 END + CASE WHEN g_7 THEN 128 ELSE 0 END + CASE WHEN g_8 THEN 256 ELSE 0 END + CASE WHEN g_9 THEN 512 ELSE 0 END + CASE WHEN g_10 THEN 1024 ELSE 0 END + CASE WHEN g_11 THEN 2048 ELSE 0 END AS INT) AS gmask_0,
    CAST(CASE WHEN g_12 THEN 1 ELSE 0 END + CASE WHEN g_13 THEN 2 ELSE 0 END + CASE WHEN g_14 THEN 4 ELSE 0 END + CASE WHEN g_15 THEN 8 ELSE 0 END + CASE WHEN g_16 THEN 16 ELSE 0 END + CASE WHEN g_17 THEN 32 ELSE 0 END + CASE WHEN g_18 THEN 64 ELSE 0 END + CASE WHEN g_19 THEN 128 ELSE 0 END + CASE WHEN g_20 THEN 256 ELSE 0 END + CASE WHEN g_21 THEN 512 ELSE 0 END + CASE WHEN g_22 THEN 1024 ELSE 0 END + CASE WHEN g_23 THEN 2048 ELSE 0 END AS INT) AS gmask_1
  FROM scored
), fine_0 AS (
  SELECT
    year,
    urn,
    la_code,
    country,
    region_code,
    gmask_0 AS gmask,
    CAST(SUM(c_0 * h_0) AS DOUBLE) AS n_0,
    CAST(SUM(c_0) AS DOUBLE) AS d_0,
    CAST(SUM(c_1 * h_1) AS DOUBLE) AS n_1,
    CAST(SUM(c_1) AS DOUBLE) AS d_1,
    CAST(SUM(c_2 * h_2) AS DOUBLE) AS n_2,
    CAST(SUM(c_2) AS DOUBLE) AS d_2,
    CAST(SUM(c_3 * h_3) AS DOUBLE) AS n_3,
    CAST(SUM(c_3) AS DOUBLE) AS d_3,
    CAST(SUM(c_4 * h_4) AS DOUBLE) AS n_4,
    CAST(SUM(c_4) AS DOUBLE) AS d_4,
    CAST(SUM(c_5 * h_5) AS DOUBLE) AS n_5,
    CAST(SUM(c_5) AS DOUBLE) AS d_5,
    CAST(SUM(c_6 * h_6) AS DOUBLE) AS n_6,
    CAST(SUM(c_6) AS DOUBLE) AS d_6,
    CAST(SUM(c_7 * h_7) AS DOUBLE) AS n_7,
    CAST(SUM(c_8 * h_8) AS DOUBLE) AS n_8,
    CAST(SUM(c_8) AS DOUBLE) AS d_8,
    CAST(SUM(c_9 * h_9) AS DOUBLE) AS n_9,
    CAST(SUM(c_10 * h_10) AS DOUBLE) AS n_10,
    CAST(SUM(c_10) AS DOUBLE) AS d_10,
    CAST(SUM(s_11) AS DOUBLE) AS n_11,
    CAST(COUNT(s_11) AS DOUBLE) AS d_11,
    CAST(SUM(v_12) AS DOUBLE) AS n_12,
    CAST(COUNT(v_12) AS DOUBLE) AS d_12,
    CAST(SUM(v_12 * v_12) AS DOUBLE) AS sq_12,
    CAST(SUM(c_13 * h_13) AS DOUBLE) AS n_13,
    CAST(SUM(s_14) AS DOUBLE) AS n_14,
    CAST(COUNT(s_14) AS DOUBLE) AS d_14,
    CAST(SUM(v_15) AS DOUBLE) AS n_15,
    CAST(COUNT(v_15) AS DOUBLE) AS d_15,
    CAST(SUM(v_15 * v_15) AS DOUBLE) AS sq_15,
    CAST(SUM(c_16 * h_16) AS DOUBLE) AS n_16,
    CAST(SUM(c_17 * h_17) AS DOUBLE) AS n_17,
    CAST(SUM(c_18 * h_18) AS DOUBLE) AS n_18,
    CAST(SUM(s_19) AS DOUBLE) AS n_19,
    CAST(COUNT(s_19) AS DOUBLE) AS d_19,
    CAST(SUM(c_20 * h_20) AS DOUBLE) AS n_20,
    CAST(SUM(c_20) AS DOUBLE) AS d_20,
    CAST(SUM(c_21 * h_21) AS DOUBLE) AS n_21
  FROM masked
  GROUP BY
    year,
    urn,
    la_code,
    country,
    region_code,
    gmask_0
), fine_1 AS (
  SELECT
    year,
    urn,
    la_code,
    country,
    region_code,
    gmask_1 AS gmask,
    CAST(SUM(c_0 * h_0) AS DOUBLE) AS n_0,
    CAST(SUM(c_0) AS DOUBLE) AS d_0,
    CAST(SUM(c_1 * h_1) AS DOUBLE) AS n_1,
    CAST(SUM(c_1) AS DOUBLE) AS d_1,
    CAST(SUM(c_2 * h_2) AS DOUBLE) AS n_2,
    CAST(SUM(c_2) AS DOUBLE) AS d_2,
    CAST(SUM(c_3 * h_3) AS DOUBLE) AS n_3,
    CAST(SUM(c_3) AS DOUBLE) AS d_3,
    CAST(SUM(c_4 * h_4) AS DOUBLE) AS n_4,
    CAST(SUM(c_4) AS DOUBLE) AS d_4,
    CAST(SUM(c_5 * h_5) AS DOUBLE) AS n_5,
    CAST(SUM(c_5) AS DOUBLE) AS d_5,
    CAST(SUM(c_6 * h_6) AS DOUBLE) AS n_6,
    CAST(SUM(c_6) AS DOUBLE) AS d_6,
    CAST(SUM(c_7 * h_7) AS DOUBLE) AS n_7,
    CAST(SUM(c_8 * h_8) AS DOUBLE) AS n_8,
    CAST(SUM(c_8) AS DOUBLE) AS d_8,
    CAST(SUM(c_9 * h_9) AS DOUBLE) AS n_9,
    CAST(SUM(c_10 * h_10) AS DOUBLE) AS n_10,
    CAST(SUM(c_10) AS DOUBLE) AS d_10,
    CAST(SUM(s_11) AS DOUBLE) AS n_11,
    CAST(COUNT(s_11) AS DOUBLE) AS d_11,
    CAST(SUM(v_12) AS DOUBLE) AS n_12,
    CAST(COUNT(v_12) AS DOUBLE) AS d_12,
    CAST(SUM(v_12 * v_12) AS DOUBLE) AS sq_12,
    CAST(SUM(c_13 * h_13) AS DOUBLE) AS n_13,
    CAST(SUM(s_14) AS DOUBLE) AS n_14,
    CAST(COUNT(s_14) AS DOUBLE) AS d_14,
    CAST(SUM(v_15) AS DOUBLE) AS n_15,
    CAST(COUNT(v_15) AS DOUBLE) AS d_15,
    CAST(SUM(v_15 * v_15) AS DOUBLE) AS sq_15,
    CAST(SUM(c_16 * h_16) AS DOUBLE) AS n_16,
    CAST(SUM(c_17 * h_17) AS DOUBLE) AS n_17,
    CAST(SUM(c_18 * h_18) AS DOUBLE) AS n_18,
    CAST(SUM(s_19) AS DOUBLE) AS n_19,
    CAST(COUNT(s_19) AS DOUBLE) AS d_19,
    CAST(SUM(c_20 * h_20) AS DOUBLE) AS n_20,
    CAST(SUM(c_20) AS DOUBLE) AS d_20,
    CAST(SUM(c_21 * h_21) AS DOUBLE) AS n_21
  FROM masked
  GROUP BY
    year,
    urn,
    la_code,
    country,
    region_code,
    gmask_1
), exploded AS (
  SELECT
    g.group_id,
    fine_0.*
  FROM fine_0
  JOIN (VALUES
    (1, 'all'),
    (2, 'boys'),
    (4, 'girls'),
    (8, 'fsm'),
    (16, 'non_fsm'),
    (32, 'disadvantaged'),
    (64, 'non_disadvantaged'),
    (128, 'sen_none'),
    (256, 'sen_support'),
    (512, 'sen_ehcp'),
    (1024, 'sen_any'),
    (2048, 'lac')) AS g(bit, group_id)
    ON (
      fine_0.gmask & g.bit
    ) <> 0
  UNION ALL
  SELECT
    g.group_id,
    fine_1.*
  FROM fine_1
  JOIN (VALUES
    (1, 'eal'),
    (2, 'non_eal'),
    (4, 'eth_white'),
    (8, 'eth_mixed'),
    (16, 'eth_asian'),
    (32, 'eth_black'),
    (64, 'eth_chinese'),
    (128, 'eth_other'),
    (256, 'eth_unclassified'),
    (512, 'prior_low'),
    (1024, 'prior_middle'),
    (2048, 'prior_high')) AS g(bit, group_id)
    ON (
      fine_1.gmask & g.bit
    ) <> 0
), by_school AS (
  SELECT
    group_id,
    year,
    urn,
    la_code,
    country,
    region_code,
    SUM(n_0) AS n_0,
    SUM(d_0) AS d_0,
    SUM(n_1) AS n_1,
    SUM(d_1) AS d_1,
    SUM(n_2) AS n_2,
    SUM(d_2) AS d_2,
    SUM(n_3) AS n_3,
    SUM(d_3) AS d_3,
    SUM(n_4) AS n_4,
    SUM(d_4) AS d_4,
    SUM(n_5) AS n_5,
    SUM(d_5) AS d_5,
    SUM(n_6) AS n_6,
    SUM(d_6) AS d_6,
    SUM(n_7) AS n_7,
    SUM(n_8) AS n_8,
    SUM(d_8) AS d_8,
    SUM(n_9) AS n_9,
    SUM(n_10) AS n_10,
    SUM(d_10) AS d_10,
    SUM(n_11) AS n_11,
    SUM(d_11) AS d_11,
    SUM(n_12) AS n_12,
    SUM(d_12) AS d_12,
    SUM(sq_12) AS sq_12,
    SUM(n_13) AS n_13,
    SUM(n_14) AS n_14,
    SUM(d_14) AS d_14,
    SUM(n_15) AS n_15,
    SUM(d_15) AS d_15,
    SUM(sq_15) AS sq_15,
    SUM(n_16) AS n_16,
    SUM(n_17) AS n_17,
    SUM(n_18) AS n_18,
    SUM(n_19) AS n_19,
    SUM(d_19) AS d_19,
    SUM(n_20) AS n_20,
    SUM(d_20) AS d_20,
    SUM(n_21) AS n_21
  FROM exploded
  GROUP BY
    group_id,
    year,
    urn,
    la_code,
    country,
    region_code
), sets AS (
  SELECT
    group_id,
    year,
    country,
    CASE
      WHEN GROUPING(urn) = 0
      THEN 'school'
      WHEN GROUPING(la_code) = 0
      THEN 'la'
      WHEN GROUPING(region_code) = 0
      THEN 'region'
      ELSE 'national'
    END AS level,
    CASE
      WHEN GROUPING(urn) = 0
      THEN CAST(urn AS TEXT)
      WHEN GROUPING(la_code) = 0
      THEN la_code
      WHEN GROUPING(region_code) = 0
      THEN region_code
      ELSE CASE country WHEN 'E' THEN 'E92000001' WHEN 'W' THEN 'W92000004' END
    END AS area_code,
    SUM(n_0) AS n_0,
    SUM(d_0) AS d_0,
    SUM(n_1) AS n_1,
    SUM(d_1) AS d_1,
    SUM(n_2) AS n_2,
    SUM(d_2) AS d_2,
    SUM(n_3) AS n_3,
    SUM(d_3) AS d_3,
    SUM(n_4) AS n_4,
    SUM(d_4) AS d_4,
    SUM(n_5) AS n_5,
    SUM(d_5) AS d_5,
    SUM(n_6) AS n_6,
    SUM(d_6) AS d_6,
    SUM(n_7) AS n_7,
    SUM(n_8) AS n_8,
    SUM(d_8) AS d_8,
    SUM(n_9) AS n_9,
    SUM(n_10) AS n_10,
    SUM(d_10) AS d_10,
    SUM(n_11) AS n_11,
    SUM(d_11) AS d_11,
    SUM(n_12) AS n_12,
    SUM(d_12) AS d_12,
    SUM(sq_12) AS sq_12,
    SUM(n_13) AS n_13,
    SUM(n_14) AS n_14,
    SUM(d_14) AS d_14,
    SUM(n_15) AS n_15,
    SUM(d_15) AS d_15,
    SUM(sq_15) AS sq_15,
    SUM(n_16) AS n_16,
    SUM(n_17) AS n_17,
    SUM(n_18) AS n_18,
    SUM(n_19) AS n_19,
    SUM(d_19) AS d_19,
    SUM(n_20) AS n_20,
    SUM(d_20) AS d_20,
    SUM(n_21) AS n_21
  FROM by_school
  GROUP BY
    GROUPING SETS (
      (group_id, year, country, urn),
      (group_id, year, country, la_code),
      (group_id, year, country, region_code),
      (group_id, year, country)
    )
), levels AS (
  SELECT
    *,
    d_5 AS d_7,
    d_5 AS d_9,
    d_10 AS d_13,
    d_10 AS d_16,
    d_10 AS d_17,
    d_10 AS d_18,
    d_20 AS d_21
  FROM (
    SELECT
      *
    FROM sets
    UNION ALL
    SELECT
      s.group_id,
      s.year,
      s.country,
      'group_of_las' AS level,
      a.area_code,
      SUM(s.n_0) AS n_0,
      SUM(s.d_0) AS d_0,
      SUM(s.n_1) AS n_1,
      SUM(s.d_1) AS d_1,
      SUM(s.n_2) AS n_2,
      SUM(s.d_2) AS d_2,
      SUM(s.n_3) AS n_3,
      SUM(s.d_3) AS d_3,
      SUM(s.n_4) AS n_4,
      SUM(s.d_4) AS d_4,
      SUM(s.n_5) AS n_5,
      SUM(s.d_5) AS d_5,
      SUM(s.n_6) AS n_6,
      SUM(s.d_6) AS d_6,
      SUM(s.n_7) AS n_7,
      SUM(s.n_8) AS n_8,
      SUM(s.d_8) AS d_8,
      SUM(s.n_9) AS n_9,
      SUM(s.n_10) AS n_10,
      SUM(s.d_10) AS d_10,
      SUM(s.n_11) AS n_11,
      SUM(s.d_11) AS d_11,
      SUM(s.n_12) AS n_12,
      SUM(s.d_12) AS d_12,
      SUM(s.sq_12) AS sq_12,
      SUM(s.n_13) AS n_13,
      SUM(s.n_14) AS n_14,
      SUM(s.d_14) AS d_14,
      SUM(s.n_15) AS n_15,
      SUM(s.d_15) AS d_15,
      SUM(s.sq_15) AS sq_15,
      SUM(s.n_16) AS n_16,
      SUM(s.n_17) AS n_17,
      SUM(s.n_18) AS n_18,
      SUM(s.n_19) AS n_19,
      SUM(s.d_19) AS d_19,
      SUM(s.n_20) AS n_20,
      SUM(s.d_20) AS d_20,
      SUM(s.n_21) AS n_21
    FROM sets AS s
    JOIN areas AS a
      ON a.la_code = s.area_code AND a.level = 'group_of_las'
    WHERE
      s.level = 'la'
    GROUP BY
      s.group_id,
      s.year,
      s.country,
      a.area_code
  ) AS l
), psd_11 AS (
  SELECT
    year,
    country,
    STDDEV_SAMP(s_11) AS sd
  FROM scored
  GROUP BY
    year,
    country
), psd_14 AS (
  SELECT
    year,
    country,
    STDDEV_SAMP(s_14) AS sd
  FROM scored
  GROUP BY
    year,
    country
), psd_19 AS (
  SELECT
    year,
    country,
    STDDEV_SAMP(s_19) AS sd
  FROM scored
  GROUP BY
    year,
    country
), cells AS (
  SELECT
    *,
    CAST(n AS DOUBLE) / d AS p
  FROM (
    SELECT
      'ks2_2lp_eng' AS measure_id,
      'wilson' AS ci,
      c.year,
      c.level,
      c.area_code,
      c.group_id,
      CAST(c.n_0 AS DOUBLE) AS n,
      CAST(c.d_0 AS DOUBLE) AS d,
      CAST(NULL AS DOUBLE) AS sd,
      CAST(100.0 * c.n_0 / c.d_0 AS DOUBLE) AS v
    FROM levels AS c
    WHERE
      c.d_0 > 0 AND NOT c.area_code IS NULL
    UNION ALL
    SELECT
      'ks2_2lp_maths' AS measure_id,
      'wilson' AS ci,
      c.year,
      c.level,
      c.area_code,
      c.group_id,
      CAST(c.n_1 AS DOUBLE) AS n,
      CAST(c.d_1 AS DOUBLE) AS d,
      CAST(NULL AS DOUBLE) AS sd,
      CAST(100.0 * c.n_1 / c.d_1 AS DOUBLE) AS v
    FROM levels AS c
    WHERE
      c.d_1 > 0 AND NOT c.area_code IS NULL
    UNION ALL
    SELECT
      'ks2_2lp_read' AS measure_id,
      'wilson' AS ci,
      c.year,
      c.level,
      c.area_code,
      c.group_id,
      CAST(c.n_2 AS DOUBLE) AS n,
      CAST(c.d_2 AS DOUBLE) AS d,
      CAST(NULL AS DOUBLE) AS sd,
      CAST(100.0 * c.n_2 / c.d_2 AS DOUBLE) AS v
    FROM levels AS c
    WHERE
      c.d_2 > 0 AND NOT c.area_code IS NULL
    UNION ALL
    SELECT
      'ks2_2lp_writ' AS measure_id,
      'wilson' AS ci,
      c.year,
      c.level,
      c.area_code,
      c.group_id,
      CAST(c.n_3 AS DOUBLE) AS n,
      CAST(c.d_3 AS DOUBLE) AS d,
      CAST(NULL AS DOUBLE) AS sd,
      CAST(100.0 * c.n_3 / c.d_3 AS DOUBLE) AS v
    FROM levels AS c
    WHERE
      c.d_3 > 0 AND NOT c.area_code IS NULL
    UNION ALL
    SELECT
      'ks2_csi' AS measure_id,
      'wilson' AS ci,
      c.year,
      c.level,
      c.area_code,
      c.group_id,
      CAST(c.n_4 AS DOUBLE) AS n,
      CAST(c.d_4 AS DOUBLE) AS d,
      CAST(NULL AS DOUBLE) AS sd,
      CAST(100.0 * c.n_4 / c.d_4 AS DOUBLE) AS v
    FROM levels AS c
    WHERE
      c.d_4 > 0 AND NOT c.area_code IS NULL
    UNION ALL
    SELECT
      'ks2_l4_eng' AS measure_id,
      'wilson' AS ci,
      c.year,
      c.level,
      c.area_code,
      c.group_id,
      CAST(c.n_5 AS DOUBLE) AS n,
      CAST(c.d_5 AS DOUBLE) AS d,
      CAST(NULL AS DOUBLE) AS sd,
      CAST(100.0 * c.n_5 / c.d_5 AS DOUBLE) AS v
    FROM levels AS c
    WHERE
      c.d_5 > 0 AND NOT c.area_code IS NULL
    UNION ALL
    SELECT
      'ks2_l4_eng_maths' AS measure_id,
      'wilson' AS ci,
      c.year,
      c.level,
      c.area_code,
      c.group_id,
      CAST(c.n_6 AS DOUBLE) AS n,
      CAST(c.d_6 AS DOUBLE) AS d,
      CAST(NULL AS DOUBLE) AS sd,
      CAST(100.0 * c.n_6 / c.d_6 AS DOUBLE) AS v
    FROM levels AS c
    WHERE
      c.d_6 > 0 AND NOT c.area_code IS NULL
    UNION ALL
    SELECT
      'ks2_l4_maths' AS measure_id,
      'wilson' AS ci,
      c.year,
      c.level,
      c.area_code,
      c.group_id,
      CAST(c.n_7 AS DOUBLE) AS n,
      CAST(c.d_7 AS DOUBLE) AS d,
      CAST(NULL AS DOUBLE) AS sd,
      CAST(100.0 * c.n_7 / c.d_7 AS DOUBLE) AS v
    FROM levels AS c
    WHERE
      c.d_7 > 0 AND NOT c.area_code IS NULL
    UNION ALL
    SELECT
      'ks2_l4_rwm' AS measure_id,
      'wilson' AS ci,
      c.year,
      c.level,
      c.area_code,
      c.group_id,
      CAST(c.n_8 AS DOUBLE) AS n,
      CAST(c.d_8 AS DOUBLE) AS d,
      CAST(NULL AS DOUBLE) AS sd,
      CAST(100.0 * c.n_8 / c.d_8 AS DOUBLE) AS v
    FROM levels AS c
    WHERE
      c.d_8 > 0 AND NOT c.area_code IS NULL
    UNION ALL
    SELECT
      'ks2_l5_eng_maths' AS measure_id,
      'wilson' AS ci,
      c.year,
      c.level,
      c.area_code,
      c.group_id,
      CAST(c.n_9 AS DOUBLE) AS n,
      CAST(c.d_9 AS DOUBLE) AS d,
      CAST(NULL AS DOUBLE) AS sd,
      CAST(100.0 * c.n_9 / c.d_9 AS DOUBLE) AS v
    FROM levels AS c
    WHERE
      c.d_9 > 0 AND NOT c.area_code IS NULL
    UNION ALL
    SELECT
      'ks2_maths_expected' AS measure_id,
      'wilson' AS ci,
      c.year,
      c.level,
      c.area_code,
      c.group_id,
      CAST(c.n_10 AS DOUBLE) AS n,
      CAST(c.d_10 AS DOUBLE) AS d,
      CAST(NULL AS DOUBLE) AS sd,
      CAST(100.0 * c.n_10 / c.d_10 AS DOUBLE) AS v
    FROM levels AS c
    WHERE
      c.d_10 > 0 AND NOT c.area_code IS NULL
    UNION ALL
    SELECT
      'ks2_maths_progress' AS measure_id,
      'normal' AS ci,
      c.year,
      c.level,
      c.area_code,
      c.group_id,
      CAST(c.n_11 AS DOUBLE) AS n,
      CAST(c.d_11 AS DOUBLE) AS d,
      CAST(q.sd AS DOUBLE) AS sd,
      CAST(CAST(c.n_11 AS DOUBLE) / c.d_11 AS DOUBLE) AS v
    FROM levels AS c
    LEFT JOIN psd_11 AS q
      ON q.year = c.year AND q.country = c.country
    WHERE
      c.d_11 > 0 AND NOT c.area_code IS NULL
    UNION ALL
    SELECT
      'ks2_maths_scaled_avg' AS measure_id,
      'normal' AS ci,
      c.year,
      c.level,
      c.area_code,
      c.group_id,
      CAST(c.n_12 AS DOUBLE) AS n,
      CAST(c.d_12 AS DOUBLE) AS d,
      CAST(CASE
        WHEN c.d_12 > 1
        THEN SQRT(
          GREATEST(CAST(c.sq_12 AS DOUBLE) - CAST(c.n_12 AS DOUBLE) * c.n_12 / c.d_12, 0) / (
            c.d_12 - 1
          )
        )
      END AS DOUBLE) AS sd,
      CAST(CAST(c.n_12 AS DOUBLE) / c.d_12 AS DOUBLE) AS v
    FROM levels AS c
    WHERE
      c.d_12 > 0 AND NOT c.area_code IS NULL
    UNION ALL
    SELECT
      'ks2_read_expected' AS measure_id,
      'wilson' AS ci,
      c.year,
      c.level,
      c.area_code,
      c.group_id,
      CAST(c.n_13 AS DOUBLE) AS n,
      CAST(c.d_13 AS DOUBLE) AS d,
      CAST(NULL AS DOUBLE) AS sd,
      CAST(100.0 * c.n_13 / c.d_13 AS DOUBLE) AS v
    FROM levels AS c
    WHERE
      c.d_13 > 0 AND NOT c.area_code IS NULL
    UNION ALL
    SELECT
      'ks2_read_progress' AS measure_id,
      'normal' AS ci,
      c.year,
      c.level,
      c.area_code,
      c.group_id,
      CAST(c.n_14 AS DOUBLE) AS n,
      CAST(c.d_14 AS DOUBLE) AS d,
      CAST(q.sd AS DOUBLE) AS sd,
      CAST(CAST(c.n_14 AS DOUBLE) / c.d_14 AS DOUBLE) AS v
    FROM levels AS c
    LEFT JOIN psd_14 AS q
      ON q.year = c.year AND q.country = c.country
    WHERE
      c.d_14 > 0 AND NOT c.area_code IS NULL
    UNION ALL
    SELECT
      'ks2_read_scaled_avg' AS measure_id,
      'normal' AS ci,
      c.year,
      c.level,
      c.area_code,
      c.group_id,
      CAST(c.n_15 AS DOUBLE) AS n,
      CAST(c.d_15 AS DOUBLE) AS d,
      CAST(CASE
        WHEN c.d_15 > 1
        THEN SQRT(
          GREATEST(CAST(c.sq_15 AS DOUBLE) - CAST(c.n_15 AS DOUBLE) * c.n_15 / c.d_15, 0) / (
            c.d_15 - 1
          )
        )
      END AS DOUBLE) AS sd,
      CAST(CAST(c.n_15 AS DOUBLE) / c.d_15 AS DOUBLE) AS v
    FROM levels AS c
    WHERE
      c.d_15 > 0 AND NOT c.area_code IS NULL
    UNION ALL
    SELECT
      'ks2_rwm_expected' AS measure_id,
      'wilson' AS ci,
      c.year,
      c.level,
      c.area_code,
      c.group_id,
      CAST(c.n_16 AS DOUBLE) AS n,
      CAST(c.d_16 AS DOUBLE) AS d,
      CAST(NULL AS DOUBLE) AS sd,
      CAST(100.0 * c.n_16 / c.d_16 AS DOUBLE) AS v
    FROM levels AS c
    WHERE
      c.d_16 > 0 AND NOT c.area_code IS NULL
    UNION ALL
    SELECT
      'ks2_rwm_higher' AS measure_id,
      'wilson' AS ci,
      c.year,
      c.level,
      c.area_code,
      c.group_id,
      CAST(c.n_17 AS DOUBLE) AS n,
      CAST(c.d_17 AS DOUBLE) AS d,
      CAST(NULL AS DOUBLE) AS sd,
      CAST(100.0 * c.n_17 / c.d_17 AS DOUBLE) AS v
    FROM levels AS c
    WHERE
      c.d_17 > 0 AND NOT c.area_code IS NULL
    UNION ALL
    SELECT
      'ks2_writ_expected' AS measure_id,
      'wilson' AS ci,
      c.year,
      c.level,
      c.area_code,
      c.group_id,
      CAST(c.n_18 AS DOUBLE) AS n,
      CAST(c.d_18 AS DOUBLE) AS d,
      CAST(NULL AS DOUBLE) AS sd,
      CAST(100.0 * c.n_18 / c.d_18 AS DOUBLE) AS v
    FROM levels AS c
    WHERE
      c.d_18 > 0 AND NOT c.area_code IS NULL
    UNION ALL
    SELECT
      'ks2_writ_progress' AS measure_id,
      'normal' AS ci,
      c.year,
      c.level,
      c.area_code,
      c.group_id,
      CAST(c.n_19 AS DOUBLE) AS n,
      CAST(c.d_19 AS DOUBLE) AS d,
      CAST(q.sd AS DOUBLE) AS sd,
      CAST(CAST(c.n_19 AS DOUBLE) / c.d_19 AS DOUBLE) AS v
    FROM levels AS c
    LEFT JOIN psd_19 AS q
      ON q.year = c.year AND q.country = c.country
    WHERE
      c.d_19 > 0 AND NOT c.area_code IS NULL
    UNION ALL
    SELECT
      'ni100_lac_ks2_l4_maths' AS measure_id,
      'wilson' AS ci,
      c.year,
      c.level,
      c.area_code,
      c.group_id,
      CAST(c.n_20 AS DOUBLE) AS n,
      CAST(c.d_20 AS DOUBLE) AS d,
      CAST(NULL AS DOUBLE) AS sd,
      CAST(100.0 * c.n_20 / c.d_20 AS DOUBLE) AS v
    FROM levels AS c
    WHERE
      c.d_20 > 0 AND NOT c.area_code IS NULL
    UNION ALL
    SELECT
      'ni99_lac_ks2_l4_eng' AS measure_id,
      'wilson' AS ci,
      c.year,
      c.level,
      c.area_code,
      c.group_id,
      CAST(c.n_21 AS DOUBLE) AS n,
      CAST(c.d_21 AS DOUBLE) AS d,
      CAST(NULL AS DOUBLE) AS sd,
      CAST(100.0 * c.n_21 / c.d_21 AS DOUBLE) AS v
    FROM levels AS c
    WHERE
      c.d_21 > 0 AND NOT c.area_code IS NULL
  ) AS u
)
SELECT
  CAST(measure_id AS TEXT) AS measure_id,
  CAST(year AS INT) AS year,
  CAST(level AS TEXT) AS level,
  CAST(area_code AS TEXT) AS area_code,
  CAST(group_id AS TEXT) AS group_id,
  CAST(n AS DOUBLE) AS numerator,
  CAST(d AS DOUBLE) AS denominator,
  CAST(v AS DOUBLE) AS value,
  CAST(CASE ci
    WHEN 'wilson'
    THEN 100 * (
      p + 3.841458881296 / (
        2 * d
      ) - 1.959964 * SQRT(p * (
        1 - p
      ) / d + 3.841458881296 / (
        4 * d * d
      ))
    ) / (
      1 + 3.841458881296 / d
    )
    WHEN 'normal'
    THEN v - 1.96 * sd / SQRT(d)
  END AS DOUBLE) AS ci_low,
  CAST(CASE ci
    WHEN 'wilson'
    THEN 100 * (
      p + 3.841458881296 / (
        2 * d
      ) + 1.959964 * SQRT(p * (
        1 - p
      ) / d + 3.841458881296 / (
        4 * d * d
      ))
    ) / (
      1 + 3.841458881296 / d
    )
    WHEN 'normal'
    THEN v + 1.96 * sd / SQRT(d)
  END AS DOUBLE) AS ci_high
FROM cells
