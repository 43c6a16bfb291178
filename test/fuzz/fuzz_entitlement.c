/*
 * fuzz_entitlement.c: libFuzzer target for the entitlement kernel.
 *
 * The bytes are read, in order, as a dibao policy, a household's net monthly
 * income, its size and up to 9 covered persons; then a 特困 policy and a
 * self-care ability; an old-age bracket table and an age; a disability
 * policy and a person; the four arguments of temporary assistance.  Each
 * figure is drawn either from the edges (0, -1, INT64_MAX, INT64_MIN, units
 * 0 and 1000, members below the covered count) or from an ordinary range, so
 * that most inputs are valid and reach the arithmetic.  Short inputs read as
 * zeros.  Whatever the bytes, no sanitizer report, and:
 *
 * dibao (ca_dibao_payment_compute):
 * - false leaves the payment all zeros; input outside the documented ranges
 *   (standard <= 0, unit not 1/10/100, net < 0, no covered person, fewer
 *   members than covered persons, …) gives false; valid input of ordinary
 *   size (nothing near int64) gives true;
 * - true: cap = standard × covered; tier 0 for the gap method, and for the
 *   tiered method the tier the header's category or band rule gives;
 *   the gap method pays nothing when per-capita income reaches the standard;
 *   base = the gap or tier amount per person after the floor, half up to the
 *   fen; each add-on = persons it applies to × (rate × the person's share +
 *   fixed), half up; total = min(exact base + add-ons, cap) rounded once by
 *   the unit and mode, and never above the cap: all worked out here exactly
 *   in 128-bit integers;
 * 特困: total = standard × (multiple + care rate) rounded once, the parts
 *   half up to the fen; false leaves zeros, bad input gives false;
 * old-age allowance: the highest bracket reached, 0 for a bad table;
 * disability subsidies and temporary assistance: the header's rules, with
 *   -1 exactly when the product does not fit in int64.
 */
#include <stdlib.h>
#include <string.h>

#include "entitlement.h"
#include "fuzz_input.h"

int			LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

/* --------------------------------------------------------------- the bytes */

/* A disability grade: mostly 0..4, sometimes -1 or 5. */
static int
take_grade(input *in)
{
	unsigned	b = byte(in) % 16;

	return b == 13 ? -1 : b == 14 ? 5 : (int) (b % 5);
}

/* ------------------------------------------------------------- arithmetic */

static bool
unit_valid(int64_t unit)
{
	return unit == 1 || unit == 10 || unit == 100;
}

static bool
mode_valid(int mode)
{
	return mode >= CA_ROUND_HALF_UP && mode <= CA_ROUND_DOWN;
}

/* ------------------------------------------------------------------ dibao */

static bool
person_valid(const ca_covered_person *c)
{
	return c->age >= 0 && (int) c->work_capacity >= 0 && (int) c->work_capacity <= 2 &&
		(int) c->self_care >= 0 && (int) c->self_care <= 2 &&
		c->disability_grade >= 0 && c->disability_grade <= 4;
}

/* The ranges of entitlement.h and entitlement.c's validation comment. */
static bool
dibao_input_valid(const ca_dibao_policy *p, int64_t net, int members,
				  const ca_covered_person *covered, int n)
{
	int			k;

	if (p->standard_fen <= 0 || (int) p->method < 0 || (int) p->method > 1 ||
		(int) p->placement < 0 || (int) p->placement > 1 ||
		p->band_gap_min_fen[1] < 0 || p->band_gap_min_fen[0] < p->band_gap_min_fen[1] ||
		p->category_b_age < 0 || p->addon_elderly_age < 0 || p->addon_minor_age < 0 ||
		p->min_per_person_fen < 0 || !unit_valid(p->rounding_unit_fen) ||
		!mode_valid((int) p->rounding_mode))
		return false;
	for (k = 0; k < 3; k++)
		if (p->tier_fen[k] < 0)
			return false;
	for (k = 0; k < CA_ADDON_COUNT; k++)
		if (p->addons[k].rate_ppm < 0 || p->addons[k].fixed_fen < 0)
			return false;
	if (net < 0 || n < 1 || members < n)
		return false;
	for (k = 0; k < n; k++)
		if (!person_valid(&covered[k]))
			return false;
	return true;
}

/* Nothing near int64: every product the kernel forms fits with room to spare. */
static bool
dibao_input_ordinary(const ca_dibao_policy *p, int64_t net, int members)
{
	const int64_t big_fen = INT64_C(1000000000);	/* ten million yuan */
	const int64_t big_ppm = INT64_C(100000000);		/* 100 times */
	int			k;

	if (p->standard_fen > big_fen || p->min_per_person_fen > big_fen ||
		net > big_fen * CA_PPM || members > 1000)
		return false;
	for (k = 0; k < 3; k++)
		if (p->tier_fen[k] > big_fen)
			return false;
	for (k = 0; k < CA_ADDON_COUNT; k++)
		if (p->addons[k].rate_ppm > big_ppm || p->addons[k].fixed_fen > big_fen)
			return false;
	return true;
}

static bool
addon_applies(const ca_dibao_policy *p, int k, const ca_covered_person *c)
{
	switch (k)
	{
		case CA_ADDON_ELDERLY:
			return c->age >= p->addon_elderly_age;
		case CA_ADDON_MINOR:
			return c->age < p->addon_minor_age;
		case CA_ADDON_SEVERE_DISABILITY:
			return c->disability_grade == 1 || c->disability_grade == 2;
		default:
			return c->seriously_ill;
	}
}

/* The tier as entitlement.h defines the categories and bands. */
static int
expected_tier(const ca_dibao_policy *p, int64_t net, int members,
			  const ca_covered_person *covered, int n)
{
	int			tier = 3;
	int			i;

	if (p->placement == CA_TIER_BY_CATEGORY)
	{
		for (i = 0; i < n; i++)
			if (covered[i].work_capacity == CA_WORK_NONE ||
				covered[i].self_care == CA_SELF_CARE_NONE)
				return 1;
		for (i = 0; i < n; i++)
			if (covered[i].work_capacity == CA_WORK_PARTIAL ||
				covered[i].age >= p->category_b_age ||
				covered[i].disability_grade == 1 || covered[i].disability_grade == 2 ||
				covered[i].seriously_ill)
				tier = 2;
		return tier;
	}
	else
	{
		/* gap = standard − net / members (fen), compared × members × 10^6 */
		i128		gap = (i128) p->standard_fen * CA_PPM * members - net;

		if (gap >= (i128) p->band_gap_min_fen[0] * CA_PPM * members)
			return 1;
		if (gap >= (i128) p->band_gap_min_fen[1] * CA_PPM * members)
			return 2;
		return 3;
	}
}

static void
check_dibao(const ca_dibao_policy *p, int64_t net, int members,
			const ca_covered_person *covered, int n)
{
	ca_dibao_payment pay;
	ca_dibao_payment again;
	bool		ok = ca_dibao_payment_compute(p, net, members, covered, n, &pay);
	bool		valid = dibao_input_valid(p, net, members, covered, n);
	i128		d;
	i128		per_person;
	i128		share_net;
	i128		base;			/* all exact, in micro-fen × members */
	i128		total;
	i128		cap;
	i128		rounded;
	int			k;
	int			i;

	if (ca_dibao_payment_compute(p, net, members, covered, n, &again) != ok ||
		memcmp(&pay, &again, sizeof(pay)) != 0)
		abort();
	if (!ok)
	{
		static const ca_dibao_payment zero;

		if (memcmp(&pay, &zero, sizeof(pay)) != 0)
			abort();
		if (valid && dibao_input_ordinary(p, net, members))
			abort();
		return;
	}
	if (!valid)
		abort();

	/* Both fit: the kernel multiplied them without overflow. */
	if (pay.cap_fen != p->standard_fen * n)
		abort();
	if (pay.base_fen < 0 || pay.addons_fen < 0 || pay.total_fen < 0 ||
		pay.total_fen > pay.cap_fen)
		abort();
	for (k = 0; k < CA_ADDON_COUNT; k++)
		if (pay.addon_fen[k] < 0)
			abort();

	d = (i128) members * CA_PPM;
	if (p->method == CA_DIBAO_GAP)
	{
		if (pay.tier != 0)
			abort();
		/* n × standard − net × n / members, × d */
		base = (i128) n * p->standard_fen * CA_PPM * members - (i128) net * n;
		if (base <= 0)
		{
			/* at or above the standard: nothing at all */
			if (pay.base_fen != 0 || pay.addons_fen != 0 || pay.total_fen != 0)
				abort();
			for (k = 0; k < CA_ADDON_COUNT; k++)
				if (pay.addon_fen[k] != 0)
					abort();
			return;
		}
		if (base < (i128) p->min_per_person_fen * n * d)
		{
			per_person = p->min_per_person_fen;
			share_net = 0;
		}
		else
		{
			per_person = p->standard_fen;
			share_net = net;
		}
	}
	else
	{
		int			tier = expected_tier(p, net, members, covered, n);

		if (pay.tier != tier)
			abort();
		per_person = p->tier_fen[tier - 1];
		if (per_person < p->min_per_person_fen)
			per_person = p->min_per_person_fen;
		share_net = 0;
	}

	/*
	 * A person's share of the base in micro-fen × members:
	 * per_person × d − share_net.  The base, add-ons and total are then
	 * kept in micro-fen × d (micro-fen × members × 10^6), where an add-on
	 * c × (share × rate / 10^6 + fixed) is whole.  The kernel's own checks
	 * passed, so none of these leaves 128 bits.
	 */
	{
		i128		share = per_person * d - share_net;
		i128		addons = 0;

		base = share * n;
		if (pay.base_fen != round_div(base, d, CA_ROUND_HALF_UP))
			abort();
		for (k = 0; k < CA_ADDON_COUNT; k++)
		{
			i128		c = 0;
			i128		kind;

			for (i = 0; i < n; i++)
				if (addon_applies(p, k, &covered[i]))
					c++;
			kind = c * share * p->addons[k].rate_ppm +
				c * p->addons[k].fixed_fen * CA_PPM * d;
			if (pay.addon_fen[k] != round_div(kind, d * CA_PPM, CA_ROUND_HALF_UP))
				abort();
			addons += kind;
		}
		if (pay.addons_fen != round_div(addons, d * CA_PPM, CA_ROUND_HALF_UP))
			abort();
		total = base * CA_PPM + addons;
		cap = (i128) pay.cap_fen * CA_PPM * d;
		if (total > cap)
			total = cap;
		rounded = round_div(total, (i128) p->rounding_unit_fen * CA_PPM * d,
							p->rounding_mode) * p->rounding_unit_fen;
		if (rounded > pay.cap_fen)
			rounded = pay.cap_fen;
		if (pay.total_fen != rounded)
			abort();
	}
}

/* ---------------------------------------------------------------- 特困 */

static void
check_tekun(const ca_tekun_policy *p, ca_self_care self_care)
{
	ca_tekun_payment pay;
	bool		ok = ca_tekun_payment_compute(p, self_care, &pay);
	bool		valid = p->standard_fen > 0 && p->basic_multiple_ppm >= 0 &&
		unit_valid(p->rounding_unit_fen) && mode_valid((int) p->rounding_mode) &&
		(int) self_care >= 0 && (int) self_care <= 2 &&
		p->care_ppm[0] >= 0 && p->care_ppm[1] >= 0 && p->care_ppm[2] >= 0;
	i128		basic;
	i128		care;

	if (!ok)
	{
		if (pay.basic_fen != 0 || pay.care_fen != 0 || pay.total_fen != 0)
			abort();
		if (valid && p->standard_fen <= INT64_C(1000000000) &&
			p->basic_multiple_ppm <= INT64_C(1000000000) &&
			p->care_ppm[self_care] <= INT64_C(1000000000))
			abort();
		return;
	}
	if (!valid)
		abort();
	basic = (i128) p->standard_fen * p->basic_multiple_ppm;
	care = (i128) p->standard_fen * p->care_ppm[self_care];
	if (pay.basic_fen != round_div(basic, CA_PPM, CA_ROUND_HALF_UP) ||
		pay.care_fen != round_div(care, CA_PPM, CA_ROUND_HALF_UP) ||
		pay.total_fen != round_div(basic + care, (i128) p->rounding_unit_fen * CA_PPM,
								   p->rounding_mode) * p->rounding_unit_fen)
		abort();
}

/* ------------------------------------------------------------ allowances */

static void
check_old_age(const ca_old_age_policy *p, int age)
{
	int64_t		got = ca_old_age_allowance(p, age);
	int64_t		want = 0;
	int			i;

	for (i = 0; i < p->n_brackets; i++)
		if (p->min_age[i] < 0 || p->amount_fen[i] < 0 ||
			(i > 0 && p->min_age[i] <= p->min_age[i - 1]))
			break;
	if (i == p->n_brackets)
		for (i = 0; i < p->n_brackets; i++)
			if (age >= p->min_age[i])
				want = p->amount_fen[i];
	if (got != want)
		abort();
}

static void
check_disability(const ca_disability_policy *p, int grade, bool flag)
{
	int64_t		living = ca_disability_living_subsidy(p, grade, flag);
	int64_t		care = ca_disability_care_subsidy(p, grade, flag);
	bool		disabled = grade >= 1 && grade <= 4;

	if (living != (p->living_fen >= 0 && disabled && flag ? p->living_fen : 0))
		abort();
	if (care != (p->care_fen >= 0 && (grade == 1 || grade == 2 || (disabled && flag)) ?
				 p->care_fen : 0))
		abort();
}

static void
check_temporary(int64_t standard, int persons, int months, int max_months)
{
	int64_t		got = ca_temporary_assistance(standard, persons, months, max_months);
	i128		want;

	if (standard <= 0 || persons <= 0 || months <= 0 || max_months <= 0)
		want = 0;
	else
	{
		want = (i128) standard * persons * (months < max_months ? months : max_months);
		if (want > INT64_MAX)
			want = -1;
	}
	if (got != want)
		abort();
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	input		in = {data, size};
	ca_dibao_policy dp;
	ca_covered_person covered[9];
	int64_t		net;
	int			n;
	int			members;
	int			k;

	memset(&dp, 0, sizeof(dp));
	dp.standard_fen = take_fen(&in);
	dp.method = (ca_dibao_method) take_enum(&in, 2);
	dp.placement = (ca_tier_placement) take_enum(&in, 2);
	for (k = 0; k < 3; k++)
		dp.tier_fen[k] = take_fen(&in);
	dp.band_gap_min_fen[0] = take_fen(&in);
	dp.band_gap_min_fen[1] = take_fen(&in);
	dp.category_b_age = take_age(&in);
	for (k = 0; k < CA_ADDON_COUNT; k++)
	{
		dp.addons[k].rate_ppm = take_ppm(&in);
		dp.addons[k].fixed_fen = take_fen(&in);
	}
	dp.addon_elderly_age = take_age(&in);
	dp.addon_minor_age = take_age(&in);
	dp.min_per_person_fen = take_fen(&in);
	dp.rounding_unit_fen = take_unit(&in);
	dp.rounding_mode = (ca_rounding_mode) take_enum(&in, 3);

	n = (int) (byte(&in) % 10);
	switch (byte(&in) % 8)
	{
		case 0:
			members = n - 1;
			break;
		case 1:
			members = INT_MAX;
			break;
		default:
			members = n + (int) (byte(&in) % 6);
			break;
	}

	/*
	 * Net monthly income in micro-fen: any, whole fen with a fraction, or a
	 * few micro-fen short of a whole amount per member, which leaves the gap
	 * a fraction of a micro-fen over a whole fen per covered person.
	 */
	net = take_fen(&in);
	switch (byte(&in) % 3)
	{
		case 0:
			break;
		case 1:
			if (net >= 0 && net < INT64_MAX / CA_PPM)
				net = net * CA_PPM + (int64_t) bytes(&in, 3) % CA_PPM;
			break;
		default:
			if (net >= 0 && members > 0 && net < INT64_MAX / CA_PPM / members)
				net = net * CA_PPM * members - (int64_t) (byte(&in) % 4);
			break;
	}
	for (k = 0; k < n; k++)
	{
		covered[k].age = take_age(&in);
		covered[k].work_capacity = (ca_work_capacity) take_enum(&in, 3);
		covered[k].self_care = (ca_self_care) take_enum(&in, 3);
		covered[k].disability_grade = take_grade(&in);
		covered[k].seriously_ill = (byte(&in) & 1) != 0;
	}
	check_dibao(&dp, net, members, covered, n);

	{
		ca_tekun_policy tp;
		ca_self_care self_care;

		tp.standard_fen = take_fen(&in);
		tp.basic_multiple_ppm = take_ppm(&in);
		for (k = 0; k < 3; k++)
			tp.care_ppm[k] = take_ppm(&in);
		tp.rounding_unit_fen = take_unit(&in);
		tp.rounding_mode = (ca_rounding_mode) take_enum(&in, 3);
		self_care = (ca_self_care) take_enum(&in, 3);
		check_tekun(&tp, self_care);
	}
	{
		ca_old_age_policy op;
		int			age;

		memset(&op, 0, sizeof(op));
		op.n_brackets = (int) (byte(&in) % (CA_OLD_AGE_BRACKETS + 1));
		for (k = 0; k < op.n_brackets; k++)
		{
			op.min_age[k] = take_age(&in);
			op.amount_fen[k] = take_fen(&in);
		}
		age = take_age(&in);
		check_old_age(&op, age);
	}
	{
		ca_disability_policy sp;
		int			grade;

		sp.living_fen = take_fen(&in);
		sp.care_fen = take_fen(&in);
		grade = take_grade(&in);
		check_disability(&sp, grade, (byte(&in) & 1) != 0);
	}
	{
		int64_t		standard = take_fen(&in);
		int			persons = take_age(&in);
		int			months = take_age(&in);
		int			max_months = take_age(&in);

		check_temporary(standard, persons, months, max_months);
	}
	return 0;
}
