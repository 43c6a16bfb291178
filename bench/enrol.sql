-- enrol.sql: enrols an assessed caseload (bench/caseload.sql, then
-- record_assessments('2021-01-01', false)) from 2021-01-01 as demo/demo.sql
-- does: dibao for households assessed eligible, tekun for their tekun
-- persons, the old-age allowance for members born on or before 1942-01-01,
-- the care subsidy by disability grade; all active, by whoever runs it (an
-- admin or a superuser).  \ir'd by payroll.sql, run by
-- test/payroll_concurrency_test.sh.
INSERT INTO civil_affairs.enrollment (household_id, programme, status, start_month, reason)
SELECT household_id, 'dibao', 'active', '2021-01-01', '审批通过 approved' FROM civil_affairs.assessment WHERE dibao;
INSERT INTO civil_affairs.enrollment (household_id, person_id, programme, status, start_month, reason)
SELECT a.household_id, p, 'tekun', 'active', '2021-01-01', '审批通过 approved'
  FROM civil_affairs.assessment a, unnest(a.tekun_persons) AS p;
INSERT INTO civil_affairs.enrollment (household_id, person_id, programme, status, start_month, reason)
SELECT m.household_id, p.id, 'old_age_allowance', 'active', '2021-01-01', '申请 applied'
  FROM civil_affairs.person p
  JOIN civil_affairs.household_member m ON m.person_id = p.id AND m.during @> DATE '2021-01-01'
 WHERE p.birth_date <= '1942-01-01' AND (p.death_date IS NULL OR p.death_date >= '2021-01-01');
INSERT INTO civil_affairs.enrollment (household_id, person_id, programme, status, start_month, reason)
SELECT m.household_id, p.id, 'disability_care_subsidy', 'active', '2021-01-01', '申请 applied'
  FROM civil_affairs.person p
  JOIN civil_affairs.household_member m ON m.person_id = p.id AND m.during @> DATE '2021-01-01'
 WHERE (p.disability_grade IN (1, 2) OR (p.disability_grade IN (3, 4) AND p.disability_kind IN ('mental', 'intellectual')))
   AND (p.death_date IS NULL OR p.death_date >= '2021-01-01');
