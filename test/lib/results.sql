-- results.sql: what the extension answers on a database filled by
-- sample_data.sql: every report view, the payroll and assessment functions,
-- the plain-argument functions, and a digest of every table of the
-- extension.  Two databases that should behave alike must print the same
-- text (test/upgrade and test/dump diff it).  Rows are sorted by their text
-- so the order of a plan does not matter.
--
--     psql -X -v month=2021-06-01 -f test/lib/results.sql
-- Variables: month (as in sample_data.sql); with_clock (default on): off
-- leaves timestamptz columns out of the table digests, for databases filled
-- at different times; with_history (default on): off leaves out the audit
-- chain (audit_log and its head), which records only what changed since the
-- audit existed: a database updated from 0.1.0 starts its chain empty.
\set ON_ERROR_STOP 1
\if :{?month} \else \set month 2021-06-01 \endif
\if :{?with_clock} \else \set with_clock on \endif
\if :{?with_history} \else \set with_history on \endif
\pset footer off
\pset format unaligned
\pset null '(null)'
SELECT (date_trunc('month', (:'month')::date) + interval '1 month')::date AS next_month \gset

\echo == report views
SELECT 'v_payroll' AS view, t.* FROM civil_affairs.v_payroll t ORDER BY t::text;
SELECT 'v_statistics' AS view, t.* FROM civil_affairs.v_statistics t ORDER BY t::text;
SELECT 'v_proactive_discovery' AS view, t.* FROM civil_affairs.v_proactive_discovery t ORDER BY t::text;
SELECT 'v_anomalies' AS view, t.* FROM civil_affairs.v_anomalies t ORDER BY t::text;

\echo == payroll
SELECT 'payroll_totals' AS f, * FROM civil_affairs.payroll_totals(:'month');
SELECT 'payroll_entitlements' AS f, t.* FROM civil_affairs.payroll_entitlements(:'next_month') t ORDER BY t::text;
SELECT 'payroll_totals next' AS f, * FROM civil_affairs.payroll_totals(:'next_month');

\echo == assessment
-- The explanation lists incomes in the order the registry is read (heap
-- order, which a restore changes): compare them sorted.
CREATE FUNCTION pg_temp.incomes_sorted(e jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE
    RETURN CASE WHEN e ? 'incomes' THEN e || jsonb_build_object('incomes',
                (SELECT coalesce(jsonb_agg(x ORDER BY x::text), '[]') FROM jsonb_array_elements(e -> 'incomes') x))
           ELSE e END;
SELECT 'assess_households' AS f,
       to_jsonb(t) || jsonb_build_object('explanation', pg_temp.incomes_sorted(t.explanation)) AS result
  FROM civil_affairs.assess_households(:'next_month') t ORDER BY t.household_id;
SELECT 'assess_household' AS f,
       to_jsonb(t) || jsonb_build_object('explanation', pg_temp.incomes_sorted(t.explanation)) AS result
  FROM civil_affairs.assess_household(1, :'month') t;
SELECT 'assess_household_json' AS f, civil_affairs.assess_household_json('{
    "division": "450107001001", "as_of": "2021-06-01",
    "members": [
      {"id": 1, "birth_date": "1975-03-10", "sex": "M",
       "incomes": [{"item": "wage", "month": "2020-06-01", "amount": 24000}]},
      {"id": 2, "age": 42, "sex": "F", "work_capacity": "partial"},
      {"id": 3, "age": 12, "sex": "M"}],
    "assets": [{"kind": "financial", "value": 30000}, {"kind": "home"}]}');

\echo == plain-argument functions
SELECT 'dibao_allowance' AS f, civil_affairs.dibao_allowance('450107', :'month', 500, 3, true),
       civil_affairs.dibao_allowance('450181', :'month', 100, 2, false, 2),
       civil_affairs.dibao_allowance_breakdown('450181', :'month', 100, 2, false, 3),
       civil_affairs.temporary_assistance_amount('450107', :'month', true, 2, 3);
SELECT 'policy' AS f, k.key, d.code,
       CASE WHEN k.kind = 'choice' THEN civil_affairs.policy_choice(k.key, d.code, :'month')
            ELSE civil_affairs.policy_value(k.key, d.code, :'month')::text END
  FROM civil_affairs.policy_parameter k,
       (VALUES ('450107'::civil_affairs.adcode), ('450181'), ('450127')) AS d(code)
 WHERE EXISTS (SELECT FROM civil_affairs.policy_value v
                WHERE v.key = k.key AND v.valid @> (:'month')::date
                  AND (v.division OPERATOR(civil_affairs.@>) d.code OR v.division IS NULL))
 ORDER BY 2, 3;
SELECT 'adcode' AS f, civil_affairs.adcode_fullname(c), civil_affairs.adcode_current(c, :'month'),
       civil_affairs.adcode_exists(c, :'month'), civil_affairs.adcode_ancestors(c)
  FROM (VALUES ('450107001001'::civil_affairs.adcode), ('450127'), ('450181'), ('110101')) AS t(c);
SELECT 'idcard' AS f, p.id, civil_affairs.idcard_mask(p.idcard), civil_affairs.idcard_age(p.idcard, :'month'),
       civil_affairs.idcard_region_current(p.idcard, :'month')
  FROM civil_affairs.person p WHERE p.idcard IS NOT NULL ORDER BY p.id LIMIT 50;

\echo == tables of the extension: rows and a digest of their text
SELECT format('SELECT %L AS "table", count(*) AS rows, md5(coalesce(string_agg(r, E''\n'' ORDER BY r), '''')) AS digest FROM (SELECT ROW(%s)::text AS r FROM %s t) s',
              c.oid::regclass,
              string_agg(format('t.%I', a.attname), ', ' ORDER BY a.attnum),
              c.oid::regclass)
  FROM pg_catalog.pg_depend d
  JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid AND e.extname = 'civil_affairs'
  JOIN pg_catalog.pg_class c ON c.oid = d.objid AND d.classid = 'pg_catalog.pg_class'::regclass AND c.relkind = 'r'
  JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
 WHERE d.refclassid = 'pg_catalog.pg_extension'::regclass AND d.deptype = 'e'
   AND (:'with_clock'::boolean OR a.atttypid <> 'pg_catalog.timestamptz'::regtype)
   AND (:'with_history'::boolean
        OR c.oid NOT IN ('civil_affairs.audit_log'::pg_catalog.regclass, 'civil_affairs.audit_chain_head'::pg_catalog.regclass))
 GROUP BY c.oid
 ORDER BY c.oid::regclass::text \gexec
SELECT format('SELECT %L AS "sequence", last_value, is_called FROM %s', c.oid::regclass, c.oid::regclass)
  FROM pg_catalog.pg_depend d
  JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid AND e.extname = 'civil_affairs'
  JOIN pg_catalog.pg_class c ON c.oid = d.objid AND d.classid = 'pg_catalog.pg_class'::regclass AND c.relkind = 'S'
 WHERE d.refclassid = 'pg_catalog.pg_extension'::regclass AND d.deptype = 'e'
 ORDER BY c.oid::regclass::text \gexec
