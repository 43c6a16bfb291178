-- roles: who may do what, and where.  Four NOLOGIN roles, granted to real
-- users by the DBA; row-level security scopes every registry, case and
-- payment table to the user's divisions (civil_affairs.staff); an approver
-- cannot decide an enrolment they submitted (maker-checker).

-- Roles belong to the cluster, not to one database: a second database's
-- CREATE EXTENSION finds them and only grants; DROP EXTENSION leaves them
-- (another database may use them; docs/security.md says how to drop them).
DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['civil_affairs_reader', 'civil_affairs_clerk', 'civil_affairs_approver', 'civil_affairs_admin'] LOOP
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = r) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', r);
        END IF;
    END LOOP;
END
$$;
COMMENT ON ROLE civil_affairs_reader IS
    '民政报表查询：只读报表视图，姓名、身份证号码、电话脱敏。Civil affairs reader: report views only, names, ID numbers and phones masked.';
COMMENT ON ROLE civil_affairs_clerk IS
    '民政经办：维护辖区内的登记信息，提交救助申请。Civil affairs clerk: keeps the registry of their divisions and submits enrolments.';
COMMENT ON ROLE civil_affairs_approver IS
    '民政审批：审批辖区内的救助申请（不得审批本人提交的申请），批准临时救助。Civil affairs approver: decides enrolments in their divisions (never one they submitted) and grants temporary assistance.';
COMMENT ON ROLE civil_affairs_admin IS
    '民政管理：政策表、参考数据、工作人员辖区、月度发放与审计校验。Civil affairs administrator: policy tables, reference data, staff scopes, payroll runs and audit verification.';

GRANT USAGE ON SCHEMA civil_affairs TO civil_affairs_reader, civil_affairs_clerk, civil_affairs_approver, civil_affairs_admin;

-- Reference data and policy: everyone who works reads it; the admin edits it.
GRANT SELECT ON civil_affairs.division, civil_affairs.division_change
    TO civil_affairs_reader, civil_affairs_clerk, civil_affairs_approver, civil_affairs_admin;
GRANT SELECT ON civil_affairs.policy_parameter, civil_affairs.policy_value, civil_affairs.income_item,
                civil_affairs.income_item_rule
    TO civil_affairs_clerk, civil_affairs_approver, civil_affairs_admin;
GRANT INSERT, UPDATE, DELETE ON civil_affairs.division, civil_affairs.division_change,
                civil_affairs.policy_parameter, civil_affairs.policy_value, civil_affairs.income_item,
                civil_affairs.income_item_rule, civil_affairs.reserve_fund, civil_affairs.staff,
                civil_affairs.staff_relative
    TO civil_affairs_admin;

-- The registry: clerks keep it, approvers and the admin read it.
GRANT SELECT, INSERT, UPDATE, DELETE ON civil_affairs.person, civil_affairs.household,
                civil_affairs.household_member, civil_affairs.income, civil_affairs.asset, civil_affairs.expenditure
    TO civil_affairs_clerk;
GRANT SELECT ON civil_affairs.person, civil_affairs.household, civil_affairs.household_member,
                civil_affairs.income, civil_affairs.asset, civil_affairs.expenditure, civil_affairs.assessment,
                civil_affairs.enrollment, civil_affairs.enrollment_event, civil_affairs.payment,
                civil_affairs.reserve_fund, civil_affairs.temporary_assistance, civil_affairs.staff_relative,
                civil_affairs.staff
    TO civil_affairs_clerk, civil_affairs_approver, civil_affairs_admin;

-- Cases: clerks assess and submit, approvers decide, the admin's payroll
-- run reassesses, moves enrolments through their lifecycle and pays.
GRANT INSERT ON civil_affairs.assessment TO civil_affairs_clerk, civil_affairs_approver, civil_affairs_admin;
GRANT INSERT ON civil_affairs.enrollment TO civil_affairs_clerk, civil_affairs_admin;
GRANT UPDATE ON civil_affairs.enrollment TO civil_affairs_approver, civil_affairs_admin;
GRANT INSERT ON civil_affairs.enrollment_event TO civil_affairs_clerk, civil_affairs_approver, civil_affairs_admin;
GRANT UPDATE (needs_assessment) ON civil_affairs.household TO civil_affairs_approver, civil_affairs_admin;
GRANT INSERT ON civil_affairs.payment, civil_affairs.payroll_run TO civil_affairs_admin;
GRANT SELECT ON civil_affairs.payroll_run TO civil_affairs_clerk, civil_affairs_approver, civil_affairs_admin;
GRANT USAGE ON SEQUENCE civil_affairs.payroll_run_id_seq TO civil_affairs_admin;
GRANT INSERT ON civil_affairs.temporary_assistance TO civil_affairs_approver;
GRANT UPDATE ON civil_affairs.reserve_fund TO civil_affairs_approver;   -- grant_temporary_assistance locks the fund's row
GRANT SELECT ON civil_affairs.audit_log TO civil_affairs_admin;

-- What writes is not for PUBLIC.
REVOKE EXECUTE ON FUNCTION civil_affairs.run_payroll(date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION civil_affairs.run_payroll(date) TO civil_affairs_admin;
REVOKE EXECUTE ON FUNCTION civil_affairs.record_assessment(bigint, date), civil_affairs.record_assessments(date, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION civil_affairs.record_assessment(bigint, date), civil_affairs.record_assessments(date, boolean)
    TO civil_affairs_clerk, civil_affairs_approver, civil_affairs_admin;
REVOKE EXECUTE ON FUNCTION civil_affairs.grant_temporary_assistance(bigint, date, text, integer, integer, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION civil_affairs.grant_temporary_assistance(bigint, date, text, integer, integer, text) TO civil_affairs_approver;
GRANT EXECUTE ON FUNCTION civil_affairs.audit_verify(bigint) TO civil_affairs_admin;
GRANT EXECUTE ON FUNCTION civil_affairs.staff_scope_of(name)
    TO civil_affairs_reader, civil_affairs_clerk, civil_affairs_approver, civil_affairs_admin;
GRANT EXECUTE ON FUNCTION civil_affairs.audit_head()
    TO civil_affairs_reader, civil_affairs_clerk, civil_affairs_approver, civil_affairs_admin;

-- Report views.  v_payroll and v_statistics run with their owner's rights
-- and apply the caller's scope themselves, so a reader needs no table; the
-- reader gets v_payroll's masked columns only.  The person-level views run
-- with the caller's rights, so row-level security scopes them.
GRANT SELECT (month, county_code, county, township, village, household_id, head_idcard, programme, tier,
              persons, amount, head_name_masked, head_phone_masked)
    ON civil_affairs.v_payroll TO civil_affairs_reader;
GRANT SELECT ON civil_affairs.v_payroll TO civil_affairs_clerk, civil_affairs_approver, civil_affairs_admin;
GRANT SELECT ON civil_affairs.v_statistics
    TO civil_affairs_reader, civil_affairs_clerk, civil_affairs_approver, civil_affairs_admin;
ALTER VIEW civil_affairs.v_proactive_discovery SET (security_invoker = true);
ALTER VIEW civil_affairs.v_anomalies SET (security_invoker = true);
GRANT SELECT ON civil_affairs.v_proactive_discovery, civil_affairs.v_anomalies
    TO civil_affairs_clerk, civil_affairs_approver, civil_affairs_admin;

-- Row-level security.  A household is in scope when its residence division
-- lies within one of the user's divisions; everything else follows its
-- household (a person: any household they belong to, or their hukou
-- division).  The subqueries are themselves filtered by the policies of the
-- tables they read, and become one hashed lookup per query.
CREATE POLICY household_scope ON civil_affairs.household
    USING (civil_affairs.staff_sees(residence_division, (SELECT civil_affairs.staff_scope())));
CREATE POLICY household_member_scope ON civil_affairs.household_member
    USING (household_id IN (SELECT h.id FROM civil_affairs.household h));
CREATE POLICY person_scope ON civil_affairs.person
    USING (id IN (SELECT m.person_id FROM civil_affairs.household_member m)
           OR civil_affairs.staff_sees(hukou_division, (SELECT civil_affairs.staff_scope())));
-- A new person belongs to no household yet: any clerk may register one, and
-- sees it once it joins a household of theirs (or when its hukou is theirs).
CREATE POLICY person_register ON civil_affairs.person FOR INSERT WITH CHECK (true);
CREATE POLICY income_scope ON civil_affairs.income
    USING (person_id IN (SELECT p.id FROM civil_affairs.person p));
CREATE POLICY staff_relative_scope ON civil_affairs.staff_relative
    USING (person_id IN (SELECT p.id FROM civil_affairs.person p));
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['asset', 'expenditure', 'assessment', 'enrollment', 'payment', 'temporary_assistance'] LOOP
        EXECUTE format('CREATE POLICY %1$s_scope ON civil_affairs.%1$I
                          USING (household_id IN (SELECT h.id FROM civil_affairs.household h))', t);
        EXECUTE format('COMMENT ON POLICY %1$s_scope ON civil_affairs.%1$I IS %2$L', t,
                       '辖区内家庭的行。Rows of households within the user''s divisions.');
    END LOOP;
END
$$;
CREATE POLICY enrollment_event_scope ON civil_affairs.enrollment_event
    USING (enrollment_id IN (SELECT e.id FROM civil_affairs.enrollment e));
CREATE POLICY reserve_fund_scope ON civil_affairs.reserve_fund
    USING (civil_affairs.staff_sees(division, (SELECT civil_affairs.staff_scope())));
-- Everyone sees their own scope; the admin sees and assigns scopes within their own.
CREATE POLICY staff_own ON civil_affairs.staff FOR SELECT USING (user_name = current_user);
CREATE POLICY staff_admin ON civil_affairs.staff TO civil_affairs_admin
    USING (civil_affairs.staff_sees(division, (SELECT civil_affairs.staff_scope())));

COMMENT ON POLICY household_scope ON civil_affairs.household IS '居住地在用户辖区内的家庭。Households residing within the user''s divisions.';
COMMENT ON POLICY household_member_scope ON civil_affairs.household_member IS '辖区内家庭的成员关系。Memberships of households within the user''s divisions.';
COMMENT ON POLICY person_scope ON civil_affairs.person IS '属于辖区内家庭（任何时段）或户籍在辖区内的人员。People who belong (at any time) to a household within the user''s divisions, or whose hukou lies within them.';
COMMENT ON POLICY person_register ON civil_affairs.person IS '任何有插入权限者均可登记新人员。Anyone with INSERT may register a new person.';
COMMENT ON POLICY income_scope ON civil_affairs.income IS '可见人员的收入。Incomes of visible people.';
COMMENT ON POLICY staff_relative_scope ON civil_affairs.staff_relative IS '可见人员的亲属备案。Relatives'' records of visible people.';
COMMENT ON POLICY enrollment_event_scope ON civil_affairs.enrollment_event IS '可见救助对象的状态变更。Status changes of visible enrolments.';
COMMENT ON POLICY reserve_fund_scope ON civil_affairs.reserve_fund IS '辖区内的备用金。Reserve funds within the user''s divisions.';
COMMENT ON POLICY staff_own ON civil_affairs.staff IS '本人的辖区。The user''s own scope.';
COMMENT ON POLICY staff_admin ON civil_affairs.staff IS '管理员在本人辖区内查看与分配辖区。An admin sees and assigns scopes within their own.';

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['person', 'household', 'household_member', 'income', 'asset', 'expenditure',
                             'assessment', 'enrollment', 'enrollment_event', 'payment', 'reserve_fund',
                             'temporary_assistance', 'staff', 'staff_relative'] LOOP
        EXECUTE format('ALTER TABLE civil_affairs.%I ENABLE ROW LEVEL SECURITY', t);
    END LOOP;
END
$$;

-- Attaching a person to a household must not reveal someone from another
-- district: the person must already be visible, or belong to no household.
CREATE FUNCTION civil_affairs.person_is_unattached(person_id bigint) RETURNS boolean
    LANGUAGE sql STABLE STRICT PARALLEL SAFE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT NOT EXISTS (SELECT FROM civil_affairs.household_member m WHERE m.person_id = person_is_unattached.person_id);
END;
COMMENT ON FUNCTION civil_affairs.person_is_unattached(bigint) IS
    '该人员是否不属于任何家庭（不受行级安全限制）。Whether a person belongs to no household, seen past row-level security.';
REVOKE ALL ON FUNCTION civil_affairs.person_is_unattached(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION civil_affairs.person_is_unattached(bigint) TO civil_affairs_clerk, civil_affairs_admin;

CREATE FUNCTION civil_affairs.household_member_scope_check() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
BEGIN
    IF NOT EXISTS (SELECT FROM civil_affairs.person p WHERE p.id = NEW.person_id)
       AND NOT civil_affairs.person_is_unattached(NEW.person_id) THEN
        RAISE EXCEPTION 'person % belongs to a household outside your divisions', NEW.person_id
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'A user whose divisions include both households records the move.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION civil_affairs.household_member_scope_check() IS
    '触发器：只能把可见的或尚无家庭的人员加入家庭。Trigger: only a visible person, or one without a household, may join a household.';
CREATE TRIGGER household_member_scope_check BEFORE INSERT OR UPDATE OF person_id ON civil_affairs.household_member
    FOR EACH ROW EXECUTE FUNCTION civil_affairs.household_member_scope_check();

-- Maker-checker.  Who submitted and who decided are set here, not by the
-- caller; a new enrolment is pending unless an admin migrates it; the
-- submitter of a pending enrolment cannot decide it.  A superuser, who can
-- disable any trigger, is not held to it.
CREATE FUNCTION civil_affairs.enrollment_maker_checker() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
    superuser constant boolean := (SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = current_user);
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.submitted_by := current_user;
        NEW.decided_by := NULL;
        IF NEW.status <> 'pending' AND NOT pg_has_role('civil_affairs_admin', 'MEMBER') THEN
            RAISE EXCEPTION 'a new enrolment starts as pending, not %: an approver decides it', NEW.status
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END IF;
    NEW.submitted_by := OLD.submitted_by;
    NEW.decided_by := OLD.decided_by;
    IF OLD.status = 'pending' AND NEW.status <> 'pending' THEN
        IF NOT superuser THEN
            IF NOT pg_has_role('civil_affairs_approver', 'MEMBER') THEN
                RAISE EXCEPTION 'only an approver decides a pending enrolment'
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF OLD.submitted_by = current_user THEN
                RAISE EXCEPTION '% submitted enrolment % and cannot also decide it', current_user, OLD.id
                    USING ERRCODE = 'insufficient_privilege',
                          HINT = 'Maker-checker: another approver decides it.';
            END IF;
        END IF;
        NEW.decided_by := current_user;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION civil_affairs.enrollment_maker_checker() IS
    '触发器（审核分离）：记录经办人与审批人；新申请须为待审；审批人不得审批本人提交的申请。Trigger (maker-checker): records who submitted and who decided; a new enrolment is pending; nobody decides an enrolment they submitted.';
CREATE TRIGGER enrollment_maker_checker BEFORE INSERT OR UPDATE ON civil_affairs.enrollment
    FOR EACH ROW EXECUTE FUNCTION civil_affairs.enrollment_maker_checker();

-- The gazetteer and the naming-review lists: everyone reads them; clerks
-- record names (the review trigger judges them); administrators keep the
-- word lists, generic terms and classes.
GRANT SELECT ON civil_affairs.placename, civil_affairs.placename_word, civil_affairs.placename_generic_term,
                civil_affairs.placename_class, civil_affairs.v_placename_nonstandard
    TO civil_affairs_reader, civil_affairs_clerk, civil_affairs_approver, civil_affairs_admin;
GRANT INSERT, UPDATE, DELETE ON civil_affairs.placename TO civil_affairs_clerk, civil_affairs_admin;
GRANT INSERT, UPDATE, DELETE ON civil_affairs.placename_word, civil_affairs.placename_generic_term,
                                civil_affairs.placename_class
    TO civil_affairs_admin;

-- Address resolution: everyone reads the street terms; administrators keep them.
GRANT SELECT ON civil_affairs.address_term
    TO civil_affairs_reader, civil_affairs_clerk, civil_affairs_approver, civil_affairs_admin;
GRANT INSERT, UPDATE, DELETE ON civil_affairs.address_term TO civil_affairs_admin;
