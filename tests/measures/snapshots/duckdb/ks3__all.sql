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
      WHEN d.year >= 2008
      AND d.year <= 2023
      AND NOT d.year IN (2020, 2021)
      AND s.country = 'W'
      THEN 1
      ELSE 0
    END AS c_0,
    CASE
      WHEN (
        d.eng_level_num >= 5 OR d.welsh_level_num >= 5
      )
      AND d.mat_level_num >= 5
      AND d.sci_level_num >= 5
      THEN 1
      ELSE 0
    END AS h_0,
    CASE WHEN d.year >= 2008 AND d.year <= 2013 AND s.country = 'E' THEN 1 ELSE 0 END AS c_1,
    CASE WHEN d.eng_level_num >= 5 THEN 1 ELSE 0 END AS h_1,
    CASE WHEN d.year >= 2008 AND d.year <= 2013 AND s.country = 'E' THEN 1 ELSE 0 END AS c_2,
    CASE WHEN d.mat_level_num >= 5 THEN 1 ELSE 0 END AS h_2,
    CASE WHEN d.year >= 2008 AND d.year <= 2013 AND s.country = 'E' THEN 1 ELSE 0 END AS c_3,
    CASE WHEN d.sci_level_num >= 5 THEN 1 ELSE 0 END AS h_3
  FROM ks3 AS d
  LEFT JOIN pupils AS p
    ON p.year = d.year AND p.pupil_id = d.pupil_id
  JOIN schools AS s
    ON s.urn = d.urn
  LEFT JOIN las AS l
    ON l.la_code = d.la_code
  WHERE
    d.year >= 2008 AND d.year <= 2023
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
    SUM(c_0 * h_0) AS n_0,
    SUM(c_0) AS d_0,
    SUM(c_1 * h_1) AS n_1,
    SUM(c_1) AS d_1,
    SUM(c_2 * h_2) AS n_2,
    SUM(c_3 * h_3) AS n_3
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
    *,
    d_1 AS d_2,
    d_1 AS d_3
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
      SUM(s.n_3) AS n_3
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
), cells AS (
  SELECT
    *,
    CAST(n AS DOUBLE) / d AS p
  FROM (
    SELECT
      'ks3_csi' AS measure_id,
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
      'ks3_l5_eng' AS measure_id,
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
      'ks3_l5_maths' AS measure_id,
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
      'ks3_l5_sci' AS measure_id,
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
