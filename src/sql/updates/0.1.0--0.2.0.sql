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
-- comes back unchanged (the same definition, re-bound).
DROP FUNCTION civil_affairs.record_assessments(date, boolean);
DROP FUNCTION civil_affairs.assess_households(date, boolean);
-- The new definitions follow, cut from assessment.sql:
-- build/update-0.1.0--0.2.0-assessment.sql.

-- The latest-assessment index carries the payroll's figures (index-only
-- scans); rebuilt, which reads the whole assessment table once.
DROP INDEX civil_affairs.assessment_household_idx;
CREATE INDEX assessment_household_idx ON civil_affairs.assessment (household_id, as_of DESC, id DESC)
    INCLUDE (net_income, members, window_months, dibao);
COMMENT ON INDEX civil_affairs.assessment_household_idx IS
    '家庭最近一次认定及发放所需数字（仅索引扫描）。A household''s latest assessment and the figures the payroll needs, for index-only scans.';
