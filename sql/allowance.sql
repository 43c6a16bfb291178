-- Entitlements with plain arguments (for ODBC callers), and temporary
-- assistance against a reserve fund.
SET search_path = civil_affairs, public;
SET datestyle = ISO, YMD;

-- Urban 西乡塘区, July 2021, gap method against 790:
--   3 persons at 500 per capita: (790 − 500) × 3 = 870.00
--   1 person at 0: 790.00;  at 790 or more: 0.00
SELECT dibao_allowance('450107', '2021-07-01', 500, 3, true) AS three_at_500,
       dibao_allowance('450107', '2021-07-01', 0, 1, true) AS one_at_0,
       dibao_allowance('450107', '2021-07-01', 790, 2, true) AS at_standard,
       dibao_allowance('450107', '2021-07-01', 1000, 2, true) AS above;
-- 2022-04-01 the standard is 810: (810 − 500) × 3 = 930.00 (青秀区: the
-- payroll test switched 西乡塘区 to the tiered pilot from 2021-12-01).
SELECT dibao_allowance('450103', '2022-04-01', 500, 3, true);
-- 西乡塘区's pilot tier 1 is 500 per person: 3 × 500 = 1500.00.
SELECT dibao_allowance('450107', '2022-04-01', 500, 3, true, 1) AS xixiangtang_pilot_tier1;
-- Rural 横州市, tiered: tier 2 is 230 per person: 2 persons → 460.00;
-- tier 1, one person: 340.00.  (Before 2020-04-01 the rural standard is
-- not known, so such a month is an error: see below.)
SELECT dibao_allowance('450181', '2021-07-01', 100, 2, false, 2) AS tier2,
       dibao_allowance('450181', '2021-07-01', 100, 1, false, 1) AS tier1;
SELECT dibao_allowance_breakdown('450107', '2021-07-01', 500, 3, true);
SELECT dibao_allowance_breakdown('450181', '2021-07-01', 100, 2, false, 3);
-- Errors.
SELECT dibao_allowance('450181', '2021-07-01', 100, 2, false);
SELECT dibao_allowance('450181', '2021-07-01', 100, 2, false, 4);
SELECT dibao_allowance('450181', '2019-07-01', 100, 2, false, 1);
SELECT dibao_allowance('4501x', '2021-07-01', 100, 2, true);
SELECT dibao_allowance('450107', '2021-07-01', -1, 2, true);
SELECT dibao_allowance('450107', '2021-07-01', 100, 0, true);
SELECT dibao_allowance('450107', '2021-07-01', 100, 2, NULL);

-- Temporary assistance: standard × persons × months, at most 6 months:
--   urban 790 × 2 × 3 = 4740.00; 10 months are capped at 6: 790 × 2 × 6 = 9480.00
SELECT temporary_assistance_amount('450107', '2021-07-01', true, 2, 3) AS three_months,
       temporary_assistance_amount('450107', '2021-07-01', true, 2, 10) AS capped;
INSERT INTO person (id, name, sex, birth_date) VALUES (2101, '急难', 'M', '1980-01-01');
INSERT INTO household (id, residence_division) VALUES (21, '450107001001');
INSERT INTO household_member VALUES (21, 2101, 'head', '[2010-01-01,)');
INSERT INTO reserve_fund VALUES ('450107001', 2021, 10000);
SELECT household_id, fund, persons, months, amount, reason
  FROM grant_temporary_assistance(21, '2021-07-10', '450107001', 2, 3, '火灾 fire');
-- 10000 − 4740 = 5260 left; 790 × 2 × 4 = 6320 is too much.
SELECT grant_temporary_assistance(21, '2021-08-10', '450107001', 2, 4, '医疗 medical');
SELECT household_id, months, amount FROM grant_temporary_assistance(21, '2021-08-10', '450107001', 1, 6, '医疗 medical');
SELECT grant_temporary_assistance(21, '2022-01-10', '450107001', 1, 1, '无备用金 no fund');
SELECT grant_temporary_assistance(99, '2021-08-10', '450107001', 1, 1, 'x');
SELECT sum(amount) AS granted FROM temporary_assistance;
