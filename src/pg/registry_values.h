/*
 * registry_values.h: registry values as the kernels take them.
 */
#ifndef CA_REGISTRY_VALUES_H
#define CA_REGISTRY_VALUES_H

#include "postgres.h"
#include "utils/date.h"

#include "../core/assessment.h"

/* Work capacity and self-care from their text codes; an error for others. */
extern ca_work_capacity registry_work_capacity(const char *s);
extern ca_self_care registry_self_care(const char *s);

/* The same from a text Datum of a query row, compared in place. */
extern ca_work_capacity registry_work_capacity_datum(Datum text_datum);
extern ca_self_care registry_self_care_datum(Datum text_datum);

/*
 * Whether a text Datum equals s, without copying it out.  Inline, so that
 * with a literal s the length is a constant and the comparison a few
 * instructions: the bulk readers call it for every row's codes (out of line,
 * the work-capacity and self-care codes of a million households' people
 * were 3 % of a payroll).
 */
static inline bool
registry_text_is(Datum text_datum, const char *s)
{
	const text *t = (const text *) DatumGetPointer(text_datum);
	size_t		n = strlen(s);

	return VARSIZE_ANY_EXHDR(t) == n && memcmp(VARDATA_ANY(t), s, n) == 0;
}

/* Whole years from birth to the date (a 29 February birthday falls on 1 March). */
extern int	registry_age_on(DateADT birth, DateADT on);

/*
 * The same to a day split once into its parts, for the bulk readers that
 * count everyone's age to one date (the split was a fiftieth of a payroll).
 */
typedef struct RegistryDay
{
	int			year;
	int			month;
	int			day;
} RegistryDay;

extern RegistryDay registry_day(DateADT d);
extern int	registry_age_at(DateADT birth, const RegistryDay *on);

/*
 * The days a daterange Datum of a query row holds, first to last, with
 * unbounded ends at INT64_MIN and INT64_MAX and an empty range as first >
 * last: a day d is in it when first <= d <= last, exactly as "@>" decides.
 * A bulk reader checks its rows' periods this way instead of filtering
 * with "@>" in the query, which copied each packed range out of its page
 * and looked up its type for every row (a twentieth of a payroll over a
 * million households' members).
 */
extern void registry_date_range_days(Datum range, int64 *first, int64 *last);

/* A well-spread hash of an id, for the open-addressing tables of the bulk readers. */
static inline uint64
registry_id_hash(int64 id)
{
	uint64		h = (uint64) id * UINT64CONST(0x9E3779B97F4A7C15);

	return h ^ (h >> 29);
}

/* An asset kind from its text code; an error for others. */
extern ca_asset_kind registry_asset_kind(const char *s);

/*
 * A registry amount (numeric yuan, at most 2 decimals in the tables) as
 * integer fen, rounded half away from zero like policy_fen.
 */
extern int64 registry_amount_fen(Datum numeric, const char *what);

/* The elements of a one-dimensional array of a built-in type. */
extern void registry_deconstruct(Datum array, Oid elemtype, Datum **elems, bool **nulls, int *n);

/*
 * Room for need elements in a palloc'd array that the bulk readers fill row
 * by row: doubled when full, past 1 GB if need be.
 */
extern void registry_grow(void **array, int *cap, int need, Size elem);

#define REGISTRY_GROW(arr, cap, need) registry_grow((void **) &(arr), &(cap), (need), sizeof(*(arr)))

/*
 * size bytes (zeroed if asked) for a bulk reader's large array, on
 * transparent huge pages where Linux offers them (registry_values.c).
 */
extern void *registry_alloc_huge(Size size, bool zero);

/*
 * A household row as both bulk readers read it: id, residence division,
 * urban flag (NULL: unknown).  A parallel_scan.c record.
 */
typedef struct RegistryHouseholdRecord
{
	int64		id;
	int64		division;
	bool		urban_known;
	bool		urban;
} RegistryHouseholdRecord;

extern void registry_household_convert(Datum *values, bool *isnull, void *record);

#endif							/* CA_REGISTRY_VALUES_H */
