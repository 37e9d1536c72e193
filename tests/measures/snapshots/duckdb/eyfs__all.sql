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
    'all' AS group_id,
    scored.*
  FROM scored
  WHERE
    g_0
), sets AS (
  SELECT
    'all' AS group_id,
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
    SUM(v_0) AS n_0,
    COUNT(v_0) AS d_0,
    SUM(v_0 * v_0) AS sq_0,
    SUM(v_1) AS n_1,
    COUNT(v_1) AS d_1,
    SUM(v_1 * v_1) AS sq_1,
    SUM(c_2 * h_2) AS n_2,
    SUM(c_2) AS d_2,
    SUM(c_4 * h_4) AS n_4,
    SUM(c_4) AS d_4,
    SUM(v_6) AS n_6,
    COUNT(v_6) AS d_6,
    SUM(v_6 * v_6) AS sq_6
  FROM base
  GROUP BY
    GROUPING SETS (
      (year, country, urn),
      (year, country, la_code),
      (year, country, region_code),
      (year, country)
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
    CAST(v AS DOUBLE) AS v,
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
    (
      MIN(CASE WHEN upto > FLOOR((
        cnt - 1
      ) / 2.0) THEN v END) + MIN(CASE WHEN upto > CEIL((
        cnt - 1
      ) / 2.0) THEN v END)
    ) / 2.0 AS med,
    SUM(v * GREATEST(0, LEAST(k, CEIL(cnt * 20.0 / 100.0) - (
      upto - k
    )))) / MAX(CEIL(cnt * 20.0 / 100.0)) AS low
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
    CAST(v AS DOUBLE) AS v,
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
    (
      MIN(CASE WHEN upto > FLOOR((
        cnt - 1
      ) / 2.0) THEN v END) + MIN(CASE WHEN upto > CEIL((
        cnt - 1
      ) / 2.0) THEN v END)
    ) / 2.0 AS med,
    SUM(v * GREATEST(0, LEAST(k, CEIL(cnt * 20.0 / 100.0) - (
      upto - k
    )))) / MAX(CEIL(cnt * 20.0 / 100.0)) AS low
  FROM pr_5
  GROUP BY
    group_id,
    year,
    level,
    area_code
), cells AS (
  SELECT
    *,
    CAST(n AS DOUBLE) / d AS p
  FROM (
    SELECT
      'eyfs_elg_points_avg' AS measure_id,
      'normal' AS ci,
      c.year,
      c.level,
      c.area_code,
      c.group_id,
      CAST(c.n_0 AS DOUBLE) AS n,
      CAST(c.d_0 AS DOUBLE) AS d,
      CAST(CASE
        WHEN c.d_0 > 1
        THEN SQRT(
          GREATEST(CAST(c.sq_0 AS DOUBLE) - CAST(c.n_0 AS DOUBLE) * c.n_0 / c.d_0, 0) / (
            c.d_0 - 1
          )
        )
      END AS DOUBLE) AS sd,
      CAST(CAST(c.n_0 AS DOUBLE) / c.d_0 AS DOUBLE) AS v
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
      CAST(c.n_1 AS DOUBLE) AS n,
      CAST(c.d_1 AS DOUBLE) AS d,
      CAST(CASE
        WHEN c.d_1 > 1
        THEN SQRT(
          GREATEST(CAST(c.sq_1 AS DOUBLE) - CAST(c.n_1 AS DOUBLE) * c.n_1 / c.d_1, 0) / (
            c.d_1 - 1
          )
        )
      END AS DOUBLE) AS sd,
      CAST(CAST(c.n_1 AS DOUBLE) / c.d_1 AS DOUBLE) AS v
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
      CAST(c.n_2 AS DOUBLE) AS n,
      CAST(c.d_2 AS DOUBLE) AS d,
      CAST(NULL AS DOUBLE) AS sd,
      CAST(100.0 * c.n_2 / c.d_2 AS DOUBLE) AS v
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
      CAST(NULL AS DOUBLE) AS n,
      CAST(c.d_3 AS DOUBLE) AS d,
      CAST(NULL AS DOUBLE) AS sd,
      CAST(100 * (
        c.med - c.low
      ) / NULLIF(c.med, 0) AS DOUBLE) AS v
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
      CAST(c.n_4 AS DOUBLE) AS n,
      CAST(c.d_4 AS DOUBLE) AS d,
      CAST(NULL AS DOUBLE) AS sd,
      CAST(100.0 * c.n_4 / c.d_4 AS DOUBLE) AS v
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
      CAST(NULL AS DOUBLE) AS n,
      CAST(c.d_5 AS DOUBLE) AS d,
      CAST(NULL AS DOUBLE) AS sd,
      CAST(100 * (
        c.med - c.low
      ) / NULLIF(c.med, 0) AS DOUBLE) AS v
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
