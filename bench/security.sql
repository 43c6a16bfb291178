-- security.sql: what the audit chain and row-level security cost.
--
--     psql -v households=100000 -f bench/security.sql   (a fresh database
--     with the extension; bench/security.sh makes one)
--
-- Builds the caseload (caseload.sql, fast load), records assessments as of
-- 2021-01-01, enrols every assessed-eligible household in dibao and everyone
-- born on or before 1942-01-01 in the old-age allowance, and runs June 2021's
-- payroll.  Then:
--   audit:  best of 5, UPDATE of every household (100,000 rows at the
--           default size, one statement) with the audit trigger, against
--           the same UPDATE without it (dropped and made again),
--           alternating, each after a VACUUM.  Aim ≤ 1.5×.  Then the
--           same rows with one UPDATE statement each, in a PL/pgSQL
--           loop, audited against not.
--   RLS:    v_payroll for June as a clerk of 西乡塘区 (450107; scope applied
--           by the view), against a superuser's same query restricted to
--           county_code = '450107' (same rows); and the payment table as
--           that clerk (row-level security) against the superuser's
--           equivalent join; best of 5, the four queries in turn.  Aim
--           ≤ 1.2× for the view.
\set ON_ERROR_STOP 1
\if :{?households} \else \set households 100000 \endif
\set as_of 2022-01-01
\set months 24
\set caseload_fast_load on
\echo '== security: ' :households ' households'
\o /dev/null
\ir caseload.sql
\o
SET client_min_messages = warning;
SELECT civil_affairs.record_assessments('2021-01-01', false) AS assessed \gset
INSERT INTO civil_affairs.enrollment (household_id, programme, status, start_month, reason)
SELECT household_id, 'dibao', 'active', '2021-01-01', '审批通过 approved' FROM civil_affairs.assessment WHERE dibao;
INSERT INTO civil_affairs.enrollment (household_id, person_id, programme, status, start_month, reason)
SELECT m.household_id, p.id, 'old_age_allowance', 'active', '2021-01-01', '申请 applied'
  FROM civil_affairs.person p
  JOIN civil_affairs.household_member m ON m.person_id = p.id AND m.during @> DATE '2021-01-01'
 WHERE p.birth_date <= '1942-01-01' AND (p.death_date IS NULL OR p.death_date >= '2021-01-01');
SELECT rows_written AS payments FROM civil_affairs.run_payroll('2021-06-01') \gset
VACUUM ANALYZE;
\echo 'assessed' :assessed 'households; June 2021 payroll wrote' :payments 'payments'
\ir lib.sql

-- ---------------------------------------------------------------- audit trigger
SELECT count(*) AS updated_rows FROM civil_affairs.household \gset
SELECT count(*) AS entries_before FROM civil_affairs.audit_log \gset
-- Audited and plain runs alternate, each after a VACUUM, so that neither
-- side gets the fresher table.  The plain run drops the audit trigger and
-- creates it again in the same transaction: a disabled trigger that declares
-- transition tables still makes the server copy every old and new row into
-- them, which is part of the trigger's cost.
SELECT count(set_config('bench.audit_trigger_def', pg_get_triggerdef(oid), false)) = 1 AS audit_trigger_found
  FROM pg_trigger WHERE tgrelid = 'civil_affairs.household'::regclass AND tgname = 'household_audit_update' \gset
\if :audit_trigger_found \else \echo 'household has no audit trigger named household_audit_update' \quit \endif
CREATE FUNCTION pg_temp.update_households(audited boolean) RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE
    started timestamptz;
    took numeric;
    h bigint;
BEGIN
    IF NOT audited THEN
        DROP TRIGGER household_audit_update ON civil_affairs.household;
    END IF;
    started := clock_timestamp();
    IF current_setting('bench.one_row_statements') = 'on' THEN
        -- A clerk's edits, or a caller looping over rows: one statement a row.
        FOR h IN SELECT id FROM civil_affairs.household ORDER BY id LOOP
            UPDATE civil_affairs.household SET address = coalesce(address, '') || 'u' WHERE id = h;
        END LOOP;
    ELSE
        UPDATE civil_affairs.household SET address = coalesce(address, '') || 'u';
    END IF;
    took := extract(epoch FROM clock_timestamp() - started) * 1000;
    IF NOT audited THEN
        EXECUTE current_setting('bench.audit_trigger_def');
    END IF;
    RETURN round(took, 1);
END $$;
CREATE TEMP TABLE update_runs (phase text, audited boolean, ms numeric);
-- First on the server as it is, then after every shared buffer has been
-- touched once: a server that has run for a while has, and until then the
-- kernel's first touch of each page of shared memory (zeroing it) falls on
-- whichever side takes new buffers, which is the audit log.
SET bench.one_row_statements = off;
\set phase fresh
\ir security_audit_rounds.sql
SELECT current_setting('shared_buffers') AS shared_buffers,
       pg_size_bytes(current_setting('shared_buffers')) / 8192 AS buffers \gset
CREATE EXTENSION IF NOT EXISTS pg_prewarm;
-- Unlogged, not temporary: temporary tables live in local buffers.
CREATE UNLOGGED TABLE bench_buffer_warmer AS
    SELECT g, repeat('x', 400) AS pad FROM generate_series(1, :buffers * 18) g;
SELECT pg_prewarm('bench_buffer_warmer', 'buffer') AS warmed_blocks \gset
DROP TABLE bench_buffer_warmer;
\echo 'touched every shared buffer (' :shared_buffers ', ' :warmed_blocks ' blocks read)'
\set phase warmed
\ir security_audit_rounds.sql
-- The same rows, one UPDATE statement each (inside one loop, so the plain
-- side pays no more per statement than the loop and the UPDATE).
SET bench.one_row_statements = on;
\set phase one_row
\ir security_audit_rounds.sql
SET bench.one_row_statements = off;
SELECT min(ms) FILTER (WHERE audited AND phase = 'fresh') AS fresh_audited_ms,
       min(ms) FILTER (WHERE NOT audited AND phase = 'fresh') AS fresh_plain_ms,
       min(ms) FILTER (WHERE audited AND phase = 'warmed') AS audited_ms,
       min(ms) FILTER (WHERE NOT audited AND phase = 'warmed') AS plain_ms,
       min(ms) FILTER (WHERE audited AND phase = 'one_row') AS one_row_audited_ms,
       min(ms) FILTER (WHERE NOT audited AND phase = 'one_row') AS one_row_plain_ms FROM update_runs \gset
SELECT count(*) - :entries_before AS entries FROM civil_affairs.audit_log \gset
\echo 'household updates with the audit trigger wrote' :entries 'entries for' :updated_rows 'rows × 15 audited runs'
INSERT INTO bench_result (benchmark, measured_ms, reference, reference_ms, aim) VALUES
    (format('UPDATE of %s households, audited, fresh server', :updated_rows), :fresh_audited_ms,
     'same UPDATE, without the audit trigger', :fresh_plain_ms, ''),
    (format('UPDATE of %s households, audited, buffers touched', :updated_rows), :audited_ms,
     'same UPDATE, without the audit trigger', :plain_ms, '≤ 1.5'),
    (format('%s one-row UPDATEs of households in a PL/pgSQL loop, audited', :updated_rows), :one_row_audited_ms,
     'same loop, without the audit trigger', :one_row_plain_ms, '');
SELECT count(*) AS broken FROM civil_affairs.audit_verify() \gset
\echo 'audit_verify after the updates: ' :broken ' broken links'
SELECT pg_temp.best_ms('SELECT count(*) FROM civil_affairs.audit_verify()', 1) AS verify_ms \gset
SELECT count(*) AS chain FROM civil_affairs.audit_log \gset
\echo 'audit_verify over' :chain 'entries:' :verify_ms 'ms'

-- ---------------------------------------------------------------- row-level security
DROP ROLE IF EXISTS bench_clerk_450107;
CREATE ROLE bench_clerk_450107 IN ROLE civil_affairs_clerk;
INSERT INTO civil_affairs.staff VALUES ('bench_clerk_450107', '450107');
-- The superuser's and the clerk's queries in turn, round by round, so that
-- a slow spell of the machine falls on both sides (each was the best of 3
-- in a row, and one run's clerk side alone met such a spell).
SELECT t[1] AS super_view_ms, t[2] AS clerk_view_ms, t[3] AS super_table_ms, t[4] AS clerk_table_ms
  FROM pg_temp.alternating_best_ms(ARRAY[
    $$SELECT count(*), sum(amount) FROM civil_affairs.v_payroll WHERE month = '2021-06-01' AND county_code OPERATOR(civil_affairs.=) '450107'$$,
    $$SET ROLE bench_clerk_450107; SELECT count(*), sum(amount) FROM civil_affairs.v_payroll WHERE month = '2021-06-01'; RESET ROLE$$,
    $$SELECT count(*), sum(p.amount) FROM civil_affairs.payment p JOIN civil_affairs.household h ON h.id = p.household_id
       WHERE p.month = '2021-06-01' AND h.residence_division OPERATOR(civil_affairs.<@) '450107'$$,
    $$SET ROLE bench_clerk_450107; SELECT count(*), sum(amount) FROM civil_affairs.payment WHERE month = '2021-06-01'; RESET ROLE$$],
    5) AS t \gset
SELECT count(*) AS super_rows, sum(amount) AS super_total FROM civil_affairs.v_payroll WHERE month = '2021-06-01' AND county_code OPERATOR(civil_affairs.=) '450107' \gset
SET ROLE bench_clerk_450107;
SELECT count(*) AS clerk_rows, sum(amount) AS clerk_total FROM civil_affairs.v_payroll WHERE month = '2021-06-01' \gset
RESET ROLE;
\echo 'v_payroll June 2021, 西乡塘区: superuser' :super_rows 'rows' :super_total 'yuan; clerk' :clerk_rows 'rows' :clerk_total 'yuan'
SELECT :'super_rows' = :'clerk_rows' AND :'super_total' = :'clerk_total' AS same \gset
\if :same \else \echo 'the clerk and the superuser do not see the same payroll' \quit \endif
INSERT INTO bench_result (benchmark, measured_ms, reference, reference_ms, aim) VALUES
    ('v_payroll for June, clerk of 450107', :clerk_view_ms, 'superuser, county_code = 450107', :super_view_ms, '≤ 1.2'),
    ('payment for June, clerk of 450107 (RLS)', :clerk_table_ms, 'superuser, join on household <@ 450107', :super_table_ms, '');
DELETE FROM civil_affairs.staff WHERE user_name = 'bench_clerk_450107';
DROP OWNED BY bench_clerk_450107;
DROP ROLE bench_clerk_450107;
SELECT benchmark, measured_ms, reference, reference_ms, ratio, aim FROM bench_result;
