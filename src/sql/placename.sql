-- placename: normalized forms, Hanyu Pinyin, naming review (大 洋 怪 重 and the
-- generic part) and the standard gazetteer (标准地名录).  The character work
-- is done by C kernels with tables generated from Unihan and data/; the review
-- word lists and generic terms are tables a city edits.

CREATE FUNCTION civil_affairs.placename_normalize(name text) RETURNS text
    AS 'MODULE_PATHNAME', 'placename_normalize_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION civil_affairs.placename_normalize(text) IS
    '地名规范形式：全角转半角、繁体转简体（通用规范汉字不转）、统一间隔号括号连接号、去除多余空格。幂等。Normalized form of a place name: full-width to ordinary forms, traditional to simplified characters (never a General Standard character), unified dots, brackets and dashes, stray spaces removed. Idempotent.';

CREATE FUNCTION civil_affairs.placename_pinyin(name text, tones boolean DEFAULT false) RETURNS text
    AS 'MODULE_PATHNAME', 'placename_pinyin_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION civil_affairs.placename_pinyin(text, boolean) IS
    '地名汉语拼音：专名连写，民族名和通名分写，首字母大写，隔音符号；tones 为真时标调。Hanyu Pinyin of a place name in the national style: specific part one word, ethnic names and generic part separate words, capitalized, with apostrophes; tone marks when tones is true.';

CREATE FUNCTION civil_affairs.placename_readings(name text) RETURNS text
    AS 'MODULE_PATHNAME', 'placename_readings_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION civil_affairs.placename_readings(text) IS
    '地名中每个汉字的读音（数字标调，ü 写作 v）：六安 → lu4 an1。Reading of each character of a place name, tone numbers, v for ü: 六安 → lu4 an1.';

CREATE FUNCTION civil_affairs.placename_split(name text, OUT specific text, OUT generic text)
    AS 'MODULE_PATHNAME', 'placename_split_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION civil_affairs.placename_split(text) IS
    '把规范化的地名分为专名和通名（含民族名等附加成分）：广西壮族自治区 → (广西, 壮族自治区)。Split a normalized place name into its specific and generic part (with ethnic names and other attributes).';

CREATE FUNCTION civil_affairs.placename_nonstandard_chars(name text) RETURNS text
    AS 'MODULE_PATHNAME', 'placename_nonstandard_chars' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION civil_affairs.placename_nonstandard_chars(text) IS
    '规范化后不在《通用规范汉字表》（2013）中的汉字，无则为空串。Han characters of the normalized name outside the 2013 General Standard Chinese Characters list; empty when none.';

CREATE FUNCTION civil_affairs.placename_transliterate(input text, transform text) RETURNS text
    AS 'MODULE_PATHNAME', 'placename_transliterate' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION civil_affairs.placename_transliterate(text, text) IS
    '用 ICU 转换器转写文本（如 Hans-Hant、Han-Latin），供测试与基准比对。Transliterate text with an ICU transform (Hans-Hant, Han-Latin, ...), for tests and benchmarks.';

-- Review tables: a city edits them; shipped rows come from data/.
CREATE TABLE civil_affairs.placename_class (
    class   text PRIMARY KEY CHECK (class ~ '^[a-z_]+$'),
    name_zh text NOT NULL,
    name_en text NOT NULL
);
COMMENT ON TABLE civil_affairs.placename_class IS
    '地名类别（道路、街、巷、桥、居民区、村等）。Classes of named places (road, street, lane, bridge, residential area, village, ...).';
COMMENT ON COLUMN civil_affairs.placename_class.class IS '类别代码。Class code.';
COMMENT ON COLUMN civil_affairs.placename_class.name_zh IS '中文名称。Chinese name.';
COMMENT ON COLUMN civil_affairs.placename_class.name_en IS '英文名称。English name.';
INSERT INTO civil_affairs.placename_class VALUES
    ('division', '行政区域', 'administrative division'),
    ('road', '道路', 'road'),
    ('street', '街', 'street'),
    ('lane', '巷', 'lane'),
    ('bridge', '桥梁', 'bridge'),
    ('residential', '居民区', 'residential area'),
    ('village', '村庄', 'village'),
    ('square', '广场', 'square'),
    ('park', '公园', 'park'),
    ('mountain', '山', 'mountain'),
    ('island', '岛屿', 'island'),
    ('river', '河流', 'river'),
    ('lake', '湖泊', 'lake');

CREATE TABLE civil_affairs.placename_generic_term (
    term    text PRIMARY KEY CHECK (term <> '' AND term = civil_affairs.placename_normalize(term)),
    classes text[] NOT NULL CHECK (cardinality(classes) > 0),
    shipped boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE civil_affairs.placename_generic_term IS
    '通名及其适用的地名类别，审核时检查通名是否缺失或与类别不符；城市可增改。Generic terms and the classes they fit, used by the review to find a missing or wrong generic part; a city may add and change rows.';
COMMENT ON COLUMN civil_affairs.placename_generic_term.term IS '通名（规范形式）。Generic term (normalized).';
COMMENT ON COLUMN civil_affairs.placename_generic_term.classes IS '适用的地名类别。Classes the term fits.';
COMMENT ON COLUMN civil_affairs.placename_generic_term.shipped IS '随扩展发布且未经修改的行（不转储）。Row as shipped and not edited since (not dumped).';

CREATE TABLE civil_affairs.placename_word (
    word     text PRIMARY KEY CHECK (word <> '' AND word = civil_affairs.placename_normalize(word)),
    finding  text NOT NULL CHECK (finding IN ('exaggerated', 'foreign')),
    severity text NOT NULL CHECK (severity IN ('error', 'warning')),
    shipped  boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE civil_affairs.placename_word IS
    '不规范用词表：夸大（大）与崇洋（洋）用词及其严重程度；城市可增改。Words that make a name exaggerated (大) or foreign (洋), with their severity; a city may add and change rows.';
COMMENT ON COLUMN civil_affairs.placename_word.word IS '用词（规范形式）。Word (normalized).';
COMMENT ON COLUMN civil_affairs.placename_word.finding IS 'exaggerated 夸大，foreign 崇洋。Kind of finding.';
COMMENT ON COLUMN civil_affairs.placename_word.severity IS 'error 不予通过，warning 提示。error rejects a standard name; warning only reports.';
COMMENT ON COLUMN civil_affairs.placename_word.shipped IS '随扩展发布且未经修改的行（不转储）。Row as shipped and not edited since (not dumped).';

CREATE TRIGGER placename_generic_term_edited BEFORE UPDATE ON civil_affairs.placename_generic_term
    FOR EACH ROW EXECUTE FUNCTION civil_affairs.reference_row_edited();
CREATE TRIGGER placename_generic_term_replace_shipped BEFORE INSERT ON civil_affairs.placename_generic_term
    FOR EACH ROW EXECUTE FUNCTION civil_affairs.replace_shipped_row('term');
CREATE TRIGGER placename_word_edited BEFORE UPDATE ON civil_affairs.placename_word
    FOR EACH ROW EXECUTE FUNCTION civil_affairs.reference_row_edited();
CREATE TRIGGER placename_word_replace_shipped BEFORE INSERT ON civil_affairs.placename_word
    FOR EACH ROW EXECUTE FUNCTION civil_affairs.replace_shipped_row('word');

-- The gazetteer.
CREATE TABLE civil_affairs.placename (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name            text NOT NULL CHECK (name <> ''),
    normalized      text NOT NULL,
    pinyin          text NOT NULL,
    specific        text NOT NULL,
    generic         text NOT NULL,
    class           text NOT NULL REFERENCES civil_affairs.placename_class,
    division        civil_affairs.adcode NOT NULL REFERENCES civil_affairs.division,
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('standard', 'pending', 'nonstandard')),
    approved_on     date,
    source_document text,
    CHECK (status <> 'standard' OR approved_on IS NOT NULL)
);
CREATE INDEX placename_division_idx ON civil_affairs.placename (division);
CREATE INDEX placename_normalized_idx ON civil_affairs.placename (normalized);
CREATE INDEX placename_pinyin_idx ON civil_affairs.placename (lower(pinyin));
COMMENT ON TABLE civil_affairs.placename IS
    '标准地名录：地名、规范形式、拼音、专名通名、类别、所在区划、状态及批准依据。Gazetteer: name, normalized form, pinyin, specific and generic part, class, division, status and approval.';
COMMENT ON COLUMN civil_affairs.placename.id IS '编号。Identifier.';
COMMENT ON COLUMN civil_affairs.placename.name IS '地名（按批准文书书写）。Name as approved or as found.';
COMMENT ON COLUMN civil_affairs.placename.normalized IS '规范形式（触发器填写）。Normalized form (filled by the trigger).';
COMMENT ON COLUMN civil_affairs.placename.pinyin IS '汉语拼音（触发器填写）。Hanyu Pinyin (filled by the trigger).';
COMMENT ON COLUMN civil_affairs.placename.specific IS '专名（触发器填写）。Specific part (filled by the trigger).';
COMMENT ON COLUMN civil_affairs.placename.generic IS '通名（触发器填写，无则为空串）。Generic part (filled by the trigger; empty when none).';
COMMENT ON COLUMN civil_affairs.placename.class IS '地名类别。Class of place.';
COMMENT ON COLUMN civil_affairs.placename.division IS '所在行政区划。Division the place lies in.';
COMMENT ON COLUMN civil_affairs.placename.status IS 'standard 标准地名，pending 待审，nonstandard 不规范（待清理）。Status.';
COMMENT ON COLUMN civil_affairs.placename.approved_on IS '批准日期（标准地名必填）。Approval date (required for a standard name).';
COMMENT ON COLUMN civil_affairs.placename.source_document IS '批准文书或来源。Approving document or source.';
SELECT pg_catalog.pg_extension_config_dump('civil_affairs.placename', '');
SELECT pg_catalog.pg_extension_config_dump('civil_affairs.placename_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('civil_affairs.placename_generic_term', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('civil_affairs.placename_word', 'WHERE NOT shipped');

-- The review.  exclude_id leaves a gazetteer row out of the duplicate check
-- (the row being updated).
CREATE FUNCTION civil_affairs.placename_check(name text, division civil_affairs.adcode, class text,
                                              exclude_id bigint)
    RETURNS TABLE (code text, severity text, message text)
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
    norm      text := civil_affairs.placename_normalize(name);
    py        text := civil_affairs.placename_pinyin(name);
    scope     civil_affairs.adcode := coalesce(civil_affairs.adcode_county(division), division);
    w         record;
    generic   text;
    odd       text;
    other     text;
BEGIN
    IF name IS NULL OR division IS NULL OR class IS NULL THEN
        RETURN;
    END IF;
    IF NOT EXISTS (SELECT FROM civil_affairs.placename_class c WHERE c.class = placename_check.class) THEN
        RAISE EXCEPTION 'unknown place-name class "%"', class
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The classes are the rows of civil_affairs.placename_class.';
    END IF;
    IF norm = '' THEN
        RETURN QUERY SELECT 'empty', 'error', '地名为空 / the name is empty';
        RETURN;
    END IF;
    IF norm <> name THEN
        RETURN QUERY SELECT 'not_normalized', 'warning',
            format('地名书写不规范，规范形式为“%s” / the name is not in normalized form; normalized: "%s"', norm, norm);
    END IF;
    -- 大, 洋: the city's word list
    FOR w IN SELECT t.word, t.finding, t.severity FROM civil_affairs.placename_word t
              WHERE strpos(norm, t.word) > 0 ORDER BY t.finding, t.word LOOP
        RETURN QUERY SELECT w.finding, w.severity,
            CASE w.finding
                WHEN 'exaggerated' THEN format('含夸大用词“%s”（大） / contains the exaggerated word "%s"', w.word, w.word)
                ELSE format('含外国地名或崇洋用词“%s”（洋） / contains the foreign name or word "%s"', w.word, w.word)
            END;
    END LOOP;
    IF norm ~ '[A-Za-z]' THEN
        RETURN QUERY SELECT 'latin_letters', 'error',
            '含拉丁字母（洋） / contains Latin letters';
    END IF;
    -- 怪: characters outside the General Standard list
    odd := civil_affairs.placename_nonstandard_chars(norm);
    IF odd <> '' THEN
        RETURN QUERY SELECT 'obscure_character', 'error',
            format('含《通用规范汉字表》以外的字“%s”（怪） / contains characters outside the General Standard list: %s', odd, odd);
    END IF;
    -- 重: the same name or the same pinyin in the same county
    SELECT p.name INTO other FROM civil_affairs.placename p
     WHERE p.normalized = norm
       AND p.division OPERATOR(civil_affairs.<@) scope
       AND p.id IS DISTINCT FROM exclude_id
     LIMIT 1;
    IF FOUND THEN
        RETURN QUERY SELECT 'duplicate_name', 'error',
            format('同一县级区域内已有同名地名“%s”（重） / the same name "%s" is already in the gazetteer in this county', other, other);
    ELSE
        SELECT p.name INTO other FROM civil_affairs.placename p
         WHERE lower(p.pinyin) = lower(py)
           AND p.division OPERATOR(civil_affairs.<@) scope
           AND p.id IS DISTINCT FROM exclude_id
         LIMIT 1;
        IF FOUND THEN
            RETURN QUERY SELECT 'duplicate_pinyin', 'warning',
                format('同一县级区域内已有同音地名“%s”（%s）（重） / "%s" in this county has the same pinyin (%s)', other, py, other, py);
        END IF;
    END IF;
    -- the generic part: the longest term of the city's list ending the name
    SELECT t.term INTO generic FROM civil_affairs.placename_generic_term t
     WHERE length(norm) > length(t.term) AND right(norm, length(t.term)) = t.term
     ORDER BY length(t.term) DESC LIMIT 1;
    IF generic IS NULL THEN
        RETURN QUERY SELECT 'generic_missing', 'error',
            format('缺少通名（应为%s类地名的通名） / the generic part is missing (one for a %s is expected)',
                   (SELECT c.name_zh FROM civil_affairs.placename_class c WHERE c.class = placename_check.class),
                   (SELECT c.name_en FROM civil_affairs.placename_class c WHERE c.class = placename_check.class));
    ELSIF NOT EXISTS (SELECT FROM civil_affairs.placename_generic_term t
                       WHERE t.term = generic AND placename_check.class = ANY (t.classes)) THEN
        RETURN QUERY SELECT 'generic_wrong', 'error',
            format('通名“%s”与类别“%s”不符 / the generic part "%s" does not fit the class %s',
                   generic,
                   (SELECT c.name_zh FROM civil_affairs.placename_class c WHERE c.class = placename_check.class),
                   generic, placename_check.class);
    END IF;
END
$$;
COMMENT ON FUNCTION civil_affairs.placename_check(text, civil_affairs.adcode, text, bigint) IS
    '地名命名审核（排除某一地名录行的重名检查）：夸大、崇洋、拉丁字母、生僻字、同县重名同音、通名缺失或不符。Naming review, leaving one gazetteer row out of the duplicate check: exaggerated and foreign words, Latin letters, characters outside the General Standard list, the same name or pinyin in the county, a missing or wrong generic part.';

CREATE FUNCTION civil_affairs.placename_check(name text, division civil_affairs.adcode, class text)
    RETURNS TABLE (code text, severity text, message text)
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT c.code, c.severity, c.message
      FROM civil_affairs.placename_check(name, division, class, NULL::bigint) c;
END;
COMMENT ON FUNCTION civil_affairs.placename_check(text, civil_affairs.adcode, text) IS
    '地名命名审核：返回每项发现（代码、严重程度 error/warning、中英文说明）。Naming review: one row per finding (code, severity error or warning, message in Chinese and English).';

-- The trigger fills the derived columns; a standard name with an error
-- finding is refused, the finding in the message.  Non-standard names are
-- recorded as they are, for the clean-up campaign.
CREATE FUNCTION civil_affairs.placename_fill() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
    parts    record;
    findings text;
BEGIN
    NEW.normalized := civil_affairs.placename_normalize(NEW.name);
    NEW.pinyin := civil_affairs.placename_pinyin(NEW.name);
    parts := civil_affairs.placename_split(NEW.name);
    NEW.specific := parts.specific;
    NEW.generic := parts.generic;
    IF NEW.status = 'standard' THEN
        SELECT string_agg(f.message, '; ') INTO findings
          FROM civil_affairs.placename_check(NEW.name, NEW.division, NEW.class, NEW.id) f
         WHERE f.severity = 'error';
        IF findings IS NOT NULL THEN
            RAISE EXCEPTION '标准地名“%”未通过审核 / the standard name "%" fails the review: %',
                NEW.name, NEW.name, findings
                USING ERRCODE = 'check_violation',
                      HINT = '改正地名，或以 pending / nonstandard 状态登记 / correct the name, or record it with status pending or nonstandard';
        END IF;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION civil_affairs.placename_fill() IS
    '触发器：填写地名录的规范形式、拼音、专名、通名，并审核标准地名（有 error 发现则拒绝）。Trigger: fills the normalized form, pinyin, specific and generic part, and reviews a standard name (refused on an error finding).';
CREATE TRIGGER placename_fill BEFORE INSERT OR UPDATE ON civil_affairs.placename
    FOR EACH ROW EXECUTE FUNCTION civil_affairs.placename_fill();

CREATE VIEW civil_affairs.v_placename_nonstandard AS
SELECT coalesce(civil_affairs.adcode_county(p.division), p.division) AS district,
       d.name AS district_name,
       p.id, p.name, p.normalized, p.pinyin, p.class, p.division,
       f.code, f.severity, f.message
  FROM civil_affairs.placename p
  JOIN civil_affairs.division d
    ON d.code OPERATOR(civil_affairs.=) coalesce(civil_affairs.adcode_county(p.division), p.division)
  LEFT JOIN LATERAL civil_affairs.placename_check(p.name, p.division, p.class, p.id) f ON true
 WHERE p.status = 'nonstandard'
 ORDER BY district, p.name COLLATE civil_affairs.pinyin, p.id, f.code;
COMMENT ON VIEW civil_affairs.v_placename_nonstandard IS
    '不规范地名清理整治清单：每个不规范地名及其每项审核发现，按县级区划、拼音排序。Non-standard names for the clean-up campaign: each with its findings, by district (county level), in pinyin order.';
