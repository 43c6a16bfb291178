-- policy: every figure, rate, rule and word list the engine applies, as
-- rows with a division scope and a date range.  A NULL division is the whole
-- country.  The C engine reads these tables once per backend and caches
-- them; a trigger tells every backend when they change.

CREATE TABLE civil_affairs.policy_parameter (
    key         text PRIMARY KEY CHECK (key ~ '^[a-z_]+(\.[a-z0-9_]+)+$'),
    kind        text NOT NULL CHECK (kind IN ('amount', 'rate', 'count', 'choice')),
    unit        text NOT NULL,
    name_zh     text NOT NULL,
    description text NOT NULL,
    shipped     boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE civil_affairs.policy_parameter IS
    '政策参数目录：每个参数的键、类型、单位和说明。Catalogue of policy parameters: key, kind, unit and meaning.';
COMMENT ON COLUMN civil_affairs.policy_parameter.key IS '参数键，如 dibao.standard_urban。Parameter key, such as dibao.standard_urban.';
COMMENT ON COLUMN civil_affairs.policy_parameter.kind IS 'amount 金额，rate 比率或倍数，count 计数，choice 选项。amount, rate (share or multiple), count, or choice.';
COMMENT ON COLUMN civil_affairs.policy_parameter.unit IS '单位；choice 类参数为可选值，以 | 分隔。Unit; for a choice, the allowed values separated by |.';
COMMENT ON COLUMN civil_affairs.policy_parameter.name_zh IS '中文名称。Chinese name.';
COMMENT ON COLUMN civil_affairs.policy_parameter.description IS '英文说明。English description.';
COMMENT ON COLUMN civil_affairs.policy_parameter.shipped IS '随扩展发布且未经修改的行（不转储）。Row as shipped and not edited since (not dumped).';

CREATE TABLE civil_affairs.policy_value (
    key       text NOT NULL REFERENCES civil_affairs.policy_parameter ON UPDATE CASCADE,
    division  civil_affairs.adcode,
    valid     daterange NOT NULL DEFAULT daterange(NULL, NULL) CHECK (NOT isempty(valid)),
    amount    numeric,
    choice    text,
    status    text NOT NULL CHECK (status IN ('found', 'assumed')),
    source    text NOT NULL CHECK (source <> ''),
    shipped   boolean NOT NULL DEFAULT false,
    CHECK ((amount IS NULL) <> (choice IS NULL)),
    CONSTRAINT policy_value_no_overlap EXCLUDE USING gist (
        key WITH =,
        (coalesce(civil_affairs.adcode_to_bigint(division), 0)) WITH =,
        valid WITH &&)
);
COMMENT ON TABLE civil_affairs.policy_value IS
    '政策取值：每个参数在某区划、某时段的值；查找时沿区划上溯至全国。Policy values: one figure per parameter, division scope and period; a lookup climbs the division chain up to the whole country.';
COMMENT ON COLUMN civil_affairs.policy_value.key IS '参数键。Parameter key.';
COMMENT ON COLUMN civil_affairs.policy_value.division IS '适用区划（空为全国）。Division the value applies to (NULL: the whole country).';
COMMENT ON COLUMN civil_affairs.policy_value.valid IS '有效期 [起, 止)。Period [from, to).';
COMMENT ON COLUMN civil_affairs.policy_value.amount IS '数值（金额以元计，比率为小数）。Number: yuan for amounts, a fraction or multiple for rates.';
COMMENT ON COLUMN civil_affairs.policy_value.choice IS '选项值（choice 类参数）。Value of a choice parameter.';
COMMENT ON COLUMN civil_affairs.policy_value.status IS 'found 已见于公开文件；assumed 占位值，须由本市确认。found in a public notice, or assumed: a placeholder the city must confirm.';
COMMENT ON COLUMN civil_affairs.policy_value.source IS '依据。Source document or reason.';
COMMENT ON COLUMN civil_affairs.policy_value.shipped IS '随扩展发布且未经修改的行（不转储）。Row as shipped and not edited since (not dumped).';

CREATE TABLE civil_affairs.income_item (
    code       text PRIMARY KEY CHECK (code ~ '^[a-z_]+$'),
    name_zh    text NOT NULL,
    name_en    text NOT NULL,
    employment boolean NOT NULL DEFAULT false,
    shipped    boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE civil_affairs.income_item IS
    '收入项目目录。Catalogue of income item types.';
COMMENT ON COLUMN civil_affairs.income_item.code IS '项目代码。Item code.';
COMMENT ON COLUMN civil_affairs.income_item.name_zh IS '中文名称。Chinese name.';
COMMENT ON COLUMN civil_affairs.income_item.name_en IS '英文名称。English name.';
COMMENT ON COLUMN civil_affairs.income_item.employment IS '是否就业收入（用于推定收入）。Whether it is employment income (for presumed income).';
COMMENT ON COLUMN civil_affairs.income_item.shipped IS '随扩展发布且未经修改的行（不转储）。Row as shipped and not edited since (not dumped).';

CREATE TABLE civil_affairs.income_item_rule (
    item                   text NOT NULL REFERENCES civil_affairs.income_item ON UPDATE CASCADE,
    division               civil_affairs.adcode,
    valid                  daterange NOT NULL DEFAULT daterange(NULL, NULL) CHECK (NOT isempty(valid)),
    treatment              text NOT NULL CHECK (treatment IN ('counted', 'exempt', 'work_cost')),
    deduction_rate         numeric CHECK (deduction_rate BETWEEN 0 AND 1),
    deduction_cap_multiple numeric CHECK (deduction_cap_multiple >= 0),
    status                 text NOT NULL CHECK (status IN ('found', 'assumed')),
    source                 text NOT NULL CHECK (source <> ''),
    shipped                boolean NOT NULL DEFAULT false,
    CHECK ((treatment = 'work_cost') = (deduction_rate IS NOT NULL)),
    CHECK (deduction_cap_multiple IS NULL OR treatment = 'work_cost'),
    CONSTRAINT income_item_rule_no_overlap EXCLUDE USING gist (
        item WITH =,
        (coalesce(civil_affairs.adcode_to_bigint(division), 0)) WITH =,
        valid WITH &&)
);
COMMENT ON TABLE civil_affairs.income_item_rule IS
    '收入项目的计算规则：计入、豁免或就业成本扣减后计入，按区划和时段。How an income item is treated: counted, exempt, or counted after a work-cost deduction, by division and period.';
COMMENT ON COLUMN civil_affairs.income_item_rule.item IS '收入项目。Income item.';
COMMENT ON COLUMN civil_affairs.income_item_rule.division IS '适用区划（空为全国）。Division (NULL: the whole country).';
COMMENT ON COLUMN civil_affairs.income_item_rule.valid IS '有效期 [起, 止)。Period [from, to).';
COMMENT ON COLUMN civil_affairs.income_item_rule.treatment IS 'counted 计入；exempt 豁免；work_cost 扣减就业成本后计入。counted, exempt, or work_cost.';
COMMENT ON COLUMN civil_affairs.income_item_rule.deduction_rate IS '就业成本扣减比例。Share deducted as work cost.';
COMMENT ON COLUMN civil_affairs.income_item_rule.deduction_cap_multiple IS '每人每月扣减上限（低保标准的倍数）。Cap of the deduction per person per month, as a multiple of the standard.';
COMMENT ON COLUMN civil_affairs.income_item_rule.status IS 'found 或 assumed。found or assumed.';
COMMENT ON COLUMN civil_affairs.income_item_rule.source IS '依据。Source.';
COMMENT ON COLUMN civil_affairs.income_item_rule.shipped IS '随扩展发布且未经修改的行。Row as shipped and not edited since.';

-- Choices must be one of the parameter's values, amounts must have an
-- amount-like kind: checked by a trigger, as a CHECK cannot look at another table.
CREATE FUNCTION civil_affairs.policy_value_check() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
    param civil_affairs.policy_parameter;
BEGIN
    SELECT * INTO param FROM civil_affairs.policy_parameter WHERE key = NEW.key;
    IF param.kind = 'choice' AND (NEW.choice IS NULL OR NOT NEW.choice = ANY (string_to_array(param.unit, '|'))) THEN
        RAISE EXCEPTION 'policy value for "%" must be one of %', NEW.key, replace(param.unit, '|', ', ')
            USING ERRCODE = 'invalid_parameter_value';
    ELSIF param.kind <> 'choice' AND NEW.amount IS NULL THEN
        RAISE EXCEPTION 'policy value for "%" must be a number (%)', NEW.key, param.unit
            USING ERRCODE = 'invalid_parameter_value';
    ELSIF param.kind = 'count' AND (NEW.amount < 0 OR NEW.amount <> trunc(NEW.amount)) THEN
        RAISE EXCEPTION 'policy value for "%" must be a whole number of %, not %', NEW.key, param.unit, NEW.amount
            USING ERRCODE = 'invalid_parameter_value';
    ELSIF param.kind IN ('amount', 'rate') AND NEW.amount < 0 THEN
        RAISE EXCEPTION 'policy value for "%" cannot be negative: %', NEW.key, NEW.amount
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION civil_affairs.policy_value_check() IS
    '触发器：检查取值符合参数类型。Trigger: checks a value against its parameter''s kind.';
CREATE TRIGGER policy_value_check BEFORE INSERT OR UPDATE ON civil_affairs.policy_value
    FOR EACH ROW EXECUTE FUNCTION civil_affairs.policy_value_check();

-- Shipped rows and a city's rows, as for the division tables: an edit makes
-- a row the city's (dumped); a city's catalogue row replaces the shipped row
-- of the same key; a city's figure supersedes the shipped figures of the
-- same key and division for its period, which are cut back around it.  So
-- pg_restore, which replays the city's rows after CREATE EXTENSION has
-- shipped its own, ends with the same table.
CREATE FUNCTION civil_affairs.replace_shipped_row() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
BEGIN
    IF NOT NEW.shipped THEN
        EXECUTE format('DELETE FROM %I.%I WHERE shipped AND %I = $1',
                       TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_ARGV[0])
          USING to_jsonb(NEW) ->> TG_ARGV[0];
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION civil_affairs.replace_shipped_row() IS
    '触发器：本地目录行替换同键的发布行。Trigger: a local catalogue row replaces the shipped row with the same key.';

CREATE FUNCTION civil_affairs.supersede_shipped_rows() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
    superseded jsonb;
    remaining daterange;
BEGIN
    IF NEW.shipped THEN
        RETURN NEW;
    END IF;
    FOR superseded IN EXECUTE format(
            'DELETE FROM %I.%I t WHERE shipped AND %I = $1
                AND coalesce(civil_affairs.adcode_to_bigint(division), 0)
                  = coalesce(civil_affairs.adcode_to_bigint($2), 0)
                AND valid && $3
             RETURNING to_jsonb(t)',
            TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_ARGV[0])
        USING to_jsonb(NEW) ->> TG_ARGV[0], NEW.division, NEW.valid
    LOOP
        FOR remaining IN
            SELECT unnest(datemultirange((superseded ->> 'valid')::daterange) - datemultirange(NEW.valid))
        LOOP
            EXECUTE format('INSERT INTO %I.%I SELECT (jsonb_populate_record(NULL::%I.%I, $1)).*',
                           TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_TABLE_SCHEMA, TG_TABLE_NAME)
              USING superseded || jsonb_build_object('valid', remaining);
        END LOOP;
    END LOOP;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION civil_affairs.supersede_shipped_rows() IS
    '触发器：本地政策行在其时段内取代同键同区划的发布行（发布行在其前后保留）。Trigger: a local policy row supersedes the shipped rows of the same key and division for its period; they are kept before and after it.';

CREATE TRIGGER policy_parameter_edited BEFORE UPDATE ON civil_affairs.policy_parameter
    FOR EACH ROW EXECUTE FUNCTION civil_affairs.reference_row_edited();
CREATE TRIGGER policy_parameter_replace_shipped BEFORE INSERT ON civil_affairs.policy_parameter
    FOR EACH ROW EXECUTE FUNCTION civil_affairs.replace_shipped_row('key');
CREATE TRIGGER income_item_edited BEFORE UPDATE ON civil_affairs.income_item
    FOR EACH ROW EXECUTE FUNCTION civil_affairs.reference_row_edited();
CREATE TRIGGER income_item_replace_shipped BEFORE INSERT ON civil_affairs.income_item
    FOR EACH ROW EXECUTE FUNCTION civil_affairs.replace_shipped_row('code');
CREATE TRIGGER policy_value_edited BEFORE UPDATE ON civil_affairs.policy_value
    FOR EACH ROW EXECUTE FUNCTION civil_affairs.reference_row_edited();
CREATE TRIGGER policy_value_supersede_shipped BEFORE INSERT ON civil_affairs.policy_value
    FOR EACH ROW EXECUTE FUNCTION civil_affairs.supersede_shipped_rows('key');
CREATE TRIGGER income_item_rule_edited BEFORE UPDATE ON civil_affairs.income_item_rule
    FOR EACH ROW EXECUTE FUNCTION civil_affairs.reference_row_edited();
CREATE TRIGGER income_item_rule_supersede_shipped BEFORE INSERT ON civil_affairs.income_item_rule
    FOR EACH ROW EXECUTE FUNCTION civil_affairs.supersede_shipped_rows('item');

-- Every backend's policy cache is dropped when a policy table changes.
CREATE FUNCTION civil_affairs.policy_cache_invalidate() RETURNS trigger
    AS 'MODULE_PATHNAME', 'policy_cache_invalidate' LANGUAGE C;
COMMENT ON FUNCTION civil_affairs.policy_cache_invalidate() IS
    '触发器：政策表变更后使所有会话的政策缓存失效。Trigger: after a policy table changes, every session''s policy cache is rebuilt on next use.';
CREATE TRIGGER policy_value_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON civil_affairs.policy_value
    FOR EACH STATEMENT EXECUTE FUNCTION civil_affairs.policy_cache_invalidate();
CREATE TRIGGER income_item_rule_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON civil_affairs.income_item_rule
    FOR EACH STATEMENT EXECUTE FUNCTION civil_affairs.policy_cache_invalidate();
CREATE TRIGGER income_item_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON civil_affairs.income_item
    FOR EACH STATEMENT EXECUTE FUNCTION civil_affairs.policy_cache_invalidate();

SELECT pg_catalog.pg_extension_config_dump('civil_affairs.policy_parameter', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('civil_affairs.policy_value', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('civil_affairs.income_item', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('civil_affairs.income_item_rule', 'WHERE NOT shipped');

CREATE FUNCTION civil_affairs.policy_value(key text, division civil_affairs.adcode, on_date date) RETURNS numeric
    AS 'MODULE_PATHNAME', 'policy_value_lookup' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION civil_affairs.policy_value(text, civil_affairs.adcode, date) IS
    '政策数值：取区划链上（村→乡→县→市→省→全国）最近一级在该日有效的值；没有则报错。The value of a policy figure for the division and date, from the nearest division up the chain (village to country) that has one; an error when none has.';
CREATE FUNCTION civil_affairs.policy_choice(key text, division civil_affairs.adcode, on_date date) RETURNS text
    AS 'MODULE_PATHNAME', 'policy_choice_lookup' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION civil_affairs.policy_choice(text, civil_affairs.adcode, date) IS
    '政策选项值（如分档或补差），查找规则同 policy_value。The value of a choice parameter (such as gap or tiered), found as policy_value finds figures.';
