/*
 * allowance_pg.c: entitlements with plain arguments, for callers that keep
 * their data elsewhere (ODBC): text, numeric, integer, date and boolean in,
 * numeric or jsonb out.  The same kernel and policy as the payroll.
 */
#include "postgres.h"

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"

#include "adcode_pg.h"
#include "policy_cache.h"
#include "policy_figures.h"
#include "../core/adcode.h"
#include "../core/entitlement.h"

PG_FUNCTION_INFO_V1(dibao_allowance);
PG_FUNCTION_INFO_V1(dibao_allowance_breakdown);
PG_FUNCTION_INFO_V1(temporary_assistance_amount);

typedef struct PlainDibao
{
	ca_dibao_policy policy;
	ca_dibao_payment payment;
	const char *method;
} PlainDibao;

static int64
division_argument(text *t)
{
	char	   *s = text_to_cstring(t);
	int64		code;
	ca_adcode_error err;

	if (!ca_adcode_parse(s, strlen(s), &code, &err))
		adcode_report_invalid(s, err.status, err.position, err.digits, err.level);
	return code;
}

/*
 * dibao_allowance(division, month, per_capita_income, persons, urban, tier):
 * the monthly dibao of a household of `persons` covered members with that
 * per-capita income, by the method in force.  Without member details there
 * are no individual add-ons and the tier of a tiered payment is given.
 */
static void
compute_plain(FunctionCallInfo fcinfo, PlainDibao *out)
{
	int64		division;
	DateADT		month;
	int64		per_capita_fen;
	int32		persons;
	bool		urban;
	ca_covered_person *covered;
	int			i;
	int			tier;

	for (i = 0; i < 5; i++)
		if (PG_ARGISNULL(i))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("dibao_allowance needs division, month, per_capita_income, persons and urban")));
	division = division_argument(PG_GETARG_TEXT_PP(0));
	month = PG_GETARG_DATEADT(1);
	per_capita_fen = policy_fen(PG_GETARG_NUMERIC(2), "per_capita_income");
	persons = PG_GETARG_INT32(3);
	urban = PG_GETARG_BOOL(4);
	if (persons < 1 || persons > 100)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("persons must be between 1 and 100, not %d", persons)));
	if (per_capita_fen < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("per_capita_income cannot be negative")));

	policy_cache_refresh();
	memset(&out->policy, 0, sizeof(out->policy));
	out->policy.standard_fen = policy_monthly_standard_fen(division, urban, month);
	out->method = policy_require_choice(urban ? "dibao.method_urban" : "dibao.method_rural", division, month);
	out->policy.method = strcmp(out->method, "tiered") == 0 ? CA_DIBAO_TIERED : CA_DIBAO_GAP;
	if (out->policy.method == CA_DIBAO_TIERED)
	{
		/*
		 * One table indexed by [urban][tier - 1]: gcc 12's UBSan object-size
		 * check rejects every load through "(urban ? a : b)[i]" (a false
		 * report, but it stops the sanitizer suite).
		 */
		static const char *const tier_keys[2][3] = {
			{"dibao.tier1_rural", "dibao.tier2_rural", "dibao.tier3_rural"},
			{"dibao.tier1_urban", "dibao.tier2_urban", "dibao.tier3_urban"},
		};
		int64		amount;

		if (PG_NARGS() < 6 || PG_ARGISNULL(5))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("the tiered method is in force for this division and month: give the tier (1, 2 or 3)")));
		tier = PG_GETARG_INT32(5);
		if (tier < 1 || tier > 3)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("tier must be 1, 2 or 3, not %d", tier)));
		/* The tier is given: every tier pays its amount, whatever the placement. */
		amount = policy_amount_fen(tier_keys[urban ? 1 : 0][tier - 1], division, month);
		out->policy.tier_fen[0] = out->policy.tier_fen[1] = out->policy.tier_fen[2] = amount;
		out->policy.placement = CA_TIER_BY_CATEGORY;
	}
	out->policy.min_per_person_fen = policy_amount_fen("dibao.min_per_person", division, month);
	out->policy.rounding_unit_fen = policy_amount_fen("dibao.rounding_unit", division, month);
	out->policy.rounding_mode = policy_rounding_mode(policy_require_choice("dibao.rounding_mode", division, month));
	out->policy.addon_elderly_age = INT32_MAX;	/* no member details: no add-ons */
	out->policy.addon_minor_age = 0;

	covered = palloc0(sizeof(ca_covered_person) * persons);
	for (i = 0; i < persons; i++)
		covered[i].work_capacity = CA_WORK_FULL;
	if (!ca_dibao_payment_compute(&out->policy, per_capita_fen * persons * CA_PPM, persons,
								  covered, persons, &out->payment))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("the dibao allowance cannot be computed for these figures")));
	if (out->policy.method == CA_DIBAO_TIERED)
		out->payment.tier = PG_GETARG_INT32(5);
}

Datum
dibao_allowance(PG_FUNCTION_ARGS)
{
	PlainDibao	d;

	compute_plain(fcinfo, &d);
	PG_RETURN_NUMERIC(int64_div_fast_to_numeric(d.payment.total_fen, 2));
}

static void
append_yuan(StringInfo buf, const char *key, int64 fen)
{
	appendStringInfo(buf, ", \"%s\": " INT64_FORMAT ".%02d", key, fen / 100, (int) (fen % 100));
}

Datum
dibao_allowance_breakdown(PG_FUNCTION_ARGS)
{
	PlainDibao	d;
	StringInfoData buf;

	compute_plain(fcinfo, &d);
	initStringInfo(&buf);
	appendStringInfo(&buf, "{\"method\": \"%s\"", d.method);
	if (d.payment.tier > 0)
		appendStringInfo(&buf, ", \"tier\": %d", d.payment.tier);
	append_yuan(&buf, "standard", d.policy.standard_fen);
	append_yuan(&buf, "base", d.payment.base_fen);
	append_yuan(&buf, "cap", d.payment.cap_fen);
	append_yuan(&buf, "amount", d.payment.total_fen);
	appendStringInfoChar(&buf, '}');
	PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(buf.data)));
}

/* temporary_assistance_amount(division, on_date, urban, persons, months) */
Datum
temporary_assistance_amount(PG_FUNCTION_ARGS)
{
	int64		division = division_argument(PG_GETARG_TEXT_PP(0));
	DateADT		on_date = PG_GETARG_DATEADT(1);
	bool		urban = PG_GETARG_BOOL(2);
	int32		persons = PG_GETARG_INT32(3);
	int32		months = PG_GETARG_INT32(4);
	int64		amount;

	if (persons < 1 || months < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("persons and months must be at least 1, not %d and %d", persons, months)));
	policy_cache_refresh();
	amount = ca_temporary_assistance(policy_monthly_standard_fen(division, urban, on_date), persons, months,
									 policy_count("temporary_assistance.max_months", division, on_date));
	if (amount < 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("temporary assistance amount out of range")));
	PG_RETURN_NUMERIC(int64_div_fast_to_numeric(amount, 2));
}
