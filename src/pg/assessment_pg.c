/*
 * assessment_pg.c: household economic assessment at the SQL surface.
 *
 * One query gathers, per household, its members, its incomes over the
 * window, its assets and its rigid expenditure as arrays (registry path), or
 * the same columns from a JSON document (JSON path); the policy comes from
 * the per-backend cache; the plain-C kernel decides; this file turns the
 * result into a row and a jsonb explanation.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"
#include "utils/timestamp.h"

#include "adcode_pg.h"
#include "assessment_input.h"
#include "policy_cache.h"
#include "../core/adcode.h"
#include "../core/assessment.h"
#include "policy_figures.h"
#include "registry_snapshot.h"
#include "registry_values.h"
#include "spi_stream.h"

PG_FUNCTION_INFO_V1(assess_household);
PG_FUNCTION_INFO_V1(assess_households);
PG_FUNCTION_INFO_V1(assess_household_json);

/* The longest window any policy may set: the kernel accepts 1..36 months. */
#define MAX_LOOKBACK_MONTHS 36

/*
 * The JSON path's gathering query produces, for the one household:
 *  1 id, 2 division (bigint), 3 urban,
 *  4 member ids, 5 ages, 6 sexes, 7 work capacities, 8 self-care, 9 disability
 *  grades, 10 seriously ill, 11 unemployed without reason, 12 capable supporter,
 *  13 income persons, 14 items, 15 months, 16 amounts,
 *  17 asset kinds, 18 asset exempt flags, 19 asset values, 20 rigid expenditure
 */
/* The same columns from a document; see docs/assessment.md for its format. */
static const char *const json_query =
"WITH doc AS (SELECT $1::jsonb AS d, $2::date AS as_of),"
" m AS ("
"  SELECT e.n, r.*"
"    FROM doc, jsonb_array_elements(CASE jsonb_typeof(d -> 'members') WHEN 'array' THEN d -> 'members' END)"
"         WITH ORDINALITY AS e(member, n),"
"         jsonb_to_record(e.member) AS r(id bigint, age int, birth_date date, sex text,"
"             work_capacity text, self_care text, disability_grade int, seriously_ill boolean,"
"             unemployed_without_reason boolean, has_capable_supporter boolean)),"
" mem AS ("
"  SELECT array_agg(coalesce(m.id, m.n) ORDER BY m.n) AS ids,"
"         array_agg(coalesce(m.age, extract(year FROM age((SELECT as_of FROM doc), m.birth_date))::int) ORDER BY m.n) AS ages,"
"         array_agg(coalesce(m.sex, 'M') ORDER BY m.n) AS sexes,"
"         array_agg(coalesce(m.work_capacity, 'full') ORDER BY m.n) AS work,"
"         array_agg(coalesce(m.self_care, 'full') ORDER BY m.n) AS care,"
"         array_agg(coalesce(m.disability_grade, 0) ORDER BY m.n) AS grades,"
"         array_agg(coalesce(m.seriously_ill, false) ORDER BY m.n) AS ill,"
"         array_agg(coalesce(m.unemployed_without_reason, false) ORDER BY m.n) AS idle,"
"         array_agg(coalesce(m.has_capable_supporter, true) ORDER BY m.n) AS supported"
"    FROM m),"
" inc AS ("
"  SELECT array_agg(coalesce((e.member ->> 'id')::bigint, e.n)) AS persons, array_agg(i.item) AS items,"
"         array_agg(i.month) AS months, array_agg(i.amount) AS amounts"
"    FROM doc, jsonb_array_elements(d -> 'members') WITH ORDINALITY AS e(member, n),"
"         jsonb_to_recordset(coalesce(e.member -> 'incomes', '[]')) AS i(item text, month date, amount numeric)"
"   WHERE i.month >= $3 AND i.month < date_trunc('month', (SELECT as_of FROM doc))::date),"
" ast AS ("
"  SELECT array_agg(a.kind) AS kinds, array_agg(coalesce(a.exempt, false)) AS exempt,"
"         array_agg(coalesce(a.value, 0)) AS vals"
"    FROM doc, jsonb_to_recordset(coalesce(d -> 'assets', '[]')) AS a(kind text, exempt boolean, value numeric))"
" SELECT NULL::bigint, $4::bigint, $5::boolean,"
"        mem.ids, mem.ages, mem.sexes, mem.work, mem.care, mem.grades, mem.ill, mem.idle, mem.supported,"
"        inc.persons, inc.items, inc.months, inc.amounts,"
"        ast.kinds, ast.exempt, ast.vals,"
"        coalesce((SELECT (d ->> 'rigid_expenditure')::numeric FROM doc), 0)"
"   FROM mem, inc, ast";

static SPIPlanPtr json_plan = NULL;

/* ---------- small conversions ---------- */


static Numeric
fen_to_numeric(int64 fen)
{
	return int64_div_fast_to_numeric(fen, 2);
}

static char *
date_text(DateADT d)
{
	return DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(d)));
}

/* First day of the month that is `back` months before d's month. */
static DateADT
month_start(DateADT d, int back)
{
	return registry_month_date(registry_month_number(d) - back);
}


/* ---------- policy ---------- */

static void
load_policy(ca_assessment_policy *p, int64 division, bool urban, DateADT on_date)
{
	memset(p, 0, sizeof(*p));
	p->standard_fen = policy_monthly_standard_fen(division, urban, on_date);
	p->lookback_months = policy_count("income.lookback_months", division, on_date);
	p->rounding_unit_fen = policy_fen(policy_require_amount("assessment.rounding_unit", division, on_date),
										  "assessment.rounding_unit");
	p->rounding_mode = policy_rounding_mode(policy_require_choice("assessment.rounding_mode", division, on_date));
	p->presumed_income_fen = policy_fen(policy_require_amount("income.presumed_monthly", division, on_date),
											"income.presumed_monthly");
	p->working_age_min = policy_count("income.working_age_min", division, on_date);
	p->working_age_max_male = policy_count("income.working_age_max_male", division, on_date);
	p->working_age_max_female = policy_count("income.working_age_max_female", division, on_date);
	p->financial_assets_max_ppm = policy_ppm("asset.financial_max_months", division, on_date);
	p->max_homes = policy_count("asset.max_homes", division, on_date);
	p->max_vehicles = policy_count("asset.max_vehicles", division, on_date);
	p->max_businesses = policy_count("asset.max_businesses", division, on_date);
	p->low_income_multiple_ppm = policy_ppm("low_income.multiple", division, on_date);
	p->expenditure_share_ppm = policy_ppm("expenditure_hardship.share_min", division, on_date);
	p->expenditure_income_max_fen = policy_fen(policy_require_amount("expenditure_hardship.income_max_monthly",
																		  division, on_date),
												   "expenditure_hardship.income_max_monthly");
	p->tekun_age_min = policy_count("tekun.age_min", division, on_date);
	p->tekun_minor_age_max = policy_count("tekun.minor_age_max", division, on_date);
	if (p->lookback_months < 1 || p->lookback_months > MAX_LOOKBACK_MONTHS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("policy value income.lookback_months is %d; expected 1 to %d months",
						p->lookback_months, MAX_LOOKBACK_MONTHS)));
}

/* ---------- one household ---------- */

static bool
bool_at(Datum *values, bool *nulls, int i, bool fallback)
{
	return nulls[i] ? fallback : DatumGetBool(values[i]);
}

static char *
text_at(Datum *values, bool *nulls, int i, const char *what)
{
	if (nulls[i])
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s is missing", what)));
	return TextDatumGetCString(values[i]);
}

/* Read one row of the gathering query into kernel structs. */
static void
read_household(HeapTuple tuple, TupleDesc desc, HouseholdInput *in, DateADT as_of)
{
	bool		isnull;
	Datum		col;
	Datum	   *ids,
			   *ages,
			   *sexes,
			   *work,
			   *care,
			   *grades,
			   *ill,
			   *idle,
			   *supported;
	bool	   *ids_n,
			   *ages_n,
			   *sexes_n,
			   *work_n,
			   *care_n,
			   *grades_n,
			   *ill_n,
			   *idle_n,
			   *supported_n;
	int			n,
				i;

	memset(in, 0, sizeof(*in));
	col = SPI_getbinval(tuple, desc, 1, &isnull);
	in->id = isnull ? 0 : DatumGetInt64(col);
	in->division = DatumGetInt64(SPI_getbinval(tuple, desc, 2, &isnull));
	col = SPI_getbinval(tuple, desc, 3, &isnull);
	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot tell whether household " INT64_FORMAT " is urban or rural", in->id),
				 errdetail("Its residence division has no urban flag in civil_affairs.division."),
				 errhint("Set civil_affairs.household.urban, or the division's urban flag.")));
	in->urban = DatumGetBool(col);

	col = SPI_getbinval(tuple, desc, 4, &isnull);
	if (isnull)
	{
		in->n_members = 0;
		return;
	}
	registry_deconstruct(col, INT8OID, &ids, &ids_n, &n);
	registry_deconstruct(SPI_getbinval(tuple, desc, 5, &isnull), INT4OID, &ages, &ages_n, &n);
	registry_deconstruct(SPI_getbinval(tuple, desc, 6, &isnull), TEXTOID, &sexes, &sexes_n, &n);
	registry_deconstruct(SPI_getbinval(tuple, desc, 7, &isnull), TEXTOID, &work, &work_n, &n);
	registry_deconstruct(SPI_getbinval(tuple, desc, 8, &isnull), TEXTOID, &care, &care_n, &n);
	registry_deconstruct(SPI_getbinval(tuple, desc, 9, &isnull), INT4OID, &grades, &grades_n, &n);
	registry_deconstruct(SPI_getbinval(tuple, desc, 10, &isnull), BOOLOID, &ill, &ill_n, &n);
	registry_deconstruct(SPI_getbinval(tuple, desc, 11, &isnull), BOOLOID, &idle, &idle_n, &n);
	registry_deconstruct(SPI_getbinval(tuple, desc, 12, &isnull), BOOLOID, &supported, &supported_n, &n);
	in->n_members = n;
	in->members = palloc0(sizeof(ca_member) * n);
	for (i = 0; i < n; i++)
	{
		ca_member  *m = &in->members[i];
		char	   *sex = text_at(sexes, sexes_n, i, "a member's sex");

		m->person_id = ids_n[i] ? i + 1 : DatumGetInt64(ids[i]);
		if (ages_n[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("member " INT64_FORMAT " has neither an age nor a birth date", m->person_id)));
		m->age = DatumGetInt32(ages[i]);
		if (m->age < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("member " INT64_FORMAT " is born after the assessment date", m->person_id)));
		if (strcmp(sex, "M") != 0 && strcmp(sex, "F") != 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("member " INT64_FORMAT ": sex \"%s\" is not M or F", m->person_id, sex)));
		m->sex = sex[0] == 'F' ? CA_SEX_FEMALE : CA_SEX_MALE;
		m->work_capacity = registry_work_capacity(text_at(work, work_n, i, "a member's work capacity"));
		m->self_care = registry_self_care(text_at(care, care_n, i, "a member's self-care ability"));
		m->disability_grade = grades_n[i] ? 0 : DatumGetInt32(grades[i]);
		m->seriously_ill = bool_at(ill, ill_n, i, false);
		m->unemployed_without_reason = bool_at(idle, idle_n, i, false);
		m->has_capable_supporter = bool_at(supported, supported_n, i, true);
	}

	col = SPI_getbinval(tuple, desc, 13, &isnull);
	if (!isnull)
	{
		Datum	   *persons,
				   *items,
				   *months,
				   *amounts;
		bool	   *persons_n,
				   *items_n,
				   *months_n,
				   *amounts_n;
		int			k;

		registry_deconstruct(col, INT8OID, &persons, &persons_n, &n);
		registry_deconstruct(SPI_getbinval(tuple, desc, 14, &isnull), TEXTOID, &items, &items_n, &n);
		registry_deconstruct(SPI_getbinval(tuple, desc, 15, &isnull), DATEOID, &months, &months_n, &n);
		registry_deconstruct(SPI_getbinval(tuple, desc, 16, &isnull), NUMERICOID, &amounts, &amounts_n, &n);
		in->incomes = palloc0(sizeof(ca_income) * n);
		in->rules = palloc0(sizeof(ca_income_rule) * n);
		in->rule_items = palloc0(sizeof(char *) * n);
		for (k = 0; k < n; k++)
		{
			ca_income  *inc = &in->incomes[in->n_incomes];
			int64		person = persons_n[k] ? k + 1 : DatumGetInt64(persons[k]);
			char	   *item = text_at(items, items_n, k, "an income's item");
			int			r;

			if (months_n[k] || amounts_n[k])
				ereport(ERROR,
						(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
						 errmsg("an income of member " INT64_FORMAT " has no month or no amount", person)));
			inc->member = -1;
			for (i = 0; i < in->n_members; i++)
				if (in->members[i].person_id == person)
					inc->member = i;
			if (inc->member < 0)
				continue;		/* a member who has died or left: not counted */
			for (r = 0; r < in->n_rules; r++)
				if (strcmp(in->rule_items[r], item) == 0)
					break;
			if (r == in->n_rules)
			{
				in->rule_items[r] = item;
				in->n_rules++;
			}
			inc->rule = r;
			inc->month = registry_month_number(as_of) - 1 - registry_month_number(DatumGetDateADT(months[k]));
			inc->amount_fen = policy_fen(DatumGetNumeric(amounts[k]), "an income amount");
			in->n_incomes++;
		}
	}

	col = SPI_getbinval(tuple, desc, 17, &isnull);
	if (!isnull)
	{
		Datum	   *kinds,
				   *exempt,
				   *vals;
		bool	   *kinds_n,
				   *exempt_n,
				   *vals_n;

		registry_deconstruct(col, TEXTOID, &kinds, &kinds_n, &n);
		registry_deconstruct(SPI_getbinval(tuple, desc, 18, &isnull), BOOLOID, &exempt, &exempt_n, &n);
		registry_deconstruct(SPI_getbinval(tuple, desc, 19, &isnull), NUMERICOID, &vals, &vals_n, &n);
		in->n_assets = n;
		in->assets = palloc0(sizeof(ca_asset) * n);
		for (i = 0; i < n; i++)
		{
			in->assets[i].kind = registry_asset_kind(kinds_n[i] ? NULL : TextDatumGetCString(kinds[i]));
			in->assets[i].exempt = bool_at(exempt, exempt_n, i, false);
			in->assets[i].value_fen = vals_n[i] ? 0 : policy_fen(DatumGetNumeric(vals[i]), "an asset value");
		}
	}
	in->rigid_fen = policy_fen(DatumGetNumeric(SPI_getbinval(tuple, desc, 20, &isnull)),
								   "rigid expenditure");
}

static void
no_members_error(int64 id, DateADT as_of)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 id ? errmsg("household " INT64_FORMAT " has no members on %s", id, date_text(as_of))
			 : errmsg("the household has no members"),
			 errhint("Members are the rows of civil_affairs.household_member whose period contains the date, alive on it.")));
}

static void
income_rule(ca_income_rule *rule, const char *item, int64 division, DateADT as_of)
{
	const PolicyIncomeRule *r = policy_require_income_rule(item, division, as_of);

	rule->treatment = r->treatment == 'w' ? CA_INCOME_WORK_COST :
		r->treatment == 'e' ? CA_INCOME_EXEMPT : CA_INCOME_COUNTED;
	rule->deduction_ppm = r->deduction_ppm;
	rule->deduction_cap_ppm = r->deduction_cap_ppm;
	rule->employment = r->employment;
}

/* Run the kernel on a household whose policy and income rules are resolved. */
static void
assess_resolved(HouseholdInput *in, HouseholdOutcome *out)
{
	ca_assessment_status status;
	int			bad_index = -1;

	out->items = palloc0(sizeof(ca_item_result) * Max(in->n_incomes, 1));
	out->tekun = palloc0(sizeof(bool) * Max(in->n_members, 1));
	status = ca_assess(&out->policy, in->members, in->n_members, in->rules, in->n_rules,
					   in->incomes, in->n_incomes, in->assets, in->n_assets, in->rigid_fen,
					   &out->result, out->items, out->tekun, &bad_index);
	if (status != CA_ASSESS_OK)
		ereport(ERROR,
				(errcode(status == CA_ASSESS_OVERFLOW ? ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE
						 : ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot assess household " INT64_FORMAT ": %s", in->id,
						ca_assessment_status_text(status)),
				 bad_index >= 0 ? errdetail("Record %d of its kind is the first rejected.", bad_index + 1) : 0));
}

/* The JSON path: one household, its policy looked up here. */
static void
assess(HouseholdInput *in, DateADT as_of, HouseholdOutcome *out)
{
	int			r;

	if (in->n_members == 0)
		no_members_error(in->id, as_of);
	load_policy(&out->policy, in->division, in->urban, as_of);
	for (r = 0; r < in->n_rules; r++)
		income_rule(&in->rules[r], in->rule_items[r], in->division, as_of);
	/* The window may be shorter here than the one the query gathered. */
	for (r = 0; r < in->n_incomes; r++)
		if (in->incomes[r].month >= out->policy.lookback_months)
		{
			in->incomes[r] = in->incomes[in->n_incomes - 1];
			in->n_incomes--;
			r--;
		}
	assess_resolved(in, out);
}

/* The composite result (civil_affairs.assessment_result) of one household. */
static HeapTuple
result_tuple(TupleDesc desc, const HouseholdInput *in, const HouseholdOutcome *out, DateADT as_of,
			 bool explain)
{
	Datum		values[20];
	bool		nulls[20];
	const ca_assessment_result *res = &out->result;
	Datum	   *tekun_ids = palloc(sizeof(Datum) * Max(in->n_members, 1));
	Datum		programmes[4];
	int			n_tekun = 0,
				n_programmes = 0,
				i;

	memset(nulls, 0, sizeof(nulls));
	for (i = 0; i < in->n_members; i++)
		if (out->tekun[i])
			tekun_ids[n_tekun++] = Int64GetDatum(in->members[i].person_id);
	if (res->dibao)
		programmes[n_programmes++] = CStringGetTextDatum("dibao");
	if (res->low_income)
		programmes[n_programmes++] = CStringGetTextDatum("low_income");
	if (res->expenditure_hardship)
		programmes[n_programmes++] = CStringGetTextDatum("expenditure_hardship");
	if (n_tekun > 0)
		programmes[n_programmes++] = CStringGetTextDatum("tekun");

	values[0] = Int64GetDatum(in->id);
	nulls[0] = in->id == 0;
	values[1] = DateADTGetDatum(as_of);
	values[2] = AdcodeGetDatum(in->division);
	values[3] = BoolGetDatum(in->urban);
	values[4] = Int32GetDatum(res->members);
	values[5] = NumericGetDatum(fen_to_numeric(res->counted_fen));
	values[6] = NumericGetDatum(fen_to_numeric(res->exempt_fen));
	values[7] = NumericGetDatum(fen_to_numeric(res->deducted_fen));
	values[8] = NumericGetDatum(fen_to_numeric(res->presumed_fen));
	values[9] = NumericGetDatum(fen_to_numeric(res->net_fen));
	values[10] = NumericGetDatum(fen_to_numeric(res->per_capita_fen));
	values[11] = NumericGetDatum(fen_to_numeric(res->standard_fen));
	values[12] = BoolGetDatum(res->assets_pass);
	values[13] = BoolGetDatum(res->dibao);
	values[14] = BoolGetDatum(res->low_income);
	values[15] = BoolGetDatum(res->expenditure_hardship);
	values[16] = PointerGetDatum(construct_array(tekun_ids, n_tekun, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	values[17] = PointerGetDatum(construct_array(programmes, n_programmes, TEXTOID, -1, false, TYPALIGN_INT));
	if (explain)
		values[18] = JsonbPGetDatum(assessment_explanation(in, out, as_of, false));
	else
		nulls[18] = true;
	values[19] = Int32GetDatum(out->policy.lookback_months);
	return heap_form_tuple(desc, values, nulls);
}

/* The widest window any division's policy asks for on the date. */
static int
widest_window(DateADT as_of)
{
	int			widest = 0;
	int			rc;

	rc = SPI_execute_with_args("SELECT coalesce(max(amount), 0)::int FROM civil_affairs.policy_value"
							   " WHERE key = 'income.lookback_months' AND valid @> $1",
							   1, (Oid[]) {DATEOID}, (Datum[]) {DateADTGetDatum(as_of)}, NULL, true, 1);
	if (rc == SPI_OK_SELECT && SPI_processed == 1)
	{
		bool		isnull;
		Datum		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);

		widest = isnull ? 0 : DatumGetInt32(d);
	}
	return Min(Max(widest, 1), MAX_LOOKBACK_MONTHS);
}

/*
 * The policy of one division, urban or rural, on the assessment date, with
 * the income rules resolved as households need them: households of one
 * village share it.
 */
typedef struct DivisionPolicyKey
{
	int64		division;
	bool		urban;
} DivisionPolicyKey;

typedef struct DivisionPolicy
{
	DivisionPolicyKey key;
	ca_assessment_policy policy;
	ca_income_rule *rules;		/* per snapshot item */
	bool	   *rule_known;
} DivisionPolicy;

static DivisionPolicy *
division_policy(HTAB *memo, const RegistrySnapshot *snap, int64 division, bool urban, DateADT as_of)
{
	DivisionPolicyKey key;
	DivisionPolicy *p;
	bool		found;

	memset(&key, 0, sizeof(key));
	key.division = division;
	key.urban = urban;
	p = hash_search(memo, &key, HASH_ENTER, &found);
	if (!found)
	{
		/* Left half-made if load_policy fails, but the error ends the call. */
		load_policy(&p->policy, division, urban, as_of);
		p->rules = palloc0(sizeof(ca_income_rule) * Max(snap->n_items, 1));
		p->rule_known = palloc0(sizeof(bool) * Max(snap->n_items, 1));
	}
	return p;
}

/*
 * Assess the households of the scope, handing each result tuple to emit.
 * The registry is read once (registry_snapshot.c); each household is then
 * assessed in a memory context reset after it.
 */
static void
assess_registry(RegistryScope scope, int64 household_id, DateADT as_of, bool explain,
				TupleDesc result_desc, void (*emit) (HeapTuple, void *), void *arg)
{
	MemoryContext outer = CurrentMemoryContext;
	MemoryContext per_household;
	RegistrySnapshot *snap;
	HTAB	   *memo;
	HASHCTL		ctl;
	int			as_of_month = registry_month_number(as_of);
	int			h;

	policy_cache_refresh();
	SPI_connect();
	snap = registry_snapshot_load(scope, household_id, as_of, month_start(as_of, widest_window(as_of)));
	if (scope == REGISTRY_ONE && snap->n_households == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("household " INT64_FORMAT " does not exist", household_id)));
	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(DivisionPolicyKey);
	ctl.entrysize = sizeof(DivisionPolicy);
	ctl.hcxt = CurrentMemoryContext;
	memo = hash_create("civil_affairs assessment policy by division", 256, &ctl,
					   HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	per_household = AllocSetContextCreate(CurrentMemoryContext, "assessment per household",
										  ALLOCSET_DEFAULT_SIZES);
	for (h = 0; h < snap->n_households; h++)
	{
		const RegistryHousehold *hh = &snap->households[h];
		DivisionPolicy *dp;
		HouseholdInput in;
		HouseholdOutcome out;
		MemoryContext old;
		HeapTuple	tuple;
		int			i;

		if (hh->n_members == 0)
		{
			if (scope == REGISTRY_ONE)
				no_members_error(hh->id, as_of);
			continue;			/* nobody lives in it on the date: nothing to assess in bulk */
		}
		if (!hh->urban_known)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cannot tell whether household " INT64_FORMAT " is urban or rural", hh->id),
					 errdetail("Its residence division has no urban flag in civil_affairs.division."),
					 errhint("Set civil_affairs.household.urban, or the division's urban flag.")));
		dp = division_policy(memo, snap, hh->division, hh->urban, as_of);

		old = MemoryContextSwitchTo(per_household);
		memset(&in, 0, sizeof(in));
		memset(&out, 0, sizeof(out));
		out.policy = dp->policy;
		in.id = hh->id;
		in.division = hh->division;
		in.urban = hh->urban;
		in.n_members = hh->n_members;
		in.members = hh->members;
		in.incomes = palloc(sizeof(ca_income) * Max(hh->n_incomes, 1));
		for (i = 0; i < hh->n_incomes; i++)
		{
			const RegistryIncome *src = &hh->incomes[i];
			int			back = as_of_month - 1 - src->month;
			ca_income  *inc;

			if (back >= dp->policy.lookback_months)
				continue;		/* gathered for a division with a longer window */
			if (!dp->rule_known[src->item])
			{
				MemoryContextSwitchTo(old);
				income_rule(&dp->rules[src->item], snap->items[src->item], hh->division, as_of);
				dp->rule_known[src->item] = true;
				MemoryContextSwitchTo(per_household);
			}
			inc = &in.incomes[in.n_incomes];
			inc->member = src->member;
			inc->rule = src->item;
			inc->month = back;
			inc->amount_fen = src->amount_fen;
			in.n_incomes++;
		}
		in.n_rules = snap->n_items;
		in.rules = dp->rules;
		in.rule_items = snap->items;
		in.n_assets = hh->n_assets;
		in.assets = hh->assets;
		for (i = 0; i < hh->n_expenses; i++)
			if (as_of_month - 1 - hh->expenses[i].month < dp->policy.lookback_months)
				in.rigid_fen += hh->expenses[i].amount_fen;

		assess_resolved(&in, &out);
		/* Built here and freed with the household; emit copies what it keeps. */
		tuple = result_tuple(result_desc, &in, &out, as_of, explain);
		MemoryContextSwitchTo(outer);
		emit(tuple, arg);
		MemoryContextSwitchTo(old);
		MemoryContextReset(per_household);
	}
	SPI_finish();
}

static void
keep_single(HeapTuple tuple, void *arg)
{
	*(HeapTuple *) arg = heap_copytuple(tuple);
}

static void
store_tuple(HeapTuple tuple, void *arg)
{
	tuplestore_puttuple((Tuplestorestate *) arg, tuple);
}

Datum
assess_household(PG_FUNCTION_ARGS)
{
	TupleDesc	desc;
	HeapTuple	tuple = NULL;

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "assess_household must return a composite type");
	desc = BlessTupleDesc(desc);
	assess_registry(REGISTRY_ONE, PG_GETARG_INT64(0), PG_GETARG_DATEADT(1), true, desc,
					keep_single, &tuple);
	PG_RETURN_DATUM(HeapTupleGetDatum(tuple));
}

Datum
assess_households(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	/* Two arguments: the 0.1.0 declaration, until ALTER EXTENSION UPDATE. */
	bool		explain = PG_NARGS() > 2 ? PG_GETARG_BOOL(2) : true;

	InitMaterializedSRF(fcinfo, 0);
	assess_registry(PG_GETARG_BOOL(1) ? REGISTRY_STALE : REGISTRY_ALL, 0, PG_GETARG_DATEADT(0),
					explain, rsinfo->setDesc, store_tuple, rsinfo->setResult);
	return (Datum) 0;
}

/*
 * assess_household_json(doc): the same assessment of a household described
 * in a document, returned as the explanation plus the summary figures.
 */
Datum
assess_household_json(PG_FUNCTION_ARGS)
{
	Jsonb	   *doc = PG_GETARG_JSONB_P(0);
	Oid			types[5] = {JSONBOID, DATEOID, DATEOID, INT8OID, BOOLOID};
	Datum		args[5];
	Datum		d;
	bool		isnull;
	int64		division;
	ca_adcode_error err;
	char	   *text;
	DateADT		as_of;
	bool		urban;
	HouseholdInput in;
	HouseholdOutcome out;
	Jsonb	   *explanation;
	MemoryContext outer = CurrentMemoryContext;
	int			rc;

	policy_cache_refresh();
	SPI_connect();
	/* The header fields, checked one by one so each error names its field. */
	rc = SPI_execute_with_args("SELECT $1 ->> 'division', ($1 ->> 'as_of')::date, ($1 ->> 'urban')::boolean",
							   1, (Oid[]) {JSONBOID}, (Datum[]) {PointerGetDatum(doc)}, NULL, true, 1);
	if (rc != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "reading the document header failed");
	text = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
	if (text == NULL || !ca_adcode_parse(text, strlen(text), &division, &err))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the document's \"division\" must be a division code, such as \"450107\""),
				 text ? errdetail_internal("%s", adcode_invalid_detail(err.status, err.position, err.digits, err.level)) : 0));
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull);
	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_DATETIME_FORMAT),
				 errmsg("the document's \"as_of\" must be a date, such as \"2021-06-01\"")));
	as_of = DatumGetDateADT(d);
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 3, &isnull);
	if (isnull)
	{
		/* No urban flag: take the division's. */
		rc = SPI_execute_with_args("SELECT urban FROM civil_affairs.division"
								   " WHERE code OPERATOR(civil_affairs.=) $1::civil_affairs.adcode",
								   1, (Oid[]) {TEXTOID}, (Datum[]) {CStringGetTextDatum(text)},
								   NULL, true, 1);
		if (rc != SPI_OK_SELECT || SPI_processed != 1 ||
			(d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull), isnull))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("the document has no \"urban\" and division %s has no urban flag", text),
					 errhint("Add \"urban\": true or false to the document.")));
	}
	urban = DatumGetBool(d);

	args[0] = PointerGetDatum(doc);
	args[1] = DateADTGetDatum(as_of);
	args[2] = DateADTGetDatum(month_start(as_of, MAX_LOOKBACK_MONTHS));
	args[3] = Int64GetDatum(division);
	args[4] = BoolGetDatum(urban);
	rc = SPI_execute_plan(spi_kept_plan(&json_plan, json_query, 5, types), args, NULL, true, 1);
	if (rc != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "reading the household document failed");
	{
		MemoryContext old = MemoryContextSwitchTo(outer);

		read_household(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, &in, as_of);
		assess(&in, as_of, &out);
		explanation = assessment_explanation(&in, &out, as_of, true);
		MemoryContextSwitchTo(old);
	}
	SPI_finish();

	PG_RETURN_JSONB_P(explanation);
}
