-- sample_data.sql: a small registry with assessments, enrolments and one
-- month of payroll, for the suites that compare two databases (test/upgrade,
-- test/dump).  Deterministic: the same statements give the same rows in any
-- database with the extension and an empty registry.
--
--     psql -v households=300 -f test/lib/sample_data.sql
--
-- Uses only what 0.1.0 already had, so test/upgrade can run it on a 0.1.0
-- install.  Variables: households (default 300), month (default 2021-06-01).
\set ON_ERROR_STOP 1
\if :{?households} \else \set households 300 \endif
\if :{?month} \else \set month 2021-06-01 \endif
SET client_min_messages = warning;
\set as_of :month
\set months 12
\o /dev/null
\ir ../../bench/caseload.sql
SELECT civil_affairs.record_assessments(:'month', false);
INSERT INTO civil_affairs.enrollment (household_id, programme, status, start_month, reason)
SELECT household_id, 'dibao', 'active', :'month', '审批通过 approved'
  FROM civil_affairs.assessment WHERE dibao ORDER BY household_id;
INSERT INTO civil_affairs.enrollment (household_id, person_id, programme, status, start_month, reason)
SELECT a.household_id, p, 'tekun', 'active', :'month', '审批通过 approved'
  FROM civil_affairs.assessment a, unnest(a.tekun_persons) AS p ORDER BY 1, 2;
INSERT INTO civil_affairs.enrollment (household_id, person_id, programme, status, start_month, reason)
SELECT m.household_id, p.id, 'old_age_allowance', 'active', :'month', '申请 applied'
  FROM civil_affairs.person p
  JOIN civil_affairs.household_member m ON m.person_id = p.id AND m.during @> (:'month')::date
 WHERE p.birth_date <= (:'month')::date - interval '79 years'
   AND (p.death_date IS NULL OR p.death_date >= (:'month')::date)
 ORDER BY 1, 2;
INSERT INTO civil_affairs.reserve_fund VALUES ('450107', 2021, 50000);
SELECT civil_affairs.grant_temporary_assistance(h.id, (:'month')::date + 9, '450107', 2, 3, '火灾 fire')
  FROM civil_affairs.household h
 WHERE h.residence_division OPERATOR(civil_affairs.<@) '450107'::civil_affairs.adcode
 ORDER BY h.id LIMIT 2;
SELECT * FROM civil_affairs.run_payroll(:'month');
\o
RESET client_min_messages;
