-- reports: views for report writers, from the business tables themselves
-- (统计与业务同源同表).  Names are ordered by their Hanyu Pinyin reading.

CREATE COLLATION civil_affairs.pinyin (provider = icu, locale = 'zh-u-co-pinyin');
COMMENT ON COLLATION civil_affairs.pinyin IS
    '按汉语拼音排序的排序规则（ICU zh-u-co-pinyin）。Collation ordering Chinese text by its Hanyu Pinyin reading (ICU zh-u-co-pinyin).';

CREATE TABLE civil_affairs.staff_relative (
    person_id  bigint NOT NULL REFERENCES civil_affairs.person,
    staff_user name NOT NULL,
    relation   text NOT NULL,
    PRIMARY KEY (person_id, staff_user)
);
COMMENT ON TABLE civil_affairs.staff_relative IS
    '经办人员近亲属备案（用于异常检查）。Registered relatives of staff, for the anomaly checks.';
COMMENT ON COLUMN civil_affairs.staff_relative.person_id IS '人员。Person.';
COMMENT ON COLUMN civil_affairs.staff_relative.staff_user IS '工作人员的数据库用户名。Staff member''s database user.';
COMMENT ON COLUMN civil_affairs.staff_relative.relation IS '亲属关系。Relation.';
SELECT pg_catalog.pg_extension_config_dump('civil_affairs.staff_relative', '');

-- 发放名册: one row per household, programme and month with a non-zero total.
CREATE VIEW civil_affairs.v_payroll AS
WITH per_enrollment AS (
    SELECT p.month, p.household_id, p.programme, p.enrollment_id,
           max(p.tier) AS tier, max(p.persons) AS persons, sum(p.amount) AS amount
      FROM civil_affairs.payment p
     GROUP BY p.month, p.household_id, p.programme, p.enrollment_id
    HAVING sum(p.amount) <> 0
)
SELECT pe.month,
       civil_affairs.adcode_county(h.residence_division) AS county_code,
       c.name AS county,
       t.name AS township,
       v.name AS village,
       pe.household_id,
       head.name AS head_name,
       civil_affairs.idcard_mask(head.idcard) AS head_idcard,
       pe.programme,
       max(pe.tier) AS tier,
       sum(pe.persons)::integer AS persons,
       sum(pe.amount) AS amount,
       civil_affairs.name_mask(head.name) AS head_name_masked,
       head.phone AS head_phone,
       civil_affairs.phone_mask(head.phone) AS head_phone_masked,
       head.idcard AS head_idcard_unmasked
  FROM per_enrollment pe
  JOIN civil_affairs.household h ON h.id = pe.household_id
  LEFT JOIN civil_affairs.division c ON c.code = civil_affairs.adcode_county(h.residence_division)
  LEFT JOIN civil_affairs.division t ON t.code = civil_affairs.adcode_township(h.residence_division)
  LEFT JOIN civil_affairs.division v ON v.code = h.residence_division AND v.level = 5
  LEFT JOIN LATERAL (
        SELECT per.name, per.idcard, per.phone
          FROM civil_affairs.household_member m JOIN civil_affairs.person per ON per.id = m.person_id
         WHERE m.household_id = pe.household_id AND m.during @> pe.month
         ORDER BY m.relation <> 'head', per.birth_date
         LIMIT 1) head ON true
 -- The view runs with its owner's rights (a reader has no table access):
 -- the scope is applied here, as row-level security would.
 WHERE civil_affairs.staff_sees(h.residence_division, (SELECT civil_affairs.staff_scope()))
 GROUP BY pe.month, h.residence_division, c.name, t.name, v.name, pe.household_id, head.name, head.idcard, head.phone, pe.programme
 ORDER BY pe.month, c.name COLLATE civil_affairs.pinyin, t.name COLLATE civil_affairs.pinyin,
          v.name COLLATE civil_affairs.pinyin, head.name COLLATE civil_affairs.pinyin, pe.household_id, pe.programme;
COMMENT ON VIEW civil_affairs.v_payroll IS
    '发放名册：每月每户每个项目一行，按县、乡、村、户主姓名的拼音排序，身份证号码脱敏；只含当前用户辖区内的家庭。Payroll list: one row per month, household and programme, ordered by the pinyin of county, township, village and head''s name; ID numbers masked; only households within the current user''s divisions.';
COMMENT ON COLUMN civil_affairs.v_payroll.month IS '发放月份。Month.';
COMMENT ON COLUMN civil_affairs.v_payroll.county_code IS '县级区划代码。County code.';
COMMENT ON COLUMN civil_affairs.v_payroll.county IS '县（市、区）。County.';
COMMENT ON COLUMN civil_affairs.v_payroll.township IS '乡镇（街道）。Township.';
COMMENT ON COLUMN civil_affairs.v_payroll.village IS '村（居）委会。Village.';
COMMENT ON COLUMN civil_affairs.v_payroll.household_id IS '家庭编号。Household.';
COMMENT ON COLUMN civil_affairs.v_payroll.head_name IS '户主姓名。Head of household.';
COMMENT ON COLUMN civil_affairs.v_payroll.head_idcard IS '户主身份证号码（脱敏）。Head''s ID number, masked.';
COMMENT ON COLUMN civil_affairs.v_payroll.programme IS '救助项目。Programme.';
COMMENT ON COLUMN civil_affairs.v_payroll.tier IS '档次。Tier.';
COMMENT ON COLUMN civil_affairs.v_payroll.persons IS '保障人数（个人项目为该户领取人数）。Persons covered (for person-level programmes, the household''s recipients).';
COMMENT ON COLUMN civil_affairs.v_payroll.amount IS '金额（元）。Amount in yuan.';
COMMENT ON COLUMN civil_affairs.v_payroll.head_name_masked IS '户主姓名（脱敏：姓加 *）。Head''s name, masked: surname and *.';
COMMENT ON COLUMN civil_affairs.v_payroll.head_phone IS '户主电话（未脱敏，需相应角色）。Head''s phone, unmasked (needs a role that has it).';
COMMENT ON COLUMN civil_affairs.v_payroll.head_phone_masked IS '户主电话（脱敏）。Head''s phone, masked.';
COMMENT ON COLUMN civil_affairs.v_payroll.head_idcard_unmasked IS '户主身份证号码（未脱敏，需相应角色）。Head''s ID number, unmasked (needs a role that has it).';

-- 民政统计: households, persons and amounts per month and programme, at
-- every division level with subtotals, by urban/rural and tier with totals.
CREATE VIEW civil_affairs.v_statistics AS
WITH paid AS (
    SELECT p.month, p.programme, p.enrollment_id, p.household_id,
           max(p.tier) AS tier, max(p.persons) AS persons, sum(p.amount) AS amount,
           h.residence_division, coalesce(h.urban, d.urban) AS urban
      FROM civil_affairs.payment p
      JOIN civil_affairs.household h ON h.id = p.household_id
      LEFT JOIN civil_affairs.division d ON d.code = h.residence_division
     WHERE civil_affairs.staff_sees(h.residence_division, (SELECT civil_affairs.staff_scope()))
     GROUP BY p.month, p.programme, p.enrollment_id, p.household_id, h.residence_division, h.urban, d.urban
    HAVING sum(p.amount) <> 0
)
SELECT month, programme,
       coalesce(township, county, prefecture, province) AS division,
       civil_affairs.adcode_name(coalesce(township, county, prefecture, province)) AS division_name,
       4 - GROUPING(prefecture) - GROUPING(county) - GROUPING(township) AS level,
       urban, GROUPING(urban) = 1 AS all_urban_rural,
       tier, GROUPING(tier) = 1 AS all_tiers,
       count(DISTINCT household_id)::integer AS households,
       sum(persons)::integer AS persons,
       sum(amount) AS amount
  FROM (SELECT paid.*, civil_affairs.adcode_province(residence_division) AS province,
               civil_affairs.adcode_prefecture(residence_division) AS prefecture,
               civil_affairs.adcode_county(residence_division) AS county,
               civil_affairs.adcode_township(residence_division) AS township
          FROM paid) s
 GROUP BY month, programme, ROLLUP (province, prefecture, county, township), CUBE (urban, tier);
COMMENT ON VIEW civil_affairs.v_statistics IS
    '民政统计（与发放记录同源）：按月、项目、各级区划（含小计）、城乡、档次（含合计）统计户数、人数、金额；只含当前用户辖区。Statistics from the payment records themselves: households, persons and amounts per month and programme, at every division level with subtotals, by urban/rural and tier with totals; within the current user''s divisions only.';
COMMENT ON COLUMN civil_affairs.v_statistics.month IS '月份。Month.';
COMMENT ON COLUMN civil_affairs.v_statistics.programme IS '救助项目。Programme.';
COMMENT ON COLUMN civil_affairs.v_statistics.division IS '区划代码。Division code.';
COMMENT ON COLUMN civil_affairs.v_statistics.division_name IS '区划名称。Division name.';
COMMENT ON COLUMN civil_affairs.v_statistics.level IS '区划级别 1 省 … 4 乡（小计行为上级）。Level of the row''s division, 1 province … 4 township.';
COMMENT ON COLUMN civil_affairs.v_statistics.urban IS '城市（真）农村（假）；合计行为空。Urban or rural; NULL on total rows.';
COMMENT ON COLUMN civil_affairs.v_statistics.all_urban_rural IS '是否城乡合计行。Whether the row totals urban and rural.';
COMMENT ON COLUMN civil_affairs.v_statistics.tier IS '档次；合计行为空。Tier; NULL on total rows.';
COMMENT ON COLUMN civil_affairs.v_statistics.all_tiers IS '是否各档合计行。Whether the row totals all tiers.';
COMMENT ON COLUMN civil_affairs.v_statistics.households IS '户数。Households.';
COMMENT ON COLUMN civil_affairs.v_statistics.persons IS '人数（低保为保障人数，个人项目为人数）。Persons covered.';
COMMENT ON COLUMN civil_affairs.v_statistics.amount IS '金额（元）。Amount in yuan.';

-- 主动发现: people who likely qualify but are not covered.
CREATE VIEW civil_affairs.v_proactive_discovery AS
WITH latest AS (
    SELECT DISTINCT ON (a.household_id) a.household_id, a.as_of, a.dibao, a.per_capita_income, a.standard
      FROM civil_affairs.assessment a ORDER BY a.household_id, a.as_of DESC, a.id DESC
), open_enrollment AS (
    SELECT * FROM civil_affairs.enrollment WHERE status IN ('pending', 'active', 'gradual_exit', 'suspended')
), residents AS (
    SELECT p.*, m.household_id
      FROM civil_affairs.person p
      JOIN civil_affairs.household_member m ON m.person_id = p.id AND m.during @> CURRENT_DATE
     WHERE p.death_date IS NULL
)
SELECT 'dibao_not_enrolled'::text AS finding, l.household_id, NULL::bigint AS person_id,
       format('认定符合低保（人均 %s < 标准 %s，%s）但未纳入 assessed eligible but not enrolled',
              l.per_capita_income, l.standard, l.as_of) AS detail
  FROM latest l
 WHERE l.dibao AND NOT EXISTS (SELECT FROM open_enrollment e WHERE e.household_id = l.household_id AND e.programme = 'dibao')
UNION ALL
SELECT 'old_age_not_enrolled', r.household_id, r.id,
       format('%s 岁，未领取高龄津贴 aged %s without old-age allowance', extract(year FROM age(r.birth_date))::int,
              extract(year FROM age(r.birth_date))::int)
  FROM residents r
 WHERE age(r.birth_date) >= interval '80 years'
   AND NOT EXISTS (SELECT FROM open_enrollment e WHERE e.person_id = r.id AND e.programme = 'old_age_allowance')
UNION ALL
SELECT 'disability_care_not_enrolled', r.household_id, r.id,
       format('残疾等级 %s（%s），未领取护理补贴 disability grade %s without care subsidy',
              r.disability_grade, r.disability_kind, r.disability_grade)
  FROM residents r
 WHERE (r.disability_grade IN (1, 2) OR (r.disability_grade IN (3, 4) AND r.disability_kind IN ('mental', 'intellectual')))
   AND NOT EXISTS (SELECT FROM open_enrollment e WHERE e.person_id = r.id AND e.programme = 'disability_care_subsidy')
UNION ALL
SELECT 'orphan_not_enrolled', r.household_id, r.id,
       CASE r.orphan WHEN 'orphan' THEN '孤儿，未领取基本生活费 orphan without allowance'
            ELSE '事实无人抚养儿童，未领取基本生活费 child without a guardian, without allowance' END
  FROM residents r
 WHERE r.orphan IS NOT NULL AND age(r.birth_date) < interval '18 years'
   AND NOT EXISTS (SELECT FROM open_enrollment e WHERE e.person_id = r.id AND e.programme = 'orphan_allowance');
COMMENT ON VIEW civil_affairs.v_proactive_discovery IS
    '主动发现：认定符合低保但未纳入、80 岁以上未领高龄津贴、重度残疾未领护理补贴、孤儿及事实无人抚养儿童未领基本生活费。Proactive discovery: assessed eligible but not enrolled, aged 80+ without old-age allowance, severely disabled without care subsidy, orphans and children without guardians without allowance.';
COMMENT ON COLUMN civil_affairs.v_proactive_discovery.finding IS '发现类型。Kind of finding.';
COMMENT ON COLUMN civil_affairs.v_proactive_discovery.household_id IS '家庭。Household.';
COMMENT ON COLUMN civil_affairs.v_proactive_discovery.person_id IS '人员（个人项目）。Person, for person-level findings.';
COMMENT ON COLUMN civil_affairs.v_proactive_discovery.detail IS '说明。Detail.';

-- 异常: what the anti-corruption checks look for.
CREATE VIEW civil_affairs.v_anomalies AS
WITH paid AS (
    SELECT p.month, p.enrollment_id, p.household_id, p.person_id, p.programme, sum(p.amount) AS amount
      FROM civil_affairs.payment p GROUP BY 1, 2, 3, 4, 5 HAVING sum(p.amount) <> 0
), open_enrollment AS (
    SELECT * FROM civil_affairs.enrollment WHERE status IN ('active', 'gradual_exit')
), latest AS (
    SELECT DISTINCT ON (a.household_id) a.household_id, a.assets_pass, a.explanation
      FROM civil_affairs.assessment a ORDER BY a.household_id, a.as_of DESC, a.id DESC
), last_month AS (
    SELECT max(month) AS month FROM civil_affairs.payroll_run
)
SELECT 'payment_after_death'::text AS finding, pd.household_id, pd.person_id, pd.month,
       format('%s 已于 %s 死亡，仍发放 %s paid after death', pe.name, pe.death_date, pd.amount) AS detail
  FROM paid pd JOIN civil_affairs.person pe ON pe.id = pd.person_id
 WHERE pe.death_date < pd.month
UNION ALL
SELECT 'two_enrollments', min(c.household_id), c.person_id, NULL,
       format('同时在 %s 个低保在保记录中（%s）in %s open dibao enrolments', count(DISTINCT c.id),
              string_agg(DISTINCT c.id::text, ', '), count(DISTINCT c.id))
  FROM (SELECT e.id, e.household_id, m.person_id
          FROM open_enrollment e
          JOIN civil_affairs.household_member m ON m.household_id = e.household_id AND m.during @> CURRENT_DATE
         WHERE e.programme = 'dibao' AND NOT e.single_person
        UNION ALL
        SELECT e.id, e.household_id, e.person_id
          FROM open_enrollment e WHERE e.programme = 'dibao' AND e.single_person) c
 GROUP BY c.person_id HAVING count(DISTINCT c.id) > 1
UNION ALL
SELECT 'two_enrollments', NULL, e.person_id, NULL,
       format('同一项目 %s 有 %s 个在保记录 %s open enrolments in one programme', e.programme, count(*), count(*))
  FROM open_enrollment e WHERE e.person_id IS NOT NULL AND e.programme <> 'dibao'
 GROUP BY e.person_id, e.programme HAVING count(*) > 1
UNION ALL
SELECT DISTINCT 'enrolled_failing_asset_test', e.household_id, NULL::bigint, NULL::date,
       format('在保但财产检验未通过 enrolled but failing: %s',
              (SELECT string_agg(t ->> 'test', ', ') FROM jsonb_array_elements(l.explanation -> 'tests') t
                WHERE NOT (t ->> 'passed')::boolean AND t ->> 'test' IN ('financial_assets', 'homes', 'vehicles', 'businesses')))
  FROM open_enrollment e JOIN latest l ON l.household_id = e.household_id
 WHERE e.programme = 'dibao' AND NOT l.assets_pass
UNION ALL
SELECT 'payment_differs_from_recomputation', o.household_id, o.person_id, lm.month,
       format('已发 %s，按现行数据应发 %s paid %s, recomputed %s', coalesce(pd.amount, 0), o.amount, coalesce(pd.amount, 0), o.amount)
  FROM last_month lm
  CROSS JOIN LATERAL civil_affairs.payroll_entitlements(lm.month) o
  LEFT JOIN paid pd ON pd.enrollment_id = o.enrollment_id AND pd.month = lm.month
 WHERE lm.month IS NOT NULL AND coalesce(pd.amount, 0) <> o.amount
UNION ALL
SELECT 'staff_relative', pd.household_id, sr.person_id, pd.month,
       format('%s 为工作人员 %s 的%s staff relative receiving payments', pe.name, sr.staff_user, sr.relation)
  FROM civil_affairs.staff_relative sr
  JOIN civil_affairs.person pe ON pe.id = sr.person_id
  JOIN civil_affairs.household_member m ON m.person_id = sr.person_id
  JOIN (SELECT paid.household_id, paid.month FROM paid GROUP BY 1, 2) pd
    ON pd.household_id = m.household_id AND m.during @> pd.month;
COMMENT ON VIEW civil_affairs.v_anomalies IS
    '异常：死亡后仍发放、同一人多个在保记录、在保家庭财产检验未通过、发放金额与按现行数据重算不符（最近发放月份）、工作人员近亲属领取。Anomalies: payments after death, a person in two open enrolments of one programme, enrolled households failing asset tests, payments differing from a recomputation (latest payroll month), relatives of staff receiving payments.';
COMMENT ON COLUMN civil_affairs.v_anomalies.finding IS '异常类型。Kind of anomaly.';
COMMENT ON COLUMN civil_affairs.v_anomalies.household_id IS '家庭。Household.';
COMMENT ON COLUMN civil_affairs.v_anomalies.person_id IS '人员。Person.';
COMMENT ON COLUMN civil_affairs.v_anomalies.month IS '月份。Month.';
COMMENT ON COLUMN civil_affairs.v_anomalies.detail IS '说明。Detail.';
