/*
 * registry_values.c: registry values as the kernels take them, shared by
 * the assessment and payroll fmgr files: the text codes of work capacity
 * and self-care ability, and arrays from the gathering queries.
 */
#include "postgres.h"

#include <sys/mman.h>

#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"

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

bool
registry_text_is(Datum text_datum, const char *s)
{
	text	   *t = (text *) DatumGetPointer(text_datum);
	size_t		n = strlen(s);

	return VARSIZE_ANY_EXHDR(t) == n && memcmp(VARDATA_ANY(t), s, n) == 0;
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

int
registry_age_on(DateADT birth, DateADT on)
{
	int			by,
				bm,
				bd,
				y,
				m,
				d;

	j2date(birth + POSTGRES_EPOCH_JDATE, &by, &bm, &bd);
	j2date(on + POSTGRES_EPOCH_JDATE, &y, &m, &d);
	return y - by - ((m < bm || (m == bm && d < bd)) ? 1 : 0);
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
