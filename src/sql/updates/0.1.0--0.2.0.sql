-- 0.1.0 → 0.2.0: changes to objects that 0.1.0 already has.
--
-- The update script civil_affairs--0.1.0--0.2.0.sql is this file followed by
-- the parts new in 0.2.0 (NEW_IN_0.2.0 in the Makefile).  Write here what a
-- 0.1.0 database needs so that it ends up exactly like a fresh 0.2.0 install:
-- CREATE OR REPLACE FUNCTION for a changed body or marking, ALTER TABLE for a
-- new column (a fresh install must then list that column last), DROP and
-- CREATE for a changed view, COMMENT for a changed comment, INSERT/UPDATE of
-- shipped reference rows (WHERE shipped, so a city's own rows stay).  The
-- upgrade suite (test/upgrade/run.sh) compares the catalogs and results of
-- both and shows any difference.  Statements run as the extension's script:
-- qualify every name with civil_affairs.

-- assess_households gains `explain` (docs/assessment.md).  record_assessments
-- is bound to the old signature (a SQL-standard body), so it goes first and
-- comes back unchanged.
DROP FUNCTION civil_affairs.record_assessments(date, boolean);
DROP FUNCTION civil_affairs.assess_households(date, boolean);

CREATE FUNCTION civil_affairs.assess_households(as_of date, only_stale boolean DEFAULT false,
                                                explain boolean DEFAULT true)
    RETURNS SETOF civil_affairs.assessment_result
    AS 'MODULE_PATHNAME', 'assess_households' LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 10000;
COMMENT ON FUNCTION civil_affairs.assess_households(date, boolean, boolean) IS
    '批量认定所有家庭（或仅待重新认定的家庭），一次读取、逐户计算；explain 为假时不生成说明（explanation 为空），用于大批量筛查。Assesses every household (or only those marked for reassessment) in one pass; with explain false the explanation is left NULL, for fast bulk screening.';

CREATE FUNCTION civil_affairs.record_assessments(as_of date, only_stale boolean DEFAULT true)
    RETURNS integer
    LANGUAGE sql VOLATILE STRICT PARALLEL UNSAFE
BEGIN ATOMIC
    WITH assessed AS (
        INSERT INTO civil_affairs.assessment (household_id, as_of, division, urban, members,
                counted_income, exempt_income, deducted_income, presumed_income, net_income,
                per_capita_income, standard, assets_pass, dibao, low_income, expenditure_hardship,
                tekun_persons, programmes, explanation, window_months)
        SELECT r.household_id, r.as_of, r.division, r.urban, r.members,
               r.counted_income, r.exempt_income, r.deducted_income, r.presumed_income, r.net_income,
               r.per_capita_income, r.standard, r.assets_pass, r.dibao, r.low_income, r.expenditure_hardship,
               r.tekun_persons, r.programmes, r.explanation, r.window_months
          FROM civil_affairs.assess_households(record_assessments.as_of, record_assessments.only_stale) r
        RETURNING household_id
    ), cleared AS (
        UPDATE civil_affairs.household h SET needs_assessment = false
         WHERE h.needs_assessment AND h.id IN (SELECT household_id FROM assessed)
        RETURNING h.id
    )
    SELECT count(*)::integer FROM assessed;
END;
COMMENT ON FUNCTION civil_affairs.record_assessments(date, boolean) IS
    '批量认定（默认仅待重新认定的家庭）并写入认定结果表，清除标记；返回认定户数。Assesses in one pass every household marked for reassessment (or all), appends the results and clears the marks; returns how many were assessed.';
