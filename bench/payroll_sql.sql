-- payroll_sql.sql: the month's entitlements of every open enrolment, set-based,
-- in one plain SQL query (no procedural code), for bench/payroll.sql (b).
--
--     \ir payroll_sql.sql
--     SELECT * FROM pg_temp.payroll_sql('2021-06-01');
--
-- The same rules as civil_affairs.payroll_entitlements (src/core/entitlement.h,
-- docs/payroll.md): money in integer fen, rates in parts per million, the
-- dibao payment evaluated exactly and rounded once.  Numeric is used as an
-- exact integer type: every division is div()/mod() on non-negative integers,
-- so "a − net × k / d" is known as its floor and whether a fraction is left,
-- exactly as the kernel knows it.  Policy figures come from
-- civil_affairs.policy_value / policy_choice, looked up once per
-- (division, urban) of the open enrolments, and only the keys the kernel
-- would read for the programmes present there.
--
-- Returns (enrollment_id, household_id, person_id, programme, tier, persons,
-- amount) like payroll_entitlements, without the components.

CREATE FUNCTION pg_temp.payroll_sql(month date)
    RETURNS TABLE (enrollment_id bigint, household_id bigint, person_id bigint, programme text,
                   tier smallint, persons integer, amount numeric(12,2))
    LANGUAGE sql STABLE
    -- The CTEs hide the row counts of their filtered parts from the planner,
    -- which then picks nested loops over CTE scans (quadratic); hash joins
    -- throughout are what a set-based evaluation means here.
    SET enable_nestloop = off AS
$q$
WITH e AS MATERIALIZED (
    -- Open enrolments of the month, with the household's division and urban flag.
    -- An enrolment exited since the month counts as it was then.
    SELECT en.id, en.household_id, en.person_id, en.programme,
           CASE WHEN en.status <> 'exited' THEN en.status
                WHEN en.frozen_amount IS NOT NULL AND en.gradual_exit_until >= $1 THEN 'gradual_exit'
                ELSE 'active' END AS status, en.single_person,
           en.frozen_amount, en.orphan_care, h.residence_division AS division,
           coalesce(h.urban, dv.urban) AS urban
      FROM civil_affairs.enrollment en
      JOIN civil_affairs.household h ON h.id = en.household_id
      LEFT JOIN civil_affairs.division dv ON dv.code OPERATOR(civil_affairs.=) h.residence_division
     WHERE (en.status IN ('active', 'gradual_exit') OR (en.status = 'exited' AND en.end_month > $1))
       AND (en.start_month IS NULL OR en.start_month <= $1)
       AND (en.end_month IS NULL OR en.end_month > $1)
), scope AS (
    -- Each (division, urban) once, with the programmes that need figures there.
    SELECT e.division, e.urban,
           bool_or(e.programme = 'dibao' AND e.status = 'active') AS need_dibao,
           bool_or(e.programme = 'tekun') AS need_tekun,
           bool_or(e.programme = 'old_age_allowance') AS need_old_age,
           bool_or(e.programme IN ('disability_living_subsidy', 'disability_care_subsidy')) AS need_disability,
           bool_or(e.programme = 'orphan_allowance') AS need_orphan
      FROM e GROUP BY 1, 2
), pol1 AS MATERIALIZED (
    SELECT s.*,
           CASE WHEN s.need_dibao OR s.need_tekun THEN
               CASE WHEN EXISTS (SELECT FROM civil_affairs.policy_value v
                                  WHERE v.key = 'dibao.standard_unified' AND v.valid @> $1
                                    AND (v.division IS NULL OR s.division OPERATOR(civil_affairs.<@) v.division))
                    THEN round(civil_affairs.policy_value('dibao.standard_unified', s.division, $1) * 100)
                    WHEN s.urban
                    THEN round(civil_affairs.policy_value('dibao.standard_urban', s.division, $1) * 100)
                    ELSE -- the yearly rural standard made monthly: micro-fen, rounded by its rule
                         (SELECT (div(r.u, r.step)
                                  + CASE WHEN r.mode = 'down' THEN 0
                                         WHEN r.mode = 'up' THEN (mod(r.u, r.step) > 0)::int
                                         ELSE (mod(r.u, r.step) >= r.step - mod(r.u, r.step) AND mod(r.u, r.step) > 0)::int END)
                                 * r.unit
                            FROM (SELECT div(round(civil_affairs.policy_value('dibao.standard_rural_yearly', s.division, $1) * 100) * 1000000, 12) AS u,
                                         round(civil_affairs.policy_value('dibao.rural_monthly_rounding_unit', s.division, $1) * 100) AS unit,
                                         round(civil_affairs.policy_value('dibao.rural_monthly_rounding_unit', s.division, $1) * 100) * 1000000 AS step,
                                         civil_affairs.policy_choice('dibao.rural_monthly_rounding_mode', s.division, $1) AS mode) r)
               END
           END AS standard_fen,
           CASE WHEN s.need_dibao THEN
               civil_affairs.policy_choice(CASE WHEN s.urban THEN 'dibao.method_urban' ELSE 'dibao.method_rural' END, s.division, $1)
           END AS method,
           CASE WHEN s.need_dibao OR s.need_tekun THEN round(civil_affairs.policy_value('dibao.rounding_unit', s.division, $1) * 100) END AS rounding_unit,
           CASE WHEN s.need_dibao OR s.need_tekun THEN civil_affairs.policy_choice('dibao.rounding_mode', s.division, $1) END AS rounding_mode
      FROM scope s
), pol2 AS MATERIALIZED (
    SELECT p.*,
           CASE WHEN p.method = 'tiered' THEN civil_affairs.policy_choice('dibao.tier_placement', p.division, $1) END AS placement
      FROM pol1 p
), pol AS MATERIALIZED (
    SELECT p.*,
           CASE WHEN p.method = 'tiered' THEN round(civil_affairs.policy_value(CASE WHEN p.urban THEN 'dibao.tier1_urban' ELSE 'dibao.tier1_rural' END, p.division, $1) * 100) END AS tier1_fen,
           CASE WHEN p.method = 'tiered' THEN round(civil_affairs.policy_value(CASE WHEN p.urban THEN 'dibao.tier2_urban' ELSE 'dibao.tier2_rural' END, p.division, $1) * 100) END AS tier2_fen,
           CASE WHEN p.method = 'tiered' THEN round(civil_affairs.policy_value(CASE WHEN p.urban THEN 'dibao.tier3_urban' ELSE 'dibao.tier3_rural' END, p.division, $1) * 100) END AS tier3_fen,
           CASE WHEN p.placement = 'income_band' THEN round(civil_affairs.policy_value('dibao.band1_gap_min', p.division, $1) * 100) END AS band1_fen,
           CASE WHEN p.placement = 'income_band' THEN round(civil_affairs.policy_value('dibao.band2_gap_min', p.division, $1) * 100) END AS band2_fen,
           CASE WHEN p.method = 'tiered' AND p.placement IS DISTINCT FROM 'income_band' THEN round(civil_affairs.policy_value('dibao.category_b_age', p.division, $1)) END AS category_b_age,
           CASE WHEN p.need_dibao THEN round(civil_affairs.policy_value('dibao.addon_elderly_age', p.division, $1)) END AS elderly_age,
           CASE WHEN p.need_dibao THEN round(civil_affairs.policy_value('dibao.addon_minor_age', p.division, $1)) END AS minor_age,
           CASE WHEN p.need_dibao THEN round(civil_affairs.policy_value('dibao.addon_elderly_rate', p.division, $1) * 1000000) END AS elderly_ppm,
           CASE WHEN p.need_dibao THEN round(civil_affairs.policy_value('dibao.addon_minor_rate', p.division, $1) * 1000000) END AS minor_ppm,
           CASE WHEN p.need_dibao THEN round(civil_affairs.policy_value('dibao.addon_severe_disability_rate', p.division, $1) * 1000000) END AS disability_ppm,
           CASE WHEN p.need_dibao THEN round(civil_affairs.policy_value('dibao.addon_serious_illness_rate', p.division, $1) * 1000000) END AS illness_ppm,
           CASE WHEN p.need_dibao THEN round(civil_affairs.policy_value('dibao.min_per_person', p.division, $1) * 100) END AS min_fen,
           CASE WHEN p.need_tekun THEN round(civil_affairs.policy_value('tekun.basic_multiple', p.division, $1) * 1000000) END AS tekun_basic_ppm,
           CASE WHEN p.need_tekun THEN round(civil_affairs.policy_value('tekun.care_full', p.division, $1) * 1000000) END AS tekun_full_ppm,
           CASE WHEN p.need_tekun THEN round(civil_affairs.policy_value('tekun.care_partial', p.division, $1) * 1000000) END AS tekun_partial_ppm,
           CASE WHEN p.need_tekun THEN round(civil_affairs.policy_value('tekun.care_none', p.division, $1) * 1000000) END AS tekun_none_ppm,
           CASE WHEN p.need_old_age THEN civil_affairs.policy_choice('old_age_allowance.start', p.division, $1) END AS old_age_start,
           CASE WHEN p.need_old_age THEN round(civil_affairs.policy_value('old_age_allowance.bracket1_age', p.division, $1)) END AS b1_age,
           CASE WHEN p.need_old_age THEN round(civil_affairs.policy_value('old_age_allowance.bracket2_age', p.division, $1)) END AS b2_age,
           CASE WHEN p.need_old_age THEN round(civil_affairs.policy_value('old_age_allowance.bracket3_age', p.division, $1)) END AS b3_age,
           CASE WHEN p.need_old_age THEN round(civil_affairs.policy_value('old_age_allowance.bracket4_age', p.division, $1)) END AS b4_age,
           CASE WHEN p.need_old_age THEN round(civil_affairs.policy_value('old_age_allowance.bracket1_amount', p.division, $1) * 100) END AS b1_fen,
           CASE WHEN p.need_old_age THEN round(civil_affairs.policy_value('old_age_allowance.bracket2_amount', p.division, $1) * 100) END AS b2_fen,
           CASE WHEN p.need_old_age THEN round(civil_affairs.policy_value('old_age_allowance.bracket3_amount', p.division, $1) * 100) END AS b3_fen,
           CASE WHEN p.need_old_age THEN round(civil_affairs.policy_value('old_age_allowance.bracket4_amount', p.division, $1) * 100) END AS b4_fen,
           CASE WHEN p.need_disability THEN round(civil_affairs.policy_value('disability.living_subsidy', p.division, $1) * 100) END AS living_fen,
           CASE WHEN p.need_disability THEN round(civil_affairs.policy_value('disability.care_subsidy', p.division, $1) * 100) END AS care_fen,
           CASE WHEN p.need_orphan THEN round(civil_affairs.policy_value('orphan.institution', p.division, $1) * 100) END AS orphan_institution_fen,
           CASE WHEN p.need_orphan THEN round(civil_affairs.policy_value('orphan.scattered', p.division, $1) * 100) END AS orphan_scattered_fen
      FROM pol2 p
), cov AS (
    -- The covered persons of each dibao enrolment: members on the month's
    -- first day, alive then (or dying that day), the one person for
    -- single-person enrolment; with what tiers and add-ons need.
    SELECT e.id,
           count(*) AS n,
           count(*) FILTER (WHERE a.age >= pol.elderly_age) AS n_elderly,
           count(*) FILTER (WHERE a.age < pol.minor_age) AS n_minor,
           count(*) FILTER (WHERE p.disability_grade IN (1, 2)) AS n_disabled,
           count(*) FILTER (WHERE p.seriously_ill) AS n_ill,
           bool_or(p.work_capacity = 'none' OR p.self_care = 'none') AS cat_a,
           bool_or(p.work_capacity = 'partial' OR a.age >= pol.category_b_age
                   OR p.disability_grade IN (1, 2) OR p.seriously_ill) AS cat_b
      FROM e
      JOIN pol ON pol.division OPERATOR(civil_affairs.=) e.division AND pol.urban IS NOT DISTINCT FROM e.urban
      JOIN civil_affairs.household_member m ON m.household_id = e.household_id AND m.during @> $1
      JOIN civil_affairs.person p ON p.id = m.person_id
     CROSS JOIN LATERAL (SELECT extract(year FROM age($1, p.birth_date))::int AS age) a
     WHERE e.programme = 'dibao'
       AND (NOT e.single_person OR p.id = e.person_id)
       AND (p.death_date IS NULL OR p.death_date >= $1)
     GROUP BY e.id
), asmt AS (
    -- The household's latest assessment by the end of the month.
    SELECT DISTINCT ON (a.household_id) a.household_id, a.net_income, a.members,
           a.window_months AS months
      FROM civil_affairs.assessment a
     WHERE a.household_id IN (SELECT e.household_id FROM e WHERE e.programme = 'dibao')
       AND a.as_of < $1 + interval '1 month'
     ORDER BY a.household_id, a.as_of DESC, a.id DESC
), dib AS (
    SELECT DISTINCT e.household_id FROM e WHERE e.programme = 'dibao' AND e.status = 'active'
), dibao AS (
    -- Active dibao, step by step; every figure an integer (fen, micro-fen, ppm).
    SELECT e.id, g.tier, g.n,
           CASE WHEN g.nothing THEN 0
                ELSE least(r.total_fen, pol.standard_fen * g.n) END AS amount_fen
      FROM e
      JOIN pol ON pol.division OPERATOR(civil_affairs.=) e.division AND pol.urban IS NOT DISTINCT FROM e.urban
      JOIN cov ON cov.id = e.id
      JOIN asmt ON asmt.household_id = e.household_id
     CROSS JOIN LATERAL (
        -- A member dying on the first of the month is covered but not in an
        -- assessment as of that day: the assessed per-capita income applies.
        SELECT CASE WHEN asmt.members < cov.n THEN div(round(asmt.net_income * 100), greatest(asmt.members, 1)) * cov.n
                    ELSE round(asmt.net_income * 100) END AS net_fen,
               greatest(asmt.members, cov.n, 1) AS members
     ) h0
     CROSS JOIN LATERAL (
        SELECT div(h0.net_fen * 1000000, greatest(asmt.months, 1)) AS net_u,   -- net income per month, micro-fen
               h0.members * 1000000::numeric AS d,
               cov.n * 1000000::numeric AS kb,
               pol.standard_fen * cov.n * 1000000 AS cap_u
     ) h
     CROSS JOIN LATERAL (
        -- The gap on household totals: cap − net × covered / members, exactly.
        SELECT h.cap_u - div(h.net_u * h.kb, h.d) - (mod(h.net_u * h.kb, h.d) > 0)::int AS base_floor,
               mod(h.net_u * h.kb, h.d) > 0 AS base_frac
     ) gp
     CROSS JOIN LATERAL (
        SELECT CASE WHEN pol.method <> 'tiered' THEN NULL
                    WHEN pol.placement = 'income_band' THEN
                         CASE WHEN pol.standard_fen * 1000000 - (div(h.net_u, h0.members) + (mod(h.net_u, h0.members) <> 0)::int) >= pol.band1_fen * 1000000 THEN 1
                              WHEN pol.standard_fen * 1000000 - (div(h.net_u, h0.members) + (mod(h.net_u, h0.members) <> 0)::int) >= pol.band2_fen * 1000000 THEN 2
                              ELSE 3 END
                    WHEN cov.cat_a THEN 1 WHEN cov.cat_b THEN 2 ELSE 3 END::smallint AS tier,
               cov.n,
               pol.method <> 'tiered' AND (gp.base_floor < 0 OR (gp.base_floor = 0 AND NOT gp.base_frac)) AS nothing
     ) g
     CROSS JOIN LATERAL (
        -- The share of the base per person (after the floor), and whether the
        -- net income still comes off it (gap method above the floor).
        SELECT CASE WHEN pol.method <> 'tiered' THEN
                         CASE WHEN gp.base_floor < pol.min_fen * h.kb THEN pol.min_fen ELSE pol.standard_fen END
                    ELSE greatest(CASE g.tier WHEN 1 THEN pol.tier1_fen WHEN 2 THEN pol.tier2_fen ELSE pol.tier3_fen END, pol.min_fen)
               END AS per_person,
               CASE WHEN pol.method <> 'tiered' AND gp.base_floor >= pol.min_fen * h.kb THEN h.net_u ELSE 0 END AS share_net,
               cov.n_elderly * pol.elderly_ppm + cov.n_minor * pol.minor_ppm
                 + cov.n_disabled * pol.disability_ppm + cov.n_ill * pol.illness_ppm AS k_addons
     ) s
     CROSS JOIN LATERAL (
        -- Base plus add-ons, exactly: a − share_net × k / d.
        SELECT s.per_person * (h.kb + s.k_addons) - div(s.share_net * (h.kb + s.k_addons), h.d)
                 - (mod(s.share_net * (h.kb + s.k_addons), h.d) > 0)::int AS t_floor,
               mod(s.share_net * (h.kb + s.k_addons), h.d) > 0 AS t_frac
     ) t
     CROSS JOIN LATERAL (
        -- The cap, then the ceiling for 'up'.
        SELECT CASE WHEN t.t_floor >= h.cap_u THEN h.cap_u
                    ELSE t.t_floor + (pol.rounding_mode = 'up' AND t.t_frac)::int END AS u,
               pol.rounding_unit * 1000000 AS step
     ) c
     CROSS JOIN LATERAL (
        -- The one rounding.
        SELECT (div(c.u, c.step)
                + CASE WHEN pol.rounding_mode = 'down' THEN 0
                       WHEN pol.rounding_mode = 'up' THEN (mod(c.u, c.step) > 0)::int
                       ELSE (mod(c.u, c.step) > 0 AND mod(c.u, c.step) >= c.step - mod(c.u, c.step))::int END)
               * pol.rounding_unit AS total_fen
     ) r
     WHERE e.programme = 'dibao' AND e.status = 'active'
)
SELECT e.id, e.household_id, e.person_id, e.programme,
       CASE WHEN e.programme = 'dibao' AND e.status = 'active' THEN dibao.tier END,
       CASE WHEN e.programme <> 'dibao' THEN 1
            WHEN e.status = 'gradual_exit' THEN coalesce(cov.n, 0)::int
            ELSE coalesce(dibao.n, 1)::int END,
       (CASE WHEN e.programme = 'dibao' AND e.status = 'gradual_exit' THEN e.frozen_amount * 100
             WHEN e.programme = 'dibao' THEN
                  CASE WHEN asmt.household_id IS NULL THEN NULL   -- no assessment: the C function refuses
                       ELSE coalesce(dibao.amount_fen, 0) END
             WHEN p.death_date < $1 THEN 0                          -- payments end the month after death
             WHEN e.programme = 'tekun' THEN
                  (SELECT (div(x.u, x.step)
                           + CASE WHEN pol.rounding_mode = 'down' THEN 0
                                  WHEN pol.rounding_mode = 'up' THEN (mod(x.u, x.step) > 0)::int
                                  ELSE (mod(x.u, x.step) > 0 AND mod(x.u, x.step) >= x.step - mod(x.u, x.step))::int END)
                          * pol.rounding_unit
                     FROM (SELECT pol.standard_fen * (pol.tekun_basic_ppm
                                   + CASE p.self_care WHEN 'none' THEN pol.tekun_none_ppm
                                                      WHEN 'partial' THEN pol.tekun_partial_ppm
                                                      ELSE pol.tekun_full_ppm END) AS u,
                                  pol.rounding_unit * 1000000 AS step) x)
             WHEN e.programme = 'old_age_allowance' THEN
                  (SELECT CASE WHEN NOT (pol.b1_age >= 0 AND pol.b1_age < pol.b2_age AND pol.b2_age < pol.b3_age AND pol.b3_age < pol.b4_age
                                         AND least(pol.b1_fen, pol.b2_fen, pol.b3_fen, pol.b4_fen) >= 0) THEN 0
                               WHEN o.age >= pol.b4_age THEN pol.b4_fen
                               WHEN o.age >= pol.b3_age THEN pol.b3_fen
                               WHEN o.age >= pol.b2_age THEN pol.b2_fen
                               WHEN o.age >= pol.b1_age THEN pol.b1_fen
                               ELSE 0 END
                     FROM (SELECT extract(year FROM age(CASE WHEN pol.old_age_start = 'birthday_month'
                                                             THEN ($1 + interval '1 month' - interval '1 day')::date
                                                             ELSE $1 END, p.birth_date))::int AS age) o)
             WHEN e.programme = 'disability_living_subsidy' THEN
                  CASE WHEN p.disability_grade BETWEEN 1 AND 4 AND dib.household_id IS NOT NULL AND pol.living_fen >= 0
                       THEN pol.living_fen ELSE 0 END
             WHEN e.programme = 'disability_care_subsidy' THEN
                  CASE WHEN pol.care_fen >= 0 AND (p.disability_grade IN (1, 2)
                            OR (p.disability_grade IN (3, 4) AND p.disability_kind IN ('mental', 'intellectual')))
                       THEN pol.care_fen ELSE 0 END
             WHEN e.programme = 'orphan_allowance' THEN
                  CASE WHEN e.orphan_care = 'institution' THEN pol.orphan_institution_fen ELSE pol.orphan_scattered_fen END
        END / 100)::numeric(12,2)
  FROM e
  JOIN pol ON pol.division OPERATOR(civil_affairs.=) e.division AND pol.urban IS NOT DISTINCT FROM e.urban
  LEFT JOIN cov ON cov.id = e.id
  LEFT JOIN asmt ON asmt.household_id = e.household_id AND e.programme = 'dibao'
  LEFT JOIN dibao ON dibao.id = e.id
  LEFT JOIN civil_affairs.person p ON p.id = e.person_id
  LEFT JOIN dib ON dib.household_id = e.household_id
$q$;
