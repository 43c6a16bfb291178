-- The registry's constraints reject nonsense with clear errors.
SET search_path = civil_affairs, public;
SET datestyle = ISO, YMD;

BEGIN;
INSERT INTO person (id, idcard, name, sex, birth_date) VALUES
    (9001, '11010519491231002X', '赵一', 'F', '1949-12-31'),
    (9002, NULL, '钱二', 'M', '1960-01-01');
INSERT INTO household (id, residence_division) VALUES (9001, '450107001001'), (9002, '450107');
INSERT INTO household_member VALUES (9001, 9001, 'head', '[2020-01-01,)');

-- A death date before birth.
SAVEPOINT s;
UPDATE person SET death_date = '1940-01-01' WHERE id = 9001;
ROLLBACK TO s;
-- An identity number that disagrees with the birth date or sex.
INSERT INTO person (idcard, name, sex, birth_date) VALUES ('11010519491231002X', '孙三', 'F', '1950-01-01');
ROLLBACK TO s;
INSERT INTO person (idcard, name, sex, birth_date) VALUES ('11010519491231002X', '孙三', 'M', '1949-12-31');
ROLLBACK TO s;
-- The same identity number twice.
INSERT INTO person (idcard, name, sex, birth_date) VALUES ('11010519491231002X', '孙三', 'F', '1949-12-31');
ROLLBACK TO s;
-- A disability kind without a grade.
INSERT INTO person (name, sex, birth_date, disability_kind) VALUES ('周四', 'M', '1980-01-01', 'visual');
ROLLBACK TO s;
-- A member added twice, or to a second household at the same time.
INSERT INTO household_member VALUES (9001, 9001, 'head', '[2021-01-01,)');
ROLLBACK TO s;
INSERT INTO household_member VALUES (9002, 9001, 'head', '[2021-01-01,2022-01-01)');
ROLLBACK TO s;
-- Moving is fine once the first membership ends.
UPDATE household_member SET during = '[2020-01-01,2021-01-01)' WHERE person_id = 9001;
INSERT INTO household_member VALUES (9002, 9001, 'head', '[2021-01-01,)');
SELECT household_id, during FROM household_member WHERE person_id = 9001 ORDER BY during;
ROLLBACK TO s;
-- Negative amounts, days other than the first of the month.
INSERT INTO income (person_id, item, month, amount) VALUES (9001, 'wage', '2021-01-01', -5);
ROLLBACK TO s;
INSERT INTO income (person_id, item, month, amount) VALUES (9001, 'wage', '2021-01-15', 5);
ROLLBACK TO s;
INSERT INTO asset (household_id, kind, value) VALUES (9001, 'financial', -1);
ROLLBACK TO s;
-- An income for a month outside every membership of its person.
INSERT INTO income (person_id, item, month, amount) VALUES (9001, 'wage', '2019-12-01', 100);
ROLLBACK TO s;
INSERT INTO income (person_id, item, month, amount) VALUES (9002, 'wage', '2021-01-01', 100);
ROLLBACK TO s;
-- An unknown income item.
INSERT INTO income (person_id, item, month, amount) VALUES (9001, 'lottery', '2021-01-01', 100);
ROLLBACK TO s;
-- A transition end on a household not lifted out of poverty.
UPDATE household SET transition_end = '2025-12-31' WHERE id = 9001;
ROLLBACK TO s;
-- A valid income goes in and marks the household for reassessment.
UPDATE household SET needs_assessment = false WHERE id = 9001;
INSERT INTO income (person_id, item, month, amount) VALUES (9001, 'wage', '2021-01-01', 100);
SELECT needs_assessment FROM household WHERE id = 9001;
-- So do a changed person and a changed asset.
UPDATE household SET needs_assessment = false WHERE id = 9001;
UPDATE person SET seriously_ill = true WHERE id = 9001;
SELECT needs_assessment FROM household WHERE id = 9001;
UPDATE household SET needs_assessment = false WHERE id = 9001;
INSERT INTO asset (household_id, kind, value) VALUES (9001, 'financial', 100);
SELECT needs_assessment FROM household WHERE id = 9001;
ROLLBACK;

-- Every registry table is kept by pg_dump.
SELECT c.relname, x.condition
  FROM pg_extension e, unnest(e.extconfig, e.extcondition) AS x(reloid, condition)
  JOIN pg_class c ON c.oid = x.reloid
 WHERE e.extname = 'civil_affairs' AND c.relname IN ('person', 'household', 'household_member', 'income', 'asset', 'expenditure', 'assessment')
 ORDER BY 1;
