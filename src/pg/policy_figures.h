/*
 * policy_figures.h: policy figures as the kernels want them (fen, ppm,
 * counts, rounding modes), read from the policy cache.  Shared by the
 * assessment and payroll fmgr files.
 */
#ifndef CA_POLICY_FIGURES_H
#define CA_POLICY_FIGURES_H

#include "postgres.h"
#include "utils/date.h"
#include "utils/numeric.h"

#include "../core/assessment.h"

/* A yuan amount as integer fen (rounded half away from zero). */
extern int64 policy_fen(Numeric value, const char *what);

/* Required parameters, or an error naming key, division and date. */
extern int	policy_count(const char *key, int64 division, DateADT on_date);
extern int64 policy_ppm(const char *key, int64 division, DateADT on_date);
extern int64 policy_amount_fen(const char *key, int64 division, DateADT on_date);

extern ca_rounding_mode policy_rounding_mode(const char *choice);

/* The dibao standard per person per month for a division, urban or rural, on a date. */
extern int64 policy_monthly_standard_fen(int64 division, bool urban, DateADT on_date);

#endif							/* CA_POLICY_FIGURES_H */
