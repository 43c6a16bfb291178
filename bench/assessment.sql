-- assessment.sql: civil_affairs.assess_households(date) on synthetic Nanning
-- caseloads of 50,000 and 200,000 households (bench/caseload.sql), as of
-- 2021-06-01 (window 2020-06 … 2021-05), against
--   (a) the same rules in plain SQL (bench/assessment_sql.sql), and
--   (b) the bare scan of the window's incomes summed per household:
--       SELECT m.household_id, sum(i.amount) FROM income i JOIN household_member m
--       USING (person_id) WHERE <window> GROUP BY 1.
--       Incomes are recorded per person, so "sum(amount) per household" needs
--       the membership join: it is part of the bare scan.
-- (y) is assess_households(..., explain => false): the same decisions and
-- figures without the jsonb explanation, which is what (a) computes too.
-- Aims: (x) assess_households ≤ 2 × (b); (x) at least 3 × faster than (a).
-- Each size empties the registry, generates the caseload, checks that (a)
-- gives the same per-capita income, programmes and 特困 members as (x) for
-- every household (the script stops if not), and times best of 3.
--
-- Emptying the registry: income, asset, expenditure and household_member
-- are truncated; person and household cannot be, since append-only tables
-- that refuse TRUNCATE (assessment, payment) refer to them, so TRUNCATE …
-- CASCADE would fail.  They are deleted instead, after a check that no other
-- table (enrolments, payments, assessments, …) has rows referring to them;
-- the superuser deletes with the row triggers off (the foreign-key checks
-- that the check above has already made cost ~100 µs a row otherwise).  The
-- registry is emptied again at the end.
--
-- Run by bench/run.sh (BENCH_SCRIPTS="… assessment.sql"), or alone:
--     psql -X -v ON_ERROR_STOP=1 -f bench/assessment.sql
-- It includes itself (psql has no loops): with bench_assessment_empty set
-- only the emptying of the registry runs, with bench_assessment_size set
-- only the part for one size.
\if :{?bench_assessment_empty}

-- ---------------------------------------------------------------- empty the registry
DO $$
DECLARE
    t regclass;
    busy boolean;
BEGIN
    FOR t IN SELECT DISTINCT c.conrelid::regclass FROM pg_constraint c
              WHERE c.contype = 'f'
                AND c.confrelid IN ('civil_affairs.person'::regclass, 'civil_affairs.household'::regclass)
                AND c.conrelid NOT IN ('civil_affairs.household_member'::regclass, 'civil_affairs.income'::regclass,
                                       'civil_affairs.asset'::regclass, 'civil_affairs.expenditure'::regclass) LOOP
        EXECUTE format('SELECT EXISTS (SELECT FROM %s)', t) INTO busy;
        IF busy THEN
            RAISE EXCEPTION 'bench/assessment.sql empties the registry, but % has rows that refer to it', t
                USING HINT = 'Run the benchmark on a database of its own.';
        END IF;
    END LOOP;
END $$;
TRUNCATE civil_affairs.income, civil_affairs.asset, civil_affairs.expenditure, civil_affairs.household_member;
\if :caseload_fast_load
SET session_replication_role = replica;
\endif
DELETE FROM civil_affairs.person;
DELETE FROM civil_affairs.household;
RESET session_replication_role;
VACUUM civil_affairs.person, civil_affairs.household;

\elif :{?bench_assessment_size}

-- ---------------------------------------------------------------- one size
\set bench_assessment_empty
\ir assessment.sql
\unset bench_assessment_empty

\set households :bench_assessment_size
SELECT clock_timestamp() AS bench_assessment_started \gset
\ir caseload.sql
SELECT round(extract(epoch FROM clock_timestamp() - :'bench_assessment_started'::timestamptz)::numeric, 1)
       AS bench_assessment_generation_s \gset
VACUUM ANALYZE civil_affairs.household, civil_affairs.person, civil_affairs.household_member,
               civil_affairs.income, civil_affairs.asset, civil_affairs.expenditure;

-- defines pg_temp.assess_households_sql(date); stops the script if it differs from (x)
\ir assessment_sql.sql

INSERT INTO bench_assessment (households, generation_s, identical, x_ms, y_ms, a_ms, b_ms)
SELECT :bench_assessment_size, :bench_assessment_generation_s, :'assessment_sql_identical',
       pg_temp.best_ms(format('SELECT count(*) FROM civil_affairs.assess_households(%L)', :'as_of'), 3),
       pg_temp.best_ms(format('SELECT count(*) FROM civil_affairs.assess_households(%L, explain => false)', :'as_of'), 3),
       pg_temp.best_ms(format('SELECT count(*) FROM pg_temp.assess_households_sql(%L)', :'as_of'), 3),
       pg_temp.best_ms(format($q$SELECT count(*) FROM (SELECT m.household_id, sum(i.amount)
                                   FROM civil_affairs.income i JOIN civil_affairs.household_member m USING (person_id)
                                  WHERE i.month >= %L AND i.month < %L GROUP BY 1) AS s$q$,
                              (date_trunc('month', (:'as_of')::date) - (:months)::integer * interval '1 month')::date,
                              date_trunc('month', (:'as_of')::date)::date), 3);

-- What the caseload qualifies for (from (a), which was just shown to agree with (x)).
INSERT INTO bench_assessment_programmes
SELECT :bench_assessment_size, count(*),
       count(*) FILTER (WHERE dibao), count(*) FILTER (WHERE low_income),
       count(*) FILTER (WHERE expenditure_hardship),
       count(*) FILTER (WHERE cardinality(tekun_persons) > 0), coalesce(sum(cardinality(tekun_persons)), 0)
  FROM pg_temp.assess_households_sql((:'as_of')::date);

\else

-- ---------------------------------------------------------------- the run
\ir lib.sql
\echo '== assessment: assess_households on 50,000 and 200,000 synthetic Nanning households'
\set as_of 2021-06-01
\set months 12
-- the superuser loads with the row triggers off and checks the same rules set-based (caseload.sql)
SELECT rolsuper AS caseload_fast_load FROM pg_roles WHERE rolname = current_user \gset

CREATE TEMP TABLE bench_assessment (
    households integer, generation_s numeric, identical boolean,
    x_ms numeric, y_ms numeric, a_ms numeric, b_ms numeric
);
CREATE TEMP TABLE bench_assessment_programmes (
    households integer, assessed bigint, dibao bigint, low_income bigint,
    expenditure_hardship bigint, tekun_households bigint, tekun_persons bigint
);

\set bench_assessment_size 50000
\ir assessment.sql
\set bench_assessment_size 200000
\ir assessment.sql
\unset bench_assessment_size

SELECT households AS "N", generation_s AS "generation s", identical AS "(a) = (x)",
       x_ms AS "(x) assess_households ms", y_ms AS "(y) without explanation ms",
       a_ms AS "(a) plain SQL ms", b_ms AS "(b) bare scan ms",
       round(x_ms / nullif(b_ms, 0), 2) AS "x/b (aim ≤ 2)", round(y_ms / nullif(b_ms, 0), 2) AS "y/b",
       round(a_ms / nullif(x_ms, 0), 2) AS "a/x speed-up (aim ≥ 3)", round(a_ms / nullif(y_ms, 0), 2) AS "a/y"
  FROM bench_assessment ORDER BY households;

-- Cost per household at 200,000 relative to 50,000 (1.00: linear).
SELECT round((l.x_ms / l.households) / (s.x_ms / s.households), 2) AS "(x) per household, 200k/50k",
       round((l.y_ms / l.households) / (s.y_ms / s.households), 2) AS "(y) per household, 200k/50k",
       round((l.a_ms / l.households) / (s.a_ms / s.households), 2) AS "(a) per household, 200k/50k",
       round((l.b_ms / l.households) / (s.b_ms / s.households), 2) AS "(b) per household, 200k/50k",
       round(l.x_ms / l.households * 1000, 1) AS "(x) µs per household at 200k"
  FROM bench_assessment s, bench_assessment l
 WHERE s.households = 50000 AND l.households = 200000;

SELECT households AS "N", assessed, dibao, round(100.0 * dibao / assessed, 1) AS "dibao %",
       low_income, round(100.0 * low_income / assessed, 1) AS "low income %",
       expenditure_hardship, round(100.0 * expenditure_hardship / assessed, 1) AS "expenditure hardship %",
       tekun_households, tekun_persons
  FROM bench_assessment_programmes ORDER BY households;

\set bench_assessment_empty
\ir assessment.sql
\unset bench_assessment_empty
DROP TABLE bench_assessment, bench_assessment_programmes;

\endif
