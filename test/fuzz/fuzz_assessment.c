/*
 * fuzz_assessment.c: libFuzzer target for the household assessment kernel.
 *
 * The bytes are read, in order, as an assessment policy, up to 6 members,
 * up to 4 income rules, up to 24 income records, up to 6 assets and the
 * rigid expenditure; then one amount, unit and mode for ca_round_ufen().
 * Each figure is drawn either from the edges (0, -1, INT64_MAX, INT64_MIN,
 * a window of 0 or 37 months, units 0 and 1000, records naming no member or
 * rule or a month outside the window) or from an ordinary range, so that
 * most inputs are valid and reach the arithmetic.  Short inputs read as
 * zeros (a household without members).  Whatever the bytes, no sanitizer
 * report, the same answer twice, and:
 *
 * - the status is the first check of assessment.c's order that fails
 *   (members, policy and rules, income records, assets), OVERFLOW only for
 *   valid input and never for input of ordinary size; on failure every
 *   output is zero, *bad_index names a record of the list at fault or is -1;
 * - on success: each record's counted / exempt / deducted micro-fen follow
 *   its rule, the work-cost deduction being min(share × amount, what is left
 *   of the member-month's cap) in record order; the presumed income is the
 *   shortfall of employment income below it, month by month, for each able
 *   member of working age without good reason not to work; the window totals
 *   are those sums half up to the fen, net_fen within a fen of
 *   counted − deducted + presumed; per_capita_fen is the exact
 *   net / (months × members) rounded once by the policy's unit and mode;
 * - every test's value, limit and verdict are as assessment.h defines them,
 *   and dibao, low income, expenditure hardship and each member's 特困 flag
 *   follow from the tests exactly as the kernel documents;
 * - ca_round_ufen() rounds any int64 by the mode (half away from zero, away
 *   from zero, toward zero), an out-of-range unit being taken as 1 fen.
 */
#include <stdlib.h>
#include <string.h>

#include "assessment.h"
#include "fuzz_input.h"

int			LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

#define MAX_MEMBERS 6
#define MAX_RULES 4
#define MAX_INCOMES 24
#define MAX_ASSETS 6

/* --------------------------------------------------------------- the bytes */

/* A maximum count of homes, vehicles, businesses: mostly 0..3. */
static int
take_count(input *in)
{
	unsigned	b = byte(in) % 16;

	return b == 14 ? -1 : b == 15 ? INT_MAX : (int) (b % 4);
}

/* An index into a list of n: mostly valid, sometimes -1 or n. */
static int
take_index(input *in, int n)
{
	unsigned	b = byte(in);

	if (b >= 248 || n == 0)
		return b & 1 ? n : -1;
	return (int) (b % (unsigned) n);
}

/* ------------------------------------------------------------- arithmetic */

/* fen × ppm, half up to the fen: how the kernel turns multiples into limits. */
static i128
fen_times_ppm(int64_t fen, int64_t ppm)
{
	i128		v = (i128) fen * ppm;

	return v >= 0 ? round_div(v, CA_PPM, CA_ROUND_HALF_UP) :
		-round_div(-v, CA_PPM, CA_ROUND_HALF_UP);
}

/* ----------------------------------------------------------------- checks */

typedef struct household
{
	ca_assessment_policy policy;
	ca_member	members[MAX_MEMBERS];
	int			n_members;
	ca_income_rule rules[MAX_RULES];
	int			n_rules;
	ca_income	incomes[MAX_INCOMES];
	int			n_incomes;
	ca_asset	assets[MAX_ASSETS];
	int			n_assets;
	int64_t		rigid_fen;
} household;

typedef struct outcome
{
	ca_assessment_status status;
	ca_assessment_result result;
	ca_item_result items[MAX_INCOMES];
	bool		tekun[MAX_MEMBERS];
	int			bad_index;
} outcome;

static void
run(const household *h, outcome *o)
{
	memset(o, 0xA5, sizeof(*o));	/* stale figures the call must clear */
	o->status = ca_assess(&h->policy, h->members, h->n_members, h->rules, h->n_rules,
						  h->incomes, h->n_incomes, h->assets, h->n_assets,
						  h->rigid_fen, &o->result, o->items, o->tekun, &o->bad_index);
}

static bool
policy_valid(const ca_assessment_policy *p)
{
	return p->standard_fen > 0 && p->lookback_months >= 1 && p->lookback_months <= 36 &&
		(p->rounding_unit_fen == 1 || p->rounding_unit_fen == 10 ||
		 p->rounding_unit_fen == 100) &&
		(int) p->rounding_mode >= CA_ROUND_HALF_UP && (int) p->rounding_mode <= CA_ROUND_DOWN &&
		p->presumed_income_fen >= 0 && p->expenditure_income_max_fen >= 0 &&
		p->financial_assets_max_ppm >= 0 && p->low_income_multiple_ppm >= 0 &&
		p->expenditure_share_ppm >= 0 &&
		p->working_age_min >= 0 && p->working_age_max_male >= 0 &&
		p->working_age_max_female >= 0 && p->tekun_age_min >= 0 &&
		p->tekun_minor_age_max >= 0 &&
		p->max_homes >= 0 && p->max_vehicles >= 0 && p->max_businesses >= 0;
}

static bool
rule_valid(const ca_income_rule *r)
{
	return (int) r->treatment >= CA_INCOME_COUNTED && (int) r->treatment <= CA_INCOME_WORK_COST &&
		r->deduction_ppm >= 0 && r->deduction_ppm <= CA_PPM && r->deduction_cap_ppm >= 0;
}

/* The status validation must give, and the index it must name. */
static ca_assessment_status
expected_status(const household *h, int *bad)
{
	int			i;

	*bad = -1;
	if (h->n_members < 1)
		return CA_ASSESS_NO_MEMBERS;
	if (!policy_valid(&h->policy))
		return CA_ASSESS_BAD_POLICY;
	for (i = 0; i < h->n_rules; i++)
		if (!rule_valid(&h->rules[i]))
			return *bad = i, CA_ASSESS_BAD_POLICY;
	for (i = 0; i < h->n_incomes; i++)
	{
		const ca_income *inc = &h->incomes[i];

		if (inc->member < 0 || inc->member >= h->n_members || inc->rule < 0 ||
			inc->rule >= h->n_rules || inc->month < 0 ||
			inc->month >= h->policy.lookback_months || inc->amount_fen < 0)
			return *bad = i, CA_ASSESS_BAD_INCOME;
	}
	for (i = 0; i < h->n_assets; i++)
		if ((int) h->assets[i].kind < CA_ASSET_FINANCIAL ||
			(int) h->assets[i].kind > CA_ASSET_BUSINESS || h->assets[i].value_fen < 0)
			return *bad = i, CA_ASSESS_BAD_ASSET;
	return CA_ASSESS_OK;
}

/* Nothing near int64 micro-fen: no sum or product can overflow. */
static bool
ordinary(const household *h)
{
	const int64_t big_fen = INT64_C(1000000000);	/* ten million yuan */
	const int64_t big_ppm = INT64_C(1000000000);	/* 1000 times */
	const ca_assessment_policy *p = &h->policy;
	int			i;

	if (p->standard_fen > big_fen || p->presumed_income_fen > big_fen ||
		p->financial_assets_max_ppm > big_ppm || p->low_income_multiple_ppm > big_ppm ||
		p->expenditure_share_ppm > big_ppm)
		return false;
	for (i = 0; i < h->n_rules; i++)
		if (h->rules[i].deduction_cap_ppm > big_ppm)
			return false;
	for (i = 0; i < h->n_incomes; i++)
		if (h->incomes[i].amount_fen > big_fen)
			return false;
	for (i = 0; i < h->n_assets; i++)
		if (h->assets[i].value_fen > big_fen)
			return false;
	return true;
}

static bool
presumed_applies(const ca_assessment_policy *p, const ca_member *m)
{
	int			age_max;

	if (p->presumed_income_fen <= 0 || !m->unemployed_without_reason ||
		m->work_capacity != CA_WORK_FULL)
		return false;
	if (m->sex == CA_SEX_MALE)
		age_max = p->working_age_max_male;
	else if (m->sex == CA_SEX_FEMALE)
		age_max = p->working_age_max_female;
	else
		return false;
	return m->age >= p->working_age_min && m->age <= age_max;
}

static void
check_success(const household *h, const outcome *o)
{
	const ca_assessment_policy *p = &h->policy;
	const ca_assessment_result *r = &o->result;
	const ca_test_result *t = r->tests;
	i128		counted = 0,
				exempt = 0,
				deducted = 0,
				presumed = 0,
				net,
				financial = 0;
	int			homes = 0,
				vehicles = 0,
				businesses = 0,
				tekun_members = 0;
	bool		assets_pass;
	int			i,
				j,
				m;

	if (o->bad_index != -1 || r->members != h->n_members || r->standard_fen != p->standard_fen)
		abort();

	/* Each record by its rule; the cap taken in record order. */
	for (i = 0; i < h->n_incomes; i++)
	{
		const ca_income *inc = &h->incomes[i];
		const ca_income_rule *rule = &h->rules[inc->rule];
		const ca_item_result *it = &o->items[i];
		i128		amount = (i128) inc->amount_fen * CA_PPM;

		switch (rule->treatment)
		{
			case CA_INCOME_COUNTED:
				if (it->counted_ufen != amount || it->exempt_ufen != 0 || it->deducted_ufen != 0)
					abort();
				break;
			case CA_INCOME_EXEMPT:
				if (it->counted_ufen != 0 || it->exempt_ufen != amount || it->deducted_ufen != 0)
					abort();
				break;
			case CA_INCOME_WORK_COST:
				{
					i128		want = (i128) inc->amount_fen * rule->deduction_ppm;

					if (it->counted_ufen != amount || it->exempt_ufen != 0)
						abort();
					if (rule->deduction_cap_ppm > 0)
					{
						i128		used = 0;
						i128		left;

						for (j = 0; j < i; j++)
							if (h->incomes[j].member == inc->member &&
								h->incomes[j].month == inc->month)
								used += o->items[j].deducted_ufen;
						left = (i128) rule->deduction_cap_ppm * p->standard_fen - used;
						if (left < 0)
							left = 0;
						if (want > left)
							want = left;
					}
					if (it->deducted_ufen != want)
						abort();
				}
				break;
		}
		counted += it->counted_ufen;
		exempt += it->exempt_ufen;
		deducted += it->deducted_ufen;
	}

	/* Presumed income: the shortfall of employment income, month by month. */
	for (m = 0; m < h->n_members; m++)
	{
		int			month;

		if (!presumed_applies(p, &h->members[m]))
			continue;
		for (month = 0; month < p->lookback_months; month++)
		{
			i128		employment = 0;

			for (i = 0; i < h->n_incomes; i++)
				if (h->incomes[i].member == m && h->incomes[i].month == month &&
					h->rules[h->incomes[i].rule].employment &&
					h->rules[h->incomes[i].rule].treatment != CA_INCOME_EXEMPT)
					employment += h->incomes[i].amount_fen;
			if (employment < p->presumed_income_fen)
				presumed += p->presumed_income_fen - employment;
		}
	}
	if (r->presumed_fen != presumed)
		abort();

	net = counted - deducted + presumed * CA_PPM;
	if (net < 0 || r->counted_fen != round_div(counted, CA_PPM, CA_ROUND_HALF_UP) ||
		r->exempt_fen != round_div(exempt, CA_PPM, CA_ROUND_HALF_UP) ||
		r->deducted_fen != round_div(deducted, CA_PPM, CA_ROUND_HALF_UP) ||
		r->net_fen != round_div(net, CA_PPM, CA_ROUND_HALF_UP))
		abort();
	{
		i128		shown = (i128) r->counted_fen - r->deducted_fen + r->presumed_fen;

		if (shown - r->net_fen > 1 || r->net_fen - shown > 1)
			abort();
	}
	/* The one rounding of the exact per-capita income. */
	if (r->per_capita_fen !=
		round_div(net, (i128) p->lookback_months * h->n_members * p->rounding_unit_fen * CA_PPM,
				  p->rounding_mode) * p->rounding_unit_fen)
		abort();

	/* The tests, as assessment.h defines them. */
	for (i = 0; i < h->n_assets; i++)
	{
		if (h->assets[i].exempt)
			continue;
		switch (h->assets[i].kind)
		{
			case CA_ASSET_FINANCIAL:
				financial += h->assets[i].value_fen;
				break;
			case CA_ASSET_HOME:
				homes++;
				break;
			case CA_ASSET_VEHICLE:
				vehicles++;
				break;
			case CA_ASSET_BUSINESS:
				businesses++;
				break;
		}
	}
	financial /= h->n_members;
	if (t[CA_TEST_DIBAO_INCOME].value != r->per_capita_fen ||
		t[CA_TEST_DIBAO_INCOME].limit != p->standard_fen ||
		t[CA_TEST_DIBAO_INCOME].passed != (r->per_capita_fen < p->standard_fen))
		abort();
	if (t[CA_TEST_FINANCIAL_ASSETS].value != financial ||
		t[CA_TEST_FINANCIAL_ASSETS].limit != fen_times_ppm(p->standard_fen, p->financial_assets_max_ppm) ||
		t[CA_TEST_FINANCIAL_ASSETS].passed != (financial <= t[CA_TEST_FINANCIAL_ASSETS].limit))
		abort();
	if (t[CA_TEST_HOMES].value != homes || t[CA_TEST_HOMES].limit != p->max_homes ||
		t[CA_TEST_HOMES].passed != (homes <= p->max_homes) ||
		t[CA_TEST_VEHICLES].value != vehicles || t[CA_TEST_VEHICLES].limit != p->max_vehicles ||
		t[CA_TEST_VEHICLES].passed != (vehicles <= p->max_vehicles) ||
		t[CA_TEST_BUSINESSES].value != businesses ||
		t[CA_TEST_BUSINESSES].limit != p->max_businesses ||
		t[CA_TEST_BUSINESSES].passed != (businesses <= p->max_businesses))
		abort();
	if (t[CA_TEST_LOW_INCOME].value != r->per_capita_fen ||
		t[CA_TEST_LOW_INCOME].limit != fen_times_ppm(p->standard_fen, p->low_income_multiple_ppm) ||
		t[CA_TEST_LOW_INCOME].passed != (r->per_capita_fen < t[CA_TEST_LOW_INCOME].limit))
		abort();
	if (t[CA_TEST_EXPENDITURE_SHARE].value != h->rigid_fen ||
		t[CA_TEST_EXPENDITURE_SHARE].limit != fen_times_ppm(r->net_fen, p->expenditure_share_ppm) ||
		t[CA_TEST_EXPENDITURE_SHARE].passed !=
		(h->rigid_fen > 0 && h->rigid_fen >= t[CA_TEST_EXPENDITURE_SHARE].limit))
		abort();
	if (t[CA_TEST_EXPENDITURE_INCOME].value != r->per_capita_fen ||
		t[CA_TEST_EXPENDITURE_INCOME].limit != p->expenditure_income_max_fen ||
		t[CA_TEST_EXPENDITURE_INCOME].passed !=
		(r->per_capita_fen < p->expenditure_income_max_fen))
		abort();

	/* The programmes. */
	assets_pass = t[CA_TEST_FINANCIAL_ASSETS].passed && t[CA_TEST_HOMES].passed &&
		t[CA_TEST_VEHICLES].passed && t[CA_TEST_BUSINESSES].passed;
	if (r->assets_pass != assets_pass ||
		r->dibao != (t[CA_TEST_DIBAO_INCOME].passed && assets_pass) ||
		r->low_income != (!r->dibao && t[CA_TEST_LOW_INCOME].passed && assets_pass) ||
		r->expenditure_hardship != (!r->dibao && t[CA_TEST_EXPENDITURE_SHARE].passed &&
									t[CA_TEST_EXPENDITURE_INCOME].passed && assets_pass))
		abort();
	for (m = 0; m < h->n_members; m++)
	{
		const ca_member *mem = &h->members[m];
		bool		want = r->dibao && !mem->has_capable_supporter &&
			(mem->age >= p->tekun_age_min || mem->age < p->tekun_minor_age_max ||
			 mem->work_capacity == CA_WORK_NONE);

		if (o->tekun[m] != want)
			abort();
		tekun_members += want;
	}
	if (r->tekun_members != tekun_members)
		abort();
}

static void
check_assess(const household *h)
{
	outcome		o;
	outcome		again;
	int			bad;
	ca_assessment_status want = expected_status(h, &bad);
	int			i;

	run(h, &o);
	run(h, &again);
	if (o.status != again.status || o.bad_index != again.bad_index ||
		memcmp(&o.result, &again.result, sizeof(o.result)) != 0 ||
		memcmp(o.items, again.items, sizeof(o.items[0]) * (size_t) h->n_incomes) != 0 ||
		memcmp(o.tekun, again.tekun, sizeof(o.tekun[0]) * (size_t) h->n_members) != 0)
		abort();

	if (o.status == CA_ASSESS_OVERFLOW)
	{
		if (want != CA_ASSESS_OK || ordinary(h) || o.bad_index != -1)
			abort();
	}
	else if (o.status != want || o.bad_index != bad)
		abort();

	if (o.status != CA_ASSESS_OK)
	{
		static const ca_assessment_result zero_result;
		static const ca_item_result zero_item;

		if (memcmp(&o.result, &zero_result, sizeof(zero_result)) != 0)
			abort();
		for (i = 0; i < h->n_incomes; i++)
			if (memcmp(&o.items[i], &zero_item, sizeof(zero_item)) != 0)
				abort();
		for (i = 0; i < h->n_members; i++)
			if (o.tekun[i])
				abort();
		return;
	}
	check_success(h, &o);
}

/* ca_round_ufen on any amount: symmetric about zero, an odd unit taken as 1. */
static void
check_round(int64_t ufen, int64_t unit, ca_rounding_mode mode)
{
	int64_t		got = ca_round_ufen(ufen, unit, mode);
	i128		magnitude = ufen < 0 ? -(i128) ufen : (i128) ufen;
	i128		want;

	if (unit < 1 || unit > INT64_MAX / CA_PPM)
		unit = 1;
	want = round_div(magnitude, (i128) unit * CA_PPM,
					 (int) mode >= CA_ROUND_HALF_UP && (int) mode <= CA_ROUND_DOWN ?
					 mode : CA_ROUND_HALF_UP) * unit;
	if (got != (ufen < 0 ? -want : want))
		abort();
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	input		in = {data, size};
	household	h;
	ca_assessment_policy *p = &h.policy;
	int			i;

	memset(&h, 0, sizeof(h));
	p->standard_fen = take_fen(&in);
	switch (byte(&in) % 16)
	{
		case 0:
			p->lookback_months = 0;
			break;
		case 1:
			p->lookback_months = 37;
			break;
		case 2:
			p->lookback_months = 36;
			break;
		default:
			p->lookback_months = 1 + (int) (byte(&in) % 12);
			break;
	}
	p->rounding_unit_fen = take_unit(&in);
	p->rounding_mode = (ca_rounding_mode) take_enum(&in, 3);
	p->presumed_income_fen = take_fen(&in);
	p->working_age_min = take_age(&in);
	p->working_age_max_male = take_age(&in);
	p->working_age_max_female = take_age(&in);
	p->financial_assets_max_ppm = take_ppm(&in);
	p->max_homes = take_count(&in);
	p->max_vehicles = take_count(&in);
	p->max_businesses = take_count(&in);
	p->low_income_multiple_ppm = take_ppm(&in);
	p->expenditure_share_ppm = take_ppm(&in);
	p->expenditure_income_max_fen = take_fen(&in);
	p->tekun_age_min = take_age(&in);
	p->tekun_minor_age_max = take_age(&in);

	h.n_members = (int) (byte(&in) % (MAX_MEMBERS + 1));
	for (i = 0; i < h.n_members; i++)
	{
		ca_member  *m = &h.members[i];
		unsigned	flags;

		m->person_id = i;
		m->age = take_age(&in);
		m->sex = (ca_sex) take_enum(&in, 2);
		m->work_capacity = (ca_work_capacity) take_enum(&in, 3);
		m->self_care = (ca_self_care) take_enum(&in, 3);
		flags = byte(&in);
		m->disability_grade = (int) (flags % 5);
		m->seriously_ill = (flags & 0x08) != 0;
		m->unemployed_without_reason = (flags & 0x10) != 0;
		m->has_capable_supporter = (flags & 0x20) != 0;
	}
	h.n_rules = (int) (byte(&in) % (MAX_RULES + 1));
	for (i = 0; i < h.n_rules; i++)
	{
		h.rules[i].treatment = (ca_income_treatment) take_enum(&in, 3);
		h.rules[i].deduction_ppm = take_ppm(&in);
		h.rules[i].deduction_cap_ppm = take_ppm(&in);
		h.rules[i].employment = (byte(&in) & 1) != 0;
	}
	h.n_incomes = (int) (byte(&in) % (MAX_INCOMES + 1));
	for (i = 0; i < h.n_incomes; i++)
	{
		h.incomes[i].member = take_index(&in, h.n_members);
		h.incomes[i].rule = take_index(&in, h.n_rules);
		h.incomes[i].month = take_index(&in, p->lookback_months > 0 ? p->lookback_months : 1);
		h.incomes[i].amount_fen = take_fen(&in);
	}
	h.n_assets = (int) (byte(&in) % (MAX_ASSETS + 1));
	for (i = 0; i < h.n_assets; i++)
	{
		h.assets[i].kind = (ca_asset_kind) take_enum(&in, 4);
		h.assets[i].exempt = (byte(&in) & 1) != 0;
		h.assets[i].value_fen = take_fen(&in);
	}
	h.rigid_fen = take_fen(&in);
	check_assess(&h);

	{
		int64_t		ufen = (int64_t) bytes(&in, 8);
		int64_t		unit = take_unit(&in);

		check_round(ufen, unit, (ca_rounding_mode) take_enum(&in, 3));
	}
	return 0;
}
