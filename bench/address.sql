-- address.sql: address_to_adcode on 1,000,000 generated addresses, against
-- length() and lower() over the same text (a bare pass over the strings),
-- and the name index: its size and the time to build it.
--   (a) address_to_adcode(address) against length(address)
--   (b) the same against lower(address)
--   (c) the index build, as a new connection's first call pays it
\ir lib.sql
\echo '== address: 1,000,000 addresses'

-- Every township of the country in turn (code order), each written 25 ways:
-- full names, short names, no province, no prefecture, with a street and a
-- number.  Deterministic: no random().
CREATE UNLOGGED TABLE bench_address AS
WITH township AS (
    SELECT row_number() OVER (ORDER BY t.code) AS k,
           p.name AS p_name, p.short_name AS p_short, f.name AS f_name, f.short_name AS f_short,
           c.name AS c_name, c.short_name AS c_short, t.name AS t_name, t.short_name AS t_short
      FROM civil_affairs.division t
      JOIN civil_affairs.division p ON p.code OPERATOR(civil_affairs.=) civil_affairs.adcode_ancestor(t.code, 1)
      LEFT JOIN civil_affairs.division f ON f.code OPERATOR(civil_affairs.=) civil_affairs.adcode_ancestor(t.code, 2) AND NOT f.placeholder
      LEFT JOIN civil_affairs.division c ON c.code OPERATOR(civil_affairs.=) civil_affairs.adcode_ancestor(t.code, 3) AND NOT c.placeholder
     WHERE t.level = 4 AND NOT t.placeholder AND upper_inf(t.valid)
)
SELECT CASE v % 5
         WHEN 0 THEN concat(p_name, f_name, c_name, t_name)
         WHEN 1 THEN concat(p_short, f_short, c_short, t_short)
         WHEN 2 THEN concat(f_name, c_name, t_name)
         WHEN 3 THEN concat(c_name, t_name)
         ELSE concat(p_short, ' ', f_short, ' ', c_name, ' ', t_name)
       END
       || (ARRAY['人民路', '解放路', '建设路', '中山路', '和平街'])[1 + v % 5]
       || (1 + (k * 7 + v * 13) % 300) || '号' AS address
  FROM township CROSS JOIN generate_series(0, 24) AS v
 ORDER BY k, v
 LIMIT 1000000;
VACUUM ANALYZE bench_address;

-- Build the index once before timing the reads.
SELECT count(*) AS read FROM (SELECT civil_affairs.address_to_adcode(address) FROM bench_address LIMIT 1) AS warm;

INSERT INTO bench_result (benchmark, measured_ms, reference, reference_ms, aim)
SELECT '(a) address_to_adcode', pg_temp.best_ms('SELECT count(civil_affairs.address_to_adcode(address)) FROM bench_address', 3),
       'length(address)', pg_temp.best_ms('SELECT count(length(address)) FROM bench_address', 3), '≤ 5 s (200,000/s)';
INSERT INTO bench_result (benchmark, measured_ms, reference, reference_ms, aim)
SELECT '(b) address_to_adcode', (SELECT measured_ms FROM bench_result WHERE benchmark = '(a) address_to_adcode'),
       'lower(address)', pg_temp.best_ms('SELECT count(lower(address)) FROM bench_address', 3), '';

-- The build: a statement on address_term (it changes nothing) drops the index.
UPDATE civil_affairs.address_term SET term = term WHERE false;
SELECT pg_temp.best_ms($q$UPDATE civil_affairs.address_term SET term = term WHERE false; SELECT civil_affairs.address_index_stats()$q$, 5) AS build_best_ms \gset
INSERT INTO bench_result (benchmark, measured_ms, reference, reference_ms, aim)
SELECT '(c) index build', :build_best_ms, 'read of 1,000 addresses',
       pg_temp.best_ms('SELECT count(civil_affairs.address_to_adcode(address)) FROM (SELECT address FROM bench_address LIMIT 1000) a', 5),
       '< 1000 ms';

SELECT benchmark, measured_ms, reference, reference_ms, ratio, aim FROM bench_result;
SELECT (SELECT count(*) FROM bench_address) AS addresses,
       round(1000000 / (SELECT measured_ms FROM bench_result WHERE benchmark = '(a) address_to_adcode') * 1000) AS addresses_per_second,
       (SELECT count(*) FILTER (WHERE civil_affairs.address_to_adcode(address) IS NULL) FROM bench_address) AS unanswered;
SELECT divisions, names, nodes, round(bytes / 1048576.0, 1) AS index_mb, round(build_ms::numeric, 1) AS build_ms
  FROM civil_affairs.address_index_stats();
DROP TABLE bench_address;
