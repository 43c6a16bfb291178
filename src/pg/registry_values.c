/*
 * registry_values.c: registry values as the kernels take them, shared by
 * the assessment and payroll fmgr files: the text codes of work capacity
 * and self-care ability, and arrays from the gathering queries.
 */
#include "postgres.h"

#include "utils/array.h"
#include "utils/lsyscache.h"

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
