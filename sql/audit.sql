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

-- The row images are row_to_json's, byte for byte, for columns of every
-- json category: numbers (NaN and Infinity quoted), dates and times,
-- json and jsonb, arrays, composites, a domain, a type with a cast to json,
-- text needing escapes, and a dropped column.
CREATE TYPE public.audit_probe_mood AS ENUM ('calm', 'cross');
CREATE FUNCTION public.audit_probe_mood_json(public.audit_probe_mood) RETURNS json
    LANGUAGE sql IMMUTABLE RETURN pg_catalog.to_json('mood: ' || $1::text);
CREATE CAST (public.audit_probe_mood AS json) WITH FUNCTION public.audit_probe_mood_json(public.audit_probe_mood);
CREATE DOMAIN public.audit_probe_money AS numeric(12, 2);
CREATE TYPE public.audit_probe_pair AS (code civil_affairs.adcode, note text);
CREATE TABLE public.audit_probe (
    id int PRIMARY KEY, gone text, small int2, big int8, real4 float4, real8 float8, exact numeric,
    fen public.audit_probe_money, yes boolean, day date, stamp timestamp, stamptz timestamptz,
    doc json, docb jsonb, words text[], pair public.audit_probe_pair, mood public.audit_probe_mood,
    label text, short varchar(20), padded char(4), raw bytea, code civil_affairs.adcode,
    span daterange, wait interval, "odd ""key""\" text);
ALTER TABLE public.audit_probe DROP COLUMN gone;
CREATE TRIGGER audit_probe_insert AFTER INSERT ON public.audit_probe REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION civil_affairs.audit_capture();
CREATE TRIGGER audit_probe_update AFTER UPDATE ON public.audit_probe REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION civil_affairs.audit_capture();
SELECT max(seq) AS probe_from FROM audit_log \gset
INSERT INTO public.audit_probe VALUES
    (1, -32768, 9223372036854775807, 'NaN', '-Infinity', 'NaN', 1234.5, true, '2021-06-01', '2021-06-01 08:30:00.5',
     '2021-06-01 08:30:00+08', '{"a": [1, 2]}', '{"b": {"c": null}}', '{"韦", "a\"b", NULL}', ('450107', '西乡塘'), 'cross',
     E'tab\there, "quoted", back\\slash, \b\f\r\n and \x01 and 南宁', 'short', 'ab', '\x00ff', '450107001001',
     '[2021-01-01,2021-07-01)', '1 mon 2 days', 'x'),
    (2, NULL, NULL, 1.5e-10, 'Infinity', '-0.000', NULL, NULL, 'infinity', '-infinity',
     NULL, 'null', '[]', '{}', NULL, NULL, '', NULL, NULL, NULL, NULL, 'empty', NULL, NULL),
    (3, 7, -1, 3.25, 0.1, 1e20, 0, false, '0044-03-15 BC', '2000-02-29 23:59:59.999999',
     '1970-01-01 00:00:00+00', '"just a string"', '3', '{{1,2},{3,4}}', (NULL, NULL), 'calm',
     '\u00e9', NULL, NULL, '', NULL, NULL, NULL, NULL);
CREATE TEMP TABLE probe_inserted AS SELECT id, row_to_json(p)::text AS image FROM public.audit_probe p;
UPDATE public.audit_probe SET label = coalesce(label, '') || '✓', mood = 'calm';
-- (an INSERT has no old row; an UPDATE's old row holds the columns that
-- changed, and the new row's other columns complete it)
SELECT a.operation, count(*) AS entries,
       count(*) FILTER (WHERE a.new_row::text = CASE a.operation WHEN 'INSERT' THEN i.image ELSE row_to_json(p)::text END)
           AS new_row_is_row_to_json,
       count(*) FILTER (WHERE (a.new_row::jsonb || a.old_row::jsonb) = i.image::jsonb) AS old_row_completed_is_row_to_json
  FROM audit_log a JOIN public.audit_probe p ON p.id = (a.new_row ->> 'id')::int JOIN probe_inserted i ON i.id = p.id
 WHERE a.seq > :probe_from AND a.table_name = 'audit_probe'
 GROUP BY 1 ORDER BY 1;
SELECT new_row FROM audit_log WHERE seq > :probe_from AND table_name = 'audit_probe' AND operation = 'INSERT' ORDER BY seq;
-- Row 1's label and mood changed, row 2's label and mood (from null), row
-- 3's label only (its mood was already calm).
SELECT (new_row ->> 'id')::int AS id, old_row FROM audit_log
 WHERE seq > :probe_from AND table_name = 'audit_probe' AND operation = 'UPDATE' ORDER BY 1;
-- Which columns an UPDATE's old image holds: values gone to null and back
-- (small), the same number written with another scale (row 2's exact, 0.000
-- to 0: equal, but other bytes and other text, so held), a sum that gives
-- the same bytes (fen + 0: not held), a long compressed text left alone
-- (row 1's label: not held), and values changed (stamp, short, row 3's exact).
UPDATE public.audit_probe SET label = repeat('南宁' || id, 2000) WHERE id = 1;
CREATE TEMP TABLE probe_before AS SELECT id, row_to_json(p)::text AS image FROM public.audit_probe p;
SELECT max(seq) AS probe_update_from FROM audit_log \gset
UPDATE public.audit_probe
   SET small = CASE WHEN small IS NULL THEN 1 END,
       exact = CASE id WHEN 3 THEN 0.00 WHEN 2 THEN 0 ELSE exact END,
       fen = fen + 0,
       stamp = CASE id WHEN 2 THEN stamp ELSE stamp + interval '1 second' END,
       short = NULL;
SELECT p.id, a.new_row::text = row_to_json(p)::text AS new_row_is_row_to_json,
       (a.new_row::jsonb || a.old_row::jsonb) = b.image::jsonb AS old_row_completed_is_row_to_json,
       length(a.new_row::text) AS new_length,
       a.new_row -> 'small' AS small, a.new_row -> 'exact' AS exact, a.new_row -> 'stamp' AS stamp,
       a.new_row -> 'short' AS short
  FROM audit_log a JOIN public.audit_probe p ON p.id = (a.new_row ->> 'id')::int JOIN probe_before b ON b.id = p.id
 WHERE a.seq > :probe_update_from AND a.table_name = 'audit_probe'
 ORDER BY p.id;
SELECT (new_row ->> 'id')::int AS id, old_row FROM audit_log
 WHERE seq > :probe_update_from AND table_name = 'audit_probe' ORDER BY 1;
-- An UPDATE that changes no value still leaves its entry, with an empty old image.
SELECT max(seq) AS probe_same_from FROM audit_log \gset
UPDATE public.audit_probe SET mood = mood, label = label WHERE id = 1;
SELECT operation, old_row, new_row::text = (SELECT row_to_json(p)::text FROM public.audit_probe p WHERE id = 1) AS new_row_is_row_to_json
  FROM audit_log WHERE seq > :probe_same_from;
DROP TABLE probe_before;
DROP TABLE public.audit_probe, probe_inserted;
DROP TYPE public.audit_probe_pair;
DROP DOMAIN public.audit_probe_money;
DROP CAST (public.audit_probe_mood AS json);
DROP FUNCTION public.audit_probe_mood_json(public.audit_probe_mood);
DROP TYPE public.audit_probe_mood;
SET ROLE sec_admin_city;
SELECT * FROM audit_verify();
RESET ROLE;

-- Many audited statements in one transaction, with savepoints: a statement
-- rolled back to a savepoint leaves no entry and no gap (the head moved by
-- it is found again), a released one keeps its entry, and the chain goes on
-- linearly in the next transaction.
SELECT max(seq) AS txn_from FROM audit_log \gset
BEGIN;
UPDATE person SET phone = '1' WHERE id = 8101;
SAVEPOINT a;
UPDATE person SET phone = '2' WHERE id = 8101;
UPDATE person SET phone = '3' WHERE id = 8101;
ROLLBACK TO a;
UPDATE person SET phone = '4' WHERE id = 8101;
SAVEPOINT b;
UPDATE person SET phone = '5' WHERE id = 8101;
RELEASE b;
DO $$ BEGIN FOR i IN 6 .. 9 LOOP UPDATE civil_affairs.person SET phone = i::text WHERE id = 8101; END LOOP; END $$;
COMMIT;
UPDATE person SET phone = '10' WHERE id = 8101;
SELECT seq - :txn_from AS step, new_row ->> 'phone' AS phone FROM audit_log WHERE seq > :txn_from ORDER BY seq;
SELECT seq - :txn_from AS head_step FROM audit_chain_head;
SELECT * FROM audit_verify();

-- Within a transaction the head's sequence and hash are kept between
-- statements.  A PL/pgSQL exception block rolls a statement back after it
-- moved the head (i = 3 and 6 leave nothing); the next statement must go on
-- from the head as it was, not from the rolled-back entry.  In a writable
-- CTE two audited tables' triggers fire in one command: the second must
-- find the head the first moved.  Six entries: e1, e2, e4, e5, then the
-- CTE's two.
SELECT max(seq) AS txn_from FROM audit_log \gset
BEGIN;
DO $$
BEGIN
    FOR i IN 1 .. 6 LOOP
        BEGIN
            UPDATE civil_affairs.person SET phone = 'e' || i WHERE id = 8101;
            IF i % 3 = 0 THEN
                RAISE EXCEPTION 'undo %', i;
            END IF;
        EXCEPTION WHEN raise_exception THEN
            NULL;
        END;
    END LOOP;
END $$;
WITH first AS (UPDATE person SET phone = 'cte' WHERE id = 8101 RETURNING id)
UPDATE staff_relative SET relation = relation || '*' WHERE person_id = 8201;
COMMIT;
SELECT seq - :txn_from AS step, table_name, coalesce(new_row ->> 'phone', new_row ->> 'relation') AS changed
  FROM audit_log WHERE seq > :txn_from ORDER BY seq;
SELECT seq - :txn_from AS head_step FROM audit_chain_head;
SELECT * FROM audit_verify();
-- A superuser who moves the head by hand inside a transaction that has
-- appended: the next append refuses rather than write over it.
BEGIN;
UPDATE person SET phone = 'h1' WHERE id = 8101;
UPDATE audit_chain_head SET seq = seq;
UPDATE person SET phone = 'h2' WHERE id = 8101;
ROLLBACK;
SELECT * FROM audit_verify();

-- The users of sql/security.sql go; their staff rows and relatives with them.
DELETE FROM staff WHERE user_name LIKE 'sec\_%';
DELETE FROM staff_relative WHERE staff_user LIKE 'sec\_%';
DROP OWNED BY sec_clerk_xxt, sec_clerk_qx, sec_approver_xxt, sec_maker_checker, sec_reader_xxt, sec_admin_city, sec_nobody;
DROP ROLE sec_clerk_xxt, sec_clerk_qx, sec_approver_xxt, sec_maker_checker, sec_reader_xxt, sec_admin_city, sec_nobody;
SELECT * FROM audit_verify();
