-- demo.sql: what civil_affairs does, on a fresh database.
-- Run by 'make demo' after CREATE EXTENSION civil_affairs.
\pset footer off
\set QUIET on
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

\echo
\echo '== 7. A synthetic Nanning caseload: 10,000 households (bench/caseload.sql)'
\set households 10000
\set as_of 2022-01-01
\set months 24
SET client_min_messages = warning;
\o /dev/null
\ir ../bench/caseload.sql
\o
RESET client_min_messages;
SELECT (SELECT count(*) FROM household) AS 家庭, (SELECT count(*) FROM person) AS 人员,
       (SELECT count(*) FROM income) AS 收入记录, (SELECT count(*) FROM asset) AS 财产记录;

\echo
\echo '== 8. Household economic assessment as of 2021-01-01, and enrolment of those who qualify'
SELECT record_assessments('2021-01-01', false) AS 认定户数;
SELECT CASE WHEN urban THEN '城市' ELSE '农村' END AS 城乡, count(*) AS 认定户数,
       count(*) FILTER (WHERE dibao) AS 符合低保, count(*) FILTER (WHERE low_income) AS 低收入,
       count(*) FILTER (WHERE expenditure_hardship) AS 支出型困难,
       sum(cardinality(tekun_persons)) AS 特困人员, count(*) FILTER (WHERE NOT assets_pass) AS 财产不符
  FROM assessment GROUP BY urban ORDER BY urban;
INSERT INTO enrollment (household_id, programme, status, start_month, reason)
SELECT household_id, 'dibao', 'active', '2021-01-01', '审批通过 approved' FROM assessment WHERE dibao;
INSERT INTO enrollment (household_id, person_id, programme, status, start_month, reason)
SELECT a.household_id, p, 'tekun', 'active', '2021-01-01', '审批通过 approved'
  FROM assessment a, unnest(a.tekun_persons) AS p;
INSERT INTO enrollment (household_id, person_id, programme, status, start_month, reason)
SELECT m.household_id, p.id, 'old_age_allowance', 'active', '2021-01-01', '申请 applied'
  FROM person p JOIN household_member m ON m.person_id = p.id AND m.during @> DATE '2021-01-01'
 WHERE p.birth_date <= '1942-01-01' AND (p.death_date IS NULL OR p.death_date >= '2021-01-01');
INSERT INTO enrollment (household_id, person_id, programme, status, start_month, reason)
SELECT m.household_id, p.id, 'disability_care_subsidy', 'active', '2021-01-01', '申请 applied'
  FROM person p JOIN household_member m ON m.person_id = p.id AND m.during @> DATE '2021-01-01'
 WHERE (p.disability_grade IN (1, 2) OR (p.disability_grade IN (3, 4) AND p.disability_kind IN ('mental', 'intellectual')))
   AND (p.death_date IS NULL OR p.death_date >= '2021-01-01');
SELECT programme AS 项目, count(*) AS 纳入 FROM enrollment GROUP BY programme ORDER BY count(*) DESC;

\echo
\echo '== 9. Payroll for every month of 2021 (run_payroll; a second run of December writes nothing)'
CREATE TEMP TABLE demo_payroll (payroll_month date, rows_written integer, households integer, persons integer, total numeric);
SET client_min_messages = warning;
SELECT format('INSERT INTO demo_payroll SELECT * FROM civil_affairs.run_payroll(%L)', m::date)
  FROM generate_series('2021-01-01'::date, '2021-12-01', '1 month') AS m \gexec
INSERT INTO demo_payroll SELECT * FROM run_payroll('2021-12-01');
RESET client_min_messages;
SELECT to_char(payroll_month, 'YYYY-MM') AS 月份, rows_written AS 写入, households AS 户数,
       persons AS 人数, total AS 金额 FROM demo_payroll;

\echo
\echo '== 10. Statistics by district and programme, 2021 (v_statistics, from the payment records)'
SELECT division_name AS 县区, programme AS 项目,
       max(households) FILTER (WHERE month = '2021-12-01') AS 十二月户数,
       max(persons) FILTER (WHERE month = '2021-12-01') AS 十二月人数,
       sum(amount) AS 全年金额
  FROM v_statistics
 WHERE level = 3 AND all_urban_rural AND all_tiers AND month >= '2021-01-01' AND month < '2022-01-01'
 GROUP BY division, division_name, programme
 ORDER BY division_name COLLATE pinyin, programme;

\echo
\echo '== 11. The December payroll list, first rows (pinyin order, ID numbers masked)'
SELECT county AS 县区, township AS 乡镇, village AS 村居, head_name AS 户主, head_idcard AS 身份证号,
       programme AS 项目, tier AS 档次, persons AS 人数, amount AS 金额
  FROM v_payroll WHERE month = '2021-12-01' LIMIT 12;
