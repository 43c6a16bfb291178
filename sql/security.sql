-- Roles, division scope (row-level security) and masking, every check run
-- as the extension's roles through login users made here: clerks, approvers
-- and readers of 西乡塘区 (450107) and 青秀区 (450103), and a city admin (4501).
SET search_path = civil_affairs, public;
SET datestyle = ISO, YMD;
SET client_min_messages = warning;

-- The roles exist, cannot log in, and nothing of the extension's that writes
-- is executable by PUBLIC.
SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname LIKE 'civil\_affairs\_%' ORDER BY rolname;
SELECT p.proname FROM pg_proc p
 WHERE p.pronamespace = 'civil_affairs'::regnamespace
   AND (p.prosecdef OR p.proname IN ('run_payroll', 'record_assessment', 'record_assessments', 'grant_temporary_assistance'))
   AND has_function_privilege('public', p.oid, 'EXECUTE')
 ORDER BY 1;
-- Every SECURITY DEFINER function fixes its search_path.
SELECT p.proname FROM pg_proc p
 WHERE p.pronamespace = 'civil_affairs'::regnamespace AND p.prosecdef
   AND NOT coalesce(p.proconfig::text LIKE '%search_path=%', false);
-- Row-level security is on for every registry, case and payment table.
SELECT c.relname, c.relrowsecurity FROM pg_class c
 WHERE c.relnamespace = 'civil_affairs'::regnamespace AND c.relkind = 'r'
   AND c.relname IN ('person', 'household', 'household_member', 'income', 'asset', 'expenditure', 'assessment',
                     'enrollment', 'enrollment_event', 'payment', 'reserve_fund', 'temporary_assistance',
                     'staff', 'staff_relative')
 ORDER BY 1;

CREATE ROLE sec_clerk_xxt LOGIN IN ROLE civil_affairs_clerk;
CREATE ROLE sec_clerk_qx LOGIN IN ROLE civil_affairs_clerk;
CREATE ROLE sec_approver_xxt LOGIN IN ROLE civil_affairs_approver;
CREATE ROLE sec_maker_checker LOGIN IN ROLE civil_affairs_clerk, civil_affairs_approver;
CREATE ROLE sec_reader_xxt LOGIN IN ROLE civil_affairs_reader;
CREATE ROLE sec_admin_city LOGIN IN ROLE civil_affairs_admin;
CREATE ROLE sec_nobody LOGIN IN ROLE civil_affairs_clerk;
INSERT INTO staff VALUES ('sec_clerk_xxt', '450107'), ('sec_clerk_qx', '450103'),
    ('sec_approver_xxt', '450107'), ('sec_maker_checker', '450107'), ('sec_reader_xxt', '450107'),
    ('sec_admin_city', '4501');

-- Two households in 西乡塘区, one in 青秀区, as a superuser would load them.
INSERT INTO person (id, idcard, name, sex, birth_date, phone, hukou_division) VALUES
    (8101, '450107194003030021', '黄秀英', 'F', '1940-03-03', '13807711234', '450107'),
    (8102, NULL, '黄小明', 'M', '2012-05-05', NULL, '450107'),
    (8201, NULL, '梁大山', 'M', '1950-01-01', '0771-5551234', '450107'),
    (8301, '450103193505050014', '陆青', 'M', '1935-05-05', '13977001122', '450103'),
    (8302, NULL, '陆小', 'F', '2010-01-01', NULL, NULL);
INSERT INTO household (id, residence_division, urban) VALUES
    (81, '450107001001', true), (82, '450107002001', false), (83, '450103001005', true);
INSERT INTO household_member VALUES
    (81, 8101, 'head', '[2000-01-01,)'), (81, 8102, 'grandchild', '[2012-05-05,)'),
    (82, 8201, 'head', '[2000-01-01,)'),
    (83, 8301, 'head', '[2000-01-01,)'), (83, 8302, 'grandchild', '[2010-01-01,)');
INSERT INTO income (person_id, item, month, amount) VALUES
    (8101, 'basic_pension', '2022-01-01', 150), (8301, 'basic_pension', '2022-01-01', 160);
INSERT INTO asset (household_id, kind, value) VALUES (81, 'financial', 1000), (83, 'financial', 2000);
INSERT INTO expenditure (household_id, kind, month, amount) VALUES (81, 'medical', '2022-01-01', 300), (83, 'medical', '2022-01-01', 400);
INSERT INTO staff_relative VALUES (8201, 'sec_clerk_xxt', '父亲 father'), (8301, 'sec_clerk_qx', '祖父 grandfather');
INSERT INTO reserve_fund VALUES ('450107', 2022, 100000), ('450103', 2022, 100000);
INSERT INTO enrollment (household_id, person_id, programme, status, start_month, reason) VALUES
    (81, 8101, 'old_age_allowance', 'active', '2022-01-01', 'migrated'),
    (83, 8301, 'old_age_allowance', 'active', '2022-01-01', 'migrated');
SELECT count(*) AS records_assessed FROM (SELECT record_assessment(h, '2022-02-01') FROM unnest(ARRAY[81, 82, 83]) h) a;

-- What each user sees of every table: only rows under their divisions.
CREATE FUNCTION pg_temp.visible() RETURNS TABLE (tbl text, rows_seen bigint) LANGUAGE sql AS $$
    SELECT 'person', count(*) FROM civil_affairs.person WHERE id BETWEEN 8100 AND 8399
    UNION ALL SELECT 'household', count(*) FROM civil_affairs.household WHERE id BETWEEN 81 AND 83
    UNION ALL SELECT 'household_member', count(*) FROM civil_affairs.household_member WHERE household_id BETWEEN 81 AND 83
    UNION ALL SELECT 'income', count(*) FROM civil_affairs.income WHERE person_id BETWEEN 8100 AND 8399
    UNION ALL SELECT 'asset', count(*) FROM civil_affairs.asset WHERE household_id BETWEEN 81 AND 83
    UNION ALL SELECT 'expenditure', count(*) FROM civil_affairs.expenditure WHERE household_id BETWEEN 81 AND 83
    UNION ALL SELECT 'assessment', count(*) FROM civil_affairs.assessment WHERE household_id BETWEEN 81 AND 83
    UNION ALL SELECT 'enrollment', count(*) FROM civil_affairs.enrollment WHERE household_id BETWEEN 81 AND 83
    UNION ALL SELECT 'enrollment_event', count(*) FROM civil_affairs.enrollment_event ev
               JOIN civil_affairs.enrollment e ON e.id = ev.enrollment_id WHERE e.household_id BETWEEN 81 AND 83
    UNION ALL SELECT 'payment', count(*) FROM civil_affairs.payment WHERE household_id BETWEEN 81 AND 83
    UNION ALL SELECT 'reserve_fund', count(*) FROM civil_affairs.reserve_fund WHERE year = 2022
    UNION ALL SELECT 'temporary_assistance', count(*) FROM civil_affairs.temporary_assistance WHERE household_id BETWEEN 81 AND 83
    UNION ALL SELECT 'staff', count(*) FROM civil_affairs.staff WHERE user_name LIKE 'sec\_%'
    UNION ALL SELECT 'staff_relative', count(*) FROM civil_affairs.staff_relative WHERE person_id BETWEEN 8100 AND 8399
$$;
GRANT EXECUTE ON FUNCTION pg_temp.visible() TO PUBLIC;

-- The admin of the whole city runs February's payroll: no superuser needed.
SET ROLE sec_admin_city;
SELECT payroll_month, rows_written > 0 AS wrote FROM run_payroll('2022-02-01');
SELECT household_id, programme, amount FROM payment WHERE household_id BETWEEN 81 AND 83 ORDER BY household_id;
SELECT run_by FROM payroll_run ORDER BY id DESC LIMIT 1;
RESET ROLE;

-- payroll_entitlements runs as its caller: each clerk gets the entitlements
-- of their own district's households only (81, 82 in 西乡塘 450107; 83 in
-- 青秀 450103), with the amounts the city's run paid above.
SET ROLE sec_clerk_xxt;
SELECT household_id, programme, amount FROM payroll_entitlements('2022-02-01')
 WHERE household_id BETWEEN 81 AND 83 ORDER BY household_id, programme;
RESET ROLE;
SET ROLE sec_clerk_qx;
SELECT household_id, programme, amount FROM payroll_entitlements('2022-02-01')
 WHERE household_id BETWEEN 81 AND 83 ORDER BY household_id, programme;
RESET ROLE;

SET ROLE sec_clerk_xxt;
SELECT * FROM pg_temp.visible();
RESET ROLE;
SET ROLE sec_clerk_qx;
SELECT * FROM pg_temp.visible();
RESET ROLE;
SET ROLE sec_admin_city;
SELECT * FROM pg_temp.visible();
RESET ROLE;
-- A clerk without a staff row sees nothing at all.
SET ROLE sec_nobody;
SELECT tbl FROM pg_temp.visible() WHERE rows_seen > 0;
RESET ROLE;

-- Writes: a clerk changes rows of their divisions only.
SET ROLE sec_clerk_xxt;
UPDATE person SET phone = '13800000000' WHERE id IN (8101, 8301);
UPDATE household SET address = '新地址' WHERE id IN (81, 83);
UPDATE income SET amount = amount + 1 WHERE person_id IN (8101, 8301);
DELETE FROM asset WHERE household_id = 83;
DELETE FROM expenditure WHERE household_id = 83;
UPDATE household_member SET relation = 'other' WHERE household_id = 83;
-- … cannot move a household out of them, nor put one in someone else's …
UPDATE household SET residence_division = '450103001005' WHERE id = 81;
INSERT INTO household (id, residence_division) VALUES (84, '450103001006');
INSERT INTO asset (household_id, kind, value) VALUES (83, 'home', 1);
INSERT INTO expenditure (household_id, kind, month, amount) VALUES (83, 'medical', '2022-02-01', 1);
INSERT INTO income (person_id, item, month, amount) VALUES (8301, 'wage', '2022-02-01', 1);
-- … nor pull a person of another district into a household of theirs.
INSERT INTO household_member VALUES (82, 8301, 'other', '[2022-02-01,)');
-- A new person (no household yet) can be registered and joined.
INSERT INTO person (id, name, sex, birth_date) VALUES (8202, '梁小山', 'M', '1980-02-02');
INSERT INTO household_member VALUES (82, 8202, 'child', '[2022-02-01,)');
SELECT id, name FROM person WHERE id IN (8201, 8202) ORDER BY id;
-- Enrolments: a clerk submits (always pending), never approves.
INSERT INTO enrollment (household_id, programme, status, reason) VALUES (82, 'dibao', 'active', 'no');
INSERT INTO enrollment (household_id, programme, reason, submitted_by) VALUES (82, 'dibao', '申请 applied', 'someone_else');
INSERT INTO enrollment (household_id, programme, reason) VALUES (83, 'dibao', '申请 applied');
SELECT household_id, programme, status, submitted_by, decided_by FROM enrollment WHERE household_id = 82;
UPDATE enrollment SET status = 'active', reason = '批准 approved' WHERE household_id = 82;
-- No payments, payroll runs, policy or audit for a clerk.
INSERT INTO payment (run_id, month, enrollment_id, household_id, programme, persons, amount, components)
VALUES (1, '2022-02-01', 1, 81, 'dibao', 1, 1, '{}');
SELECT * FROM run_payroll('2022-03-01');
UPDATE policy_value SET amount = amount WHERE false;
SELECT count(*) FROM audit_log;
SELECT * FROM audit_verify();
RESET ROLE;
SELECT id, phone FROM person WHERE id IN (8101, 8301) ORDER BY id;
SELECT id, address FROM household WHERE id IN (81, 83) ORDER BY id;
SELECT count(*) AS qingxiu_assets FROM asset WHERE household_id = 83;
SELECT relation FROM household_member WHERE household_id = 83 ORDER BY person_id;

SET ROLE sec_clerk_qx;
INSERT INTO enrollment (household_id, programme, reason) VALUES (83, 'dibao', '申请 applied');
RESET ROLE;

-- Maker-checker: the approver who also submitted cannot decide; another approver can.
SET ROLE sec_maker_checker;
INSERT INTO enrollment (household_id, person_id, programme, reason) VALUES (82, 8201, 'disability_living_subsidy', '申请 applied');
UPDATE enrollment SET status = 'active', reason = '自批 self-approved', start_month = '2022-03-01'
 WHERE household_id = 82 AND programme = 'disability_living_subsidy';
RESET ROLE;
SET ROLE sec_approver_xxt;
UPDATE enrollment SET status = 'active', reason = '批准 approved', start_month = '2022-03-01'
 WHERE household_id IN (82, 83) AND status = 'pending';
SELECT household_id, programme, status, submitted_by, decided_by FROM enrollment WHERE household_id IN (82, 83) ORDER BY id;
-- An approver edits no registry row and decides nothing in 青秀区.
UPDATE person SET name = 'x' WHERE id = 8201;
SELECT grant_temporary_assistance(82, '2022-02-10', '450107', 1, 2, '火灾 fire') IS NOT NULL AS granted;
SELECT grant_temporary_assistance(83, '2022-02-10', '450103', 1, 2, '火灾 fire') IS NOT NULL AS granted;
RESET ROLE;
SELECT household_id, programme, status, submitted_by FROM enrollment WHERE household_id = 83 ORDER BY id;

-- Views.  v_payroll and v_statistics are scoped for everyone; a reader sees
-- only the masked columns of v_payroll.
SET ROLE sec_reader_xxt;
SELECT household_id, head_name_masked, head_idcard, head_phone_masked, programme, amount
  FROM v_payroll WHERE household_id BETWEEN 81 AND 83 ORDER BY household_id;
SELECT head_name FROM v_payroll;
SELECT head_idcard_unmasked FROM v_payroll;
SELECT head_phone FROM v_payroll;
SELECT division, households, amount FROM v_statistics
 WHERE month = '2022-02-01' AND programme = 'old_age_allowance' AND level = 3 AND all_urban_rural AND all_tiers;
SELECT count(*) FROM person;
SELECT count(*) FROM v_anomalies;
SELECT * FROM audit_head() WHERE seq < 0;
RESET ROLE;
SET ROLE sec_clerk_xxt;
SELECT household_id, head_name, head_name_masked, head_idcard_unmasked, head_phone, head_phone_masked
  FROM v_payroll WHERE household_id BETWEEN 81 AND 83 ORDER BY household_id;
SELECT division, households, amount FROM v_statistics
 WHERE month = '2022-02-01' AND programme = 'old_age_allowance' AND level = 3 AND all_urban_rural AND all_tiers;
SELECT finding, household_id, person_id FROM v_proactive_discovery WHERE household_id BETWEEN 81 AND 83 ORDER BY 1, 2, 3;
SELECT finding, household_id, person_id FROM v_anomalies WHERE household_id BETWEEN 81 AND 83 ORDER BY 1, 2, 3;
RESET ROLE;
SET ROLE sec_clerk_qx;
SELECT household_id, head_name FROM v_payroll WHERE household_id BETWEEN 81 AND 83 ORDER BY household_id;
SELECT finding, household_id, person_id FROM v_proactive_discovery WHERE household_id BETWEEN 81 AND 83 ORDER BY 1, 2, 3;
SELECT finding, household_id, person_id FROM v_anomalies WHERE household_id BETWEEN 81 AND 83 ORDER BY 1, 2, 3;
RESET ROLE;
SET ROLE sec_admin_city;
SELECT household_id, head_name FROM v_payroll WHERE household_id BETWEEN 81 AND 83 AND month = '2022-02-01' ORDER BY household_id;
SELECT division, households, amount FROM v_statistics
 WHERE month = '2022-02-01' AND programme = 'old_age_allowance' AND level = 3 AND all_urban_rural AND all_tiers
   AND division IN ('450103', '450107') ORDER BY division;
RESET ROLE;

-- Masking functions.
SELECT name_mask('黄秀英'), name_mask('欧阳娜娜'), name_mask('韦'), name_mask(' 陆青 '),
       phone_mask('13807711234'), phone_mask('+86 138-0771-1234'), phone_mask('0771-5551234'), phone_mask('12');

-- Staff scopes: users see their own; an admin assigns only within their own.
SET ROLE sec_clerk_xxt;
SELECT user_name, division FROM staff;
INSERT INTO staff VALUES ('sec_clerk_xxt', '4501');
RESET ROLE;
SET ROLE sec_admin_city;
INSERT INTO staff VALUES ('sec_clerk_qx', '450107');
INSERT INTO staff VALUES ('sec_clerk_qx', '4502');
DELETE FROM staff WHERE user_name = 'sec_clerk_qx' AND division = '450107';
RESET ROLE;

-- staff_sees, the test every policy applies (in C, src/pg/staff_scope.c):
-- a NULL scope sees everything, a NULL division or an empty scope nothing,
-- NULL codes in a scope contain nothing.
SELECT staff_sees('450107001001', '{450107}') AS inside, staff_sees('450103001001', '{450107}') AS outside,
       staff_sees('450103001001', NULL) AS null_scope, staff_sees(NULL, '{450107}') AS null_division,
       staff_sees('450107001001', '{}') AS empty_scope, staff_sees('450107001001', '{NULL,4501}') AS null_code,
       staff_sees('450107001001', '{NULL}') AS only_null, staff_sees('4501', '{450107}') AS parent_of_scope;
-- It gives what "scope IS NULL OR coalesce(division <@ ANY (scope), false)" gives, for every division and several scopes.
SELECT count(*) AS checked,
       count(*) FILTER (WHERE staff_sees(d.code, s.scope) = (s.scope IS NULL OR coalesce(d.code <@ ANY (s.scope), false))) AS same
  FROM division d, (VALUES (NULL::adcode[]), ('{}'), ('{450107}'), ('{4501,450103}'), ('{45}'), ('{450107001001,NULL}')) s (scope);
