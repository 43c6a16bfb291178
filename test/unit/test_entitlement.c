/*
 * test_entitlement.c: the entitlement kernel (what each programme pays for a
 * month), without PostgreSQL.
 *
 * The policy figures are passed in as the policy tables would pass them:
 * Nanning's 2021 urban dibao standard of 790 yuan per person per month
 * (79000 fen), the rural 5500 yuan a year made monthly by the caller
 * (5500 / 12 = 458.33 yuan, 45833 fen), the rural tiers 340 / 230 / 155 yuan
 * (before 2020-04-01: 320 / 220 / 150), the old-age allowance brackets and
 * the 2019 Guangxi disability subsidies of 80 yuan each.  The add-on rates
 * and amounts, the floor, the income bands (modelled on Youxi, standard 640)
 * and the 特困 care rates are illustrative figures for the tests, not claims
 * about Nanning.
 *
 * Every expected figure is worked out by hand in the comment beside it.
 * 1 yuan = 100 fen; 1 fen = 10^6 micro-fen (ufen).
 */
#include "entitlement.h"
#include "unit.h"

#define NANNING_URBAN_2021_FEN	INT64_C(79000)
#define NANNING_RURAL_2021_FEN	INT64_C(45833)	/* 550000 / 12 = 45833.33 */

/* yuan → micro-fen, for net monthly incomes given in whole yuan */
#define YUAN_UFEN(y)	(INT64_C(y) * 100 * CA_PPM)

/* ----------------------------------------------------------------- helpers */

/* Nanning urban 2021: the gap method against 790 yuan, no add-ons, no floor. */
static ca_dibao_policy
nanning_urban_gap(void)
{
	ca_dibao_policy p;

	memset(&p, 0, sizeof(p));
	p.standard_fen = NANNING_URBAN_2021_FEN;
	p.method = CA_DIBAO_GAP;
	p.placement = CA_TIER_BY_CATEGORY;
	p.category_b_age = 60;
	p.addon_elderly_age = 80;
	p.addon_minor_age = 18;
	p.min_per_person_fen = 0;
	p.rounding_unit_fen = 1;
	p.rounding_mode = CA_ROUND_HALF_UP;
	return p;
}

/* Nanning rural since 2020-04-01: tiers 340 / 230 / 155 by category. */
static ca_dibao_policy
nanning_rural_tiered(void)
{
	ca_dibao_policy p = nanning_urban_gap();

	p.standard_fen = NANNING_RURAL_2021_FEN;
	p.method = CA_DIBAO_TIERED;
	p.placement = CA_TIER_BY_CATEGORY;
	p.tier_fen[0] = 34000;
	p.tier_fen[1] = 23000;
	p.tier_fen[2] = 15500;
	return p;
}

/*
 * Income bands modelled on Youxi (standard 640 yuan): per-capita income
 * <= 77 → the full standard (640), <= 200 → 507, else 384.  On the gap
 * (standard − per-capita income): tier 1 when gap >= 563, tier 2 when
 * gap >= 440, else tier 3.
 */
static ca_dibao_policy
youxi_like_bands(void)
{
	ca_dibao_policy p = nanning_urban_gap();

	p.standard_fen = 64000;
	p.method = CA_DIBAO_TIERED;
	p.placement = CA_TIER_BY_INCOME_BAND;
	p.tier_fen[0] = 64000;
	p.tier_fen[1] = 50700;
	p.tier_fen[2] = 38400;
	p.band_gap_min_fen[0] = 56300;
	p.band_gap_min_fen[1] = 44000;
	return p;
}

static ca_covered_person
person(int age)
{
	ca_covered_person c;

	memset(&c, 0, sizeof(c));
	c.age = age;
	c.work_capacity = CA_WORK_FULL;
	c.self_care = CA_SELF_CARE_FULL;
	c.disability_grade = 0;
	c.seriously_ill = false;
	return c;
}

static ca_covered_person
disabled(int age, int grade)
{
	ca_covered_person c = person(age);

	c.disability_grade = grade;
	return c;
}

/* Compute and expect success. */
static ca_dibao_payment
pay(const ca_dibao_policy *p, int64_t net_ufen, int members,
	const ca_covered_person *covered, int n)
{
	ca_dibao_payment pm;
	bool		ok;

	memset(&pm, 0x5a, sizeof(pm));
	ok = ca_dibao_payment_compute(p, net_ufen, members, covered, n, &pm);
	UNIT_CHECK(ok, "ca_dibao_payment_compute failed");
	return pm;
}

/* The rounded total only. */
static int64_t
total(const ca_dibao_policy *p, int64_t net_ufen, int members,
	  const ca_covered_person *covered, int n)
{
	return pay(p, net_ufen, members, covered, n).total_fen;
}

static bool
addons_zero(const ca_dibao_payment *pm)
{
	int			k;

	for (k = 0; k < CA_ADDON_COUNT; k++)
		if (pm->addon_fen[k] != 0)
			return false;
	return pm->addons_fen == 0;
}

/* Nothing is paid: every figure zero but the cap, which describes the household. */
static void
check_nothing(const ca_dibao_payment *pm, int64_t cap_fen)
{
	CHECK_INT(pm->tier, 0);
	CHECK_INT(pm->base_fen, 0);
	CHECK_INT(pm->total_fen, 0);
	CHECK_INT(pm->cap_fen, cap_fen);
	UNIT_CHECK(addons_zero(pm), "no add-ons when nothing is paid");
}

/* -------------------------------------------------------------- the gap */

/*
 * Worked example 1: Nanning urban 2021, the gap against 790 yuan.
 *
 * (a) 3 persons, all covered, net monthly income 1700 yuan
 *     (170000000000 ufen):
 *       base = 3 × 79000 × 10^6 − 170000000000 × 3 / 3
 *            = 237000000000 − 170000000000 = 67000000000 ufen
 *            = 67000 fen (670.00 yuan) = 3 × 790 − 1700
 *       cap  = 3 × 79000 = 237000 fen; no add-ons; total 67000.
 * (b) single-person enrolment: 1 covered of a 4-person household with net
 *     monthly income 2000 yuan:
 *       base = 79000 × 10^6 − 200000000000 × 1 / 4
 *            = 79000000000 − 50000000000 = 29000000000 ufen
 *            = 29000 fen (290.00 yuan) = 790 − 2000 / 4; cap 79000.
 */
static void
test_gap_worked(void)
{
	ca_dibao_policy p = nanning_urban_gap();
	ca_covered_person c[3];
	ca_dibao_payment pm;
	int			k;

	c[0] = person(45);
	c[1] = person(43);
	c[2] = person(16);
	pm = pay(&p, YUAN_UFEN(1700), 3, c, 3);
	CHECK_INT(pm.tier, 0);
	CHECK_INT(pm.base_fen, 67000);
	CHECK_INT(pm.addons_fen, 0);
	for (k = 0; k < CA_ADDON_COUNT; k++)
		CHECK_INT(pm.addon_fen[k], 0);
	CHECK_INT(pm.cap_fen, 237000);
	CHECK_INT(pm.total_fen, 67000);

	/* (b) the one covered person is a severely disabled member */
	c[0] = disabled(50, 1);
	pm = pay(&p, YUAN_UFEN(2000), 4, c, 1);
	CHECK_INT(pm.tier, 0);
	CHECK_INT(pm.base_fen, 29000);
	CHECK_INT(pm.cap_fen, 79000);
	CHECK_INT(pm.total_fen, 29000);

	/* the same household with no income: 790 for the one covered person */
	CHECK_INT(total(&p, 0, 4, c, 1), 79000);
	/* net 3160 = 4 × 790: per capita at the standard, nothing */
	pm = pay(&p, YUAN_UFEN(3160), 4, c, 1);
	check_nothing(&pm, 79000);
}

/*
 * A household at or above the standard gets nothing under the gap method:
 * no floor and no add-ons either, even when both would apply.
 *   3 persons, net 2370 = 3 × 790: base = 237000 − 237000 = 0 → nothing.
 *   net 3000: base = 2370 − 3000 = −630 yuan → nothing.
 * One micro-fen below the standard, net = 237000000000 − 1 ufen:
 *   base = 237000000000 − (237000000000 − 1) × 3 / 3 = 1 ufen > 0,
 *   so the household is paid: half up to the fen that is 0 fen, up 1 fen;
 *   with a floor of 30 yuan a person the base becomes 3 × 3000 = 9000 fen,
 *   and the 80-year-old's 30% add-on is 3000 × 30% = 900: total 9900.
 */
static void
test_gap_above_standard(void)
{
	ca_dibao_policy p = nanning_urban_gap();
	ca_covered_person c[3];
	ca_dibao_payment pm;

	c[0] = person(80);
	c[1] = disabled(50, 1);
	c[2] = person(10);
	c[2].seriously_ill = true;

	pm = pay(&p, YUAN_UFEN(2370), 3, c, 3);
	check_nothing(&pm, 237000);
	pm = pay(&p, YUAN_UFEN(3000), 3, c, 3);
	check_nothing(&pm, 237000);
	pm = pay(&p, INT64_MAX, 3, c, 3);	/* no overflow: simply nothing */
	check_nothing(&pm, 237000);

	/* every add-on and a floor: still nothing */
	p.min_per_person_fen = 3000;
	p.addons[CA_ADDON_ELDERLY].rate_ppm = 300000;
	p.addons[CA_ADDON_MINOR].fixed_fen = 2000;
	p.addons[CA_ADDON_SEVERE_DISABILITY].rate_ppm = 200000;
	p.addons[CA_ADDON_SERIOUS_ILLNESS].fixed_fen = 5000;
	pm = pay(&p, YUAN_UFEN(2370), 3, c, 3);
	check_nothing(&pm, 237000);
	pm = pay(&p, YUAN_UFEN(3000), 3, c, 3);
	check_nothing(&pm, 237000);

	/* one micro-fen below */
	p = nanning_urban_gap();
	pm = pay(&p, YUAN_UFEN(2370) - 1, 3, c, 3);
	CHECK_INT(pm.base_fen, 0);	/* 1 ufen shown half up */
	CHECK_INT(pm.total_fen, 0);
	p.rounding_mode = CA_ROUND_UP;
	CHECK_INT(total(&p, YUAN_UFEN(2370) - 1, 3, c, 3), 1);
	p.rounding_mode = CA_ROUND_HALF_UP;
	p.min_per_person_fen = 3000;
	p.addons[CA_ADDON_ELDERLY].rate_ppm = 300000;
	pm = pay(&p, YUAN_UFEN(2370) - 1, 3, c, 3);
	CHECK_INT(pm.base_fen, 9000);
	CHECK_INT(pm.addon_fen[CA_ADDON_ELDERLY], 900);
	CHECK_INT(pm.addons_fen, 900);
	CHECK_INT(pm.total_fen, 9900);
}

/* ---------------------------------------------------------------- rounding */

/*
 * Rounding the total, once, by the unit and the mode.
 *
 * (a) 3 persons, net 1698.65 yuan (169865 fen):
 *     base = 237000 − 169865 = 67135 fen (671.35 yuan)
 *       HALF_UP: fen 67135, jiao 67140 (5 fen is half: up), yuan 67100 (35 < 50)
 *       UP:      fen 67135, jiao 67140, yuan 67200
 *       DOWN:    fen 67135, jiao 67130, yuan 67100
 * (b) single-person enrolment from 3 members, net 1000 yuan:
 *     base = 79000 − 100000 / 3 = 45666.666… fen (456.6667 yuan)
 *       HALF_UP: fen 45667, jiao 45670 (6.67 ≥ 5), yuan 45700 (66.67 ≥ 50)
 *       UP:      fen 45667, jiao 45670, yuan 45700
 *       DOWN:    fen 45666, jiao 45660, yuan 45600
 *     with the person aged 80 and a 30% elderly add-on:
 *       add-on = 45666.666… × 30% = 13700 fen exactly (137000/3 × 0.3)
 *       total  = 45666.666… + 13700 = 59366.666… fen (< cap 79000)
 *       HALF_UP: fen 59367, jiao 59370, yuan 59400
 *       UP:      fen 59367, jiao 59370, yuan 59400
 *       DOWN:    fen 59366, jiao 59360, yuan 59300
 */
static void
test_rounding_modes(void)
{
	ca_dibao_policy p = nanning_urban_gap();
	ca_covered_person c[3];
	ca_dibao_payment pm;
	static const struct
	{
		ca_rounding_mode mode;
		int64_t		unit;
		int64_t		a;
		int64_t		b;
		int64_t		b_addon;
	}			cases[] = {
		{CA_ROUND_HALF_UP, 1, 67135, 45667, 59367},
		{CA_ROUND_HALF_UP, 10, 67140, 45670, 59370},
		{CA_ROUND_HALF_UP, 100, 67100, 45700, 59400},
		{CA_ROUND_UP, 1, 67135, 45667, 59367},
		{CA_ROUND_UP, 10, 67140, 45670, 59370},
		{CA_ROUND_UP, 100, 67200, 45700, 59400},
		{CA_ROUND_DOWN, 1, 67135, 45666, 59366},
		{CA_ROUND_DOWN, 10, 67130, 45660, 59360},
		{CA_ROUND_DOWN, 100, 67100, 45600, 59300},
	};
	size_t		i;

	c[0] = person(40);
	c[1] = person(41);
	c[2] = person(12);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		p = nanning_urban_gap();
		p.rounding_mode = cases[i].mode;
		p.rounding_unit_fen = cases[i].unit;
		pm = pay(&p, INT64_C(169865) * CA_PPM, 3, c, 3);
		CHECK_INT(pm.total_fen, cases[i].a);
		CHECK_INT(pm.base_fen, 67135);	/* shown half up to the fen, whatever the rule */

		pm = pay(&p, YUAN_UFEN(1000), 3, c, 1);
		CHECK_INT(pm.total_fen, cases[i].b);
		CHECK_INT(pm.base_fen, 45667);

		p.addons[CA_ADDON_ELDERLY].rate_ppm = 300000;
		c[0].age = 80;
		pm = pay(&p, YUAN_UFEN(1000), 3, c, 1);
		CHECK_INT(pm.total_fen, cases[i].b_addon);
		CHECK_INT(pm.base_fen, 45667);
		CHECK_INT(pm.addon_fen[CA_ADDON_ELDERLY], 13700);
		CHECK_INT(pm.addons_fen, 13700);
		c[0].age = 40;
	}
}

/*
 * Nothing is rounded before the end, not even below a micro-fen.
 *
 * (a) 1 covered of 3 members, net 1 ufen: base = 79000 × 10^6 − 1/3 ufen,
 *     789.9999999967 yuan.  DOWN to the fen: 78999 (truncating 1/3 to 0 first
 *     would give 79000); to the yuan: 78900.  HALF_UP and UP: 79000.
 * (b) 1 covered of 3, net 1200 yuan + 1 ufen, the person 85 with a 30%
 *     elderly add-on:
 *       share  = 79000 × 10^6 − (120000000000 + 1) / 3 = 39000000000 − 1/3 ufen
 *       add-on = share × 30% = 11700000000 − 0.1 ufen
 *       total  = 50700000000 − 0.4333 ufen → DOWN 50699, HALF_UP and UP 50700.
 *     Shown: base 39000, add-ons 11700 (they add up to 50700, not to the
 *     DOWN total: the parts are shown, the total is rounded from the exact sum).
 * (c) 1 covered of 3, net 1500 yuan − 1 ufen: per capita 500 yuan − 1/3 ufen,
 *     base = 29000 fen + 1/3 ufen: UP to the fen 29001, HALF_UP and DOWN 29000.
 */
static void
test_exactness(void)
{
	ca_dibao_policy p = nanning_urban_gap();
	ca_covered_person c[1];
	ca_dibao_payment pm;

	c[0] = person(40);
	p.rounding_mode = CA_ROUND_DOWN;
	pm = pay(&p, 1, 3, c, 1);
	CHECK_INT(pm.total_fen, 78999);
	CHECK_INT(pm.base_fen, 79000);	/* shown half up */
	p.rounding_unit_fen = 100;
	CHECK_INT(total(&p, 1, 3, c, 1), 78900);
	p.rounding_unit_fen = 1;
	p.rounding_mode = CA_ROUND_HALF_UP;
	CHECK_INT(total(&p, 1, 3, c, 1), 79000);
	p.rounding_mode = CA_ROUND_UP;
	CHECK_INT(total(&p, 1, 3, c, 1), 79000);
	/* net 1 ufen in a one-person household: 78999.999999 fen, DOWN 78999 */
	p.rounding_mode = CA_ROUND_DOWN;
	CHECK_INT(total(&p, 1, 1, c, 1), 78999);

	/* (b) */
	c[0] = person(85);
	p = nanning_urban_gap();
	p.addons[CA_ADDON_ELDERLY].rate_ppm = 300000;
	p.rounding_mode = CA_ROUND_DOWN;
	pm = pay(&p, YUAN_UFEN(1200) + 1, 3, c, 1);
	CHECK_INT(pm.base_fen, 39000);
	CHECK_INT(pm.addon_fen[CA_ADDON_ELDERLY], 11700);
	CHECK_INT(pm.addons_fen, 11700);
	CHECK_INT(pm.total_fen, 50699);
	p.rounding_mode = CA_ROUND_HALF_UP;
	CHECK_INT(total(&p, YUAN_UFEN(1200) + 1, 3, c, 1), 50700);
	p.rounding_mode = CA_ROUND_UP;
	CHECK_INT(total(&p, YUAN_UFEN(1200) + 1, 3, c, 1), 50700);

	/* (c) */
	c[0] = person(40);
	p = nanning_urban_gap();
	p.rounding_mode = CA_ROUND_UP;
	CHECK_INT(total(&p, YUAN_UFEN(1500) - 1, 3, c, 1), 29001);
	p.rounding_mode = CA_ROUND_HALF_UP;
	CHECK_INT(total(&p, YUAN_UFEN(1500) - 1, 3, c, 1), 29000);
	p.rounding_mode = CA_ROUND_DOWN;
	CHECK_INT(total(&p, YUAN_UFEN(1500) - 1, 3, c, 1), 29000);
}

/* ------------------------------------------------------------------- tiers */

/*
 * Worked example 2: Nanning rural tiers by category, 3 persons covered
 * (standard 45833 fen, cap 3 × 45833 = 137499 fen; income plays no part):
 *   a member without work capacity       → tier 1: 3 × 340 = 1020.00 yuan
 *   a member who cannot care for himself → tier 1: 1020.00
 *   a 65-year-old (category B from 60)   → tier 2: 3 × 230 =  690.00
 *   partial capacity / grade 1 or 2 / seriously ill / aged exactly 60 → tier 2
 *   otherwise (59, grade 3, partly self-caring) → tier 3: 3 × 155 = 465.00
 * The tiers before 2020-04-01 (320 / 220 / 150): 960.00 / 660.00 / 450.00.
 */
static void
test_tiers_by_category(void)
{
	ca_dibao_policy p = nanning_rural_tiered();
	ca_covered_person c[3];
	ca_dibao_payment pm;
	const int64_t net = YUAN_UFEN(600);

	c[0] = person(40);
	c[1] = person(35);
	c[2] = person(10);

	/* tier 3 first: nobody in category A or B */
	pm = pay(&p, net, 3, c, 3);
	CHECK_INT(pm.tier, 3);
	CHECK_INT(pm.base_fen, 46500);
	CHECK_INT(pm.cap_fen, 137499);
	CHECK_INT(pm.addons_fen, 0);
	CHECK_INT(pm.total_fen, 46500);

	/* A: no work capacity */
	c[0].work_capacity = CA_WORK_NONE;
	pm = pay(&p, net, 3, c, 3);
	CHECK_INT(pm.tier, 1);
	CHECK_INT(pm.base_fen, 102000);
	CHECK_INT(pm.total_fen, 102000);
	c[0] = person(40);

	/* A: cannot care for themselves (全失能) */
	c[1].self_care = CA_SELF_CARE_NONE;
	CHECK_INT(pay(&p, net, 3, c, 3).tier, 1);
	c[1] = person(35);

	/* B: a 65-year-old */
	c[2].age = 65;
	pm = pay(&p, net, 3, c, 3);
	CHECK_INT(pm.tier, 2);
	CHECK_INT(pm.total_fen, 69000);
	/* B's age limit is inclusive: 60 is B, 59 is not */
	c[2].age = 60;
	CHECK_INT(pay(&p, net, 3, c, 3).tier, 2);
	c[2].age = 59;
	CHECK_INT(pay(&p, net, 3, c, 3).tier, 3);
	c[2] = person(10);

	/* B: partial work capacity, grade 1 or 2, serious illness */
	c[1].work_capacity = CA_WORK_PARTIAL;
	CHECK_INT(pay(&p, net, 3, c, 3).tier, 2);
	c[1] = disabled(35, 1);
	CHECK_INT(pay(&p, net, 3, c, 3).tier, 2);
	c[1] = disabled(35, 2);
	CHECK_INT(pay(&p, net, 3, c, 3).tier, 2);
	c[1] = person(35);
	c[1].seriously_ill = true;
	CHECK_INT(pay(&p, net, 3, c, 3).tier, 2);

	/* not B: grade 3 or 4, partly self-caring (半失能) */
	c[1] = disabled(35, 3);
	CHECK_INT(pay(&p, net, 3, c, 3).tier, 3);
	c[1] = disabled(35, 4);
	c[1].self_care = CA_SELF_CARE_PARTIAL;
	CHECK_INT(pay(&p, net, 3, c, 3).tier, 3);

	/* A wins over B, whatever the order */
	c[0].age = 70;
	c[2].work_capacity = CA_WORK_NONE;
	CHECK_INT(pay(&p, net, 3, c, 3).tier, 1);

	/* the tiers before 2020-04-01 */
	p.tier_fen[0] = 32000;
	p.tier_fen[1] = 22000;
	p.tier_fen[2] = 15000;
	CHECK_INT(total(&p, net, 3, c, 3), 96000);
	c[2] = person(10);
	CHECK_INT(total(&p, net, 3, c, 3), 66000);	/* c[0] is 70: B */
	c[0] = person(40);
	CHECK_INT(total(&p, net, 3, c, 3), 45000);

	/*
	 * Single-person enrolment: only the covered person counts.  One
	 * seriously ill member covered out of 4 → tier 2, 230.00 for one person,
	 * cap 458.33; the uncovered members do not matter (they are not passed).
	 */
	p = nanning_rural_tiered();
	c[0] = person(30);
	c[0].seriously_ill = true;
	pm = pay(&p, net, 4, c, 1);
	CHECK_INT(pm.tier, 2);
	CHECK_INT(pm.base_fen, 23000);
	CHECK_INT(pm.cap_fen, 45833);
	CHECK_INT(pm.total_fen, 23000);

	/*
	 * The tiered method pays the tier whatever the income (here 500 yuan per
	 * capita, above 458.33): whether the household is enrolled at all is the
	 * assessment's decision, not this kernel's.
	 */
	c[0] = person(30);
	CHECK_INT(pay(&p, YUAN_UFEN(1500), 3, c, 1).total_fen, 15500);
}

/*
 * Worked example 3: income bands (Youxi-like, standard 640 yuan; tiers 640 /
 * 507 / 384; tier 1 when the per-capita gap >= 563, tier 2 when >= 440).
 * 2 members, both covered; cap 2 × 640 = 1280.00.
 *   per capita   0.00 → gap 640.00 → tier 1 → 2 × 640 = 1280.00
 *   per capita  77.00 → gap 563.00 → tier 1 → 1280.00 (the bound is inclusive)
 *   per capita  77.01 → gap 562.99 → tier 2 → 2 × 507 = 1014.00
 *   per capita 200.00 → gap 440.00 → tier 2 → 1014.00
 *   per capita 200.01 → gap 439.99 → tier 3 → 2 × 384 =  768.00
 *   per capita 312.50 → gap 327.50 → tier 3 →  768.00
 *   per capita 700.00 → gap −60.00 → tier 3 →  768.00 (the assessment
 *     decides whether such a household is paid at all)
 * 3 members, net 3 × 77 yuan + 1 ufen: per capita 77 yuan + 1/3 ufen, gap
 *   563 yuan − 1/3 ufen < 563 → tier 2, 3 × 507 = 1521.00; without the
 *   1 ufen → tier 1, 3 × 640 = 1920.00.
 */
static void
test_tiers_by_income_band(void)
{
	ca_dibao_policy p = youxi_like_bands();
	ca_covered_person c[3];
	ca_dibao_payment pm;
	static const struct
	{
		int64_t		per_capita_fen;
		int			tier;
		int64_t		total_fen;
	}			cases[] = {
		{0, 1, 128000},
		{7700, 1, 128000},
		{7701, 2, 101400},
		{20000, 2, 101400},
		{20001, 3, 76800},
		{31250, 3, 76800},
		{70000, 3, 76800},
	};
	size_t		i;

	c[0] = person(40);
	c[1] = person(38);
	c[2] = person(12);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		pm = pay(&p, 2 * cases[i].per_capita_fen * CA_PPM, 2, c, 2);
		CHECK_INT(pm.tier, cases[i].tier);
		CHECK_INT(pm.base_fen, cases[i].total_fen);
		CHECK_INT(pm.cap_fen, 128000);
		CHECK_INT(pm.total_fen, cases[i].total_fen);
	}

	pm = pay(&p, 3 * INT64_C(7700) * CA_PPM + 1, 3, c, 3);
	CHECK_INT(pm.tier, 2);
	CHECK_INT(pm.total_fen, 152100);
	pm = pay(&p, 3 * INT64_C(7700) * CA_PPM, 3, c, 3);
	CHECK_INT(pm.tier, 1);
	CHECK_INT(pm.total_fen, 192000);

	/*
	 * Single-person enrolment: the gap is the household's per-capita gap.
	 * 4 members, net 1000 yuan: per capita 250, gap 390 → tier 3, 384.00.
	 */
	pm = pay(&p, YUAN_UFEN(1000), 4, c, 1);
	CHECK_INT(pm.tier, 3);
	CHECK_INT(pm.total_fen, 38400);

	/* two bands only: equal thresholds leave tier 2 unused */
	p.band_gap_min_fen[0] = 44000;
	p.band_gap_min_fen[1] = 44000;
	CHECK_INT(pay(&p, 2 * INT64_C(20000) * CA_PPM, 2, c, 2).tier, 1);	/* gap 440 */
	CHECK_INT(pay(&p, 2 * INT64_C(20001) * CA_PPM, 2, c, 2).tier, 3);	/* 439.99 */

	/* a threshold of 0: any household at or below the standard reaches it */
	p.band_gap_min_fen[0] = 0;
	p.band_gap_min_fen[1] = 0;
	CHECK_INT(pay(&p, 2 * INT64_C(64000) * CA_PPM, 2, c, 2).tier, 1);	/* gap 0 */
	CHECK_INT(pay(&p, 2 * INT64_C(64001) * CA_PPM, 2, c, 2).tier, 3);	/* −0.01 */

	/* a threshold too large for micro-fen is simply never reached */
	p.band_gap_min_fen[0] = INT64_MAX;
	p.band_gap_min_fen[1] = INT64_MAX;
	CHECK_INT(pay(&p, 0, 2, c, 2).tier, 3);
}

/* ----------------------------------------------------------------- add-ons */

/*
 * Worked example 4: add-ons stack on one person (按人施救).  Urban gap, elderly
 * (80 and over) +30%, severe disability (grade 1-2) +20%.
 * 2 persons, net 1000 yuan:
 *   base  = 2 × 790 − 1000 = 580.00; each person's share 290.00
 *   A, 82, grade 1: elderly 290 × 30% = 87.00, disability 290 × 20% = 58.00
 *     (each on the share: they add, they do not compound: not
 *      58 + (290 + 58) × 30%)
 *   B, 50: nothing
 *   add-ons = 145.00; total = 725.00 (cap 1580.00)
 * Both 82 and grade 2: elderly 2 × 87 = 174.00, disability 2 × 58 = 116.00,
 *   add-ons 290.00, total 870.00.
 * Boundaries: 79 is not elderly; grade 3 is not severe.
 */
static void
test_addons_stack(void)
{
	ca_dibao_policy p = nanning_urban_gap();
	ca_covered_person c[2];
	ca_dibao_payment pm;

	p.addons[CA_ADDON_ELDERLY].rate_ppm = 300000;
	p.addons[CA_ADDON_SEVERE_DISABILITY].rate_ppm = 200000;
	c[0] = disabled(82, 1);
	c[1] = person(50);
	pm = pay(&p, YUAN_UFEN(1000), 2, c, 2);
	CHECK_INT(pm.base_fen, 58000);
	CHECK_INT(pm.addon_fen[CA_ADDON_ELDERLY], 8700);
	CHECK_INT(pm.addon_fen[CA_ADDON_MINOR], 0);
	CHECK_INT(pm.addon_fen[CA_ADDON_SEVERE_DISABILITY], 5800);
	CHECK_INT(pm.addon_fen[CA_ADDON_SERIOUS_ILLNESS], 0);
	CHECK_INT(pm.addons_fen, 14500);
	CHECK_INT(pm.cap_fen, 158000);
	CHECK_INT(pm.total_fen, 72500);

	c[1] = disabled(80, 2);
	pm = pay(&p, YUAN_UFEN(1000), 2, c, 2);
	CHECK_INT(pm.addon_fen[CA_ADDON_ELDERLY], 17400);
	CHECK_INT(pm.addon_fen[CA_ADDON_SEVERE_DISABILITY], 11600);
	CHECK_INT(pm.addons_fen, 29000);
	CHECK_INT(pm.total_fen, 87000);

	/* 79 and grade 3: no add-on */
	c[0] = disabled(79, 3);
	c[1] = disabled(79, 4);
	pm = pay(&p, YUAN_UFEN(1000), 2, c, 2);
	UNIT_CHECK(addons_zero(&pm), "79 is not elderly, grade 3-4 not severe");
	CHECK_INT(pm.total_fen, 58000);
}

/*
 * Worked example 5: fixed add-ons, and a rule with both a rate and a fixed
 * amount.  Urban gap; minors (under 18): 10% + 20 yuan; serious illness:
 * 50 yuan.  3 persons, net 1500 yuan:
 *   base = 3 × 790 − 1500 = 870.00; share 290.00
 *   #0 40, seriously ill:          illness 50.00
 *   #1 12:                         minor 29.00 + 20.00 = 49.00
 *   #2 15, seriously ill:          minor 49.00, illness 50.00
 *   minor 2 × 49 = 98.00, illness 2 × 50 = 100.00, add-ons 198.00,
 *   total 870 + 198 = 1068.00 (cap 2370.00)
 * At 18 the minor add-on stops: #1 aged 18 → minor 49.00, total 1019.00.
 */
static void
test_addons_fixed(void)
{
	ca_dibao_policy p = nanning_urban_gap();
	ca_covered_person c[3];
	ca_dibao_payment pm;

	p.addons[CA_ADDON_MINOR].rate_ppm = 100000;
	p.addons[CA_ADDON_MINOR].fixed_fen = 2000;
	p.addons[CA_ADDON_SERIOUS_ILLNESS].fixed_fen = 5000;
	c[0] = person(40);
	c[0].seriously_ill = true;
	c[1] = person(12);
	c[2] = person(15);
	c[2].seriously_ill = true;
	pm = pay(&p, YUAN_UFEN(1500), 3, c, 3);
	CHECK_INT(pm.base_fen, 87000);
	CHECK_INT(pm.addon_fen[CA_ADDON_ELDERLY], 0);
	CHECK_INT(pm.addon_fen[CA_ADDON_MINOR], 9800);
	CHECK_INT(pm.addon_fen[CA_ADDON_SEVERE_DISABILITY], 0);
	CHECK_INT(pm.addon_fen[CA_ADDON_SERIOUS_ILLNESS], 10000);
	CHECK_INT(pm.addons_fen, 19800);
	CHECK_INT(pm.total_fen, 106800);

	c[1].age = 18;
	pm = pay(&p, YUAN_UFEN(1500), 3, c, 3);
	CHECK_INT(pm.addon_fen[CA_ADDON_MINOR], 4900);
	CHECK_INT(pm.total_fen, 101900);

	/*
	 * Under the tiered method the share is the tier amount: rural tier 3
	 * (155.00) for 1 covered 12-year-old: minor 15.50 + 20.00 = 35.50,
	 * total 190.50.
	 */
	p.standard_fen = NANNING_RURAL_2021_FEN;
	p.method = CA_DIBAO_TIERED;
	p.tier_fen[0] = 34000;
	p.tier_fen[1] = 23000;
	p.tier_fen[2] = 15500;
	c[0] = person(12);
	pm = pay(&p, 0, 1, c, 1);
	CHECK_INT(pm.tier, 3);
	CHECK_INT(pm.addon_fen[CA_ADDON_MINOR], 3550);
	CHECK_INT(pm.total_fen, 19050);
}

/* ------------------------------------------------------------- floor, cap */

/*
 * Worked example 6: the floor (30 yuan per covered person).
 *   3 persons, net 2355 = 3 × 785: gap 15.00 (5.00 a person) → floor 90.00;
 *     an 85-year-old's 30% add-on is taken on the floored share:
 *     30.00 × 30% = 9.00 → total 99.00.
 *   net 2280 = 3 × 760: gap 90.00 = the floor exactly → 90.00.
 *   net 2250 = 3 × 750: gap 120.00 > floor → 120.00.
 *   Tiered (rural, floor 200 yuan): tier 3 155 < 200 → 3 × 200 = 600.00;
 *     tier 1 340 > 200 → 1020.00.
 *   A floor above the standard (800 > 790), 1 person, gap 1.00 → base 800.00,
 *     capped at 790.00.
 */
static void
test_floor(void)
{
	ca_dibao_policy p = nanning_urban_gap();
	ca_covered_person c[3];
	ca_dibao_payment pm;

	p.min_per_person_fen = 3000;
	p.addons[CA_ADDON_ELDERLY].rate_ppm = 300000;
	c[0] = person(85);
	c[1] = person(50);
	c[2] = person(20);
	pm = pay(&p, YUAN_UFEN(2355), 3, c, 3);
	CHECK_INT(pm.base_fen, 9000);
	CHECK_INT(pm.addon_fen[CA_ADDON_ELDERLY], 900);
	CHECK_INT(pm.total_fen, 9900);

	c[0] = person(50);
	CHECK_INT(total(&p, YUAN_UFEN(2355), 3, c, 3), 9000);
	CHECK_INT(total(&p, YUAN_UFEN(2280), 3, c, 3), 9000);
	CHECK_INT(total(&p, YUAN_UFEN(2250), 3, c, 3), 12000);
	/* a floor of 0 is no floor */
	p.min_per_person_fen = 0;
	CHECK_INT(total(&p, YUAN_UFEN(2355), 3, c, 3), 1500);

	p = nanning_rural_tiered();
	p.min_per_person_fen = 20000;
	pm = pay(&p, 0, 3, c, 3);
	CHECK_INT(pm.tier, 3);
	CHECK_INT(pm.base_fen, 60000);
	CHECK_INT(pm.total_fen, 60000);
	c[1].work_capacity = CA_WORK_NONE;
	pm = pay(&p, 0, 3, c, 3);
	CHECK_INT(pm.tier, 1);
	CHECK_INT(pm.total_fen, 102000);

	p = nanning_urban_gap();
	p.min_per_person_fen = 80000;
	pm = pay(&p, YUAN_UFEN(789), 1, c, 1);
	CHECK_INT(pm.base_fen, 80000);
	CHECK_INT(pm.cap_fen, 79000);
	CHECK_INT(pm.total_fen, 79000);
}

/*
 * Worked example 7: the cap (standard × covered persons).
 * (a) 1 person, 85, no income: base 790.00, elderly 30% 237.00,
 *     790 + 237 = 1027.00 > 790.00 → 790.00; the add-ons are still shown.
 * (b) Rural tier 1, 1 covered, grade 1 with a 40% add-on:
 *     340 + 136 = 476.00 > 458.33 → capped at 45833 fen exactly; then
 *       HALF_UP: fen 45833, jiao 45830, yuan 45800
 *       DOWN:    fen 45833, jiao 45830, yuan 45800
 *       UP:      fen 45833, jiao 45840 > cap → 45833, yuan 45900 > cap → 45833
 * (c) Below the cap, rounding up may still cross it: tier 1 340.00 + a fixed
 *     118.20 = 458.20 < 458.33; UP to the yuan is 459 > 458.33 → 45833;
 *     UP to the jiao 458.20; HALF_UP to the yuan 458.00.
 */
static void
test_cap(void)
{
	ca_dibao_policy p = nanning_urban_gap();
	ca_covered_person c[1];
	ca_dibao_payment pm;
	static const struct
	{
		ca_rounding_mode mode;
		int64_t		unit;
		int64_t		expected;
	}			cases[] = {
		{CA_ROUND_HALF_UP, 1, 45833},
		{CA_ROUND_HALF_UP, 10, 45830},
		{CA_ROUND_HALF_UP, 100, 45800},
		{CA_ROUND_DOWN, 1, 45833},
		{CA_ROUND_DOWN, 10, 45830},
		{CA_ROUND_DOWN, 100, 45800},
		{CA_ROUND_UP, 1, 45833},
		{CA_ROUND_UP, 10, 45833},
		{CA_ROUND_UP, 100, 45833},
	};
	size_t		i;

	p.addons[CA_ADDON_ELDERLY].rate_ppm = 300000;
	c[0] = person(85);
	pm = pay(&p, 0, 1, c, 1);
	CHECK_INT(pm.base_fen, 79000);
	CHECK_INT(pm.addon_fen[CA_ADDON_ELDERLY], 23700);
	CHECK_INT(pm.addons_fen, 23700);
	CHECK_INT(pm.cap_fen, 79000);
	CHECK_INT(pm.total_fen, 79000);

	c[0] = disabled(50, 1);
	c[0].work_capacity = CA_WORK_NONE;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		p = nanning_rural_tiered();
		p.addons[CA_ADDON_SEVERE_DISABILITY].rate_ppm = 400000;
		p.rounding_mode = cases[i].mode;
		p.rounding_unit_fen = cases[i].unit;
		pm = pay(&p, 0, 1, c, 1);
		CHECK_INT(pm.tier, 1);
		CHECK_INT(pm.base_fen, 34000);
		CHECK_INT(pm.addons_fen, 13600);
		CHECK_INT(pm.cap_fen, 45833);
		CHECK_INT(pm.total_fen, cases[i].expected);
		UNIT_CHECK(pm.total_fen <= pm.cap_fen, "the cap is never exceeded");
	}

	/* (c) the illness add-on as a fixed 118.20 */
	c[0] = person(50);
	c[0].work_capacity = CA_WORK_NONE;
	c[0].seriously_ill = true;
	p = nanning_rural_tiered();
	p.addons[CA_ADDON_SERIOUS_ILLNESS].fixed_fen = 11820;
	p.rounding_mode = CA_ROUND_UP;
	p.rounding_unit_fen = 100;
	CHECK_INT(total(&p, 0, 1, c, 1), 45833);
	p.rounding_unit_fen = 10;
	CHECK_INT(total(&p, 0, 1, c, 1), 45820);
	p.rounding_mode = CA_ROUND_HALF_UP;
	p.rounding_unit_fen = 100;
	CHECK_INT(total(&p, 0, 1, c, 1), 45800);
	/* exactly at the cap: 340.00 + 118.33 = 458.33 */
	p.addons[CA_ADDON_SERIOUS_ILLNESS].fixed_fen = 11833;
	p.rounding_mode = CA_ROUND_UP;
	CHECK_INT(total(&p, 0, 1, c, 1), 45833);
	p.rounding_mode = CA_ROUND_DOWN;
	CHECK_INT(total(&p, 0, 1, c, 1), 45800);
}

/* -------------------------------------------------------------------- 特困 */

/*
 * Worked example 8: extreme-poverty support on the Nanning urban standard.
 *   basic = 790 × 1.3 = 1027.00 yuan
 *   care  = 790 × 10% = 79.00 (self-caring), × 20% = 158.00 (partly),
 *           × 40% = 316.00 (fully disabled)
 *   total = 1106.00 / 1185.00 / 1343.00
 * On the rural 458.33 (45833 fen), partly disabled:
 *   basic = 45833 × 1.3 = 59582.9 fen → shown 59583
 *   care  = 45833 × 20% =  9166.6 fen → shown 9167
 *   total = 68749.5 fen, rounded once:
 *     HALF_UP: fen 68750, jiao 68750, yuan 68700 (49.5 < 50: rounding the
 *              shown 68750 instead would give 68800)
 *     UP:      fen 68750, jiao 68750, yuan 68800
 *     DOWN:    fen 68749, jiao 68740, yuan 68700
 * An illustrative standard of 458.35 (45835), self-caring: basic 59585.5
 *   → 59586, care 4583.5 → 4584; total 64169.0 → 64169, one fen less than
 *   the shown parts add up to.
 */
static void
test_tekun(void)
{
	ca_tekun_policy p;
	ca_tekun_payment pm;
	static const struct
	{
		ca_rounding_mode mode;
		int64_t		unit;
		int64_t		expected;
	}			cases[] = {
		{CA_ROUND_HALF_UP, 1, 68750},
		{CA_ROUND_HALF_UP, 10, 68750},
		{CA_ROUND_HALF_UP, 100, 68700},
		{CA_ROUND_UP, 1, 68750},
		{CA_ROUND_UP, 10, 68750},
		{CA_ROUND_UP, 100, 68800},
		{CA_ROUND_DOWN, 1, 68749},
		{CA_ROUND_DOWN, 10, 68740},
		{CA_ROUND_DOWN, 100, 68700},
	};
	size_t		i;

	memset(&p, 0, sizeof(p));
	p.standard_fen = NANNING_URBAN_2021_FEN;
	p.basic_multiple_ppm = 1300000;
	p.care_ppm[CA_SELF_CARE_FULL] = 100000;
	p.care_ppm[CA_SELF_CARE_PARTIAL] = 200000;
	p.care_ppm[CA_SELF_CARE_NONE] = 400000;
	p.rounding_unit_fen = 1;
	p.rounding_mode = CA_ROUND_HALF_UP;

	UNIT_CHECK(ca_tekun_payment_compute(&p, CA_SELF_CARE_FULL, &pm), "tekun");
	CHECK_INT(pm.basic_fen, 102700);
	CHECK_INT(pm.care_fen, 7900);
	CHECK_INT(pm.total_fen, 110600);
	UNIT_CHECK(ca_tekun_payment_compute(&p, CA_SELF_CARE_PARTIAL, &pm), "tekun");
	CHECK_INT(pm.basic_fen, 102700);
	CHECK_INT(pm.care_fen, 15800);
	CHECK_INT(pm.total_fen, 118500);
	UNIT_CHECK(ca_tekun_payment_compute(&p, CA_SELF_CARE_NONE, &pm), "tekun");
	CHECK_INT(pm.basic_fen, 102700);
	CHECK_INT(pm.care_fen, 31600);
	CHECK_INT(pm.total_fen, 134300);

	p.standard_fen = NANNING_RURAL_2021_FEN;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		p.rounding_mode = cases[i].mode;
		p.rounding_unit_fen = cases[i].unit;
		UNIT_CHECK(ca_tekun_payment_compute(&p, CA_SELF_CARE_PARTIAL, &pm), "tekun");
		CHECK_INT(pm.basic_fen, 59583);
		CHECK_INT(pm.care_fen, 9167);
		CHECK_INT(pm.total_fen, cases[i].expected);
	}

	p.standard_fen = 45835;
	p.rounding_unit_fen = 1;
	p.rounding_mode = CA_ROUND_HALF_UP;
	UNIT_CHECK(ca_tekun_payment_compute(&p, CA_SELF_CARE_FULL, &pm), "tekun");
	CHECK_INT(pm.basic_fen, 59586);
	CHECK_INT(pm.care_fen, 4584);
	CHECK_INT(pm.total_fen, 64169);

	/* no care component: a rate of 0 */
	p.care_ppm[CA_SELF_CARE_FULL] = 0;
	UNIT_CHECK(ca_tekun_payment_compute(&p, CA_SELF_CARE_FULL, &pm), "tekun");
	CHECK_INT(pm.care_fen, 0);
	CHECK_INT(pm.total_fen, 59586);	/* 59585.5 half up */
}

static bool
tekun_rejected(const ca_tekun_policy *p, ca_self_care self_care)
{
	ca_tekun_payment pm;
	bool		ok;

	memset(&pm, 0x5a, sizeof(pm));
	ok = ca_tekun_payment_compute(p, self_care, &pm);
	UNIT_CHECK(ok || (pm.basic_fen == 0 && pm.care_fen == 0 && pm.total_fen == 0),
			   "the payment is cleared on failure");
	return !ok;
}

static void
test_tekun_invalid(void)
{
	ca_tekun_policy good;
	ca_tekun_policy p;

	memset(&good, 0, sizeof(good));
	good.standard_fen = NANNING_URBAN_2021_FEN;
	good.basic_multiple_ppm = 1300000;
	good.care_ppm[0] = 100000;
	good.care_ppm[1] = 200000;
	good.care_ppm[2] = 400000;
	good.rounding_unit_fen = 1;
	good.rounding_mode = CA_ROUND_HALF_UP;

	UNIT_CHECK(!tekun_rejected(&good, CA_SELF_CARE_NONE), "good policy");
	UNIT_CHECK(tekun_rejected(NULL, CA_SELF_CARE_FULL), "NULL policy");
	UNIT_CHECK(!ca_tekun_payment_compute(&good, CA_SELF_CARE_FULL, NULL), "NULL payment");
	UNIT_CHECK(tekun_rejected(&good, (ca_self_care) 3), "self-care 3");
	UNIT_CHECK(tekun_rejected(&good, (ca_self_care) -1), "self-care -1");

#define BAD_TEKUN(field, value) \
	do { \
		p = good; \
		p.field = value; \
		UNIT_CHECK(tekun_rejected(&p, CA_SELF_CARE_FULL), "%s = %s", #field, #value); \
	} while (0)
	BAD_TEKUN(standard_fen, 0);
	BAD_TEKUN(standard_fen, -79000);
	BAD_TEKUN(basic_multiple_ppm, -1);
	BAD_TEKUN(care_ppm[0], -1);
	BAD_TEKUN(care_ppm[1], -1);	/* rejected even when another level is asked for */
	BAD_TEKUN(care_ppm[2], -1);
	BAD_TEKUN(rounding_unit_fen, 0);
	BAD_TEKUN(rounding_unit_fen, 5);
	BAD_TEKUN(rounding_unit_fen, 1000);
	BAD_TEKUN(rounding_mode, (ca_rounding_mode) 3);
	BAD_TEKUN(rounding_mode, (ca_rounding_mode) -1);

	/* overflow: 10^13 fen × 1.0 = 10^19 ufen */
	BAD_TEKUN(standard_fen, INT64_C(10000000000000));
	/* 4 × 10^12 fen × (1.0 + 1.5): each part fits, the sum does not */
	p = good;
	p.standard_fen = INT64_C(4000000000000);
	p.basic_multiple_ppm = CA_PPM;
	p.care_ppm[0] = 1500000;
	UNIT_CHECK(tekun_rejected(&p, CA_SELF_CARE_FULL), "sum overflow");
	p.care_ppm[0] = 1000000;	/* 8 × 10^18: fits */
	UNIT_CHECK(!tekun_rejected(&p, CA_SELF_CARE_FULL), "8e18 fits");
#undef BAD_TEKUN
}

/* -------------------------------------------------------------- allowances */

/*
 * Worked example 9: Nanning's old-age allowance brackets, yuan a month:
 * 80-89: 80, 90-99: 150, 100-109: 400, 110 and over: 800.
 */
static void
test_old_age(void)
{
	ca_old_age_policy p;
	static const struct
	{
		int			age;
		int64_t		expected;
	}			cases[] = {
		{-1, 0}, {0, 0}, {79, 0}, {80, 8000}, {89, 8000}, {90, 15000},
		{99, 15000}, {100, 40000}, {109, 40000}, {110, 80000}, {120, 80000},
	};
	size_t		i;

	memset(&p, 0, sizeof(p));
	p.n_brackets = 4;
	p.min_age[0] = 80;
	p.amount_fen[0] = 8000;
	p.min_age[1] = 90;
	p.amount_fen[1] = 15000;
	p.min_age[2] = 100;
	p.amount_fen[2] = 40000;
	p.min_age[3] = 110;
	p.amount_fen[3] = 80000;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		CHECK_INT(ca_old_age_allowance(&p, cases[i].age), cases[i].expected);

	/* brackets not strictly ascending: nothing, for any age */
	p.min_age[2] = 90;
	CHECK_INT(ca_old_age_allowance(&p, 95), 0);
	CHECK_INT(ca_old_age_allowance(&p, 85), 0);
	p.min_age[2] = 85;
	CHECK_INT(ca_old_age_allowance(&p, 120), 0);
	p.min_age[2] = 100;
	CHECK_INT(ca_old_age_allowance(&p, 120), 80000);

	/* bad policies pay nothing */
	CHECK_INT(ca_old_age_allowance(NULL, 90), 0);
	p.amount_fen[1] = -1;
	CHECK_INT(ca_old_age_allowance(&p, 85), 0);
	p.amount_fen[1] = 15000;
	p.min_age[0] = -80;
	CHECK_INT(ca_old_age_allowance(&p, 85), 0);
	p.min_age[0] = 80;
	p.n_brackets = CA_OLD_AGE_BRACKETS + 1;
	CHECK_INT(ca_old_age_allowance(&p, 85), 0);
	p.n_brackets = -1;
	CHECK_INT(ca_old_age_allowance(&p, 85), 0);

	/* no brackets: nothing; the first two only: 90+ is 150 */
	p.n_brackets = 0;
	CHECK_INT(ca_old_age_allowance(&p, 100), 0);
	p.n_brackets = 2;
	CHECK_INT(ca_old_age_allowance(&p, 115), 15000);

	/* a full table of 8 brackets, and a bracket from age 0 */
	p.n_brackets = CA_OLD_AGE_BRACKETS;
	for (i = 0; i < CA_OLD_AGE_BRACKETS; i++)
	{
		p.min_age[i] = (int) (10 * i);
		p.amount_fen[i] = (int64_t) (100 * (i + 1));
	}
	CHECK_INT(ca_old_age_allowance(&p, 0), 100);
	CHECK_INT(ca_old_age_allowance(&p, 69), 700);
	CHECK_INT(ca_old_age_allowance(&p, 70), 800);
	CHECK_INT(ca_old_age_allowance(&p, 200), 800);
}

/*
 * Worked example 10: Guangxi's two disability subsidies, 80 yuan each from
 * 2019-01-01 (8000 fen), for every grade from -1 to 5 and every flag.
 *   living: grade 1-4 and in a dibao household → 80.00, else 0
 *   care:   grade 1-2 → 80.00; grade 3-4 with a mental or intellectual
 *           disability → 80.00; else 0
 */
static void
test_disability(void)
{
	ca_disability_policy p = {8000, 8000};
	ca_disability_policy distinct = {5000, 12200};	/* which figure is used */
	ca_disability_policy bad = {-1, -1};
	int			grade;

	for (grade = -1; grade <= 5; grade++)
	{
		bool		disabled_grade = grade >= 1 && grade <= 4;
		bool		severe = grade == 1 || grade == 2;

		CHECK_INT(ca_disability_living_subsidy(&p, grade, true), disabled_grade ? 8000 : 0);
		CHECK_INT(ca_disability_living_subsidy(&p, grade, false), 0);
		CHECK_INT(ca_disability_care_subsidy(&p, grade, false), severe ? 8000 : 0);
		CHECK_INT(ca_disability_care_subsidy(&p, grade, true), disabled_grade ? 8000 : 0);
	}
	/* the same, spelt out for the grades that matter */
	CHECK_INT(ca_disability_living_subsidy(&p, 0, true), 0);
	CHECK_INT(ca_disability_living_subsidy(&p, 4, true), 8000);
	CHECK_INT(ca_disability_living_subsidy(&p, 1, false), 0);
	CHECK_INT(ca_disability_care_subsidy(&p, 2, false), 8000);
	CHECK_INT(ca_disability_care_subsidy(&p, 3, false), 0);
	CHECK_INT(ca_disability_care_subsidy(&p, 3, true), 8000);
	CHECK_INT(ca_disability_care_subsidy(&p, 4, true), 8000);
	CHECK_INT(ca_disability_care_subsidy(&p, 0, true), 0);
	CHECK_INT(ca_disability_care_subsidy(&p, 5, true), 0);

	CHECK_INT(ca_disability_living_subsidy(&distinct, 3, true), 5000);
	CHECK_INT(ca_disability_care_subsidy(&distinct, 3, true), 12200);
	CHECK_INT(ca_disability_living_subsidy(&bad, 1, true), 0);
	CHECK_INT(ca_disability_care_subsidy(&bad, 1, true), 0);
	CHECK_INT(ca_disability_living_subsidy(NULL, 1, true), 0);
	CHECK_INT(ca_disability_care_subsidy(NULL, 1, true), 0);
}

/*
 * Worked example 11: temporary assistance on 790 yuan, at most 6 months.
 *   3 persons × 4 months: 790 × 3 × 4 = 9480.00
 *   3 persons × 8 months: capped at 6: 790 × 3 × 6 = 14220.00
 * Overflow gives -1: 10^15 fen × 1000 persons × 10 months = 10^19 > INT64_MAX;
 * 9 months (9 × 10^18) still fits.
 */
static void
test_temporary_assistance(void)
{
	CHECK_INT(ca_temporary_assistance(79000, 3, 4, 6), 948000);
	CHECK_INT(ca_temporary_assistance(79000, 3, 6, 6), 1422000);
	CHECK_INT(ca_temporary_assistance(79000, 3, 8, 6), 1422000);
	CHECK_INT(ca_temporary_assistance(79000, 1, 1, 1), 79000);
	CHECK_INT(ca_temporary_assistance(79000, 3, 12, 10), 2370000);

	CHECK_INT(ca_temporary_assistance(0, 3, 4, 6), 0);
	CHECK_INT(ca_temporary_assistance(-79000, 3, 4, 6), 0);
	CHECK_INT(ca_temporary_assistance(79000, 0, 4, 6), 0);
	CHECK_INT(ca_temporary_assistance(79000, -3, 4, 6), 0);
	CHECK_INT(ca_temporary_assistance(79000, 3, 0, 6), 0);
	CHECK_INT(ca_temporary_assistance(79000, 3, -4, 6), 0);
	CHECK_INT(ca_temporary_assistance(79000, 3, 4, 0), 0);
	CHECK_INT(ca_temporary_assistance(79000, 3, 4, -6), 0);

	CHECK_INT(ca_temporary_assistance(INT64_C(1000000000000000), 1000, 9, 12),
			  INT64_C(9000000000000000000));
	CHECK_INT(ca_temporary_assistance(INT64_C(1000000000000000), 1000, 10, 12), -1);
	CHECK_INT(ca_temporary_assistance(INT64_C(1000000000000000), 1000, 10, 9),
			  INT64_C(9000000000000000000));	/* the cap keeps it in range */
	CHECK_INT(ca_temporary_assistance(INT64_MAX, 2, 1, 1), -1);
	CHECK_INT(ca_temporary_assistance(INT64_MAX, 1, 1, 1), INT64_MAX);
}

/* -------------------------------------------------------------- validation */

/* Compute expecting failure; the payment must be left all zeros. */
static bool
rejected(const ca_dibao_policy *p, int64_t net_ufen, int members,
		 const ca_covered_person *covered, int n)
{
	ca_dibao_payment pm;
	ca_dibao_payment zero;
	bool		ok;

	memset(&pm, 0x5a, sizeof(pm));
	memset(&zero, 0, sizeof(zero));
	ok = ca_dibao_payment_compute(p, net_ufen, members, covered, n, &pm);
	UNIT_CHECK(ok || memcmp(&pm, &zero, sizeof(pm)) == 0,
			   "the payment is cleared on failure");
	return !ok;
}

static void
test_dibao_invalid(void)
{
	ca_dibao_policy good = nanning_urban_gap();
	ca_dibao_policy p;
	ca_covered_person c[3];
	ca_covered_person bad_c[3];
	const int64_t net = YUAN_UFEN(1000);
	int			k;

	c[0] = person(40);
	c[1] = person(38);
	c[2] = person(12);

	UNIT_CHECK(!rejected(&good, net, 3, c, 3), "good input");
	/* the edges that are allowed */
	UNIT_CHECK(!rejected(&good, 0, 1, c, 1), "one person, no income");
	UNIT_CHECK(!rejected(&good, net, 3, c, 1), "single-person enrolment");
	UNIT_CHECK(!rejected(&good, net, 2, c, 2), "members = covered");

	UNIT_CHECK(rejected(NULL, net, 3, c, 3), "NULL policy");
	UNIT_CHECK(rejected(&good, net, 3, NULL, 3), "NULL covered");
	UNIT_CHECK(!ca_dibao_payment_compute(&good, net, 3, c, 3, NULL), "NULL payment");

	/* the household */
	UNIT_CHECK(rejected(&good, -1, 3, c, 3), "negative net income");
	UNIT_CHECK(rejected(&good, INT64_MIN, 3, c, 3), "INT64_MIN net income");
	UNIT_CHECK(rejected(&good, net, 3, c, 0), "nobody covered");
	UNIT_CHECK(rejected(&good, net, 3, c, -1), "negative covered");
	UNIT_CHECK(rejected(&good, net, 2, c, 3), "more covered than members");
	UNIT_CHECK(rejected(&good, net, 0, c, 1), "no members");
	UNIT_CHECK(rejected(&good, net, -3, c, 1), "negative members");

	/* the covered persons: each fault in person #2 */
#define BAD_PERSON(field, value) \
	do { \
		memcpy(bad_c, c, sizeof(bad_c)); \
		bad_c[2].field = value; \
		UNIT_CHECK(rejected(&good, net, 3, bad_c, 3), "person %s = %s", #field, #value); \
	} while (0)
	BAD_PERSON(age, -1);
	BAD_PERSON(work_capacity, (ca_work_capacity) 3);
	BAD_PERSON(work_capacity, (ca_work_capacity) -1);
	BAD_PERSON(self_care, (ca_self_care) 3);
	BAD_PERSON(self_care, (ca_self_care) -1);
	BAD_PERSON(disability_grade, -1);
	BAD_PERSON(disability_grade, 5);
#undef BAD_PERSON
	/* a bad person not covered (beyond n_covered) is not looked at */
	memcpy(bad_c, c, sizeof(bad_c));
	bad_c[2].age = -1;
	UNIT_CHECK(!rejected(&good, net, 3, bad_c, 2), "only covered persons are read");

	/* the policy: each field out of range on its own */
#define BAD_POLICY(field, value) \
	do { \
		p = good; \
		p.field = value; \
		UNIT_CHECK(rejected(&p, net, 3, c, 3), "policy %s = %s", #field, #value); \
	} while (0)
	BAD_POLICY(standard_fen, 0);
	BAD_POLICY(standard_fen, -79000);
	BAD_POLICY(method, (ca_dibao_method) 2);
	BAD_POLICY(method, (ca_dibao_method) -1);
	BAD_POLICY(placement, (ca_tier_placement) 2);	/* even under the gap method */
	BAD_POLICY(placement, (ca_tier_placement) -1);
	BAD_POLICY(tier_fen[0], -1);
	BAD_POLICY(tier_fen[1], -1);
	BAD_POLICY(tier_fen[2], -1);
	BAD_POLICY(band_gap_min_fen[1], -1);
	BAD_POLICY(band_gap_min_fen[1], 1);	/* above band[0] = 0: contradictory */
	BAD_POLICY(category_b_age, -1);
	BAD_POLICY(addon_elderly_age, -1);
	BAD_POLICY(addon_minor_age, -1);
	BAD_POLICY(min_per_person_fen, -1);
	BAD_POLICY(rounding_unit_fen, 0);
	BAD_POLICY(rounding_unit_fen, 5);
	BAD_POLICY(rounding_unit_fen, 1000);
	BAD_POLICY(rounding_unit_fen, -1);
	BAD_POLICY(rounding_mode, (ca_rounding_mode) 3);
	BAD_POLICY(rounding_mode, (ca_rounding_mode) -1);
	for (k = 0; k < CA_ADDON_COUNT; k++)
	{
		BAD_POLICY(addons[k].rate_ppm, -1);
		BAD_POLICY(addons[k].fixed_fen, -1);
	}
#undef BAD_POLICY

	/* tiered policies are checked the same way */
	p = youxi_like_bands();
	UNIT_CHECK(!rejected(&p, net, 3, c, 3), "good tiered policy");
	p.band_gap_min_fen[0] = 43999;	/* below band[1] = 44000 */
	UNIT_CHECK(rejected(&p, net, 3, c, 3), "bands out of order");
	p = nanning_rural_tiered();
	p.tier_fen[1] = -23000;
	UNIT_CHECK(rejected(&p, net, 3, c, 3), "negative tier");
}

/*
 * Overflow: reported as failure, never undefined.  INT64_MAX micro-fen is
 * 9223372036854.775807 fen.
 */
static void
test_dibao_overflow(void)
{
	ca_dibao_policy p = nanning_urban_gap();
	ca_covered_person c[2];
	ca_dibao_payment pm;
	const int64_t max_fen = INT64_MAX / CA_PPM;	/* 9223372036854 */

	c[0] = person(85);
	c[1] = person(40);

	/* the largest standard whose micro-fen fit: 1 person ok, 2 overflow */
	p.standard_fen = max_fen;
	pm = pay(&p, 0, 1, c, 1);
	CHECK_INT(pm.total_fen, max_fen);
	CHECK_INT(pm.cap_fen, max_fen);
	UNIT_CHECK(rejected(&p, 0, 2, c, 2), "cap × 10^6 overflows");
	/* with a 100% add-on the base fits but base + add-ons does not */
	p.addons[CA_ADDON_ELDERLY].rate_ppm = CA_PPM;
	UNIT_CHECK(rejected(&p, 0, 1, c, 1), "base + add-ons overflow");

	/* a rate too large */
	p = nanning_urban_gap();
	p.addons[CA_ADDON_ELDERLY].rate_ppm = INT64_MAX / 2;
	UNIT_CHECK(rejected(&p, 0, 1, c, 1), "rate overflow");
	/* a fixed amount whose micro-fen do not fit */
	p = nanning_urban_gap();
	p.addons[CA_ADDON_SERIOUS_ILLNESS].fixed_fen = max_fen + 1;
	c[0].seriously_ill = true;
	UNIT_CHECK(rejected(&p, 0, 1, c, 1), "fixed overflow");
	/* ... but it is not looked at when nobody is seriously ill */
	c[0].seriously_ill = false;
	UNIT_CHECK(!rejected(&p, 0, 1, c, 1), "an unused add-on with a zero count");
	/* a floor too large */
	p = nanning_urban_gap();
	p.min_per_person_fen = max_fen + 1;
	UNIT_CHECK(rejected(&p, 0, 1, c, 1), "floor overflow");
	/* a tier too large */
	p = nanning_rural_tiered();
	p.tier_fen[2] = max_fen + 1;
	c[0] = person(40);
	UNIT_CHECK(rejected(&p, 0, 1, c, 1), "tier overflow");

	/*
	 * Large households are exact, where net × k would not fit in int64.
	 * 10 000 000 members (d = 10^13), 1 covered, net = 10^7 × 100 yuan − 1 ufen
	 * = 10^17 − 1 ufen: per capita = 10^10 − 10^-7 ufen, base = 690 yuan +
	 * 10^-7 ufen: UP 69001, HALF_UP 69000, DOWN 69000.
	 */
	p = nanning_urban_gap();
	p.rounding_mode = CA_ROUND_UP;
	CHECK_INT(total(&p, INT64_C(100000000000000000) - 1, 10000000, c, 1), 69001);
	p.rounding_mode = CA_ROUND_HALF_UP;
	CHECK_INT(total(&p, INT64_C(100000000000000000) - 1, 10000000, c, 1), 69000);
	p.rounding_mode = CA_ROUND_DOWN;
	CHECK_INT(total(&p, INT64_C(100000000000000000) - 1, 10000000, c, 1), 69000);
	/*
	 * INT_MAX members, net INT64_MAX ufen.  (2^31 − 1)(2^32 + 2) = 2^63 − 2, so
	 * INT64_MAX = 2147483647 × 4294967298 + 1 and the per-capita income is
	 * 4294967298 + 1/2147483647 ufen (42.95 yuan); base = 79000000000 −
	 * 4294967298 − a little = 74705032701.99… ufen: DOWN and HALF_UP 74705,
	 * UP 74706.
	 */
	CHECK_INT(total(&p, INT64_MAX, 2147483647, c, 1), 74705);
	p.rounding_mode = CA_ROUND_HALF_UP;
	CHECK_INT(total(&p, INT64_MAX, 2147483647, c, 1), 74705);
	p.rounding_mode = CA_ROUND_UP;
	CHECK_INT(total(&p, INT64_MAX, 2147483647, c, 1), 74706);
}

int
main(void)
{
	test_gap_worked();
	test_gap_above_standard();
	test_rounding_modes();
	test_exactness();
	test_tiers_by_category();
	test_tiers_by_income_band();
	test_addons_stack();
	test_addons_fixed();
	test_floor();
	test_cap();
	test_tekun();
	test_tekun_invalid();
	test_old_age();
	test_disability();
	test_temporary_assistance();
	test_dibao_invalid();
	test_dibao_overflow();
	return unit_report("entitlement kernel");
}
