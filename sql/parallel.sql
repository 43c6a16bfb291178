-- The bulk functions read their tables with parallel workers when the tables
-- are large (docs/operations.md, "Parallel reading"); here every table counts
-- as large.  Whatever the workers, the results are the leader's alone: the
-- same rows in the same order, row-level security applied as to the caller,
-- the caller's uncommitted changes seen.
SET search_path = civil_affairs, public;
SET datestyle = ISO, YMD;
SET client_min_messages = warning;

CREATE TEMP TABLE paid_months AS SELECT DISTINCT month FROM payment;
CREATE FUNCTION pg_temp.entitlements() RETURNS TABLE (month date, ordinality bigint, row_text text)
    LANGUAGE sql AS $$
    SELECT m.month, e.ordinality, (e.enrollment_id, e.household_id, e.person_id, e.programme, e.tier,
                                   e.persons, e.amount, e.components)::text
      FROM pg_temp.paid_months m, civil_affairs.payroll_entitlements(m.month) WITH ORDINALITY e
$$;
CREATE FUNCTION pg_temp.assessments(as_of date, explain boolean) RETURNS TABLE (ordinality bigint, row_text text)
    LANGUAGE sql AS $$
    SELECT a.ordinality, a::text FROM civil_affairs.assess_households(as_of, false, explain) WITH ORDINALITY a
$$;

-- The leader alone.
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial_entitlements AS SELECT * FROM pg_temp.entitlements();
CREATE TEMP TABLE serial_assessments AS SELECT * FROM pg_temp.assessments('2021-06-01', true);
CREATE TEMP TABLE serial_screening AS SELECT * FROM pg_temp.assessments('2021-06-01', false);
SELECT (SELECT count(*) FROM paid_months) AS months, (SELECT count(*) FROM serial_entitlements) AS entitlements,
       (SELECT count(*) FROM serial_assessments) AS assessments;
-- The month with the most enrolments, for the checks below.
SELECT month AS busiest FROM serial_entitlements GROUP BY month ORDER BY count(*) DESC, month LIMIT 1 \gset
SELECT :'busiest' AS busiest, count(*) FROM serial_entitlements WHERE month = :'busiest';

-- Two workers: the DEBUG1 line says they started.
SET max_parallel_workers_per_gather = 2;
SET min_parallel_table_scan_size = 0;
SET client_min_messages = debug1;
SELECT count(*) FROM payroll_entitlements(:'busiest');
SELECT count(*) FROM assess_households('2021-06-01', false, false);
-- Only every household is read in parallel; the stale ones are few.
SELECT count(*) FROM assess_households('2021-06-01', true, false);
SET client_min_messages = warning;

CREATE TEMP TABLE parallel_entitlements AS SELECT * FROM pg_temp.entitlements();
CREATE TEMP TABLE parallel_assessments AS SELECT * FROM pg_temp.assessments('2021-06-01', true);
CREATE TEMP TABLE parallel_screening AS SELECT * FROM pg_temp.assessments('2021-06-01', false);
-- Same rows, same order: no row differs, none is missing on either side.
SELECT count(*) AS rows, count(*) FILTER (WHERE s.row_text IS DISTINCT FROM p.row_text) AS differing
  FROM serial_entitlements s FULL JOIN parallel_entitlements p USING (month, ordinality);
SELECT count(*) AS rows, count(*) FILTER (WHERE s.row_text IS DISTINCT FROM p.row_text) AS differing
  FROM serial_assessments s FULL JOIN parallel_assessments p USING (ordinality);
SELECT count(*) AS rows, count(*) FILTER (WHERE s.row_text IS DISTINCT FROM p.row_text) AS differing
  FROM serial_screening s FULL JOIN parallel_screening p USING (ordinality);

-- One worker, as many as the machine gives: the same.
SET max_parallel_workers_per_gather = 1;
SELECT count(*) AS rows, count(*) FILTER (WHERE s.row_text IS DISTINCT FROM p.row_text) AS differing
  FROM serial_entitlements s FULL JOIN pg_temp.entitlements() p USING (month, ordinality);
SET max_parallel_workers_per_gather = 2;

-- Fewer workers than asked for (max_parallel_workers is the server's limit):
-- one reads everything; with none, the leader reads alone.
SET client_min_messages = debug1;
SET max_parallel_workers = 1;
SELECT count(*) AS rows, count(*) FILTER (WHERE s.row_text IS DISTINCT FROM p.row_text) AS differing
  FROM serial_screening s FULL JOIN pg_temp.assessments('2021-06-01', false) p USING (ordinality);
SET max_parallel_workers = 0;
SELECT count(*) AS rows, count(*) FILTER (WHERE s.row_text IS DISTINCT FROM p.row_text) AS differing
  FROM serial_screening s FULL JOIN pg_temp.assessments('2021-06-01', false) p USING (ordinality);
RESET max_parallel_workers;
SET client_min_messages = warning;

-- A clerk of 西乡塘区 (450107): the workers apply the clerk's row-level
-- security, so the parallel results are the clerk's serial ones, and fewer.
CREATE ROLE par_clerk_xxt LOGIN IN ROLE civil_affairs_clerk;
INSERT INTO staff VALUES ('par_clerk_xxt', '450107');
SET ROLE par_clerk_xxt;
SET max_parallel_workers_per_gather = 0;
SELECT 'entitlements' AS what, count(*) AS rows, sum(amount) AS total FROM payroll_entitlements(:'busiest')
UNION ALL SELECT 'assessments', count(*), sum(net_income) FROM assess_households('2021-06-01', false, false);
SET max_parallel_workers_per_gather = 2;
SET client_min_messages = debug1;
SELECT 'entitlements' AS what, count(*) AS rows, sum(amount) AS total FROM payroll_entitlements(:'busiest')
UNION ALL SELECT 'assessments', count(*), sum(net_income) FROM assess_households('2021-06-01', false, false);
SET client_min_messages = warning;
RESET ROLE;
-- The city sees more.
SELECT 'entitlements' AS what, count(*) AS rows, sum(amount) AS total FROM payroll_entitlements(:'busiest')
UNION ALL SELECT 'assessments', count(*), sum(net_income) FROM assess_households('2021-06-01', false, false);

-- The caller's uncommitted income reaches the workers: they share its transaction.
BEGIN;
SET LOCAL max_parallel_workers_per_gather = 0;
SELECT count(*) FROM serial_screening;
-- 1,000 yuan more in the window of one member of an assessed household.
UPDATE income SET amount = amount + 1000
 WHERE id = (SELECT min(i.id) FROM income i JOIN household_member m ON m.person_id = i.person_id
              WHERE m.during @> '2021-06-01'::date AND i.month >= '2020-06-01' AND i.month < '2021-06-01');
CREATE TEMP TABLE uncommitted_serial AS SELECT * FROM pg_temp.assessments('2021-06-01', true);
SET LOCAL max_parallel_workers_per_gather = 2;
SELECT count(*) AS rows, count(*) FILTER (WHERE s.row_text IS DISTINCT FROM p.row_text) AS differing,
       count(*) FILTER (WHERE p.row_text IS DISTINCT FROM c.row_text) AS changed_by_the_income
  FROM uncommitted_serial s FULL JOIN pg_temp.assessments('2021-06-01', true) p USING (ordinality)
  LEFT JOIN serial_assessments c USING (ordinality);
ROLLBACK;

-- An error in a worker is the caller's: here an asset kind the kernel does
-- not know (its CHECK constraint dropped for the test), read by a worker.
BEGIN;
ALTER TABLE asset DROP CONSTRAINT asset_kind_check;
UPDATE asset SET kind = 'boat' WHERE id = (SELECT min(id) FROM asset);
SET LOCAL max_parallel_workers_per_gather = 0;
SAVEPOINT alone;
SELECT count(*) FROM assess_households('2021-06-01', false, false);
ROLLBACK TO alone;
SET LOCAL max_parallel_workers_per_gather = 2;
SELECT count(*) FROM assess_households('2021-06-01', false, false);
ROLLBACK;
-- Nothing is left behind: the next call starts its workers again.
SELECT count(*) AS rows, count(*) FILTER (WHERE s.row_text IS DISTINCT FROM p.row_text) AS differing
  FROM serial_screening s FULL JOIN pg_temp.assessments('2021-06-01', false) p USING (ordinality);

DELETE FROM staff WHERE user_name = 'par_clerk_xxt';
DROP OWNED BY par_clerk_xxt;
DROP ROLE par_clerk_xxt;
