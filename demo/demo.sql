-- demo.sql: what civil_affairs does, on a fresh database.
-- Run by 'make demo' after CREATE EXTENSION civil_affairs.
\pset footer off
SET search_path = civil_affairs, public;

\echo
\echo '== 1. Division codes (行政区划代码): any length in, canonical form out'
SELECT input, input::adcode AS code, adcode_level(input::adcode) AS level,
       adcode_fullname(input::adcode) AS 全称
  FROM (VALUES ('45'), ('4501'), ('450107000000'), ('450107001'), ('450107001001'),
               ('110101'), ('441900003')) AS t(input);

\echo
\echo '== 2. Malformed codes are rejected with SQLSTATE 22P02 and a reason'
DO $$
DECLARE
    bad text;
    detail text;
BEGIN
    FOREACH bad IN ARRAY ARRAY['4501x', '45010', '990000', '450107000001'] LOOP
        BEGIN
            PERFORM bad::civil_affairs.adcode;
        EXCEPTION WHEN invalid_text_representation THEN
            GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
            RAISE NOTICE '% → SQLSTATE %: % %', bad, SQLSTATE, SQLERRM, detail;
        END;
    END LOOP;
END $$;

\echo
\echo '== 3. Nanning (南宁市, 4501): its counties and districts, townships and villages'
SELECT d.code, d.name AS 名称, d.short_name AS 简称, d.kind AS 类别,
       (SELECT count(*) FROM division t WHERE t.code <@ d.code AND t.level = 4) AS 乡级,
       (SELECT count(*) FROM division v WHERE v.code <@ d.code AND v.level = 5 AND v.urban) AS 居委会,
       (SELECT count(*) FROM division v WHERE v.code <@ d.code AND v.level = 5 AND NOT v.urban) AS 村委会
  FROM adcode_children('4501') d
 ORDER BY d.code;

\echo
\echo '== 4. Containment uses the btree index as a range scan (code <@ ''4501'')'
EXPLAIN (COSTS OFF) SELECT count(*) FROM division WHERE code <@ '4501';

\echo
\echo '== 5. Retired codes on old ID cards and archives: the code in force on a date'
SELECT old_code, old_name, on_date, adcode_current(old_code, on_date) AS 当时代码,
       adcode_fullname(adcode_current(old_code, on_date)) AS 当时全称
  FROM (VALUES ('450127'::adcode, '横县', DATE '2020-01-01'),
               ('450127', '横县', DATE '2021-06-01'),
               ('450122', '武鸣县', DATE '2014-12-31'),
               ('450122', '武鸣县', DATE '2021-06-01')) AS t(old_code, old_name, on_date);

\echo
\echo '== 6. The reference data: divisions by level (NBS 2023 edition)'
SELECT level, CASE level WHEN 1 THEN '省级' WHEN 2 THEN '地级' WHEN 3 THEN '县级'
                         WHEN 4 THEN '乡级' ELSE '村级（南宁市）' END AS 级别,
       count(*) AS 单位数
  FROM division WHERE NOT placeholder AND valid @> CURRENT_DATE
 GROUP BY level ORDER BY level;
SELECT kind AS 县级变更类型, count(*) AS 条数 FROM division_change GROUP BY kind ORDER BY count(*) DESC;
