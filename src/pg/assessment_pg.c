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
#include "policy_cache.h"
#include "../core/adcode.h"
#include "../core/assessment.h"
#include "policy_figures.h"
#include "registry_values.h"

PG_FUNCTION_INFO_V1(assess_household);
PG_FUNCTION_INFO_V1(assess_households);
PG_FUNCTION_INFO_V1(assess_household_json);

/* The longest window any policy may set: the kernel accepts 1..36 months. */
#define MAX_LOOKBACK_MONTHS 36

/*
 * The columns both paths produce, one row per household:
 *  1 id, 2 division (bigint), 3 urban,
 *  4 member ids, 5 ages, 6 sexes, 7 work capacities, 8 self-care, 9 disability
 *  grades, 10 seriously ill, 11 unemployed without reason, 12 capable supporter,
 *  13 income persons, 14 items, 15 months, 16 amounts,
 *  17 asset kinds, 18 asset exempt flags, 19 asset values, 20 rigid expenditure
 */
static const char *const registry_query =
"WITH hh AS ("
"  SELECT h.id, h.residence_division, coalesce(h.urban, d.urban) AS urban"
"    FROM civil_affairs.household h"
"    LEFT JOIN civil_affairs.division d ON d.code OPERATOR(civil_affairs.=) h.residence_division"
"   WHERE ($1::bigint IS NULL OR h.id = $1) AND (NOT $4 OR h.needs_assessment)),"
" mem AS ("
"  SELECT m.household_id, array_agg(p.id ORDER BY p.id) AS ids,"
"         array_agg(extract(year FROM age($2, p.birth_date))::int ORDER BY p.id) AS ages,"
"         array_agg(p.sex ORDER BY p.id) AS sexes,"
"         array_agg(p.work_capacity ORDER BY p.id) AS work,"
"         array_agg(p.self_care ORDER BY p.id) AS care,"
"         array_agg(p.disability_grade::int ORDER BY p.id) AS grades,"
"         array_agg(p.seriously_ill ORDER BY p.id) AS ill,"
"         array_agg(p.unemployed_without_reason ORDER BY p.id) AS idle,"
"         array_agg(p.has_capable_supporter ORDER BY p.id) AS supported"
"    FROM civil_affairs.household_member m"
"    JOIN civil_affairs.person p ON p.id = m.person_id"
"   WHERE m.household_id IN (SELECT id FROM hh) AND m.during @> $2"
"     AND (p.death_date IS NULL OR p.death_date > $2)"
"   GROUP BY m.household_id),"
" inc AS ("
"  SELECT m.household_id, array_agg(i.person_id) AS persons, array_agg(i.item) AS items,"
"         array_agg(i.month) AS months, array_agg(i.amount) AS amounts"
"    FROM civil_affairs.income i"
"    JOIN civil_affairs.household_member m ON m.person_id = i.person_id AND m.during @> $2"
"   WHERE m.household_id IN (SELECT id FROM hh)"
"     AND i.month >= $3 AND i.month < date_trunc('month', $2)::date"
"   GROUP BY m.household_id),"
" ast AS ("
"  SELECT a.household_id, array_agg(a.kind) AS kinds, array_agg(a.exempt) AS exempt,"
"         array_agg(a.value) AS vals"
"    FROM civil_affairs.asset a"
"   WHERE a.household_id IN (SELECT id FROM hh) AND a.valid @> $2"
"   GROUP BY a.household_id),"
" xp AS ("
"  SELECT e.household_id, sum(e.amount) AS rigid"
"    FROM civil_affairs.expenditure e"
"   WHERE e.household_id IN (SELECT id FROM hh) AND e.kind IN ('medical', 'education')"
"     AND e.month >= $3 AND e.month < date_trunc('month', $2)::date"
"   GROUP BY e.household_id)"
" SELECT hh.id, civil_affairs.adcode_to_bigint(hh.residence_division), hh.urban,"
"        mem.ids, mem.ages, mem.sexes, mem.work, mem.care, mem.grades, mem.ill, mem.idle, mem.supported,"
"        inc.persons, inc.items, inc.months, inc.amounts,"
"        ast.kinds, ast.exempt, ast.vals, coalesce(xp.rigid, 0)"
"   FROM hh"
"   LEFT JOIN mem ON mem.household_id = hh.id"
"   LEFT JOIN inc ON inc.household_id = hh.id"
"   LEFT JOIN ast ON ast.household_id = hh.id"
"   LEFT JOIN xp ON xp.household_id = hh.id"
"  ORDER BY hh.id";

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

static SPIPlanPtr registry_plan = NULL;
static SPIPlanPtr json_plan = NULL;

/* ---------- small conversions ---------- */


static void
append_fen(StringInfo buf, int64 fen)
{
	if (fen < 0)
	{
		appendStringInfoChar(buf, '-');
		fen = -fen;
	}
	appendStringInfo(buf, INT64_FORMAT ".%02d", fen / 100, (int) (fen % 100));
}

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
	int			year,
				month,
				day;

	j2date(d + POSTGRES_EPOCH_JDATE, &year, &month, &day);
	month -= back;
	while (month < 1)
	{
		month += 12;
		year--;
	}
	return date2j(year, month, 1) - POSTGRES_EPOCH_JDATE;
}

static int
month_number(DateADT d)
{
	int			year,
				month,
				day;

	j2date(d + POSTGRES_EPOCH_JDATE, &year, &month, &day);
	return year * 12 + month - 1;
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

typedef struct HouseholdInput
{
	int64		id;				/* 0 for a JSON document */
	int64		division;
	bool		urban;
	int			n_members;
	ca_member  *members;
	int			n_incomes;
	ca_income  *incomes;
	char	  **income_items;	/* item code of each income */
	DateADT    *income_months;
	int			n_rules;
	ca_income_rule *rules;
	char	  **rule_items;
	int			n_assets;
	ca_asset   *assets;
	int64		rigid_fen;
} HouseholdInput;

typedef struct HouseholdOutcome
{
	ca_assessment_policy policy;
	ca_assessment_result result;
	ca_item_result *items;
	bool	   *tekun;
} HouseholdOutcome;

static ca_asset_kind
asset_kind(const char *s)
{
	if (strcmp(s, "financial") == 0)
		return CA_ASSET_FINANCIAL;
	if (strcmp(s, "home") == 0)
		return CA_ASSET_HOME;
	if (strcmp(s, "vehicle") == 0)
		return CA_ASSET_VEHICLE;
	if (strcmp(s, "business") == 0)
		return CA_ASSET_BUSINESS;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("asset kind \"%s\" is not one of financial, home, vehicle, business",
					s ? s : "(null)")));
	return CA_ASSET_FINANCIAL;
}

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
		in->income_items = palloc0(sizeof(char *) * n);
		in->income_months = palloc0(sizeof(DateADT) * n);
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
			in->income_months[in->n_incomes] = DatumGetDateADT(months[k]);
			inc->month = month_number(as_of) - 1 - month_number(DatumGetDateADT(months[k]));
			inc->amount_fen = policy_fen(DatumGetNumeric(amounts[k]), "an income amount");
			in->income_items[in->n_incomes] = item;
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
			in->assets[i].kind = asset_kind(kinds_n[i] ? NULL : TextDatumGetCString(kinds[i]));
			in->assets[i].exempt = bool_at(exempt, exempt_n, i, false);
			in->assets[i].value_fen = vals_n[i] ? 0 : policy_fen(DatumGetNumeric(vals[i]), "an asset value");
		}
	}
	in->rigid_fen = policy_fen(DatumGetNumeric(SPI_getbinval(tuple, desc, 20, &isnull)),
								   "rigid expenditure");
}

static void
assess(HouseholdInput *in, DateADT as_of, HouseholdOutcome *out)
{
	ca_assessment_status status;
	int			bad_index = -1;
	int			r;

	if (in->n_members == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 in->id ? errmsg("household " INT64_FORMAT " has no members on %s", in->id, date_text(as_of))
				 : errmsg("the household has no members"),
				 errhint("Members are the rows of civil_affairs.household_member whose period contains the date, alive on it.")));
	load_policy(&out->policy, in->division, in->urban, as_of);
	for (r = 0; r < in->n_rules; r++)
	{
		const PolicyIncomeRule *rule = policy_require_income_rule(in->rule_items[r], in->division, as_of);

		in->rules[r].treatment = rule->treatment == 'w' ? CA_INCOME_WORK_COST :
			rule->treatment == 'e' ? CA_INCOME_EXEMPT : CA_INCOME_COUNTED;
		in->rules[r].deduction_ppm = rule->deduction_ppm;
		in->rules[r].deduction_cap_ppm = rule->deduction_cap_ppm;
		in->rules[r].employment = rule->employment;
	}
	/* The window may be shorter here than the one the query gathered. */
	for (r = 0; r < in->n_incomes; r++)
		if (in->incomes[r].month >= out->policy.lookback_months)
		{
			in->incomes[r] = in->incomes[in->n_incomes - 1];
			in->income_items[r] = in->income_items[in->n_incomes - 1];
			in->income_months[r] = in->income_months[in->n_incomes - 1];
			in->n_incomes--;
			r--;
		}
	out->items = palloc0(sizeof(ca_item_result) * Max(in->n_incomes, 1));
	out->tekun = palloc0(sizeof(bool) * in->n_members);
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

static const char *
treatment_name(ca_income_treatment t)
{
	return t == CA_INCOME_EXEMPT ? "exempt" : t == CA_INCOME_WORK_COST ? "work_cost" : "counted";
}

static void
append_ufen(StringInfo buf, int64 ufen)
{
	append_fen(buf, ca_round_ufen(ufen, 1, CA_ROUND_HALF_UP));
}

/* The explanation: every income with its treatment, every test, the policy. */
static char *
explanation_json(const HouseholdInput *in, const HouseholdOutcome *out, DateADT as_of)
{
	StringInfoData buf;
	const ca_assessment_result *res = &out->result;
	char		code[CA_ADCODE_TEXT_SIZE];
	int			i;
	bool		first;

	initStringInfo(&buf);
	ca_adcode_format(in->division, code);
	appendStringInfo(&buf, "{\"division\": \"%s\", \"urban\": %s, \"as_of\": \"%s\", "
					 "\"window\": {\"from\": \"%s\", \"months\": %d}, ",
					 code, in->urban ? "true" : "false", date_text(as_of),
					 date_text(month_start(as_of, out->policy.lookback_months)),
					 out->policy.lookback_months);
	appendStringInfoString(&buf, "\"standard\": ");
	append_fen(&buf, res->standard_fen);
	appendStringInfoString(&buf, ", \"members\": [");
	for (i = 0; i < in->n_members; i++)
		appendStringInfo(&buf, "%s{\"person\": " INT64_FORMAT ", \"age\": %d, \"tekun\": %s}",
						 i ? ", " : "", in->members[i].person_id, in->members[i].age,
						 out->tekun[i] ? "true" : "false");
	appendStringInfoString(&buf, "], \"incomes\": [");
	for (i = 0; i < in->n_incomes; i++)
	{
		const ca_income *inc = &in->incomes[i];

		appendStringInfo(&buf, "%s{\"person\": " INT64_FORMAT ", \"item\": ",
						 i ? ", " : "", in->members[inc->member].person_id);
		escape_json(&buf, in->income_items[i]);
		appendStringInfo(&buf, ", \"month\": \"%s\", \"amount\": ", date_text(in->income_months[i]));
		append_fen(&buf, inc->amount_fen);
		appendStringInfo(&buf, ", \"treatment\": \"%s\", \"counted\": ",
						 treatment_name(in->rules[inc->rule].treatment));
		append_ufen(&buf, out->items[i].counted_ufen);
		appendStringInfoString(&buf, ", \"exempt\": ");
		append_ufen(&buf, out->items[i].exempt_ufen);
		appendStringInfoString(&buf, ", \"deducted\": ");
		append_ufen(&buf, out->items[i].deducted_ufen);
		appendStringInfoChar(&buf, '}');
	}
	appendStringInfoString(&buf, "], \"tests\": [");
	for (i = 0; i < CA_TEST_COUNT; i++)
	{
		const ca_test_result *t = &res->tests[i];
		bool		count = (i == CA_TEST_HOMES || i == CA_TEST_VEHICLES || i == CA_TEST_BUSINESSES);

		appendStringInfo(&buf, "%s{\"test\": \"%s\", \"value\": ", i ? ", " : "", ca_test_name((ca_test) i));
		if (count)
			appendStringInfo(&buf, INT64_FORMAT ", \"limit\": " INT64_FORMAT, t->value, t->limit);
		else
		{
			append_fen(&buf, t->value);
			appendStringInfoString(&buf, ", \"limit\": ");
			append_fen(&buf, t->limit);
		}
		appendStringInfo(&buf, ", \"passed\": %s}", t->passed ? "true" : "false");
	}
	appendStringInfoString(&buf, "], \"programmes\": [");
	first = true;
	if (res->dibao)
	{
		appendStringInfoString(&buf, "\"dibao\"");
		first = false;
	}
	if (res->low_income)
	{
		appendStringInfo(&buf, "%s\"low_income\"", first ? "" : ", ");
		first = false;
	}
	if (res->expenditure_hardship)
	{
		appendStringInfo(&buf, "%s\"expenditure_hardship\"", first ? "" : ", ");
		first = false;
	}
	if (res->tekun_members > 0)
		appendStringInfo(&buf, "%s\"tekun\"", first ? "" : ", ");
	appendStringInfoString(&buf, "]}");
	return buf.data;
}

/* The composite result (civil_affairs.assessment_result) of one household. */
static HeapTuple
result_tuple(TupleDesc desc, const HouseholdInput *in, const HouseholdOutcome *out, DateADT as_of)
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
	values[18] = DirectFunctionCall1(jsonb_in, CStringGetDatum(explanation_json(in, out, as_of)));
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

static SPIPlanPtr
prepared(SPIPlanPtr *plan, const char *query, int nargs, Oid *types)
{
	if (*plan == NULL)
	{
		SPIPlanPtr	p = SPI_prepare(query, nargs, types);

		if (p == NULL)
			elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
		SPI_keepplan(p);
		*plan = p;
	}
	return *plan;
}

/*
 * Assess the households the registry query selects, handing each result
 * tuple to emit.  Households are read through a cursor in batches, so memory
 * stays flat however many there are.
 */
static void
assess_registry(Datum household_id, bool by_id, DateADT as_of, bool only_stale,
				TupleDesc result_desc, void (*emit) (HeapTuple, void *), void *arg)
{
	Oid			types[4] = {INT8OID, DATEOID, DATEOID, BOOLOID};
	Datum		args[4];
	char		argnulls[4] = {' ', ' ', ' ', ' '};
	Portal		portal;
	MemoryContext per_household;
	MemoryContext outer = CurrentMemoryContext;
	bool		any = false;

	policy_cache_refresh();
	SPI_connect();
	args[0] = household_id;
	argnulls[0] = by_id ? ' ' : 'n';
	args[1] = DateADTGetDatum(as_of);
	args[2] = DateADTGetDatum(month_start(as_of, widest_window(as_of)));
	args[3] = BoolGetDatum(only_stale);
	portal = SPI_cursor_open(NULL, prepared(&registry_plan, registry_query, 4, types),
							 args, argnulls, true);
	per_household = AllocSetContextCreate(outer, "assessment per household", ALLOCSET_DEFAULT_SIZES);
	for (;;)
	{
		uint64		i;

		SPI_cursor_fetch(portal, true, 1000);
		if (SPI_processed == 0)
			break;
		for (i = 0; i < SPI_processed; i++)
		{
			HouseholdInput in;
			HouseholdOutcome out;
			MemoryContext old = MemoryContextSwitchTo(per_household);
			HeapTuple	tuple;

			read_household(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, &in, as_of);
			if (!by_id && in.n_members == 0)
			{
				/* Nobody lives in it on the date: nothing to assess in bulk. */
				MemoryContextSwitchTo(old);
				MemoryContextReset(per_household);
				continue;
			}
			assess(&in, as_of, &out);
			/* Built here and freed with the household; emit copies what it keeps. */
			tuple = result_tuple(result_desc, &in, &out, as_of);
			MemoryContextSwitchTo(outer);
			emit(tuple, arg);
			MemoryContextSwitchTo(old);
			MemoryContextReset(per_household);
			any = true;
		}
		SPI_freetuptable(SPI_tuptable);
	}
	SPI_cursor_close(portal);
	SPI_finish();
	if (by_id && !any)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("household " INT64_FORMAT " does not exist", DatumGetInt64(household_id))));
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
	assess_registry(PG_GETARG_DATUM(0), true, PG_GETARG_DATEADT(1), false, desc,
					keep_single, &tuple);
	PG_RETURN_DATUM(HeapTupleGetDatum(tuple));
}

Datum
assess_households(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	InitMaterializedSRF(fcinfo, 0);
	assess_registry((Datum) 0, false, PG_GETARG_DATEADT(0), PG_GETARG_BOOL(1),
					rsinfo->setDesc, store_tuple, rsinfo->setResult);
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
	StringInfoData buf;
	char	   *explanation;
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
	rc = SPI_execute_plan(prepared(&json_plan, json_query, 5, types), args, NULL, true, 1);
	if (rc != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "reading the household document failed");
	{
		MemoryContext old = MemoryContextSwitchTo(outer);

		read_household(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, &in, as_of);
		assess(&in, as_of, &out);
		explanation = explanation_json(&in, &out, as_of);
		MemoryContextSwitchTo(old);
	}
	SPI_finish();

	/* Summary figures first, then the explanation's fields. */
	initStringInfo(&buf);
	appendStringInfo(&buf, "{\"members\": %d, \"counted_income\": ", out.result.members);
	append_fen(&buf, out.result.counted_fen);
	appendStringInfoString(&buf, ", \"exempt_income\": ");
	append_fen(&buf, out.result.exempt_fen);
	appendStringInfoString(&buf, ", \"deducted_income\": ");
	append_fen(&buf, out.result.deducted_fen);
	appendStringInfoString(&buf, ", \"presumed_income\": ");
	append_fen(&buf, out.result.presumed_fen);
	appendStringInfoString(&buf, ", \"net_income\": ");
	append_fen(&buf, out.result.net_fen);
	appendStringInfoString(&buf, ", \"per_capita_income\": ");
	append_fen(&buf, out.result.per_capita_fen);
	appendStringInfo(&buf, ", \"assets_pass\": %s, ", out.result.assets_pass ? "true" : "false");
	appendStringInfoString(&buf, explanation + 1);	/* drop its opening brace */
	PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(buf.data)));
}
