-- audit: a hash-chained log of every insert, update and delete on the
-- registry, policy, enrolment, payment and staff tables.  Each entry holds
-- its predecessor's hash and a SHA-256 hash over that hash and the entry's
-- canonical form (docs/security.md), so an edit, a deletion or a reordering
-- of entries breaks the chain where it happened; audit_head(), printed on
-- each month's payroll report, catches a rewrite of the whole chain.

CREATE TABLE civil_affairs.audit_log (
    seq               bigint PRIMARY KEY,
    at                timestamptz NOT NULL,
    xact              bigint NOT NULL,
    session_user_name text NOT NULL,
    acting_user       text NOT NULL,
    table_name        text NOT NULL,
    operation         text NOT NULL,
    old_row           json,
    new_row           json,
    prev_hash         bytea NOT NULL,
    hash              bytea NOT NULL
);
COMMENT ON TABLE civil_affairs.audit_log IS
    '审计链：登记、政策、救助对象、发放及工作人员表的每次增删改一条，按顺序以 SHA-256 哈希相连（只增不改）。Audit chain: one entry per row inserted, updated or deleted in the registry, policy, enrolment, payment and staff tables, linked in order by SHA-256 hashes; append-only.';
COMMENT ON COLUMN civil_affairs.audit_log.seq IS '序号（从 1 起连续）。Sequence number, from 1 without gaps.';
COMMENT ON COLUMN civil_affairs.audit_log.at IS '写入时间（随序号递增）。When the entry was appended; rises with seq.';
COMMENT ON COLUMN civil_affairs.audit_log.xact IS '事务号（txid_current）。Transaction id, as txid_current() gives it.';
COMMENT ON COLUMN civil_affairs.audit_log.session_user_name IS '会话用户（登录用户）。Session user: who logged in.';
COMMENT ON COLUMN civil_affairs.audit_log.acting_user IS '当前用户（SET ROLE 之后、SECURITY DEFINER 函数之外）。Acting user: current_user after SET ROLE, outside SECURITY DEFINER functions.';
COMMENT ON COLUMN civil_affairs.audit_log.table_name IS '表名（civil_affairs 模式内）。Table, in schema civil_affairs.';
COMMENT ON COLUMN civil_affairs.audit_log.operation IS 'INSERT、UPDATE、DELETE 或 TRUNCATE。The operation.';
COMMENT ON COLUMN civil_affairs.audit_log.old_row IS '删除前的行；修改时只含被修改的列及其原值（row_to_json 的文本）；new_row::jsonb || old_row::jsonb 即修改前的整行。The row before a delete; for an update only the columns that changed, with their values before (row_to_json''s text); new_row::jsonb || old_row::jsonb is the whole row before.';
COMMENT ON COLUMN civil_affairs.audit_log.new_row IS '插入或修改后的整行（row_to_json）。The whole row after an insert or update, as row_to_json gives it.';
COMMENT ON COLUMN civil_affairs.audit_log.prev_hash IS '前一条的哈希（第一条为 32 个零字节）。The previous entry''s hash; 32 zero bytes for the first.';
COMMENT ON COLUMN civil_affairs.audit_log.hash IS 'SHA-256(prev_hash || 规范形式)。SHA-256 over prev_hash and the entry''s canonical form (docs/security.md).';

-- One row: the latest seq and hash.  Every append locks it, which keeps the
-- chain linear; audit_verify checks that the chain ends where it says.  It
-- starts empty (the first append creates the row), so a restored dump
-- brings back the only head row.
CREATE TABLE civil_affairs.audit_chain_head (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    seq       bigint NOT NULL CHECK (seq >= 0),
    hash      bytea NOT NULL
);
COMMENT ON TABLE civil_affairs.audit_chain_head IS
    '审计链链头：最新序号与哈希（一行）；每次追加锁定此行，保证链条线性。Head of the audit chain: the latest seq and hash, one row; every append locks it, which keeps the chain linear.';
COMMENT ON COLUMN civil_affairs.audit_chain_head.singleton IS '唯一行标记。Marks the single row.';
COMMENT ON COLUMN civil_affairs.audit_chain_head.seq IS '最新序号。Latest sequence number.';
COMMENT ON COLUMN civil_affairs.audit_chain_head.hash IS '最新哈希。Latest hash.';

SELECT pg_catalog.pg_extension_config_dump('civil_affairs.audit_log', '');
SELECT pg_catalog.pg_extension_config_dump('civil_affairs.audit_chain_head', '');

CREATE FUNCTION civil_affairs.audit_log_append_only() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
BEGIN
    RAISE EXCEPTION 'civil_affairs.% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Entries are appended by the audit triggers; nothing edits them.';
END
$$;
COMMENT ON FUNCTION civil_affairs.audit_log_append_only() IS
    '触发器：审计链只增不改。Trigger: audit entries are never updated, deleted or truncated.';
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON civil_affairs.audit_log
    FOR EACH ROW EXECUTE FUNCTION civil_affairs.audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON civil_affairs.audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION civil_affairs.audit_log_append_only();

-- SECURITY DEFINER: it writes audit_log, which no daily role may write.
CREATE FUNCTION civil_affairs.audit_capture() RETURNS trigger
    AS 'MODULE_PATHNAME', 'audit_capture' LANGUAGE C SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION civil_affairs.audit_capture() IS
    '触发器（语句级，过渡表）：把每个受影响的行追加到审计链。Statement trigger with transition tables: appends one audit entry per row affected.';
REVOKE ALL ON FUNCTION civil_affairs.audit_capture() FROM PUBLIC;

-- The head's lock, taken before a statement locks any row of an audited
-- table, so that no audited writer ever holds a row lock while it queues for
-- the head (docs/security.md, "How entries are written").
CREATE FUNCTION civil_affairs.audit_lock_head() RETURNS trigger
    AS 'MODULE_PATHNAME', 'audit_lock_head' LANGUAGE C SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION civil_affairs.audit_lock_head() IS
    '触发器（语句级，执行前）：在语句锁定任何行之前先锁定审计链链头，避免与持有链头的事务死锁。BEFORE statement trigger: locks the audit chain''s head before the statement locks any row, so that writers never deadlock with the head''s holder.';
REVOKE ALL ON FUNCTION civil_affairs.audit_lock_head() FROM PUBLIC;

CREATE FUNCTION civil_affairs.audit_verify(from_seq bigint DEFAULT 1)
    RETURNS TABLE (seq bigint, problem text)
    AS 'MODULE_PATHNAME', 'audit_verify' LANGUAGE C STABLE STRICT PARALLEL RESTRICTED SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION civil_affairs.audit_verify(bigint) IS
    '从 from_seq 起逐条校验审计链，返回第一处断裂（序号与原因），链条完好时无返回行。Walks the audit chain from from_seq and returns the first broken link (seq and what is wrong), or no row when the chain holds.';
REVOKE ALL ON FUNCTION civil_affairs.audit_verify(bigint) FROM PUBLIC;

CREATE FUNCTION civil_affairs.audit_head()
    RETURNS TABLE (seq bigint, hash text)
    LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT coalesce(max(h.seq), 0), coalesce(max(encode(h.hash, 'hex')), repeat('0', 64))
      FROM civil_affairs.audit_chain_head h;
END;
COMMENT ON FUNCTION civil_affairs.audit_head() IS
    '审计链最新序号与哈希（十六进制），印在每月发放报表上，以便发现整条链被改写。The audit chain''s latest seq and hash (hex), to print on each month''s payroll report so that a rewrite of the whole chain shows.';
REVOKE ALL ON FUNCTION civil_affairs.audit_head() FROM PUBLIC;

-- The audited tables.  assessment is append-only by its own trigger and is
-- recomputable from the audited registry and policy, so it is not logged.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['person', 'household', 'household_member', 'income', 'asset', 'expenditure',
                             'policy_parameter', 'policy_value', 'income_item', 'income_item_rule',
                             'enrollment', 'enrollment_event', 'payroll_run', 'payment',
                             'reserve_fund', 'temporary_assistance', 'staff', 'staff_relative'] LOOP
        EXECUTE format('CREATE TRIGGER %1$s_audit_insert AFTER INSERT ON civil_affairs.%1$I
                          REFERENCING NEW TABLE AS new_rows
                          FOR EACH STATEMENT EXECUTE FUNCTION civil_affairs.audit_capture()', t);
        EXECUTE format('CREATE TRIGGER %1$s_audit_update AFTER UPDATE ON civil_affairs.%1$I
                          REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                          FOR EACH STATEMENT EXECUTE FUNCTION civil_affairs.audit_capture()', t);
        EXECUTE format('CREATE TRIGGER %1$s_audit_delete AFTER DELETE ON civil_affairs.%1$I
                          REFERENCING OLD TABLE AS old_rows
                          FOR EACH STATEMENT EXECUTE FUNCTION civil_affairs.audit_capture()', t);
        EXECUTE format('CREATE TRIGGER %1$s_audit_truncate AFTER TRUNCATE ON civil_affairs.%1$I
                          FOR EACH STATEMENT EXECUTE FUNCTION civil_affairs.audit_capture()', t);
        EXECUTE format('CREATE TRIGGER %1$s_audit_lock BEFORE INSERT OR UPDATE OR DELETE ON civil_affairs.%1$I
                          FOR EACH STATEMENT EXECUTE FUNCTION civil_affairs.audit_lock_head()', t);
    END LOOP;
END
$$;
