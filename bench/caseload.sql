-- caseload.sql: a synthetic, deterministic caseload of Nanning households in
-- the registry tables (civil_affairs.person, household, household_member,
-- income, asset, expenditure), for benchmarks, the payroll run and the demo.
--
-- Usage (psql, on a database with the extension and an EMPTY registry):
--     psql -v households=200000 -f bench/caseload.sql
--     \ir caseload.sql               -- from another script; set the variables first
-- Variables (all optional):
--     households  number of households (default 10000)
--     seed        key of every random draw (default 20210601)
--     as_of       the assessment date the caseload is built around (default
--                 2021-06-01): ages are ages on this date, and the incomes
--                 and expenditure cover the `months` months before its month
--     months      length of the income window, 1..36 (default 12, Nanning's
--                 income.lookback_months: 2020-06 … 2021-05 for 2021-06-01)
--     caseload_fast_load  on: load with session_replication_role = replica
--                 (superuser only), which skips the registry's row triggers
--                 (foreign keys, the income-membership trigger, the
--                 reassessment marks, all of which the data satisfies by
--                 construction); the same checks are then made set-based at
--                 the end, and fail loudly.  About 3× faster at 1,000,000
--                 households.  Default off: every row passes every trigger.
--
-- Determinism: every value is a function of (seed, row key, attribute): a
-- keyed hash (hashint8extended) made uniform in [0, 1), never random(), so
-- the data does not depend on plan, row order or the number of households:
-- the first 10,000 households of a 1,000,000-household caseload are the
-- 10,000-household caseload.  setseed() is still called once, so anything a
-- caller runs with random() afterwards is reproducible as well.  All ids are
-- explicit: household 1..N; persons numbered densely in household order;
-- income id = person × 1024 + item × 64 + month index; asset id = household ×
-- 16 + asset number; expenditure id = household × 256 + kind × 64 + month
-- index.  The identity sequences are moved past them, so later inserts that
-- take default ids do not collide.  A second run on an empty registry gives
-- identical rows.
--
-- What the caseload looks like (figures for 200,000 households, as_of
-- 2021-06-01, in docs/benchmarks.md):
--   * residence: a village-level code (level 5, under 4501, valid today) of
--     one of Nanning's 12 county-level divisions, drawn with weights 1–3 per
--     village, so each county's share follows its number of villages;
--     household.urban is left NULL and follows the village's urban flag
--     (居委会 urban, 村委会 rural: about a quarter urban); 12% registered
--     (hukou) in another village; a quarter of poor rural households are
--     poverty-alleviated (脱贫户) with a transition to 2025-12-31;
--   * 1–6 members (14/24/26/20/11/5%), relations head, spouse, child,
--     parent, grandchild: single elders, elder couples, skipped-generation
--     households (grandparents with grandchildren), couples, single parents,
--     nuclear and three-generation families; ages 0–95 on as_of;
--   * disability (grades 1–4 and a kind) for ~7% (more among the old and
--     poor), serious illness, partial or no work capacity, self-care, a few
--     unemployed without good reason (presumed income applies), elderly and
--     children without a capable supporter; valid ID numbers (GB 11643 check
--     character, the region code in force at birth: 横县 450127 before
--     2021-02-03, 武鸣县 450122 before 2015-02-16), 2% missing (NULL) as in
--     historical records; phones for most adults;
--   * memberships from long before the window (household formed 1990–2019,
--     children from birth); some spouses joined during the window, some
--     adult children left during it, some elderly died in it (their
--     membership closed at death, or left open, with a pension still
--     recorded after death for some: the payments-to-the-dead case);
--   * incomes per month, only in months of membership: wage (with months
--     without work for the poor), agriculture (seasonal), business,
--     property, employee pension, basic pension, old-age allowance (80 or
--     150 by age), support from relatives, the two disability subsidies,
--     scholarships (September and March), social assistance (current dibao
--     payments: urban gap, rural tiers 155/230/340), special care, family
--     planning, other; one wage record per person and month (the work-cost
--     cap is never shared between records);
--   * assets: deposits (a few poor households with hidden savings), homes
--     (some with two), cars (a few sold in the window), exempt motorcycles and
--     vehicles for disabled members, business registrations;
--   * medical expenditure where someone is seriously ill or severely
--     disabled (with hospital bills), education for students, some other
--     (not rigid) spending, a few medical bills from before the window.
-- Classes of households (poor / near-poor / middle / well-off) set the
-- amounts; with the shipped Nanning policy about 40% of households qualify
-- for dibao, 10% are low-income, 1–2% expenditure-hardship.
--
-- Speed (2 cores, PostgreSQL 15): about 55 seconds per 100,000 households
-- with every trigger firing, dominated by the row triggers of income and
-- household_member; see docs/benchmarks.md.
\set ON_ERROR_STOP 1
\if :{?households} \else \set households 10000 \endif
\if :{?seed} \else \set seed 20210601 \endif
\if :{?as_of} \else \set as_of 2021-06-01 \endif
\if :{?months} \else \set months 12 \endif
\if :{?caseload_fast_load} \else \set caseload_fast_load off \endif

SELECT setseed(((:seed)::bigint % 1999 - 999) / 1000.0) AS caseload_seeded \gset
-- JIT would spend longer compiling these wide expressions than running them.
SELECT current_setting('jit') AS caseload_saved_jit \gset
SET jit = off;

DO $$
BEGIN
    IF EXISTS (SELECT FROM civil_affairs.person) OR EXISTS (SELECT FROM civil_affairs.household)
       OR EXISTS (SELECT FROM civil_affairs.income) OR EXISTS (SELECT FROM civil_affairs.household_member)
       OR EXISTS (SELECT FROM civil_affairs.asset) OR EXISTS (SELECT FROM civil_affairs.expenditure) THEN
        RAISE EXCEPTION 'caseload.sql needs an empty registry'
            USING HINT = 'TRUNCATE civil_affairs.income, civil_affairs.asset, civil_affairs.expenditure, civil_affairs.household_member, civil_affairs.person, civil_affairs.household (assessment rows, which are append-only, must not refer to the households).';
    END IF;
END $$;

-- The uniform draw of attribute s (0..1023) of row key k, in [0, 1).  The
-- draws are inlined where they are used; the "OFFSET 0" below keep each
-- step's columns from being inlined (and computed again) into every
-- expression of the next step that uses them.
SELECT format($f$CREATE OR REPLACE FUNCTION pg_temp.caseload_u(k bigint, s integer) RETURNS float8
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN ((hashint8extended(k * 1024 + s, %s) >> 11) & 9007199254740991)::float8 / 9007199254740992.0$f$,
    (:seed)::bigint) \gexec

-- An integer from lo to hi inclusive, from a draw.
CREATE OR REPLACE FUNCTION pg_temp.caseload_int(u float8, lo integer, hi integer) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN lo + least(floor(u * (hi - lo + 1))::integer, hi - lo);

-- An element of an array, from a draw.
CREATE OR REPLACE FUNCTION pg_temp.caseload_pick(a text[], u float8) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN a[1 + floor(u * cardinality(a))::integer];

-- An amount from lo to hi yuan (float8), and the same to the fen (numeric).
CREATE OR REPLACE FUNCTION pg_temp.caseload_amount(u float8, lo float8, hi float8) RETURNS float8
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN lo + (hi - lo) * u;
-- yuan (float8) to the fen (numeric)
CREATE OR REPLACE FUNCTION pg_temp.caseload_fen(yuan float8) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN round(yuan * 100)::bigint * 0.01;
CREATE OR REPLACE FUNCTION pg_temp.caseload_money(u float8, lo float8, hi float8) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN pg_temp.caseload_fen(lo + (hi - lo) * u);

-- Leftovers of an interrupted run in this session.
SELECT 'DROP TABLE ' || string_agg(oid::regclass::text, ', ')
  FROM pg_class
 WHERE relname IN ('caseload_slot', 'caseload_hh', 'caseload_person', 'caseload_stream', 'caseload_window')
   AND relpersistence = 't' AND pg_table_is_visible(oid)
HAVING count(*) > 0 \gexec

CREATE TEMP TABLE caseload_window AS
SELECT k AS month_idx, m::date AS month, extract(month FROM m)::integer AS mon
  FROM generate_series(0, (:months)::integer - 1) AS k,
       LATERAL (SELECT date_trunc('month', (:'as_of')::date) - (:months - k) * interval '1 month' AS m) AS t;
SELECT min(month) AS caseload_window_start FROM caseload_window \gset

-- Villages (村级) of Nanning's county-level divisions in force today, each
-- taking 1 to 3 slots; a household draws a slot.
CREATE TEMP TABLE caseload_slot AS
WITH county AS (
    SELECT code FROM civil_affairs.division
     WHERE level = 3 AND code OPERATOR(civil_affairs.<@) '4501' AND valid @> current_date AND NOT placeholder
), village AS (
    SELECT v.code, v.short_name, v.urban, civil_affairs.adcode_county(v.code) AS county,
           civil_affairs.adcode_to_bigint(v.code) AS n
      FROM civil_affairs.division v
     WHERE v.level = 5 AND v.code OPERATOR(civil_affairs.<@) '4501' AND v.valid @> current_date
       AND NOT v.placeholder AND v.urban IS NOT NULL
       AND civil_affairs.adcode_to_bigint(civil_affairs.adcode_county(v.code))
           IN (SELECT civil_affairs.adcode_to_bigint(code) FROM county)
)
SELECT (row_number() OVER (ORDER BY v.n, g) - 1)::integer AS slot, v.*
  FROM village v, generate_series(1, pg_temp.caseload_int(pg_temp.caseload_u(v.n, 0), 1, 3)) AS g;
SELECT count(*) AS caseload_slots FROM caseload_slot \gset

-- Households: composition, class, place.
CREATE TEMP TABLE caseload_hh AS
WITH d AS (
    SELECT h,
           pg_temp.caseload_int(pg_temp.caseload_u(h, 1), 0, :caseload_slots - 1) AS slot,
           CASE WHEN pg_temp.caseload_u(h, 2) < 0.14 THEN 1 WHEN pg_temp.caseload_u(h, 2) < 0.38 THEN 2
                WHEN pg_temp.caseload_u(h, 2) < 0.64 THEN 3 WHEN pg_temp.caseload_u(h, 2) < 0.84 THEN 4
                WHEN pg_temp.caseload_u(h, 2) < 0.95 THEN 5 ELSE 6 END AS size
      FROM generate_series(1, (:households)::bigint) AS h
    OFFSET 0
), e AS (
    SELECT d.*, s.code AS village, s.urban, s.county, s.short_name,
           pg_temp.caseload_u(h, 3) < CASE size WHEN 1 THEN 0.60 WHEN 2 THEN 0.42 WHEN 3 THEN 0.12 ELSE 0.08 END AS elder
      FROM d JOIN caseload_slot s USING (slot)
    OFFSET 0
), c AS (
    SELECT e.*,
           -- poor, near-poor, middle, well-off: more poverty among the old and in the countryside
           CASE WHEN pg_temp.caseload_u(h, 4) < 0.33 + 0.14 * elder::int::float8 + 0.07 * (NOT urban)::int::float8 THEN 'poor'
                WHEN pg_temp.caseload_u(h, 4) < 0.48 + 0.14 * elder::int::float8 + 0.07 * (NOT urban)::int::float8 THEN 'near'
                WHEN pg_temp.caseload_u(h, 4) < 0.86 THEN 'middle'
                ELSE 'well' END AS class,
           size >= 2 AND pg_temp.caseload_u(h, 5) < CASE WHEN elder THEN 0.75 WHEN size = 2 THEN 0.60 ELSE 0.85 END AS spouse,
           CASE WHEN elder OR size < 4 THEN 0
                WHEN size = 6 AND pg_temp.caseload_u(h, 6) < 0.7 THEN 2
                WHEN pg_temp.caseload_u(h, 6) < CASE size WHEN 4 THEN 0.35 ELSE 0.65 END THEN 1
                ELSE 0 END AS parents,
           elder AND pg_temp.caseload_u(h, 7) < 0.65 AS skipgen,
           CASE WHEN elder THEN 60 + floor(33 * pg_temp.caseload_u(h, 8) ^ 1.4)::int
                ELSE pg_temp.caseload_int(pg_temp.caseload_u(h, 8), 22, 59) END AS head_age,
           pg_temp.caseload_u(h, 9) < CASE WHEN elder THEN 0.55 ELSE 0.62 END AS head_male
      FROM e
    OFFSET 0
)
SELECT c.*,
       -- the first person id of the household: persons are numbered densely in household order
       sum(c.size) OVER (ORDER BY c.h) - c.size AS person_base,
       coalesce(o.code, c.village) AS hukou,
       NOT c.urban AND c.class IN ('poor', 'near') AND pg_temp.caseload_u(c.h, 13) < 0.25 AS alleviated,
       -- the household was formed between the head's 20th birthday (not before 1990) and 2019-12
       least(greatest((:'as_of')::date - (c.head_age - 20) * 365, DATE '1990-01-01')
             + floor(pg_temp.caseload_u(c.h, 10) * 6000)::int, DATE '2019-12-01') AS formed
  FROM c
  -- 12% live away from the village of their household registration
  LEFT JOIN caseload_slot o
    ON pg_temp.caseload_u(c.h, 11) < 0.12
   AND o.slot = pg_temp.caseload_int(pg_temp.caseload_u(c.h, 12), 0, :caseload_slots - 1);
CREATE INDEX ON caseload_hh (h);
ANALYZE caseload_hh;

-- Persons, with their membership.
CREATE TEMP TABLE caseload_person AS
WITH pos AS (
    SELECT hh.*, p AS pos, hh.person_base + p AS id,
           CASE WHEN p = 1 THEN 'head'
                WHEN p = 2 AND spouse THEN 'spouse'
                WHEN p > size - parents THEN 'parent'
                WHEN NOT elder THEN 'child'
                WHEN skipgen THEN 'grandchild'
                WHEN p = (CASE WHEN spouse THEN 3 ELSE 2 END) THEN 'child'
                ELSE 'grandchild' END AS relation
      FROM caseload_hh hh, generate_series(1, hh.size) AS p
    OFFSET 0
), aged AS (
    SELECT pos.*,
           CASE relation
                WHEN 'head' THEN head_age
                WHEN 'spouse' THEN least(greatest(head_age + CASE WHEN head_male THEN -pg_temp.caseload_int(pg_temp.caseload_u(id, 100), 0, 6)
                                                                  ELSE pg_temp.caseload_int(pg_temp.caseload_u(id, 100), -2, 6) END, 19), 95)
                WHEN 'parent' THEN least(head_age + pg_temp.caseload_int(pg_temp.caseload_u(id, 100), 21, 34), 95)
                WHEN 'grandchild' THEN pg_temp.caseload_int(pg_temp.caseload_u(id, 100), 0, 16)
                ELSE CASE WHEN elder THEN greatest(head_age - pg_temp.caseload_int(pg_temp.caseload_u(id, 100), 22, 36), 18)
                          ELSE pg_temp.caseload_int(pg_temp.caseload_u(id, 100), 0, greatest(least(head_age - 20, 25), 0)) END
           END AS age,
           CASE relation
                WHEN 'head' THEN head_male
                WHEN 'spouse' THEN NOT head_male
                WHEN 'parent' THEN CASE WHEN parents = 2 THEN pos = size - 1 ELSE pg_temp.caseload_u(id, 101) < 0.35 END
                ELSE pg_temp.caseload_u(id, 101) < 0.52 END AS male
      FROM pos
    OFFSET 0
), born AS (
    SELECT aged.*,
           ((:'as_of')::date - (age + 1) * interval '1 year')::date + 1
             + floor(pg_temp.caseload_u(id, 102)
                     * (((:'as_of')::date - age * interval '1 year')::date
                        - ((:'as_of')::date - (age + 1) * interval '1 year')::date))::int AS birth_date
      FROM aged
    OFFSET 0
), flags AS (
    SELECT born.*,
           CASE WHEN pg_temp.caseload_u(id, 103) < 0.030 + 0.06 * (age >= 60)::int::float8 + 0.03 * (age >= 80)::int::float8
                                                    + 0.03 * (class = 'poor')::int::float8
                THEN CASE WHEN pg_temp.caseload_u(id, 104) < 0.12 THEN 1 WHEN pg_temp.caseload_u(id, 104) < 0.35 THEN 2
                          WHEN pg_temp.caseload_u(id, 104) < 0.65 THEN 3 ELSE 4 END
                ELSE 0 END AS grade,
           pg_temp.caseload_u(id, 106) < 0.012 + 0.03 * (age >= 50)::int::float8 + 0.03 * (age >= 70)::int::float8
                                         + 0.03 * (class = 'poor')::int::float8 AS ill,
           age BETWEEN 16 AND 22 AND pg_temp.caseload_u(id, 107) < CASE WHEN urban THEN 0.75 ELSE 0.55 END AS student
      FROM born
    OFFSET 0
), capacity AS (
    SELECT flags.*,
           CASE WHEN grade = 0 THEN NULL
                WHEN pg_temp.caseload_u(id, 105) < 0.45 THEN 'physical' WHEN pg_temp.caseload_u(id, 105) < 0.57 THEN 'visual'
                WHEN pg_temp.caseload_u(id, 105) < 0.72 THEN 'hearing' WHEN pg_temp.caseload_u(id, 105) < 0.74 THEN 'speech'
                WHEN pg_temp.caseload_u(id, 105) < 0.82 THEN 'intellectual' WHEN pg_temp.caseload_u(id, 105) < 0.92 THEN 'mental'
                ELSE 'multiple' END AS kind,
           CASE WHEN age < 16 THEN 'full'
                WHEN grade IN (1, 2) THEN 'none'
                WHEN ill AND pg_temp.caseload_u(id, 108) < 0.5 THEN 'none'
                WHEN age >= 80 THEN 'none'
                WHEN age >= 70 THEN CASE WHEN pg_temp.caseload_u(id, 108) < 0.5 THEN 'none' ELSE 'partial' END
                WHEN grade IN (3, 4) OR ill THEN 'partial'
                WHEN age >= 60 THEN CASE WHEN pg_temp.caseload_u(id, 108) < 0.5 THEN 'partial' ELSE 'full' END
                WHEN class = 'poor' AND pg_temp.caseload_u(id, 108) < 0.08 THEN 'partial'
                ELSE 'full' END AS work,
           CASE WHEN grade = 1 THEN CASE WHEN pg_temp.caseload_u(id, 109) < 0.6 THEN 'none' ELSE 'partial' END
                WHEN grade = 2 AND pg_temp.caseload_u(id, 109) < 0.5 THEN 'partial'
                WHEN age >= 90 THEN CASE WHEN pg_temp.caseload_u(id, 109) < 0.3 THEN 'none'
                                         WHEN pg_temp.caseload_u(id, 109) < 0.7 THEN 'partial' ELSE 'full' END
                WHEN age >= 80 AND pg_temp.caseload_u(id, 109) < 0.25 THEN 'partial'
                WHEN ill AND pg_temp.caseload_u(id, 109) < 0.2 THEN 'partial'
                ELSE 'full' END AS care
      FROM flags
    OFFSET 0
), life AS (
    SELECT capacity.*,
           age BETWEEN 18 AND 54 AND work = 'full' AND NOT student
             AND pg_temp.caseload_u(id, 110) < 0.025 + 0.035 * (class IN ('poor', 'near'))::int::float8 AS idle,
           NOT (CASE WHEN age >= 60 AND elder AND (skipgen OR size <= 2) THEN pg_temp.caseload_u(id, 111) < 0.5
                     WHEN relation = 'grandchild' THEN pg_temp.caseload_u(id, 111) < 0.25
                     WHEN age BETWEEN 16 AND 59 AND work = 'none' AND size = 1 THEN pg_temp.caseload_u(id, 111) < 0.5
                     ELSE false END) AS supported,
           -- some of the elderly died in the window; half of those memberships were closed at death
           CASE WHEN age >= 70 AND pg_temp.caseload_u(id, 112) < 0.025
                THEN (SELECT min(month) FROM caseload_window)
                     + floor(pg_temp.caseload_u(id, 113)
                             * (date_trunc('month', (:'as_of')::date)::date - (SELECT min(month) FROM caseload_window)))::int
           END AS death_date,
           pg_temp.caseload_u(id, 114) < 0.5 AS death_closes,
           pg_temp.caseload_u(id, 115) < 0.3 AS paid_after_death,
           -- membership: from the household's formation (or birth); a few spouses married in during the
           -- window; a few adult children left during it
           CASE WHEN relation = 'spouse' AND NOT elder AND pg_temp.caseload_u(id, 116) < 0.02
                THEN (SELECT min(month) FROM caseload_window) + 31
                     + floor(pg_temp.caseload_u(id, 117)
                             * ((:'as_of')::date - 31 - (SELECT min(month) FROM caseload_window) - 31))::int
                ELSE greatest(formed, birth_date) END AS mstart,
           CASE WHEN relation = 'child' AND age BETWEEN 18 AND 35 AND pg_temp.caseload_u(id, 118) < 0.03
                THEN (SELECT month FROM caseload_window
                       WHERE month_idx = pg_temp.caseload_int(pg_temp.caseload_u(id, 119), 1, (:months)::integer - 1))
           END AS left_on
      FROM capacity
    OFFSET 0
)
SELECT life.*,
       CASE WHEN death_date IS NOT NULL AND death_closes THEN death_date ELSE left_on END AS mend
  FROM life;
ANALYZE caseload_person;

-- Fast load: skip the row triggers, checked set-based at the end.
\if :caseload_fast_load
SET session_replication_role = replica;
\endif

INSERT INTO civil_affairs.household (id, residence_division, hukou_division, urban, address, poverty_alleviated, transition_end)
SELECT h, village, hukou, NULL,
       short_name || CASE WHEN urban THEN pg_temp.caseload_int(pg_temp.caseload_u(h, 14), 1, 320) || '号'
                          ELSE '第' || pg_temp.caseload_int(pg_temp.caseload_u(h, 14), 1, 18) || '村民小组' END,
       alleviated, CASE WHEN alleviated THEN DATE '2025-12-31' END
  FROM caseload_hh
 ORDER BY h;

-- Names: common surnames of Guangxi (Zhuang and Han), given names of one or two characters.
INSERT INTO civil_affairs.person (id, idcard, name, sex, birth_date, death_date, hukou_division,
                                  disability_grade, disability_kind, work_capacity, self_care,
                                  seriously_ill, unemployed_without_reason, has_capable_supporter, phone)
WITH named AS (
    SELECT p.*,
           -- (grand)children take the surname of the man of the couple (a single parent's own);
           -- the head's father is of the head's family
           CASE WHEN relation IN ('child', 'grandchild')
                THEN CASE WHEN head_male OR NOT spouse THEN person_base + 1 ELSE person_base + 2 END
                WHEN relation = 'parent' AND male THEN person_base + 1
                ELSE id END AS surname_key,
           -- the division code on the ID card: the county's code in force at birth
           CASE civil_affairs.adcode_to_bigint(civil_affairs.adcode_county(hukou)) / 1000000
                WHEN 450181 THEN CASE WHEN birth_date < DATE '2021-02-03' THEN 450127 ELSE 450181 END
                WHEN 450110 THEN CASE WHEN birth_date < DATE '2015-02-16' THEN 450122 ELSE 450110 END
                ELSE civil_affairs.adcode_to_bigint(civil_affairs.adcode_county(hukou)) / 1000000 END AS region
      FROM caseload_person p
    OFFSET 0
), numbered AS (
    SELECT named.*,
           to_char(birth_date, 'YYYYMMDD')::bigint AS b,
           (2 * row_number() OVER (PARTITION BY region, birth_date, male ORDER BY id) - male::int)::bigint AS seq
      FROM named
), checked AS (
    SELECT numbered.*,
           7 * (region / 100000 % 10) + 9 * (region / 10000 % 10) + 10 * (region / 1000 % 10)
           + 5 * (region / 100 % 10) + 8 * (region / 10 % 10) + 4 * (region % 10)
           + 2 * (b / 10000000 % 10) + 1 * (b / 1000000 % 10) + 6 * (b / 100000 % 10) + 3 * (b / 10000 % 10)
           + 7 * (b / 1000 % 10) + 9 * (b / 100 % 10) + 10 * (b / 10 % 10) + 5 * (b % 10)
           + 8 * (seq / 100 % 10) + 4 * (seq / 10 % 10) + 2 * (seq % 10) AS w
      FROM numbered
)
SELECT id,
       CASE WHEN pg_temp.caseload_u(id, 120) >= CASE WHEN age >= 70 THEN 0.05 ELSE 0.015 END
            THEN (region::text || b::text || lpad(seq::text, 3, '0') || substr('10X98765432', (w % 11)::int + 1, 1))::civil_affairs.idcard
       END,
       pg_temp.caseload_pick(ARRAY['黄','韦','李','陆','覃','梁','莫','蒙','农','刘','陈','张','王','杨','罗','蓝','卢','潘','周','吴',
                                   '黄','韦','李','陆','覃','梁','莫','黄','韦','李','谢','廖','何','唐','邓','苏','林','赵','曾','钟',
                                   '马','甘','银','凌','闭','邓','卢','陈','黄','韦'], pg_temp.caseload_u(surname_key, 121))
       || CASE WHEN male
               THEN pg_temp.caseload_pick(ARRAY['伟','强','军','明','华','建','国','勇','海','林','峰','斌','文','志','东','平',
                                                '杰','庆','宁','春','光','荣','福','贵','德','成','金','振','俊','锋'],
                                          pg_temp.caseload_u(id, 122))
               ELSE pg_temp.caseload_pick(ARRAY['芳','丽','英','红','梅','兰','秀','玲','燕','娟','霞','萍','凤','春','桂','琼',
                                                '莲','艳','婷','敏','妹','美','月','菊','珍','慧','静','雪','琳','颖'],
                                          pg_temp.caseload_u(id, 122)) END
       || CASE WHEN pg_temp.caseload_u(id, 123) < 0.75
               THEN pg_temp.caseload_pick(ARRAY['一','文','小','志','春','秋','宇','晓','嘉','思','雨','子','海','天','金',
                                                '玉','新','佳','世','永','宏','忠','桂','家','兴'], pg_temp.caseload_u(id, 124))
               ELSE '' END,
       CASE WHEN male THEN 'M' ELSE 'F' END, birth_date, death_date, hukou,
       grade, kind, work, care, ill, idle, supported,
       CASE WHEN age >= 16 AND pg_temp.caseload_u(id, 125) < 0.8
            THEN '1' || pg_temp.caseload_pick(ARRAY['3','5','7','8','9'], pg_temp.caseload_u(id, 126))
                 || lpad(floor(pg_temp.caseload_u(id, 127) * 1e9)::bigint::text, 9, '0') END
  FROM checked
 ORDER BY id;

INSERT INTO civil_affairs.household_member (household_id, person_id, relation, during)
SELECT h, id, relation, daterange(mstart, mend)
  FROM caseload_person
 ORDER BY h, id;

-- Income streams: one row per person and item, with its monthly base
-- amount; the months are drawn below.  item_no is part of the income id.
-- Amounts are float8 until they become fen (numeric is slow to convert).
CREATE TEMP TABLE caseload_stream AS
WITH person AS (
    SELECT p.*,
           age >= 16 AND age <= 59 AND NOT student AND work IN ('full', 'partial') AS working,
           CASE class WHEN 'poor' THEN 0 WHEN 'near' THEN 1 WHEN 'middle' THEN 2 ELSE 3 END AS ci,
           CASE WHEN work = 'partial' THEN 0.5 ELSE 1 END::float8 AS cap,
           pg_temp.caseload_u(id, 130) AS u_job,
           pg_temp.caseload_u(id, 138) AS u_pension
      FROM caseload_person p
    OFFSET 0
), stream (id, h, birth_date, mstart, mend, death_date, paid_after_death, item_no, item, base, presence, jitter) AS (
    -- wages: urban jobs; rural migrant work; odd jobs of the idle
    SELECT id, h, birth_date, mstart, mend, death_date, paid_after_death, 1, 'wage',
           CASE WHEN idle THEN pg_temp.caseload_amount(pg_temp.caseload_u(id, 131), 200, 900)
                ELSE cap * pg_temp.caseload_amount(pg_temp.caseload_u(id, 131),
                                                   (ARRAY[500, 1500, 2500, 5000])[ci + 1], (ARRAY[1700, 2600, 5500, 15000])[ci + 1]) END,
           CASE WHEN idle THEN 0.3 ELSE (ARRAY[0.78, 0.9, 0.97, 0.98]::float8[])[ci + 1] END, 0.2
      FROM person
     WHERE (urban AND working AND NOT idle AND u_job < 0.85)
        OR (NOT urban AND working AND NOT idle AND age BETWEEN 18 AND 55 AND work = 'full' AND u_job < 0.35)
        OR (idle AND u_job < 0.5)
    UNION ALL
    -- self-employed in town; a few in the countryside
    SELECT id, h, birth_date, mstart, mend, death_date, paid_after_death, 2, 'business',
           cap * pg_temp.caseload_amount(pg_temp.caseload_u(id, 133),
                                         (ARRAY[800, 1500, 3000, 8000])[ci + 1], (ARRAY[2000, 3000, 8000, 25000])[ci + 1]),
           0.9, 0.3
      FROM person
     WHERE working AND NOT idle
       AND ((urban AND u_job >= 0.85 AND pg_temp.caseload_u(id, 132) < 0.7)
            OR (NOT urban AND pg_temp.caseload_u(id, 132) < 0.05))
    UNION ALL
    -- farming (monthly average; sold in a few months, below)
    SELECT id, h, birth_date, mstart, mend, death_date, paid_after_death, 3, 'agriculture',
           cap * pg_temp.caseload_amount(pg_temp.caseload_u(id, 135),
                                         (ARRAY[120, 350, 700, 1500])[ci + 1], (ARRAY[550, 900, 1800, 4000])[ci + 1]),
           0, 0.25
      FROM person
     WHERE NOT urban AND age BETWEEN 16 AND 75 AND NOT student AND NOT idle AND work IN ('full', 'partial')
       AND pg_temp.caseload_u(id, 134) < 0.75
    UNION ALL
    -- rent
    SELECT id, h, birth_date, mstart, mend, death_date, paid_after_death, 4, 'property',
           pg_temp.caseload_amount(pg_temp.caseload_u(id, 137), 500, 4000), 1, 0
      FROM person
     WHERE relation = 'head' AND pg_temp.caseload_u(id, 136) < (ARRAY[0.0, 0.01, 0.05, 0.3]::float8[])[ci + 1]
    UNION ALL
    -- employee pensions: many of the urban old, few in the countryside; the others a basic pension
    SELECT id, h, birth_date, mstart, mend, death_date, paid_after_death, 5, 'pension',
           pg_temp.caseload_amount(pg_temp.caseload_u(id, 139),
                                   (ARRAY[1100, 1500, 2500, 4000])[ci + 1], (ARRAY[1700, 2500, 4500, 8000])[ci + 1]),
           1, 0
      FROM person
     WHERE (age >= 60 OR (age >= 55 AND NOT male AND urban))
       AND u_pension < CASE WHEN urban THEN (ARRAY[0.05, 0.3, 0.6, 0.85]::float8[])[ci + 1]
                            ELSE (ARRAY[0.02, 0.05, 0.15, 0.3]::float8[])[ci + 1] END
    UNION ALL
    SELECT id, h, birth_date, mstart, mend, death_date, paid_after_death, 6, 'basic_pension',
           round(pg_temp.caseload_amount(pg_temp.caseload_u(id, 141), CASE WHEN urban THEN 150 ELSE 118 END,
                                         CASE WHEN urban THEN 260 ELSE 190 END)),
           1, 0
      FROM person
     WHERE age >= 60 AND pg_temp.caseload_u(id, 140) < 0.95
       AND u_pension >= CASE WHEN urban THEN (ARRAY[0.05, 0.3, 0.6, 0.85]::float8[])[ci + 1]
                             ELSE (ARRAY[0.02, 0.05, 0.15, 0.3]::float8[])[ci + 1] END
    UNION ALL
    -- 80 a month from 80 years, 150 from 90, paid quarterly (the amount follows the age, below)
    SELECT id, h, birth_date, mstart, mend, death_date, paid_after_death, 7, 'old_age_allowance', 80, 1, 0
      FROM person
     WHERE age >= 80 AND pg_temp.caseload_u(id, 142) < 0.95
    UNION ALL
    -- support from children living elsewhere
    SELECT id, h, birth_date, mstart, mend, death_date, paid_after_death, 8, 'support',
           pg_temp.caseload_amount(pg_temp.caseload_u(id, 144), 50, CASE WHEN class = 'poor' THEN 300 ELSE 600 END),
           0.85, 0.2
      FROM person
     WHERE age >= 60 AND pg_temp.caseload_u(id, 143) < CASE WHEN class = 'poor' THEN 0.2 ELSE 0.3 END
    UNION ALL
    -- living subsidy (poor families) and care subsidy (grades 1–2; 3–4 mental or intellectual), 80 each
    SELECT id, h, birth_date, mstart, mend, death_date, paid_after_death, 9, 'disability_subsidy',
           80 * ((class = 'poor')::int + (grade <= 2 OR kind IN ('mental', 'intellectual'))::int), 1, 0
      FROM person
     WHERE grade > 0 AND pg_temp.caseload_u(id, 145) < 0.9
       AND (class = 'poor' OR grade <= 2 OR kind IN ('mental', 'intellectual'))
    UNION ALL
    -- twice a year, in September and March (below)
    SELECT id, h, birth_date, mstart, mend, death_date, paid_after_death, 10, 'scholarship',
           pg_temp.caseload_amount(pg_temp.caseload_u(id, 147), 1000, 3000), 1, 0
      FROM person
     WHERE student AND pg_temp.caseload_u(id, 146) < 0.12
    UNION ALL
    -- current dibao payments to the head (urban gap; rural tier 155/230/340 × persons);
    -- a one-off temporary assistance for a few near-poor households
    SELECT id, h, birth_date, mstart, mend, death_date, paid_after_death, 11, 'social_assistance',
           CASE WHEN class = 'near' THEN pg_temp.caseload_amount(pg_temp.caseload_u(h, 16), 1000, 3000)
                WHEN urban THEN pg_temp.caseload_amount(pg_temp.caseload_u(h, 16), 150, 700) * size
                ELSE (ARRAY[155, 230, 340])[pg_temp.caseload_int(pg_temp.caseload_u(h, 16), 1, 3)] * size END,
           CASE WHEN class = 'near' THEN -1 ELSE 1 END, 0
      FROM person
     WHERE relation = 'head' AND ((class = 'poor' AND pg_temp.caseload_u(h, 15) < 0.5)
                                  OR (class = 'near' AND pg_temp.caseload_u(h, 15) < 0.05))
    UNION ALL
    SELECT id, h, birth_date, mstart, mend, death_date, paid_after_death, 12, 'special_care',
           pg_temp.caseload_amount(pg_temp.caseload_u(id, 149), 600, 2500), 1, 0
      FROM person
     WHERE age >= 60 AND pg_temp.caseload_u(id, 148) < 0.01
    UNION ALL
    -- 奖励扶助金, 960 a year, paid once (December)
    SELECT id, h, birth_date, mstart, mend, death_date, paid_after_death, 13, 'family_planning', 960, 1, 0
      FROM person
     WHERE NOT urban AND age >= 60 AND pg_temp.caseload_u(id, 150) < 0.08
    UNION ALL
    -- one month of something else
    SELECT id, h, birth_date, mstart, mend, death_date, paid_after_death, 14, 'other',
           pg_temp.caseload_amount(pg_temp.caseload_u(id, 152), 200, 3000), -1, 0
      FROM person
     WHERE age >= 18 AND pg_temp.caseload_u(id, 151) < 0.04
)
SELECT id AS person_id, h, birth_date, mstart, mend, death_date, paid_after_death,
       item_no, item, base::float8 AS base, presence::float8 AS presence, jitter::float8 AS jitter
  FROM stream
 WHERE base > 0
 ORDER BY id, item_no;

-- Incomes by month.  presence is the share of months with the income (-1:
-- exactly one month); jitter the relative spread of the amount.  Farm
-- income comes in the months of a sale (rice and fruit from July to
-- November, sugarcane from December to February); the old-age allowance is
-- paid quarterly, the family-planning support yearly, scholarships in
-- September and March.  Only months of membership; after death only a
-- pension or an assistance payment still being paid.
INSERT INTO civil_affairs.income (id, person_id, item, month, amount)
SELECT s.person_id * 1024 + s.item_no * 64 + w.month_idx, s.person_id, s.item, w.month,
       CASE s.item
            WHEN 'old_age_allowance'
                 THEN 3 * CASE WHEN w.month >= (s.birth_date + interval '90 years') THEN 150 ELSE 80 END
            ELSE pg_temp.caseload_fen(
                     s.base
                     -- a sale brings in about 2.5 months of the average farm income
                     * CASE WHEN s.item = 'agriculture' THEN 2.5
                            -- a year-end bonus in January for the better paid
                            WHEN s.item = 'wage' AND w.mon = 1 AND s.base > 2500 THEN 2
                            ELSE 1 END
                     * (1 + s.jitter * (2 * pg_temp.caseload_u(s.person_id * 64 + s.item_no, 200 + w.month_idx) - 1)))
       END
  FROM caseload_stream s
 -- in the order of the stream table (person, item), so that the indexes grow at their right end
 CROSS JOIN LATERAL (SELECT * FROM caseload_window w
     WHERE CASE WHEN s.item = 'scholarship' THEN w.mon IN (3, 9)
            WHEN s.item = 'old_age_allowance' THEN w.mon IN (3, 6, 9, 12)
                                                   AND w.month >= (s.birth_date + interval '80 years')
            WHEN s.item = 'family_planning' THEN w.mon = 12
            WHEN s.item = 'agriculture'
                 THEN pg_temp.caseload_u(s.person_id * 64 + s.item_no, 250 + w.month_idx)
                      < CASE WHEN w.mon BETWEEN 7 AND 11 THEN 0.6
                             WHEN w.mon IN (12, 1, 2) THEN 0.45 ELSE 0.12 END::float8
            WHEN s.presence < 0 THEN w.month_idx = pg_temp.caseload_int(pg_temp.caseload_u(s.person_id * 64 + s.item_no, 300),
                                                                         0, (:months)::integer - 1)
            ELSE pg_temp.caseload_u(s.person_id * 64 + s.item_no, 250 + w.month_idx) < s.presence END
     ORDER BY w.month_idx OFFSET 0) AS w
 WHERE s.mstart < (w.month + interval '1 month')
   AND (s.mend IS NULL OR s.mend > w.month)
   AND (s.death_date IS NULL OR w.month <= s.death_date
        OR (s.paid_after_death AND s.item IN ('pension', 'basic_pension', 'social_assistance')));

-- Assets.  Deposits: a few poor households with hidden savings; homes (some
-- with two); cars (some sold in the window); exempt motorcycles and vehicles
-- for disabled members; business registrations.
INSERT INTO civil_affairs.asset (id, household_id, person_id, kind, exempt, description, value, valid)
WITH hh AS (
    SELECT hh.*, CASE class WHEN 'poor' THEN 0 WHEN 'near' THEN 1 WHEN 'middle' THEN 2 ELSE 3 END AS ci,
           f.lame, f.self_employed
      FROM caseload_hh hh
      JOIN (SELECT p.h,
                   bool_or(p.grade BETWEEN 1 AND 2 AND p.kind = 'physical') AS lame,
                   bool_or(p.work IN ('full', 'partial') AND p.age BETWEEN 16 AND 59 AND NOT p.student
                           AND NOT p.urban AND p.relation IN ('head', 'spouse')) AS self_employed
              FROM caseload_person p GROUP BY p.h) AS f USING (h)
    OFFSET 0
), a (h, person_base, asset_no, kind, exempt, description, value, acquired, sold) AS (
    SELECT h, person_base, 1, 'financial', false, '银行存款',
           CASE WHEN ci = 0 AND pg_temp.caseload_u(h, 31) < 0.06
                THEN pg_temp.caseload_money(pg_temp.caseload_u(h, 32), 30000, 200000)
                ELSE pg_temp.caseload_money(pg_temp.caseload_u(h, 32) ^ 2, (ARRAY[0, 1000, 10000, 100000])[ci + 1],
                                            (ARRAY[9000, 40000, 200000, 1500000])[ci + 1]) END,
           formed + 200, NULL::date
      FROM hh WHERE pg_temp.caseload_u(h, 30) < (ARRAY[0.55, 0.75, 0.9, 0.97]::float8[])[ci + 1]
    UNION ALL
    SELECT h, person_base, 2, 'financial', false, '理财产品',
           pg_temp.caseload_money(pg_temp.caseload_u(h, 34), 10000, 500000), DATE '2019-01-01', NULL
      FROM hh WHERE pg_temp.caseload_u(h, 33) < (ARRAY[0.0, 0.02, 0.15, 0.5]::float8[])[ci + 1]
    UNION ALL
    SELECT h, person_base, 3, 'home', false, '自住房',
           CASE WHEN urban THEN pg_temp.caseload_money(pg_temp.caseload_u(h, 36), 150000, 1200000)
                ELSE pg_temp.caseload_money(pg_temp.caseload_u(h, 36), 30000, 250000) END,
           formed, NULL
      FROM hh WHERE pg_temp.caseload_u(h, 35) < CASE WHEN urban THEN (ARRAY[0.45, 0.65, 0.85, 0.97]::float8[])[ci + 1] ELSE 0.92 END
    UNION ALL
    SELECT h, person_base, 4, 'home', false, '第二套住房',
           pg_temp.caseload_money(pg_temp.caseload_u(h, 38), 200000, 1500000), DATE '2015-01-01', NULL
      FROM hh WHERE pg_temp.caseload_u(h, 37) < (ARRAY[0.015, 0.04, 0.15, 0.45]::float8[])[ci + 1]
    UNION ALL
    -- some sold during the window
    SELECT h, person_base, 5, 'vehicle', false, '小汽车',
           pg_temp.caseload_money(pg_temp.caseload_u(h, 40), 30000, 300000), DATE '2017-06-01',
           CASE WHEN pg_temp.caseload_u(h, 41) < 0.08
                THEN ((:'caseload_window_start')::date
                      + pg_temp.caseload_int(pg_temp.caseload_u(h, 42), 0, (:months)::integer - 1) * interval '1 month')::date
           END
      FROM hh WHERE pg_temp.caseload_u(h, 39) < (ARRAY[0.02, 0.08, 0.35, 0.8]::float8[])[ci + 1]
    UNION ALL
    SELECT h, person_base, 6, 'vehicle', true, '摩托车',
           pg_temp.caseload_money(pg_temp.caseload_u(h, 44), 1500, 8000), DATE '2016-01-01', NULL
      FROM hh WHERE pg_temp.caseload_u(h, 43) < CASE WHEN urban THEN 0.15 ELSE 0.4 END
    UNION ALL
    SELECT h, person_base, 7, 'vehicle', true, '残疾人机动轮椅车',
           pg_temp.caseload_money(pg_temp.caseload_u(h, 46), 3000, 12000), DATE '2018-01-01', NULL
      FROM hh WHERE lame AND pg_temp.caseload_u(h, 45) < 0.2
    UNION ALL
    SELECT h, person_base, 8, 'business', false, '个体工商户营业执照', 0, DATE '2016-03-01', NULL
      FROM hh WHERE pg_temp.caseload_u(h, 47) < (ARRAY[0.01, 0.03, 0.08, 0.2]::float8[])[ci + 1]
                                                + 0.05 * self_employed::int::float8
)
SELECT h * 16 + asset_no, h, person_base + 1, kind, exempt, description, value, daterange(acquired, sold)
  FROM a
 ORDER BY 1;

-- Expenditure: medical where someone is seriously ill or severely disabled
-- (monthly costs and a hospital bill), education for students (September
-- and March), other spending (not rigid), old medical bills before the window.
INSERT INTO civil_affairs.expenditure (id, household_id, kind, month, amount)
WITH need AS (
    SELECT h, bool_or(ill OR grade IN (1, 2)) AS sick, count(*) FILTER (WHERE student) AS students,
           -- a hospital stay in one month of the window for 60% of them
           CASE WHEN pg_temp.caseload_u(h, 61) < 0.6
                THEN pg_temp.caseload_int(pg_temp.caseload_u(h, 60), 0, (:months)::integer - 1) END AS hospital_month
      FROM caseload_person
     WHERE mend IS NULL AND (death_date IS NULL)
     GROUP BY h
)
SELECT n.h * 256 + x.kind_no * 64 + x.idx, n.h, x.kind, x.month, x.amount
  FROM need n
 CROSS JOIN LATERAL (
    SELECT 0 AS kind_no, 'medical' AS kind, w.month_idx AS idx, w.month,
           pg_temp.caseload_money(pg_temp.caseload_u(n.h * 64 + 1, 200 + w.month_idx), 100, 2500)
           + CASE WHEN w.month_idx = n.hospital_month
                  THEN pg_temp.caseload_money(pg_temp.caseload_u(n.h, 62) ^ 1.5, 5000, 100000) ELSE 0 END AS amount
      FROM caseload_window w
     WHERE n.sick AND (pg_temp.caseload_u(n.h * 64 + 1, 250 + w.month_idx) < 0.55 OR w.month_idx = n.hospital_month)
    UNION ALL
    SELECT 1, 'education', w.month_idx, w.month,
           n.students * pg_temp.caseload_money(pg_temp.caseload_u(n.h, 63), 1500, 6000)
      FROM caseload_window w
     WHERE n.students > 0 AND extract(month FROM w.month) IN (3, 9)
    UNION ALL
    SELECT 2, 'other', w.month_idx, w.month, pg_temp.caseload_money(pg_temp.caseload_u(n.h * 64 + 2, 200 + w.month_idx), 100, 800)
      FROM caseload_window w
     WHERE pg_temp.caseload_u(n.h, 64) < 0.1 AND pg_temp.caseload_u(n.h * 64 + 2, 250 + w.month_idx) < 0.3
    UNION ALL
    SELECT 3, 'medical', 0, (date_trunc('month', (:'as_of')::date) - ((:months)::integer + 3) * interval '1 month')::date,
           pg_temp.caseload_money(pg_temp.caseload_u(n.h, 65), 2000, 40000)
     WHERE n.sick AND pg_temp.caseload_u(n.h, 66) < 0.2
 ) AS x
 WHERE x.amount > 0
 ORDER BY 1;

\if :caseload_fast_load
RESET session_replication_role;
-- What the skipped triggers would have checked, set-based.
DO $$
DECLARE
    bad bigint;
BEGIN
    SELECT count(*) INTO bad FROM civil_affairs.income i
     WHERE NOT EXISTS (SELECT FROM civil_affairs.household_member m
                        WHERE m.person_id = i.person_id
                          AND m.during && daterange(i.month, (i.month + interval '1 month')::date));
    IF bad > 0 THEN
        RAISE EXCEPTION 'caseload: % incomes lie outside every membership of their person', bad;
    END IF;
    SELECT count(*) INTO bad FROM civil_affairs.income i
     WHERE NOT EXISTS (SELECT FROM civil_affairs.person p WHERE p.id = i.person_id)
        OR NOT EXISTS (SELECT FROM civil_affairs.income_item t WHERE t.code = i.item);
    SELECT bad + count(*) INTO bad FROM civil_affairs.household_member m
     WHERE NOT EXISTS (SELECT FROM civil_affairs.person p WHERE p.id = m.person_id)
        OR NOT EXISTS (SELECT FROM civil_affairs.household h WHERE h.id = m.household_id);
    SELECT bad + count(*) INTO bad FROM civil_affairs.asset a
     WHERE NOT EXISTS (SELECT FROM civil_affairs.household h WHERE h.id = a.household_id)
        OR (a.person_id IS NOT NULL AND NOT EXISTS (SELECT FROM civil_affairs.person p WHERE p.id = a.person_id));
    SELECT bad + count(*) INTO bad FROM civil_affairs.expenditure e
     WHERE NOT EXISTS (SELECT FROM civil_affairs.household h WHERE h.id = e.household_id);
    IF bad > 0 THEN
        RAISE EXCEPTION 'caseload: % rows refer to missing rows', bad;
    END IF;
    -- every household is new, so it needs an assessment (the column's default)
    IF EXISTS (SELECT FROM civil_affairs.household WHERE NOT needs_assessment) THEN
        RAISE EXCEPTION 'caseload: a household is not marked for assessment';
    END IF;
END $$;
\endif

-- Later inserts with default ids start after ours.
SELECT count(setval(pg_get_serial_sequence('civil_affairs.' || t, 'id'), coalesce(m, 1), m IS NOT NULL)) AS caseload_sequences
  FROM (VALUES ('household', (SELECT max(id) FROM civil_affairs.household)),
               ('person', (SELECT max(id) FROM civil_affairs.person)),
               ('income', (SELECT max(id) FROM civil_affairs.income)),
               ('asset', (SELECT max(id) FROM civil_affairs.asset)),
               ('expenditure', (SELECT max(id) FROM civil_affairs.expenditure))) AS s(t, m) \gset

DROP TABLE caseload_stream, caseload_person, caseload_hh, caseload_slot, caseload_window;

ANALYZE civil_affairs.household, civil_affairs.person, civil_affairs.household_member,
        civil_affairs.income, civil_affairs.asset, civil_affairs.expenditure;
SET jit = :'caseload_saved_jit';
