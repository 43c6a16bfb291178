/*
 * registry_values.c: registry values as the kernels take them, shared by
 * the assessment and payroll fmgr files: the text codes of work capacity
 * and self-care ability, and arrays from the gathering queries.
 */
#include "postgres.h"

#include <sys/mman.h>

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"
#include "utils/rangetypes.h"
#include "utils/typcache.h"

#include "adcode_pg.h"
#include "policy_figures.h"
#include "registry_values.h"

void
registry_deconstruct(Datum array, Oid elemtype, Datum **elems, bool **nulls, int *n)
{
	int16		typlen;
	bool		typbyval;
	char		typalign;

	get_typlenbyvalalign(elemtype, &typlen, &typbyval, &typalign);
	deconstruct_array(DatumGetArrayTypeP(array), elemtype, typlen, typbyval, typalign,
					  elems, nulls, n);
}

ca_work_capacity
registry_work_capacity(const char *s)
{
	if (strcmp(s, "none") == 0)
		return CA_WORK_NONE;
	if (strcmp(s, "partial") == 0)
		return CA_WORK_PARTIAL;
	if (strcmp(s, "full") == 0)
		return CA_WORK_FULL;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("work capacity \"%s\" is not one of full, partial, none", s)));
	return CA_WORK_FULL;
}

ca_self_care
registry_self_care(const char *s)
{
	if (strcmp(s, "none") == 0)
		return CA_SELF_CARE_NONE;
	if (strcmp(s, "partial") == 0)
		return CA_SELF_CARE_PARTIAL;
	if (strcmp(s, "full") == 0)
		return CA_SELF_CARE_FULL;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("self-care ability \"%s\" is not one of full, partial, none", s)));
	return CA_SELF_CARE_FULL;
}

ca_asset_kind
registry_asset_kind(const char *s)
{
	if (s != NULL)
	{
		if (strcmp(s, "financial") == 0)
			return CA_ASSET_FINANCIAL;
		if (strcmp(s, "home") == 0)
			return CA_ASSET_HOME;
		if (strcmp(s, "vehicle") == 0)
			return CA_ASSET_VEHICLE;
		if (strcmp(s, "business") == 0)
			return CA_ASSET_BUSINESS;
	}
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("asset kind \"%s\" is not one of financial, home, vehicle, business",
					s ? s : "(null)")));
	return CA_ASSET_FINANCIAL;
}

/*
 * The numeric storage format (the short form of PostgreSQL's on-disk
 * numeric, which cannot change without breaking pg_upgrade): a 16-bit
 * header holding sign, display scale and weight, then base-10000 digits,
 * the first of weight `weight`.  Amounts of the registry are short-form
 * numerics of a few digits; reading them directly instead of through
 * numeric arithmetic makes the bulk assessment's income scan several times
 * cheaper.  Anything else (long form, special values, more than two
 * decimals, more than 16 integer digits, compressed or external values)
 * takes the general path.
 */
#define NUMERIC_FORM_MASK			0xC000
#define NUMERIC_FORM_SHORT			0x8000
#define NUMERIC_SHORT_NEGATIVE		0x2000
#define NUMERIC_SHORT_WEIGHT_NEG	0x0040
#define NUMERIC_SHORT_WEIGHT_MASK	0x003F

static bool
short_numeric_fen(const struct varlena *v, int64 *fen)
{
	const char *data = VARDATA_ANY(v);
	Size		len = VARSIZE_ANY_EXHDR(v);
	uint16		header;
	int			weight,
				n,
				i;
	int64		result = 0;

	if (len < sizeof(uint16) || (len % sizeof(uint16)) != 0)
		return false;
	memcpy(&header, data, sizeof(uint16));
	if ((header & NUMERIC_FORM_MASK) != NUMERIC_FORM_SHORT)
		return false;
	weight = header & NUMERIC_SHORT_WEIGHT_MASK;
	if (header & NUMERIC_SHORT_WEIGHT_NEG)
		weight = weight - (NUMERIC_SHORT_WEIGHT_MASK + 1);
	if (weight > 3)
		return false;
	n = (int) (len / sizeof(uint16)) - 1;
	for (i = 0; i < n; i++)
	{
		int16		digit;
		int			position = weight - i;

		memcpy(&digit, data + sizeof(uint16) * (i + 1), sizeof(int16));
		if (digit < 0 || digit > 9999)
			return false;
		if (position >= 0)
		{
			int64		unit = 100;
			int			k;

			for (k = 0; k < position; k++)
				unit *= 10000;
			result += digit * unit;
		}
		else if (position == -1 && digit % 100 == 0)
			result += digit / 100;
		else
			return false;
	}
	*fen = (header & NUMERIC_SHORT_NEGATIVE) ? -result : result;
	return true;
}

int64
registry_amount_fen(Datum numeric, const char *what)
{
	struct varlena *v = (struct varlena *) DatumGetPointer(numeric);
	int64		fen;

	if (VARATT_IS_4B_U(v) || (VARATT_IS_1B(v) && !VARATT_IS_1B_E(v)))
	{
		if (short_numeric_fen(v, &fen))
			return fen;
	}
	return policy_fen(DatumGetNumeric(numeric), what);
}

/*
 * The words are compared where they lie: a copy for each of the fifth of
 * people whose capacity is not full was 3 % of a payroll at 1,000,000
 * households.  Anything else goes to the parser, which reports it.
 */
ca_work_capacity
registry_work_capacity_datum(Datum text_datum)
{
	if (registry_text_is(text_datum, "full"))
		return CA_WORK_FULL;
	if (registry_text_is(text_datum, "none"))
		return CA_WORK_NONE;
	if (registry_text_is(text_datum, "partial"))
		return CA_WORK_PARTIAL;
	return registry_work_capacity(TextDatumGetCString(text_datum));
}

ca_self_care
registry_self_care_datum(Datum text_datum)
{
	if (registry_text_is(text_datum, "full"))
		return CA_SELF_CARE_FULL;
	if (registry_text_is(text_datum, "none"))
		return CA_SELF_CARE_NONE;
	if (registry_text_is(text_datum, "partial"))
		return CA_SELF_CARE_PARTIAL;
	return registry_self_care(TextDatumGetCString(text_datum));
}

/* A daterange of a row is a few bytes; a packed one is copied here, aligned. */
#define PACKED_RANGE_MAX 64

void
registry_date_range_days(Datum range, int64 *first, int64 *last)
{
	/* Type cache entries live as long as the backend. */
	static TypeCacheEntry *daterange_type = NULL;
	const struct varlena *v = (const struct varlena *) DatumGetPointer(range);
	union
	{
		int32		align;
		char		bytes[PACKED_RANGE_MAX];
	}			copy;
	const RangeType *r;
	RangeBound	lower,
				upper;
	bool		empty;

	if (daterange_type == NULL)
		daterange_type = lookup_type_cache(DATERANGEOID, TYPECACHE_RANGE_INFO);
	/* A one-byte header that is not a TOAST pointer (those have one too). */
	if (VARATT_IS_SHORT(v) && !VARATT_IS_EXTERNAL(v)
		&& VARSIZE_SHORT(v) - VARHDRSZ_SHORT + VARHDRSZ <= sizeof(copy))
	{
		Size		len = VARSIZE_SHORT(v) - VARHDRSZ_SHORT;

		SET_VARSIZE(copy.bytes, len + VARHDRSZ);
		memcpy(copy.bytes + VARHDRSZ, VARDATA_SHORT(v), len);
		r = (const RangeType *) copy.bytes;
	}
	else
		r = DatumGetRangeTypeP(range);
	range_deserialize(daterange_type, r, &lower, &upper, &empty);
	if (empty)
	{
		*first = 1;
		*last = 0;
		return;
	}
	*first = lower.infinite ? PG_INT64_MIN : (int64) DatumGetDateADT(lower.val) + (lower.inclusive ? 0 : 1);
	*last = upper.infinite ? PG_INT64_MAX : (int64) DatumGetDateADT(upper.val) - (upper.inclusive ? 0 : 1);
}

RegistryDay
registry_day(DateADT d)
{
	RegistryDay day;

	j2date(d + POSTGRES_EPOCH_JDATE, &day.year, &day.month, &day.day);
	return day;
}

int
registry_age_at(DateADT birth, const RegistryDay *on)
{
	RegistryDay b = registry_day(birth);

	return on->year - b.year - ((on->month < b.month || (on->month == b.month && on->day < b.day)) ? 1 : 0);
}

int
registry_age_on(DateADT birth, DateADT on)
{
	RegistryDay day = registry_day(on);

	return registry_age_at(birth, &day);
}

/*
 * Large arrays of the bulk readers on transparent huge pages, where the
 * kernel offers them on request (Linux, "madvise" mode).  Such an array is
 * fresh memory on every call, and its rows are reached in random order: on
 * 4 kB pages a million households' arrays cost a page fault every 4 kB (a
 * tenth of payroll_entitlements on a virtual machine) and a TLB miss on most
 * lookups.  Only the 2 MB-aligned interior is advised; the call is a hint,
 * and its failure changes nothing but speed.
 */
#define HUGE_PAGE_SIZE ((uintptr_t) 1 << 21)

void *
registry_alloc_huge(Size size, bool zero)
{
	void	   *array = palloc_extended(Max(size, 1), MCXT_ALLOC_HUGE);

#ifdef MADV_HUGEPAGE
	if (size >= 2 * HUGE_PAGE_SIZE)
	{
		uintptr_t	start = TYPEALIGN(HUGE_PAGE_SIZE, (uintptr_t) array);
		uintptr_t	end = TYPEALIGN_DOWN(HUGE_PAGE_SIZE, (uintptr_t) array + size);

		if (end > start)
			(void) madvise((void *) start, end - start, MADV_HUGEPAGE);
	}
#endif
	if (zero)
		memset(array, 0, size);
	return array;
}

void
registry_grow(void **array, int *cap, int need, Size elem)
{
	void	   *grown;
	int			old_cap = *cap;

	if (need <= old_cap)
		return;
	*cap = Max(need, old_cap * 2);

	/*
	 * A new array rather than repalloc: the huge-page advice splits the
	 * mapping, and the C library could no longer move it in one piece.
	 */
	grown = registry_alloc_huge(elem * *cap, false);
	if (*array)
	{
		memcpy(grown, *array, elem * old_cap);
		pfree(*array);
	}
	*array = grown;
}

void
registry_household_convert(Datum *values, bool *isnull, void *record)
{
	RegistryHouseholdRecord *r = record;

	memset(r, 0, sizeof(*r));
	r->id = DatumGetInt64(values[0]);
	r->division = DatumGetAdcode(values[1]);
	r->urban_known = !isnull[2];
	r->urban = !isnull[2] && DatumGetBool(values[2]);
}
