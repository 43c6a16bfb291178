/*
 * assessment.c: household economic assessment (家庭经济状况认定).
 *
 * See assessment.h for the interface.  The order of work is:
 *
 *   1. validate everything (members count, policy, income rules, income
 *      records, assets) before computing anything;
 *   2. per income record: counted / exempt amount and the uncapped
 *      work-cost deduction, in micro-fen;
 *   3. per member: the work-cost cap per month, in record order, and the
 *      presumed income for each month of the window;
 *   4. totals, the single rounding of the per-capita income, the tests and
 *      the programmes.
 *
 * Every product and sum goes through mul64() / add64(), so out-of-range
 * figures are reported as CA_ASSESS_OVERFLOW rather than wrapping.  The
 * kernel allocates nothing: the per-member work uses two arrays of
 * CA_MAX_LOOKBACK entries on the stack, at the cost of one scan of the income
 * records per member, which costs nothing for a household's few hundred records.
 *
 * No figure of any city's policy appears here: all come from the caller.
 */
#include "assessment.h"

#include <string.h>

#include "checked_int.h"

/* The longest look-back window accepted (assessment.h: lookback_months 1..36). */
#define CA_MAX_LOOKBACK 36


int64_t
ca_round_ufen(int64_t ufen, int64_t unit_fen, ca_rounding_mode mode)
{
	int64_t		step;
	int64_t		q;
	int64_t		r;

	/*
	 * ca_assess only ever passes 1, 10 or 100.  Any other positive unit
	 * works as long as unit × 10^6 fits; a unit that is not positive or too
	 * large would divide by zero or overflow, so it is taken as 1 fen rather
	 * than left undefined.
	 */
	if (unit_fen < 1 || unit_fen > INT64_MAX / CA_PPM)
		unit_fen = 1;
	step = unit_fen * CA_PPM;

	/*
	 * C99 division truncates toward zero and the remainder takes the sign of
	 * the dividend, so q is already the DOWN result for either sign, and
	 * negative amounts are handled symmetrically: HALF_UP rounds half away
	 * from zero, UP rounds away from zero, DOWN toward zero.  Working with
	 * the remainder avoids negating ufen, which would overflow at INT64_MIN.
	 */
	q = ufen / step;
	r = ufen % step;
	switch (mode)
	{
		case CA_ROUND_DOWN:
			break;
		case CA_ROUND_UP:
			if (r > 0)
				q++;
			else if (r < 0)
				q--;
			break;
		case CA_ROUND_HALF_UP:
		default:

			/*
			 * An unknown mode (ca_assess rejects those) gets the ordinary
			 * rule.  "2|r| >= step" is written as "|r| >= step - |r|" so that
			 * it cannot overflow: |r| < step.
			 */
			if (r > 0 && r >= step - r)
				q++;
			else if (r < 0 && -r >= step + r)
				q--;
			break;
	}
	/* |q| <= |ufen| / step + 1, so q × unit stays below 2 × INT64_MAX / 10^6. */
	return q * unit_fen;
}

const char *
ca_test_name(ca_test test)
{
	/* These become JSON keys: never rename them. */
	switch (test)
	{
		case CA_TEST_DIBAO_INCOME:
			return "dibao_income";
		case CA_TEST_FINANCIAL_ASSETS:
			return "financial_assets";
		case CA_TEST_HOMES:
			return "homes";
		case CA_TEST_VEHICLES:
			return "vehicles";
		case CA_TEST_BUSINESSES:
			return "businesses";
		case CA_TEST_LOW_INCOME:
			return "low_income";
		case CA_TEST_EXPENDITURE_SHARE:
			return "expenditure_share";
		case CA_TEST_EXPENDITURE_INCOME:
			return "expenditure_income";
		case CA_TEST_COUNT:
			break;
	}
	/* Not NULL, so that a caller's bug cannot become a NULL dereference. */
	return "unknown";
}

const char *
ca_assessment_status_text(ca_assessment_status status)
{
	switch (status)
	{
		case CA_ASSESS_OK:
			return "The assessment was completed";
		case CA_ASSESS_NO_MEMBERS:
			return "The household has no members";
		case CA_ASSESS_BAD_POLICY:
			return "A policy parameter or income rule is out of its range";
		case CA_ASSESS_BAD_INCOME:
			return "An income record has a negative amount, a month outside the look-back window, or an unknown member or rule";
		case CA_ASSESS_BAD_ASSET:
			return "An asset has a negative value or an unknown kind";
		case CA_ASSESS_OVERFLOW:
			return "The amounts are too large to be added up exactly";
	}
	return "Unknown error";
}

/* ---------------------------------------------------------------- validation */

static bool
policy_valid(const ca_assessment_policy *p)
{
	if (p->standard_fen <= 0)
		return false;
	if (p->lookback_months < 1 || p->lookback_months > CA_MAX_LOOKBACK)
		return false;
	if (p->rounding_unit_fen != 1 && p->rounding_unit_fen != 10 &&
		p->rounding_unit_fen != 100)
		return false;
	/* The cast keeps an out-of-range value from being an unsigned compare. */
	switch ((int) p->rounding_mode)
	{
		case CA_ROUND_HALF_UP:
		case CA_ROUND_UP:
		case CA_ROUND_DOWN:
			break;
		default:
			return false;
	}
	if (p->presumed_income_fen < 0 || p->expenditure_income_max_fen < 0)
		return false;
	if (p->financial_assets_max_ppm < 0 || p->low_income_multiple_ppm < 0 ||
		p->expenditure_share_ppm < 0)
		return false;

	/*
	 * Ages only need to be non-negative.  An empty working-age range (min
	 * above max) is accepted and simply means nobody is of working age: it is
	 * how a place without presumed income for one sex would say so.
	 */
	if (p->working_age_min < 0 || p->working_age_max_male < 0 ||
		p->working_age_max_female < 0 || p->tekun_age_min < 0 ||
		p->tekun_minor_age_max < 0)
		return false;
	if (p->max_homes < 0 || p->max_vehicles < 0 || p->max_businesses < 0)
		return false;
	return true;
}

static bool
rule_valid(const ca_income_rule *rule)
{
	switch ((int) rule->treatment)
	{
		case CA_INCOME_COUNTED:
		case CA_INCOME_EXEMPT:
		case CA_INCOME_WORK_COST:
			break;
		default:
			return false;
	}

	/*
	 * A deduction is a share of the amount: more than 100% would turn
	 * earnings into negative income, so it is a bad rule, not a policy.  This
	 * also keeps every record's deduction at or below its counted amount, so
	 * the net income can never be negative.
	 */
	if (rule->deduction_ppm < 0 || rule->deduction_ppm > CA_PPM)
		return false;
	if (rule->deduction_cap_ppm < 0)
		return false;
	return true;
}

static bool
income_valid(const ca_income *inc, int n_members, int n_rules, int months)
{
	return inc->member >= 0 && inc->member < n_members &&
		inc->rule >= 0 && inc->rule < n_rules &&
		inc->month >= 0 && inc->month < months &&
		inc->amount_fen >= 0;
}

static bool
asset_valid(const ca_asset *asset)
{
	switch ((int) asset->kind)
	{
		case CA_ASSET_FINANCIAL:
		case CA_ASSET_HOME:
		case CA_ASSET_VEHICLE:
		case CA_ASSET_BUSINESS:
			break;
		default:
			return false;
	}
	return asset->value_fen >= 0;
}

/*
 * Clear every output the caller gave room for, so that a failed call leaves
 * zeros (and no stale figures from an earlier call) behind.
 */
static void
clear_outputs(ca_assessment_result *result, ca_item_result *items,
			  int n_incomes, bool *tekun, int n_members)
{
	int			i;

	if (result)
		memset(result, 0, sizeof(*result));
	if (items)
		for (i = 0; i < n_incomes; i++)
			memset(&items[i], 0, sizeof(items[i]));
	if (tekun)
		for (i = 0; i < n_members; i++)
			tekun[i] = false;
}

static ca_assessment_status
validate(const ca_assessment_policy *policy,
		 const ca_member *members, int n_members,
		 const ca_income_rule *rules, int n_rules,
		 const ca_income *incomes, int n_incomes,
		 const ca_asset *assets, int n_assets,
		 int *bad)
{
	int			i;

	*bad = -1;
	if (n_members < 1 || members == NULL)
		return CA_ASSESS_NO_MEMBERS;

	/*
	 * The income rules come from the policy tables too, and the status list
	 * has no separate code for them: a bad rule is CA_ASSESS_BAD_POLICY with
	 * *bad_index = the rule's index, while a bad field of the policy itself
	 * leaves *bad_index at -1.
	 */
	if (policy == NULL || !policy_valid(policy) || n_rules < 0 ||
		(n_rules > 0 && rules == NULL))
		return CA_ASSESS_BAD_POLICY;
	for (i = 0; i < n_rules; i++)
		if (!rule_valid(&rules[i]))
		{
			*bad = i;
			return CA_ASSESS_BAD_POLICY;
		}

	/* A negative count or a missing array is the list's fault, not a record's. */
	if (n_incomes < 0 || (n_incomes > 0 && incomes == NULL))
		return CA_ASSESS_BAD_INCOME;
	for (i = 0; i < n_incomes; i++)
		if (!income_valid(&incomes[i], n_members, n_rules, policy->lookback_months))
		{
			*bad = i;
			return CA_ASSESS_BAD_INCOME;
		}

	if (n_assets < 0 || (n_assets > 0 && assets == NULL))
		return CA_ASSESS_BAD_ASSET;
	for (i = 0; i < n_assets; i++)
		if (!asset_valid(&assets[i]))
		{
			*bad = i;
			return CA_ASSESS_BAD_ASSET;
		}
	return CA_ASSESS_OK;
}

/* ------------------------------------------------------------------ incomes */

/*
 * Presumed income applies to a member flagged as unemployed without good
 * reason, fully able to work, and of working age for their sex.
 */
static bool
presumed_applies(const ca_assessment_policy *p, const ca_member *m)
{
	int			age_max;

	if (p->presumed_income_fen <= 0 || !m->unemployed_without_reason ||
		m->work_capacity != CA_WORK_FULL)
		return false;
	switch ((int) m->sex)
	{
		case CA_SEX_MALE:
			age_max = p->working_age_max_male;
			break;
		case CA_SEX_FEMALE:
			age_max = p->working_age_max_female;
			break;
		default:

			/*
			 * The interface has no status for a bad member.  Presumed income
			 * can only raise the household's income, so when the sex is not
			 * one we know, the working-age limit is unknown and the member is
			 * given the benefit of the doubt.
			 */
			return false;
	}
	return m->age >= p->working_age_min && m->age <= age_max;
}

/*
 * For one member: cap the work-cost deductions per month (items[] holds the
 * uncapped deductions on entry and the capped ones on return) and add the
 * member's presumed income over the window to *presumed_fen.
 */
static bool
member_incomes(const ca_assessment_policy *policy, const ca_member *member,
			   int m, const ca_income_rule *rules,
			   const ca_income *incomes, int n_incomes,
			   ca_item_result *items, int64_t *presumed_fen)
{
	int64_t		used_ufen[CA_MAX_LOOKBACK];	/* deductions granted so far */
	int64_t		employment_fen[CA_MAX_LOOKBACK];	/* gross employment income */
	bool		presumed = presumed_applies(policy, member);
	int			i;

	memset(used_ufen, 0, sizeof(used_ufen));
	memset(employment_fen, 0, sizeof(employment_fen));

	/* Record order matters for the cap: walk the records as given. */
	for (i = 0; i < n_incomes; i++)
	{
		const ca_income *inc = &incomes[i];
		const ca_income_rule *rule;

		if (inc->member != m)
			continue;
		rule = &rules[inc->rule];

		/* Exempt records never count as employment income, whatever the rule
		 * says: an exempt item is by definition not income. */
		if (presumed && rule->employment && rule->treatment != CA_INCOME_EXEMPT)
		{
			if (!add64(employment_fen[inc->month], inc->amount_fen,
					   &employment_fen[inc->month]))
				return false;
		}

		if (rule->treatment != CA_INCOME_WORK_COST)
			continue;

		/*
		 * The cap is per member and month.  It is not shared out
		 * proportionally: the records take it in the order given, each getting
		 * min(its deduction, what is left), which is simple and gives the
		 * same answer every time for the same input.  The running total counts
		 * every work-cost deduction of the member-month, including those of
		 * rules without a cap; each record is held to its own rule's cap
		 * (with one work-cost rule, the usual case, that is exactly "the
		 * month's deductions may not exceed the cap").
		 */
		if (rule->deduction_cap_ppm > 0)
		{
			int64_t		cap_ufen;
			int64_t		left_ufen;

			/* ppm of the standard in fen is micro-fen: ppm × fen / 10^6 × 10^6. */
			if (!mul64(rule->deduction_cap_ppm, policy->standard_fen, &cap_ufen))
				return false;
			left_ufen = cap_ufen - used_ufen[inc->month];	/* both >= 0 */
			if (left_ufen < 0)
				left_ufen = 0;
			if (items[i].deducted_ufen > left_ufen)
				items[i].deducted_ufen = left_ufen;
		}
		if (!add64(used_ufen[inc->month], items[i].deducted_ufen,
				   &used_ufen[inc->month]))
			return false;
	}

	if (presumed)
	{
		int			month;

		for (month = 0; month < policy->lookback_months; month++)
			if (employment_fen[month] < policy->presumed_income_fen)
			{
				if (!add64(*presumed_fen,
						   policy->presumed_income_fen - employment_fen[month],
						   presumed_fen))
					return false;
			}
	}
	return true;
}

/* -------------------------------------------------------------------- tests */

static void
set_test(ca_assessment_result *result, ca_test test, int64_t value,
		 int64_t limit, bool passed)
{
	result->tests[test].value = value;
	result->tests[test].limit = limit;
	result->tests[test].passed = passed;
}

/* fen × ppm is micro-fen; round it half up to the fen.  False on overflow. */
static bool
fen_times_ppm(int64_t fen, int64_t ppm, int64_t *out_fen)
{
	int64_t		ufen;

	if (!mul64(fen, ppm, &ufen))
		return false;
	*out_fen = ca_round_ufen(ufen, 1, CA_ROUND_HALF_UP);
	return true;
}

/* ------------------------------------------------------------------ ca_assess */

static ca_assessment_status
assess(const ca_assessment_policy *policy,
	   const ca_member *members, int n_members,
	   const ca_income_rule *rules,
	   const ca_income *incomes, int n_incomes,
	   const ca_asset *assets, int n_assets,
	   int64_t rigid_expenditure_fen,
	   ca_assessment_result *result, ca_item_result *items, bool *tekun)
{
	int64_t		counted_ufen = 0;
	int64_t		exempt_ufen = 0;
	int64_t		deducted_ufen = 0;
	int64_t		presumed_fen = 0;
	int64_t		presumed_ufen;
	int64_t		net_ufen;
	int64_t		divisor;
	int64_t		per_capita_ufen;
	int64_t		remainder;
	int64_t		per_capita_fen;
	int64_t		financial_fen = 0;
	int			homes = 0,
				vehicles = 0,
				businesses = 0;
	int64_t		limit;
	const ca_test_result *t;
	bool		dibao_poor;
	int			i;

	/* Per record: what is counted, what is exempt, the uncapped deduction. */
	for (i = 0; i < n_incomes; i++)
	{
		const ca_income *inc = &incomes[i];
		const ca_income_rule *rule = &rules[inc->rule];
		int64_t		ufen;

		if (!mul64(inc->amount_fen, CA_PPM, &ufen))
			return CA_ASSESS_OVERFLOW;
		switch (rule->treatment)
		{
			case CA_INCOME_COUNTED:
				items[i].counted_ufen = ufen;
				break;
			case CA_INCOME_EXEMPT:
				items[i].exempt_ufen = ufen;
				break;
			case CA_INCOME_WORK_COST:
				items[i].counted_ufen = ufen;
				/* amount fen × share ppm is the deduction in micro-fen */
				if (!mul64(inc->amount_fen, rule->deduction_ppm,
						   &items[i].deducted_ufen))
					return CA_ASSESS_OVERFLOW;
				break;
		}
	}

	/* Per member: the monthly cap and the presumed income. */
	for (i = 0; i < n_members; i++)
		if (!member_incomes(policy, &members[i], i, rules, incomes, n_incomes,
							items, &presumed_fen))
			return CA_ASSESS_OVERFLOW;

	for (i = 0; i < n_incomes; i++)
		if (!add64(counted_ufen, items[i].counted_ufen, &counted_ufen) ||
			!add64(exempt_ufen, items[i].exempt_ufen, &exempt_ufen) ||
			!add64(deducted_ufen, items[i].deducted_ufen, &deducted_ufen))
			return CA_ASSESS_OVERFLOW;

	/* deducted <= counted record by record, so this cannot go below zero. */
	if (!mul64(presumed_fen, CA_PPM, &presumed_ufen) ||
		!add64(counted_ufen - deducted_ufen, presumed_ufen, &net_ufen))
		return CA_ASSESS_OVERFLOW;

	/*
	 * The single rounding.  net is divided in micro-fen and only the quotient
	 * is rounded to the unit.  Truncating the division is exact for HALF_UP
	 * and DOWN: their thresholds are whole micro-fen (the half of a unit is
	 * 500000, 5000000 or 50000000 micro-fen), so the fraction of a micro-fen
	 * cut off can never move a figure across one.  For UP that fraction would
	 * matter (300 fen and 1 micro-fen over 3 people is 100.0000003 fen, which
	 * UP must take to 101), so in UP mode the division rounds away from zero
	 * instead.  The result is then
	 * the exact rational per-capita figure rounded once by the mode.
	 * months ≤ 36 and members ≤ INT_MAX: the divisor cannot overflow.
	 */
	divisor = (int64_t) policy->lookback_months * n_members;
	per_capita_ufen = net_ufen / divisor;
	remainder = net_ufen % divisor;
	if (policy->rounding_mode == CA_ROUND_UP && remainder != 0)
		per_capita_ufen += remainder > 0 ? 1 : -1;
	per_capita_fen = ca_round_ufen(per_capita_ufen, policy->rounding_unit_fen,
								   policy->rounding_mode);

	/*
	 * The window totals are for display only and are each rounded half up to
	 * the fen on their own, so counted - deducted + presumed may differ from
	 * net_fen by a fen.  Decisions use per_capita_fen, rounded once from the
	 * exact figure.
	 */
	result->members = n_members;
	result->counted_fen = ca_round_ufen(counted_ufen, 1, CA_ROUND_HALF_UP);
	result->exempt_fen = ca_round_ufen(exempt_ufen, 1, CA_ROUND_HALF_UP);
	result->deducted_fen = ca_round_ufen(deducted_ufen, 1, CA_ROUND_HALF_UP);
	result->presumed_fen = presumed_fen;
	result->net_fen = ca_round_ufen(net_ufen, 1, CA_ROUND_HALF_UP);
	result->per_capita_fen = per_capita_fen;
	result->standard_fen = policy->standard_fen;

	/* Assets: financial values add up; other kinds count one each. */
	for (i = 0; i < n_assets; i++)
	{
		if (assets[i].exempt)
			continue;
		switch (assets[i].kind)
		{
			case CA_ASSET_FINANCIAL:
				if (!add64(financial_fen, assets[i].value_fen, &financial_fen))
					return CA_ASSESS_OVERFLOW;
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

	set_test(result, CA_TEST_DIBAO_INCOME, per_capita_fen, policy->standard_fen,
			 per_capita_fen < policy->standard_fen);

	/*
	 * Financial assets per capita: integer division, as specified, so a
	 * household total that is over the limit by less than one fen per person
	 * still passes (the benefit of a sub-fen doubt goes to the applicant).
	 * The limit, like every fen figure derived from a ppm multiple here, is
	 * rounded half up to the fen.
	 */
	if (!fen_times_ppm(policy->standard_fen, policy->financial_assets_max_ppm, &limit))
		return CA_ASSESS_OVERFLOW;
	set_test(result, CA_TEST_FINANCIAL_ASSETS, financial_fen / n_members, limit,
			 financial_fen / n_members <= limit);
	set_test(result, CA_TEST_HOMES, homes, policy->max_homes,
			 homes <= policy->max_homes);
	set_test(result, CA_TEST_VEHICLES, vehicles, policy->max_vehicles,
			 vehicles <= policy->max_vehicles);
	set_test(result, CA_TEST_BUSINESSES, businesses, policy->max_businesses,
			 businesses <= policy->max_businesses);

	if (!fen_times_ppm(policy->standard_fen, policy->low_income_multiple_ppm, &limit))
		return CA_ASSESS_OVERFLOW;
	set_test(result, CA_TEST_LOW_INCOME, per_capita_fen, limit,
			 per_capita_fen < limit);

	/*
	 * Rigid expenditure against the net income over the whole window, in
	 * fen as displayed.  A household with no expenditure cannot pass even
	 * when its income is zero (limit 0); a negative expenditure (there is no
	 * status to reject it with) fails the same way.
	 */
	if (!fen_times_ppm(result->net_fen, policy->expenditure_share_ppm, &limit))
		return CA_ASSESS_OVERFLOW;
	set_test(result, CA_TEST_EXPENDITURE_SHARE, rigid_expenditure_fen, limit,
			 rigid_expenditure_fen >= limit && rigid_expenditure_fen > 0);
	set_test(result, CA_TEST_EXPENDITURE_INCOME, per_capita_fen,
			 policy->expenditure_income_max_fen,
			 per_capita_fen < policy->expenditure_income_max_fen);

	t = result->tests;
	result->assets_pass = t[CA_TEST_FINANCIAL_ASSETS].passed &&
		t[CA_TEST_HOMES].passed && t[CA_TEST_VEHICLES].passed &&
		t[CA_TEST_BUSINESSES].passed;
	dibao_poor = t[CA_TEST_DIBAO_INCOME].passed && result->assets_pass;
	result->dibao = dibao_poor;
	/* The programmes below are for households that do not get dibao. */
	result->low_income = !result->dibao && t[CA_TEST_LOW_INCOME].passed &&
		result->assets_pass;
	result->expenditure_hardship = !result->dibao &&
		t[CA_TEST_EXPENDITURE_SHARE].passed &&
		t[CA_TEST_EXPENDITURE_INCOME].passed && result->assets_pass;

	/*
	 * 特困 is per member: dibao-level poverty of the household, no capable
	 * supporter, and old, a minor, or without work capacity.  The interface
	 * cannot reject a member, so a negative age counts as a minor when
	 * tekun_minor_age_max > 0; the caller should not send one.
	 */
	result->tekun_members = 0;
	for (i = 0; i < n_members; i++)
	{
		const ca_member *m = &members[i];

		tekun[i] = dibao_poor && !m->has_capable_supporter &&
			(m->age >= policy->tekun_age_min ||
			 m->age < policy->tekun_minor_age_max ||
			 m->work_capacity == CA_WORK_NONE);
		if (tekun[i])
			result->tekun_members++;
	}
	return CA_ASSESS_OK;
}

ca_assessment_status
ca_assess(const ca_assessment_policy *policy,
		  const ca_member *members, int n_members,
		  const ca_income_rule *rules, int n_rules,
		  const ca_income *incomes, int n_incomes,
		  const ca_asset *assets, int n_assets,
		  int64_t rigid_expenditure_fen,
		  ca_assessment_result *result,
		  ca_item_result *items, bool *tekun,
		  int *bad_index)
{
	ca_assessment_status status;
	int			bad;

	/*
	 * result, items (when n_incomes > 0) and tekun are required outputs, as
	 * assessment.h says: the status list has no code for a caller that gives
	 * no room, so they are a precondition, not a check.  bad_index may be
	 * NULL.
	 */
	clear_outputs(result, items, n_incomes, tekun, n_members);
	status = validate(policy, members, n_members, rules, n_rules,
					  incomes, n_incomes, assets, n_assets, &bad);
	if (status == CA_ASSESS_OK)
	{
		status = assess(policy, members, n_members, rules, incomes, n_incomes,
						assets, n_assets, rigid_expenditure_fen,
						result, items, tekun);

		/*
		 * An overflow is in a sum or a product, not in one record, and the
		 * status does not say whether an income or an asset would be meant:
		 * *bad_index stays -1.  The half-filled outputs are cleared.
		 */
		if (status != CA_ASSESS_OK)
			clear_outputs(result, items, n_incomes, tekun, n_members);
	}
	if (bad_index)
		*bad_index = bad;
	return status;
}
