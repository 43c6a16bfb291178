/*
 * test_assessment.c: the household economic-assessment kernel, without
 * PostgreSQL.
 *
 * The policy figures are Nanning's 2021 dibao standards, passed in as the
 * policy tables would pass them: urban 790 yuan per person per month
 * (79000 fen); rural 5500 yuan per person per year, which the caller makes
 * monthly: 5500 / 12 = 458.33 yuan (45833 fen).  The presumed income
 * (1810 yuan) and the local per-capita disposable income (3400 yuan a month)
 * are illustrative figures for the tests, not claims about Nanning.
 *
 * Every expected figure is worked out by hand in the comment beside it.
 * 1 yuan = 100 fen; 1 fen = 10^6 micro-fen (ufen).
 */
#include "assessment.h"
#include "unit.h"

#define NANNING_URBAN_2021_FEN	INT64_C(79000)
#define NANNING_RURAL_2021_FEN	INT64_C(45833)	/* 550000 / 12 = 45833.33 */

#define MAX_INCOMES 128
#define MAX_MEMBERS 16

/* The income rules of the tests, as the policy tables would give them. */
enum
{
	R_WAGE = 0,					/* 30% work-cost deduction, capped at 100% of the standard */
	R_SCHOLARSHIP,				/* exempt */
	R_DIBAO,					/* the dibao payment itself: exempt */
	R_RENT,						/* counted */
	R_WORK_RELIEF,				/* exempt, although it is pay for work */
	R_PENSION,					/* counted, not employment */
	R_WAGE_NOCAP,				/* 30% work-cost deduction, no cap */
	R_ODD,						/* 99.9999% deduction, no cap: makes odd micro-fen */
	N_RULES
};

static const ca_income_rule rules[N_RULES] = {
	[R_WAGE] = {CA_INCOME_WORK_COST, 300000, 1000000, true},
	[R_SCHOLARSHIP] = {CA_INCOME_EXEMPT, 0, 0, false},
	[R_DIBAO] = {CA_INCOME_EXEMPT, 0, 0, false},
	[R_RENT] = {CA_INCOME_COUNTED, 0, 0, false},
	[R_WORK_RELIEF] = {CA_INCOME_EXEMPT, 0, 0, true},
	[R_PENSION] = {CA_INCOME_COUNTED, 0, 0, false},
	[R_WAGE_NOCAP] = {CA_INCOME_WORK_COST, 300000, 0, true},
	[R_ODD] = {CA_INCOME_WORK_COST, 999999, 0, false},
};

static ca_item_result items[MAX_INCOMES];
static bool tekun[MAX_MEMBERS];

static ca_assessment_policy
nanning_urban(void)
{
	ca_assessment_policy p;

	memset(&p, 0, sizeof(p));
	p.standard_fen = NANNING_URBAN_2021_FEN;
	p.lookback_months = 12;
	p.rounding_unit_fen = 1;
	p.rounding_mode = CA_ROUND_HALF_UP;
	p.presumed_income_fen = 0;
	p.working_age_min = 16;
	p.working_age_max_male = 60;
	p.working_age_max_female = 55;
	p.financial_assets_max_ppm = 24 * CA_PPM;	/* 24 months of the standard */
	p.max_homes = 1;
	p.max_vehicles = 0;
	p.max_businesses = 0;
	p.low_income_multiple_ppm = 1500000;	/* 1.5 × */
	p.expenditure_share_ppm = 600000;	/* 60% */
	p.expenditure_income_max_fen = 340000;	/* illustrative: 3400 yuan */
	p.tekun_age_min = 60;
	p.tekun_minor_age_max = 16;
	return p;
}

static ca_member
person(int age, ca_sex sex, ca_work_capacity capacity)
{
	ca_member	m;

	memset(&m, 0, sizeof(m));
	m.person_id = 1000 + age;
	m.age = age;
	m.sex = sex;
	m.work_capacity = capacity;
	m.self_care = CA_SELF_CARE_FULL;
	m.has_capable_supporter = true;
	return m;
}

static ca_income
income(int member, int rule, int month, int64_t amount_fen)
{
	ca_income	i;

	i.member = member;
	i.rule = rule;
	i.month = month;
	i.amount_fen = amount_fen;
	return i;
}

static ca_asset
asset(ca_asset_kind kind, bool exempt, int64_t value_fen)
{
	ca_asset	a;

	a.kind = kind;
	a.exempt = exempt;
	a.value_fen = value_fen;
	return a;
}

static ca_assessment_status
run(const ca_assessment_policy *p, const ca_member *m, int nm,
	const ca_income *inc, int ni, const ca_asset *a, int na, int64_t rigid,
	ca_assessment_result *r, int *bad)
{
	return ca_assess(p, m, nm, rules, N_RULES, inc, ni, a, na, rigid,
					 r, items, tekun, bad);
}

/* Assess and expect success; returns the result. */
static ca_assessment_result
assess_ok(const ca_assessment_policy *p, const ca_member *m, int nm,
		  const ca_income *inc, int ni, const ca_asset *a, int na, int64_t rigid)
{
	ca_assessment_result r;
	int			bad = 99;
	ca_assessment_status st;

	st = run(p, m, nm, inc, ni, a, na, rigid, &r, &bad);
	UNIT_CHECK(st == CA_ASSESS_OK, "status %s", ca_assessment_status_text(st));
	CHECK_INT(bad, -1);
	return r;
}

/* The per-capita income of a household with a single counted amount. */
static int64_t
per_capita(ca_assessment_policy p, int members, int64_t counted_fen)
{
	ca_member	m[MAX_MEMBERS];
	ca_income	inc = income(0, R_RENT, 0, counted_fen);
	ca_assessment_result r;
	int			i;

	for (i = 0; i < members; i++)
		m[i] = person(40, CA_SEX_MALE, CA_WORK_FULL);
	r = assess_ok(&p, m, members, &inc, 1, NULL, 0, 0);
	return r.per_capita_fen;
}

/*
 * Which tests passed, as a string of 8 letters in ca_test order (P passed,
 * F failed), so that one check shows the whole picture.
 */
static const char *
verdicts(const ca_assessment_result *r)
{
	static char buf[CA_TEST_COUNT + 1];
	int			t;

	for (t = 0; t < CA_TEST_COUNT; t++)
		buf[t] = r->tests[t].passed ? 'P' : 'F';
	buf[CA_TEST_COUNT] = '\0';
	return buf;
}

/*                                        dibao fin homes veh bus low share inc */
#define ALL_BUT_SHARE "PPPPPPFP"

/*
 * Worked example 1: a 3-person urban household in Nanning, 12-month window.
 *
 *   father, 45: wages 1700.05 yuan in month 0, 1700 yuan in months 1-11;
 *               the dibao payment, 150 yuan a month, recorded against him;
 *   mother, 43: wages 3000 yuan in months 0-5, rent 20 yuan in months 6-11;
 *   son, 16:    a scholarship of 2000 yuan in month 3.
 *
 * Wages: 30% work-cost deduction, capped at 100% of the standard (790 yuan).
 *   father m0:    170005 × 30% = 51001.5 fen (under the cap)
 *   father m1-11: 170000 × 30% = 51000 fen × 11 = 561000 fen
 *   mother m0-5:  300000 × 30% = 90000 fen > 79000: capped, 79000 × 6 = 474000
 * counted   = 170005 + 11 × 170000 + 6 × 300000 + 6 × 2000
 *           = 170005 + 1870000 + 1800000 + 12000 = 3852005 fen
 * exempt    = 200000 (scholarship) + 12 × 15000 (dibao) = 380000 fen
 * deducted  = 51001.5 + 561000 + 474000 = 1086001.5 fen → shown 1086002
 * net       = 3852005 - 1086001.5 = 2766003.5 fen → shown 2766004
 * per capita = 2766003.5 / (12 × 3) = 2766003.5 / 36 = 76833.4305… fen
 *           → half up to the fen: 76833 fen (768.33 yuan) < 790 yuan: dibao.
 */
static void
test_worked_urban_household(void)
{
	ca_assessment_policy p = nanning_urban();
	ca_member	m[3];
	ca_income	inc[MAX_INCOMES];
	ca_asset	a[3];
	ca_assessment_result r;
	int			n = 0,
				k;

	m[0] = person(45, CA_SEX_MALE, CA_WORK_FULL);
	m[1] = person(43, CA_SEX_FEMALE, CA_WORK_FULL);
	m[2] = person(16, CA_SEX_MALE, CA_WORK_FULL);

	inc[n++] = income(0, R_WAGE, 0, 170005);	/* index 0 */
	for (k = 1; k < 12; k++)
		inc[n++] = income(0, R_WAGE, k, 170000);	/* 1-11 */
	for (k = 0; k < 6; k++)
		inc[n++] = income(1, R_WAGE, k, 300000);	/* 12-17 */
	for (k = 6; k < 12; k++)
		inc[n++] = income(1, R_RENT, k, 2000);	/* 18-23 */
	inc[n++] = income(2, R_SCHOLARSHIP, 3, 200000);	/* 24 */
	for (k = 0; k < 12; k++)
		inc[n++] = income(0, R_DIBAO, k, 15000);	/* 25-36 */
	CHECK_INT(n, 37);

	a[0] = asset(CA_ASSET_FINANCIAL, false, 1000000);	/* 10000 yuan deposit */
	a[1] = asset(CA_ASSET_HOME, false, 0);
	a[2] = asset(CA_ASSET_VEHICLE, true, 300000);	/* a motorcycle: exempt */

	r = assess_ok(&p, m, 3, inc, n, a, 3, 0);
	CHECK_INT(r.members, 3);
	CHECK_INT(r.counted_fen, 3852005);
	CHECK_INT(r.exempt_fen, 380000);
	CHECK_INT(r.deducted_fen, 1086002);	/* 1086001.5 half up */
	CHECK_INT(r.presumed_fen, 0);
	CHECK_INT(r.net_fen, 2766004);	/* 2766003.5 half up */
	/* shown figures do not subtract exactly: 3852005 - 1086002 = 2766003 */
	CHECK_INT(r.counted_fen - r.deducted_fen, 2766003);
	CHECK_INT(r.per_capita_fen, 76833);
	CHECK_INT(r.standard_fen, 79000);

	/* item by item, in micro-fen */
	CHECK_INT(items[0].counted_ufen, INT64_C(170005000000));
	CHECK_INT(items[0].deducted_ufen, INT64_C(51001500000));	/* 51001.5 fen */
	CHECK_INT(items[0].exempt_ufen, 0);
	CHECK_INT(items[1].deducted_ufen, INT64_C(51000000000));
	CHECK_INT(items[12].counted_ufen, INT64_C(300000000000));
	CHECK_INT(items[12].deducted_ufen, INT64_C(79000000000));	/* capped */
	CHECK_INT(items[17].deducted_ufen, INT64_C(79000000000));
	CHECK_INT(items[18].counted_ufen, INT64_C(2000000000));
	CHECK_INT(items[18].deducted_ufen, 0);
	CHECK_INT(items[24].counted_ufen, 0);
	CHECK_INT(items[24].exempt_ufen, INT64_C(200000000000));
	CHECK_INT(items[36].exempt_ufen, INT64_C(15000000000));

	/* DIBAO: 76833 < 79000 */
	CHECK_INT(r.tests[CA_TEST_DIBAO_INCOME].value, 76833);
	CHECK_INT(r.tests[CA_TEST_DIBAO_INCOME].limit, 79000);
	/* FINANCIAL: 1000000 / 3 = 333333 fen per capita; 24 × 79000 = 1896000 */
	CHECK_INT(r.tests[CA_TEST_FINANCIAL_ASSETS].value, 333333);
	CHECK_INT(r.tests[CA_TEST_FINANCIAL_ASSETS].limit, 1896000);
	CHECK_INT(r.tests[CA_TEST_HOMES].value, 1);
	CHECK_INT(r.tests[CA_TEST_HOMES].limit, 1);
	CHECK_INT(r.tests[CA_TEST_VEHICLES].value, 0);	/* the motorcycle is exempt */
	CHECK_INT(r.tests[CA_TEST_BUSINESSES].value, 0);
	/* LOW: 79000 × 1.5 = 118500 */
	CHECK_INT(r.tests[CA_TEST_LOW_INCOME].limit, 118500);
	/* SHARE: 2766004 × 60% = 1659602.4 → 1659602; no expenditure: fails */
	CHECK_INT(r.tests[CA_TEST_EXPENDITURE_SHARE].value, 0);
	CHECK_INT(r.tests[CA_TEST_EXPENDITURE_SHARE].limit, 1659602);
	CHECK_INT(r.tests[CA_TEST_EXPENDITURE_INCOME].limit, 340000);
	CHECK_STR(verdicts(&r), ALL_BUT_SHARE);

	UNIT_CHECK(r.assets_pass, "assets pass");
	UNIT_CHECK(r.dibao, "dibao");
	UNIT_CHECK(!r.low_income, "low income is for households without dibao");
	UNIT_CHECK(!r.expenditure_hardship, "no expenditure hardship");
	/* 45 and 43 are of working age and able; 16 is not < 16 (and supported) */
	CHECK_INT(r.tekun_members, 0);
	UNIT_CHECK(!tekun[0] && !tekun[1] && !tekun[2], "no 特困 member");

	/* the same household under other rounding rules: 76833.4305… fen */
	p.rounding_unit_fen = 10;
	p.rounding_mode = CA_ROUND_UP;
	r = assess_ok(&p, m, 3, inc, n, a, 3, 0);
	CHECK_INT(r.per_capita_fen, 76840);	/* up to the jiao */
	p.rounding_unit_fen = 100;
	p.rounding_mode = CA_ROUND_DOWN;
	r = assess_ok(&p, m, 3, inc, n, a, 3, 0);
	CHECK_INT(r.per_capita_fen, 76800);	/* down to the yuan */
	p.rounding_mode = CA_ROUND_HALF_UP;
	r = assess_ok(&p, m, 3, inc, n, a, 3, 0);
	CHECK_INT(r.per_capita_fen, 76800);	/* 33.43 fen < 50: down */
}

/*
 * Rounding: 123.455 yuan = 12345.5 fen = 12345500000 micro-fen.
 *   HALF_UP: fen 12346, jiao 12350 (remainder 5.5 ≥ 5), yuan 12300 (45.5 < 50)
 *   UP:      fen 12346, jiao 12350, yuan 12400
 *   DOWN:    fen 12345, jiao 12340, yuan 12300
 */
static void
test_rounding(void)
{
	ca_assessment_policy p = nanning_urban();
	const int64_t v = INT64_C(12345500000);
	static const struct
	{
		ca_rounding_mode mode;
		int64_t		unit;
		int64_t		expected;
	}			cases[] = {
		{CA_ROUND_HALF_UP, 1, 12346},
		{CA_ROUND_HALF_UP, 10, 12350},
		{CA_ROUND_HALF_UP, 100, 12300},
		{CA_ROUND_UP, 1, 12346},
		{CA_ROUND_UP, 10, 12350},
		{CA_ROUND_UP, 100, 12400},
		{CA_ROUND_DOWN, 1, 12345},
		{CA_ROUND_DOWN, 10, 12340},
		{CA_ROUND_DOWN, 100, 12300},
	};
	size_t		i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		CHECK_INT(ca_round_ufen(v, cases[i].unit, cases[i].mode), cases[i].expected);
		/* the same through ca_assess: 2 people, 1 month, 24691 fen → 12345.5 */
		p.lookback_months = 1;
		p.rounding_mode = cases[i].mode;
		p.rounding_unit_fen = cases[i].unit;
		CHECK_INT(per_capita(p, 2, 24691), cases[i].expected);
	}

	/* exactly half a unit goes up; a micro-fen less goes down */
	CHECK_INT(ca_round_ufen(INT64_C(12345000000), 10, CA_ROUND_HALF_UP), 12350);
	CHECK_INT(ca_round_ufen(INT64_C(12344999999), 10, CA_ROUND_HALF_UP), 12340);
	CHECK_INT(ca_round_ufen(INT64_C(500000), 1, CA_ROUND_HALF_UP), 1);
	CHECK_INT(ca_round_ufen(INT64_C(499999), 1, CA_ROUND_HALF_UP), 0);
	CHECK_INT(ca_round_ufen(INT64_C(1), 100, CA_ROUND_UP), 100);
	CHECK_INT(ca_round_ufen(INT64_C(99999999), 100, CA_ROUND_DOWN), 0);
	/* exact multiples and zero are unchanged by every mode */
	CHECK_INT(ca_round_ufen(INT64_C(12300000000), 100, CA_ROUND_UP), 12300);
	CHECK_INT(ca_round_ufen(INT64_C(12300000000), 100, CA_ROUND_HALF_UP), 12300);
	CHECK_INT(ca_round_ufen(0, 100, CA_ROUND_UP), 0);
	CHECK_INT(ca_round_ufen(0, 1, CA_ROUND_DOWN), 0);

	/* negative amounts mirror the positive ones (away from / toward zero) */
	CHECK_INT(ca_round_ufen(-v, 1, CA_ROUND_HALF_UP), -12346);
	CHECK_INT(ca_round_ufen(-v, 100, CA_ROUND_HALF_UP), -12300);
	CHECK_INT(ca_round_ufen(-v, 100, CA_ROUND_UP), -12400);
	CHECK_INT(ca_round_ufen(-v, 10, CA_ROUND_DOWN), -12340);
	CHECK_INT(ca_round_ufen(INT64_C(-500000), 1, CA_ROUND_HALF_UP), -1);
	CHECK_INT(ca_round_ufen(INT64_C(-499999), 1, CA_ROUND_HALF_UP), 0);

	/* the extremes of int64 do not overflow: INT64_MAX / 10^8 = 92233720368 */
	CHECK_INT(ca_round_ufen(INT64_MAX, 100, CA_ROUND_UP), INT64_C(9223372036900));
	CHECK_INT(ca_round_ufen(INT64_MAX, 100, CA_ROUND_DOWN), INT64_C(9223372036800));
	CHECK_INT(ca_round_ufen(INT64_MIN, 100, CA_ROUND_UP), INT64_C(-9223372036900));
	CHECK_INT(ca_round_ufen(INT64_MIN, 1, CA_ROUND_HALF_UP), INT64_C(-9223372036855));
	/* a unit that is not positive is taken as 1 fen, not a division by zero */
	CHECK_INT(ca_round_ufen(v, 0, CA_ROUND_HALF_UP), 12346);
	CHECK_INT(ca_round_ufen(v, -10, CA_ROUND_DOWN), 12345);

	/*
	 * The per-capita figure is rounded once from the exact quotient.
	 * 300 fen counted + 1 fen of work income with a 99.9999% deduction:
	 *   counted 301 fen = 301000000 ufen, deducted 1 × 999999 = 999999 ufen,
	 *   net = 300000001 ufen; over 3 people: 100000000.33 ufen = 100.0000003 fen.
	 * UP must give 101 (a truncated quotient, 100000000 ufen, would give
	 * 100); HALF_UP and DOWN give 100.
	 */
	{
		ca_member	m[3];
		ca_income	inc[2];
		ca_assessment_result r;

		m[0] = m[1] = m[2] = person(40, CA_SEX_MALE, CA_WORK_FULL);
		inc[0] = income(0, R_RENT, 0, 300);
		inc[1] = income(1, R_ODD, 0, 1);
		p = nanning_urban();
		p.lookback_months = 1;
		p.rounding_mode = CA_ROUND_UP;
		r = assess_ok(&p, m, 3, inc, 2, NULL, 0, 0);
		CHECK_INT(items[1].deducted_ufen, 999999);
		CHECK_INT(r.net_fen, 300);	/* 300.000001 shown half up */
		CHECK_INT(r.per_capita_fen, 101);
		p.rounding_mode = CA_ROUND_HALF_UP;
		r = assess_ok(&p, m, 3, inc, 2, NULL, 0, 0);
		CHECK_INT(r.per_capita_fen, 100);
		p.rounding_mode = CA_ROUND_DOWN;
		r = assess_ok(&p, m, 3, inc, 2, NULL, 0, 0);
		CHECK_INT(r.per_capita_fen, 100);
	}
}

/*
 * Worked example 2: the cap biting.  A rural household of 2 in Nanning,
 * standard 45833 fen a month, 3-month window; wages with a 30% deduction
 * capped at 100% of the standard (45833 fen per member per month).
 *
 *   #0 A m0 100000 → 30000, cap left 45833 → 30000 (left 15833)
 *   #1 A m0  80000 → 24000, left 15833     → 15833 (left 0)
 *   #2 A m0  50000 → 15000, left 0         → 0
 *   #3 A m1  80000 → 24000, a new month    → 24000
 *   #4 B m0 200000 → 60000, B's own cap    → 45833
 *   #5 A m2 300000 uncapped rule           → 90000 (uses up m2's cap)
 *   #6 A m2  10000 → 3000, left 45833 - 90000 < 0 → 0
 * counted  = 100000 + 80000 + 50000 + 80000 + 200000 + 300000 + 10000 = 820000
 * deducted = 30000 + 15833 + 0 + 24000 + 45833 + 90000 + 0 = 205666
 * net      = 820000 - 205666 = 614334; per capita = 614334 / (3 × 2) = 102389
 */
static void
test_cap(void)
{
	ca_assessment_policy p = nanning_urban();
	ca_member	m[2];
	ca_income	inc[7];
	ca_assessment_result r;

	p.standard_fen = NANNING_RURAL_2021_FEN;
	p.lookback_months = 3;
	m[0] = person(35, CA_SEX_MALE, CA_WORK_FULL);
	m[1] = person(33, CA_SEX_FEMALE, CA_WORK_FULL);
	inc[0] = income(0, R_WAGE, 0, 100000);
	inc[1] = income(0, R_WAGE, 0, 80000);
	inc[2] = income(0, R_WAGE, 0, 50000);
	inc[3] = income(0, R_WAGE, 1, 80000);
	inc[4] = income(1, R_WAGE, 0, 200000);
	inc[5] = income(0, R_WAGE_NOCAP, 2, 300000);
	inc[6] = income(0, R_WAGE, 2, 10000);

	r = assess_ok(&p, m, 2, inc, 7, NULL, 0, 0);
	CHECK_INT(items[0].deducted_ufen, INT64_C(30000000000));
	CHECK_INT(items[1].deducted_ufen, INT64_C(15833000000));
	CHECK_INT(items[2].deducted_ufen, 0);
	CHECK_INT(items[2].counted_ufen, INT64_C(50000000000));	/* still counted */
	CHECK_INT(items[3].deducted_ufen, INT64_C(24000000000));
	CHECK_INT(items[4].deducted_ufen, INT64_C(45833000000));
	CHECK_INT(items[5].deducted_ufen, INT64_C(90000000000));
	CHECK_INT(items[6].deducted_ufen, 0);
	CHECK_INT(r.counted_fen, 820000);
	CHECK_INT(r.deducted_fen, 205666);
	CHECK_INT(r.net_fen, 614334);
	CHECK_INT(r.per_capita_fen, 102389);

	/* record order decides: the small record first takes its full 15000 */
	inc[0] = income(0, R_WAGE, 0, 50000);	/* 15000, left 30833 */
	inc[2] = income(0, R_WAGE, 0, 100000);	/* 30000 > left 6833 after #1 */
	r = assess_ok(&p, m, 2, inc, 7, NULL, 0, 0);
	CHECK_INT(items[0].deducted_ufen, INT64_C(15000000000));
	CHECK_INT(items[1].deducted_ufen, INT64_C(24000000000));	/* left 30833 */
	CHECK_INT(items[2].deducted_ufen, INT64_C(6833000000));	/* 45833 - 39000 */
	CHECK_INT(r.deducted_fen, 205666);	/* the month still totals 45833 */
}

/*
 * Worked example 3: presumed income.  Urban, 6-month window, presumed income
 * 1810 yuan (181000 fen) a month, women of working age up to 55.
 *
 *   #0 man, 40, able, unemployed without reason: odd jobs (wages, employment)
 *      500 yuan in month 2 and 2000 yuan in month 4; a work-relief payment
 *      (exempt, marked employment) of 1000 yuan in month 0;
 *   #1 woman, 58, able, unemployed without reason: a pension of 600 yuan in
 *      month 0 (counted); 58 > 55, so no presumed income;
 *   #2 man, 45, partial work capacity, unemployed: no presumed income.
 *
 * Presumed, man #0: months 0, 1, 3, 5: 181000 each (the exempt work relief
 *   does not count) = 724000; month 2: 181000 - 50000 = 131000; month 4:
 *   200000 ≥ 181000 → 0.  Total 855000 fen.
 * counted  = 50000 + 200000 + 60000 = 310000
 * deducted = 50000 × 30% + 200000 × 30% = 15000 + 60000 = 75000
 * net      = 310000 - 75000 + 855000 = 1090000
 * per capita = 1090000 / (6 × 3) = 60555.55… → 60556 fen
 */
static void
test_presumed_income(void)
{
	ca_assessment_policy p = nanning_urban();
	ca_member	m[3];
	ca_income	inc[4];
	ca_assessment_result r;

	p.lookback_months = 6;
	p.presumed_income_fen = 181000;
	m[0] = person(40, CA_SEX_MALE, CA_WORK_FULL);
	m[1] = person(58, CA_SEX_FEMALE, CA_WORK_FULL);
	m[2] = person(45, CA_SEX_MALE, CA_WORK_PARTIAL);
	m[0].unemployed_without_reason = true;
	m[1].unemployed_without_reason = true;
	m[2].unemployed_without_reason = true;
	inc[0] = income(0, R_WAGE, 2, 50000);
	inc[1] = income(0, R_WAGE, 4, 200000);
	inc[2] = income(0, R_WORK_RELIEF, 0, 100000);
	inc[3] = income(1, R_PENSION, 0, 60000);

	r = assess_ok(&p, m, 3, inc, 4, NULL, 0, 0);
	CHECK_INT(r.presumed_fen, 855000);
	CHECK_INT(r.counted_fen, 310000);
	CHECK_INT(r.exempt_fen, 100000);
	CHECK_INT(r.deducted_fen, 75000);
	CHECK_INT(r.net_fen, 1090000);
	CHECK_INT(r.per_capita_fen, 60556);
}

/* The presumed income of a one-person household with no income, 1 month. */
static int64_t
presumed_for(ca_member m, int64_t presumed_income_fen)
{
	ca_assessment_policy p = nanning_urban();
	ca_assessment_result r;

	p.lookback_months = 1;
	p.presumed_income_fen = presumed_income_fen;
	r = assess_ok(&p, &m, 1, NULL, 0, NULL, 0, 0);
	return r.presumed_fen;
}

static ca_member
idle(int age, ca_sex sex, ca_work_capacity capacity)
{
	ca_member	m = person(age, sex, capacity);

	m.unemployed_without_reason = true;
	return m;
}

static void
test_presumed_boundaries(void)
{
	/* working age 16..60 for men, 16..55 for women, both inclusive */
	CHECK_INT(presumed_for(idle(40, CA_SEX_MALE, CA_WORK_FULL), 181000), 181000);
	CHECK_INT(presumed_for(idle(60, CA_SEX_MALE, CA_WORK_FULL), 181000), 181000);
	CHECK_INT(presumed_for(idle(61, CA_SEX_MALE, CA_WORK_FULL), 181000), 0);
	CHECK_INT(presumed_for(idle(16, CA_SEX_MALE, CA_WORK_FULL), 181000), 181000);
	CHECK_INT(presumed_for(idle(15, CA_SEX_MALE, CA_WORK_FULL), 181000), 0);
	CHECK_INT(presumed_for(idle(55, CA_SEX_FEMALE, CA_WORK_FULL), 181000), 181000);
	CHECK_INT(presumed_for(idle(56, CA_SEX_FEMALE, CA_WORK_FULL), 181000), 0);
	CHECK_INT(presumed_for(idle(58, CA_SEX_FEMALE, CA_WORK_FULL), 181000), 0);
	/* not for partial or no work capacity, nor with a good reason */
	CHECK_INT(presumed_for(idle(40, CA_SEX_MALE, CA_WORK_PARTIAL), 181000), 0);
	CHECK_INT(presumed_for(idle(40, CA_SEX_MALE, CA_WORK_NONE), 181000), 0);
	CHECK_INT(presumed_for(person(40, CA_SEX_MALE, CA_WORK_FULL), 181000), 0);
	/* presumed_income_fen 0: the place has no presumed income */
	CHECK_INT(presumed_for(idle(40, CA_SEX_MALE, CA_WORK_FULL), 0), 0);
}

/*
 * The asset tests, each failing alone.  A 3-person household with 1500 yuan
 * counted in a 1-month window: per capita 500 yuan, under the standard.
 * Baseline: one home, an exempt motorcycle, 10000 yuan deposits.
 * Financial limit per capita: 24 × 79000 = 1896000 fen; household totals:
 *   5688000 / 3 = 1896000 → passes (at the limit)
 *   5688002 / 3 = 1896000 (integer division) → passes
 *   5688003 / 3 = 1896001 → fails
 */
static ca_assessment_result
asset_case(const ca_asset *extra, int n_extra, int64_t deposits)
{
	ca_assessment_policy p = nanning_urban();
	ca_member	m[3];
	ca_income	inc = income(0, R_RENT, 0, 150000);
	ca_asset	a[8];
	int			n = 0,
				i;

	p.lookback_months = 1;
	m[0] = person(45, CA_SEX_MALE, CA_WORK_FULL);
	m[1] = person(70, CA_SEX_FEMALE, CA_WORK_FULL);
	m[1].has_capable_supporter = false;	/* would be 特困 if the assets pass */
	m[2] = person(16, CA_SEX_MALE, CA_WORK_FULL);
	a[n++] = asset(CA_ASSET_HOME, false, 0);
	a[n++] = asset(CA_ASSET_VEHICLE, true, 0);
	a[n++] = asset(CA_ASSET_FINANCIAL, false, deposits);
	for (i = 0; i < n_extra; i++)
		a[n++] = extra[i];
	return assess_ok(&p, m, 3, &inc, 1, a, n, 0);
}

static void
test_assets(void)
{
	ca_assessment_result r;
	ca_asset	x[2];

	r = asset_case(NULL, 0, 1000000);
	CHECK_INT(r.per_capita_fen, 50000);
	CHECK_STR(verdicts(&r), ALL_BUT_SHARE);
	UNIT_CHECK(r.assets_pass && r.dibao, "baseline gets dibao");
	CHECK_INT(r.tekun_members, 1);	/* the 70-year-old without supporter */

	/* two homes */
	x[0] = asset(CA_ASSET_HOME, false, 0);
	r = asset_case(x, 1, 1000000);
	CHECK_STR(verdicts(&r), "PPFPPPFP");
	CHECK_INT(r.tests[CA_TEST_HOMES].value, 2);
	CHECK_INT(r.tests[CA_TEST_HOMES].limit, 1);
	UNIT_CHECK(!r.assets_pass && !r.dibao && !r.low_income && !r.expenditure_hardship,
			   "two homes: no programme");
	CHECK_INT(r.tekun_members, 0);
	UNIT_CHECK(!tekun[1], "no 特困 when an asset test fails");

	/* an exempt second home does not count */
	x[0] = asset(CA_ASSET_HOME, true, 0);
	r = asset_case(x, 1, 1000000);
	CHECK_INT(r.tests[CA_TEST_HOMES].value, 1);
	UNIT_CHECK(r.dibao, "exempt home: dibao");

	/* a car that is not exempt */
	x[0] = asset(CA_ASSET_VEHICLE, false, 5000000);
	r = asset_case(x, 1, 1000000);
	CHECK_STR(verdicts(&r), "PPPFPPFP");
	CHECK_INT(r.tests[CA_TEST_VEHICLES].value, 1);
	CHECK_INT(r.tests[CA_TEST_VEHICLES].limit, 0);
	UNIT_CHECK(!r.assets_pass && !r.dibao, "car: no dibao");

	/* an exempt car (adapted for a disabled member) passes */
	x[0] = asset(CA_ASSET_VEHICLE, true, 5000000);
	r = asset_case(x, 1, 1000000);
	CHECK_STR(verdicts(&r), ALL_BUT_SHARE);
	CHECK_INT(r.tests[CA_TEST_VEHICLES].value, 0);
	UNIT_CHECK(r.dibao, "exempt car: dibao");

	/* a business registration */
	x[0] = asset(CA_ASSET_BUSINESS, false, 0);
	r = asset_case(x, 1, 1000000);
	CHECK_STR(verdicts(&r), "PPPPFPFP");
	CHECK_INT(r.tests[CA_TEST_BUSINESSES].value, 1);
	UNIT_CHECK(!r.dibao, "business: no dibao");

	/* financial assets at, and just over, the limit */
	r = asset_case(NULL, 0, 5688000);
	CHECK_INT(r.tests[CA_TEST_FINANCIAL_ASSETS].value, 1896000);
	CHECK_INT(r.tests[CA_TEST_FINANCIAL_ASSETS].limit, 1896000);
	CHECK_STR(verdicts(&r), ALL_BUT_SHARE);
	r = asset_case(NULL, 0, 5688002);
	CHECK_INT(r.tests[CA_TEST_FINANCIAL_ASSETS].value, 1896000);	/* 1896000.67 cut */
	UNIT_CHECK(r.tests[CA_TEST_FINANCIAL_ASSETS].passed, "sub-fen excess per capita passes");
	r = asset_case(NULL, 0, 5688003);
	CHECK_INT(r.tests[CA_TEST_FINANCIAL_ASSETS].value, 1896001);
	CHECK_STR(verdicts(&r), "PFPPPPFP");
	UNIT_CHECK(!r.assets_pass && !r.dibao, "over the financial limit: no dibao");

	/* exempt financial assets are not added */
	x[0] = asset(CA_ASSET_FINANCIAL, true, INT64_C(100000000));
	r = asset_case(x, 1, 5688000);
	CHECK_INT(r.tests[CA_TEST_FINANCIAL_ASSETS].value, 1896000);
	UNIT_CHECK(r.dibao, "exempt deposits: dibao");
}

/*
 * Low income: a one-person household, 1-month window.
 * Urban: line 79000 × 1.5 = 118500 fen.
 * Rural: line 45833 × 1.5 = 68749.5 → 68750 fen (half up).
 */
static ca_assessment_result
one_person(ca_assessment_policy p, int64_t counted_fen)
{
	ca_member	m = person(40, CA_SEX_MALE, CA_WORK_FULL);
	ca_income	inc = income(0, R_RENT, 0, counted_fen);

	p.lookback_months = 1;
	return assess_ok(&p, &m, 1, &inc, 1, NULL, 0, 0);
}

static void
test_low_income(void)
{
	ca_assessment_policy p = nanning_urban();
	ca_assessment_result r;

	r = one_person(p, 100000);	/* 1000 yuan: between 790 and 1185 */
	CHECK_STR(verdicts(&r), "FPPPPPFP");
	CHECK_INT(r.tests[CA_TEST_LOW_INCOME].value, 100000);
	CHECK_INT(r.tests[CA_TEST_LOW_INCOME].limit, 118500);
	UNIT_CHECK(!r.dibao && r.low_income, "1000 yuan: low income");

	r = one_person(p, 79000);	/* exactly the standard: not below it */
	UNIT_CHECK(!r.dibao && r.low_income, "790 yuan: low income, not dibao");
	r = one_person(p, 78999);	/* below the standard: dibao, so not low income */
	UNIT_CHECK(r.dibao && !r.low_income, "789.99 yuan: dibao");
	UNIT_CHECK(r.tests[CA_TEST_LOW_INCOME].passed, "the low-income test itself passes");
	r = one_person(p, 118499);
	UNIT_CHECK(r.low_income, "1184.99 yuan: low income");
	r = one_person(p, 118500);	/* exactly 1.5 ×: not below */
	UNIT_CHECK(!r.low_income && !r.tests[CA_TEST_LOW_INCOME].passed, "1185 yuan: not low income");

	p.standard_fen = NANNING_RURAL_2021_FEN;
	r = one_person(p, 68749);
	CHECK_INT(r.tests[CA_TEST_LOW_INCOME].limit, 68750);
	UNIT_CHECK(r.low_income, "rural 687.49 yuan: low income");
	r = one_person(p, 68750);
	UNIT_CHECK(!r.low_income, "rural 687.50 yuan: not low income");
	r = one_person(p, 45833);
	UNIT_CHECK(!r.dibao && r.low_income, "rural, at the standard: low income");

	/* ppm up to 10^8 works: 100 × the standard = 7900000 fen */
	p = nanning_urban();
	p.low_income_multiple_ppm = 100 * CA_PPM;
	r = one_person(p, 100000);
	CHECK_INT(r.tests[CA_TEST_LOW_INCOME].limit, 7900000);
}

/*
 * Expenditure hardship: 2 people, 12 months, a pension of 3000 yuan a month:
 *   net = 12 × 300000 = 3600000 fen; per capita = 3600000 / 24 = 150000
 *   (1500 yuan: above the 1185-yuan low-income line, below 3400 yuan).
 *   share limit = 3600000 × 60% = 2160000 fen.
 * Medical bills of 25000 yuan (2500000 fen) ≥ 2160000: hardship.
 */
static ca_assessment_result
hardship_case(ca_assessment_policy p, int64_t monthly_fen, int64_t rigid)
{
	ca_member	m[2];
	ca_income	inc[12];
	int			k;

	m[0] = person(50, CA_SEX_MALE, CA_WORK_FULL);
	m[1] = person(48, CA_SEX_FEMALE, CA_WORK_FULL);
	for (k = 0; k < 12; k++)
		inc[k] = income(0, R_PENSION, k, monthly_fen);
	return assess_ok(&p, m, 2, inc, 12, NULL, 0, rigid);
}

static void
test_expenditure_hardship(void)
{
	ca_assessment_policy p = nanning_urban();
	ca_assessment_result r;

	r = hardship_case(p, 300000, 2500000);
	CHECK_INT(r.per_capita_fen, 150000);
	CHECK_INT(r.tests[CA_TEST_EXPENDITURE_SHARE].value, 2500000);
	CHECK_INT(r.tests[CA_TEST_EXPENDITURE_SHARE].limit, 2160000);
	CHECK_INT(r.tests[CA_TEST_EXPENDITURE_INCOME].value, 150000);
	CHECK_INT(r.tests[CA_TEST_EXPENDITURE_INCOME].limit, 340000);
	CHECK_STR(verdicts(&r), "FPPPPFPP");
	UNIT_CHECK(r.expenditure_hardship && !r.dibao && !r.low_income, "hardship");

	r = hardship_case(p, 300000, 2160000);	/* exactly 60% */
	UNIT_CHECK(r.expenditure_hardship, "at 60%%: hardship");
	r = hardship_case(p, 300000, 2159999);	/* just under */
	UNIT_CHECK(!r.expenditure_hardship, "under 60%%: no hardship");

	p.expenditure_income_max_fen = 150000;	/* per capita not below it */
	r = hardship_case(p, 300000, 2500000);
	UNIT_CHECK(!r.tests[CA_TEST_EXPENDITURE_INCOME].passed && !r.expenditure_hardship,
			   "income not below the disposable-income line");

	/* no income and no expenditure: limit 0, but nothing was spent */
	p = nanning_urban();
	r = hardship_case(p, 0, 0);
	CHECK_INT(r.tests[CA_TEST_EXPENDITURE_SHARE].limit, 0);
	UNIT_CHECK(!r.tests[CA_TEST_EXPENDITURE_SHARE].passed, "no expenditure fails");
	UNIT_CHECK(r.dibao && !r.expenditure_hardship, "no income: dibao");

	/* a dibao household with large medical bills is dibao, not hardship */
	r = hardship_case(p, 30000, 2500000);
	UNIT_CHECK(r.tests[CA_TEST_EXPENDITURE_SHARE].passed && r.dibao &&
			   !r.expenditure_hardship, "dibao takes precedence");
}

/*
 * 特困: a household with no income (dibao-level poverty) and members:
 *   #0 70, no supporter           → yes (≥ 60)
 *   #1 72, a capable supporter    → no
 *   #2 40, no work capacity, none → yes
 *   #3 10, no supporter           → yes (< 16)
 *   #4 16, no supporter, able     → no (16 is not < 16)
 *   #5 59, partial capacity, none → no
 *   #6 60, no supporter           → yes (the age limit is inclusive)
 */
static void
test_tekun(void)
{
	ca_assessment_policy p = nanning_urban();
	ca_member	m[7];
	ca_asset	car = asset(CA_ASSET_VEHICLE, false, 0);
	ca_income	inc = income(0, R_PENSION, 0, INT64_C(79000) * 12 * 7);
	ca_assessment_result r;
	int			i;

	m[0] = person(70, CA_SEX_FEMALE, CA_WORK_FULL);
	m[1] = person(72, CA_SEX_MALE, CA_WORK_FULL);
	m[2] = person(40, CA_SEX_MALE, CA_WORK_NONE);
	m[3] = person(10, CA_SEX_FEMALE, CA_WORK_FULL);
	m[4] = person(16, CA_SEX_MALE, CA_WORK_FULL);
	m[5] = person(59, CA_SEX_FEMALE, CA_WORK_PARTIAL);
	m[6] = person(60, CA_SEX_MALE, CA_WORK_FULL);
	for (i = 0; i < 7; i++)
		m[i].has_capable_supporter = (i == 1);

	r = assess_ok(&p, m, 7, NULL, 0, NULL, 0, 0);
	UNIT_CHECK(r.dibao, "no income: dibao");
	CHECK_INT(r.tekun_members, 4);
	UNIT_CHECK(tekun[0], "70 without supporter");
	UNIT_CHECK(!tekun[1], "72 with a capable supporter");
	UNIT_CHECK(tekun[2], "no work capacity");
	UNIT_CHECK(tekun[3], "a minor");
	UNIT_CHECK(!tekun[4], "16 is not a minor here");
	UNIT_CHECK(!tekun[5], "partial capacity, 59");
	UNIT_CHECK(tekun[6], "60");

	/* a non-exempt car: the asset test fails, nobody is 特困 */
	r = assess_ok(&p, m, 7, NULL, 0, &car, 1, 0);
	CHECK_INT(r.tekun_members, 0);
	UNIT_CHECK(!tekun[0] && !tekun[2], "no 特困 without passing the asset tests");

	/* income at the standard per capita: 79000 × 12 × 7 over 12 × 7 */
	r = assess_ok(&p, m, 7, &inc, 1, NULL, 0, 0);
	CHECK_INT(r.per_capita_fen, 79000);
	UNIT_CHECK(!r.dibao && r.tekun_members == 0, "not poor enough for 特困");
}

/* ------------------------------------------------------------- validation */

static int	bad_index;

static ca_assessment_status
attempt(const ca_assessment_policy *p, const ca_member *m, int nm,
		const ca_income_rule *rl, int nr, const ca_income *inc, int ni,
		const ca_asset *a, int na)
{
	ca_assessment_result r;
	ca_assessment_status st;
	int			i;
	bool		clean = true;

	/* outputs must be cleared on failure, whatever was in them */
	memset(&r, 0x5a, sizeof(r));
	memset(items, 0x5a, sizeof(items));
	memset(tekun, 1, sizeof(tekun));
	bad_index = 12345;
	st = ca_assess(p, m, nm, rl, nr, inc, ni, a, na, 0, &r, items, tekun, &bad_index);
	if (st != CA_ASSESS_OK)
	{
		for (i = 0; i < ni && i < MAX_INCOMES; i++)
			if (items[i].counted_ufen || items[i].exempt_ufen || items[i].deducted_ufen)
				clean = false;
		for (i = 0; i < nm && i < MAX_MEMBERS; i++)
			if (tekun[i])
				clean = false;
		if (r.members || r.net_fen || r.per_capita_fen || r.dibao || r.tests[0].value)
			clean = false;
		UNIT_CHECK(clean, "outputs not cleared after %s", ca_assessment_status_text(st));
	}
	return st;
}

#define EXPECT(call, status, index) \
	do { \
		ca_assessment_status st_ = (call); \
		UNIT_CHECK(st_ == (status), "%s: %s, expected %s", #call, \
				   ca_assessment_status_text(st_), ca_assessment_status_text(status)); \
		CHECK_INT(bad_index, index); \
	} while (0)

static void
test_validation(void)
{
	ca_assessment_policy good = nanning_urban();
	ca_assessment_policy p;
	ca_member	m[2];
	ca_income_rule rl[N_RULES];
	ca_income	inc[3];
	ca_asset	a[3];

	m[0] = person(40, CA_SEX_MALE, CA_WORK_FULL);
	m[1] = person(38, CA_SEX_FEMALE, CA_WORK_FULL);
	memcpy(rl, rules, sizeof(rl));
	inc[0] = income(0, R_WAGE, 0, 100000);
	inc[1] = income(1, R_RENT, 11, 5000);
	inc[2] = income(1, R_PENSION, 5, 0);	/* a zero amount is fine */
	a[0] = asset(CA_ASSET_HOME, false, 0);
	a[1] = asset(CA_ASSET_FINANCIAL, false, 100);
	a[2] = asset(CA_ASSET_BUSINESS, true, 0);

	EXPECT(attempt(&good, m, 2, rl, N_RULES, inc, 3, a, 3), CA_ASSESS_OK, -1);
	/* empty lists are fine */
	EXPECT(attempt(&good, m, 2, NULL, 0, NULL, 0, NULL, 0), CA_ASSESS_OK, -1);

	/* members */
	EXPECT(attempt(&good, m, 0, rl, N_RULES, inc, 3, a, 3), CA_ASSESS_NO_MEMBERS, -1);
	EXPECT(attempt(&good, m, -1, rl, N_RULES, inc, 3, a, 3), CA_ASSESS_NO_MEMBERS, -1);
	EXPECT(attempt(&good, NULL, 2, rl, N_RULES, inc, 3, a, 3), CA_ASSESS_NO_MEMBERS, -1);

	/* the policy: each field out of range on its own */
#define BAD_POLICY(field, value) \
	do { \
		p = good; \
		p.field = value; \
		EXPECT(attempt(&p, m, 2, rl, N_RULES, inc, 3, a, 3), CA_ASSESS_BAD_POLICY, -1); \
	} while (0)
	EXPECT(attempt(NULL, m, 2, rl, N_RULES, inc, 3, a, 3), CA_ASSESS_BAD_POLICY, -1);
	BAD_POLICY(standard_fen, 0);
	BAD_POLICY(standard_fen, -79000);
	BAD_POLICY(lookback_months, 0);
	BAD_POLICY(lookback_months, 37);
	BAD_POLICY(lookback_months, -12);
	BAD_POLICY(rounding_unit_fen, 0);
	BAD_POLICY(rounding_unit_fen, 5);
	BAD_POLICY(rounding_unit_fen, 1000);
	BAD_POLICY(rounding_unit_fen, -1);
	BAD_POLICY(rounding_mode, (ca_rounding_mode) 3);
	BAD_POLICY(rounding_mode, (ca_rounding_mode) -1);
	BAD_POLICY(presumed_income_fen, -1);
	BAD_POLICY(working_age_min, -1);
	BAD_POLICY(working_age_max_male, -1);
	BAD_POLICY(working_age_max_female, -1);
	BAD_POLICY(financial_assets_max_ppm, -1);
	BAD_POLICY(max_homes, -1);
	BAD_POLICY(max_vehicles, -1);
	BAD_POLICY(max_businesses, -1);
	BAD_POLICY(low_income_multiple_ppm, -1);
	BAD_POLICY(expenditure_share_ppm, -1);
	BAD_POLICY(expenditure_income_max_fen, -1);
	BAD_POLICY(tekun_age_min, -1);
	BAD_POLICY(tekun_minor_age_max, -1);
#undef BAD_POLICY
	/* the edges that are allowed */
	p = good;
	p.lookback_months = 36;
	p.rounding_unit_fen = 100;
	p.presumed_income_fen = 0;
	p.financial_assets_max_ppm = 0;
	p.max_homes = 0;
	p.working_age_min = 0;
	EXPECT(attempt(&p, m, 2, rl, N_RULES, inc, 3, a, 3), CA_ASSESS_OK, -1);

	/* the income rules: BAD_POLICY with the rule's index */
	EXPECT(attempt(&good, m, 2, rl, -1, inc, 0, a, 3), CA_ASSESS_BAD_POLICY, -1);
	EXPECT(attempt(&good, m, 2, NULL, 2, inc, 0, a, 3), CA_ASSESS_BAD_POLICY, -1);
	rl[R_RENT].treatment = (ca_income_treatment) 3;
	EXPECT(attempt(&good, m, 2, rl, N_RULES, inc, 3, a, 3), CA_ASSESS_BAD_POLICY, R_RENT);
	rl[R_RENT].treatment = (ca_income_treatment) -1;
	EXPECT(attempt(&good, m, 2, rl, N_RULES, inc, 3, a, 3), CA_ASSESS_BAD_POLICY, R_RENT);
	rl[R_RENT] = rules[R_RENT];
	rl[R_WAGE].deduction_ppm = CA_PPM + 1;	/* over 100% */
	EXPECT(attempt(&good, m, 2, rl, N_RULES, inc, 3, a, 3), CA_ASSESS_BAD_POLICY, R_WAGE);
	rl[R_WAGE].deduction_ppm = -1;
	EXPECT(attempt(&good, m, 2, rl, N_RULES, inc, 3, a, 3), CA_ASSESS_BAD_POLICY, R_WAGE);
	rl[R_WAGE].deduction_ppm = CA_PPM;	/* 100% is allowed */
	EXPECT(attempt(&good, m, 2, rl, N_RULES, inc, 3, a, 3), CA_ASSESS_OK, -1);
	rl[R_WAGE] = rules[R_WAGE];
	rl[R_ODD].deduction_cap_ppm = -1;
	EXPECT(attempt(&good, m, 2, rl, N_RULES, inc, 3, a, 3), CA_ASSESS_BAD_POLICY, R_ODD);
	rl[R_ODD] = rules[R_ODD];
	/* a bad policy is reported before a bad income */
	inc[1].amount_fen = -1;
	p = good;
	p.standard_fen = 0;
	EXPECT(attempt(&p, m, 2, rl, N_RULES, inc, 3, a, 3), CA_ASSESS_BAD_POLICY, -1);

	/* income records: each fault in record 1, with its index */
#define BAD_INCOME(field, value, index) \
	do { \
		inc[1] = income(1, R_RENT, 11, 5000); \
		inc[1].field = value; \
		EXPECT(attempt(&good, m, 2, rl, N_RULES, inc, 3, a, 3), CA_ASSESS_BAD_INCOME, index); \
	} while (0)
	BAD_INCOME(amount_fen, -1, 1);
	BAD_INCOME(member, -1, 1);
	BAD_INCOME(member, 2, 1);		/* n_members is 2 */
	BAD_INCOME(rule, -1, 1);
	BAD_INCOME(rule, N_RULES, 1);
	BAD_INCOME(month, -1, 1);
	BAD_INCOME(month, 12, 1);		/* lookback_months is 12 */
#undef BAD_INCOME
	inc[1] = income(1, R_RENT, 11, 5000);
	/* the first bad record is reported */
	inc[2].month = 12;
	inc[1].member = 5;
	EXPECT(attempt(&good, m, 2, rl, N_RULES, inc, 3, a, 3), CA_ASSESS_BAD_INCOME, 1);
	inc[1] = income(1, R_RENT, 11, 5000);
	EXPECT(attempt(&good, m, 2, rl, N_RULES, inc, 3, a, 3), CA_ASSESS_BAD_INCOME, 2);
	inc[2] = income(1, R_PENSION, 5, 0);
	/* a month inside a 36-month window but outside this 6-month one */
	p = good;
	p.lookback_months = 6;
	EXPECT(attempt(&p, m, 2, rl, N_RULES, inc, 3, a, 3), CA_ASSESS_BAD_INCOME, 1);
	/* a rule index beyond a shorter rule list */
	EXPECT(attempt(&good, m, 2, rl, R_RENT, inc, 3, a, 3), CA_ASSESS_BAD_INCOME, 1);
	EXPECT(attempt(&good, m, 2, rl, N_RULES, inc, -1, a, 3), CA_ASSESS_BAD_INCOME, -1);
	EXPECT(attempt(&good, m, 2, rl, N_RULES, NULL, 3, a, 3), CA_ASSESS_BAD_INCOME, -1);
	/* a bad income is reported before a bad asset */
	inc[0].amount_fen = -5;
	a[2].value_fen = -5;
	EXPECT(attempt(&good, m, 2, rl, N_RULES, inc, 3, a, 3), CA_ASSESS_BAD_INCOME, 0);
	inc[0] = income(0, R_WAGE, 0, 100000);

	/* assets */
	EXPECT(attempt(&good, m, 2, rl, N_RULES, inc, 3, a, 3), CA_ASSESS_BAD_ASSET, 2);
	a[2] = asset((ca_asset_kind) 4, false, 0);
	EXPECT(attempt(&good, m, 2, rl, N_RULES, inc, 3, a, 3), CA_ASSESS_BAD_ASSET, 2);
	a[2] = asset((ca_asset_kind) -1, false, 0);
	EXPECT(attempt(&good, m, 2, rl, N_RULES, inc, 3, a, 3), CA_ASSESS_BAD_ASSET, 2);
	a[2] = asset(CA_ASSET_BUSINESS, true, 0);
	a[0].value_fen = -1;
	EXPECT(attempt(&good, m, 2, rl, N_RULES, inc, 3, a, 3), CA_ASSESS_BAD_ASSET, 0);
	a[0].value_fen = 0;
	EXPECT(attempt(&good, m, 2, rl, N_RULES, inc, 3, a, -1), CA_ASSESS_BAD_ASSET, -1);
	EXPECT(attempt(&good, m, 2, rl, N_RULES, inc, 3, NULL, 1), CA_ASSESS_BAD_ASSET, -1);
	EXPECT(attempt(&good, m, 2, rl, N_RULES, inc, 3, a, 3), CA_ASSESS_OK, -1);

	/* bad_index may be NULL */
	{
		ca_assessment_result r;

		UNIT_CHECK(ca_assess(&good, m, 0, rl, N_RULES, inc, 3, a, 3, 0, &r, items,
							 tekun, NULL) == CA_ASSESS_NO_MEMBERS, "NULL bad_index");
	}
}

/*
 * Overflow: reported, never undefined.  10^11 fen (1 000 000 000 yuan) is
 * 10^17 micro-fen; INT64_MAX is 9.22 × 10^18, so 92 such records add up and
 * 93 do not.
 */
static void
test_overflow(void)
{
	ca_assessment_policy p = nanning_urban();
	ca_member	m[1];
	ca_income	inc[93];
	ca_asset	a[2];
	ca_assessment_result r;
	int			k;
	const int64_t big = INT64_C(100000000000);	/* 10^11 fen */

	m[0] = person(40, CA_SEX_MALE, CA_WORK_FULL);
	for (k = 0; k < 93; k++)
		inc[k] = income(0, R_RENT, k % 12, big);

	/* 92 × 10^11 = 9.2 × 10^12 fen works; per capita / 12 = 766666666666.67 */
	r = assess_ok(&p, m, 1, inc, 92, NULL, 0, 0);
	CHECK_INT(r.counted_fen, INT64_C(9200000000000));
	CHECK_INT(r.per_capita_fen, INT64_C(766666666667));
	/* the share limit: 9.2 × 10^12 × 60% = 5.52 × 10^12 */
	CHECK_INT(r.tests[CA_TEST_EXPENDITURE_SHARE].limit, INT64_C(5520000000000));
	EXPECT(attempt(&p, m, 1, rules, N_RULES, inc, 93, NULL, 0), CA_ASSESS_OVERFLOW, -1);

	/* one amount whose micro-fen do not fit */
	inc[0].amount_fen = INT64_MAX / CA_PPM + 1;
	EXPECT(attempt(&p, m, 1, rules, N_RULES, inc, 1, NULL, 0), CA_ASSESS_OVERFLOW, -1);
	inc[0].amount_fen = INT64_MAX / CA_PPM;	/* the largest that fits */
	EXPECT(attempt(&p, m, 1, rules, N_RULES, inc, 1, NULL, 0), CA_ASSESS_OK, -1);
	inc[0] = income(0, R_WAGE, 0, INT64_MAX / CA_PPM);	/* its 30% fits too */
	EXPECT(attempt(&p, m, 1, rules, N_RULES, inc, 1, NULL, 0), CA_ASSESS_OK, -1);

	/* a standard of 10^11 fen and ppm 10^8: 10^19 micro-fen */
	p.standard_fen = big;
	p.financial_assets_max_ppm = 100 * CA_PPM;
	EXPECT(attempt(&p, m, 1, rules, N_RULES, NULL, 0, NULL, 0), CA_ASSESS_OVERFLOW, -1);
	p.financial_assets_max_ppm = 24 * CA_PPM;	/* 2.4 × 10^18: fits */
	EXPECT(attempt(&p, m, 1, rules, N_RULES, NULL, 0, NULL, 0), CA_ASSESS_OK, -1);
	p.low_income_multiple_ppm = 100 * CA_PPM;
	EXPECT(attempt(&p, m, 1, rules, N_RULES, NULL, 0, NULL, 0), CA_ASSESS_OVERFLOW, -1);

	/* the work-cost cap: 10^8 ppm × 10^11 fen */
	{
		ca_income_rule rl[N_RULES];

		memcpy(rl, rules, sizeof(rl));
		rl[R_WAGE].deduction_cap_ppm = 100 * CA_PPM;
		p = nanning_urban();
		p.standard_fen = big;
		inc[0] = income(0, R_WAGE, 0, 1000);
		EXPECT(attempt(&p, m, 1, rl, N_RULES, inc, 1, NULL, 0), CA_ASSESS_OVERFLOW, -1);
		rl[R_WAGE].deduction_cap_ppm = CA_PPM;
		EXPECT(attempt(&p, m, 1, rl, N_RULES, inc, 1, NULL, 0), CA_ASSESS_OK, -1);
	}

	/* presumed income: 36 months of 10^12 fen is 3.6 × 10^13 fen = 3.6 × 10^19 ufen */
	p = nanning_urban();
	p.lookback_months = 36;
	p.presumed_income_fen = INT64_C(1000000000000);
	m[0].unemployed_without_reason = true;
	EXPECT(attempt(&p, m, 1, rules, N_RULES, NULL, 0, NULL, 0), CA_ASSESS_OVERFLOW, -1);
	/* and the presumed fen themselves: 36 × INT64_MAX / 2 */
	p.presumed_income_fen = INT64_MAX / 2;
	EXPECT(attempt(&p, m, 1, rules, N_RULES, NULL, 0, NULL, 0), CA_ASSESS_OVERFLOW, -1);
	m[0].unemployed_without_reason = false;

	/* financial assets adding up past int64 */
	p = nanning_urban();
	a[0] = asset(CA_ASSET_FINANCIAL, false, INT64_MAX / 2 + 1);
	a[1] = asset(CA_ASSET_FINANCIAL, false, INT64_MAX / 2 + 1);
	EXPECT(attempt(&p, m, 1, rules, N_RULES, NULL, 0, a, 2), CA_ASSESS_OVERFLOW, -1);
	a[1].exempt = true;			/* an exempt asset is not added */
	EXPECT(attempt(&p, m, 1, rules, N_RULES, NULL, 0, a, 2), CA_ASSESS_OK, -1);

	/* the expenditure share: 9.2 × 10^12 fen × 10^7 ppm */
	p.expenditure_share_ppm = 10 * CA_PPM;
	for (k = 0; k < 92; k++)
		inc[k] = income(0, R_RENT, k % 12, big);
	EXPECT(attempt(&p, m, 1, rules, N_RULES, inc, 92, NULL, 0), CA_ASSESS_OVERFLOW, -1);
}

static void
test_names(void)
{
	CHECK_STR(ca_test_name(CA_TEST_DIBAO_INCOME), "dibao_income");
	CHECK_STR(ca_test_name(CA_TEST_FINANCIAL_ASSETS), "financial_assets");
	CHECK_STR(ca_test_name(CA_TEST_HOMES), "homes");
	CHECK_STR(ca_test_name(CA_TEST_VEHICLES), "vehicles");
	CHECK_STR(ca_test_name(CA_TEST_BUSINESSES), "businesses");
	CHECK_STR(ca_test_name(CA_TEST_LOW_INCOME), "low_income");
	CHECK_STR(ca_test_name(CA_TEST_EXPENDITURE_SHARE), "expenditure_share");
	CHECK_STR(ca_test_name(CA_TEST_EXPENDITURE_INCOME), "expenditure_income");
	CHECK_STR(ca_test_name(CA_TEST_COUNT), "unknown");
	CHECK_STR(ca_assessment_status_text(CA_ASSESS_OK), "The assessment was completed");
	CHECK_STR(ca_assessment_status_text(CA_ASSESS_NO_MEMBERS), "The household has no members");
	UNIT_CHECK(strlen(ca_assessment_status_text(CA_ASSESS_BAD_POLICY)) > 0, "text");
	UNIT_CHECK(strlen(ca_assessment_status_text(CA_ASSESS_BAD_INCOME)) > 0, "text");
	UNIT_CHECK(strlen(ca_assessment_status_text(CA_ASSESS_BAD_ASSET)) > 0, "text");
	UNIT_CHECK(strlen(ca_assessment_status_text(CA_ASSESS_OVERFLOW)) > 0, "text");
	CHECK_STR(ca_assessment_status_text((ca_assessment_status) 42), "Unknown error");
}

int
main(void)
{
	test_worked_urban_household();
	test_rounding();
	test_cap();
	test_presumed_income();
	test_presumed_boundaries();
	test_assets();
	test_low_income();
	test_expenditure_hardship();
	test_tekun();
	test_validation();
	test_overflow();
	test_names();
	return unit_report("assessment kernel");
}
