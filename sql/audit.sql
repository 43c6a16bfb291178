-- The audit chain, over what sql/security.sql did as the extension's roles.
-- Reading and verifying is the admin's (sec_admin_city); tampering is a
-- superuser's, with the append-only triggers disabled, each case inside a
-- transaction that is rolled back.
SET search_path = civil_affairs, public;
SET datestyle = ISO, YMD;
SET client_min_messages = warning;

SET ROLE sec_admin_city;
SELECT count(*) > 0 AS has_entries, min(seq) AS first, max(seq) = (SELECT seq FROM audit_head()) AS head_is_last
  FROM audit_log;
SELECT * FROM audit_verify();
-- Entries name who did what: the clerk's phone edit (old and new row).
SELECT session_user_name, acting_user, table_name, operation, old_row ->> 'phone' AS old_phone, new_row ->> 'phone' AS new_phone
  FROM audit_log WHERE table_name = 'person' AND operation = 'UPDATE' AND (new_row ->> 'id')::int = 8101;
-- The payroll run as the admin, and the approver's decision.
SELECT acting_user, table_name, operation, count(*) FROM audit_log
 WHERE acting_user IN ('sec_admin_city', 'sec_approver_xxt') AND table_name IN ('payment', 'payroll_run', 'enrollment')
 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;
-- Nothing is logged for a statement that changed no row.
SELECT count(*) AS before FROM audit_log \gset
UPDATE staff SET division = division WHERE false;
SELECT count(*) - :before AS added FROM audit_log;
-- An outside auditor's recomputation, in plain SQL with the built-in sha256()
-- and the canonical form of docs/security.md: every link holds.
WITH c AS (
    SELECT seq, prev_hash, hash, lag(hash) OVER (ORDER BY seq) AS before,
           convert_to(concat_ws('',
               '10:ca-audit-1,',
               length(seq::text) || ':' || seq || ',',
               length((extract(epoch FROM at) * 1000000)::bigint::text) || ':' || (extract(epoch FROM at) * 1000000)::bigint || ',',
               length(xact::text) || ':' || xact || ',',
               octet_length(session_user_name::text) || ':' || session_user_name || ',',
               octet_length(acting_user::text) || ':' || acting_user || ',',
               octet_length(table_name) || ':' || table_name || ',',
               octet_length(operation) || ':' || operation || ',',
               coalesce(octet_length(old_row::text), 0) || ':' || coalesce(old_row::text, '') || ',',
               coalesce(octet_length(new_row::text), 0) || ':' || coalesce(new_row::text, '') || ','), 'UTF8') AS canonical
      FROM audit_log)
SELECT count(*) AS entries,
       count(*) FILTER (WHERE sha256(prev_hash || canonical) = hash) AS hashes_match,
       count(*) FILTER (WHERE prev_hash = coalesce(before, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea)) AS links_match
  FROM c;
-- Nobody edits the log, not even its admin.
UPDATE audit_log SET operation = 'x' WHERE seq = 1;
DELETE FROM audit_log WHERE seq = 1;
RESET ROLE;
SET ROLE sec_clerk_xxt;
SELECT * FROM audit_head() WHERE seq = 0;
INSERT INTO audit_log SELECT * FROM audit_log;
UPDATE audit_chain_head SET seq = 0;
RESET ROLE;

-- A superuser edits an entry with the triggers disabled.
SELECT seq AS head FROM audit_head() \gset
BEGIN;
ALTER TABLE audit_log DISABLE TRIGGER USER;
UPDATE audit_log SET new_row = '{"id":8101,"phone":"13999999999"}' WHERE seq = 5;
SET LOCAL ROLE sec_admin_city;
SELECT * FROM audit_verify();
SELECT * FROM audit_verify(6);
ROLLBACK;
-- … recomputes that entry's hash too: the next entry's link breaks.
BEGIN;
ALTER TABLE audit_log DISABLE TRIGGER USER;
UPDATE audit_log SET operation = 'DELETE', hash = sha256(hash) WHERE seq = 5;
SET LOCAL ROLE sec_admin_city;
SELECT * FROM audit_verify();
ROLLBACK;
-- … deletes an entry in the middle.
BEGIN;
ALTER TABLE audit_log DISABLE TRIGGER USER;
DELETE FROM audit_log WHERE seq = 7;
SET LOCAL ROLE sec_admin_city;
SELECT * FROM audit_verify();
ROLLBACK;
-- … deletes the last entry.
BEGIN;
ALTER TABLE audit_log DISABLE TRIGGER USER;
DELETE FROM audit_log WHERE seq = :head;
SET LOCAL ROLE sec_admin_city;
SELECT seq = :head AS at_head, problem FROM audit_verify();
ROLLBACK;
-- … reorders two entries (swaps their sequence numbers).
BEGIN;
ALTER TABLE audit_log DISABLE TRIGGER USER;
UPDATE audit_log SET seq = -seq WHERE seq IN (3, 4);
UPDATE audit_log SET seq = CASE seq WHEN -3 THEN 4 ELSE 3 END WHERE seq IN (-3, -4);
SET LOCAL ROLE sec_admin_city;
SELECT * FROM audit_verify();
ROLLBACK;
-- … reorders them and rechains the prev_hash column to hide it.
BEGIN;
ALTER TABLE audit_log DISABLE TRIGGER USER;
UPDATE audit_log SET seq = -seq WHERE seq IN (3, 4);
UPDATE audit_log SET seq = CASE seq WHEN -3 THEN 4 ELSE 3 END WHERE seq IN (-3, -4);
UPDATE audit_log a SET prev_hash = b.hash FROM audit_log b WHERE b.seq = a.seq - 1 AND a.seq IN (3, 4, 5);
SET LOCAL ROLE sec_admin_city;
SELECT * FROM audit_verify();
ROLLBACK;
-- … rewrites the head to hide a deleted tail: audit_verify cannot tell,
-- which is why audit_head() is printed on each month's payroll report.
BEGIN;
ALTER TABLE audit_log DISABLE TRIGGER USER;
DELETE FROM audit_log WHERE seq = :head;
UPDATE audit_chain_head SET seq = :head - 1, hash = (SELECT hash FROM audit_log WHERE seq = :head - 1);
SET LOCAL ROLE sec_admin_city;
SELECT * FROM audit_verify();
SELECT seq = :head - 1 AS head_moved_back FROM audit_head();
ROLLBACK;
SET ROLE sec_admin_city;
SELECT * FROM audit_verify();
SELECT * FROM audit_verify(:head + 5);
SELECT * FROM audit_verify(0);
RESET ROLE;

-- The users of sql/security.sql go; their staff rows and relatives with them.
DELETE FROM staff WHERE user_name LIKE 'sec\_%';
DELETE FROM staff_relative WHERE staff_user LIKE 'sec\_%';
DROP OWNED BY sec_clerk_xxt, sec_clerk_qx, sec_approver_xxt, sec_maker_checker, sec_reader_xxt, sec_admin_city, sec_nobody;
DROP ROLE sec_clerk_xxt, sec_clerk_qx, sec_approver_xxt, sec_maker_checker, sec_reader_xxt, sec_admin_city, sec_nobody;
SELECT * FROM audit_verify();
