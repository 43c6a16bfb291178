/*
 * adcode_navigation.c: level, parent, ancestors and containment of codes.
 * Pure code arithmetic; nothing here reads the division table.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/array.h"

#include "adcode_pg.h"
#include "../core/adcode.h"

PG_FUNCTION_INFO_V1(adcode_level);
PG_FUNCTION_INFO_V1(adcode_parent);
PG_FUNCTION_INFO_V1(adcode_ancestor);
PG_FUNCTION_INFO_V1(adcode_ancestors);
PG_FUNCTION_INFO_V1(adcode_contains);
PG_FUNCTION_INFO_V1(adcode_contained_by);
PG_FUNCTION_INFO_V1(adcode_subtree_lower);
PG_FUNCTION_INFO_V1(adcode_subtree_upper);

Datum
adcode_level(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(ca_adcode_level(PG_GETARG_ADCODE(0)));
}

Datum
adcode_parent(PG_FUNCTION_ARGS)
{
	int64		parent = ca_adcode_parent(PG_GETARG_ADCODE(0));

	if (parent < 0)
		PG_RETURN_NULL();
	PG_RETURN_ADCODE(parent);
}

Datum
adcode_ancestor(PG_FUNCTION_ARGS)
{
	int64		code = PG_GETARG_ADCODE(0);
	int32		level = PG_GETARG_INT32(1);
	int64		ancestor;

	if (level < CA_ADCODE_LEVEL_PROVINCE || level > CA_ADCODE_LEVEL_VILLAGE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("division level %d is out of range", level),
				 errhint("Levels are 1 (province), 2 (prefecture), 3 (county), 4 (township) and 5 (village).")));
	ancestor = ca_adcode_ancestor(code, level);
	if (ancestor < 0)
		PG_RETURN_NULL();
	PG_RETURN_ADCODE(ancestor);
}

/* The chain from the province down to the code itself, as adcode[]. */
Datum
adcode_ancestors(PG_FUNCTION_ARGS)
{
	int64		code = PG_GETARG_ADCODE(0);
	Oid			adcode_type = get_fn_expr_argtype(fcinfo->flinfo, 0);
	Datum		chain[CA_ADCODE_LEVEL_VILLAGE];
	int			count = 0;
	int			level;

	for (level = CA_ADCODE_LEVEL_PROVINCE; level <= ca_adcode_level(code); level++)
	{
		int64		ancestor = ca_adcode_ancestor(code, level);

		if (ancestor >= 0)
			chain[count++] = AdcodeGetDatum(ancestor);
	}
	PG_RETURN_ARRAYTYPE_P(construct_array(chain, count, adcode_type,
										  sizeof(int64), FLOAT8PASSBYVAL,
										  TYPALIGN_DOUBLE));
}

Datum
adcode_contains(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(ca_adcode_contains(PG_GETARG_ADCODE(0), PG_GETARG_ADCODE(1)));
}

Datum
adcode_contained_by(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(ca_adcode_contains(PG_GETARG_ADCODE(1), PG_GETARG_ADCODE(0)));
}

/*
 * Bounds of a code's subtree, used by the planner support function when the
 * right-hand side is a parameter rather than a constant.  The upper bound is
 * one past the subtree and need not itself be a valid code.
 */
Datum
adcode_subtree_lower(PG_FUNCTION_ARGS)
{
	int64		lower,
				upper;

	ca_adcode_subtree(PG_GETARG_ADCODE(0), &lower, &upper);
	PG_RETURN_ADCODE(lower);
}

Datum
adcode_subtree_upper(PG_FUNCTION_ARGS)
{
	int64		lower,
				upper;

	ca_adcode_subtree(PG_GETARG_ADCODE(0), &lower, &upper);
	PG_RETURN_ADCODE(upper);
}
