-- Entitlements, the enrolment lifecycle and the monthly payroll, with the
-- figures computed by hand in the comments.  Policy: the shipped Nanning
-- figures (urban gap against 790; rural tiers 340/230/155 by category;
-- add-ons +20% elderly (70+) and minors (under 16), +30% severe disability
-- and serious illness; 特困 1.3 × standard plus care 10/20/40%; old-age
-- allowance 80/150/400/800 from the month after the birthday; disability
-- subsidies 80 each; orphans 1200/800).
SET search_path = civil_affairs, public;
SET datestyle = ISO, YMD;
SET client_min_messages = warning;

INSERT INTO person (id, name, sex, birth_date, work_capacity, self_care, disability_grade, disability_kind,
                    has_capable_supporter, orphan) VALUES
    (1101, '张伟', 'M', '1975-03-10', 'full', 'full', 0, NULL, true, NULL),
    (1102, '王芳', 'F', '1978-08-20', 'partial', 'full', 0, NULL, true, NULL),
    (1103, '张明', 'M', '2008-09-01', 'full', 'full', 0, NULL, true, NULL),
    (1301, '韦老', 'M', '1945-01-01', 'none', 'full', 0, NULL, false, NULL),
    (1401, '覃寿', 'F', '1941-06-15', 'none', 'partial', 0, NULL, true, NULL),
    (1402, '覃福', 'M', '1941-07-20', 'none', 'full', 1, 'physical', true, NULL),
    (1501, '农小', 'F', '2015-05-05', 'full', 'full', 0, NULL, true, 'orphan');
INSERT INTO household (id, residence_division) VALUES
    (11, '450107001001'),     -- urban
    (13, '450181100201'),     -- rural
    (14, '450107001003'),     -- urban
    (15, '450107001001');
INSERT INTO household_member VALUES
    (11, 1101, 'head', '[2010-01-01,)'), (11, 1102, 'spouse', '[2010-01-01,)'), (11, 1103, 'child', '[2010-01-01,)'),
    (13, 1301, 'head', '[2000-01-01,)'),
    (14, 1401, 'head', '[2000-01-01,)'), (14, 1402, 'spouse', '[2000-01-01,)'),
    (15, 1501, 'head', '[2015-05-05,)');
-- Household 11: wages 2000/month (30% = 600 deducted) and support 300/month:
-- net 1700/month, per capita 566.67.  Household 13: farming 200/month.
INSERT INTO income (person_id, item, month, amount)
SELECT 1101, 'wage', m, 2000 FROM generate_series('2020-06-01'::date, '2021-12-01', '1 month') m
UNION ALL SELECT 1102, 'support', m, 300 FROM generate_series('2020-06-01'::date, '2021-12-01', '1 month') m
UNION ALL SELECT 1301, 'agriculture', m, 200 FROM generate_series('2020-06-01'::date, '2021-12-01', '1 month') m;

INSERT INTO enrollment (household_id, person_id, programme, status, start_month, orphan_care, reason) VALUES
    (11, NULL, 'dibao', 'active', '2021-07-01', NULL, '审批通过 approved'),
    (13, NULL, 'dibao', 'active', '2021-07-01', NULL, '审批通过 approved'),
    (13, 1301, 'tekun', 'active', '2021-07-01', NULL, '审批通过 approved'),
    (14, 1401, 'old_age_allowance', 'active', '2021-07-01', NULL, '申请 applied'),
    (14, 1402, 'old_age_allowance', 'active', '2021-07-01', NULL, '申请 applied'),
    (14, 1402, 'disability_care_subsidy', 'active', '2021-07-01', NULL, '申请 applied'),
    (15, 1501, 'orphan_allowance', 'active', '2021-07-01', 'scattered', '申请 applied');

-- What each enrolment is owed for July 2021:
--   household 11 (urban, gap): 3 × 790 − 1700 = 670; 张明 (12) is a minor:
--     +20% of his share 670 / 3 = 44.666…; total 714.666… → 714.67
--   household 13 (rural, tiered by category): 韦老 has no work capacity →
--     tier 1, 340; aged 76 ≥ 70: +20% = 68; 408 ≤ cap 458.33 → 408.00
--   韦老 特困: basic 1.3 × 458.33 = 595.829, care (self-caring) 10% = 45.833;
--     641.662 → 641.66
--   覃寿, born 1941-06-15, 80 in June: from July → 80.00
--   覃福, born 1941-07-20, 79 on 2021-07-01 → 0.00 (80.00 from August)
--   覃福's care subsidy (grade 1): 80.00; 农小 (orphan, scattered): 800.00
SELECT household_id, per_capita_income, standard, programmes
  FROM record_assessment(11, '2021-07-01') UNION ALL
SELECT household_id, per_capita_income, standard, programmes
  FROM record_assessment(13, '2021-07-01');
SELECT e.programme, o.household_id, o.person_id, o.tier, o.persons, o.amount, o.components
  FROM payroll_entitlements('2021-07-01') o JOIN enrollment e ON e.id = o.enrollment_id
 ORDER BY o.household_id, e.programme, o.person_id;
SELECT payroll_entitlements('2021-07-15');

-- Ids far apart, negative or sparse are found as dense ones are (the bulk
-- reader looks ids up by address when they are dense, by hash otherwise):
-- copies of households 11 and 13 under such ids are owed what the
-- originals are, 714.67, 408.00 and 641.66.
BEGIN;
INSERT INTO person (id, name, sex, birth_date, work_capacity, self_care, disability_grade, disability_kind,
                    has_capable_supporter, orphan)
SELECT CASE id WHEN 1101 THEN -1101 WHEN 1102 THEN 5000000001102 WHEN 1103 THEN 8000000001103
               WHEN 1301 THEN 12289 END,
       name, sex, birth_date, work_capacity, self_care, disability_grade, disability_kind, has_capable_supporter, orphan
  FROM person WHERE id IN (1101, 1102, 1103, 1301);
INSERT INTO household (id, residence_division) VALUES (9000000000011, '450107001001'), (-13, '450181100201');
INSERT INTO household_member VALUES
    (9000000000011, -1101, 'head', '[2010-01-01,)'), (9000000000011, 5000000001102, 'spouse', '[2010-01-01,)'),
    (9000000000011, 8000000001103, 'child', '[2010-01-01,)'), (-13, 12289, 'head', '[2000-01-01,)');
INSERT INTO income (person_id, item, month, amount)
SELECT CASE person_id WHEN 1101 THEN -1101 WHEN 1102 THEN 5000000001102 ELSE 12289 END, item, month, amount
  FROM income WHERE person_id IN (1101, 1102, 1301);
-- Explicit ids, so that the identities of the tests after this block do
-- not move.
INSERT INTO enrollment (id, household_id, person_id, programme, status, start_month, reason) VALUES
    (-1, 9000000000011, NULL, 'dibao', 'active', '2021-07-01', '审批通过 approved'),
    (-2, -13, NULL, 'dibao', 'active', '2021-07-01', '审批通过 approved'),
    (-3, -13, 12289, 'tekun', 'active', '2021-07-01', '审批通过 approved');
SELECT household_id, per_capita_income FROM record_assessment(9000000000011, '2021-07-01') UNION ALL
SELECT household_id, per_capita_income FROM record_assessment(-13, '2021-07-01');
SELECT e.programme, o.household_id, o.person_id, o.tier, o.persons, o.amount
  FROM payroll_entitlements('2021-07-01') o JOIN enrollment e ON e.id = o.enrollment_id
 WHERE o.household_id IN (9000000000011, -13)
 ORDER BY o.household_id, e.programme;
ROLLBACK;

-- Who is covered in a month is who is a member on its first day, as
-- "during @> month" decides (the bulk reader checks each period itself).
-- Household 21 (urban, no income, adults with full capacity, no add-ons):
--   2101 [2010-01-01,)                in
--   2102 [2010-01-01,2021-07-01)      out: left on 30 June
--   2103 [2021-07-01,)                in: joined on the first
--   2104 [2021-07-02,)                out: joined on the second
--   2105 [2021-06-01,2021-07-02)      in: left on the second
--   2106 [2010-01-01,infinity)        in
--   2107 (2021-06-30,2021-07-01]      in: the same as [2021-07-01,2021-07-02)
-- Five covered: 5 × 790 − 0 = 3950.00, persons 5; the sum over the
-- members the database itself finds current agrees.
BEGIN;
INSERT INTO person (id, name, sex, birth_date, work_capacity, self_care, disability_grade, disability_kind,
                    has_capable_supporter, orphan)
SELECT id, '黄' || id, 'M', '1980-01-01', 'full', 'full', 0, NULL, true, NULL
  FROM generate_series(2101, 2107) id;
INSERT INTO household (id, residence_division) VALUES (21, '450107001001');
INSERT INTO household_member VALUES
    (21, 2101, 'head', '[2010-01-01,)'), (21, 2102, 'child', '[2010-01-01,2021-07-01)'),
    (21, 2103, 'child', '[2021-07-01,)'), (21, 2104, 'child', '[2021-07-02,)'),
    (21, 2105, 'child', '[2021-06-01,2021-07-02)'), (21, 2106, 'child', '[2010-01-01,infinity)'),
    (21, 2107, 'child', '(2021-06-30,2021-07-01]');
INSERT INTO enrollment (id, household_id, person_id, programme, status, start_month, reason) VALUES
    (-21, 21, NULL, 'dibao', 'active', '2021-07-01', '审批通过 approved');
SELECT household_id, members, per_capita_income FROM record_assessment(21, '2021-07-01');
SELECT o.persons, o.amount,
       (SELECT count(*) FROM household_member m WHERE m.household_id = 21 AND m.during @> '2021-07-01'::date) AS current
  FROM payroll_entitlements('2021-07-01') o
 WHERE o.household_id = 21;
ROLLBACK;

-- July's payroll: the two dibao households were just assessed; the others
-- are new, so marked, and assessed too (they have no dibao); pays.
SELECT * FROM run_payroll('2021-07-01');
SELECT count(*) AS assessments FROM assessment;
SELECT household_id, programme, tier, persons, amount, adjustment FROM payment ORDER BY household_id, programme, person_id;
-- Running July again changes nothing, writes nothing, reports the same totals.
SELECT * FROM run_payroll('2021-07-01');
SELECT count(*) AS runs, sum(rows_written) AS rows FROM payroll_run;

-- August: 覃福 turns 80 in July, so from August his allowance starts.
SELECT * FROM run_payroll('2021-08-01');
SELECT person_id, month, amount FROM payment WHERE programme = 'old_age_allowance' ORDER BY month, person_id;

-- A correction in August: 王芳's support was 600, not 300, since 2020-07.
-- The household is reassessed and August is corrected by an adjustment:
--   net 2000 − 600 + 600 = 2000/month… (window 2020-08 … 2021-07: 11 months
--   at 600 and 2020-08 at 600 too: all 12 at 600) → gap 3 × 790 − 2000 = 370;
--   minor add-on 370 / 3 × 20% = 24.666…; 394.666… → 394.67; paid 714.67 →
--   adjustment −320.00.
UPDATE income SET amount = 600 WHERE person_id = 1102 AND month >= '2020-07-01';
SELECT needs_assessment FROM household WHERE id = 11;
SELECT * FROM run_payroll('2021-08-01');
SELECT month, amount, adjustment FROM payment WHERE household_id = 11 ORDER BY month, id;

-- Payments and runs are never changed.
UPDATE payment SET amount = 0;
DELETE FROM payroll_run;

-- Gradual exit: 张伟's wage is corrected to 5000 from 2020-09 on; as of
-- 2021-09-01 (window 2020-09 … 2021-08) the net is 5000 − 790 (deduction
-- capped at the standard) + 600 = 4810/month, per capita 1603.33 ≥ 790.
UPDATE income SET amount = 5000 WHERE person_id = 1101 AND month >= '2020-09-01';
SELECT * FROM run_payroll('2021-09-01');
--   Gradual exit for 6 months (September … February) at August's amount,
--   714.67 − 320.00 = 394.67, for the household's 3 persons.
SELECT status, gradual_exit_until, frozen_amount, reason FROM enrollment WHERE household_id = 11 AND programme = 'dibao';
SELECT month, persons, amount, components ->> 'gradual_exit' AS gradual FROM payment WHERE household_id = 11 AND month = '2021-09-01';
SELECT from_status, to_status FROM enrollment_event e JOIN enrollment en ON en.id = e.enrollment_id
 WHERE en.household_id = 11 AND en.programme = 'dibao' ORDER BY e.id;

-- A death ends person-level payments from the month after.
UPDATE person SET death_date = '2021-09-10' WHERE id = 1401;
SELECT * FROM run_payroll('2021-10-01');
SELECT person_id, month, amount FROM payment WHERE person_id = 1401 ORDER BY month;
SELECT status, end_month, reason FROM enrollment WHERE person_id = 1401;
-- Re-running September afterwards claws nothing back: the enrolment has
-- exited since (end_month 2021-10) but was open in September, and its
-- September payment was due; nothing else changed, so nothing is written.
SELECT payroll_month, rows_written FROM run_payroll('2021-09-01');
SELECT person_id, month, amount, adjustment FROM payment WHERE person_id = 1401 ORDER BY month, id;

-- Losing the disability grade stops the care subsidy.
UPDATE person SET disability_grade = 0, disability_kind = NULL WHERE id = 1402;
SELECT * FROM run_payroll('2021-11-01');
SELECT status, reason FROM enrollment WHERE person_id = 1402 AND programme = 'disability_care_subsidy';

-- The urban tiered pilot, switched on for 西乡塘区 (450107) from 2021-12-01,
-- leaves the other districts on the gap method.
INSERT INTO policy_value (key, division, valid, choice, status, source) VALUES
    ('dibao.method_urban', '450107', '[2021-12-01,)', 'tiered', 'assumed', 'pilot');
INSERT INTO policy_value (key, division, valid, amount, status, source) VALUES
    ('dibao.tier1_urban', '450107', '[2021-12-01,)', 500, 'assumed', 'pilot'),
    ('dibao.tier2_urban', '450107', '[2021-12-01,)', 350, 'assumed', 'pilot'),
    ('dibao.tier3_urban', '450107', '[2021-12-01,)', 200, 'assumed', 'pilot');
SELECT policy_choice('dibao.method_urban', '450107001001', '2021-12-01') AS xixiangtang,
       policy_choice('dibao.method_urban', '450103001', '2021-12-01') AS qingxiu,
       policy_choice('dibao.method_urban', '450107001001', '2021-11-30') AS before;

-- Lifecycle rules.
INSERT INTO enrollment (household_id, programme, status) VALUES (15, 'dibao', 'gradual_exit');
INSERT INTO enrollment (household_id, programme, status) VALUES (15, 'dibao', 'pending');
UPDATE enrollment SET status = 'gradual_exit', reason = '?' WHERE household_id = 15 AND programme = 'dibao';
UPDATE enrollment SET status = 'active' WHERE household_id = 15 AND programme = 'dibao';
UPDATE enrollment SET status = 'active', reason = '审批通过 approved', start_month = '2021-12-01'
 WHERE household_id = 15 AND programme = 'dibao';
INSERT INTO enrollment (household_id, programme, status, reason) VALUES (15, 'dibao', 'pending', 'twice');
INSERT INTO enrollment (household_id, person_id, programme, status) VALUES (15, NULL, 'tekun', 'pending');

-- A failed run leaves the month as it was: household 15 lives where no
-- urban flag can be found once its residence is set to a county code.
SELECT count(*) AS runs_before FROM payroll_run;
UPDATE household SET residence_division = '450107' WHERE id = 15;
SELECT * FROM run_payroll('2021-12-01');
SELECT count(*) AS runs_after FROM payroll_run;
SELECT count(*) AS december_payments FROM payment WHERE month = '2021-12-01';
SELECT * FROM run_payroll('2021-12-15');

-- With the residence corrected, December runs.  Household 15 (the orphan
-- alone, no income: per capita 0) lives in 西乡塘区, where the tiered pilot
-- now applies: a 6-year-old with full capacity is category C → tier 3,
-- 200; a minor: +20% = 40 → 240.00.  Household 11 is still in gradual exit
-- at 394.67; the other district keeps the gap method.
UPDATE household SET residence_division = '450107001001' WHERE id = 15;
SELECT * FROM run_payroll('2021-12-01');
SELECT household_id, programme, tier, persons, amount, components ->> 'method' AS method
  FROM payment WHERE month = '2021-12-01' AND programme = 'dibao' ORDER BY household_id;

-- Forty one-person urban households (张伟's attributes; households 20001 to
-- 20040, their rows written out of id order), each with support income of
-- 100 + 10 × k a month: per capita the same, so July's gap is 790 − that,
-- from 680.00 (k = 1) down to 290.00 (k = 40), 19,400.00 in all.  Enough
-- households that the bulk reader's prefetching ring (16 rows) goes round
-- more than twice on the household and the assessment rows: each amount
-- must be its own household's.
BEGIN;
INSERT INTO person (id, name, sex, birth_date, work_capacity, self_care, disability_grade, has_capable_supporter)
SELECT 30000 + k, '张' || k, 'M', '1975-03-10', 'full', 'full', 0, true FROM generate_series(1, 40) k;
INSERT INTO household (id, residence_division)
SELECT 20000 + k, '450107001001' FROM generate_series(1, 40) k ORDER BY (k * 17) % 41;
INSERT INTO household_member
SELECT 20000 + k, 30000 + k, 'head', '[2010-01-01,)' FROM generate_series(1, 40) k ORDER BY (k * 23) % 41;
INSERT INTO income (person_id, item, month, amount)
SELECT 30000 + k, 'support', m, 100 + 10 * k
  FROM generate_series(1, 40) k, generate_series('2020-06-01'::date, '2021-12-01', '1 month') m;
INSERT INTO enrollment (id, household_id, programme, status, start_month, reason)
SELECT -100 - k, 20000 + k, 'dibao', 'active', '2021-07-01', '审批通过 approved'
  FROM generate_series(1, 40) k ORDER BY (k * 29) % 41;
SELECT count(*) AS assessed FROM generate_series(1, 40) k, record_assessment(20000 + k, '2021-07-01') a;
SELECT count(*) AS households,
       count(*) FILTER (WHERE o.amount = 790 - (100 + 10 * (o.household_id - 20000))) AS own_amount,
       min(o.amount), max(o.amount), sum(o.amount)
  FROM payroll_entitlements('2021-07-01') o WHERE o.household_id BETWEEN 20001 AND 20040;
ROLLBACK;
