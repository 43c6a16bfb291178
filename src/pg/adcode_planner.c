/*
 * adcode_planner.c: what the planner needs to treat containment well.
 *
 *  - adcode_support: turns "code <@ X" (and "X @> code") into the btree range
 *    code >= lower(X) AND code < upper(X), so an ordinary btree index on an
 *    adcode column answers subtree queries.  The range is exactly the
 *    operator, so the index condition is not lossy.
 *  - adcode_contsel / adcode_contjoinsel: selectivity of containment, taken
 *    from the column's statistics over the same range.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/stratnum.h"
#include "catalog/namespace.h"
#include "catalog/pg_am.h"
#include "catalog/pg_statistic.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "nodes/supportnodes.h"
#include "optimizer/optimizer.h"
#include "parser/parse_func.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
#include "utils/selfuncs.h"

#include "adcode_pg.h"
#include "../core/adcode.h"

PG_FUNCTION_INFO_V1(adcode_support);
PG_FUNCTION_INFO_V1(adcode_contsel);
PG_FUNCTION_INFO_V1(adcode_contjoinsel);

/* Find one of the extension's own functions by name, schema-qualified. */
static Oid
extension_function(const char *name, Oid argtype)
{
	List	   *qualified = list_make2(makeString("civil_affairs"),
									   makeString(pstrdup(name)));

	return LookupFuncName(qualified, 1, &argtype, false);
}

/* The bound of a subtree as an expression: a constant when we can fold it. */
static Expr *
subtree_bound(Node *other, Oid type, bool upper)
{
	if (IsA(other, Const))
	{
		Const	   *c = (Const *) other;
		int64		lower_value,
					upper_value;

		ca_adcode_subtree(DatumGetAdcode(c->constvalue), &lower_value,
						  &upper_value);
		return (Expr *) makeConst(type, -1, InvalidOid, sizeof(int64),
								  AdcodeGetDatum(upper ? upper_value : lower_value),
								  false, FLOAT8PASSBYVAL);
	}
	return (Expr *) makeFuncExpr(extension_function(upper ? "adcode_subtree_upper" :
													"adcode_subtree_lower", type),
								 type, list_make1(other), InvalidOid,
								 InvalidOid, COERCE_EXPLICIT_CALL);
}

/*
 * Which argument of the function names the subtree (the "container"), given
 * the function that implements the operator.
 */
static int
container_argument(Oid funcid)
{
	char	   *name = get_func_name(funcid);

	if (name == NULL)
		return -1;
	if (strcmp(name, "adcode_contained_by") == 0)
		return 1;
	if (strcmp(name, "adcode_contains") == 0)
		return 0;
	return -1;
}

Datum
adcode_support(PG_FUNCTION_ARGS)
{
	Node	   *rawreq = (Node *) PG_GETARG_POINTER(0);
	SupportRequestIndexCondition *req;
	List	   *args;
	int			container;
	Node	   *leftop;
	Node	   *rightop;
	Node	   *other;
	Oid			type;
	Oid			opfamily;
	Oid			ge_op;
	Oid			lt_op;
	Expr	   *lower_clause;
	Expr	   *upper_clause;

	if (!IsA(rawreq, SupportRequestIndexCondition))
		PG_RETURN_POINTER(NULL);
	req = (SupportRequestIndexCondition *) rawreq;

	if (is_opclause(req->node))
		args = ((OpExpr *) req->node)->args;
	else if (is_funcclause(req->node))
		args = ((FuncExpr *) req->node)->args;
	else
		PG_RETURN_POINTER(NULL);
	if (list_length(args) != 2 || req->index->relam != BTREE_AM_OID)
		PG_RETURN_POINTER(NULL);

	container = container_argument(req->funcid);
	/* Only the contained side can be a range of the index column. */
	if (container < 0 || req->indexarg == container)
		PG_RETURN_POINTER(NULL);

	leftop = linitial(args);
	rightop = lsecond(args);
	other = container == 0 ? leftop : rightop;
	if (!is_pseudo_constant_for_index(req->root, other, req->index))
		PG_RETURN_POINTER(NULL);

	type = exprType(other);
	opfamily = req->opfamily;
	ge_op = get_opfamily_member(opfamily, type, type, BTGreaterEqualStrategyNumber);
	lt_op = get_opfamily_member(opfamily, type, type, BTLessStrategyNumber);
	if (!OidIsValid(ge_op) || !OidIsValid(lt_op))
		PG_RETURN_POINTER(NULL);

	lower_clause = make_opclause(ge_op, BOOLOID, false,
								 (Expr *) (container == 0 ? rightop : leftop),
								 subtree_bound(other, type, false),
								 InvalidOid, InvalidOid);
	upper_clause = make_opclause(lt_op, BOOLOID, false,
								 (Expr *) (container == 0 ? rightop : leftop),
								 subtree_bound(other, type, true),
								 InvalidOid, InvalidOid);
	req->lossy = false;
	PG_RETURN_POINTER(list_make2(lower_clause, upper_clause));
}

/*
 * Where x falls in a histogram of codes, as the fraction of the histogram
 * below it.  Codes are numbers, so within a bucket we interpolate linearly;
 * the generic estimator cannot, as it does not know the type, and guesses
 * half a bucket, which is far off for a county among 40,000 townships.
 * (Counting siblings level by level instead was tried: it mends some
 * subtrees at a province's edge and spoils others, for more code.)
 */
static double
histogram_position(const Datum *bounds, int nbounds, int64 x)
{
	int			lo = 0,
				hi = nbounds - 1;
	int64		left,
				right;

	if (x <= DatumGetAdcode(bounds[0]))
		return 0.0;
	if (x >= DatumGetAdcode(bounds[nbounds - 1]))
		return 1.0;
	/* Find the bucket [bounds[lo], bounds[lo + 1]) that holds x. */
	while (hi - lo > 1)
	{
		int			mid = (lo + hi) / 2;

		if (DatumGetAdcode(bounds[mid]) <= x)
			lo = mid;
		else
			hi = mid;
	}
	left = DatumGetAdcode(bounds[lo]);
	right = DatumGetAdcode(bounds[lo + 1]);
	return (lo + (double) (x - left) / (double) (right - left)) / (nbounds - 1);
}

/*
 * The fraction of a column's rows whose code is in [lower, upper): most
 * common values counted exactly, the rest from the histogram.
 */
Selectivity
adcode_range_selectivity(VariableStatData *vardata, int64 lower, int64 upper)
{
	Form_pg_statistic stats;
	AttStatsSlot mcv;
	AttStatsSlot hist;
	double		mcv_in = 0.0,
				mcv_total = 0.0;
	Selectivity sel;
	int			i;

	if (!HeapTupleIsValid(vardata->statsTuple))
		return DEFAULT_INEQ_SEL;
	stats = (Form_pg_statistic) GETSTRUCT(vardata->statsTuple);

	if (get_attstatsslot(&mcv, vardata->statsTuple, STATISTIC_KIND_MCV, InvalidOid,
						 ATTSTATSSLOT_VALUES | ATTSTATSSLOT_NUMBERS))
	{
		for (i = 0; i < mcv.nvalues; i++)
		{
			int64		v = DatumGetAdcode(mcv.values[i]);

			mcv_total += mcv.numbers[i];
			if (v >= lower && v < upper)
				mcv_in += mcv.numbers[i];
		}
		free_attstatsslot(&mcv);
	}

	sel = mcv_in;
	if (get_attstatsslot(&hist, vardata->statsTuple, STATISTIC_KIND_HISTOGRAM,
						 InvalidOid, ATTSTATSSLOT_VALUES))
	{
		if (hist.nvalues >= 2)
			sel += (histogram_position(hist.values, hist.nvalues, upper) -
					histogram_position(hist.values, hist.nvalues, lower)) *
				(1.0 - stats->stanullfrac - mcv_total);
		free_attstatsslot(&hist);
	}
	else if (mcv_total == 0.0)
		sel = DEFAULT_INEQ_SEL;
	CLAMP_PROBABILITY(sel);
	return sel;
}

/*
 * Restriction selectivity of "var <@ const" or "const @> var": the share of
 * the column inside the constant's subtree.
 */
Datum
adcode_contsel(PG_FUNCTION_ARGS)
{
	PlannerInfo *root = (PlannerInfo *) PG_GETARG_POINTER(0);
	Oid			operator = PG_GETARG_OID(1);
	List	   *args = (List *) PG_GETARG_POINTER(2);
	int			varRelid = PG_GETARG_INT32(3);
	VariableStatData vardata;
	Node	   *other;
	bool		varonleft;
	int			container;
	int64		lower,
				upper;
	Selectivity sel;

	if (!get_restriction_variable(root, args, varRelid, &vardata, &other,
								  &varonleft))
		PG_RETURN_FLOAT8(DEFAULT_INEQ_SEL);

	container = container_argument(get_opcode(operator));
	if (container < 0 || !IsA(other, Const))
		sel = DEFAULT_INEQ_SEL;
	else if (((Const *) other)->constisnull)
		sel = 0.0;
	else if ((container == 1) != varonleft)
	{
		/* "var @> const": the ancestors of a code, at most five rows' worth. */
		sel = DEFAULT_EQ_SEL * CA_ADCODE_LEVEL_VILLAGE;
	}
	else
	{
		ca_adcode_subtree(DatumGetAdcode(((Const *) other)->constvalue), &lower, &upper);
		sel = adcode_range_selectivity(&vardata, lower, upper);
		/* Never claim no rows: a subtree the statistics miss still has some. */
		if (sel < 1.0e-6)
			sel = 1.0e-6;
	}
	ReleaseVariableStats(vardata);
	PG_RETURN_FLOAT8(sel);
}

/*
 * Join selectivity: without the joined values, a subtree join behaves like
 * an inequality join.
 */
Datum
adcode_contjoinsel(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(DEFAULT_INEQ_SEL);
}
