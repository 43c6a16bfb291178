-- adcode: administrative-division codes (行政区划代码).
-- An 8-byte pass-by-value type holding the 12-digit NBS code; comparison,
-- hashing and sorting reuse the bigint routines because the representation
-- is a bigint whose order is the code order.

CREATE TYPE civil_affairs.adcode;

CREATE FUNCTION civil_affairs.adcode_in(cstring) RETURNS civil_affairs.adcode
    AS 'MODULE_PATHNAME', 'adcode_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION civil_affairs.adcode_out(civil_affairs.adcode) RETURNS cstring
    AS 'MODULE_PATHNAME', 'adcode_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION civil_affairs.adcode_recv(internal) RETURNS civil_affairs.adcode
    AS 'MODULE_PATHNAME', 'adcode_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION civil_affairs.adcode_send(civil_affairs.adcode) RETURNS bytea
    AS 'MODULE_PATHNAME', 'adcode_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE civil_affairs.adcode (
    INPUT = civil_affairs.adcode_in,
    OUTPUT = civil_affairs.adcode_out,
    RECEIVE = civil_affairs.adcode_recv,
    SEND = civil_affairs.adcode_send,
    INTERNALLENGTH = 8,
    PASSEDBYVALUE,
    ALIGNMENT = double,
    STORAGE = plain,
    CATEGORY = 'U'
);

COMMENT ON TYPE civil_affairs.adcode IS
    '行政区划代码（GB/T 2260 六位码及统计用九位、十二位码）。Administrative-division code (6-digit GB/T 2260, 9- and 12-digit NBS statistical code).';
COMMENT ON FUNCTION civil_affairs.adcode_in(cstring) IS
    '行政区划代码的文本输入函数。Text input function of type adcode.';
COMMENT ON FUNCTION civil_affairs.adcode_out(civil_affairs.adcode) IS
    '行政区划代码的文本输出函数（最短规范形式）。Text output function of type adcode (shortest canonical form).';
COMMENT ON FUNCTION civil_affairs.adcode_recv(internal) IS
    '行政区划代码的二进制输入函数。Binary input function of type adcode.';
COMMENT ON FUNCTION civil_affairs.adcode_send(civil_affairs.adcode) IS
    '行政区划代码的二进制输出函数。Binary output function of type adcode.';

-- Comparison: the bigint routines, since the Datum is the 12-digit number.
CREATE FUNCTION civil_affairs.adcode_eq(civil_affairs.adcode, civil_affairs.adcode) RETURNS boolean
    AS 'int8eq' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION civil_affairs.adcode_ne(civil_affairs.adcode, civil_affairs.adcode) RETURNS boolean
    AS 'int8ne' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION civil_affairs.adcode_lt(civil_affairs.adcode, civil_affairs.adcode) RETURNS boolean
    AS 'int8lt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION civil_affairs.adcode_le(civil_affairs.adcode, civil_affairs.adcode) RETURNS boolean
    AS 'int8le' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION civil_affairs.adcode_gt(civil_affairs.adcode, civil_affairs.adcode) RETURNS boolean
    AS 'int8gt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION civil_affairs.adcode_ge(civil_affairs.adcode, civil_affairs.adcode) RETURNS boolean
    AS 'int8ge' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION civil_affairs.adcode_cmp(civil_affairs.adcode, civil_affairs.adcode) RETURNS integer
    AS 'btint8cmp' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION civil_affairs.adcode_sortsupport(internal) RETURNS void
    AS 'btint8sortsupport' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION civil_affairs.adcode_hash(civil_affairs.adcode) RETURNS integer
    AS 'hashint8' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION civil_affairs.adcode_hash_extended(civil_affairs.adcode, bigint) RETURNS bigint
    AS 'hashint8extended' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

COMMENT ON FUNCTION civil_affairs.adcode_eq(civil_affairs.adcode, civil_affairs.adcode) IS '代码相等。Codes are equal.';
COMMENT ON FUNCTION civil_affairs.adcode_ne(civil_affairs.adcode, civil_affairs.adcode) IS '代码不等。Codes differ.';
COMMENT ON FUNCTION civil_affairs.adcode_lt(civil_affairs.adcode, civil_affairs.adcode) IS '代码小于。Code order: less than.';
COMMENT ON FUNCTION civil_affairs.adcode_le(civil_affairs.adcode, civil_affairs.adcode) IS '代码小于等于。Code order: less than or equal.';
COMMENT ON FUNCTION civil_affairs.adcode_gt(civil_affairs.adcode, civil_affairs.adcode) IS '代码大于。Code order: greater than.';
COMMENT ON FUNCTION civil_affairs.adcode_ge(civil_affairs.adcode, civil_affairs.adcode) IS '代码大于等于。Code order: greater than or equal.';
COMMENT ON FUNCTION civil_affairs.adcode_cmp(civil_affairs.adcode, civil_affairs.adcode) IS 'B 树比较函数。Btree comparison function.';
COMMENT ON FUNCTION civil_affairs.adcode_sortsupport(internal) IS 'B 树排序支持函数。Btree sort support function.';
COMMENT ON FUNCTION civil_affairs.adcode_hash(civil_affairs.adcode) IS '哈希函数。Hash function.';
COMMENT ON FUNCTION civil_affairs.adcode_hash_extended(civil_affairs.adcode, bigint) IS '带种子的哈希函数。Seeded hash function.';

CREATE OPERATOR civil_affairs.= (
    LEFTARG = civil_affairs.adcode, RIGHTARG = civil_affairs.adcode,
    FUNCTION = civil_affairs.adcode_eq,
    COMMUTATOR = OPERATOR(civil_affairs.=), NEGATOR = OPERATOR(civil_affairs.<>),
    RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES
);
CREATE OPERATOR civil_affairs.<> (
    LEFTARG = civil_affairs.adcode, RIGHTARG = civil_affairs.adcode,
    FUNCTION = civil_affairs.adcode_ne,
    COMMUTATOR = OPERATOR(civil_affairs.<>), NEGATOR = OPERATOR(civil_affairs.=),
    RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR civil_affairs.< (
    LEFTARG = civil_affairs.adcode, RIGHTARG = civil_affairs.adcode,
    FUNCTION = civil_affairs.adcode_lt,
    COMMUTATOR = OPERATOR(civil_affairs.>), NEGATOR = OPERATOR(civil_affairs.>=),
    RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR civil_affairs.<= (
    LEFTARG = civil_affairs.adcode, RIGHTARG = civil_affairs.adcode,
    FUNCTION = civil_affairs.adcode_le,
    COMMUTATOR = OPERATOR(civil_affairs.>=), NEGATOR = OPERATOR(civil_affairs.>),
    RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR civil_affairs.> (
    LEFTARG = civil_affairs.adcode, RIGHTARG = civil_affairs.adcode,
    FUNCTION = civil_affairs.adcode_gt,
    COMMUTATOR = OPERATOR(civil_affairs.<), NEGATOR = OPERATOR(civil_affairs.<=),
    RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
CREATE OPERATOR civil_affairs.>= (
    LEFTARG = civil_affairs.adcode, RIGHTARG = civil_affairs.adcode,
    FUNCTION = civil_affairs.adcode_ge,
    COMMUTATOR = OPERATOR(civil_affairs.<=), NEGATOR = OPERATOR(civil_affairs.<),
    RESTRICT = scalargesel, JOIN = scalargejoinsel
);

COMMENT ON OPERATOR civil_affairs.=  (civil_affairs.adcode, civil_affairs.adcode) IS '相等。Equal.';
COMMENT ON OPERATOR civil_affairs.<> (civil_affairs.adcode, civil_affairs.adcode) IS '不等。Not equal.';
COMMENT ON OPERATOR civil_affairs.<  (civil_affairs.adcode, civil_affairs.adcode) IS '小于（代码顺序）。Less than, in code order.';
COMMENT ON OPERATOR civil_affairs.<= (civil_affairs.adcode, civil_affairs.adcode) IS '小于等于（代码顺序）。Less than or equal, in code order.';
COMMENT ON OPERATOR civil_affairs.>  (civil_affairs.adcode, civil_affairs.adcode) IS '大于（代码顺序）。Greater than, in code order.';
COMMENT ON OPERATOR civil_affairs.>= (civil_affairs.adcode, civil_affairs.adcode) IS '大于等于（代码顺序）。Greater than or equal, in code order.';

CREATE OPERATOR CLASS civil_affairs.adcode_ops
    DEFAULT FOR TYPE civil_affairs.adcode USING btree AS
        OPERATOR 1 civil_affairs.<,
        OPERATOR 2 civil_affairs.<=,
        OPERATOR 3 civil_affairs.=,
        OPERATOR 4 civil_affairs.>=,
        OPERATOR 5 civil_affairs.>,
        FUNCTION 1 civil_affairs.adcode_cmp(civil_affairs.adcode, civil_affairs.adcode),
        FUNCTION 2 civil_affairs.adcode_sortsupport(internal);

CREATE OPERATOR CLASS civil_affairs.adcode_hash_ops
    DEFAULT FOR TYPE civil_affairs.adcode USING hash AS
        OPERATOR 1 civil_affairs.=,
        FUNCTION 1 civil_affairs.adcode_hash(civil_affairs.adcode),
        FUNCTION 2 civil_affairs.adcode_hash_extended(civil_affairs.adcode, bigint);

COMMENT ON OPERATOR CLASS civil_affairs.adcode_ops USING btree IS
    '行政区划代码的 B 树操作符类（代码顺序，支持 <@ 范围扫描）。Btree operator class for adcode (code order; serves <@ as a range scan).';
COMMENT ON OPERATOR CLASS civil_affairs.adcode_hash_ops USING hash IS
    '行政区划代码的哈希操作符类（哈希连接、哈希分区）。Hash operator class for adcode (hash joins, hash partitioning).';
COMMENT ON OPERATOR FAMILY civil_affairs.adcode_ops USING btree IS
    '行政区划代码的 B 树操作符族。Btree operator family for adcode.';
COMMENT ON OPERATOR FAMILY civil_affairs.adcode_hash_ops USING hash IS
    '行政区划代码的哈希操作符族。Hash operator family for adcode.';

-- min() and max(), so report writers can take the first and last code of a group.
CREATE FUNCTION civil_affairs.adcode_smaller(civil_affairs.adcode, civil_affairs.adcode) RETURNS civil_affairs.adcode
    AS 'int8smaller' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION civil_affairs.adcode_larger(civil_affairs.adcode, civil_affairs.adcode) RETURNS civil_affairs.adcode
    AS 'int8larger' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE AGGREGATE civil_affairs.min(civil_affairs.adcode) (
    SFUNC = civil_affairs.adcode_smaller, STYPE = civil_affairs.adcode,
    COMBINEFUNC = civil_affairs.adcode_smaller, SORTOP = OPERATOR(civil_affairs.<), PARALLEL = SAFE
);
CREATE AGGREGATE civil_affairs.max(civil_affairs.adcode) (
    SFUNC = civil_affairs.adcode_larger, STYPE = civil_affairs.adcode,
    COMBINEFUNC = civil_affairs.adcode_larger, SORTOP = OPERATOR(civil_affairs.>), PARALLEL = SAFE
);
COMMENT ON FUNCTION civil_affairs.adcode_smaller(civil_affairs.adcode, civil_affairs.adcode) IS '两者中较小的代码。The smaller of two codes.';
COMMENT ON FUNCTION civil_affairs.adcode_larger(civil_affairs.adcode, civil_affairs.adcode) IS '两者中较大的代码。The larger of two codes.';
COMMENT ON AGGREGATE civil_affairs.min(civil_affairs.adcode) IS '最小代码。Smallest code.';
COMMENT ON AGGREGATE civil_affairs.max(civil_affairs.adcode) IS '最大代码。Largest code.';

-- Containment: a code's subtree is the range [code, code + unit of its level).
CREATE FUNCTION civil_affairs.adcode_support(internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'adcode_support' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION civil_affairs.adcode_contsel(internal, oid, internal, integer) RETURNS double precision
    AS 'MODULE_PATHNAME', 'adcode_contsel' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION civil_affairs.adcode_contjoinsel(internal, oid, internal, smallint, internal) RETURNS double precision
    AS 'MODULE_PATHNAME', 'adcode_contjoinsel' LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION civil_affairs.adcode_contains(civil_affairs.adcode, civil_affairs.adcode) RETURNS boolean
    AS 'MODULE_PATHNAME', 'adcode_contains' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF
    SUPPORT civil_affairs.adcode_support;
CREATE FUNCTION civil_affairs.adcode_contained_by(civil_affairs.adcode, civil_affairs.adcode) RETURNS boolean
    AS 'MODULE_PATHNAME', 'adcode_contained_by' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF
    SUPPORT civil_affairs.adcode_support;
CREATE FUNCTION civil_affairs.adcode_subtree_lower(civil_affairs.adcode) RETURNS civil_affairs.adcode
    AS 'MODULE_PATHNAME', 'adcode_subtree_lower' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION civil_affairs.adcode_subtree_upper(civil_affairs.adcode) RETURNS civil_affairs.adcode
    AS 'MODULE_PATHNAME', 'adcode_subtree_upper' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OPERATOR civil_affairs.@> (
    LEFTARG = civil_affairs.adcode, RIGHTARG = civil_affairs.adcode,
    FUNCTION = civil_affairs.adcode_contains,
    COMMUTATOR = OPERATOR(civil_affairs.<@),
    RESTRICT = civil_affairs.adcode_contsel, JOIN = civil_affairs.adcode_contjoinsel
);
CREATE OPERATOR civil_affairs.<@ (
    LEFTARG = civil_affairs.adcode, RIGHTARG = civil_affairs.adcode,
    FUNCTION = civil_affairs.adcode_contained_by,
    COMMUTATOR = OPERATOR(civil_affairs.@>),
    RESTRICT = civil_affairs.adcode_contsel, JOIN = civil_affairs.adcode_contjoinsel
);

COMMENT ON FUNCTION civil_affairs.adcode_support(internal) IS
    '规划器支持函数：把 <@、@> 变为 B 树范围条件。Planner support: turns <@ and @> into a btree range condition.';
COMMENT ON FUNCTION civil_affairs.adcode_contsel(internal, oid, internal, integer) IS
    '包含关系的选择率估计。Selectivity estimator for containment.';
COMMENT ON FUNCTION civil_affairs.adcode_contjoinsel(internal, oid, internal, smallint, internal) IS
    '包含关系的连接选择率估计。Join selectivity estimator for containment.';
COMMENT ON FUNCTION civil_affairs.adcode_contains(civil_affairs.adcode, civil_affairs.adcode) IS
    '前者辖区包含后者（含相等）。The first division contains the second (or is it).';
COMMENT ON FUNCTION civil_affairs.adcode_contained_by(civil_affairs.adcode, civil_affairs.adcode) IS
    '前者位于后者辖区内（含相等）。The first division lies within the second (or is it).';
COMMENT ON FUNCTION civil_affairs.adcode_subtree_lower(civil_affairs.adcode) IS
    '内部：辖区代码范围的下界（含）。Internal: inclusive lower bound of the subtree''s code range.';
COMMENT ON FUNCTION civil_affairs.adcode_subtree_upper(civil_affairs.adcode) IS
    '内部：辖区代码范围的上界（不含，未必是有效代码）。Internal: exclusive upper bound of the subtree''s code range (not necessarily a valid code).';
COMMENT ON OPERATOR civil_affairs.@> (civil_affairs.adcode, civil_affairs.adcode) IS
    '包含：左边的区划包含右边的区划。Contains: the left division contains the right one.';
COMMENT ON OPERATOR civil_affairs.<@ (civil_affairs.adcode, civil_affairs.adcode) IS
    '被包含：左边的区划位于右边的区划内。Is contained by: the left division lies within the right one.';

-- Navigation: pure code arithmetic, so IMMUTABLE.
CREATE FUNCTION civil_affairs.adcode_level(civil_affairs.adcode) RETURNS integer
    AS 'MODULE_PATHNAME', 'adcode_level' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION civil_affairs.adcode_parent(civil_affairs.adcode) RETURNS civil_affairs.adcode
    AS 'MODULE_PATHNAME', 'adcode_parent' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION civil_affairs.adcode_ancestor(civil_affairs.adcode, integer) RETURNS civil_affairs.adcode
    AS 'MODULE_PATHNAME', 'adcode_ancestor' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION civil_affairs.adcode_ancestors(civil_affairs.adcode) RETURNS civil_affairs.adcode[]
    AS 'MODULE_PATHNAME', 'adcode_ancestors' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION civil_affairs.adcode_province(code civil_affairs.adcode) RETURNS civil_affairs.adcode
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN civil_affairs.adcode_ancestor(code, 1);
CREATE FUNCTION civil_affairs.adcode_prefecture(code civil_affairs.adcode) RETURNS civil_affairs.adcode
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN civil_affairs.adcode_ancestor(code, 2);
CREATE FUNCTION civil_affairs.adcode_county(code civil_affairs.adcode) RETURNS civil_affairs.adcode
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN civil_affairs.adcode_ancestor(code, 3);
CREATE FUNCTION civil_affairs.adcode_township(code civil_affairs.adcode) RETURNS civil_affairs.adcode
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN civil_affairs.adcode_ancestor(code, 4);

COMMENT ON FUNCTION civil_affairs.adcode_level(civil_affairs.adcode) IS
    '区划级别：1 省级，2 地级，3 县级，4 乡级，5 村级。Division level: 1 province, 2 prefecture, 3 county, 4 township, 5 village.';
COMMENT ON FUNCTION civil_affairs.adcode_parent(civil_affairs.adcode) IS
    '上一级代码（按代码结构，省级返回 NULL）。The code one level up, by code structure (NULL for a province).';
COMMENT ON FUNCTION civil_affairs.adcode_ancestor(civil_affairs.adcode, integer) IS
    '指定级别的上级代码；该级为零或更深时返回 NULL。The ancestor at the given level; NULL when that part is zero or deeper than the code.';
COMMENT ON FUNCTION civil_affairs.adcode_ancestors(civil_affairs.adcode) IS
    '从省级到本级的代码链。The chain of codes from the province down to the code itself.';
COMMENT ON FUNCTION civil_affairs.adcode_province(civil_affairs.adcode) IS '所属省级代码。The province-level ancestor.';
COMMENT ON FUNCTION civil_affairs.adcode_prefecture(civil_affairs.adcode) IS '所属地级代码。The prefecture-level ancestor.';
COMMENT ON FUNCTION civil_affairs.adcode_county(civil_affairs.adcode) IS '所属县级代码（东莞等不设区的市的乡镇为 NULL）。The county-level ancestor (NULL for townships of prefectures without counties, such as 东莞).';
COMMENT ON FUNCTION civil_affairs.adcode_township(civil_affairs.adcode) IS '所属乡级代码。The township-level ancestor.';

-- Casts: text both ways for ODBC clients (assignment, so INSERT of text
-- works), bigint both ways for the 12-digit number.
CREATE FUNCTION civil_affairs.adcode_to_bigint(civil_affairs.adcode) RETURNS bigint
    AS 'MODULE_PATHNAME', 'adcode_to_bigint' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION civil_affairs.adcode_from_bigint(bigint) RETURNS civil_affairs.adcode
    AS 'MODULE_PATHNAME', 'adcode_from_bigint' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE CAST (text AS civil_affairs.adcode) WITH INOUT AS ASSIGNMENT;
CREATE CAST (character varying AS civil_affairs.adcode) WITH INOUT AS ASSIGNMENT;
CREATE CAST (civil_affairs.adcode AS text) WITH INOUT AS ASSIGNMENT;
CREATE CAST (civil_affairs.adcode AS character varying) WITH INOUT AS ASSIGNMENT;
CREATE CAST (civil_affairs.adcode AS bigint) WITH FUNCTION civil_affairs.adcode_to_bigint(civil_affairs.adcode);
CREATE CAST (bigint AS civil_affairs.adcode) WITH FUNCTION civil_affairs.adcode_from_bigint(bigint);

COMMENT ON FUNCTION civil_affairs.adcode_to_bigint(civil_affairs.adcode) IS
    '转为十二位数字（450107 → 450107000000）。As the 12-digit number (450107 → 450107000000).';
COMMENT ON FUNCTION civil_affairs.adcode_from_bigint(bigint) IS
    '由十二位数字转换并校验。From the 12-digit number, checked.';
COMMENT ON CAST (text AS civil_affairs.adcode) IS '文本转行政区划代码。Text to adcode.';
COMMENT ON CAST (character varying AS civil_affairs.adcode) IS '文本转行政区划代码。Varchar to adcode.';
COMMENT ON CAST (civil_affairs.adcode AS text) IS '行政区划代码转文本。Adcode to text.';
COMMENT ON CAST (civil_affairs.adcode AS character varying) IS '行政区划代码转文本。Adcode to varchar.';
COMMENT ON CAST (civil_affairs.adcode AS bigint) IS '行政区划代码转十二位数字。Adcode to its 12-digit number.';
COMMENT ON CAST (bigint AS civil_affairs.adcode) IS '十二位数字转行政区划代码。12-digit number to adcode.';
