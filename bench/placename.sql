-- placename.sql: normalize and pinyin on 1,000,000 real place names (the
-- 620,572 village names of data/village.csv.gz, then the first 379,428 of
-- them again), each against lower(name) in the same run, and against ICU's
-- own transliterators called from C (placename_transliterate) on the same
-- names: 'Any-NFKC; Hant-Hans' for normalize, 'Han-Latin; Latin-ASCII' for
-- pinyin.  Aims: normalize ≤ 2 × lower(), pinyin ≤ 3 × lower(), each at least
-- 10 × faster than ICU.
\ir lib.sql
\echo '== placename: 1,000,000 village names'

CREATE TEMP TABLE bench_village_csv (code text, name text, short_name text, level int,
                                     kind text, urban text, placeholder text);
\copy bench_village_csv FROM PROGRAM 'gzip -dc ../data/village.csv.gz' WITH (FORMAT csv, HEADER true)
CREATE UNLOGGED TABLE bench_placename AS
SELECT name FROM (SELECT name FROM bench_village_csv
                  UNION ALL
                  (SELECT name FROM bench_village_csv ORDER BY code LIMIT 1000000 - (SELECT count(*) FROM bench_village_csv))) AS n;
DROP TABLE bench_village_csv;
VACUUM ANALYZE bench_placename;
SELECT count(*) AS names, count(DISTINCT name) AS distinct_names, round(avg(octet_length(name)), 1) AS avg_bytes
  FROM bench_placename;

INSERT INTO bench_result (benchmark, measured_ms, reference, reference_ms, aim)
SELECT 'placename_normalize', pg_temp.best_ms('SELECT count(civil_affairs.placename_normalize(name)) FROM bench_placename', 3),
       'lower(name)', pg_temp.best_ms('SELECT count(lower(name)) FROM bench_placename', 3), '≤ 2';
INSERT INTO bench_result (benchmark, measured_ms, reference, reference_ms, aim)
SELECT 'placename_pinyin', pg_temp.best_ms('SELECT count(civil_affairs.placename_pinyin(name)) FROM bench_placename', 3),
       'lower(name)', pg_temp.best_ms('SELECT count(lower(name)) FROM bench_placename', 3), '≤ 3';
-- ICU is slow enough that one run of each is plenty.
INSERT INTO bench_result (benchmark, measured_ms, reference, reference_ms, aim)
SELECT 'ICU Any-NFKC; Hant-Hans', pg_temp.best_ms($$SELECT count(civil_affairs.placename_transliterate(name, 'Any-NFKC; Hant-Hans')) FROM bench_placename$$, 1),
       'placename_normalize', (SELECT measured_ms FROM bench_result WHERE benchmark = 'placename_normalize'), '≥ 10';
INSERT INTO bench_result (benchmark, measured_ms, reference, reference_ms, aim)
SELECT 'ICU Han-Latin; Latin-ASCII', pg_temp.best_ms($$SELECT count(civil_affairs.placename_transliterate(name, 'Han-Latin; Latin-ASCII')) FROM bench_placename$$, 1),
       'placename_pinyin', (SELECT measured_ms FROM bench_result WHERE benchmark = 'placename_pinyin'), '≥ 10';

SELECT benchmark, measured_ms, reference, reference_ms, ratio, aim FROM bench_result;
DROP TABLE bench_placename;
