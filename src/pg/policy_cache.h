/*
 * policy_cache.h: the per-backend cache of the policy tables.
 *
 * Loaded on first use, dropped when any backend changes a policy table
 * (a statement trigger sends a relcache invalidation for it), reloaded on
 * next use.  Lookups climb the division chain: the code itself, each
 * ancestor up to the province, then the whole country.
 */
#ifndef CA_POLICY_CACHE_H
#define CA_POLICY_CACHE_H

#include "postgres.h"
#include "utils/date.h"
#include "utils/numeric.h"

/* The income rule in force for an item, division and date. */
typedef struct PolicyIncomeRule
{
	char		treatment;		/* 'c' counted, 'e' exempt, 'w' work cost */
	int64		deduction_ppm;
	int64		deduction_cap_ppm;	/* 0: no cap */
	bool		employment;
} PolicyIncomeRule;

/* Read invalidations committed by other sessions; once per statement. */
extern void policy_cache_refresh(void);

/* The value of a numeric parameter, or false when no row applies. */
extern bool policy_find_amount(const char *key, int64 division, DateADT on_date,
							   Numeric *amount);

/* The value of a choice parameter, or false when no row applies. */
extern bool policy_find_choice(const char *key, int64 division, DateADT on_date,
							   const char **choice);

/* Like the above, but an error (22023) naming key, division and date. */
extern Numeric policy_require_amount(const char *key, int64 division, DateADT on_date);
extern const char *policy_require_choice(const char *key, int64 division, DateADT on_date);

/* The rule of an income item, or an error naming item, division and date. */
extern const PolicyIncomeRule *policy_require_income_rule(const char *item, int64 division,
														   DateADT on_date);

/* Numeric helpers for callers turning policy figures into kernel integers. */
extern int64 policy_numeric_scaled(Numeric value, int64 scale, const char *key);

#endif							/* CA_POLICY_CACHE_H */
