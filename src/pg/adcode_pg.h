/*
 * adcode_pg.h: the adcode type's Datum representation, shared by the fmgr
 * files.  The Datum is the kernel's 12-digit int64, passed by value.
 */
#ifndef CA_ADCODE_PG_H
#define CA_ADCODE_PG_H

#include "postgres.h"
#include "fmgr.h"

#define DatumGetAdcode(d)		DatumGetInt64(d)
#define AdcodeGetDatum(c)		Int64GetDatum(c)
#define PG_GETARG_ADCODE(n)		DatumGetAdcode(PG_GETARG_DATUM(n))
#define PG_RETURN_ADCODE(c)		return AdcodeGetDatum(c)

extern char *adcode_invalid_detail(int status, size_t position, size_t digits,
								   int level);

/* Raise the error for a code that the kernel rejected (22P02). */
extern void adcode_report_invalid(const char *input, int status,
								  size_t position, size_t digits, int level);

/*
 * The fraction of a column's rows whose code lies in [lower, upper), from
 * its statistics (adcode_planner.c).  vardata is a utils/selfuncs.h
 * VariableStatData.
 */
struct VariableStatData;
extern double adcode_range_selectivity(struct VariableStatData *vardata, int64 lower, int64 upper);

#endif							/* CA_ADCODE_PG_H */
