-- division: the reference table of administrative divisions, and the
-- functions that read it.  Shipped rows carry shipped = true; a city's own
-- rows and edits carry shipped = false, and only those are dumped by pg_dump,
-- so a restore re-creates the shipped data from the extension and replays
-- the city's changes on top of it.

CREATE TABLE civil_affairs.division (
    code        civil_affairs.adcode PRIMARY KEY,
    name        text NOT NULL CHECK (name <> '' AND name = btrim(name)),
    short_name  text NOT NULL CHECK (short_name <> ''),
    level       integer NOT NULL GENERATED ALWAYS AS (civil_affairs.adcode_level(code)) STORED,
    parent      civil_affairs.adcode GENERATED ALWAYS AS (civil_affairs.adcode_parent(code)) STORED,
    kind        text NOT NULL CHECK (kind <> ''),
    urban       boolean,
    placeholder boolean NOT NULL DEFAULT false,
    valid       daterange NOT NULL DEFAULT daterange(NULL, NULL),
    source      text,
    shipped     boolean NOT NULL DEFAULT false,
    CHECK (urban IS NULL OR level >= 4)
);
CREATE INDEX division_parent_idx ON civil_affairs.division (parent);
CREATE INDEX division_name_idx ON civil_affairs.division (name);

COMMENT ON TABLE civil_affairs.division IS
    '行政区划：全国省、地、县、乡四级及南宁市村级单位（国家统计局 2023 年统计用区划代码）。Administrative divisions: every province, prefecture, county and township of the country and the village-level units of Nanning (NBS statistical codes, 2023 edition).';
COMMENT ON COLUMN civil_affairs.division.code IS '区划代码。Division code.';
COMMENT ON COLUMN civil_affairs.division.name IS '名称。Official name.';
COMMENT ON COLUMN civil_affairs.division.short_name IS '简称（去掉通名）：西乡塘区 → 西乡塘。Short name, generic suffix removed.';
COMMENT ON COLUMN civil_affairs.division.level IS '级别：1 省级 … 5 村级（由代码导出）。Level 1 province … 5 village (derived from the code).';
COMMENT ON COLUMN civil_affairs.division.parent IS '代码结构上的上一级。Parent by code structure.';
COMMENT ON COLUMN civil_affairs.division.kind IS '类别：省、自治区、地级市、市辖区、县、街道、镇、乡、居委会、村委会、虚拟等。Kind: province, prefecture-level city, district, county, subdistrict, town, township, residents'' or villagers'' committee, placeholder, ...';
COMMENT ON COLUMN civil_affairs.division.urban IS '城乡分类：乡级、村级单位是否属城镇（城市可修正）。Urban (true) or rural (false), for township- and village-level units; a city may correct it.';
COMMENT ON COLUMN civil_affairs.division.placeholder IS '统计用虚拟单位（市辖区、县、省直辖县级行政区划），全称中不显示。NBS placeholder unit (市辖区, 县, 省直辖县级行政区划), never shown in full names.';
COMMENT ON COLUMN civil_affairs.division.valid IS '有效期 [起, 止)。Validity period [from, to).';
COMMENT ON COLUMN civil_affairs.division.source IS '数据来源。Where the row comes from.';
COMMENT ON COLUMN civil_affairs.division.shipped IS '随扩展发布且未经修改的行（不转储）。Row as shipped with the extension and not edited since (not dumped).';

CREATE TABLE civil_affairs.division_change (
    old_code     civil_affairs.adcode NOT NULL,
    old_name     text NOT NULL,
    new_code     civil_affairs.adcode,
    new_name     text,
    effective_on date NOT NULL,
    kind         text NOT NULL CHECK (kind IN ('rename', 'recode', 'merge', 'split', 'abolish')),
    source       text NOT NULL,
    shipped      boolean NOT NULL DEFAULT false,
    UNIQUE NULLS NOT DISTINCT (old_code, effective_on, new_code),
    CHECK ((kind = 'abolish') = (new_code IS NULL)),
    CHECK (kind <> 'rename' OR new_code = old_code),
    CHECK (new_name IS NULL OR new_code IS NOT NULL)
);
CREATE INDEX division_change_new_code_idx ON civil_affairs.division_change (new_code);

COMMENT ON TABLE civil_affairs.division_change IS
    '区划变更：更名、撤县设区（市）等改码、合并、拆分、撤销。Division changes: renames, recodings (county to district or city), mergers, splits, abolitions.';
COMMENT ON COLUMN civil_affairs.division_change.old_code IS '原代码。Code before the change.';
COMMENT ON COLUMN civil_affairs.division_change.old_name IS '原名称。Name before the change.';
COMMENT ON COLUMN civil_affairs.division_change.new_code IS '新代码（撤销时为空）。Code after the change (NULL when abolished).';
COMMENT ON COLUMN civil_affairs.division_change.new_name IS '新名称。Name after the change.';
COMMENT ON COLUMN civil_affairs.division_change.effective_on IS '生效日期。Date from which the change applies.';
COMMENT ON COLUMN civil_affairs.division_change.kind IS '变更类型：rename 更名，recode 改码，merge 合并，split 拆分，abolish 撤销。Kind of change.';
COMMENT ON COLUMN civil_affairs.division_change.source IS '依据（批复文号或比对的统计版本）。Source: the approving document, or the NBS editions compared.';
COMMENT ON COLUMN civil_affairs.division_change.shipped IS '随扩展发布且未经修改的行（不转储）。Row as shipped with the extension and not edited since (not dumped).';

-- A city's edit of a shipped row makes it the city's row, so pg_dump keeps
-- it; a city's insert of a code that the shipped data has replaces that row.
CREATE FUNCTION civil_affairs.reference_row_edited() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
BEGIN
    IF current_setting('civil_affairs.loading_reference_data', true) IS DISTINCT FROM 'on' THEN
        NEW.shipped := false;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION civil_affairs.reference_row_edited() IS
    '触发器：修改随扩展发布的参考数据行后，该行改为本地行，由 pg_dump 保留。Trigger: an edited shipped reference row becomes a local row, which pg_dump keeps.';

CREATE FUNCTION civil_affairs.division_replace_shipped() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
BEGIN
    IF NOT NEW.shipped THEN
        DELETE FROM civil_affairs.division
         WHERE code OPERATOR(civil_affairs.=) NEW.code AND shipped;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION civil_affairs.division_replace_shipped() IS
    '触发器：插入本地区划行时替换同代码的发布行（pg_restore 依赖此行为）。Trigger: a local division row replaces the shipped row of the same code (pg_restore relies on it).';

CREATE FUNCTION civil_affairs.division_change_replace_shipped() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
BEGIN
    IF NOT NEW.shipped THEN
        DELETE FROM civil_affairs.division_change
         WHERE old_code OPERATOR(civil_affairs.=) NEW.old_code
           AND effective_on = NEW.effective_on
           AND (new_code OPERATOR(civil_affairs.=) NEW.new_code
                OR (new_code IS NULL AND NEW.new_code IS NULL))
           AND shipped;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION civil_affairs.division_change_replace_shipped() IS
    '触发器：插入本地变更行时替换相同的发布行。Trigger: a local division-change row replaces the identical shipped row.';

CREATE TRIGGER division_edited BEFORE UPDATE ON civil_affairs.division
    FOR EACH ROW EXECUTE FUNCTION civil_affairs.reference_row_edited();
CREATE TRIGGER division_replace_shipped BEFORE INSERT ON civil_affairs.division
    FOR EACH ROW EXECUTE FUNCTION civil_affairs.division_replace_shipped();
CREATE TRIGGER division_change_edited BEFORE UPDATE ON civil_affairs.division_change
    FOR EACH ROW EXECUTE FUNCTION civil_affairs.reference_row_edited();
CREATE TRIGGER division_change_replace_shipped BEFORE INSERT ON civil_affairs.division_change
    FOR EACH ROW EXECUTE FUNCTION civil_affairs.division_change_replace_shipped();

SELECT pg_catalog.pg_extension_config_dump('civil_affairs.division', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('civil_affairs.division_change', 'WHERE NOT shipped');

-- Lookups.  SQL-standard bodies are parsed once at creation, so the objects
-- they name are bound then and no search_path can redirect them.

CREATE FUNCTION civil_affairs.adcode_name(code civil_affairs.adcode) RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT d.name FROM civil_affairs.division d WHERE d.code = adcode_name.code;
END;
COMMENT ON FUNCTION civil_affairs.adcode_name(civil_affairs.adcode) IS
    '区划名称（不在区划表中时为 NULL）。Name of the division (NULL when the code is not in the division table).';

CREATE FUNCTION civil_affairs.adcode_fullname(code civil_affairs.adcode) RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT string_agg(d.name, '' ORDER BY d.code)
      FROM civil_affairs.division d
     WHERE d.code = ANY (civil_affairs.adcode_ancestors(adcode_fullname.code))
       AND NOT d.placeholder
    HAVING bool_or(d.code = adcode_fullname.code);
END;
COMMENT ON FUNCTION civil_affairs.adcode_fullname(civil_affairs.adcode) IS
    '区划全称，自省级起，略去统计用虚拟单位：广西壮族自治区南宁市西乡塘区。Full name from the province down, leaving out placeholder units; NULL when the code is not in the division table.';

CREATE FUNCTION civil_affairs.adcode_exists(code civil_affairs.adcode, on_date date DEFAULT CURRENT_DATE) RETURNS boolean
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT EXISTS (SELECT FROM civil_affairs.division d
                    WHERE d.code = adcode_exists.code AND d.valid @> adcode_exists.on_date);
END;
COMMENT ON FUNCTION civil_affairs.adcode_exists(civil_affairs.adcode, date) IS
    '该代码在指定日期（默认今天）是否为有效区划。Whether the code is a division in force on the date (default today).';

CREATE FUNCTION civil_affairs.adcode_current(code civil_affairs.adcode, on_date date DEFAULT CURRENT_DATE) RETURNS civil_affairs.adcode
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    WITH RECURSIVE chain (code, since, depth, abolished) AS (
        SELECT adcode_current.code, '-infinity'::date, 0, false
        UNION ALL
        SELECT step.new_code, step.effective_on, chain.depth + 1, step.new_code IS NULL
          FROM chain
          CROSS JOIN LATERAL (
                SELECT c.new_code, c.effective_on
                  FROM civil_affairs.division_change c
                 WHERE c.old_code = chain.code
                   AND c.effective_on >= chain.since
                   AND c.effective_on <= adcode_current.on_date
                   AND c.new_code IS DISTINCT FROM c.old_code
                 ORDER BY c.effective_on, c.new_code
                 LIMIT 1) step
         WHERE NOT chain.abolished AND chain.depth < 32
    )
    SELECT chain.code FROM chain ORDER BY chain.depth DESC LIMIT 1;
END;
COMMENT ON FUNCTION civil_affairs.adcode_current(civil_affairs.adcode, date) IS
    '沿区划变更找到指定日期（默认今天）有效的代码：450127 → 450181；撤销的返回 NULL。Follows division changes to the code in force on the date (default today): 450127 → 450181; NULL when abolished.';

CREATE FUNCTION civil_affairs.adcode_children(code civil_affairs.adcode, on_date date DEFAULT CURRENT_DATE)
    RETURNS SETOF civil_affairs.division
    LANGUAGE sql STABLE STRICT PARALLEL SAFE ROWS 20
BEGIN ATOMIC
    SELECT d.*
      FROM civil_affairs.division d
     WHERE d.code OPERATOR(civil_affairs.<@) adcode_children.code
       AND d.code OPERATOR(civil_affairs.<>) adcode_children.code
       AND NOT d.placeholder
       AND d.valid @> adcode_children.on_date
       AND (d.parent OPERATOR(civil_affairs.=) adcode_children.code
            OR EXISTS (SELECT FROM civil_affairs.division p
                        WHERE p.code OPERATOR(civil_affairs.=) d.parent AND p.placeholder
                          AND p.parent OPERATOR(civil_affairs.=) adcode_children.code))
     ORDER BY d.code;
END;
COMMENT ON FUNCTION civil_affairs.adcode_children(civil_affairs.adcode, date) IS
    '直接下级区划（跳过虚拟单位，北京市的下级是各区），按代码排序。Direct subdivisions in force on the date, skipping placeholder units (Beijing''s children are its districts), in code order.';
