/*
 * staff_scope.c: staff_sees(division, scope), the test every row-level
 * security policy and scoped report view applies to each row, and its
 * planner support.
 *
 * As a SQL function it could not be inlined (the policies pass the scope as
 * a scalar subquery, and a subquery argument used twice blocks inlining), so
 * each row ran a SQL function through the executor: a clerk's scan of the
 * household table took three times the superuser's.  In C it is a loop over
 * the scope's codes, decoded once per query.
 *
 * The planner could not see through the call either, and guessed that a
 * third of the rows were in scope; for a district clerk that overestimated
 * the payroll view twentyfold and its cost crossed the JIT threshold.  The
 * support function estimates from the division column's statistics: when
 * the scope is a constant, or is computed by an initPlan of a stable
 * expression (the policies' "(SELECT staff_scope())"), whose value it
 * evaluates for the estimate only, as the planner does for stable functions.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "nodes/pathnodes.h"
#include "nodes/plannodes.h"
#include "nodes/supportnodes.h"
#include "miscadmin.h"
#include "optimizer/clauses.h"
#include "optimizer/optimizer.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/lsyscache.h"
#include "utils/selfuncs.h"

#include "adcode_pg.h"
#include "../core/adcode.h"

PG_FUNCTION_INFO_V1(staff_sees);
PG_FUNCTION_INFO_V1(staff_sees_support);

/* The scope's codes, decoded once for as long as the scope stays the same. */
typedef struct scope_cache
{
	struct varlena *scope;		/* a copy of the array the codes came from */
	int			ncodes;
	int64	   *codes;			/* NULL elements left out: they contain nothing */
} scope_cache;

static void
decode_scope(scope_cache *cache, ArrayType *scope, MemoryContext cxt)
{
	int16		typlen;
	bool		typbyval;
	char		typalign;
	Datum	   *elements;
	bool	   *nulls;
	int			n, i;

	get_typlenbyvalalign(ARR_ELEMTYPE(scope), &typlen, &typbyval, &typalign);
	deconstruct_array(scope, ARR_ELEMTYPE(scope), typlen, typbyval, typalign, &elements, &nulls, &n);
	if (cache->scope)
		pfree(cache->scope);
	if (cache->codes)
		pfree(cache->codes);
	cache->scope = MemoryContextAlloc(cxt, VARSIZE(scope));
	memcpy(cache->scope, scope, VARSIZE(scope));
	cache->codes = MemoryContextAlloc(cxt, sizeof(int64) * Max(n, 1));
	cache->ncodes = 0;
	for (i = 0; i < n; i++)
		if (!nulls[i])
			cache->codes[cache->ncodes++] = DatumGetAdcode(elements[i]);
}

/*
 * staff_sees(division, scope): true when scope is NULL (everything), else
 * whether division lies within one of scope's codes; false for a NULL
 * division.  The same as "scope IS NULL OR coalesce(division <@ ANY
 * (scope), false)".
 */
Datum
staff_sees(PG_FUNCTION_ARGS)
{
	ArrayType  *scope;
	scope_cache *cache;
	int64		division;
	int			i;

	if (PG_ARGISNULL(1))
		PG_RETURN_BOOL(true);
	if (PG_ARGISNULL(0))
		PG_RETURN_BOOL(false);
	division = PG_GETARG_ADCODE(0);
	scope = PG_GETARG_ARRAYTYPE_P(1);

	cache = (scope_cache *) fcinfo->flinfo->fn_extra;
	if (cache == NULL)
	{
		cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(scope_cache));
		fcinfo->flinfo->fn_extra = cache;
	}
	if (cache->scope == NULL || VARSIZE(cache->scope) != VARSIZE(scope)
		|| memcmp(cache->scope, scope, VARSIZE(scope)) != 0)
		decode_scope(cache, scope, fcinfo->flinfo->fn_mcxt);

	for (i = 0; i < cache->ncodes; i++)
		if (ca_adcode_contains(cache->codes[i], division))
			PG_RETURN_BOOL(true);
	PG_RETURN_BOOL(false);
}

/*
 * The scope's value for estimating, or NULL: a constant, or the value of the
 * stable, argument-free expression an initPlan computes it from.
 */
static Const *
scope_for_estimate(PlannerInfo *root, Node *scope)
{
	Node	   *value = estimate_expression_value(root, scope);
	Param	   *param;
	PlannerInfo *level;

	if (IsA(value, Const))
		return (Const *) value;
	if (!IsA(value, Param) || ((Param *) value)->paramkind != PARAM_EXEC)
		return NULL;
	param = (Param *) value;
	for (level = root; level != NULL; level = level->parent_root)
	{
		ListCell   *lc;

		foreach(lc, level->init_plans)
		{
			SubPlan    *subplan = (SubPlan *) lfirst(lc);
			Plan	   *plan;
			Expr	   *expr;

			if (!list_member_int(subplan->setParam, param->paramid))
				continue;
			plan = planner_subplan_get_plan(level, subplan);
			if (!IsA(plan, Result) || plan->lefttree != NULL || ((Result *) plan)->resconstantqual != NULL
				|| list_length(plan->targetlist) != 1)
				return NULL;
			expr = ((TargetEntry *) linitial(plan->targetlist))->expr;
			/* Evaluating it must be harmless and allowed: no volatile calls, no rows read by the query itself. */
			if (contain_volatile_functions((Node *) expr) || contain_var_clause((Node *) expr)
				|| contain_subplans((Node *) expr))
				return NULL;
			if (IsA(expr, FuncExpr)
				&& pg_proc_aclcheck(((FuncExpr *) expr)->funcid, GetUserId(), ACL_EXECUTE) != ACLCHECK_OK)
				return NULL;
			value = estimate_expression_value(level, (Node *) expr);
			return IsA(value, Const) ? (Const *) value : NULL;
		}
	}
	return NULL;
}

Datum
staff_sees_support(PG_FUNCTION_ARGS)
{
	Node	   *rawreq = (Node *) PG_GETARG_POINTER(0);
	SupportRequestSelectivity *req;
	Const	   *scope;
	VariableStatData vardata;
	Selectivity sel = 0.0;

	if (!IsA(rawreq, SupportRequestSelectivity))
		PG_RETURN_POINTER(NULL);
	req = (SupportRequestSelectivity *) rawreq;
	if (req->is_join || list_length(req->args) != 2)
		PG_RETURN_POINTER(NULL);
	scope = scope_for_estimate(req->root, lsecond(req->args));
	if (scope == NULL)
		PG_RETURN_POINTER(NULL);
	if (scope->constisnull)
		sel = 1.0;
	else
	{
		ArrayType  *array = DatumGetArrayTypeP(scope->constvalue);
		int16		typlen;
		bool		typbyval;
		char		typalign;
		Datum	   *elements;
		bool	   *nulls;
		int			n, i;

		get_typlenbyvalalign(ARR_ELEMTYPE(array), &typlen, &typbyval, &typalign);
		deconstruct_array(array, ARR_ELEMTYPE(array), typlen, typbyval, typalign, &elements, &nulls, &n);
		examine_variable(req->root, linitial(req->args), req->varRelid, &vardata);
		for (i = 0; i < n; i++)
		{
			int64		lower, upper;

			if (nulls[i])
				continue;
			ca_adcode_subtree(DatumGetAdcode(elements[i]), &lower, &upper);
			sel += adcode_range_selectivity(&vardata, lower, upper);
		}
		ReleaseVariableStats(vardata);
		/* Overlapping scopes (450107 and 4501) count twice; never claim no rows. */
		sel = Min(sel, 1.0);
		if (n > 0 && sel < 1.0e-6)
			sel = 1.0e-6;
	}
	req->selectivity = sel;
	PG_RETURN_POINTER(req);
}
