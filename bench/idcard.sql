-- idcard.sql: the idcard type's input against bigint on 5 million numbers.
--   (a) text input: text → idcard against text → bigint, strings of the same
--       length (the number with X read as 0)
--   (b) idcard_is_valid(text), the bulk-cleaning check, against the same
--       text → bigint reference
\ir lib.sql
\echo '== idcard: 5,000,000 resident identity numbers'

-- Deterministic numbers, no random(): 200 county-level regions (every 14th
-- county of the division table, in code order) × 25,000 consecutive birth
-- dates from 1950-01-01, a sequence number derived from both, and the check
-- character of GB 11643 computed here in SQL from per-part weighted sums
-- (weights 7 9 10 5 8 4 | 2 1 6 3 7 9 10 5 | 8 4 2).
CREATE UNLOGGED TABLE bench_idcard_text AS
WITH region AS (
    SELECT k, r,
           substr(r, 1, 1)::int * 7 + substr(r, 2, 1)::int * 9 + substr(r, 3, 1)::int * 10 +
           substr(r, 4, 1)::int * 5 + substr(r, 5, 1)::int * 8 + substr(r, 6, 1)::int * 4 AS w
      FROM (SELECT row_number() OVER (ORDER BY code) AS k, code::text AS r
              FROM civil_affairs.division
             WHERE level = 3 AND NOT placeholder) AS c
     WHERE k % 14 = 0
     ORDER BY k
     LIMIT 200
), birth AS (
    SELECT k, b,
           substr(b, 1, 1)::int * 2 + substr(b, 2, 1)::int * 1 + substr(b, 3, 1)::int * 6 +
           substr(b, 4, 1)::int * 3 + substr(b, 5, 1)::int * 7 + substr(b, 6, 1)::int * 9 +
           substr(b, 7, 1)::int * 10 + substr(b, 8, 1)::int * 5 AS w
      FROM (SELECT k, to_char(DATE '1950-01-01' + k, 'YYYYMMDD') AS b
              FROM generate_series(0, 24999) AS k) AS d
), numbered AS (
    SELECT region.r || birth.b || lpad(s::text, 3, '0') AS body,
           region.w + birth.w + (s / 100) * 8 + (s / 10 % 10) * 4 + (s % 10) * 2 AS w
      FROM region CROSS JOIN birth
     CROSS JOIN LATERAL (SELECT ((region.k * 31 + birth.k * 7) % 1000)::int AS s) AS seq
)
SELECT body || substr('10X98765432', w % 11 + 1, 1) AS id_text,
       body || translate(substr('10X98765432', w % 11 + 1, 1), 'X', '0') AS num_text
  FROM numbered;
VACUUM ANALYZE bench_idcard_text;

-- Every generated number is valid and distinct; both columns have 18
-- characters on every row.
SELECT count(*) AS numbers, count(DISTINCT id_text) AS distinct_numbers,
       count(*) FILTER (WHERE civil_affairs.idcard_is_valid(id_text)) AS valid,
       count(*) FILTER (WHERE id_text LIKE '%X') AS ending_in_x,
       bool_and(length(id_text) = 18 AND length(num_text) = 18) AS same_length
  FROM bench_idcard_text;

INSERT INTO bench_result (benchmark, measured_ms, reference, reference_ms, aim)
SELECT '(a) text input', pg_temp.best_ms('SELECT count(id_text::civil_affairs.idcard) FROM bench_idcard_text', 3),
       'text → bigint', pg_temp.best_ms('SELECT count(num_text::bigint) FROM bench_idcard_text', 3), '≤ 1.5';

INSERT INTO bench_result (benchmark, measured_ms, reference, reference_ms, aim)
SELECT '(b) idcard_is_valid(text)',
       pg_temp.best_ms('SELECT count(*) FILTER (WHERE civil_affairs.idcard_is_valid(id_text)) FROM bench_idcard_text', 3),
       'text → bigint', pg_temp.best_ms('SELECT count(num_text::bigint) FROM bench_idcard_text', 3), '≤ 1.5';

SELECT benchmark, measured_ms, reference, reference_ms, ratio, aim FROM bench_result;
SELECT format('idcard input: %s ms vs bigint input: %s ms, ratio %s', measured_ms, reference_ms, ratio) AS summary
  FROM bench_result WHERE benchmark = '(a) text input';
DROP TABLE bench_idcard_text;
