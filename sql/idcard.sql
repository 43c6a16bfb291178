-- The idcard type: input, output, rejections, functions, operators,
-- operator classes, casts, binary I/O.
SET search_path = civil_affairs, public;
SET DateStyle = ISO, YMD;

-- Eight bytes, passed by value.
SELECT typlen, typbyval, typalign, typstorage, pg_column_size('11010519491231002X'::idcard) AS size
  FROM pg_type WHERE oid = 'idcard'::regtype;

-- Valid numbers.  Output is the canonical 18 characters with an upper-case
-- X; a lowercase x and surrounding spaces are accepted; a 15-digit number
-- is read as the 18-digit number it upgrades to.
SELECT v AS input, v::idcard AS canonical
  FROM (VALUES ('11010519491231002X'),      -- the example of GB 11643-1999
               ('11010519491231002x'),      -- lowercase x
               ('  11010519491231002X   '), -- surrounding spaces
               ('450102198001010015'),
               ('450102800101001'),         -- 15 digits, born 1980-01-01
               (' 450102800101001 '),
               ('110105491231002'),         -- 15 digits whose check character is X
               ('450122198001010010'),      -- 武鸣县, code retired in 2015
               ('450127197506150024'),      -- 横县, code retired in 2021
               ('450102200002290012'),      -- born on 29 February 2000
               ('450102190001010019'),      -- born on 1 January 1900
               ('460000199001010013'),      -- a province-level region code
               ('810000199507011238'),      -- Hong Kong
               ('45010719850312003X'),
               ('45010220991231001X')       -- a future birth date is not rejected
       ) AS t(v);

-- One number, however it was written.
SELECT '11010519491231002x'::idcard = '11010519491231002X'::idcard AS lowercase_x,
       ' 450102198001010015 '::idcard = '450102198001010015'::idcard AS spaces,
       '450102800101001'::idcard = '450102198001010015'::idcard AS upgraded,
       '110105491231002'::idcard = '11010519491231002X'::idcard AS upgraded_to_x;

-- Malformed numbers: SQLSTATE 22P02 with a detail that says why.
\set VERBOSITY default
-- empty
SELECT ''::idcard;
SELECT '   '::idcard;
-- wrong length
SELECT '45010219800101001'::idcard;
SELECT '4501021980010100155'::idcard;
SELECT '450102198001010015X'::idcard;
SELECT '4501028001010'::idcard;
-- a character that is not a digit
SELECT '4501O2198001010015'::idcard;
SELECT '450102 19800101 0015'::idcard;
SELECT '45010219800101X015'::idcard;
SELECT '45010280010100X'::idcard;
SELECT '-45010219800101001'::idcard;
SELECT '４５０１０２１９８００１０１００１５'::idcard;
SELECT E'45010219800101001\t'::idcard;
-- a province part that is no province
SELECT '470102198001010015'::idcard;
SELECT '000000198001010010'::idcard;
SELECT '990102800101001'::idcard;
-- impossible birth dates
SELECT '450102198013010015'::idcard;
SELECT '450102198000010015'::idcard;
SELECT '450102198001320015'::idcard;
SELECT '450102198001000015'::idcard;
SELECT '450102198004310015'::idcard;
SELECT '450102198102290015'::idcard;
SELECT '450102190002290015'::idcard;
SELECT '450102801301001'::idcard;
SELECT '450102810229001'::idcard;
-- a birth date before 1900
SELECT '450102189912310015'::idcard;
SELECT '450102000101010015'::idcard;
-- a wrong check character names the expected one
SELECT '110105194912310025'::idcard;
SELECT '450102198001010016'::idcard;
SELECT '45010219800101001x'::idcard;
-- the first failing rule is reported: province, then date, then check
SELECT '470102198013010016'::idcard;
SELECT '450102189913010016'::idcard;
\set VERBOSITY sqlstate
SELECT '45010219800101001'::idcard;
SELECT '4501O2198001010015'::idcard;
SELECT '470102198001010015'::idcard;
SELECT '450102198013010015'::idcard;
SELECT '450102189912310015'::idcard;
SELECT '110105194912310025'::idcard;
\set VERBOSITY default

-- Checks that do not raise, for cleaning data in bulk.  NULL in, NULL out:
-- a missing number is not a reason, so look for it with IS NULL.
SELECT v, idcard_is_valid(v) AS valid, idcard_check(v) AS reason
  FROM (VALUES (1, '11010519491231002X'), (2, '11010519491231002x'), (3, ' 450102800101001 '),
               (4, NULL), (5, ''), (6, '   '), (7, '45010219800101001'),
               (8, '4501O2198001010015'), (9, '45010280010100X'), (10, '４５０１'),
               (11, '470102198001010015'), (12, '450102198013010015'),
               (13, '450102198102290015'), (14, '450102198004310015'),
               (15, '450102189912310015'), (16, '110105194912310025'),
               (17, '450127197506150024')) AS t(n, v)
 ORDER BY n;
-- They agree with the type's input on every one of those.
SELECT count(*) AS disagreements
  FROM (VALUES ('11010519491231002X'), ('450102800101001'), (''), ('45010219800101001'),
               ('470102198001010015'), ('110105194912310025')) AS t(v)
 WHERE idcard_is_valid(v) <> (idcard_check(v) IS NULL);
SELECT idcard_check(v) IS NULL AS ok, idcard_is_valid(v) AS valid
  FROM (VALUES ('450102800101001'::varchar)) AS t(v);

-- What the number says.
SELECT id, idcard_birth_date(id) AS birth_date, idcard_sex(id) AS sex,
       idcard_age(id, '2026-11-28') AS age, idcard_region(id) AS region,
       idcard_mask(id) AS masked
  FROM (VALUES ('11010519491231002X'::idcard), ('450102198001010015'), ('450102198001010023'),
               ('450102198001010007'), ('450102198001010090'), ('450127197506150024'),
               ('450102200002290012'), ('460000199001010013'), ('45010220991231001X')) AS t(id);

-- Age: whole years; someone born on 29 February turns a year older on
-- 1 March in years without one; NULL before birth and on infinite dates.
SELECT on_date, idcard_age('450102200002290012', on_date) AS age
  FROM (VALUES (DATE '2000-02-28'), ('2000-02-29'), ('2001-02-28'), ('2001-03-01'),
               ('2003-02-28'), ('2003-03-01'), ('2004-02-28'), ('2004-02-29'),
               ('2026-11-28'), ('infinity'), ('-infinity')) AS t(on_date);
SELECT on_date, idcard_age('11010519491231002X', on_date) AS age
  FROM (VALUES (DATE '1949-12-31'), ('1950-12-30'), ('1950-12-31'), ('2026-11-28'),
               ('2026-12-31')) AS t(on_date);
-- The date defaults to today.
SELECT idcard_age('11010519491231002X') = idcard_age('11010519491231002X', CURRENT_DATE) AS defaults_to_today;

-- Region: the code at issue, which may have been retired since; the code
-- in force on a date follows division_change.
SELECT id, idcard_region(id) AS region, adcode_name(idcard_region(id)) AS name_then,
       on_date, idcard_region_current(id, on_date) AS current,
       adcode_name(idcard_region_current(id, on_date)) AS name_on_date
  FROM (VALUES ('450127197506150024'::idcard, DATE '2022-01-01'),
               ('450127197506150024', '2020-01-01'),
               ('450122198001010010', '2015-03-01'),
               ('450122198001010010', '2014-12-31'),
               ('450102198001010015', '2022-01-01')) AS t(id, on_date);
SELECT idcard_region_current('450127197506150024') AS hengzhou_today,
       idcard_region_current('450122198001010010') AS wuming_today;
-- Six digits that no division code can have (a county under a zero
-- prefecture part) give no region, though the number is valid.
SELECT '450007199001010016'::idcard AS id, idcard_region('450007199001010016') IS NULL AS no_region,
       idcard_region_current('450007199001010016', '2022-01-01') IS NULL AS no_current;

-- NULL in, NULL out.
SELECT idcard_birth_date(NULL) IS NULL AS birth_date, idcard_sex(NULL) IS NULL AS sex,
       idcard_age(NULL, '2026-11-28') IS NULL AS age, idcard_age('11010519491231002X', NULL) IS NULL AS age_date,
       idcard_region(NULL) IS NULL AS region, idcard_region_current(NULL) IS NULL AS current,
       idcard_mask(NULL) IS NULL AS mask, idcard_is_valid(NULL) IS NULL AS is_valid,
       idcard_check(NULL) IS NULL AS "check", (NULL::idcard = '11010519491231002X') IS NULL AS eq;

-- Comparison operators.  Order is the order of the 18-character text.
SELECT a, b, a = b AS eq, a <> b AS ne, a < b AS lt, a <= b AS le, a > b AS gt, a >= b AS ge
  FROM (VALUES ('450102198001010015'::idcard, '450102800101001'::idcard),
               ('450102198001010015', '450102198001010023'),
               ('45010719850312003X', '450102198001010015'),
               ('11010519491231002X', '110105194912310038'),
               ('450127197506150016', '450127197506150024')) AS t(a, b);
SELECT '11010519491231002X'::idcard < '110105194912310038'::text::idcard AS x_before_next;

CREATE TEMP TABLE ids (id idcard, note text);
INSERT INTO ids VALUES
    ('450102198001010015', 'a'), ('11010519491231002X', 'b'), ('45010719850312003X', 'c'),
    ('450127197506150024', 'd'), ('450102800101001', 'e'), ('450122198001010010', 'f'),
    ('810000199507011238', 'g'), ('450102200002290012', 'h'), ('450102198001010023', 'i'),
    ('110105194912310038', 'j'), (NULL, 'k');
SELECT id, note FROM ids ORDER BY id, note;
SELECT array_agg(id ORDER BY id) = array_agg(id ORDER BY id::text COLLATE "C") AS same_as_text_order
  FROM ids WHERE id IS NOT NULL;

-- The same answers with a btree index and with a hash index.
SELECT count(*) AS eq, (SELECT count(*) FROM ids WHERE id < '450102198001010015') AS lt,
       (SELECT count(*) FROM ids WHERE id >= '450102198001010015') AS ge
  FROM ids WHERE id = '450102800101001';
CREATE INDEX ids_btree ON ids (id);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT note FROM ids WHERE id = '450102800101001';
SELECT count(*) AS eq, (SELECT count(*) FROM ids WHERE id < '450102198001010015') AS lt,
       (SELECT count(*) FROM ids WHERE id >= '450102198001010015') AS ge
  FROM ids WHERE id = '450102800101001';
SELECT id FROM ids WHERE id BETWEEN '450102198001010015' AND '450127197506150024' ORDER BY id;
DROP INDEX ids_btree;
CREATE INDEX ids_hash ON ids USING hash (id);
EXPLAIN (COSTS OFF) SELECT note FROM ids WHERE id = '450102800101001';
SELECT note FROM ids WHERE id = '450102800101001' ORDER BY note;
RESET enable_seqscan;

-- Hashing agrees with equality; grouping and joining by hash.
SELECT idcard_hash('11010519491231002x') = idcard_hash('11010519491231002X') AS hash_same,
       idcard_hash('450102800101001') = idcard_hash('450102198001010015') AS hash_upgraded,
       idcard_hash_extended('450102800101001', 7) = idcard_hash_extended('450102198001010015', 7) AS hash_ext_same;
SET enable_sort = off;
EXPLAIN (COSTS OFF) SELECT id, count(*) FROM ids GROUP BY id;
SELECT id, count(*) FROM ids GROUP BY id ORDER BY id;
RESET enable_sort;
SET enable_mergejoin = off;
SET enable_nestloop = off;
EXPLAIN (COSTS OFF) SELECT a.note, b.note FROM ids a JOIN ids b ON a.id = b.id AND a.note < b.note;
SELECT a.note, b.note FROM ids a JOIN ids b ON a.id = b.id AND a.note < b.note;
RESET enable_mergejoin;
RESET enable_nestloop;

-- Casts: text and varchar both ways; assignment casts let an idcard column
-- take text and a text column take an idcard.
SELECT '11010519491231002x'::text::idcard AS from_text, '450102800101001'::varchar::idcard AS from_varchar,
       '11010519491231002x'::idcard::text AS to_text, '450102800101001'::idcard::varchar AS to_varchar,
       pg_typeof('450102800101001'::idcard::varchar(18)) AS varchar18;
CREATE TEMP TABLE assigned (id idcard);
INSERT INTO assigned VALUES ('450102800101001'::text), (' 11010519491231002x'::varchar);
SELECT id FROM assigned ORDER BY id;
INSERT INTO assigned VALUES ('450102198001010016'::text);
CREATE TEMP TABLE as_text (t text);
INSERT INTO as_text SELECT id FROM assigned;
SELECT t FROM as_text ORDER BY t;
SELECT castsource::regtype, casttarget::regtype, castmethod, castcontext
  FROM pg_cast WHERE 'idcard'::regtype IN (castsource, casttarget)
 ORDER BY castsource::regtype::text, casttarget::regtype::text;
-- No implicit cast from text: an idcard is never compared as text by accident.
SELECT '11010519491231002X'::idcard = '11010519491231002X'::text;

-- The check character the type computes agrees with one computed in SQL,
-- on 20000 generated numbers; every other check character is refused.
CREATE TEMP TABLE generated AS
SELECT body || substr('10X98765432',
         (substr(body, 1, 1)::int * 7 + substr(body, 2, 1)::int * 9 + substr(body, 3, 1)::int * 10 +
          substr(body, 4, 1)::int * 5 + substr(body, 5, 1)::int * 8 + substr(body, 6, 1)::int * 4 +
          substr(body, 7, 1)::int * 2 + substr(body, 8, 1)::int * 1 + substr(body, 9, 1)::int * 6 +
          substr(body, 10, 1)::int * 3 + substr(body, 11, 1)::int * 7 + substr(body, 12, 1)::int * 9 +
          substr(body, 13, 1)::int * 10 + substr(body, 14, 1)::int * 5 + substr(body, 15, 1)::int * 8 +
          substr(body, 16, 1)::int * 4 + substr(body, 17, 1)::int * 2) % 11 + 1, 1) AS v
  FROM (SELECT (ARRAY['110105', '450102', '450127', '450122', '820000', '653024'])[1 + i % 6]
               || to_char(DATE '1900-01-01' + (i * 7919) % 46000, 'YYYYMMDD')
               || lpad((i * 37 % 1000)::text, 3, '0') AS body
          FROM generate_series(1, 20000) AS i) AS s;
SELECT count(*) AS numbers, count(*) FILTER (WHERE v::idcard::text = v) AS round_trip,
       count(*) FILTER (WHERE idcard_check(v) IS NULL) AS valid,
       count(DISTINCT v::idcard) AS distinct_numbers
  FROM generated;
SELECT count(*) AS refused
  FROM generated, unnest(string_to_array('0123456789X', NULL)) AS c
 WHERE c <> right(v, 1) AND NOT idcard_is_valid(left(v, 17) || c);

-- Binary I/O round trip through COPY.
CREATE TEMP TABLE ids_out (id idcard, note text);
INSERT INTO ids_out SELECT id, note FROM ids;
\copy ids_out TO 'results/idcard.bin' WITH (FORMAT binary)
CREATE TEMP TABLE ids_in (LIKE ids_out);
\copy ids_in FROM 'results/idcard.bin' WITH (FORMAT binary)
SELECT i.id, i.note, i.id IS NOT DISTINCT FROM o.id AS same
  FROM ids_in i JOIN ids_out o USING (note) ORDER BY i.note;
-- Binary input is checked like text input.  A bigint column's binary file
-- has the same layout: its numbers load when they are the 17 leading digits
-- of a valid number, and fail otherwise.
CREATE TEMP TABLE numbers (n bigint);
INSERT INTO numbers VALUES (45010219800101001), (11010519491231002), (45012719750615002);
\copy numbers TO 'results/idcard_numbers.bin' WITH (FORMAT binary)
CREATE TEMP TABLE ids_from_numbers (id idcard);
\copy ids_from_numbers FROM 'results/idcard_numbers.bin' WITH (FORMAT binary)
SELECT id FROM ids_from_numbers ORDER BY id;
TRUNCATE numbers;
INSERT INTO numbers VALUES (450102198001010015);    -- 18 digits: not a body
\copy numbers TO 'results/idcard_bad1.bin' WITH (FORMAT binary)
\copy ids_from_numbers FROM 'results/idcard_bad1.bin' WITH (FORMAT binary)
TRUNCATE numbers;
INSERT INTO numbers VALUES (-1);
\copy numbers TO 'results/idcard_bad2.bin' WITH (FORMAT binary)
\copy ids_from_numbers FROM 'results/idcard_bad2.bin' WITH (FORMAT binary)
TRUNCATE numbers;
INSERT INTO numbers VALUES (47010219800101001);
\copy numbers TO 'results/idcard_bad3.bin' WITH (FORMAT binary)
\copy ids_from_numbers FROM 'results/idcard_bad3.bin' WITH (FORMAT binary)
TRUNCATE numbers;
INSERT INTO numbers VALUES (45010219801301001);
\copy numbers TO 'results/idcard_bad4.bin' WITH (FORMAT binary)
\copy ids_from_numbers FROM 'results/idcard_bad4.bin' WITH (FORMAT binary)
TRUNCATE numbers;
INSERT INTO numbers VALUES (45010219810229001);
\copy numbers TO 'results/idcard_bad5.bin' WITH (FORMAT binary)
\copy ids_from_numbers FROM 'results/idcard_bad5.bin' WITH (FORMAT binary)
TRUNCATE numbers;
INSERT INTO numbers VALUES (45010218991231001);
\copy numbers TO 'results/idcard_bad6.bin' WITH (FORMAT binary)
\copy ids_from_numbers FROM 'results/idcard_bad6.bin' WITH (FORMAT binary)
SELECT count(*) AS only_the_valid_three FROM ids_from_numbers;
-- idcard_send gives the body as 8 big-endian bytes.
SELECT idcard_send('11010519491231002X') AS sent,
       idcard_send('11010519491231002X') = int8send(11010519491231002) AS same_as_bigint;

-- The operator classes are complete and valid.
SELECT opc.opcname, am.amname, opc.opcdefault, amvalidate(opc.oid) AS valid
  FROM pg_opclass opc JOIN pg_am am ON am.oid = opc.opcmethod
 WHERE opc.opcintype = 'idcard'::regtype
 ORDER BY 1, 2;

-- Volatility, parallel safety and strictness, as declared.
SELECT p.oid::regprocedure AS function, p.provolatile AS volatility, p.proparallel AS parallel,
       p.proisstrict AS strict
  FROM pg_proc p
 WHERE p.pronamespace = 'civil_affairs'::regnamespace AND p.proname LIKE 'idcard%'
 ORDER BY p.oid::regprocedure::text;

-- Every object of the module has a comment.
SELECT count(*) AS functions_without_comment
  FROM pg_proc p
 WHERE p.pronamespace = 'civil_affairs'::regnamespace AND p.proname LIKE 'idcard%'
   AND obj_description(p.oid, 'pg_proc') IS NULL;
SELECT count(*) AS operators_without_comment
  FROM pg_operator o
 WHERE o.oprleft = 'idcard'::regtype AND obj_description(o.oid, 'pg_operator') IS NULL;
SELECT count(*) AS casts_without_comment
  FROM pg_cast c
 WHERE 'idcard'::regtype IN (c.castsource, c.casttarget)
   AND obj_description(c.oid, 'pg_cast') IS NULL;
SELECT obj_description('idcard'::regtype, 'pg_type') IS NOT NULL AS type_has_comment;
