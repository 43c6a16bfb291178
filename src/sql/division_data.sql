-- After the shipped division rows are in: codes retired by a change stay in
-- the table (old ID cards and archives still name them) with their validity
-- closed, and codes created by a change start on its date.

UPDATE civil_affairs.division d
   SET valid = daterange(c.effective_on, NULL)
  FROM (SELECT new_code, max(effective_on) AS effective_on
          FROM civil_affairs.division_change
         WHERE new_code IS NOT NULL AND new_code <> old_code
         GROUP BY new_code) c
 WHERE d.code = c.new_code;

INSERT INTO civil_affairs.division (code, name, short_name, kind, placeholder, valid, source, shipped)
SELECT DISTINCT ON (c.old_code)
       c.old_code, c.old_name,
       CASE WHEN char_length(c.old_name) > 2 AND c.old_name ~ '(县|区|市|旗)$'
            THEN left(c.old_name, -1) ELSE c.old_name END,
       CASE WHEN c.old_name LIKE '%自治县' THEN '自治县'
            WHEN c.old_name LIKE '%县' THEN '县'
            WHEN c.old_name LIKE '%区' THEN '市辖区'
            WHEN c.old_name LIKE '%旗' THEN '旗'
            WHEN c.old_name LIKE '%市' AND civil_affairs.adcode_level(c.old_code) = 3 THEN '县级市'
            WHEN c.old_name LIKE '%市' THEN '地级市'
            ELSE '其他' END,
       false,
       daterange(NULL, c.effective_on),
       'retired code, from division_change: ' || c.source,
       true
  FROM civil_affairs.division_change c
 WHERE c.new_code IS DISTINCT FROM c.old_code
   AND NOT EXISTS (SELECT FROM civil_affairs.division d WHERE d.code = c.old_code)
 ORDER BY c.old_code, c.effective_on DESC;

-- A few retired counties hung from placeholder units that are gone too
-- (Beijing's 110200 县, Hebei's 139000 省直辖县级行政区划); keep those
-- placeholders, closed with their last child, so every parent exists.
INSERT INTO civil_affairs.division (code, name, short_name, kind, placeholder, valid, source, shipped)
SELECT d.parent,
       CASE WHEN d.parent::text LIKE '__90__' THEN '省直辖县级行政区划' ELSE '县' END,
       CASE WHEN d.parent::text LIKE '__90__' THEN '省直辖县级行政区划' ELSE '县' END,
       '虚拟', true,
       daterange(NULL, max(upper(d.valid))),
       'retired placeholder, parent of retired codes in division_change',
       true
  FROM civil_affairs.division d
 WHERE d.level = 3
   AND NOT EXISTS (SELECT FROM civil_affairs.division p WHERE p.code = d.parent)
 GROUP BY d.parent;

SELECT pg_catalog.set_config('civil_affairs.loading_reference_data', 'off', true);
