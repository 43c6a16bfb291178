-- Address → division: the issue's examples, every rule of the matcher, the
-- index following the tables, and bad input.
SET search_path = civil_affairs, public;
SET datestyle = ISO, YMD;

-- The examples: full and short names, missing levels, traditional and
-- full-width characters, spaces, retired names.
SELECT a AS address, address_to_adcode(a) AS code, adcode_fullname(address_to_adcode(a)) AS fullname
  FROM unnest(ARRAY['广西南宁西乡塘区大学东路100号', '南寧市興寧區民主路', '横县百合镇', '武鸣县',
                    '广西 南宁 江南区 ', '广西　南宁　江南区', 'ＧＸ南宁市江南区５号', '北京市朝阳区',
                    '长春市朝阳区', '吉林朝阳区', '五塘镇', '南宁市西乡塘区衡阳街道中华中路社区12栋']) AS a;

-- The parts, the rest of the address and the confidence.
SELECT a AS address, p.*
  FROM unnest(ARRAY['广西南宁西乡塘区大学东路100号', '横县百合镇', '北京市朝阳区建外街道建国路1号',
                    '东莞市东城街道', '张三 13800138000 南宁市西乡塘区', '南宁市西乡塘区衡阳街道中华中路社区12栋',
                    '朝阳区', '无名路8号', '']) AS a,
       address_parse(a) AS p;

-- Two equally good readings: NULL, and both as candidates.
SELECT address_to_adcode('朝阳区') IS NULL AS ambiguous;
SELECT * FROM address_candidates('朝阳区');
SELECT * FROM address_candidates('百合镇');
SELECT * FROM address_candidates('北京朝阳区');
SELECT count(*) AS no_candidates FROM address_candidates('无名路8号');

-- Retired names and dates: the code in force on the day asked.
SELECT d AS as_of, address_to_adcode('武鸣县', d) AS wuming, address_to_adcode('横县', d) AS hengxian,
       address_to_adcode('横州市', d) AS hengzhou
  FROM unnest(ARRAY['2010-01-01', '2015-02-16', '2021-02-02', '2021-02-03']::date[]) AS d;

-- Street terms: a short name before one, or ending in one, is a street.
SELECT a AS address, address_to_adcode(a) AS code
  FROM unnest(ARRAY['南宁市中山路', '广西北路1号', '中山路8号', '南宁市兴宁区民生路', '南宁市兴宁区民生街道']) AS a;

-- A city's corrections take effect at once, and a rolled-back one is gone.
BEGIN;
INSERT INTO division (code, name, short_name, kind, urban) VALUES ('450107099', '测试新区街道', '测试新', '街道', true);
SELECT address_to_adcode('南宁测试新区街道');
ROLLBACK;
SELECT address_to_adcode('南宁测试新区街道');
UPDATE division SET name = '民主街道', short_name = '民主' WHERE code = '450102001';
SELECT address_to_adcode('南宁市兴宁区民主街道') AS renamed, address_to_adcode('南宁市兴宁区民生街道') AS old_name;
UPDATE division SET name = '民生街道', short_name = '民生' WHERE code = '450102001';
SELECT address_to_adcode('南宁市兴宁区民主街道') AS renamed, address_to_adcode('南宁市兴宁区民生街道') AS old_name;
INSERT INTO address_term (term) VALUES ('商业街');
SELECT address_to_adcode('南宁市兴宁区朝阳商业街') AS with_term;
DELETE FROM address_term WHERE term = '商业街';
SELECT address_to_adcode('南宁市兴宁区朝阳商业街') AS without_term;
SELECT divisions > 46000 AS divisions, names > 80000 AS names, bytes < 64 * 1024 * 1024 AS under_64mb FROM address_index_stats();

-- NULL in, NULL out; bad input is an error.
SELECT address_to_adcode(NULL), address_to_adcode('南宁', NULL), address_parse(NULL) IS NULL AS parse_null;
SELECT address_to_adcode(E'南宁\n江南区');
SELECT address_to_adcode(E'南宁\x01江南区');
SELECT address_to_adcode('南宁', 'infinity');
SELECT address_to_adcode(repeat('南宁', 2000));
SELECT address_to_adcode(repeat('南', 2730)) IS NULL AS long_but_allowed;
