-- Policy as data: figures by key, division scope and period; lookups climb
-- the division chain; the tables are checked and the engine's cache follows
-- every change.
SET search_path = civil_affairs, public;
SET datestyle = ISO, YMD;

-- Every shipped figure has a status, a source and a known parameter.
SELECT status, count(*) FROM policy_value GROUP BY status ORDER BY status;
SELECT count(*) AS without_source FROM policy_value WHERE source = '';
SELECT key FROM policy_value WHERE status = 'found' ORDER BY key, division, valid;

-- Nanning's dibao standards over time, from any division below Nanning.
SELECT d AS on_date,
       policy_value('dibao.standard_urban', '450107001001', d) AS xixiangtang_village,
       policy_value('dibao.standard_urban', '450123', d) AS longan_county
  FROM unnest(ARRAY['2017-10-01', '2020-03-31', '2020-04-01', '2022-03-31', '2022-04-01', '2026-01-01']::date[]) AS d;
SELECT d AS on_date, policy_value('dibao.standard_rural_yearly', '450181100201', d) AS rural_yearly
  FROM unnest(ARRAY['2020-04-01', '2022-03-31', '2022-04-01']::date[]) AS d;
-- National figures apply everywhere; a NULL division asks for them directly.
SELECT policy_value('tekun.age_min', '110101', '2021-01-01') AS beijing,
       policy_value('tekun.age_min', NULL, '2021-01-01') AS national;
SELECT policy_choice('assessment.rounding_mode', '450107', '2021-01-01');
SELECT policy_value(NULL, '450107', '2021-01-01') IS NULL AS null_key,
       policy_value('tekun.age_min', '450107', NULL) IS NULL AS null_date;

-- No figure for the division, date or key: an error that names all three.
SELECT policy_value('dibao.standard_urban', '450107', '2016-01-01');
SELECT policy_value('dibao.standard_urban', '4502', '2021-01-01');
SELECT policy_value('dibao.standard_rural_yearly', '450181', '2019-01-01');
SELECT policy_value('no.such_key', '4501', '2021-01-01');
SELECT policy_choice('dibao.standard_urban', '4501', '2021-01-01');

-- The table rejects what makes no sense: two figures of the city's own for
-- one key, division and day (shipped figures give way; see below) …
BEGIN;
INSERT INTO policy_value (key, division, valid, amount, status, source)
VALUES ('dibao.standard_urban', '450100', '[2021-01-01,2021-02-01)', 800, 'found', 'city correction');
INSERT INTO policy_value (key, division, valid, amount, status, source)
VALUES ('dibao.standard_urban', '450100', '[2021-01-15,2021-03-01)', 805, 'found', 'overlaps the correction');
ROLLBACK;
-- … unknown keys, choices outside the list, fractions of a count, negative
-- amounts, unknown statuses, a row with both an amount and a choice, a
-- work-cost rule without a rate or with a rate above 100%.
INSERT INTO policy_value (key, division, amount, status, source) VALUES ('no.such_key', '450100', 1, 'assumed', 'x');
INSERT INTO policy_value (key, division, choice, status, source) VALUES ('assessment.rounding_mode', '450107', 'sideways', 'assumed', 'x');
INSERT INTO policy_value (key, division, amount, status, source) VALUES ('income.lookback_months', '450107', 6.5, 'assumed', 'x');
INSERT INTO policy_value (key, division, amount, status, source) VALUES ('low_income.multiple', '450107', -1, 'assumed', 'x');
INSERT INTO policy_value (key, division, amount, status, source) VALUES ('low_income.multiple', '450107', 1.5, 'rumoured', 'x');
INSERT INTO policy_value (key, division, amount, choice, status, source) VALUES ('low_income.multiple', '450107', 1.5, 'x', 'assumed', 'x');
INSERT INTO income_item_rule (item, treatment, status, source) VALUES ('wage', 'work_cost', 'assumed', 'no rate');
INSERT INTO income_item_rule (item, treatment, deduction_rate, status, source) VALUES ('wage', 'work_cost', 1.5, 'assumed', 'x');

-- A district's own figure overrides the city's for that district only.
BEGIN;
INSERT INTO policy_value (key, division, valid, amount, status, source)
VALUES ('low_income.multiple', '450107', '[2021-01-01,)', 2, 'assumed', 'district pilot');
SELECT policy_value('low_income.multiple', '450107001001', '2021-06-01') AS xixiangtang,
       policy_value('low_income.multiple', '450103', '2021-06-01') AS qingxiu,
       policy_value('low_income.multiple', '450107001001', '2020-06-01') AS before_pilot;
ROLLBACK;

-- A city's new figure supersedes the shipped one for its period: the shipped
-- row is cut back around it, and the city's row is the one pg_dump keeps.
BEGIN;
INSERT INTO policy_value (key, division, valid, amount, status, source)
VALUES ('dibao.standard_urban', '450100', '[2024-04-01,)', 850, 'found', 'city notice');
SELECT division, valid, amount, shipped FROM policy_value
 WHERE key = 'dibao.standard_urban' AND division = '450100' ORDER BY valid;
SELECT policy_value('dibao.standard_urban', '450107', '2023-01-01') AS y2023,
       policy_value('dibao.standard_urban', '450107', '2025-01-01') AS y2025;
-- Editing a shipped figure makes it the city's.
UPDATE policy_value SET source = source || '（已核实）' WHERE key = 'tekun.age_min';
SELECT key, shipped FROM policy_value WHERE key = 'tekun.age_min';
ROLLBACK;
-- After the rollback the cache has the shipped figures again.
SELECT policy_value('dibao.standard_urban', '450107', '2025-01-01') AS y2025;

-- Income rules: treatment by item, division and date.
SELECT item, treatment, deduction_rate, deduction_cap_multiple, status
  FROM income_item_rule WHERE valid @> DATE '2021-06-01' ORDER BY item;

-- What pg_dump keeps of each policy table.
SELECT c.relname, x.condition
  FROM pg_extension e, unnest(e.extconfig, e.extcondition) AS x(reloid, condition)
  JOIN pg_class c ON c.oid = x.reloid
 WHERE e.extname = 'civil_affairs' AND c.relname ~ '^(policy|income_item)' ORDER BY 1;
