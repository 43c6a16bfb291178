-- adcode.sql: the adcode type against bigint on 5 million codes.
--   (a) text input: text → adcode against text → bigint, same strings
--   (b) btree index build on adcode against bigint, same values
--   (c) code <@ '4501' through the index against the same range on bigint
\ir lib.sql
\echo '== adcode: 5,000,000 codes'

-- Realistic codes: every township of the country, with village parts, drawn
-- with a fixed seed so each run sees the same data.
SELECT setseed(0.2021) AS seeded \gset
CREATE UNLOGGED TABLE bench_adcode_text AS
SELECT (t.code::bigint + (1 + floor(random() * 300))::bigint)::text AS code_text
  FROM (SELECT civil_affairs.adcode_to_bigint(code) AS code
          FROM civil_affairs.division WHERE level = 4) AS t,
       generate_series(1, 122) AS g
 LIMIT 5000000;
ANALYZE bench_adcode_text;

INSERT INTO bench_result (benchmark, measured_ms, reference, reference_ms, aim)
SELECT '(a) text input', pg_temp.best_ms('SELECT count(code_text::civil_affairs.adcode) FROM bench_adcode_text', 3),
       'text → bigint', pg_temp.best_ms('SELECT count(code_text::bigint) FROM bench_adcode_text', 3), '≤ 1.2';

CREATE UNLOGGED TABLE bench_adcode AS
SELECT code_text::civil_affairs.adcode AS code, code_text::bigint AS n FROM bench_adcode_text;
VACUUM ANALYZE bench_adcode;

INSERT INTO bench_result (benchmark, measured_ms, reference, reference_ms, aim)
SELECT '(b) btree index build',
       pg_temp.best_ms('DROP INDEX IF EXISTS bench_adcode_code_idx; CREATE INDEX bench_adcode_code_idx ON bench_adcode (code)', 3),
       'bigint index build',
       pg_temp.best_ms('DROP INDEX IF EXISTS bench_adcode_n_idx; CREATE INDEX bench_adcode_n_idx ON bench_adcode (n)', 3),
       '≤ 1.1';
VACUUM ANALYZE bench_adcode;

SET enable_seqscan = off;
SET enable_bitmapscan = off;
INSERT INTO bench_result (benchmark, measured_ms, reference, reference_ms, aim)
SELECT '(c) code <@ ''4501'' by index',
       pg_temp.best_ms($q$SELECT count(*) FROM bench_adcode WHERE code OPERATOR(civil_affairs.<@) '4501'$q$, 20),
       'bigint range by index',
       pg_temp.best_ms($q$SELECT count(*) FROM bench_adcode WHERE n >= 450100000000 AND n < 450200000000$q$, 20),
       '≤ 1.2';
RESET enable_seqscan;
RESET enable_bitmapscan;

-- Both sides answer the same question.
SELECT (SELECT count(*) FROM bench_adcode WHERE code OPERATOR(civil_affairs.<@) '4501')
     = (SELECT count(*) FROM bench_adcode WHERE n >= 450100000000 AND n < 450200000000) AS same_rows,
       (SELECT count(*) FROM bench_adcode) AS codes;

SELECT benchmark, measured_ms, reference, reference_ms, ratio, aim FROM bench_result;
DROP TABLE bench_adcode_text, bench_adcode;
