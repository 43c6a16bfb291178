-- city_edits.sql: what a city does to the extension's reference and policy
-- tables before and around its registry: its own figures, a district
-- override, an edited shipped row, a renamed and a new village, a recorded
-- change of division, a local income item with its rule.  pg_dump must keep
-- all of it (the shipped rows come back from CREATE EXTENSION, the city's
-- from the dump).  Run before test/lib/sample_data.sql.
\set ON_ERROR_STOP 1
SET search_path = civil_affairs, pg_catalog;
-- A new urban standard from July 2021: supersedes the shipped 790 for July on.
INSERT INTO policy_value (key, division, valid, amount, status, source)
VALUES ('dibao.standard_urban', '450100', '[2021-07-01,2022-04-01)', 820, 'found', '南宁市民政局通知 city notice 2021-06');
-- A district's own low-income multiple.
INSERT INTO policy_value (key, division, amount, status, source)
VALUES ('low_income.multiple', '450107', 1.6, 'assumed', '西乡塘区试点 district pilot');
-- An edited shipped row becomes the city's.
UPDATE policy_value SET source = source || '（市局复核 checked by the city）'
 WHERE key = 'income.lookback_months' AND division = '450100';
-- A renamed village and a new one.
UPDATE division SET name = '石埠街道老口社区居委会', short_name = '老口'
 WHERE code = (SELECT min(code) FROM division WHERE code <@ '450107' AND level = 5);
INSERT INTO division (code, name, short_name, kind, urban, source)
VALUES ('450107001990', '新阳测试社区居委会', '新阳测试', '社区居委会', true, '市民政局 2021 city record');
INSERT INTO division_change (old_code, old_name, new_code, new_name, effective_on, kind, source)
VALUES ('450107001990', '新阳测试社区居委会', '450107001990', '新阳社区居委会', '2021-09-01', 'rename', '市民政局 2021 city record');
-- A local income item, exempt in the city.
INSERT INTO income_item (code, name_zh, name_en, employment)
VALUES ('city_bonus', '市级见义勇为奖金', 'city bravery award', false);
INSERT INTO income_item_rule (item, division, treatment, status, source)
VALUES ('city_bonus', '450100', 'exempt', 'found', '南宁市 city rule');
RESET search_path;
