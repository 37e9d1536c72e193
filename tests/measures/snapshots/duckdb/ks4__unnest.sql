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
        d.ks2_eng_level_num
      ) IS NULL
      AND NOT (
        COALESCE(d.eng_grade_num, 0) + 2
      ) IS NULL
      THEN 1
      ELSE 0
    END AS c_0,
    CASE
      WHEN (
        COALESCE(d.eng_grade_num, 0) + 2
      ) >= (
        d.ks2_eng_level_num
      ) + 3.0
      THEN 1
      ELSE 0
    END AS h_0,
    CASE
      WHEN d.year >= 2008
      AND d.year <= 2015
      AND s.country = 'E'
      AND NOT (
        d.ks2_mat_level_num
      ) IS NULL
      AND NOT (
        COALESCE(d.mat_grade_num, 0) + 2
      ) IS NULL
      THEN 1
      ELSE 0
    END AS c_1,
    CASE
      WHEN (
        COALESCE(d.mat_grade_num, 0) + 2
      ) >= (
        d.ks2_mat_level_num
      ) + 3.0
      THEN 1
      ELSE 0
    END AS h_1,
    CASE WHEN d.year >= 2008 AND d.year <= 2016 AND s.country = 'E' THEN 1 ELSE 0 END AS c_2,
    CASE WHEN d.n_a_c >= 5 THEN 1 ELSE 0 END AS h_2,
    CASE WHEN d.year >= 2008 AND d.year <= 2016 AND s.country = 'E' THEN 1 ELSE 0 END AS c_3,
    CASE
      WHEN d.n_a_c >= 5 AND d.eng_grade_num >= 5 AND d.mat_grade_num >= 5
      THEN 1
      ELSE 0
    END AS h_3,
    CASE WHEN d.year >= 2016 AND s.country = 'E' THEN d.att8 END AS v_4,
    CASE
      WHEN d.year >= 2017 AND NOT d.year IN (2020, 2021, 2022) AND s.country = 'W'
      THEN d.capped9
    END AS v_5,
    CASE WHEN d.year >= 2018 AND s.country = 'E' THEN d.ebacc_aps END AS v_6,
    CASE WHEN d.year >= 2016 AND s.country = 'E' THEN 1 ELSE 0 END AS c_7,
    CASE WHEN d.ebacc_entered THEN 1 ELSE 0 END AS h_7,
    CASE WHEN d.year >= 2017 AND s.country = 'E' THEN 1 ELSE 0 END AS c_8,
    CASE WHEN d.eng_best >= 4 AND d.mat_best >= 4 THEN 1 ELSE 0 END AS h_8,
    CASE WHEN d.year >= 2017 AND s.country = 'E' THEN 1 ELSE 0 END AS c_9,
    CASE WHEN d.eng_best >= 5 AND d.mat_best >= 5 THEN 1 ELSE 0 END AS h_9,
    CASE WHEN d.year >= 2008 AND d.year <= 2019 AND s.country = 'W' THEN 1 ELSE 0 END AS c_10,
    CASE WHEN d.n_a_g >= 5 THEN 1 ELSE 0 END AS h_10,
    CASE WHEN d.year >= 2008 AND d.year <= 2019 AND s.country = 'W' THEN 1 ELSE 0 END AS c_11,
    CASE WHEN d.n_a_c >= 5 THEN 1 ELSE 0 END AS h_11,
    CASE WHEN d.year >= 2008 AND d.year <= 2019 AND s.country = 'W' THEN 1 ELSE 0 END AS c_12,
    CASE
      WHEN d.n_a_c >= 5
      AND (
        d.eng_grade_num >= 5 OR d.welsh_grade_num >= 5
      )
      AND d.mat_grade_num >= 5
      THEN 1
      ELSE 0
    END AS h_12,
    (
      d.year >= 2016
      AND d.year <= 2024
      AND NOT d.year IN (2020, 2021)
      AND s.country = 'E'
    ) AS c_13,
    d.att8 AS o_13,
    CASE
      WHEN d.year >= 2022
      THEN CASE
        WHEN d.ks2_emss <= 82
        THEN 1
        WHEN d.ks2_emss <= 86
        THEN 2
        WHEN d.ks2_emss <= 87.5
        THEN 3
        WHEN d.ks2_emss <= 89
        THEN 4
        WHEN d.ks2_emss <= 90.5
        THEN 5
        WHEN d.ks2_emss <= 92
        THEN 6
        ELSE CEIL(d.ks2_emss) - 86
      END
      ELSE CASE
        WHEN d.ks2_aps_fine < 2
        THEN 15
        WHEN d.ks2_aps_fine < 2.5
        THEN 20
        WHEN d.ks2_aps_fine < 2.8
        THEN 25
        WHEN d.ks2_aps_fine >= 5.8
        THEN 58
        ELSE FLOOR(ROUND(d.ks2_aps_fine * 10, 6))
      END
    END AS pg_13,
    (
      d.in_p8
    ) AS e_13,
    (
      d.year >= 2016
      AND d.year <= 2024
      AND NOT d.year IN (2020, 2021)
      AND s.country = 'E'
    ) AS c_14,
    d.att8_ebac AS o_14,
    CASE
      WHEN d.year >= 2022
      THEN CASE
        WHEN d.ks2_emss <= 82
        THEN 1
        WHEN d.ks2_emss <= 86
        THEN 2
        WHEN d.ks2_emss <= 87.5
        THEN 3
        WHEN d.ks2_emss <= 89
        THEN 4
        WHEN d.ks2_emss <= 90.5
        THEN 5
        WHEN d.ks2_emss <= 92
        THEN 6
        ELSE CEIL(d.ks2_emss) - 86
      END
      ELSE CASE
        WHEN d.ks2_aps_fine < 2
        THEN 15
        WHEN d.ks2_aps_fine < 2.5
        THEN 20
        WHEN d.ks2_aps_fine < 2.8
        THEN 25
        WHEN d.ks2_aps_fine >= 5.8
        THEN 58
        ELSE FLOOR(ROUND(d.ks2_aps_fine * 10, 6))
      END
    END AS pg_14,
    (
      d.in_p8
    ) AS e_14,
    (
      d.year >= 2016
      AND d.year <= 2024
      AND NOT d.year IN (2020, 2021)
      AND s.country = 'E'
    ) AS c_15,
    d.att8_eng AS o_15,
    CASE
      WHEN d.year >= 2022
      THEN CASE
        WHEN d.ks2_emss <= 82
        THEN 1
        WHEN d.ks2_emss <= 86
        THEN 2
        WHEN d.ks2_emss <= 87.5
        THEN 3
        WHEN d.ks2_emss <= 89
        THEN 4
        WHEN d.ks2_emss <= 90.5
        THEN 5
        WHEN d.ks2_emss <= 92
        THEN 6
        ELSE CEIL(d.ks2_emss) - 86
      END
      ELSE CASE
        WHEN d.ks2_aps_fine < 2
        THEN 15
        WHEN d.ks2_aps_fine < 2.5
        THEN 20
        WHEN d.ks2_aps_fine < 2.8
        THEN 25
        WHEN d.ks2_aps_fine >= 5.8
        THEN 58
        ELSE FLOOR(ROUND(d.ks2_aps_fine * 10, 6))
      END
    END AS pg_15,
    (
      d.in_p8
    ) AS e_15,
    (
      d.year >= 2016
      AND d.year <= 2024
      AND NOT d.year IN (2020, 2021)
      AND s.country = 'E'
    ) AS c_16,
    d.att8_mat AS o_16,
    CASE
      WHEN d.year >= 2022
      THEN CASE
        WHEN d.ks2_emss <= 82
        THEN 1
        WHEN d.ks2_emss <= 86
        THEN 2
        WHEN d.ks2_emss <= 87.5
        THEN 3
        WHEN d.ks2_emss <= 89
        THEN 4
        WHEN d.ks2_emss <= 90.5
        THEN 5
        WHEN d.ks2_emss <= 92
        THEN 6
        ELSE CEIL(d.ks2_emss) - 86
      END
      ELSE CASE
        WHEN d.ks2_aps_fine < 2
        THEN 15
        WHEN d.ks2_aps_fine < 2.5
        THEN 20
        WHEN d.ks2_aps_fine < 2.8
        THEN 25
        WHEN d.ks2_aps_fine >= 5.8
        THEN 58
        ELSE FLOOR(ROUND(d.ks2_aps_fine * 10, 6))
      END
    END AS pg_16,
    (
      d.in_p8
    ) AS e_16,
    (
      d.year >= 2016
      AND d.year <= 2024
      AND NOT d.year IN (2020, 2021)
      AND s.country = 'E'
    ) AS c_17,
    d.att8_open AS o_17,
    CASE
      WHEN d.year >= 2022
      THEN CASE
        WHEN d.ks2_emss <= 82
        THEN 1
        WHEN d.ks2_emss <= 86
        THEN 2
        WHEN d.ks2_emss <= 87.5
        THEN 3
        WHEN d.ks2_emss <= 89
        THEN 4
        WHEN d.ks2_emss <= 90.5
        THEN 5
        WHEN d.ks2_emss <= 92
        THEN 6
        ELSE CEIL(d.ks2_emss) - 86
      END
      ELSE CASE
        WHEN d.ks2_aps_fine < 2
        THEN 15
        WHEN d.ks2_aps_fine < 2.5
        THEN 20
        WHEN d.ks2_aps_fine < 2.8
        THEN 25
        WHEN d.ks2_aps_fine >= 5.8
        THEN 58
        ELSE FLOOR(ROUND(d.ks2_aps_fine * 10, 6))
      END
    END AS pg_17,
    (
      d.in_p8
    ) AS e_17,
    CASE
      WHEN d.year >= 2008 AND d.year <= 2011 AND s.country = 'E' AND (
        p.lac
      )
      THEN 1
      ELSE 0
    END AS c_18,
    CASE
      WHEN d.n_a_c >= 5 AND d.eng_grade_num >= 5 AND d.mat_grade_num >= 5
      THEN 1
      ELSE 0
    END AS h_18
  FROM ks4 AS d
  LEFT JOIN pupils AS p
    ON p.year = d.year AND p.pupil_id = d.pupil_id
  JOIN schools AS s
    ON s.urn = d.urn
  LEFT JOIN las AS l
    ON l.la_code = d.la_code
  WHERE
    d.year >= 2008
), est_13 AS (
  SELECT
    year,
    country,
    pg_13 AS pg,
    AVG(o_13) AS est,
    STDDEV_SAMP(o_13) AS sd
  FROM src
  WHERE
    c_13 AND e_13 AND NOT pg_13 IS NULL AND NOT o_13 IS NULL
  GROUP BY
    year,
    country,
    pg_13
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
), est_15 AS (
  SELECT
    year,
    country,
    pg_15 AS pg,
    AVG(o_15) AS est,
    STDDEV_SAMP(o_15) AS sd
  FROM src
  WHERE
    c_15 AND e_15 AND NOT pg_15 IS NULL AND NOT o_15 IS NULL
  GROUP BY
    year,
    country,
    pg_15
), est_16 AS (
  SELECT
    year,
    country,
    pg_16 AS pg,
    AVG(o_16) AS est,
    STDDEV_SAMP(o_16) AS sd
  FROM src
  WHERE
    c_16 AND e_16 AND NOT pg_16 IS NULL AND NOT o_16 IS NULL
  GROUP BY
    year,
    country,
    pg_16
), est_17 AS (
  SELECT
    year,
    country,
    pg_17 AS pg,
    AVG(o_17) AS est,
    STDDEV_SAMP(o_17) AS sd
  FROM src
  WHERE
    c_17 AND e_17 AND NOT pg_17 IS NULL AND NOT o_17 IS NULL
  GROUP BY
    year,
    country,
    pg_17
), scored AS (
  SELECT
    src.*,
    CASE
      WHEN src.c_13 AND NOT src.o_13 IS NULL AND NOT est_13.est IS NULL
      THEN (
        CASE
          WHEN src.year >= 2018
          AND est_13.sd > 0
          AND (
            src.o_13 - est_13.est
          ) / est_13.sd < -2.8948556948
          THEN est_13.sd * -2.8948556948
          ELSE (
            src.o_13 - est_13.est
          )
        END
      ) / 10.0
    END AS s_13,
    CASE
      WHEN src.c_14 AND NOT src.o_14 IS NULL AND NOT est_14.est IS NULL
      THEN (
        src.o_14 - est_14.est
      ) / 3.0
    END AS s_14,
    CASE
      WHEN src.c_15 AND NOT src.o_15 IS NULL AND NOT est_15.est IS NULL
      THEN (
        src.o_15 - est_15.est
      ) / 2.0
    END AS s_15,
    CASE
      WHEN src.c_16 AND NOT src.o_16 IS NULL AND NOT est_16.est IS NULL
      THEN (
        src.o_16 - est_16.est
      ) / 2.0
    END AS s_16,
    CASE
      WHEN src.c_17 AND NOT src.o_17 IS NULL AND NOT est_17.est IS NULL
      THEN (
        src.o_17 - est_17.est
      ) / 3.0
    END AS s_17
  FROM src
  LEFT JOIN est_13
    ON est_13.year = src.year AND est_13.country = src.country AND est_13.pg = src.pg_13
  LEFT JOIN est_14
    ON est_14.year = src.year AND est_14.country = src.country AND est_14.pg = src.pg_14
  LEFT JOIN est_15
    ON est_15.year = src.year AND est_15.country = src.country AND est_15.pg = src.pg_15
  LEFT JOIN est_16
    ON est_16.year = src.year AND est_16.country = src.country AND est_16.pg = src.pg_16
  LEFT JOIN est_17
    ON est_17.year = src.year AND est_17.country = src.country AND est_17.pg = src.pg_17
), base AS (
  SELECT
    g.group_id,
    scored.*
  FROM scored
  CROSS JOIN (VALUES
    ('all'),
    ('boys'),
    ('girls'),
    ('fsm'),
    ('non_fsm'),
    ('disadvantaged'),
    ('non_disadvantaged'),
    ('sen_none'),
    ('sen_support'),
    ('sen_ehcp'),
    ('sen_any'),
    ('lac'),
    ('eal'),
    ('non_eal'),
    ('eth_white'),
    ('eth_mixed'),
    ('eth_asian'),
    ('eth_black'),
    ('eth_chinese'),
    ('eth_other'),
    ('eth_unclassified'),
    ('prior_low'),
    ('prior_middle'),
    ('prior_high')) AS g(group_id)
  WHERE
    CASE g.group_id
      WHEN 'all'
      THEN g_0
      WHEN 'boys'
      THEN g_1
      WHEN 'girls'
      THEN g_2
      WHEN 'fsm'
      THEN g_3
      WHEN 'non_fsm'
      THEN g_4
      WHEN 'disadvantaged'
      THEN g_5
      WHEN 'non_disadvantaged'
      THEN g_6
      WHEN 'sen_none'
      THEN g_7
      WHEN 'sen_support'
      THEN g_8
      WHEN 'sen_ehcp'
      THEN g_9
      WHEN 'sen_any'
      THEN g_10
      WHEN 'lac'
      THEN g_11
      WHEN 'eal'
      THEN g_12
      WHEN 'non_eal'
      THEN g_13
      WHEN 'eth_white'
      THEN g_14
      WHEN 'eth_mixed'
      THEN g_15
      WHEN 'eth_asian'
      THEN g_16
      WHEN 'eth_black'
      THEN g_17
      WHEN 'eth_chinese'
      THEN g_18
      WHEN 'eth_other'
      THEN g_19
      WHEN 'eth_unclassified'
      THEN g_20
      WHEN 'prior_low'
      THEN g_21
      WHEN 'prior_middle'
      THEN g_22
      WHEN 'prior_high'
      THEN g_23
    END
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
    SUM(c_0 * h_0) AS n_0,
    SUM(c_0) AS d_0,
    SUM(c_1 * h_1) AS n_1,
    SUM(c_1) AS d_1,
    SUM(c_2 * h_2) AS n_2,
    SUM(c_2) AS d_2,
    SUM(c_3 * h_3) AS n_3,
    SUM(v_4) AS n_4,
    COUNT(v_4) AS d_4,
    SUM(v_4 * v_4) AS sq_4,
    SUM(v_5) AS n_5,
    COUNT(v_5) AS d_5,
    SUM(v_5 * v_5) AS sq_5,
    SUM(v_6) AS n_6,
    COUNT(v_6) AS d_6,
    SUM(v_6 * v_6) AS sq_6,
    SUM(c_7 * h_7) AS n_7,
    SUM(c_7) AS d_7,
    SUM(c_8 * h_8) AS n_8,
    SUM(c_8) AS d_8,
    SUM(c_9 * h_9) AS n_9,
    SUM(c_10 * h_10) AS n_10,
    SUM(c_10) AS d_10,
    SUM(c_11 * h_11) AS n_11,
    SUM(c_12 * h_12) AS n_12,
    SUM(s_13) AS n_13,
    COUNT(s_13) AS d_13,
    SUM(s_14) AS n_14,
    COUNT(s_14) AS d_14,
    SUM(s_15) AS n_15,
    COUNT(s_15) AS d_15,
    SUM(s_16) AS n_16,
    COUNT(s_16) AS d_16,
    SUM(s_17) AS n_17,
    COUNT(s_17) AS d_17,
    SUM(c_18 * h_18) AS n_18,
    SUM(c_18) AS d_18
  FROM base
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
    d_2 AS d_3,
    d_8 AS d_9,
    d_10 AS d_11,
    d_10 AS d_12
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
      SUM(s.n_4) AS n_4,
      SUM(s.d_4) AS d_4,
      SUM(s.sq_4) AS sq_4,
      SUM(s.n_5) AS n_5,
      SUM(s.d_5) AS d_5,
      SUM(s.sq_5) AS sq_5,
      SUM(s.n_6) AS n_6,
      SUM(s.d_6) AS d_6,
      SUM(s.sq_6) AS sq_6,
      SUM(s.n_7) AS n_7,
      SUM(s.d_7) AS d_7,
      SUM(s.n_8) AS n_8,
      SUM(s.d_8) AS d_8,
      SUM(s.n_9) AS n_9,
      SUM(s.n_10) AS n_10,
      SUM(s.d_10) AS d_10,
      SUM(s.n_11) AS n_11,
      SUM(s.n_12) AS n_12,
      SUM(s.n_13) AS n_13,
      SUM(s.d_13) AS d_13,
      SUM(s.n_14) AS n_14,
      SUM(s.d_14) AS d_14,
      SUM(s.n_15) AS n_15,
      SUM(s.d_15) AS d_15,
      SUM(s.n_16) AS n_16,
      SUM(s.d_16) AS d_16,
      SUM(s.n_17) AS n_17,
      SUM(s.d_17) AS d_17,
      SUM(s.n_18) AS n_18,
      SUM(s.d_18) AS d_18
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
), psd_13 AS (
  SELECT
    year,
    country,
    STDDEV_SAMP(s_13) AS sd
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
), psd_15 AS (
  SELECT
    year,
    country,
    STDDEV_SAMP(s_15) AS sd
  FROM scored
  GROUP BY
    year,
    country
), psd_16 AS (
  SELECT
    year,
    country,
    STDDEV_SAMP(s_16) AS sd
  FROM scored
  GROUP BY
    year,
    country
), psd_17 AS (
  SELECT
    year,
    country,
    STDDEV_SAMP(s_17) AS sd
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
      'ks4_3lp_eng' AS measure_id,
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
      'ks4_3lp_maths' AS measure_id,
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
      'ks4_5ac' AS measure_id,
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
      'ks4_5ac_em' AS measure_id,
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
      'ks4_att8' AS measure_id,
      'normal' AS ci,
      c.year,
      c.level,
      c.area_code,
      c.group_id,
      CAST(c.n_4 AS DOUBLE) AS n,
      CAST(c.d_4 AS DOUBLE) AS d,
      CAST(CASE
        WHEN c.d_4 > 1
        THEN SQRT(
          GREATEST(CAST(c.sq_4 AS DOUBLE) - CAST(c.n_4 AS DOUBLE) * c.n_4 / c.d_4, 0) / (
            c.d_4 - 1
          )
        )
      END AS DOUBLE) AS sd,
      CAST(CAST(c.n_4 AS DOUBLE) / c.d_4 AS DOUBLE) AS v
    FROM levels AS c
    WHERE
      c.d_4 > 0 AND NOT c.area_code IS NULL
    UNION ALL
    SELECT
      'ks4_capped9' AS measure_id,
      'normal' AS ci,
      c.year,
      c.level,
      c.area_code,
      c.group_id,
      CAST(c.n_5 AS DOUBLE) AS n,
      CAST(c.d_5 AS DOUBLE) AS d,
      CAST(CASE
        WHEN c.d_5 > 1
        THEN SQRT(
          GREATEST(CAST(c.sq_5 AS DOUBLE) - CAST(c.n_5 AS DOUBLE) * c.n_5 / c.d_5, 0) / (
            c.d_5 - 1
          )
        )
      END AS DOUBLE) AS sd,
      CAST(CAST(c.n_5 AS DOUBLE) / c.d_5 AS DOUBLE) AS v
    FROM levels AS c
    WHERE
      c.d_5 > 0 AND NOT c.area_code IS NULL
    UNION ALL
    SELECT
      'ks4_ebacc_aps' AS measure_id,
      'normal' AS ci,
      c.year,
      c.level,
      c.area_code,
      c.group_id,
      CAST(c.n_6 AS DOUBLE) AS n,
      CAST(c.d_6 AS DOUBLE) AS d,
      CAST(CASE
        WHEN c.d_6 > 1
        THEN SQRT(
          GREATEST(CAST(c.sq_6 AS DOUBLE) - CAST(c.n_6 AS DOUBLE) * c.n_6 / c.d_6, 0) / (
            c.d_6 - 1
          )
        )
      END AS DOUBLE) AS sd,
      CAST(CAST(c.n_6 AS DOUBLE) / c.d_6 AS DOUBLE) AS v
    FROM levels AS c
    WHERE
      c.d_6 > 0 AND NOT c.area_code IS NULL
    UNION ALL
    SELECT
      'ks4_ebacc_entry' AS measure_id,
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
      'ks4_em_94' AS measure_id,
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
      'ks4_em_95' AS measure_id,
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
      'ks4_l1' AS measure_id,
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
      'ks4_l2' AS measure_id,
      'wilson' AS ci,
      c.year,
      c.level,
      c.area_code,
      c.group_id,
      CAST(c.n_11 AS DOUBLE) AS n,
      CAST(c.d_11 AS DOUBLE) AS d,
      CAST(NULL AS DOUBLE) AS sd,
      CAST(100.0 * c.n_11 / c.d_11 AS DOUBLE) AS v
    FROM levels AS c
    WHERE
      c.d_11 > 0 AND NOT c.area_code IS NULL
    UNION ALL
    SELECT
      'ks4_l2_incl' AS measure_id,
      'wilson' AS ci,
      c.year,
      c.level,
      c.area_code,
      c.group_id,
      CAST(c.n_12 AS DOUBLE) AS n,
      CAST(c.d_12 AS DOUBLE) AS d,
      CAST(NULL AS DOUBLE) AS sd,
      CAST(100.0 * c.n_12 / c.d_12 AS DOUBLE) AS v
    FROM levels AS c
    WHERE
      c.d_12 > 0 AND NOT c.area_code IS NULL
    UNION ALL
    SELECT
      'ks4_p8' AS measure_id,
      'normal' AS ci,
      c.year,
      c.level,
      c.area_code,
      c.group_id,
      CAST(c.n_13 AS DOUBLE) AS n,
      CAST(c.d_13 AS DOUBLE) AS d,
      CAST(q.sd AS DOUBLE) AS sd,
      CAST(CAST(c.n_13 AS DOUBLE) / c.d_13 AS DOUBLE) AS v
    FROM levels AS c
    LEFT JOIN psd_13 AS q
      ON q.year = c.year AND q.country = c.country
    WHERE
      c.d_13 > 0 AND NOT c.area_code IS NULL
    UNION ALL
    SELECT
      'ks4_p8_ebac' AS measure_id,
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
      'ks4_p8_eng' AS measure_id,
      'normal' AS ci,
      c.year,
      c.level,
      c.area_code,
      c.group_id,
      CAST(c.n_15 AS DOUBLE) AS n,
      CAST(c.d_15 AS DOUBLE) AS d,
      CAST(q.sd AS DOUBLE) AS sd,
      CAST(CAST(c.n_15 AS DOUBLE) / c.d_15 AS DOUBLE) AS v
    FROM levels AS c
    LEFT JOIN psd_15 AS q
      ON q.year = c.year AND q.country = c.country
    WHERE
      c.d_15 > 0 AND NOT c.area_code IS NULL
    UNION ALL
    SELECT
      'ks4_p8_mat' AS measure_id,
      'normal' AS ci,
      c.year,
      c.level,
      c.area_code,
      c.group_id,
      CAST(c.n_16 AS DOUBLE) AS n,
      CAST(c.d_16 AS DOUBLE) AS d,
      CAST(q.sd AS DOUBLE) AS sd,
      CAST(CAST(c.n_16 AS DOUBLE) / c.d_16 AS DOUBLE) AS v
    FROM levels AS c
    LEFT JOIN psd_16 AS q
      ON q.year = c.year AND q.country = c.country
    WHERE
      c.d_16 > 0 AND NOT c.area_code IS NULL
    UNION ALL
    SELECT
      'ks4_p8_open' AS measure_id,
      'normal' AS ci,
      c.year,
      c.level,
      c.area_code,
      c.group_id,
      CAST(c.n_17 AS DOUBLE) AS n,
      CAST(c.d_17 AS DOUBLE) AS d,
      CAST(q.sd AS DOUBLE) AS sd,
      CAST(CAST(c.n_17 AS DOUBLE) / c.d_17 AS DOUBLE) AS v
    FROM levels AS c
    LEFT JOIN psd_17 AS q
      ON q.year = c.year AND q.country = c.country
    WHERE
      c.d_17 > 0 AND NOT c.area_code IS NULL
    UNION ALL
    SELECT
      'ni101_lac_ks4_5ac_em' AS measure_id,
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
