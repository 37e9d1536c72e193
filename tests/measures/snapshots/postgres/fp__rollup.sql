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
    CASE WHEN d.year >= 2012 AND d.year <= 2019 AND s.country = 'W' THEN 1 ELSE 0 END AS c_0,
    CASE
      WHEN d.psd_outcome >= 5
      AND (
        d.lce_outcome >= 5 OR d.lcw_outcome >= 5
      )
      AND d.mdt_outcome >= 5
      THEN 1
      ELSE 0
    END AS h_0
  FROM fp AS d
  LEFT JOIN pupils AS p
    ON p.year = d.year AND p.pupil_id = d.pupil_id
  JOIN schools AS s
    ON s.urn = d.urn
  LEFT JOIN las AS l
    ON l.la_code = d.la_code
  WHERE
    d.year >= 2012 AND d.year <= 2019
), scored AS (
  SELECT
    *
  FROM src
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
    CAST(SUM(c_0 * h_0) AS DOUBLE PRECISION) AS n_0,
    CAST(SUM(c_0) AS DOUBLE PRECISION) AS d_0
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
    CAST(SUM(c_0 * h_0) AS DOUBLE PRECISION) AS n_0,
    CAST(SUM(c_0) AS DOUBLE PRECISION) AS d_0
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
    SUM(d_0) AS d_0
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
    SUM(d_0) AS d_0
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
      SUM(s.d_0) AS d_0
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
    CAST(n AS DOUBLE PRECISION) / d AS p
  FROM (
    SELECT
      'fp_fpi' AS measure_id,
      'wilson' AS ci,
      c.year,
      c.level,
      c.area_code,
      c.group_id,
      CAST(c.n_0 AS DOUBLE PRECISION) AS n,
      CAST(c.d_0 AS DOUBLE PRECISION) AS d,
      CAST(NULL AS DOUBLE PRECISION) AS sd,
      CAST(CAST(100.0 * c.n_0 AS DOUBLE PRECISION) / c.d_0 AS DOUBLE PRECISION) AS v
    FROM levels AS c
    WHERE
      c.d_0 > 0 AND NOT c.area_code IS NULL
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
