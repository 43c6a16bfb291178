-- placename: normalization, romanization, review and the gazetteer.
SET search_path = civil_affairs, public;

-- normalize
SELECT placename_normalize('  廣西　壯族自治區 ') AS hant,
       placename_normalize('民族大道１２３号') AS width,
       placename_normalize('阿依・买买提路（东段）—1') AS punct,
       placename_normalize('Wanda   Plaza') AS latin,
       placename_normalize('乾縣') AS qian;
SELECT placename_normalize(placename_normalize('  廣西　壯族自治區 ')) = placename_normalize('  廣西　壯族自治區 ') AS idempotent;
SELECT placename_normalize(NULL) IS NULL AS null_in_null_out, placename_normalize('') = '' AS empty;

-- bad input: clear errors, never a crash
SELECT placename_normalize(E'南宁\x01市');
SELECT placename_normalize(repeat('南', 30000));
SELECT length(placename_normalize(repeat('南', 21845))) AS at_limit;
SELECT placename_pinyin(E'a\tb\nc');

-- pinyin: the issue's examples and the place-name readings
SELECT n, placename_pinyin(n) AS pinyin, placename_pinyin(n, true) AS tones
  FROM unnest(ARRAY['西乡塘区', '隆安县', '广西壮族自治区', '民族大道', '六安市', '蚌埠市',
                    '番禺区', '丽水市', '乐亭县', '厦门市', '长治市', '铅山县', '东阿县',
                    '尉氏县', '单县', '六合区', '涡阳县', '台州市', '六盘水市',
                    '科尔沁左翼中旗', '澳门特别行政区', '吕梁市']) n;
SELECT placename_readings('六安 六盘水') AS readings;

-- split
SELECT n, s.* FROM unnest(ARRAY['广西壮族自治区', '西乡塘区', '民族大道', '路', '南宁']) n,
       LATERAL placename_split(n) s;

-- General Standard characters
SELECT placename_nonstandard_chars('犇羴鱻村') AS odd, placename_nonstandard_chars('南宁') = '' AS none;

-- Accuracy: every county-level and higher division name romanizes without
-- an unread character and with a generic part (placeholders and functional
-- areas aside); docs/placename.md tells how the readings were checked.
SELECT count(*) AS names,
       count(*) FILTER (WHERE placename_pinyin(name) ~ '^[A-Z][A-Za-zü'']*( [A-Z][A-Za-zü'']*)+$') AS well_formed
  FROM division WHERE level <= 3 AND NOT placeholder AND kind NOT IN ('功能区', '虚拟');
SELECT name, placename_pinyin(name) FROM division
 WHERE level <= 3 AND NOT placeholder AND kind NOT IN ('功能区', '虚拟')
   AND placename_pinyin(name) !~ '^[A-Z][A-Za-zü'']*( [A-Z][A-Za-zü'']*)+$';

-- Traditional round trip over every division of township level and above:
-- written in traditional characters by ICU (Hans-Hant), each normalizes back
-- to the official name's normalized form.  The exceptions are irreducible
-- character by character: ICU writes a character whose traditional form is
-- itself a General Standard character (干→乾, 于→於, 沙→砂, 坂→阪, 升→昇,
-- 沉→沈, 征→徵, 扎→紮, 着→著, 莼→蒓), which normalizing keeps as written
-- because 乾县, 於 (a surname), 大阪 need it; or ICU writes 馀 as 餘, whose
-- standard form is 余 everywhere but in 馀 names.
CREATE TEMP TABLE hant_round_trip AS
SELECT d.code, d.name, t.hant, placename_normalize(t.hant) AS back
  FROM division d, LATERAL (SELECT placename_transliterate(d.name, 'Hans-Hant') AS hant) t
 WHERE d.level <= 4 AND NOT d.placeholder;
SELECT count(*) AS divisions, count(*) FILTER (WHERE back = placename_normalize(name)) AS round_trip
  FROM hant_round_trip;
SELECT (SELECT string_agg(DISTINCT a || '→' || b, ' ' ORDER BY a || '→' || b)
          FROM unnest(string_to_array(placename_normalize(name), NULL),
                      string_to_array(back, NULL)) u(a, b) WHERE a <> b) AS not_restored,
       count(*)
  FROM hant_round_trip WHERE back <> placename_normalize(name)
 GROUP BY 1 ORDER BY 2 DESC, 1;

-- Review tables and the check
SELECT count(*) > 50 AS generic_terms FROM placename_generic_term;
SELECT count(*) > 40 AS words FROM placename_word;
SELECT * FROM placename_check('环球曼哈顿花园', '450107', 'residential');
SELECT * FROM placename_check('Ａ区', '450107', 'residential');
SELECT * FROM placename_check('犇羴路', '450107', 'road');
SELECT * FROM placename_check('友爱南', '450107', 'road');
SELECT * FROM placename_check('友爱桥', '450107', 'road');
SELECT * FROM placename_check('友爱路', '450107', 'road');
SELECT * FROM placename_check('友爱路', '450107', 'no_such_class');
SELECT * FROM placename_check(NULL, '450107', 'road');

-- The gazetteer and its trigger
INSERT INTO placename (name, class, division, status, approved_on, source_document)
VALUES ('友爱路', 'road', '450107', 'standard', '2021-03-01', '南府复〔2021〕1号');
SELECT name, normalized, pinyin, specific, generic, status FROM placename;
-- the same name in the same county: refused as a standard name
INSERT INTO placename (name, class, division, status, approved_on)
VALUES ('友爱路', 'road', '450107001', 'standard', '2021-03-01');
-- a homophone is only a warning; a name in another county is no duplicate
SELECT * FROM placename_check('友爱路', '450102', 'road');
SELECT * FROM placename_check('有爱路', '450107', 'road');
-- exaggerated and foreign: refused as standard, recorded as non-standard
INSERT INTO placename (name, class, division, status, approved_on)
VALUES ('环球曼哈顿花园', 'residential', '450107', 'standard', '2021-03-01');
INSERT INTO placename (name, class, division, status)
VALUES ('环球曼哈顿花园', 'residential', '450107', 'nonstandard'),
       ('維也納ＶＩＰ小區', 'residential', '450103', 'nonstandard');
-- updating a row does not find itself a duplicate
UPDATE placename SET source_document = '南府复〔2021〕2号' WHERE name = '友爱路';
SELECT district, district_name, name, normalized, code, severity FROM v_placename_nonstandard;
-- a city edits the word list: a shipped word becomes the city's row
UPDATE placename_word SET severity = 'warning' WHERE word = '环球';
SELECT word, severity, shipped FROM placename_word WHERE word = '环球';
INSERT INTO placename_generic_term (term, classes) VALUES ('坊', ARRAY['residential']);
SELECT * FROM placename_check('清风坊', '450107', 'residential');

-- pinyin ordering with the shared collation
SELECT name FROM placename ORDER BY name COLLATE pinyin;

-- ICU
SELECT placename_transliterate('南宁市', 'Hans-Hant') AS hant,
       placename_transliterate('南宁市', 'Han-Latin; Latin-ASCII') AS latin;
SELECT placename_transliterate('南宁', 'No-Such-Transform');
