-- masking: what report views show instead of a name or a phone number.
-- Identity numbers use idcard_mask (src/sql/idcard.sql).

-- 张小明 → 张**: the first character (the surname, for the single-character
-- surnames nearly all residents have) and one * per further character.
CREATE FUNCTION civil_affairs.name_mask(name text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE WHEN char_length(btrim(name)) <= 1 THEN '*'
            ELSE left(btrim(name), 1) || repeat('*', char_length(btrim(name)) - 1) END;
COMMENT ON FUNCTION civil_affairs.name_mask(text) IS
    '姓名脱敏：保留首字（姓），其余每字以 * 代替；单字姓名全部遮盖。Masks a name: keeps the first character (the surname) and writes * for each further character; a one-character name is masked whole.';

-- 13812345678 → 138****5678; other numbers keep their last four digits.
CREATE FUNCTION civil_affairs.phone_mask(phone text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE WHEN regexp_replace(phone, '\D', '', 'g') ~ '^1\d{10}$'
                 THEN left(regexp_replace(phone, '\D', '', 'g'), 3) || '****' || right(regexp_replace(phone, '\D', '', 'g'), 4)
            WHEN char_length(regexp_replace(phone, '\D', '', 'g')) > 4
                 THEN repeat('*', char_length(regexp_replace(phone, '\D', '', 'g')) - 4) || right(regexp_replace(phone, '\D', '', 'g'), 4)
            ELSE '****' END;
COMMENT ON FUNCTION civil_affairs.phone_mask(text) IS
    '电话脱敏：手机号保留前三位与后四位（138****5678），其他号码只保留后四位。Masks a phone number: a mobile number keeps its first three and last four digits (138****5678), any other number its last four.';
