-- parallel.sql: the bulk functions with 2 parallel workers against the same
-- call by the leader alone, on the caseload already loaded (payroll.sql runs
-- it at the end of each size; it needs the payroll month 2021-06 and
-- registry rows around 2021-06-01).
--
--   (p1) payroll_entitlements('2021-06-01')
--   (p2) assess_households('2021-06-01', explain => false): bulk screening
--   (p3) assess_households('2021-06-01'): with the explanation of every household
--
-- Each is timed best of :payroll_runs with max_parallel_workers_per_gather 0
-- (the leader alone) and 2 (two workers read the tables: docs/operations.md,
-- "Parallel reading"), alternating; the other settings are the server's, so whether the
-- tables count as large is min_parallel_table_scan_size's call, as for a
-- query.  The speedup is serial / parallel.  Both forms must return the same
-- rows: any difference stops the script.
--
-- The workers are new processes: each maps the shared buffers it reads for
-- the first time, which costs much more with 4 kB pages than with huge pages
-- (huge_pages = on and vm.nr_hugepages on Linux): the setting is printed
-- with the figures.
\set ON_ERROR_STOP 1
\if :{?payroll_runs} \else \set payroll_runs 3 \endif
SET client_min_messages = warning;

DO $$
DECLARE
    n bigint;
BEGIN
    SET LOCAL max_parallel_workers_per_gather = 0;
    CREATE TEMP TABLE parallel_check_serial AS
        SELECT e.ordinality, e::text AS row_text
          FROM civil_affairs.payroll_entitlements('2021-06-01') WITH ORDINALITY e;
    SET LOCAL max_parallel_workers_per_gather = 2;
    SELECT count(*) INTO n
      FROM parallel_check_serial s
      FULL JOIN (SELECT e.ordinality, e::text AS row_text
                   FROM civil_affairs.payroll_entitlements('2021-06-01') WITH ORDINALITY e) p USING (ordinality)
     WHERE s.row_text IS DISTINCT FROM p.row_text;
    IF n > 0 THEN
        RAISE EXCEPTION 'payroll_entitlements with parallel workers differs on % rows', n;
    END IF;
    DROP TABLE parallel_check_serial;
    SET LOCAL max_parallel_workers_per_gather = 0;
    CREATE TEMP TABLE parallel_check_serial AS
        SELECT a.ordinality, a::text AS row_text
          FROM civil_affairs.assess_households('2021-06-01', false, false) WITH ORDINALITY a;
    SET LOCAL max_parallel_workers_per_gather = 2;
    SELECT count(*) INTO n
      FROM parallel_check_serial s
      FULL JOIN (SELECT a.ordinality, a::text AS row_text
                   FROM civil_affairs.assess_households('2021-06-01', false, false) WITH ORDINALITY a) p
           USING (ordinality)
     WHERE s.row_text IS DISTINCT FROM p.row_text;
    IF n > 0 THEN
        RAISE EXCEPTION 'assess_households with parallel workers differs on % rows', n;
    END IF;
    DROP TABLE parallel_check_serial;
END $$;
\echo 'with and without parallel workers: the same rows, in the same order'

-- Alone and with workers alternate, run after run, so that neither gets the
-- warmer cache or the quieter machine.
CREATE TEMP TABLE parallel_runs (call text, workers integer, ms numeric);
CREATE FUNCTION pg_temp.parallel_run(call text, statement text, workers integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    started timestamptz;
BEGIN
    PERFORM set_config('max_parallel_workers_per_gather', workers::text, true);
    started := clock_timestamp();
    EXECUTE statement;
    INSERT INTO parallel_runs VALUES (call, workers, round(extract(epoch FROM clock_timestamp() - started) * 1000, 1));
END $$;
SELECT pg_temp.parallel_run(c.call, c.statement, w.workers)
  FROM (VALUES (1, 'p1', $q$SELECT count(*), sum(amount) FROM civil_affairs.payroll_entitlements('2021-06-01')$q$),
               (2, 'p2', $q$SELECT count(*), sum(net_income) FROM civil_affairs.assess_households('2021-06-01', false, false)$q$),
               (3, 'p3', $q$SELECT count(*), sum(net_income) FROM civil_affairs.assess_households('2021-06-01')$q$))
       AS c (n, call, statement),
       generate_series(1, :payroll_runs) AS r (n),
       (VALUES (1, 0), (2, 2)) AS w (n, workers)
 ORDER BY c.n, r.n, w.n;
SELECT min(ms) FILTER (WHERE call = 'p1' AND workers = 0) AS p1_serial_ms,
       min(ms) FILTER (WHERE call = 'p1' AND workers = 2) AS p1_parallel_ms,
       min(ms) FILTER (WHERE call = 'p2' AND workers = 0) AS p2_serial_ms,
       min(ms) FILTER (WHERE call = 'p2' AND workers = 2) AS p2_parallel_ms,
       min(ms) FILTER (WHERE call = 'p3' AND workers = 0) AS p3_serial_ms,
       min(ms) FILTER (WHERE call = 'p3' AND workers = 2) AS p3_parallel_ms
  FROM parallel_runs \gset
SET max_parallel_workers_per_gather = 0;

SELECT current_setting('huge_pages') AS huge_pages, current_setting('shared_buffers') AS shared_buffers,
       current_setting('min_parallel_table_scan_size') AS min_parallel_table_scan_size;
SELECT what, serial_ms, parallel_ms, round(serial_ms / parallel_ms, 2) AS speedup
  FROM (VALUES ('(p1) payroll_entitlements', :p1_serial_ms, :p1_parallel_ms),
               ('(p2) assess_households, explain => false', :p2_serial_ms, :p2_parallel_ms),
               ('(p3) assess_households, with explanations', :p3_serial_ms, :p3_parallel_ms))
       AS t (what, serial_ms, parallel_ms);
\echo parallel-result,:p1_serial_ms,:p1_parallel_ms,:p2_serial_ms,:p2_parallel_ms,:p3_serial_ms,:p3_parallel_ms
