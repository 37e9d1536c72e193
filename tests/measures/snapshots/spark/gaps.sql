SELECT
  CAST('gap_fsm_eyfs_gld' AS STRING) AS measure_id,
  CAST(a.year AS INT) AS year,
  CAST(a.level AS STRING) AS level,
  CAST(a.area_code AS STRING) AS area_code,
  CAST('all' AS STRING) AS group_id,
  CAST(NULL AS DOUBLE) AS numerator,
  CAST(NULL AS DOUBLE) AS denominator,
  CAST(a.value - b.value AS DOUBLE) AS value,
  CAST(NULL AS DOUBLE) AS ci_low,
  CAST(NULL AS DOUBLE) AS ci_high
FROM results_base AS a
JOIN results_base AS b
  ON b.measure_id = a.measure_id
  AND b.year = a.year
  AND b.level = a.level
  AND b.area_code = a.area_code
WHERE
  a.measure_id = 'eyfs_gld'
  AND a.group_id = 'fsm'
  AND b.group_id = 'non_fsm'
  AND a.year >= 2013
  AND NOT a.year IN (2020, 2021)
  AND NOT a.value IS NULL
  AND NOT b.value IS NULL
UNION ALL
SELECT
  CAST('gap_disadv_ks2_rwm_expected' AS STRING) AS measure_id,
  CAST(a.year AS INT) AS year,
  CAST(a.level AS STRING) AS level,
  CAST(a.area_code AS STRING) AS area_code,
  CAST('all' AS STRING) AS group_id,
  CAST(NULL AS DOUBLE) AS numerator,
  CAST(NULL AS DOUBLE) AS denominator,
  CAST(a.value - b.value AS DOUBLE) AS value,
  CAST(NULL AS DOUBLE) AS ci_low,
  CAST(NULL AS DOUBLE) AS ci_high
FROM results_base AS a
JOIN results_base AS b
  ON b.measure_id = a.measure_id
  AND b.year = a.year
  AND b.level = a.level
  AND b.area_code = a.area_code
WHERE
  a.measure_id = 'ks2_rwm_expected'
  AND a.group_id = 'disadvantaged'
  AND b.group_id = 'non_disadvantaged'
  AND a.year >= 2016
  AND NOT a.year IN (2020, 2021)
  AND NOT a.value IS NULL
  AND NOT b.value IS NULL
UNION ALL
SELECT
  CAST('gap_fsm_ks2_l4_eng_maths' AS STRING) AS measure_id,
  CAST(a.year AS INT) AS year,
  CAST(a.level AS STRING) AS level,
  CAST(a.area_code AS STRING) AS area_code,
  CAST('all' AS STRING) AS group_id,
  CAST(NULL AS DOUBLE) AS numerator,
  CAST(NULL AS DOUBLE) AS denominator,
  CAST(a.value - b.value AS DOUBLE) AS value,
  CAST(NULL AS DOUBLE) AS ci_low,
  CAST(NULL AS DOUBLE) AS ci_high
FROM results_base AS a
JOIN results_base AS b
  ON b.measure_id = a.measure_id
  AND b.year = a.year
  AND b.level = a.level
  AND b.area_code = a.area_code
WHERE
  a.measure_id = 'ks2_l4_eng_maths'
  AND a.group_id = 'fsm'
  AND b.group_id = 'non_fsm'
  AND a.year >= 2008
  AND a.year <= 2012
  AND NOT a.value IS NULL
  AND NOT b.value IS NULL
UNION ALL
SELECT
  CAST('gap_sen_ks2_rwm_expected' AS STRING) AS measure_id,
  CAST(a.year AS INT) AS year,
  CAST(a.level AS STRING) AS level,
  CAST(a.area_code AS STRING) AS area_code,
  CAST('all' AS STRING) AS group_id,
  CAST(NULL AS DOUBLE) AS numerator,
  CAST(NULL AS DOUBLE) AS denominator,
  CAST(a.value - b.value AS DOUBLE) AS value,
  CAST(NULL AS DOUBLE) AS ci_low,
  CAST(NULL AS DOUBLE) AS ci_high
FROM results_base AS a
JOIN results_base AS b
  ON b.measure_id = a.measure_id
  AND b.year = a.year
  AND b.level = a.level
  AND b.area_code = a.area_code
WHERE
  a.measure_id = 'ks2_rwm_expected'
  AND a.group_id = 'sen_any'
  AND b.group_id = 'sen_none'
  AND a.year >= 2016
  AND NOT a.year IN (2020, 2021)
  AND NOT a.value IS NULL
  AND NOT b.value IS NULL
UNION ALL
SELECT
  CAST('gap_disadv_ks4_att8' AS STRING) AS measure_id,
  CAST(a.year AS INT) AS year,
  CAST(a.level AS STRING) AS level,
  CAST(a.area_code AS STRING) AS area_code,
  CAST('all' AS STRING) AS group_id,
  CAST(NULL AS DOUBLE) AS numerator,
  CAST(NULL AS DOUBLE) AS denominator,
  CAST(a.value - b.value AS DOUBLE) AS value,
  CAST(NULL AS DOUBLE) AS ci_low,
  CAST(NULL AS DOUBLE) AS ci_high
FROM results_base AS a
JOIN results_base AS b
  ON b.measure_id = a.measure_id
  AND b.year = a.year
  AND b.level = a.level
  AND b.area_code = a.area_code
WHERE
  a.measure_id = 'ks4_att8'
  AND a.group_id = 'disadvantaged'
  AND b.group_id = 'non_disadvantaged'
  AND a.year >= 2016
  AND NOT a.value IS NULL
  AND NOT b.value IS NULL
UNION ALL
SELECT
  CAST('gap_fsm_ks4_5ac_em' AS STRING) AS measure_id,
  CAST(a.year AS INT) AS year,
  CAST(a.level AS STRING) AS level,
  CAST(a.area_code AS STRING) AS area_code,
  CAST('all' AS STRING) AS group_id,
  CAST(NULL AS DOUBLE) AS numerator,
  CAST(NULL AS DOUBLE) AS denominator,
  CAST(a.value - b.value AS DOUBLE) AS value,
  CAST(NULL AS DOUBLE) AS ci_low,
  CAST(NULL AS DOUBLE) AS ci_high
FROM results_base AS a
JOIN results_base AS b
  ON b.measure_id = a.measure_id
  AND b.year = a.year
  AND b.level = a.level
  AND b.area_code = a.area_code
WHERE
  a.measure_id = 'ks4_5ac_em'
  AND a.group_id = 'fsm'
  AND b.group_id = 'non_fsm'
  AND a.year >= 2008
  AND a.year <= 2016
  AND NOT a.value IS NULL
  AND NOT b.value IS NULL
UNION ALL
SELECT
  CAST('gap_gender_ks4_att8' AS STRING) AS measure_id,
  CAST(a.year AS INT) AS year,
  CAST(a.level AS STRING) AS level,
  CAST(a.area_code AS STRING) AS area_code,
  CAST('all' AS STRING) AS group_id,
  CAST(NULL AS DOUBLE) AS numerator,
  CAST(NULL AS DOUBLE) AS denominator,
  CAST(a.value - b.value AS DOUBLE) AS value,
  CAST(NULL AS DOUBLE) AS ci_low,
  CAST(NULL AS DOUBLE) AS ci_high
FROM results_base AS a
JOIN results_base AS b
  ON b.measure_id = a.measure_id
  AND b.year = a.year
  AND b.level = a.level
  AND b.area_code = a.area_code
WHERE
  a.measure_id = 'ks4_att8'
  AND a.group_id = 'boys'
  AND b.group_id = 'girls'
  AND a.year >= 2016
  AND NOT a.value IS NULL
  AND NOT b.value IS NULL
