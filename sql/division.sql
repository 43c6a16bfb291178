-- The division reference table and the functions that read it.
SET search_path = civil_affairs, public;
SET datestyle = ISO, YMD;

-- What is shipped: every province, prefecture, county and township of the
-- country (NBS 2023) and Nanning's village-level units.
SELECT level, count(*) AS divisions, count(*) FILTER (WHERE placeholder) AS placeholders
  FROM division WHERE shipped AND valid @> DATE '2024-01-01' GROUP BY level ORDER BY level;
SELECT count(*) AS nanning_villages FROM division WHERE code <@ '4501' AND level = 5;
SELECT count(*) AS provinces_known_to_the_parser FROM division
 WHERE level = 1 AND code::text <> ALL (ARRAY['710000', '810000', '820000']);

-- Every row's parent chain exists, and no name carries stray spaces.
SELECT count(*) AS orphans FROM division d
 WHERE d.level > 1 AND NOT EXISTS (SELECT FROM division p WHERE p.code = d.parent);
SELECT count(*) AS untrimmed FROM division WHERE name <> btrim(name) OR short_name <> btrim(short_name);

-- Names.
SELECT code, adcode_name(code) AS name, adcode_fullname(code) AS fullname
  FROM (VALUES ('45'::adcode), ('4501'), ('450107'), ('450181'), ('450110'),
               ('110101'), ('110100'), ('500101'), ('500229'), ('429004'), ('441900003'),
               ('810000'), ('450127')) AS t(code);
SELECT code, name, short_name, kind, urban FROM division
 WHERE code IN ('450000', '450100', '450107', '450123', '450181', '150000', '222400', '451031')
 ORDER BY code;
SELECT adcode_name('459900') IS NULL AS unknown_name, adcode_fullname('459900') IS NULL AS unknown_fullname;

-- Urban flags at township and village level, by kind.
SELECT kind, urban, count(*) FROM division WHERE code <@ '4501' AND level >= 4
 GROUP BY kind, urban ORDER BY kind, urban;

-- Existence on a date: a retired code existed before its change only.
SELECT adcode_exists('450107') AS xixiangtang, adcode_exists('450127') AS hengxian_today,
       adcode_exists('450127', '2019-01-01') AS hengxian_2019,
       adcode_exists('450181', '2019-01-01') AS hengzhou_2019,
       adcode_exists('459900') AS unknown;

-- Following changes to the code in force (today's date shown as "today",
-- so that the expected output does not change with the day the test runs).
SELECT old, CASE WHEN on_date = CURRENT_DATE THEN 'today' ELSE on_date::text END AS on_date,
       adcode_current(old::adcode, on_date) AS current
  FROM (VALUES ('450127', DATE '2022-01-01'), ('450127', DATE '2020-01-01'),
               ('450122', DATE '2015-03-01'), ('450122', DATE '2014-12-31'),
               ('450107', DATE '2022-01-01'), ('450122', CURRENT_DATE)) AS t(old, on_date);
SELECT old_code, old_name, new_code, new_name, effective_on, kind FROM division_change
 WHERE old_code IN ('450127', '450122') ORDER BY effective_on;
SELECT kind, count(*) > 0 AS present FROM division_change GROUP BY kind ORDER BY kind;

-- A chain of two changes, and an abolition, on a private copy of the rules.
BEGIN;
INSERT INTO division_change VALUES
    ('450181', '横州市', '450199', '测试市', '2030-01-01', 'recode', 'regression test'),
    ('450199', '测试市', NULL, NULL, '2031-01-01', 'abolish', 'regression test');
SELECT adcode_current('450127', '2029-12-31') AS before_second,
       adcode_current('450127', '2030-06-01') AS after_second,
       adcode_current('450127', '2031-06-01') IS NULL AS abolished;
ROLLBACK;

-- Children skip placeholder units: Beijing's children are its districts.
SELECT count(*) AS beijing_children, bool_and(level = 3) AS all_districts FROM adcode_children('11');
SELECT code, name FROM adcode_children('4501') ORDER BY code;
SELECT count(*) AS hubei_children FROM adcode_children('42');
SELECT count(*) AS dongguan_towns, bool_and(level = 4) AS all_townships FROM adcode_children('4419');
SELECT count(*) AS xixiangtang_townships FROM adcode_children('450107');
SELECT count(*) AS hengxian_children_2019 FROM adcode_children('450127', '2019-01-01');

-- A city's edits: an edited shipped row becomes local (dumped), an insert
-- replaces the shipped row of the same code, and only local rows are dumped.
BEGIN;
UPDATE division SET urban = true WHERE code = '450107001001';
SELECT code, urban, shipped FROM division WHERE code = '450107001001';
INSERT INTO division (code, name, short_name, kind, urban) VALUES ('450107001', '新阳街道', '新阳', '街道', true);
SELECT code, name, shipped FROM division WHERE code = '450107001';
INSERT INTO division (code, name, short_name, kind) VALUES ('450199', '测试区', '测试', '市辖区');
SELECT count(*) AS local_rows FROM division WHERE NOT shipped;
ROLLBACK;
SELECT c.relname, x.condition
  FROM pg_extension e, unnest(e.extconfig, e.extcondition) AS x(reloid, condition)
  JOIN pg_class c ON c.oid = x.reloid
 WHERE e.extname = 'civil_affairs' AND c.relname LIKE 'division%' ORDER BY 1;

-- Bad rows are rejected.
INSERT INTO division (code, name, short_name, kind) VALUES ('450198', '', 'x', '县');
INSERT INTO division (code, name, short_name, kind, urban) VALUES ('450198', '某县', '某', '县', true);
INSERT INTO division_change VALUES ('450198', '某县', NULL, NULL, '2030-01-01', 'recode', 'test');
INSERT INTO division (code, name, short_name, kind) VALUES ('4501x', '某县', '某', '县');
