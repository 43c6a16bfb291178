-- idcard: resident identity numbers (居民身份证号码, GB 11643).
-- An 8-byte pass-by-value type holding the 17 leading digits as a bigint;
-- the check character follows from them.  All canonical texts have the same
-- length, so the number's order is the text order, and comparison, hashing
-- and sorting reuse the bigint routines.  Loaded after division.sql
-- (idcard_region_current reads division_change through adcode_current).

CREATE TYPE civil_affairs.idcard;

CREATE FUNCTION civil_affairs.idcard_in(cstring) RETURNS civil_affairs.idcard
    AS 'MODULE_PATHNAME', 'idcard_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION civil_affairs.idcard_out(civil_affairs.idcard) RETURNS cstring
    AS 'MODULE_PATHNAME', 'idcard_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION civil_affairs.idcard_recv(internal) RETURNS civil_affairs.idcard
    AS 'MODULE_PATHNAME', 'idcard_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION civil_affairs.idcard_send(civil_affairs.idcard) RETURNS bytea
    AS 'MODULE_PATHNAME', 'idcard_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE civil_affairs.idcard (
    INPUT = civil_affairs.idcard_in,
    OUTPUT = civil_affairs.idcard_out,
    RECEIVE = civil_affairs.idcard_recv,
    SEND = civil_affairs.idcard_send,
    INTERNALLENGTH = 8,
    PASSEDBYVALUE,
    ALIGNMENT = double,
    STORAGE = plain,
    CATEGORY = 'U'
);

COMMENT ON TYPE civil_affairs.idcard IS
    '居民身份证号码（GB 11643，十八位，含校验码；十五位旧号码输入时升位）。Resident identity number (GB 11643, 18 characters with the check character; 15-digit numbers are upgraded on input).';
COMMENT ON FUNCTION civil_affairs.idcard_in(cstring) IS
    '身份证号码的文本输入函数（校验长度、字符、省级代码、出生日期和校验码）。Text input function of type idcard (checks length, characters, province code, birth date and check character).';
COMMENT ON FUNCTION civil_affairs.idcard_out(civil_affairs.idcard) IS
    '身份证号码的文本输出函数（十八位，校验码 X 大写）。Text output function of type idcard (18 characters, check character X in upper case).';
COMMENT ON FUNCTION civil_affairs.idcard_recv(internal) IS
    '身份证号码的二进制输入函数（前十七位数字，重新校验）。Binary input function of type idcard (the 17 leading digits, checked again).';
COMMENT ON FUNCTION civil_affairs.idcard_send(civil_affairs.idcard) IS
    '身份证号码的二进制输出函数（前十七位数字）。Binary output function of type idcard (the 17 leading digits).';

-- Comparison: the bigint routines, since the Datum is the 17-digit number.
CREATE FUNCTION civil_affairs.idcard_eq(civil_affairs.idcard, civil_affairs.idcard) RETURNS boolean
    AS 'int8eq' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION civil_affairs.idcard_ne(civil_affairs.idcard, civil_affairs.idcard) RETURNS boolean
    AS 'int8ne' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION civil_affairs.idcard_lt(civil_affairs.idcard, civil_affairs.idcard) RETURNS boolean
    AS 'int8lt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION civil_affairs.idcard_le(civil_affairs.idcard, civil_affairs.idcard) RETURNS boolean
    AS 'int8le' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION civil_affairs.idcard_gt(civil_affairs.idcard, civil_affairs.idcard) RETURNS boolean
    AS 'int8gt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION civil_affairs.idcard_ge(civil_affairs.idcard, civil_affairs.idcard) RETURNS boolean
    AS 'int8ge' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION civil_affairs.idcard_cmp(civil_affairs.idcard, civil_affairs.idcard) RETURNS integer
    AS 'btint8cmp' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION civil_affairs.idcard_sortsupport(internal) RETURNS void
    AS 'btint8sortsupport' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION civil_affairs.idcard_hash(civil_affairs.idcard) RETURNS integer
    AS 'hashint8' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION civil_affairs.idcard_hash_extended(civil_affairs.idcard, bigint) RETURNS bigint
    AS 'hashint8extended' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

COMMENT ON FUNCTION civil_affairs.idcard_eq(civil_affairs.idcard, civil_affairs.idcard) IS '号码相等。Numbers are equal.';
COMMENT ON FUNCTION civil_affairs.idcard_ne(civil_affairs.idcard, civil_affairs.idcard) IS '号码不等。Numbers differ.';
COMMENT ON FUNCTION civil_affairs.idcard_lt(civil_affairs.idcard, civil_affairs.idcard) IS '号码小于（文本顺序）。Less than, in text order.';
COMMENT ON FUNCTION civil_affairs.idcard_le(civil_affairs.idcard, civil_affairs.idcard) IS '号码小于等于（文本顺序）。Less than or equal, in text order.';
COMMENT ON FUNCTION civil_affairs.idcard_gt(civil_affairs.idcard, civil_affairs.idcard) IS '号码大于（文本顺序）。Greater than, in text order.';
COMMENT ON FUNCTION civil_affairs.idcard_ge(civil_affairs.idcard, civil_affairs.idcard) IS '号码大于等于（文本顺序）。Greater than or equal, in text order.';
COMMENT ON FUNCTION civil_affairs.idcard_cmp(civil_affairs.idcard, civil_affairs.idcard) IS 'B 树比较函数。Btree comparison function.';
COMMENT ON FUNCTION civil_affairs.idcard_sortsupport(internal) IS 'B 树排序支持函数。Btree sort support function.';
COMMENT ON FUNCTION civil_affairs.idcard_hash(civil_affairs.idcard) IS '哈希函数。Hash function.';
COMMENT ON FUNCTION civil_affairs.idcard_hash_extended(civil_affairs.idcard, bigint) IS '带种子的哈希函数。Seeded hash function.';

CREATE OPERATOR civil_affairs.= (
    LEFTARG = civil_affairs.idcard, RIGHTARG = civil_affairs.idcard,
    FUNCTION = civil_affairs.idcard_eq,
    COMMUTATOR = OPERATOR(civil_affairs.=), NEGATOR = OPERATOR(civil_affairs.<>),
    RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES
);
CREATE OPERATOR civil_affairs.<> (
    LEFTARG = civil_affairs.idcard, RIGHTARG = civil_affairs.idcard,
    FUNCTION = civil_affairs.idcard_ne,
    COMMUTATOR = OPERATOR(civil_affairs.<>), NEGATOR = OPERATOR(civil_affairs.=),
    RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR civil_affairs.< (
    LEFTARG = civil_affairs.idcard, RIGHTARG = civil_affairs.idcard,
    FUNCTION = civil_affairs.idcard_lt,
    COMMUTATOR = OPERATOR(civil_affairs.>), NEGATOR = OPERATOR(civil_affairs.>=),
    RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR civil_affairs.<= (
    LEFTARG = civil_affairs.idcard, RIGHTARG = civil_affairs.idcard,
    FUNCTION = civil_affairs.idcard_le,
    COMMUTATOR = OPERATOR(civil_affairs.>=), NEGATOR = OPERATOR(civil_affairs.>),
    RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR civil_affairs.> (
    LEFTARG = civil_affairs.idcard, RIGHTARG = civil_affairs.idcard,
    FUNCTION = civil_affairs.idcard_gt,
    COMMUTATOR = OPERATOR(civil_affairs.<), NEGATOR = OPERATOR(civil_affairs.<=),
    RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
CREATE OPERATOR civil_affairs.>= (
    LEFTARG = civil_affairs.idcard, RIGHTARG = civil_affairs.idcard,
    FUNCTION = civil_affairs.idcard_ge,
    COMMUTATOR = OPERATOR(civil_affairs.<=), NEGATOR = OPERATOR(civil_affairs.<),
    RESTRICT = scalargesel, JOIN = scalargejoinsel
);

COMMENT ON OPERATOR civil_affairs.=  (civil_affairs.idcard, civil_affairs.idcard) IS '相等。Equal.';
COMMENT ON OPERATOR civil_affairs.<> (civil_affairs.idcard, civil_affairs.idcard) IS '不等。Not equal.';
COMMENT ON OPERATOR civil_affairs.<  (civil_affairs.idcard, civil_affairs.idcard) IS '小于（号码文本顺序）。Less than, in the order of the number''s text.';
COMMENT ON OPERATOR civil_affairs.<= (civil_affairs.idcard, civil_affairs.idcard) IS '小于等于（号码文本顺序）。Less than or equal, in the order of the number''s text.';
COMMENT ON OPERATOR civil_affairs.>  (civil_affairs.idcard, civil_affairs.idcard) IS '大于（号码文本顺序）。Greater than, in the order of the number''s text.';
COMMENT ON OPERATOR civil_affairs.>= (civil_affairs.idcard, civil_affairs.idcard) IS '大于等于（号码文本顺序）。Greater than or equal, in the order of the number''s text.';

CREATE OPERATOR CLASS civil_affairs.idcard_ops
    DEFAULT FOR TYPE civil_affairs.idcard USING btree AS
        OPERATOR 1 civil_affairs.<,
        OPERATOR 2 civil_affairs.<=,
        OPERATOR 3 civil_affairs.=,
        OPERATOR 4 civil_affairs.>=,
        OPERATOR 5 civil_affairs.>,
        FUNCTION 1 civil_affairs.idcard_cmp(civil_affairs.idcard, civil_affairs.idcard),
        FUNCTION 2 civil_affairs.idcard_sortsupport(internal);

CREATE OPERATOR CLASS civil_affairs.idcard_hash_ops
    DEFAULT FOR TYPE civil_affairs.idcard USING hash AS
        OPERATOR 1 civil_affairs.=,
        FUNCTION 1 civil_affairs.idcard_hash(civil_affairs.idcard),
        FUNCTION 2 civil_affairs.idcard_hash_extended(civil_affairs.idcard, bigint);

COMMENT ON OPERATOR CLASS civil_affairs.idcard_ops USING btree IS
    '身份证号码的 B 树操作符类（顺序同十八位文本）。Btree operator class for idcard (the order of the 18-character text).';
COMMENT ON OPERATOR CLASS civil_affairs.idcard_hash_ops USING hash IS
    '身份证号码的哈希操作符类（哈希连接、哈希分区）。Hash operator class for idcard (hash joins, hash partitioning).';
COMMENT ON OPERATOR FAMILY civil_affairs.idcard_ops USING btree IS
    '身份证号码的 B 树操作符族。Btree operator family for idcard.';
COMMENT ON OPERATOR FAMILY civil_affairs.idcard_hash_ops USING hash IS
    '身份证号码的哈希操作符族。Hash operator family for idcard.';

-- Casts: text and varchar both ways for ODBC clients (assignment, so an
-- INSERT of text into an idcard column, or of an idcard into a text column,
-- works without a cast).
CREATE CAST (text AS civil_affairs.idcard) WITH INOUT AS ASSIGNMENT;
CREATE CAST (character varying AS civil_affairs.idcard) WITH INOUT AS ASSIGNMENT;
CREATE CAST (civil_affairs.idcard AS text) WITH INOUT AS ASSIGNMENT;
CREATE CAST (civil_affairs.idcard AS character varying) WITH INOUT AS ASSIGNMENT;

COMMENT ON CAST (text AS civil_affairs.idcard) IS '文本转身份证号码（校验）。Text to idcard, checked.';
COMMENT ON CAST (character varying AS civil_affairs.idcard) IS '文本转身份证号码（校验）。Varchar to idcard, checked.';
COMMENT ON CAST (civil_affairs.idcard AS text) IS '身份证号码转十八位文本。Idcard to its 18-character text.';
COMMENT ON CAST (civil_affairs.idcard AS character varying) IS '身份证号码转十八位文本。Idcard to its 18-character text, as varchar.';

-- What the number says.  Pure computation on the number, so IMMUTABLE; the
-- default CURRENT_DATE of idcard_age is evaluated by the caller, not by the
-- function.
CREATE FUNCTION civil_affairs.idcard_birth_date(id civil_affairs.idcard) RETURNS date
    AS 'MODULE_PATHNAME', 'idcard_birth_date' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION civil_affairs.idcard_sex(id civil_affairs.idcard) RETURNS text
    AS 'MODULE_PATHNAME', 'idcard_sex' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION civil_affairs.idcard_age(id civil_affairs.idcard, on_date date DEFAULT CURRENT_DATE) RETURNS integer
    AS 'MODULE_PATHNAME', 'idcard_age' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION civil_affairs.idcard_region(id civil_affairs.idcard) RETURNS civil_affairs.adcode
    AS 'MODULE_PATHNAME', 'idcard_region' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION civil_affairs.idcard_mask(id civil_affairs.idcard) RETURNS text
    AS 'MODULE_PATHNAME', 'idcard_mask' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION civil_affairs.idcard_birth_date(civil_affairs.idcard) IS
    '出生日期（第 7–14 位）。Birth date (characters 7-14).';
COMMENT ON FUNCTION civil_affairs.idcard_sex(civil_affairs.idcard) IS
    '性别：第 17 位奇数为男 M，偶数为女 F。Sex: M when the 17th digit is odd, F when it is even.';
COMMENT ON FUNCTION civil_affairs.idcard_age(civil_affairs.idcard, date) IS
    '指定日期（默认今天）的周岁；2 月 29 日出生者在平年 3 月 1 日长一岁；日期早于出生日期时为 NULL。Age in whole years on the date (default today); someone born on 29 February turns a year older on 1 March in non-leap years; NULL when the date is before the birth date.';
COMMENT ON FUNCTION civil_affairs.idcard_region(civil_affairs.idcard) IS
    '号码中的地址码（前六位，发证时的县级区划，可能已撤销）。The region code in the number (first six digits: the county-level division at issue, possibly retired since).';
COMMENT ON FUNCTION civil_affairs.idcard_mask(civil_affairs.idcard) IS
    '脱敏形式，保留前六位和后四位：450102********001X。Masked form for printed lists, first six and last four characters kept: 450102********001X.';

-- The region in force on a date: follows division changes, so it reads a
-- table and is STABLE.
CREATE FUNCTION civil_affairs.idcard_region_current(id civil_affairs.idcard, on_date date DEFAULT CURRENT_DATE)
    RETURNS civil_affairs.adcode
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    RETURN civil_affairs.adcode_current(civil_affairs.idcard_region(id), on_date);
COMMENT ON FUNCTION civil_affairs.idcard_region_current(civil_affairs.idcard, date) IS
    '地址码沿区划变更在指定日期（默认今天）对应的代码：450127 横县 → 450181 横州市。The region code carried forward through division changes to the date (default today): 450127 横县 → 450181 横州市.';

-- Checks of text that do not raise, for cleaning data in bulk.
CREATE FUNCTION civil_affairs.idcard_is_valid(text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'idcard_is_valid' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION civil_affairs.idcard_check(text) RETURNS text
    AS 'MODULE_PATHNAME', 'idcard_check' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION civil_affairs.idcard_is_valid(text) IS
    '文本是否为有效身份证号码（不报错；NULL 返回 NULL）。Whether the text is a valid identity number, without raising an error (NULL for NULL).';
COMMENT ON FUNCTION civil_affairs.idcard_check(text) IS
    '有效时返回 NULL，否则返回原因（英文）；注意 NULL 输入也返回 NULL。NULL when the text is a valid number, otherwise the reason in English; note that NULL input also gives NULL.';
