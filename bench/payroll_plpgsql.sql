-- payroll_plpgsql.sql: the month's entitlements of every open enrolment, row by
-- row in PL/pgSQL, for bench/payroll.sql (a).
--
--     \ir payroll_plpgsql.sql
--     SELECT * FROM pg_temp.payroll_plpgsql('2021-06-01');
--
-- The same rules as civil_affairs.payroll_entitlements (src/core/entitlement.h,
-- docs/payroll.md), the way one would write them without the C kernel: a loop
-- over the open enrolments; for each dibao enrolment one query for the
-- household's latest assessment and a loop over its covered members; every
-- amount computed with PL/pgSQL numeric arithmetic in integer fen / micro-fen
-- / ppm, exactly (div()/mod() on non-negative integers give the floor of
-- "a − net × k / d" and whether a fraction is left) and rounded once.
-- Policy figures come from civil_affairs.policy_value / policy_choice, looked
-- up for each enrolment as it is computed (those C functions keep the policy
-- tables cached in the backend: about 1 µs a lookup).  A jsonb map of figures
-- per division, tried first, was far slower: each call copied the map.
--
-- Returns (enrollment_id, household_id, person_id, programme, tier, persons,
-- amount) like payroll_entitlements, without the components.

-- The monthly dibao standard in fen: a unified standard where one is in
-- force, else urban monthly or rural yearly / 12 rounded by its own rule.
CREATE FUNCTION pg_temp.payroll_plpgsql_standard(division civil_affairs.adcode, urban boolean, month date)
    RETURNS numeric
LANGUAGE plpgsql STABLE AS $$
BEGIN
    -- policy_value raises an error when no division up the chain has the key:
    -- whether a unified standard is in force is asked of the table.
    IF EXISTS (SELECT FROM civil_affairs.policy_value pv
                WHERE pv.key = 'dibao.standard_unified' AND pv.valid @> payroll_plpgsql_standard.month
                  AND (pv.division IS NULL OR payroll_plpgsql_standard.division OPERATOR(civil_affairs.<@) pv.division)) THEN
        RETURN round(civil_affairs.policy_value('dibao.standard_unified', division, month) * 100);
    ELSIF urban THEN
        RETURN round(civil_affairs.policy_value('dibao.standard_urban', division, month) * 100);
    END IF;
    RETURN pg_temp.payroll_plpgsql_round(
        div(round(civil_affairs.policy_value('dibao.standard_rural_yearly', division, month) * 100) * 1000000, 12),
        round(civil_affairs.policy_value('dibao.rural_monthly_rounding_unit', division, month) * 100),
        civil_affairs.policy_choice('dibao.rural_monthly_rounding_mode', division, month));
END $$;

-- Round non-negative micro-fen to the unit (fen) by the mode; fen.
CREATE FUNCTION pg_temp.payroll_plpgsql_round(ufen numeric, unit_fen numeric, mode text) RETURNS numeric
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    step constant numeric := unit_fen * 1000000;
    q numeric := div(ufen, step);
    r numeric := mod(ufen, step);
BEGIN
    IF mode = 'up' THEN
        IF r > 0 THEN q := q + 1; END IF;
    ELSIF mode <> 'down' THEN                        -- half up
        IF r > 0 AND r >= step - r THEN q := q + 1; END IF;
    END IF;
    RETURN q * unit_fen;
END $$;

CREATE FUNCTION pg_temp.payroll_plpgsql(month date)
    RETURNS TABLE (enrollment_id bigint, household_id bigint, person_id bigint, programme text,
                   tier smallint, persons integer, amount numeric(12,2))
LANGUAGE plpgsql AS $$
DECLARE
    m constant date := month;
    en record;
    mem record;
    a record;
    v text;
    std numeric; method text; placement text; unit numeric; mode text;
    n integer; members integer; months integer;
    net_fen numeric; net_u numeric; d numeric; kb numeric; cap_u numeric;
    base_floor numeric; base_frac boolean; per_person numeric; share_net numeric;
    k_addons numeric; a_total numeric; k_total numeric; t_floor numeric; t_frac boolean;
    elderly_age integer; minor_age integer; b_age integer; min_fen numeric;
    elderly_ppm numeric; minor_ppm numeric; disability_ppm numeric; illness_ppm numeric;
    cat_a boolean; cat_b boolean; n_elderly integer; n_minor integer; n_disabled integer; n_ill integer;
    age integer; amount_fen numeric; t integer; gap_floor numeric; ceil_pc numeric;
    per record;
    ages integer[]; brackets integer[]; bracket_fen numeric[];
    in_dibao boolean;
BEGIN
    FOR en IN
        -- An enrolment exited since the month counts as it was then.
        SELECT e.id, e.household_id, e.person_id, e.programme,
               CASE WHEN e.status <> 'exited' THEN e.status
                    WHEN e.frozen_amount IS NOT NULL AND e.gradual_exit_until >= m THEN 'gradual_exit'
                    ELSE 'active' END AS status, e.single_person,
               e.frozen_amount, e.orphan_care, h.residence_division AS division,
               coalesce(h.urban, dv.urban) AS urban
          FROM civil_affairs.enrollment e
          JOIN civil_affairs.household h ON h.id = e.household_id
          LEFT JOIN civil_affairs.division dv ON dv.code OPERATOR(civil_affairs.=) h.residence_division
         WHERE (e.status IN ('active', 'gradual_exit') OR (e.status = 'exited' AND e.end_month > m))
           AND (e.start_month IS NULL OR e.start_month <= m)
           AND (e.end_month IS NULL OR e.end_month > m)
         ORDER BY e.id
    LOOP
        enrollment_id := en.id; household_id := en.household_id; person_id := en.person_id;
        programme := en.programme; tier := NULL; persons := 1; amount_fen := 0;
        IF en.urban IS NULL THEN
            RAISE EXCEPTION 'cannot tell whether household % is urban or rural', en.household_id;
        END IF;

        IF en.programme = 'dibao' THEN
            -- Covered persons: members on the first day, alive (or dying that
            -- day); the one person for single-person enrolment.
            n := 0; n_elderly := 0; n_minor := 0; n_disabled := 0; n_ill := 0; cat_a := false; cat_b := false;
            IF en.status = 'active' THEN
                v := civil_affairs.policy_value('dibao.addon_elderly_age', en.division, m)::text;
                elderly_age := round(v::numeric);
                v := civil_affairs.policy_value('dibao.addon_minor_age', en.division, m)::text;
                minor_age := round(v::numeric);
                v := civil_affairs.policy_choice(CASE WHEN en.urban THEN 'dibao.method_urban' ELSE 'dibao.method_rural' END, en.division, m)::text;
                method := v;
                placement := NULL; b_age := NULL;
                IF method = 'tiered' THEN
                    v := civil_affairs.policy_choice('dibao.tier_placement', en.division, m)::text;
                    placement := v;
                    IF placement <> 'income_band' THEN
                        v := civil_affairs.policy_value('dibao.category_b_age', en.division, m)::text;
                        b_age := round(v::numeric);
                    END IF;
                END IF;
            END IF;
            FOR mem IN
                SELECT p.id, extract(year FROM age(m, p.birth_date))::int AS age, p.work_capacity, p.self_care,
                       p.disability_grade, p.seriously_ill
                  FROM civil_affairs.household_member hm
                  JOIN civil_affairs.person p ON p.id = hm.person_id
                 WHERE hm.household_id = en.household_id AND hm.during @> m
                   AND (NOT en.single_person OR p.id = en.person_id)
                   AND (p.death_date IS NULL OR p.death_date >= m)
            LOOP
                n := n + 1;
                IF en.status = 'active' THEN
                    IF mem.age >= elderly_age THEN n_elderly := n_elderly + 1; END IF;
                    IF mem.age < minor_age THEN n_minor := n_minor + 1; END IF;
                    IF mem.disability_grade IN (1, 2) THEN n_disabled := n_disabled + 1; END IF;
                    IF mem.seriously_ill THEN n_ill := n_ill + 1; END IF;
                    IF mem.work_capacity = 'none' OR mem.self_care = 'none' THEN cat_a := true; END IF;
                    IF mem.work_capacity = 'partial' OR mem.age >= b_age OR mem.disability_grade IN (1, 2)
                       OR mem.seriously_ill THEN cat_b := true; END IF;
                END IF;
            END LOOP;

            IF en.status = 'gradual_exit' THEN
                -- The amount is kept; the persons are those still covered.
                persons := n;
                amount_fen := en.frozen_amount * 100;
            ELSE
                SELECT asm.net_income, asm.members, asm.window_months AS months
                  INTO a
                  FROM civil_affairs.assessment asm
                 WHERE asm.household_id = en.household_id AND asm.as_of < m + interval '1 month'
                 ORDER BY asm.as_of DESC, asm.id DESC LIMIT 1;
                IF NOT FOUND THEN
                    RAISE EXCEPTION 'household % is enrolled in dibao but has no assessment', en.household_id;
                END IF;
                IF n > 0 THEN
                    persons := n;
                    std := pg_temp.payroll_plpgsql_standard(en.division, en.urban, m);
                    v := civil_affairs.policy_value('dibao.min_per_person', en.division, m)::text;
                    min_fen := round(v::numeric * 100);
                    v := civil_affairs.policy_value('dibao.addon_elderly_rate', en.division, m)::text;
                    elderly_ppm := round(v::numeric * 1000000);
                    v := civil_affairs.policy_value('dibao.addon_minor_rate', en.division, m)::text;
                    minor_ppm := round(v::numeric * 1000000);
                    v := civil_affairs.policy_value('dibao.addon_severe_disability_rate', en.division, m)::text;
                    disability_ppm := round(v::numeric * 1000000);
                    v := civil_affairs.policy_value('dibao.addon_serious_illness_rate', en.division, m)::text;
                    illness_ppm := round(v::numeric * 1000000);
                    v := civil_affairs.policy_value('dibao.rounding_unit', en.division, m)::text;
                    unit := round(v::numeric * 100);
                    v := civil_affairs.policy_choice('dibao.rounding_mode', en.division, m)::text;
                    mode := v;

                    -- A member dying on the first of the month is covered but
                    -- not in an assessment as of that day.
                    net_fen := round(a.net_income * 100);
                    members := a.members;
                    IF members < n THEN
                        net_fen := div(net_fen, greatest(members, 1)) * n;
                        members := n;
                    END IF;
                    members := greatest(members, 1);
                    net_u := div(net_fen * 1000000, greatest(a.months, 1));   -- per month, micro-fen
                    d := members * 1000000::numeric;
                    kb := n * 1000000::numeric;
                    cap_u := std * n * 1000000;

                    IF method = 'tiered' THEN
                        IF placement = 'income_band' THEN
                            ceil_pc := div(net_u, members) + CASE WHEN mod(net_u, members) <> 0 THEN 1 ELSE 0 END;
                            gap_floor := std * 1000000 - ceil_pc;
                            t := 3;
                            v := civil_affairs.policy_value('dibao.band2_gap_min', en.division, m)::text;
                            IF gap_floor >= round(v::numeric * 100) * 1000000 THEN t := 2; END IF;
                            v := civil_affairs.policy_value('dibao.band1_gap_min', en.division, m)::text;
                            IF gap_floor >= round(v::numeric * 100) * 1000000 THEN t := 1; END IF;
                        ELSIF cat_a THEN t := 1;
                        ELSIF cat_b THEN t := 2;
                        ELSE t := 3;
                        END IF;
                        tier := t;
                        v := civil_affairs.policy_value(format('dibao.tier%s_%s', t, CASE WHEN en.urban THEN 'urban' ELSE 'rural' END), en.division, m)::text;
                        per_person := greatest(round(v::numeric * 100), min_fen);
                        share_net := 0;
                    ELSE
                        -- The gap on household totals, exactly.
                        base_floor := cap_u - div(net_u * kb, d);
                        base_frac := mod(net_u * kb, d) > 0;
                        IF base_frac THEN base_floor := base_floor - 1; END IF;
                        IF base_floor < 0 OR (base_floor = 0 AND NOT base_frac) THEN
                            per_person := NULL;               -- at or above the standard: nothing
                        ELSIF base_floor < min_fen * kb THEN
                            per_person := min_fen; share_net := 0;
                        ELSE
                            per_person := std; share_net := net_u;
                        END IF;
                    END IF;

                    IF per_person IS NOT NULL THEN
                        k_addons := n_elderly * elderly_ppm + n_minor * minor_ppm
                                    + n_disabled * disability_ppm + n_ill * illness_ppm;
                        a_total := per_person * (kb + k_addons);
                        k_total := kb + k_addons;
                        t_floor := a_total - div(share_net * k_total, d);
                        t_frac := mod(share_net * k_total, d) > 0;
                        IF t_frac THEN t_floor := t_floor - 1; END IF;
                        IF t_floor >= cap_u THEN
                            t_floor := cap_u; t_frac := false;
                        END IF;
                        IF mode = 'up' AND t_frac THEN t_floor := t_floor + 1; END IF;
                        amount_fen := least(pg_temp.payroll_plpgsql_round(t_floor, unit, mode), std * n);
                    END IF;
                END IF;
            END IF;
        ELSE
            SELECT pp.birth_date, pp.death_date, pp.self_care, pp.disability_grade, pp.disability_kind
              INTO per FROM civil_affairs.person pp WHERE pp.id = en.person_id;
            IF per.death_date < m THEN
                amount_fen := 0;                               -- payments end the month after death
            ELSIF en.programme = 'tekun' THEN
                std := pg_temp.payroll_plpgsql_standard(en.division, en.urban, m);
                v := civil_affairs.policy_value('tekun.basic_multiple', en.division, m)::text;
                k_total := round(v::numeric * 1000000);
                v := civil_affairs.policy_value(CASE per.self_care WHEN 'none' THEN 'tekun.care_none' WHEN 'partial' THEN 'tekun.care_partial' ELSE 'tekun.care_full' END,
                                                en.division, m)::text;
                k_total := k_total + round(v::numeric * 1000000);
                v := civil_affairs.policy_value('dibao.rounding_unit', en.division, m)::text;
                unit := round(v::numeric * 100);
                v := civil_affairs.policy_choice('dibao.rounding_mode', en.division, m)::text;
                amount_fen := pg_temp.payroll_plpgsql_round(std * k_total, unit, v);
            ELSIF en.programme = 'old_age_allowance' THEN
                v := civil_affairs.policy_choice('old_age_allowance.start', en.division, m)::text;
                age := extract(year FROM age(CASE WHEN v = 'birthday_month' THEN (m + interval '1 month' - interval '1 day')::date
                                                  ELSE m END, per.birth_date))::int;
                brackets := '{}'; bracket_fen := '{}';
                FOR i IN 1 .. 4 LOOP
                    v := civil_affairs.policy_value(format('old_age_allowance.bracket%s_age', i), en.division, m)::text;
                    brackets := brackets || round(v::numeric)::int;
                    v := civil_affairs.policy_value(format('old_age_allowance.bracket%s_amount', i), en.division, m)::text;
                    bracket_fen := bracket_fen || round(v::numeric * 100);
                END LOOP;
                amount_fen := 0;
                FOR i IN 1 .. 4 LOOP
                    IF brackets[i] < 0 OR bracket_fen[i] < 0 OR (i > 1 AND brackets[i] <= brackets[i - 1]) THEN
                        amount_fen := 0;                       -- a policy that cannot be read pays nothing
                        EXIT;
                    END IF;
                    IF age >= brackets[i] THEN amount_fen := bracket_fen[i]; END IF;
                END LOOP;
            ELSIF en.programme = 'disability_living_subsidy' THEN
                in_dibao := EXISTS (SELECT FROM civil_affairs.enrollment e2
                                     WHERE e2.household_id = en.household_id AND e2.programme = 'dibao'
                                       AND (e2.status = 'active'
                                            OR (e2.status = 'exited' AND e2.end_month > m
                                                AND NOT (e2.frozen_amount IS NOT NULL AND e2.gradual_exit_until >= m)))
                                       AND (e2.start_month IS NULL OR e2.start_month <= m)
                                       AND (e2.end_month IS NULL OR e2.end_month > m));
                v := civil_affairs.policy_value('disability.living_subsidy', en.division, m)::text;
                IF per.disability_grade BETWEEN 1 AND 4 AND in_dibao AND v::numeric >= 0 THEN
                    amount_fen := round(v::numeric * 100);
                END IF;
            ELSIF en.programme = 'disability_care_subsidy' THEN
                v := civil_affairs.policy_value('disability.care_subsidy', en.division, m)::text;
                IF v::numeric >= 0 AND (per.disability_grade IN (1, 2)
                     OR (per.disability_grade IN (3, 4) AND per.disability_kind IN ('mental', 'intellectual'))) THEN
                    amount_fen := round(v::numeric * 100);
                END IF;
            ELSIF en.programme = 'orphan_allowance' THEN
                v := civil_affairs.policy_value(CASE WHEN en.orphan_care = 'institution' THEN 'orphan.institution' ELSE 'orphan.scattered' END, en.division, m)::text;
                amount_fen := round(v::numeric * 100);
            END IF;
        END IF;
        amount := round(amount_fen / 100, 2);
        RETURN NEXT;
    END LOOP;
END $$;
