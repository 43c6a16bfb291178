-- address: free-text addresses → the division in force.  A C matcher reads
-- a per-backend name index built from division and division_change (full
-- names, short names, retired names) and from address_term; statement
-- triggers on those tables make every backend rebuild it on next use.

-- Street terms: a short division name directly followed by one is part of a
-- street name (中山路 is not 中山市, 广西北路 is not 广西).  A city adds its
-- own; shipped rows and a city's rows as for the division tables.
CREATE TABLE civil_affairs.address_term (
    term    text PRIMARY KEY CHECK (term <> '' AND term = btrim(term)),
    shipped boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE civil_affairs.address_term IS
    '道路通名：紧跟在区划简称之后时，说明这是路名而不是区划（中山路不是中山市）；乡、村级简称以之结尾的（学院路街道的“学院路”）也只作路名。Street terms: a short division name directly followed by one is a street, not a division (中山路 is not 中山市); a township''s or village''s short name ending in one (学院路 of 学院路街道) is read as the street too.';
COMMENT ON COLUMN civil_affairs.address_term.term IS '通名：路、街、大道、巷等。The term: 路, 街, 大道, 巷, ….';
COMMENT ON COLUMN civil_affairs.address_term.shipped IS '随扩展发布且未经修改的行（不转储）。Row as shipped with the extension and not edited since (not dumped).';

CREATE TRIGGER address_term_edited BEFORE UPDATE ON civil_affairs.address_term
    FOR EACH ROW EXECUTE FUNCTION civil_affairs.reference_row_edited();
CREATE TRIGGER address_term_replace_shipped BEFORE INSERT ON civil_affairs.address_term
    FOR EACH ROW EXECUTE FUNCTION civil_affairs.replace_shipped_row('term');
SELECT pg_catalog.pg_extension_config_dump('civil_affairs.address_term', 'WHERE NOT shipped');

SELECT pg_catalog.set_config('civil_affairs.loading_reference_data', 'on', true);
INSERT INTO civil_affairs.address_term (term, shipped)
SELECT t, true
  FROM unnest(ARRAY['路', '街', '大街', '大道', '巷', '弄', '胡同', '公路',
                    '东路', '西路', '南路', '北路', '中路', '东街', '西街', '南街', '北街',
                    '中街', '东大街', '西大街', '南大街', '北大街', '环路', '高速', '隧道']) AS t;
SELECT pg_catalog.set_config('civil_affairs.loading_reference_data', 'off', true);

CREATE FUNCTION civil_affairs.address_index_invalidate() RETURNS trigger
    AS 'MODULE_PATHNAME', 'address_index_invalidate' LANGUAGE C;
COMMENT ON FUNCTION civil_affairs.address_index_invalidate() IS
    '触发器：区划、区划变更或地址通名变更后，各会话的地址名称索引在下次使用时重建。Trigger: after division, division_change or address_term changes, every session rebuilds its address name index on next use.';
CREATE TRIGGER division_address_index AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON civil_affairs.division
    FOR EACH STATEMENT EXECUTE FUNCTION civil_affairs.address_index_invalidate();
CREATE TRIGGER division_change_address_index AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON civil_affairs.division_change
    FOR EACH STATEMENT EXECUTE FUNCTION civil_affairs.address_index_invalidate();
CREATE TRIGGER address_term_address_index AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON civil_affairs.address_term
    FOR EACH STATEMENT EXECUTE FUNCTION civil_affairs.address_index_invalidate();

CREATE FUNCTION civil_affairs.address_to_adcode(address text, as_of date DEFAULT CURRENT_DATE)
    RETURNS civil_affairs.adcode
    AS 'MODULE_PATHNAME', 'address_to_adcode' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION civil_affairs.address_to_adcode(text, date) IS
    '地址所指的最具体区划（村、乡、县……）在指定日期（默认今天）的代码；无匹配或有两种同样好的理解时为 NULL。The most specific division (village, township, county, …) that the address names, as in force on the date (default today); NULL when nothing matches or when two readings are equally good.';

CREATE FUNCTION civil_affairs.address_parse(address text, as_of date DEFAULT CURRENT_DATE,
        OUT province civil_affairs.adcode, OUT prefecture civil_affairs.adcode,
        OUT county civil_affairs.adcode, OUT township civil_affairs.adcode,
        OUT village civil_affairs.adcode, OUT remainder text, OUT confidence double precision)
    RETURNS record
    AS 'MODULE_PATHNAME', 'address_parse' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION civil_affairs.address_parse(text, date) IS
    '拆分地址：省、地、县、乡、村各级代码（含推出的上级，略去虚拟单位），未读作区划的其余部分（规范化形式），置信度 0–1。有歧义时各级只给出各候选共有的部分。Splits an address: province, prefecture, county, township and village codes (implied levels included, placeholders left out), the rest of the address not read as a division (normalized), and a confidence from 0 to 1. When ambiguous, only the levels all candidates share.';

CREATE FUNCTION civil_affairs.address_candidate_codes(address text, as_of date,
        OUT code civil_affairs.adcode, OUT level integer, OUT score integer)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'address_candidates' LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 2;
COMMENT ON FUNCTION civil_affairs.address_candidate_codes(text, date) IS
    'address_candidates 的代码部分（不含名称）。The codes, levels and scores of address_candidates, without the names.';

CREATE FUNCTION civil_affairs.address_candidates(address text, as_of date DEFAULT CURRENT_DATE,
        OUT code civil_affairs.adcode, OUT name text, OUT level integer, OUT score integer)
    RETURNS SETOF record
    LANGUAGE sql STABLE STRICT PARALLEL SAFE ROWS 2
BEGIN ATOMIC
    SELECT c.code, d.name, c.level, c.score
      FROM civil_affairs.address_candidate_codes(address_candidates.address, address_candidates.as_of) c
      LEFT JOIN civil_affairs.division d ON d.code = c.code
     ORDER BY c.code;
END;
COMMENT ON FUNCTION civil_affairs.address_candidates(text, date) IS
    '地址的最佳理解：无歧义时一行（即 address_to_adcode 的结果），有歧义时每种同样好的理解一行（如单写“朝阳区”时的北京、长春两处）。The best readings of an address: one row when unambiguous (address_to_adcode''s answer), one row per equally good reading when ambiguous (朝阳区 alone: Beijing''s and Changchun''s).';

CREATE FUNCTION civil_affairs.address_index_stats(OUT divisions bigint, OUT names bigint,
        OUT nodes bigint, OUT bytes bigint, OUT build_ms double precision)
    RETURNS record
    AS 'MODULE_PATHNAME', 'address_index_stats' LANGUAGE C VOLATILE STRICT PARALLEL RESTRICTED;
COMMENT ON FUNCTION civil_affairs.address_index_stats() IS
    '本会话的地址名称索引：区划行数、名称数、节点数、占用字节数、构建耗时（毫秒）；尚未构建时先构建。This session''s address name index: divisions, names, trie nodes, bytes held and build time in milliseconds; builds it first when needed.';
