-- The report views over the payroll test's data (sql/payroll.sql runs first).
SET search_path = civil_affairs, public;
SET datestyle = ISO, YMD;

-- Pinyin order: 农 (nong) < 覃 (qin) < 韦 (wei) < 张 (zhang); code-point order
-- would put 农 (U+519C) before 张 (U+5F20) before 覃 (U+8983) before 韦 (U+97E6).
SELECT name FROM (VALUES ('张伟'), ('韦老'), ('覃寿'), ('农小')) AS n(name) ORDER BY name COLLATE pinyin;
SELECT name FROM (VALUES ('张伟'), ('韦老'), ('覃寿'), ('农小')) AS n(name) ORDER BY name COLLATE "C";

-- 发放名册 for December 2021.
SELECT county, township, village, head_name, head_idcard, programme, tier, persons, amount
  FROM v_payroll WHERE month = '2021-12-01';

-- 民政统计: the county subtotal for December equals the payroll's total.
SELECT programme, division, division_name, households, persons, amount
  FROM v_statistics
 WHERE month = '2021-12-01' AND level = 3 AND all_urban_rural AND all_tiers
 ORDER BY division, programme;
SELECT sum(amount) AS county_rows, (SELECT total FROM payroll_totals('2021-12-01')) AS payroll_total
  FROM v_statistics WHERE month = '2021-12-01' AND level = 3 AND all_urban_rural AND all_tiers;
SELECT programme, urban, tier, households, persons, amount
  FROM v_statistics
 WHERE month = '2021-12-01' AND level = 2 AND programme = 'dibao' AND NOT all_urban_rural AND NOT all_tiers
 ORDER BY urban, tier;

-- 主动发现: someone aged 80+ without the allowance, a severely disabled
-- person without the care subsidy, an assessed-eligible household without
-- dibao.
INSERT INTO person (id, name, sex, birth_date, disability_grade, disability_kind) VALUES
    (1601, '蓝婆', 'F', '1930-03-03', 2, 'mental');
INSERT INTO household (id, residence_division) VALUES (16, '450107001003');
INSERT INTO household_member VALUES (16, 1601, 'head', '[2000-01-01,)');
SELECT household_id, per_capita_income, programmes FROM record_assessment(16, '2021-12-01');
SELECT finding, household_id, person_id, detail FROM v_proactive_discovery
 WHERE household_id = 16 ORDER BY finding;

-- 异常 (anomalies).  None yet.
SELECT finding, household_id, person_id, month FROM v_anomalies ORDER BY finding, household_id, person_id;
-- A death recorded late: 韦老's 特困 payments for November and December were
-- paid after his death.
UPDATE person SET death_date = '2021-10-15' WHERE id = 1301;
-- 王芳 enrolled on her own while her household is enrolled: in two dibao
-- enrolments at once.
INSERT INTO enrollment (household_id, person_id, programme, single_person, status, start_month, reason)
VALUES (11, 1102, 'dibao', true, 'active', '2022-01-01', '单人户施保 single-person enrolment');
-- Two homes for household 11 (in gradual exit), reassessed: enrolled but
-- failing the asset test.
INSERT INTO asset (household_id, kind, description) VALUES (11, 'home', '住房一'), (11, 'home', '住房二');
SELECT per_capita_income, assets_pass FROM record_assessment(11, '2021-12-01');
-- A relative of a staff member receiving payments.
INSERT INTO staff_relative VALUES (1501, 'clerk_li', '侄女 niece');
-- A figure changed after December was paid: the recomputation differs.
INSERT INTO policy_value (key, division, valid, amount, status, source)
VALUES ('orphan.scattered', '450107', '[2021-12-01,)', 900, 'assumed', 'district top-up');
SELECT finding, household_id, person_id, month, detail FROM v_anomalies
 ORDER BY finding, household_id, person_id, month;
