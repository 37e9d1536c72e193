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
    CASE
      WHEN d.year >= 2013 AND d.year <= 2019 AND s.country = 'E'
      THEN d.elg_cl1 + d.elg_cl2 + d.elg_cl3 + d.elg_psed1 + d.elg_psed2 + d.elg_psed3 + d.elg_pd1 + d.elg_pd2 + d.elg_lit1 + d.elg_lit2 + d.elg_mat1 + d.elg_mat2 + d.elg_uw1 + d.elg_uw2 + d.elg_uw3 + d.elg_ead1 + d.elg_ead2
    END AS v_0,
    CASE
      WHEN d.year >= 2022 AND s.country = 'E' AND (
        NOT d.elg_psed1 IS NULL
      )
      THEN CASE WHEN d.elg_cl1 >= 2 THEN 1 ELSE 0 END + CASE WHEN d.elg_cl2 >= 2 THEN 1 ELSE 0 END + CASE WHEN d.elg_psed1 >= 2 THEN 1 ELSE 0 END + CASE WHEN d.elg_psed2 >= 2 THEN 1 ELSE 0 END + CASE WHEN d.elg_psed3 >= 2 THEN 1 ELSE 0 END + CASE WHEN d.elg_pd1 >= 2 THEN 1 ELSE 0 END + CASE WHEN d.elg_pd2 >= 2 THEN 1 ELSE 0 END + CASE WHEN d.elg_lit1 >= 2 THEN 1 ELSE 0 END + CASE WHEN d.elg_lit2 >= 2 THEN 1 ELSE 0 END + CASE WHEN d.elg_lit3 >= 2 THEN 1 ELSE 0 END + CASE WHEN d.elg_mat1 >= 2 THEN 1 ELSE 0 END + CASE WHEN d.elg_mat2 >= 2 THEN 1 ELSE 0 END + CASE WHEN d.elg_uw1 >= 2 THEN 1 ELSE 0 END + CASE WHEN d.elg_uw2 >= 2 THEN 1 ELSE 0 END + CASE WHEN d.elg_uw3 >= 2 THEN 1 ELSE 0 END + CASE WHEN d.elg_ead1 >= 2 THEN 1 ELSE 0 END + CASE WHEN d.elg_ead2 >= 2 THEN 1 ELSE 0 END
    END AS v_1,
    CASE
      WHEN d.year >= 2013 AND NOT d.year IN (2020, 2021) AND s.country = 'E'
      THEN 1
      ELSE 0
    END AS c_2,
    CASE
      WHEN d.elg_psed1 >= 2
      AND d.elg_psed2 >= 2
      AND d.elg_psed3 >= 2
      AND d.elg_pd1 >= 2
      AND d.elg_pd2 >= 2
      AND d.elg_cl1 >= 2
      AND d.elg_cl2 >= 2
      AND (
        d.elg_cl3 >= 2 OR d.year >= 2022
      )
      AND d.elg_lit1 >= 2
      AND d.elg_lit2 >= 2
      AND (
        d.elg_lit3 >= 2 OR d.year <= 2019
      )
      AND d.elg_mat1 >= 2
      AND d.elg_mat2 >= 2
      THEN 1
      ELSE 0
    END AS h_2,
    CASE
      WHEN d.year >= 2013 AND d.year <= 2019 AND s.country = 'E'
      THEN d.elg_cl1 + d.elg_cl2 + d.elg_cl3 + d.elg_psed1 + d.elg_psed2 + d.elg_psed3 + d.elg_pd1 + d.elg_pd2 + d.elg_lit1 + d.elg_lit2 + d.elg_mat1 + d.elg_mat2 + d.elg_uw1 + d.elg_uw2 + d.elg_uw3 + d.elg_ead1 + d.elg_ead2
    END AS v_3,
    CASE
      WHEN d.year >= 2008
      AND d.year <= 2012
      AND s.country = 'E'
      AND (
        NOT d.psed_da IS NULL
        AND NOT d.psed_sd IS NULL
        AND NOT d.psed_ed IS NULL
        AND NOT d.cll_lct IS NULL
        AND NOT d.cll_lsl IS NULL
        AND NOT d.cll_r IS NULL
        AND NOT d.cll_w IS NULL
        AND NOT d.psrn_nlc IS NULL
        AND NOT d.psrn_c IS NULL
        AND NOT d.psrn_ssm IS NULL
        AND NOT d.kuw IS NULL
        AND NOT d.pd IS NULL
        AND NOT d.cd IS NULL
      )
      THEN 1
      ELSE 0
    END AS c_4,
    CASE
      WHEN d.psed_da + d.psed_sd + d.psed_ed + d.cll_lct + d.cll_lsl + d.cll_r + d.cll_w + d.psrn_nlc + d.psrn_c + d.psrn_ssm + d.kuw + d.pd + d.cd >= 78
      AND d.psed_da >= 6
      AND d.psed_sd >= 6
      AND d.psed_ed >= 6
      AND d.cll_lct >= 6
      AND d.cll_lsl >= 6
      AND d.cll_r >= 6
      AND d.cll_w >= 6
      THEN 1
      ELSE 0
    END AS h_4,
    CASE
      WHEN d.year >= 2008 AND d.year <= 2012 AND s.country = 'E'
      THEN d.psed_da + d.psed_sd + d.psed_ed + d.cll_lct + d.cll_lsl + d.cll_r + d.cll_w + d.psrn_nlc + d.psrn_c + d.psrn_ssm + d.kuw + d.pd + d.cd
    END AS v_5,
    CASE
      WHEN d.year >= 2008 AND d.year <= 2012 AND s.country = 'E'
      THEN d.psed_da + d.psed_sd + d.psed_ed + d.cll_lct + d.cll_lsl + d.cll_r + d.cll_w + d.psrn_nlc + d.psrn_c + d.psrn_ssm + d.kuw + d.pd + d.cd
    END AS v_6
  FROM eyfs AS d
  LEFT JOIN pupils AS p
    ON p.year = d.year AND p.pupil_id = d.pupil_id
  JOIN schools AS s
    ON s.urn = d.urn
  LEFT JOIN las AS l
    ON l.la_code = d.la_code
  WHERE
    d.year >= 2008
), scored AS (
  SELECT
    *
  FROM src
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
    ('eth_unclassified')) AS g(group_id)
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
    END
), masked AS (
  SELECT
    *,
    CAST(CASE WHEN g_0 THEN 1 ELSE 0 END + CASE WHEN g_1 THEN 2 ELSE 0 END + CASE WHEN g_2 THEN 4 ELSE 0 END + CASE WHEN g_3 THEN 8 ELSE 0 END + CASE WHEN g_4 THEN 16 ELSE 0 END + CASE WHEN g_5 THEN 32 ELSE 0 END + CASE WHEN g_6 THEN 64 ELSE 0 END + CASE WHEN g_7 THEN 128 ELSE 0 END + CASE WHEN g_8 THEN 256 ELSE 0 END + CASE WHEN g_9 THEN 512 ELSE 0 END + CASE WHEN g_10 THEN 1024 ELSE 0 END + CASE WHEN g_11 THEN 2048 ELSE 0 END AS INT) AS gmask_0,
    CAST(CASE WHEN g_12 THEN 1 ELSE 0 END + CASE WHEN g_13 THEN 2 ELSE 0 END + CASE WHEN g_14 THEN 4 ELSE 0 END + CASE WHEN g_15 THEN 8 ELSE 0 END + CASE WHEN g_16 THEN 16 ELSE 0 END + CASE WHEN g_17 THEN 32 ELSE 0 END + CASE WHEN g_18 THEN 64 ELSE 0 END + CASE WHEN g_19 THEN 128 ELSE 0 END + CASE WHEN g_20 THEN 256 ELSE 0 END AS INT) AS gmask_1
  FROM scored
), fine_0 AS (
  SELECT
    year,
    urn,
    la_code,
    country,
    region_code,
    gmask_0 AS gmask,
    CAST(SUM(v_0) AS DOUBLE PRECISION) AS n_0,
    CAST(COUNT(v_0) AS DOUBLE PRECISION) AS d_0,
    CAST(SUM(v_0 * v_0) AS DOUBLE PRECISION) AS sq_0,
    CAST(SUM(v_1) AS DOUBLE PRECISION) AS n_1,
    CAST(COUNT(v_1) AS DOUBLE PRECISION) AS d_1,
    CAST(SUM(v_1 * v_1) AS DOUBLE PRECISION) AS sq_1,
    CAST(SUM(c_2 * h_2) AS DOUBLE PRECISION) AS n_2,
    CAST(SUM(c_2) AS DOUBLE PRECISION) AS d_2,
    CAST(SUM(c_4 * h_4) AS DOUBLE PRECISION) AS n_4,
    CAST(SUM(c_4) AS DOUBLE PRECISION) AS d_4,
    CAST(SUM(v_6) AS DOUBLE PRECISION) AS n_6,
    CAST(COUNT(v_6) AS DOUBLE PRECISION) AS d_6,
    CAST(SUM(v_6 * v_6) AS DOUBLE PRECISION) AS sq_6
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
    CAST(SUM(v_0) AS DOUBLE PRECISION) AS n_0,
    CAST(COUNT(v_0) AS DOUBLE PRECISION) AS d_0,
    CAST(SUM(v_0 * v_0) AS DOUBLE PRECISION) AS sq_0,
    CAST(SUM(v_1) AS DOUBLE PRECISION) AS n_1,
    CAST(COUNT(v_1) AS DOUBLE PRECISION) AS d_1,
    CAST(SUM(v_1 * v_1) AS DOUBLE PRECISION) AS sq_1,
    CAST(SUM(c_2 * h_2) AS DOUBLE PRECISION) AS n_2,
    CAST(SUM(c_2) AS DOUBLE PRECISION) AS d_2,
    CAST(SUM(c_4 * h_4) AS DOUBLE PRECISION) AS n_4,
    CAST(SUM(c_4) AS DOUBLE PRECISION) AS d_4,
    CAST(SUM(v_6) AS DOUBLE PRECISION) AS n_6,
    CAST(COUNT(v_6) AS DOUBLE PRECISION) AS d_6,
    CAST(SUM(v_6 * v_6) AS DOUBLE PRECISION) AS sq_6
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
    (256, 'eth_unclassified')) AS g(bit, group_id)
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
    SUM(sq_0) AS sq_0,
    SUM(n_1) AS n_1,
    SUM(d_1) AS d_1,
    SUM(sq_1) AS sq_1,
    SUM(n_2) AS n_2,
    SUM(d_2) AS d_2,
    SUM(n_4) AS n_4,
    SUM(d_4) AS d_4,
    SUM(n_6) AS n_6,
    SUM(d_6) AS d_6,
    SUM(sq_6) AS sq_6
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
    SUM(sq_0) AS sq_0,
    SUM(n_1) AS n_1,
    SUM(d_1) AS d_1,
    SUM(sq_1) AS sq_1,
    SUM(n_2) AS n_2,
    SUM(d_2) AS d_2,
    SUM(n_4) AS n_4,
    SUM(d_4) AS d_4,
    SUM(n_6) AS n_6,
    SUM(d_6) AS d_6,
    SUM(sq_6) AS sq_6
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
    *
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
      SUM(s.sq_0) AS sq_0,
      SUM(s.n_1) AS n_1,
      SUM(s.d_1) AS d_1,
      SUM(s.sq_1) AS sq_1,
      SUM(s.n_2) AS n_2,
      SUM(s.d_2) AS d_2,
      SUM(s.n_4) AS n_4,
      SUM(s.d_4) AS d_4,
      SUM(s.n_6) AS n_6,
      SUM(s.d_6) AS d_6,
      SUM(s.sq_6) AS sq_6
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
), pl_3 AS (
  SELECT
    group_id,
    year,
    'school' AS level,
    CAST(urn AS TEXT) AS area_code,
    v_3 AS v
  FROM base
  WHERE
    NOT v_3 IS NULL
  UNION ALL
  SELECT
    group_id,
    year,
    'la',
    la_code,
    v_3
  FROM base
  WHERE
    NOT v_3 IS NULL
  UNION ALL
  SELECT
    group_id,
    year,
    'region',
    region_code,
    v_3
  FROM base
  WHERE
    NOT v_3 IS NULL AND NOT region_code IS NULL
  UNION ALL
  SELECT
    group_id,
    year,
    'national',
    CASE country WHEN 'E' THEN 'E92000001' WHEN 'W' THEN 'W92000004' END,
    v_3
  FROM base
  WHERE
    NOT v_3 IS NULL
  UNION ALL
  SELECT
    b.group_id,
    b.year,
    'group_of_las',
    a.area_code,
    b.v_3
  FROM base AS b
  JOIN areas AS a
    ON a.la_code = b.la_code AND a.level = 'group_of_las'
  WHERE
    NOT b.v_3 IS NULL
), ph_3 AS (
  SELECT
    group_id,
    year,
    level,
    area_code,
    CAST(v AS DOUBLE PRECISION) AS v,
    COUNT(*) AS k
  FROM pl_3
  GROUP BY
    group_id,
    year,
    level,
    area_code,
    v
), pr_3 AS (
  SELECT
    group_id,
    year,
    level,
    area_code,
    v,
    k,
    SUM(k) OVER (
      PARTITION BY group_id, year, level, area_code
      ORDER BY v
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS upto,
    SUM(k) OVER (PARTITION BY group_id, year, level, area_code) AS cnt
  FROM ph_3
), pa_3 AS (
  SELECT
    group_id,
    year,
    level,
    area_code,
    MAX(cnt) AS d_3,
    CAST((
      MIN(CASE WHEN upto > FLOOR(CAST((
        cnt - 1
      ) AS DOUBLE PRECISION) / 2.0) THEN v END) + MIN(CASE WHEN upto > CEIL(CAST((
        cnt - 1
      ) AS DOUBLE PRECISION) / 2.0) THEN v END)
    ) AS DOUBLE PRECISION) / 2.0 AS med,
    CAST(SUM(
      v * GREATEST(0, LEAST(k, CEIL(CAST(cnt * 20.0 AS DOUBLE PRECISION) / 100.0) - (
        upto - k
      )))
    ) AS DOUBLE PRECISION) / MAX(CEIL(CAST(cnt * 20.0 AS DOUBLE PRECISION) / 100.0)) AS low
  FROM pr_3
  GROUP BY
    group_id,
    year,
    level,
    area_code
), pl_5 AS (
  SELECT
    group_id,
    year,
    'school' AS level,
    CAST(urn AS TEXT) AS area_code,
    v_5 AS v
  FROM base
  WHERE
    NOT v_5 IS NULL
  UNION ALL
  SELECT
    group_id,
    year,
    'la',
    la_code,
    v_5
  FROM base
  WHERE
    NOT v_5 IS NULL
  UNION ALL
  SELECT
    group_id,
    year,
    'region',
    region_code,
    v_5
  FROM base
  WHERE
    NOT v_5 IS NULL AND NOT region_code IS NULL
  UNION ALL
  SELECT
    group_id,
    year,
    'national',
    CASE country WHEN 'E' THEN 'E92000001' WHEN 'W' THEN 'W92000004' END,
    v_5
  FROM base
  WHERE
    NOT v_5 IS NULL
  UNION ALL
  SELECT
    b.group_id,
    b.year,
    'group_of_las',
    a.area_code,
    b.v_5
  FROM base AS b
  JOIN areas AS a
    ON a.la_code = b.la_code AND a.level = 'group_of_las'
  WHERE
    NOT b.v_5 IS NULL
), ph_5 AS (
  SELECT
    group_id,
    year,
    level,
    area_code,
    CAST(v AS DOUBLE PRECISION) AS v,
    COUNT(*) AS k
  FROM pl_5
  GROUP BY
    group_id,
    year,
    level,
    area_code,
    v
), pr_5 AS (
  SELECT
    group_id,
    year,
    level,
    area_code,
    v,
    k,
    SUM(k) OVER (
      PARTITION BY group_id, year, level, area_code
      ORDER BY v
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS upto,
    SUM(k) OVER (PARTITION BY group_id, year, level, area_code) AS cnt
  FROM ph_5
), pa_5 AS (
  SELECT
    group_id,
    year,
    level,
    area_code,
    MAX(cnt) AS d_5,
    CAST((
      MIN(CASE WHEN upto > FLOOR(CAST((
        cnt - 1
      ) AS DOUBLE PRECISION) / 2.0) THEN v END) + MIN(CASE WHEN upto > CEIL(CAST((
        cnt - 1
      ) AS DOUBLE PRECISION) / 2.0) THEN v END)
    ) AS DOUBLE PRECISION) / 2.0 AS med,
    CAST(SUM(
      v * GREATEST(0, LEAST(k, CEIL(CAST(cnt * 20.0 AS DOUBLE PRECISION) / 100.0) - (
        upto - k
      )))
    ) AS DOUBLE PRECISION) / MAX(CEIL(CAST(cnt * 20.0 AS DOUBLE PRECISION) / 100.0)) AS low
  FROM pr_5
  GROUP BY
    group_id,
    year,
    level,
    area_code
), cells AS (
  SELECT
    *,
    CAST(n AS DOUBLE PRECISION) / d AS p
  FROM (
    SELECT
      'eyfs_elg_points_avg' AS measure_id,
      'normal' AS ci,
      c.year,
      c.level,
      c.area_code,
      c.group_id,
      CAST(c.n_0 AS DOUBLE PRECISION) AS n,
      CAST(c.d_0 AS DOUBLE PRECISION) AS d,
      CAST(CASE
        WHEN c.d_0 > 1
        THEN SQRT(
          CAST(GREATEST(
            CAST(c.sq_0 AS DOUBLE PRECISION) - CAST(CAST(c.n_0 AS DOUBLE PRECISION) * c.n_0 AS DOUBLE PRECISION) / c.d_0,
            0
          ) AS DOUBLE PRECISION) / (
            c.d_0 - 1
          )
        )
      END AS DOUBLE PRECISION) AS sd,
      CAST(CAST(c.n_0 AS DOUBLE PRECISION) / c.d_0 AS DOUBLE PRECISION) AS v
    FROM levels AS c
    WHERE
      c.d_0 > 0 AND NOT c.area_code IS NULL
    UNION ALL
    SELECT
      'eyfs_elgs_expected_avg' AS measure_id,
      'normal' AS ci,
      c.year,
      c.level,
      c.area_code,
      c.group_id,
      CAST(c.n_1 AS DOUBLE PRECISION) AS n,
      CAST(c.d_1 AS DOUBLE PRECISION) AS d,
      CAST(CASE
        WHEN c.d_1 > 1
        THEN SQRT(
          CAST(GREATEST(
            CAST(c.sq_1 AS DOUBLE PRECISION) - CAST(CAST(c.n_1 AS DOUBLE PRECISION) * c.n_1 AS DOUBLE PRECISION) / c.d_1,
            0
          ) AS DOUBLE PRECISION) / (
            c.d_1 - 1
          )
        )
      END AS DOUBLE PRECISION) AS sd,
      CAST(CAST(c.n_1 AS DOUBLE PRECISION) / c.d_1 AS DOUBLE PRECISION) AS v
    FROM levels AS c
    WHERE
      c.d_1 > 0 AND NOT c.area_code IS NULL
    UNION ALL
    SELECT
      'eyfs_gld' AS measure_id,
      'wilson' AS ci,
      c.year,
      c.level,
      c.area_code,
      c.group_id,
      CAST(c.n_2 AS DOUBLE PRECISION) AS n,
      CAST(c.d_2 AS DOUBLE PRECISION) AS d,
      CAST(NULL AS DOUBLE PRECISION) AS sd,
      CAST(CAST(100.0 * c.n_2 AS DOUBLE PRECISION) / c.d_2 AS DOUBLE PRECISION) AS v
    FROM levels AS c
    WHERE
      c.d_2 > 0 AND NOT c.area_code IS NULL
    UNION ALL
    SELECT
      'eyfs_lowest20_gap' AS measure_id,
      'none' AS ci,
      c.year,
      c.level,
      c.area_code,
      c.group_id,
      CAST(NULL AS DOUBLE PRECISION) AS n,
      CAST(c.d_3 AS DOUBLE PRECISION) AS d,
      CAST(NULL AS DOUBLE PRECISION) AS sd,
      CAST(CAST(100 * (
        c.med - c.low
      ) AS DOUBLE PRECISION) / NULLIF(c.med, 0) AS DOUBLE PRECISION) AS v
    FROM pa_3 AS c
    WHERE
      c.d_3 > 0 AND NOT c.area_code IS NULL
    UNION ALL
    SELECT
      'eyfs_ni72_78pts_6psed_cll' AS measure_id,
      'wilson' AS ci,
      c.year,
      c.level,
      c.area_code,
      c.group_id,
      CAST(c.n_4 AS DOUBLE PRECISION) AS n,
      CAST(c.d_4 AS DOUBLE PRECISION) AS d,
      CAST(NULL AS DOUBLE PRECISION) AS sd,
      CAST(CAST(100.0 * c.n_4 AS DOUBLE PRECISION) / c.d_4 AS DOUBLE PRECISION) AS v
    FROM levels AS c
    WHERE
      c.d_4 > 0 AND NOT c.area_code IS NULL
    UNION ALL
    SELECT
      'eyfs_ni92_lowest20_gap' AS measure_id,
      'none' AS ci,
      c.year,
      c.level,
      c.area_code,
      c.group_id,
      CAST(NULL AS DOUBLE PRECISION) AS n,
      CAST(c.d_5 AS DOUBLE PRECISION) AS d,
      CAST(NULL AS DOUBLE PRECISION) AS sd,
      CAST(CAST(100 * (
        c.med - c.low
      ) AS DOUBLE PRECISION) / NULLIF(c.med, 0) AS DOUBLE PRECISION) AS v
    FROM pa_5 AS c
    WHERE
      c.d_5 > 0 AND NOT c.area_code IS NULL
    UNION ALL
    SELECT
      'eyfs_total_points_avg' AS measure_id,
      'normal' AS ci,
      c.year,
      c.level,
      c.area_code,
      c.group_id,
      CAST(c.n_6 AS DOUBLE PRECISION) AS n,
      CAST(c.d_6 AS DOUBLE PRECISION) AS d,
      CAST(CASE
        WHEN c.d_6 > 1
        THEN SQRT(
          CAST(GREATEST(
            CAST(c.sq_6 AS DOUBLE PRECISION) - CAST(CAST(c.n_6 AS DOUBLE PRECISION) * c.n_6 AS DOUBLE PRECISION) / c.d_6,
            0
          ) AS DOUBLE PRECISION) / (
            c.d_6 - 1
          )
        )
      END AS DOUBLE PRECISION) AS sd,
      CAST(CAST(c.n_6 AS DOUBLE PRECISION) / c.d_6 AS DOUBLE PRECISION) AS v
    FROM levels AS c
    WHERE
      c.d_6 > 0 AND NOT c.area_code IS NULL
  ) AS u
)
SELECT
  CAST(measure_id AS TEXT) AS measure_id,
  CAST(year AS INT) AS year,
  CAST(level AS TEXT) AS level,
  CAST(area_code AS TEXT) AS area_code,
  CAST(group_id AS TEXT) AS group_id,
  CAST(n AS DOUBLE PRECISION) AS numerator,
  CAST(d AS DOUBLE PRECISION) AS denominator,
  CAST(v AS DOUBLE PRECISION) AS value,
  CAST(CASE ci
    WHEN 'wilson'
    THEN CAST(100 * (
      p + CAST(3.841458881296 AS DOUBLE PRECISION) / (
        2 * d
      ) - 1.959964 * SQRT(
        CAST(p * (
          1 - p
        ) AS DOUBLE PRECISION) / d + CAST(3.841458881296 AS DOUBLE PRECISION) / (
          4 * d * d
        )
      )
    ) AS DOUBLE PRECISION) / (
      1 + CAST(3.841458881296 AS DOUBLE PRECISION) / d
    )
    WHEN 'normal'
    THEN v - CAST(1.96 * sd AS DOUBLE PRECISION) / SQRT(d)
  END AS DOUBLE PRECISION) AS ci_low,
  CAST(CASE ci
    WHEN 'wilson'
    THEN CAST(100 * (
      p + CAST(3.841458881296 AS DOUBLE PRECISION) / (
        2 * d
      ) + 1.959964 * SQRT(
        CAST(p * (
          1 - p
        ) AS DOUBLE PRECISION) / d + CAST(3.841458881296 AS DOUBLE PRECISION) / (
          4 * d * d
        )
      )
    ) AS DOUBLE PRECISION) / (
      1 + CAST(3.841458881296 AS DOUBLE PRECISION) / d
    )
    WHEN 'normal'
    THEN v + CAST(1.96 * sd AS DOUBLE PRECISION) / SQRT(d)
  END AS DOUBLE PRECISION) AS ci_high
FROM cells
