-- The adcode type: input, output, operators, functions, casts, binary I/O.
SET search_path = civil_affairs, public;

-- Every accepted length; output is the shortest canonical form.
SELECT v, v::adcode AS code, adcode_level(v::adcode) AS level
  FROM (VALUES ('45'), ('4501'), ('450107'), ('450107001'), ('450107001001'),
               ('450107000000'), ('4500'), (' 450107 '), ('441900003'),
               ('82')) AS t(v);

-- Trailing zero groups name the same division.
SELECT '450107'::adcode = '450107000000'::adcode AS same_county,
       '4501'::adcode = '450100'::adcode AS same_prefecture,
       '450107001'::adcode = '450107001000'::adcode AS same_township;

-- Malformed input: SQLSTATE 22P02 with a detail that says what is wrong.
\set VERBOSITY default
SELECT '4501x'::adcode;
SELECT ''::adcode;
SELECT '45010'::adcode;
SELECT '1234567'::adcode;
SELECT '4501070010011'::adcode;
SELECT '990000'::adcode;
SELECT '470100'::adcode;
SELECT '450107000001'::adcode;
SELECT '450007'::adcode;
SELECT '-45'::adcode;
SELECT '45010700'::adcode;
SELECT '４５'::adcode;
\set VERBOSITY sqlstate
SELECT '4501x'::adcode;
SELECT '00'::adcode;
\set VERBOSITY default

-- Comparison operators and their order.
SELECT a, b, a = b AS eq, a <> b AS ne, a < b AS lt, a <= b AS le, a > b AS gt, a >= b AS ge
  FROM (VALUES ('450107'::adcode, '450107000000'::adcode),
               ('450107', '450108'),
               ('450107001', '450107'),
               ('45', '4501'),
               ('110101', '650000')) AS t(a, b);

SELECT code FROM (VALUES ('450107001001'::adcode), ('45'), ('450107'), ('4501'),
                         ('450107001'), ('11'), ('450108')) AS t(code)
 ORDER BY code;

-- Containment: @> and <@, both ways round, including equality.
SELECT a, b, a @> b AS contains, a <@ b AS contained_by
  FROM (VALUES ('45'::adcode, '450107001001'::adcode),
               ('4501', '450107'),
               ('450107', '4501'),
               ('450107', '450107'),
               ('450107', '450108001'),
               ('4501', '4502'),
               ('441900', '441900003'),
               ('450107001', '450107001001'),
               ('450107001', '450107002001')) AS t(a, b);

-- Navigation.
SELECT code, adcode_parent(code) AS parent, adcode_province(code) AS province,
       adcode_prefecture(code) AS prefecture, adcode_county(code) AS county,
       adcode_township(code) AS township
  FROM (VALUES ('450107001001'::adcode), ('450107001'), ('450107'), ('4501'), ('45'),
               ('441900003')) AS t(code);

SELECT adcode_ancestor('450107001001', l) AS ancestor, l
  FROM generate_series(1, 5) AS l;
SELECT adcode_ancestor('450107', 4) IS NULL AS deeper_is_null;
SELECT adcode_ancestor('450107', 0);
SELECT adcode_ancestor('450107', 6);
SELECT adcode_ancestors('450107001001');
SELECT adcode_ancestors('441900003');
SELECT adcode_ancestors('45');

-- NULL in, NULL out.
SELECT adcode_level(NULL) IS NULL AS level, adcode_parent(NULL) IS NULL AS parent,
       adcode_ancestor(NULL, 1) IS NULL AS ancestor, adcode_ancestor('45', NULL) IS NULL AS ancestor_level,
       (NULL::adcode @> '45') IS NULL AS contains;

-- Casts: text and varchar both ways, bigint both ways.
SELECT '450107'::text::adcode, '450107'::varchar::adcode, '450107'::adcode::text,
       '450107001'::adcode::varchar, '450107'::adcode::bigint, 450107001001::bigint::adcode;
SELECT 450107::bigint::adcode;
SELECT (-1)::bigint::adcode;
SELECT 1000000000000::bigint::adcode;
CREATE TEMP TABLE assigned (code adcode);
INSERT INTO assigned VALUES ('450107'::text), ('4501'::varchar);
SELECT code FROM assigned ORDER BY code;
-- Assignment casts let a text column take a code and a code column take text.
CREATE TEMP TABLE as_text (t text);
INSERT INTO as_text SELECT code FROM assigned;
SELECT t FROM as_text ORDER BY t;

-- Hashing agrees with equality: the same division in two spellings.
SELECT adcode_hash('450107') = adcode_hash('450107000000') AS hash_same,
       adcode_hash_extended('450107', 7) = adcode_hash_extended('450107000000', 7) AS hash_ext_same;
SET enable_sort = off;
SELECT code, count(*) FROM (VALUES ('450107'::adcode), ('450107000000'), ('4501'), ('450100')) AS t(code)
 GROUP BY code ORDER BY code;
RESET enable_sort;

-- Binary I/O round trip through COPY.
CREATE TEMP TABLE codes_out (code adcode, note text);
INSERT INTO codes_out VALUES ('45', 'province'), ('450107', 'county'),
    ('450107001', 'township'), ('450107001001', 'village'), (NULL, 'null');
\copy codes_out TO 'results/adcode.bin' WITH (FORMAT binary)
CREATE TEMP TABLE codes_in (LIKE codes_out);
\copy codes_in FROM 'results/adcode.bin' WITH (FORMAT binary)
SELECT i.code, i.note, i.code IS NOT DISTINCT FROM o.code AS same
  FROM codes_in i JOIN codes_out o USING (note) ORDER BY i.note;
-- Binary input is checked like text input: a bigint column's binary file
-- holds 8-byte numbers in the same layout, and 450107 is not a 12-digit code.
CREATE TEMP TABLE numbers (n bigint);
INSERT INTO numbers VALUES (450107001001), (450107);
\copy numbers TO 'results/adcode_numbers.bin' WITH (FORMAT binary)
CREATE TEMP TABLE codes_from_numbers (code adcode);
\copy codes_from_numbers FROM 'results/adcode_numbers.bin' WITH (FORMAT binary)
SELECT count(*) AS nothing_loaded FROM codes_from_numbers;

-- The operator classes are complete and valid.
SELECT opc.opcname, am.amname, amvalidate(opc.oid) AS valid
  FROM pg_opclass opc JOIN pg_am am ON am.oid = opc.opcmethod
 WHERE opc.opcnamespace = 'civil_affairs'::regnamespace AND opc.opcname LIKE 'adcode%'
 ORDER BY 1, 2;
