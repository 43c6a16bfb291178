-- sample_data.sql: a small registry with assessments, enrolments and one
-- month of payroll, for the suites that compare two databases (test/upgrade,
-- test/dump).  Deterministic: the same statements give the same rows in any
-- database with the extension and an empty registry.
--
--     psql -v households=300 -f test/lib/sample_data.sql
--
-- Uses only what 0.1.0 already had, so test/upgrade can run it on a 0.1.0
-- install.  Variables: households (default 300), month (default 2021-06-01),
-- shard_from and shard_to (optional, adcodes): keep only the households whose
-- residence is in [shard_from, shard_to), with their people and rows, before
-- anything is assessed: a shard's part of the same caseload (test/shards).
\set ON_ERROR_STOP 1
\if :{?households} \else \set households 300 \endif
\if :{?month} \else \set month 2021-06-01 \endif
SET client_min_messages = warning;
\set as_of :month
\set months 12
\o /dev/null
\ir ../../bench/caseload.sql
\if :{?shard_from}
-- Rows that are history being moved, not new entries: no triggers (superuser).
SET session_replication_role = replica;
CREATE TEMP TABLE gone AS
SELECT id FROM civil_affairs.household
 WHERE NOT (residence_division OPERATOR(civil_affairs.>=) (:'shard_from')::civil_affairs.adcode
            AND residence_division OPERATOR(civil_affairs.<) (:'shard_to')::civil_affairs.adcode);
CREATE TEMP TABLE gone_person AS
SELECT DISTINCT m.person_id AS id FROM civil_affairs.household_member m
 WHERE m.household_id IN (SELECT id FROM gone)
   AND NOT EXISTS (SELECT FROM civil_affairs.household_member k
                    WHERE k.person_id = m.person_id AND k.household_id NOT IN (SELECT id FROM gone));
DELETE FROM civil_affairs.income WHERE person_id IN (SELECT id FROM gone_person);
DELETE FROM civil_affairs.asset WHERE household_id IN (SELECT id FROM gone);
DELETE FROM civil_affairs.expenditure WHERE household_id IN (SELECT id FROM gone);
DELETE FROM civil_affairs.household_member WHERE household_id IN (SELECT id FROM gone);
DELETE FROM civil_affairs.person WHERE id IN (SELECT id FROM gone_person);
DELETE FROM civil_affairs.household WHERE id IN (SELECT id FROM gone);
RESET session_replication_role;
\endif
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
