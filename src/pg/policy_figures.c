/*
 * policy_figures.c: policy figures read from the cache and turned into what
 * the kernels take: integer fen, parts per million, counts, rounding modes,
 * and the monthly dibao standard.
 */
#include "postgres.h"

#include "policy_cache.h"
#include "policy_figures.h"

int64
policy_fen(Numeric value, const char *what)
{
	return policy_numeric_scaled(value, 100, what);
}

int
policy_count(const char *key, int64 division, DateADT on_date)
{
	return (int) policy_numeric_scaled(policy_require_amount(key, division, on_date), 1, key);
}

int64
policy_ppm(const char *key, int64 division, DateADT on_date)
{
	return policy_numeric_scaled(policy_require_amount(key, division, on_date), CA_PPM, key);
}

int64
policy_amount_fen(const char *key, int64 division, DateADT on_date)
{
	return policy_fen(policy_require_amount(key, division, on_date), key);
}

ca_rounding_mode
policy_rounding_mode(const char *choice)
{
	if (strcmp(choice, "up") == 0)
		return CA_ROUND_UP;
	if (strcmp(choice, "down") == 0)
		return CA_ROUND_DOWN;
	return CA_ROUND_HALF_UP;
}


/*
 * The dibao standard per person per month: a unified standard where one is
 * in force (城乡一体化), otherwise the urban monthly one or the rural yearly
 * one made monthly by the rounding rule in force.
 */
int64
policy_monthly_standard_fen(int64 division, bool urban, DateADT on_date)
{
	Numeric		amount;
	int64		yearly_fen;

	if (policy_find_amount("dibao.standard_unified", division, on_date, &amount))
		return policy_fen(amount, "dibao.standard_unified");
	if (urban)
		return policy_fen(policy_require_amount("dibao.standard_urban", division, on_date),
							  "dibao.standard_urban");
	yearly_fen = policy_fen(policy_require_amount("dibao.standard_rural_yearly", division, on_date),
								"dibao.standard_rural_yearly");
	return ca_round_ufen(yearly_fen * CA_PPM / 12,
						 policy_fen(policy_require_amount("dibao.rural_monthly_rounding_unit",
															  division, on_date),
										"dibao.rural_monthly_rounding_unit"),
						 policy_rounding_mode(policy_require_choice("dibao.rural_monthly_rounding_mode",
															 division, on_date)));
}

