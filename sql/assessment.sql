-- Household economic assessment (家庭经济状况认定): worked cases for Nanning
-- 2021, each with its figures computed by hand in the comments.
SET search_path = civil_affairs, public;
SET datestyle = ISO, YMD;

-- Policy in force on 2021-06-01 (from the shipped tables):
--   urban standard 790 yuan/person/month; rural 5500/year → 5500/12 =
--   458.333… → 458.33 (rounded to the fen, half up); window 12 months
--   (2020-06 … 2021-05); wages: 30% work-cost deduction capped at 1 × the
--   standard per person per month; presumed income 1810/month; financial
--   assets ≤ 24 × standard per person; ≤ 1 home, 0 cars, 0 businesses;
--   low income < 1.5 × standard; expenditure hardship: rigid spending ≥ 60%
--   of income and per-capita income < 3500.
SELECT policy_value('dibao.standard_urban', '450107001001', '2021-06-01') AS urban,
       policy_value('dibao.standard_rural_yearly', '450181100201', '2021-06-01') AS rural_yearly,
       policy_value('income.lookback_months', '450107', '2021-06-01') AS months;

INSERT INTO person (id, name, sex, birth_date, work_capacity, unemployed_without_reason, has_capable_supporter) VALUES
    (101, '张伟', 'M', '1975-03-10', 'full', false, true),
    (102, '王芳', 'F', '1978-08-20', 'partial', false, true),
    (103, '张明', 'M', '2008-09-01', 'full', false, true),
    (201, '李强', 'M', '1970-01-01', 'full', false, true),
    (301, '韦老', 'M', '1945-01-01', 'none', false, false),
    (401, '黄东', 'M', '1980-02-02', 'full', false, true),
    (402, '黄母', 'F', '1950-02-02', 'none', false, true),
    (501, '陆闲', 'M', '1986-05-05', 'full', true, true),
    (601, '蒙甲', 'M', '1976-06-06', 'full', false, true),
    (602, '蒙乙', 'F', '1977-07-07', 'full', false, true),
    (603, '蒙丙', 'F', '2012-12-12', 'full', false, true);

INSERT INTO household (id, residence_division, address) VALUES
    (1, '450107001001', '西乡塘区中华中路'),       -- urban 居委会
    (2, '450107001003', '西乡塘区南铁北三区'),     -- urban
    (3, '450181100201', '横州市江南村'),           -- rural 村委会
    (4, '450107001001', '西乡塘区中华中路'),
    (5, '450103001', '青秀区新竹街道'),            -- township level: 街道 is urban
    (6, '450107001003', '西乡塘区南铁北三区');
INSERT INTO household_member VALUES
    (1, 101, 'head', '[2010-01-01,)'), (1, 102, 'spouse', '[2010-01-01,)'), (1, 103, 'child', '[2010-01-01,)'),
    (2, 201, 'head', '[2010-01-01,)'),
    (3, 301, 'head', '[2000-01-01,)'),
    (4, 401, 'head', '[2010-01-01,)'), (4, 402, 'parent', '[2010-01-01,)'),
    (5, 501, 'head', '[2015-01-01,)'),
    (6, 601, 'head', '[2010-01-01,)'), (6, 602, 'spouse', '[2010-01-01,)'), (6, 603, 'child', '[2012-12-12,)');

-- Household 1, urban, three members, 12 months:
--   张伟 wages 2000/month: 30% = 600 ≤ cap 790 → deducted 600 × 12 = 7200
--   张伟 dibao payment 500/month (social assistance): exempt 6000
--   王芳 support from relatives 300/month: counted 3600
--   张明 scholarship 1000 in 2021-01: exempt
--   counted 24000 + 3600 = 27600; exempt 6000 + 1000 = 7000
--   net 27600 − 7200 = 20400; per capita 20400 / 12 / 3 = 566.666… → 566.67
--   566.67 < 790 → dibao.  Deposits 30000 / 3 = 10000 ≤ 24 × 790 = 18960; one home.
INSERT INTO income (person_id, item, month, amount)
SELECT 101, 'wage', m, 2000 FROM generate_series('2020-06-01'::date, '2021-05-01', '1 month') m
UNION ALL SELECT 101, 'social_assistance', m, 500 FROM generate_series('2020-06-01'::date, '2021-05-01', '1 month') m
UNION ALL SELECT 102, 'support', m, 300 FROM generate_series('2020-06-01'::date, '2021-05-01', '1 month') m
UNION ALL SELECT 103, 'scholarship', '2021-01-01', 1000;
-- income outside the window is ignored: 2020-05 and 2021-06
INSERT INTO income (person_id, item, month, amount) VALUES (101, 'wage', '2020-05-01', 99999), (101, 'wage', '2021-06-01', 99999);
INSERT INTO asset (household_id, kind, value, description) VALUES
    (1, 'financial', 30000, '银行存款'), (1, 'home', 0, '自住房');

SELECT members, counted_income, exempt_income, deducted_income, presumed_income, net_income,
       per_capita_income, standard, assets_pass, dibao, low_income, expenditure_hardship, programmes
  FROM assess_household(1, '2021-06-01');
SELECT t ->> 'test' AS test, t -> 'value' AS value, t -> 'limit' AS "limit", t -> 'passed' AS passed
  FROM assess_household(1, '2021-06-01') r, jsonb_array_elements(r.explanation -> 'tests') t;
-- The explanation sums each member's item over the window, with its months.
SELECT i ->> 'item' AS item, i ->> 'treatment' AS treatment, sum((i ->> 'months')::int) AS months,
       min(i ->> 'from') AS "from", max(i ->> 'to') AS "to",
       sum((i ->> 'counted')::numeric) AS counted, sum((i ->> 'exempt')::numeric) AS exempt,
       sum((i ->> 'deducted')::numeric) AS deducted
  FROM assess_household(1, '2021-06-01') r, jsonb_array_elements(r.explanation -> 'incomes') i
 GROUP BY 1, 2 ORDER BY 1;

-- Household 2, urban, one member with a small wage but two homes and a car:
--   wages 800/month: 30% = 240 → net 560/month; per capita 560.00 < 790,
--   but homes 2 > 1 and a non-exempt car > 0 → assets fail → no programme.
--   An exempt motorcycle does not count.
INSERT INTO income (person_id, item, month, amount)
SELECT 201, 'wage', m, 800 FROM generate_series('2020-06-01'::date, '2021-05-01', '1 month') m;
INSERT INTO asset (household_id, kind, exempt, value, description) VALUES
    (2, 'home', false, 0, '住房一'), (2, 'home', false, 0, '住房二'),
    (2, 'vehicle', false, 50000, '小汽车'), (2, 'vehicle', true, 3000, '摩托车');
SELECT per_capita_income, assets_pass, dibao, low_income, programmes FROM assess_household(2, '2021-06-01');
SELECT t ->> 'test' AS test, t -> 'value' AS value, t -> 'limit' AS "limit", t -> 'passed' AS passed
  FROM assess_household(2, '2021-06-01') r, jsonb_array_elements(r.explanation -> 'tests') t
 WHERE t ->> 'test' IN ('homes', 'vehicles');

-- Household 3, rural (横州市江南村委会), one man of 76 without a supporter:
--   farming 200/month counted: 2400; basic pension 130/month exempt (14th
--   five-year plan): 1560.  Per capita 2400 / 12 / 1 = 200.00 < 458.33 → dibao;
--   aged 76 ≥ 60, no capable supporter → 特困 (tekun).
INSERT INTO income (person_id, item, month, amount)
SELECT 301, 'agriculture', m, 200 FROM generate_series('2020-06-01'::date, '2021-05-01', '1 month') m
UNION ALL SELECT 301, 'basic_pension', m, 130 FROM generate_series('2020-06-01'::date, '2021-05-01', '1 month') m;
SELECT urban, counted_income, exempt_income, per_capita_income, standard, dibao, tekun_persons, programmes
  FROM assess_household(3, '2021-06-01');

-- Household 4, urban, low income (低保边缘):
--   黄东 wages 2000/month: 30% = 600 → 1400; 黄母 employee pension 800/month
--   counted.  Net 2200/month; per capita 2200 / 2 = 1100.00: above 790, below
--   1.5 × 790 = 1185 → low income, not dibao.  黄母 has no work capacity but
--   a capable supporter (her son) → not 特困.
INSERT INTO income (person_id, item, month, amount)
SELECT 401, 'wage', m, 2000 FROM generate_series('2020-06-01'::date, '2021-05-01', '1 month') m
UNION ALL SELECT 402, 'pension', m, 800 FROM generate_series('2020-06-01'::date, '2021-05-01', '1 month') m;
SELECT per_capita_income, dibao, low_income, tekun_persons, programmes FROM assess_household(4, '2021-06-01');

-- Household 5, urban (新竹街道), one able-bodied man of 35 not working without
-- good reason and no income: presumed 1810 × 12 = 21720; per capita 1810.00 → nothing.
SELECT presumed_income, net_income, per_capita_income, dibao, low_income, programmes
  FROM assess_household(5, '2021-06-01');

-- Household 6, urban, expenditure-type hardship:
--   蒙甲 and 蒙乙 wages 3000/month each: 30% = 900 capped at 790 → 2210 each;
--   net 4420 × 12 = 53040; per capita 53040 / 36 = 1473.33 (above the
--   low-income line 1185, below 3500).  Medical costs 35000 in the window
--   ≥ 60% × 53040 = 31824 → expenditure hardship.  (Education 2000 too;
--   "other" spending is not rigid.)
INSERT INTO income (person_id, item, month, amount)
SELECT p, 'wage', m, 3000 FROM generate_series('2020-06-01'::date, '2021-05-01', '1 month') m, (VALUES (601), (602)) AS v(p);
INSERT INTO expenditure (household_id, kind, month, amount) VALUES
    (6, 'medical', '2020-09-01', 20000), (6, 'medical', '2021-02-01', 15000),
    (6, 'education', '2020-09-01', 2000), (6, 'other', '2020-10-01', 9000),
    (6, 'medical', '2019-01-01', 50000);
SELECT deducted_income, net_income, per_capita_income, dibao, low_income, expenditure_hardship, programmes
  FROM assess_household(6, '2021-06-01');
SELECT t -> 'value' AS rigid_expenditure, t -> 'limit' AS "limit", t -> 'passed' AS passed
  FROM assess_household(6, '2021-06-01') r, jsonb_array_elements(r.explanation -> 'tests') t
 WHERE t ->> 'test' = 'expenditure_share';

-- The standard follows the policy across its changes (household 1, urban):
--   2020-03-31: 600 (city districts, from 2017-10-01); 2020-04-01: 790;
--   2022-03-31: 790; 2022-04-01: 810.
SELECT d AS as_of, (assess_household(1, d)).standard
  FROM unnest(ARRAY['2020-03-31', '2020-04-01', '2022-03-31', '2022-04-01']::date[]) AS d;

-- A household that moves from rural to urban residence: household 3 moves
-- from 横州市江南村 to 西乡塘区中华中路 and is marked for reassessment.
SELECT standard FROM assess_household(3, '2021-06-01');
UPDATE household SET needs_assessment = false WHERE id = 3;
UPDATE household SET residence_division = '450107001001' WHERE id = 3;
SELECT needs_assessment FROM household WHERE id = 3;
--   now urban: standard 790, per capita still 200.00 → dibao, and 特困.
SELECT urban, standard, per_capita_income, programmes FROM assess_household(3, '2021-06-01');

-- A city's correction of the urban flag takes precedence over the division's.
UPDATE household SET urban = false WHERE id = 3;
SELECT urban, standard FROM assess_household(3, '2021-06-01');

-- The same household as a JSON document gives the same figures (household 1).
-- The summary counts the members (members_counted); "members" is the
-- explanation's list of them.
SELECT r ->> 'per_capita_income' AS per_capita_income, r ->> 'net_income' AS net_income,
       r -> 'programmes' AS programmes, r ->> 'standard' AS standard,
       r ->> 'members_counted' AS members_counted, jsonb_array_length(r -> 'members') AS members_listed
  FROM assess_household_json('{
    "division": "450107001001", "as_of": "2021-06-01",
    "members": [
      {"id": 101, "birth_date": "1975-03-10", "sex": "M",
       "incomes": [{"item": "wage", "month": "2020-06-01", "amount": 24000},
                   {"item": "social_assistance", "month": "2020-06-01", "amount": 6000}]},
      {"id": 102, "age": 42, "sex": "F", "work_capacity": "partial",
       "incomes": [{"item": "support", "month": "2020-07-01", "amount": 3600}]},
      {"id": 103, "age": 12, "sex": "M",
       "incomes": [{"item": "scholarship", "month": "2021-01-01", "amount": 1000}]}],
    "assets": [{"kind": "financial", "value": 30000}, {"kind": "home"}]
  }') r;
-- (A single 24000 wage month is capped: 30% = 7200 > 790, so the deduction is
--  790, net 24000 − 790 + 3600 = 26810, per capita 26810 / 36 = 744.72.)

-- Errors: clear messages, nothing written.
SELECT * FROM assess_household(999, '2021-06-01');
INSERT INTO household (id, residence_division) VALUES (7, '450107001001');
SELECT * FROM assess_household(7, '2021-06-01');
INSERT INTO person (id, name, sex, birth_date) VALUES (701, '迟到', 'M', '1990-01-01');
INSERT INTO household_member VALUES (7, 701, 'head', '[2021-07-01,)');
SELECT * FROM assess_household(7, '2021-06-01');
SELECT * FROM assess_household(3, '2019-06-01');
SELECT assess_household_json('{"division": "4501x", "as_of": "2021-06-01", "members": []}');
SELECT assess_household_json('{"division": "450107", "as_of": "2021-06-01", "urban": true, "members": []}');
SELECT assess_household_json('{"division": "450107", "urban": true, "members": [{"age": 30}]}');

-- Recording: one appended row per assessment; the mark is cleared; a failed
-- assessment writes nothing; the table is append-only.
SELECT household_id, as_of, per_capita_income, programmes FROM record_assessment(1, '2021-06-01');
SELECT needs_assessment FROM household WHERE id = 1;
SELECT record_assessment(3, '2019-06-01');
SELECT count(*) AS recorded FROM assessment;
UPDATE assessment SET per_capita_income = 0;
DELETE FROM assessment;
-- A new income marks the household again.
INSERT INTO income (person_id, item, month, amount) VALUES (102, 'other', '2021-05-01', 10);
SELECT needs_assessment FROM household WHERE id = 1;

-- The bulk form gives the same answers as one by one.
SELECT a.household_id, a.per_capita_income = b.per_capita_income AS same
  FROM assess_households('2021-06-01') a, LATERAL assess_household(a.household_id, '2021-06-01') b
 WHERE a.household_id <> 7 ORDER BY 1;
