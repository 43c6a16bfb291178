/*
 * entitlement.c: what each programme pays for one month.
 *
 * See entitlement.h for the interface.  No figure of any city's policy
 * appears here: every amount, rate and age comes from the caller.
 *
 * Dibao, exactly.  The payment is made of amounts that are not whole
 * micro-fen: under the gap method a covered person's share of the base is
 *
 *     share = standard × 10^6 − net_monthly / members          (micro-fen)
 *
 * and an add-on at rate r (ppm) is share × r / 10^6.  Rather than truncate
 * each of those divisions (which would let sub-micro-fen errors add up and,
 * with DOWN or UP, move the result across a unit), every figure is written in
 * the one form
 *
 *     a − net × k / (members × 10^6)                            (micro-fen)
 *
 * with integers a and k, and evaluated exactly (exact_value()): the
 * household's base is a = covered × standard × 10^6, k = covered × 10^6; an
 * add-on kind that applies c times is a = standard × c × r + c × fixed × 10^6,
 * k = c × r; sums add their a and k.  When the base is a whole amount per
 * person (a tier, or the floor), net is taken as 0 and every figure is a
 * whole number of micro-fen.  So the single rounding, by the policy's unit
 * and mode, is applied to the exact total, and nothing is rounded before it.
 *
 * Every product and sum goes through mul64() / add64() / sub64(); a figure
 * that int64 micro-fen cannot hold makes the call fail rather than wrap.
 */
#include "entitlement.h"

#include <string.h>

#include "checked_int.h"



/*
 * floor(a × b / d) into *q and the remainder into *r, for a, b >= 0 and
 * 0 < d <= INT64_MAX / 2, without needing a × b to fit in int64: false only
 * when the quotient itself does not fit.
 *
 * With a = qa × d + ra, a × b / d = qa × b + ra × b / d.  The second part is
 * one division when ra × b fits in int64; otherwise it is worked out bit by
 * bit of b (double the partial product, add ra for a set
 * bit, carry every whole d into the quotient), so the running remainder
 * stays below d and 2d never overflows; its quotient is below b.
 */
static bool
muldiv(int64_t a, int64_t b, int64_t d, int64_t *q, int64_t *r)
{
	int64_t		qa = a / d;
	int64_t		ra = a % d;
	int64_t		q_low = 0;
	int64_t		r_low = 0;
	int			bit;

	if (!mul64(qa, b, q))
		return false;
	/* The usual case: ra × b fits, and one division does. */
	if (mul64(ra, b, &r_low))
	{
		q_low = r_low / d;
		*r = r_low % d;
		return add64(*q, q_low, q);
	}
	r_low = 0;
	for (bit = 62; bit >= 0; bit--)
	{
		q_low *= 2;
		r_low *= 2;
		if (r_low >= d)
		{
			r_low -= d;
			q_low++;
		}
		if ((b >> bit) & 1)
		{
			r_low += ra;
			if (r_low >= d)
			{
				r_low -= d;
				q_low++;
			}
		}
	}
	*r = r_low;
	return add64(*q, q_low, q);
}

/*
 * An exact amount in micro-fen: its floor, and whether a fraction of a
 * micro-fen is left over (amount = floor_ufen + something in (0, 1)).
 */
typedef struct exact_ufen
{
	int64_t		floor_ufen;
	bool		fraction;
} exact_ufen;

/* a − net × k / d, exactly (net, k >= 0, d > 0).  False on overflow. */
static bool
exact_value(int64_t a, int64_t net, int64_t k, int64_t d, exact_ufen *out)
{
	int64_t		q;
	int64_t		r;

	if (!muldiv(net, k, d, &q, &r) || !sub64(a, q, &out->floor_ufen))
		return false;
	out->fraction = r > 0;
	/* a − (q + r/d) = (a − q − 1) + (d − r)/d */
	if (out->fraction && !sub64(out->floor_ufen, 1, &out->floor_ufen))
		return false;
	return true;
}

/*
 * Round an exact amount (>= 0) by the unit and mode, with ca_round_ufen().
 * The thresholds of HALF_UP and DOWN are whole micro-fen (a unit is 10^6,
 * 10^7 or 10^8 micro-fen, half of it 500000 or more), so for them the floor
 * decides exactly as the exact amount would; UP must see the fraction, so it
 * is given the ceiling.  floor_ufen + 1 cannot overflow when there is a
 * fraction: exact_value() subtracted that 1.
 */
static int64_t
round_exact(exact_ufen v, int64_t unit_fen, ca_rounding_mode mode)
{
	int64_t		ufen = v.floor_ufen;

	if (mode == CA_ROUND_UP && v.fraction)
		ufen++;
	return ca_round_ufen(ufen, unit_fen, mode);
}

/* Half up to the fen: how components are shown. */
static int64_t
shown_fen(exact_ufen v)
{
	return round_exact(v, 1, CA_ROUND_HALF_UP);
}

/* ---------------------------------------------------------------- validation */

static bool
rounding_valid(int64_t unit_fen, ca_rounding_mode mode)
{
	if (unit_fen != 1 && unit_fen != 10 && unit_fen != 100)
		return false;
	/* The cast keeps an out-of-range value from being an unsigned compare. */
	switch ((int) mode)
	{
		case CA_ROUND_HALF_UP:
		case CA_ROUND_UP:
		case CA_ROUND_DOWN:
			return true;
	}
	return false;
}

static bool
self_care_valid(ca_self_care self_care)
{
	switch ((int) self_care)
	{
		case CA_SELF_CARE_FULL:
		case CA_SELF_CARE_PARTIAL:
		case CA_SELF_CARE_NONE:
			return true;
	}
	return false;
}

static bool
person_valid(const ca_covered_person *person)
{
	switch ((int) person->work_capacity)
	{
		case CA_WORK_NONE:
		case CA_WORK_PARTIAL:
		case CA_WORK_FULL:
			break;
		default:
			return false;
	}
	return person->age >= 0 && self_care_valid(person->self_care) &&
		person->disability_grade >= 0 && person->disability_grade <= 4;
}

/*
 * Every field must be in range, whether the method in force uses it or not,
 * so that a policy row is either right or rejected, never half right.  The
 * income bands must not contradict each other: tier 1 needs a gap at least as
 * large as tier 2 does (equal thresholds leave tier 2 unused, which is how a
 * place with two bands says so).  Tier amounts are not required to descend.
 */
static bool
dibao_policy_valid(const ca_dibao_policy *p)
{
	int			k;

	if (p->standard_fen <= 0)
		return false;
	switch ((int) p->method)
	{
		case CA_DIBAO_GAP:
		case CA_DIBAO_TIERED:
			break;
		default:
			return false;
	}
	switch ((int) p->placement)
	{
		case CA_TIER_BY_CATEGORY:
		case CA_TIER_BY_INCOME_BAND:
			break;
		default:
			return false;
	}
	for (k = 0; k < 3; k++)
		if (p->tier_fen[k] < 0)
			return false;
	if (p->band_gap_min_fen[1] < 0 || p->band_gap_min_fen[0] < p->band_gap_min_fen[1])
		return false;
	if (p->category_b_age < 0 || p->addon_elderly_age < 0 || p->addon_minor_age < 0)
		return false;
	for (k = 0; k < CA_ADDON_COUNT; k++)
		if (p->addons[k].rate_ppm < 0 || p->addons[k].fixed_fen < 0)
			return false;
	if (p->min_per_person_fen < 0)
		return false;
	return rounding_valid(p->rounding_unit_fen, p->rounding_mode);
}

/* ---------------------------------------------------------------- dibao */

/* Does add-on kind k apply to the person?  Several kinds may: they stack. */
static bool
addon_applies(const ca_dibao_policy *p, ca_addon k, const ca_covered_person *person)
{
	switch (k)
	{
		case CA_ADDON_ELDERLY:
			return person->age >= p->addon_elderly_age;
		case CA_ADDON_MINOR:
			return person->age < p->addon_minor_age;
		case CA_ADDON_SEVERE_DISABILITY:
			return person->disability_grade == 1 || person->disability_grade == 2;
		case CA_ADDON_SERIOUS_ILLNESS:
			return person->seriously_ill;
		case CA_ADDON_COUNT:
			break;
	}
	return false;
}

/*
 * Tier by category, from the covered persons only (for single-person
 * enrolment, the one enrolled): A (1) first, then B (2), else C (3).
 * "Cannot care for themselves" is CA_SELF_CARE_NONE; a person who is partly
 * unable (半失能) places the household in neither A nor B on that ground
 * alone, as entitlement.h defines the categories.
 */
static int
tier_by_category(const ca_dibao_policy *p, const ca_covered_person *covered, int n)
{
	int			tier = 3;
	int			i;

	for (i = 0; i < n; i++)
	{
		const ca_covered_person *c = &covered[i];

		if (c->work_capacity == CA_WORK_NONE || c->self_care == CA_SELF_CARE_NONE)
			return 1;
		if (c->work_capacity == CA_WORK_PARTIAL || c->age >= p->category_b_age ||
			c->disability_grade == 1 || c->disability_grade == 2 || c->seriously_ill)
			tier = 2;
	}
	return tier;
}

/*
 * Tier by income band.  The per-capita gap standard × 10^6 − net / members
 * is exact; its floor is standard × 10^6 − ceil(net / members), and since
 * the thresholds are whole micro-fen, "gap >= threshold" is decided by the
 * floor.  A household at or above the standard falls in tier 3: whether it
 * is paid at all is for the caller (the assessment) to decide.
 */
static bool
tier_by_income_band(const ca_dibao_policy *p, int64_t net_ufen, int members, int *tier)
{
	int64_t		standard_ufen;
	int64_t		ceil_per_capita = net_ufen / members + (net_ufen % members != 0);
	int64_t		gap_floor;
	int			b;

	if (!mul64(p->standard_fen, CA_PPM, &standard_ufen) ||
		!sub64(standard_ufen, ceil_per_capita, &gap_floor))
		return false;
	*tier = 3;
	for (b = 1; b >= 0; b--)
	{
		int64_t		threshold;

		/* a threshold beyond int64 micro-fen cannot be reached */
		if (mul64(p->band_gap_min_fen[b], CA_PPM, &threshold) && gap_floor >= threshold)
			*tier = b + 1;
	}
	return true;
}

/*
 * The payment, once the input is known to be valid.  False on overflow; the
 * caller then clears the half-filled payment.
 */
static bool
dibao_payment(const ca_dibao_policy *p, int64_t net_ufen, int members,
			  const ca_covered_person *covered, int n, ca_dibao_payment *payment)
{
	const int64_t d = (int64_t) members * CA_PPM;	/* members <= INT_MAX: fits */
	const int64_t k_base = (int64_t) n * CA_PPM;
	int64_t		cap_ufen;
	int64_t		floor_ufen;
	int64_t		per_person_fen; /* the share of the base, in whole fen ... */
	int64_t		share_net_ufen; /* ... less share_net / members micro-fen */
	int64_t		a_base;
	int64_t		a_addons = 0;
	int64_t		k_addons = 0;
	int64_t		a_total;
	int64_t		k_total;
	exact_ufen	base;
	exact_ufen	addons;
	exact_ufen	total;
	int			k;
	int			i;

	if (!mul64(p->standard_fen, n, &payment->cap_fen) ||
		!mul64(payment->cap_fen, CA_PPM, &cap_ufen) ||
		!mul64(p->min_per_person_fen, k_base, &floor_ufen))
		return false;

	if (p->method == CA_DIBAO_GAP)
	{
		/* covered × standard − net × covered / members, exactly */
		if (!exact_value(cap_ufen, net_ufen, k_base, d, &base))
			return false;

		/*
		 * At or above the standard: nothing, neither floor nor add-ons.  Only
		 * cap_fen, which describes the household rather than a payment, is
		 * left filled in.
		 */
		if (base.floor_ufen < 0 || (base.floor_ufen == 0 && !base.fraction))
			return true;

		/* The floor is whole micro-fen, so the floor of the base decides. */
		if (base.floor_ufen < floor_ufen)
		{
			per_person_fen = p->min_per_person_fen;
			share_net_ufen = 0;
		}
		else
		{
			per_person_fen = p->standard_fen;
			share_net_ufen = net_ufen;
		}
	}
	else
	{
		if (p->placement == CA_TIER_BY_CATEGORY)
			payment->tier = tier_by_category(p, covered, n);
		else if (!tier_by_income_band(p, net_ufen, members, &payment->tier))
			return false;
		per_person_fen = p->tier_fen[payment->tier - 1];
		if (per_person_fen < p->min_per_person_fen)
			per_person_fen = p->min_per_person_fen;
		share_net_ufen = 0;
	}

	/* The base, after the floor: covered × the share. */
	if (!mul64(per_person_fen, k_base, &a_base) ||
		!exact_value(a_base, share_net_ufen, k_base, d, &base))
		return false;
	payment->base_fen = shown_fen(base);

	/*
	 * Add-ons, kind by kind.  Each applies to a person's share of the base
	 * (not to the share plus other add-ons: kinds stack by addition, they do
	 * not compound), c being the number of covered persons it applies to:
	 *     c × (share × rate / 10^6 + fixed × 10^6)
	 *   = per_person × c × rate + c × fixed × 10^6 − net × c × rate / d.
	 */
	for (k = 0; k < CA_ADDON_COUNT; k++)
	{
		const ca_addon_rule *rule = &p->addons[k];
		int64_t		c = 0;
		int64_t		k_kind;
		int64_t		a_kind;
		int64_t		fixed_ufen;
		exact_ufen	kind;

		for (i = 0; i < n; i++)
			if (addon_applies(p, (ca_addon) k, &covered[i]))
				c++;
		if (!mul64(c, rule->rate_ppm, &k_kind) ||
			!mul64(per_person_fen, k_kind, &a_kind) ||
			!mul64(c, rule->fixed_fen, &fixed_ufen) ||
			!mul64(fixed_ufen, CA_PPM, &fixed_ufen) ||
			!add64(a_kind, fixed_ufen, &a_kind) ||
			!exact_value(a_kind, share_net_ufen, k_kind, d, &kind))
			return false;
		payment->addon_fen[k] = shown_fen(kind);
		if (!add64(a_addons, a_kind, &a_addons) || !add64(k_addons, k_kind, &k_addons))
			return false;
	}
	if (!exact_value(a_addons, share_net_ufen, k_addons, d, &addons))
		return false;
	payment->addons_fen = shown_fen(addons);

	/* The cap, then the one rounding; the rounded total never exceeds the cap. */
	if (!add64(a_base, a_addons, &a_total) || !add64(k_base, k_addons, &k_total) ||
		!exact_value(a_total, share_net_ufen, k_total, d, &total))
		return false;
	if (total.floor_ufen >= cap_ufen)
	{
		total.floor_ufen = cap_ufen;
		total.fraction = false;
	}
	payment->total_fen = round_exact(total, p->rounding_unit_fen, p->rounding_mode);

	/*
	 * Rounding up (or half up) a capped total could go past the cap when the
	 * cap is not a whole unit (458.33 yuan rounded to the yuan).  The cap
	 * itself is paid then, even though it is not a whole unit.
	 */
	if (payment->total_fen > payment->cap_fen)
		payment->total_fen = payment->cap_fen;
	return true;
}

/*
 * Invalid input, and figures too large for int64 micro-fen, both give false
 * with *payment all zeros.  members must be at least n_covered (single-person
 * enrolment: n_covered 1 of members >= 1).
 */
bool
ca_dibao_payment_compute(const ca_dibao_policy *policy,
						 int64_t net_monthly_ufen, int members,
						 const ca_covered_person *covered, int n_covered,
						 ca_dibao_payment *payment)
{
	int			i;

	if (payment == NULL)
		return false;
	memset(payment, 0, sizeof(*payment));
	if (policy == NULL || !dibao_policy_valid(policy))
		return false;
	if (net_monthly_ufen < 0 || n_covered < 1 || members < n_covered || covered == NULL)
		return false;
	for (i = 0; i < n_covered; i++)
		if (!person_valid(&covered[i]))
			return false;
	if (!dibao_payment(policy, net_monthly_ufen, members, covered, n_covered, payment))
	{
		memset(payment, 0, sizeof(*payment));
		return false;
	}
	return true;
}

/* ---------------------------------------------------------------- 特困 */

/*
 * basic = standard × multiple, care = standard × the care rate for the
 * self-care ability; both are whole micro-fen (fen × ppm), added, and the sum
 * rounded once.  The two parts are shown half up to the fen, so they may not
 * add up to the total.  Invalid input or overflow: false, *payment zeroed.
 */
bool
ca_tekun_payment_compute(const ca_tekun_policy *policy, ca_self_care self_care,
						 ca_tekun_payment *payment)
{
	int64_t		basic_ufen;
	int64_t		care_ufen;
	int64_t		total_ufen;
	int			k;

	if (payment == NULL)
		return false;
	memset(payment, 0, sizeof(*payment));
	if (policy == NULL || policy->standard_fen <= 0 || policy->basic_multiple_ppm < 0 ||
		!rounding_valid(policy->rounding_unit_fen, policy->rounding_mode) ||
		!self_care_valid(self_care))
		return false;
	for (k = 0; k < 3; k++)
		if (policy->care_ppm[k] < 0)
			return false;
	if (!mul64(policy->standard_fen, policy->basic_multiple_ppm, &basic_ufen) ||
		!mul64(policy->standard_fen, policy->care_ppm[self_care], &care_ufen) ||
		!add64(basic_ufen, care_ufen, &total_ufen))
		return false;
	payment->basic_fen = ca_round_ufen(basic_ufen, 1, CA_ROUND_HALF_UP);
	payment->care_fen = ca_round_ufen(care_ufen, 1, CA_ROUND_HALF_UP);
	payment->total_fen = ca_round_ufen(total_ufen, policy->rounding_unit_fen,
									   policy->rounding_mode);
	return true;
}

/* ---------------------------------------------------------------- allowances */

/*
 * The amount of the highest bracket whose minimum age is reached.  The
 * interface has no way to report a bad policy, so a policy that cannot be
 * read one way only pays nothing (0, as for an age below every bracket):
 * NULL, n_brackets outside 0..CA_OLD_AGE_BRACKETS, a negative minimum age or
 * amount, or minimum ages that are not strictly ascending.
 */
int64_t
ca_old_age_allowance(const ca_old_age_policy *policy, int age)
{
	int64_t		amount = 0;
	int			i;

	if (policy == NULL || policy->n_brackets < 0 || policy->n_brackets > CA_OLD_AGE_BRACKETS)
		return 0;
	for (i = 0; i < policy->n_brackets; i++)
		if (policy->min_age[i] < 0 || policy->amount_fen[i] < 0 ||
			(i > 0 && policy->min_age[i] <= policy->min_age[i - 1]))
			return 0;
	for (i = 0; i < policy->n_brackets && age >= policy->min_age[i]; i++)
		amount = policy->amount_fen[i];
	return amount;
}

/*
 * The two disability subsidies.  Grades outside 1..4 are not a disability
 * and get nothing; so does a NULL policy or a negative amount (a bad policy
 * row pays nothing rather than a negative sum).
 */
int64_t
ca_disability_living_subsidy(const ca_disability_policy *policy,
							 int disability_grade, bool in_dibao_household)
{
	if (policy == NULL || policy->living_fen < 0)
		return 0;
	if (disability_grade >= 1 && disability_grade <= 4 && in_dibao_household)
		return policy->living_fen;
	return 0;
}

int64_t
ca_disability_care_subsidy(const ca_disability_policy *policy,
						   int disability_grade, bool mental_or_intellectual)
{
	if (policy == NULL || policy->care_fen < 0)
		return 0;
	if (disability_grade == 1 || disability_grade == 2)
		return policy->care_fen;
	if ((disability_grade == 3 || disability_grade == 4) && mental_or_intellectual)
		return policy->care_fen;
	return 0;
}

/*
 * standard × persons × min(months, max_months).  Any input that is zero or
 * negative gives 0 (nothing is due).  A product beyond int64 gives -1, which
 * no payment can be: saturating would pay an absurd sum and 0 would silently
 * refuse one, while -1 cannot be mistaken for an amount.
 */
int64_t
ca_temporary_assistance(int64_t standard_fen, int persons, int months, int max_months)
{
	int64_t		amount;

	if (standard_fen <= 0 || persons <= 0 || months <= 0 || max_months <= 0)
		return 0;
	if (months > max_months)
		months = max_months;
	if (!mul64(standard_fen, persons, &amount) || !mul64(amount, months, &amount))
		return -1;
	return amount;
}
