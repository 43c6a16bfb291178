/*
 * payroll_pg.c: what every open enrolment is owed for a month.
 *
 * payroll_entitlements(month) reads the open enrolments with what each
 * programme needs (the household's latest assessment and covered members for
 * dibao, the person for person-level programmes) in one query, takes the
 * policy in force for the household's division that month, and calls the
 * entitlement kernel.  run_payroll (SQL) turns the result into payments.
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
#include "utils/jsonb.h"
#include "utils/hsearch.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"

#include "policy_cache.h"
#include "policy_figures.h"
#include "registry_values.h"
#include "../core/entitlement.h"

PG_FUNCTION_INFO_V1(payroll_entitlements);

static const char *const entitlement_query =
"WITH e AS ("
"  SELECT e.id, e.household_id, e.person_id, e.programme, e.status, e.single_person,"
"         e.frozen_amount, e.orphan_care, h.residence_division, coalesce(h.urban, d.urban) AS urban"
"    FROM civil_affairs.enrollment e"
"    JOIN civil_affairs.household h ON h.id = e.household_id"
"    LEFT JOIN civil_affairs.division d ON d.code OPERATOR(civil_affairs.=) h.residence_division"
"   WHERE e.status IN ('active', 'gradual_exit')"
"     AND (e.start_month IS NULL OR e.start_month <= $1)"
"     AND (e.end_month IS NULL OR e.end_month > $1)),"
" cov AS ("
"  SELECT e.id AS enrollment_id,"
"         array_agg(extract(year FROM age($1, p.birth_date))::int) AS ages,"
"         array_agg(p.work_capacity) AS work,"
"         array_agg(p.self_care) AS care,"
"         array_agg(p.disability_grade::int) AS grades,"
"         array_agg(p.seriously_ill) AS ill"
"    FROM e"
"    JOIN civil_affairs.household_member m ON m.household_id = e.household_id AND m.during @> $1"
"    JOIN civil_affairs.person p ON p.id = m.person_id"
"   WHERE e.programme = 'dibao'"
"     AND (NOT e.single_person OR p.id = e.person_id)"
"     AND (p.death_date IS NULL OR p.death_date >= $1)"
"   GROUP BY e.id),"
" asmt AS ("
"  SELECT DISTINCT ON (a.household_id) a.household_id, a.net_income, a.members, a.window_months"
"    FROM civil_affairs.assessment a"
"   WHERE a.household_id IN (SELECT household_id FROM e WHERE programme = 'dibao')"
"     AND a.as_of < ($1 + interval '1 month')"
"   ORDER BY a.household_id, a.as_of DESC, a.id DESC),"
" dib AS (SELECT DISTINCT household_id FROM e WHERE programme = 'dibao' AND status = 'active')"
" SELECT e.id, e.household_id, e.person_id, e.programme, e.status, e.frozen_amount, e.orphan_care,"
"        civil_affairs.adcode_to_bigint(e.residence_division), e.urban,"
"        asmt.net_income, asmt.members, asmt.window_months,"
"        cov.ages, cov.work, cov.care, cov.grades, cov.ill,"
"        p.birth_date, p.death_date, p.self_care, p.disability_grade::int, p.disability_kind,"
"        dib.household_id IS NOT NULL"
"   FROM e"
"   LEFT JOIN cov ON cov.enrollment_id = e.id"
"   LEFT JOIN asmt ON asmt.household_id = e.household_id"
"   LEFT JOIN civil_affairs.person p ON p.id = e.person_id"
"   LEFT JOIN dib ON dib.household_id = e.household_id"
"  ORDER BY e.id";

static SPIPlanPtr entitlement_plan = NULL;

/* Fewer open enrolments than this and no progress is reported. */
#define PROGRESS_MIN_ROWS 1000

typedef struct Entitlement
{
	int64		amount_fen;
	int			tier;
	int			persons;
	StringInfoData components;
} Entitlement;

static void
append_fen(StringInfo buf, const char *key, int64 fen)
{
	appendStringInfo(buf, "%s\"%s\": %s" INT64_FORMAT ".%02d", buf->len > 1 ? ", " : "", key,
					 fen < 0 ? "-" : "", (fen < 0 ? -fen : fen) / 100, (int) ((fen < 0 ? -fen : fen) % 100));
}

/*
 * The dibao policy of a division, urban or rural, for the month being paid.
 * Some twenty lookups make one; thousands of enrolments share a village, so
 * each is made once per call and kept in this small table.
 */
typedef struct DibaoPolicyKey
{
	int64		division;
	bool		urban;
} DibaoPolicyKey;

typedef struct DibaoPolicyEntry
{
	DibaoPolicyKey key;
	ca_dibao_policy policy;
} DibaoPolicyEntry;

static HTAB *dibao_policies = NULL;

static void load_dibao_policy(ca_dibao_policy *p, int64 division, bool urban, DateADT month);

static const ca_dibao_policy *
dibao_policy(int64 division, bool urban, DateADT month)
{
	DibaoPolicyKey key;
	DibaoPolicyEntry *entry;
	bool		found;

	memset(&key, 0, sizeof(key));
	key.division = division;
	key.urban = urban;
	entry = hash_search(dibao_policies, &key, HASH_ENTER, &found);
	if (!found)
	{
		PG_TRY();
		{
			load_dibao_policy(&entry->policy, division, urban, month);
		}
		PG_CATCH();
		{
			hash_search(dibao_policies, &key, HASH_REMOVE, NULL);
			PG_RE_THROW();
		}
		PG_END_TRY();
	}
	return &entry->policy;
}

static void
load_dibao_policy(ca_dibao_policy *p, int64 division, bool urban, DateADT month)
{
	const char *method;

	memset(p, 0, sizeof(*p));
	p->standard_fen = policy_monthly_standard_fen(division, urban, month);
	method = policy_require_choice(urban ? "dibao.method_urban" : "dibao.method_rural", division, month);
	p->method = strcmp(method, "tiered") == 0 ? CA_DIBAO_TIERED : CA_DIBAO_GAP;
	if (p->method == CA_DIBAO_TIERED)
	{
		const char *placement = policy_require_choice("dibao.tier_placement", division, month);

		p->tier_fen[0] = policy_amount_fen(urban ? "dibao.tier1_urban" : "dibao.tier1_rural", division, month);
		p->tier_fen[1] = policy_amount_fen(urban ? "dibao.tier2_urban" : "dibao.tier2_rural", division, month);
		p->tier_fen[2] = policy_amount_fen(urban ? "dibao.tier3_urban" : "dibao.tier3_rural", division, month);
		if (strcmp(placement, "income_band") == 0)
		{
			p->placement = CA_TIER_BY_INCOME_BAND;
			p->band_gap_min_fen[0] = policy_amount_fen("dibao.band1_gap_min", division, month);
			p->band_gap_min_fen[1] = policy_amount_fen("dibao.band2_gap_min", division, month);
		}
		else
		{
			p->placement = CA_TIER_BY_CATEGORY;
			p->category_b_age = policy_count("dibao.category_b_age", division, month);
		}
	}
	p->addon_elderly_age = policy_count("dibao.addon_elderly_age", division, month);
	p->addon_minor_age = policy_count("dibao.addon_minor_age", division, month);
	p->addons[CA_ADDON_ELDERLY].rate_ppm = policy_ppm("dibao.addon_elderly_rate", division, month);
	p->addons[CA_ADDON_MINOR].rate_ppm = policy_ppm("dibao.addon_minor_rate", division, month);
	p->addons[CA_ADDON_SEVERE_DISABILITY].rate_ppm = policy_ppm("dibao.addon_severe_disability_rate", division, month);
	p->addons[CA_ADDON_SERIOUS_ILLNESS].rate_ppm = policy_ppm("dibao.addon_serious_illness_rate", division, month);
	p->min_per_person_fen = policy_amount_fen("dibao.min_per_person", division, month);
	p->rounding_unit_fen = policy_amount_fen("dibao.rounding_unit", division, month);
	p->rounding_mode = policy_rounding_mode(policy_require_choice("dibao.rounding_mode", division, month));
}

/* Whole years of age on a date. */
static int
age_on(DateADT birth, DateADT on)
{
	int			by,
				bm,
				bd,
				y,
				m,
				d;
	int			age;

	j2date(birth + POSTGRES_EPOCH_JDATE, &by, &bm, &bd);
	j2date(on + POSTGRES_EPOCH_JDATE, &y, &m, &d);
	age = y - by;
	if (m < bm || (m == bm && d < bd))
		age--;
	return age;
}

static DateADT
last_day_of_month(DateADT month)
{
	int			y,
				m,
				d;

	j2date(month + POSTGRES_EPOCH_JDATE, &y, &m, &d);
	if (++m > 12)
	{
		m = 1;
		y++;
	}
	return date2j(y, m, 1) - POSTGRES_EPOCH_JDATE - 1;
}

static void
dibao_entitlement(HeapTuple tuple, TupleDesc desc, int64 household_id, int64 division, bool urban,
				  DateADT month, Entitlement *out)
{
	const ca_dibao_policy *policy;
	ca_dibao_payment pay;
	ca_covered_person *covered;
	Datum		d,
			   *ages,
			   *work,
			   *care,
			   *grades,
			   *ill;
	bool		isnull,
			   *n1,
			   *n2,
			   *n3,
			   *n4,
			   *n5;
	int			n,
				i,
				members,
				months;
	int64		net_fen;

	d = SPI_getbinval(tuple, desc, 10, &isnull);
	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("household " INT64_FORMAT " is enrolled in dibao but has no assessment", household_id),
				 errhint("Run civil_affairs.record_assessment for it, or let run_payroll assess it.")));
	net_fen = policy_fen(DatumGetNumeric(d), "net income");
	members = DatumGetInt32(SPI_getbinval(tuple, desc, 11, &isnull));
	months = DatumGetInt32(SPI_getbinval(tuple, desc, 12, &isnull));
	d = SPI_getbinval(tuple, desc, 13, &isnull);
	if (isnull)
		return;					/* nobody covered is alive and a member this month */
	registry_deconstruct(d, INT4OID, &ages, &n1, &n);
	registry_deconstruct(SPI_getbinval(tuple, desc, 14, &isnull), TEXTOID, &work, &n2, &n);
	registry_deconstruct(SPI_getbinval(tuple, desc, 15, &isnull), TEXTOID, &care, &n3, &n);
	registry_deconstruct(SPI_getbinval(tuple, desc, 16, &isnull), INT4OID, &grades, &n4, &n);
	registry_deconstruct(SPI_getbinval(tuple, desc, 17, &isnull), BOOLOID, &ill, &n5, &n);
	covered = palloc0(sizeof(ca_covered_person) * n);
	for (i = 0; i < n; i++)
	{
		covered[i].age = DatumGetInt32(ages[i]);
		covered[i].work_capacity = registry_work_capacity(TextDatumGetCString(work[i]));
		covered[i].self_care = registry_self_care(TextDatumGetCString(care[i]));
		covered[i].disability_grade = DatumGetInt32(grades[i]);
		covered[i].seriously_ill = DatumGetBool(ill[i]);
	}
	policy = dibao_policy(division, urban, month);

	/*
	 * run_payroll reassesses a household whose members changed, so the
	 * assessment counts the covered members, but for one who died on the
	 * first of the month: covered that month, not in an assessment as of
	 * that day.  The per-capita income of the assessment applies to them.
	 */
	if (members < n)
	{
		net_fen = net_fen / Max(members, 1) * n;
		members = n;
	}
	if (!ca_dibao_payment_compute(policy, net_fen * CA_PPM / Max(months, 1), Max(members, 1),
								  covered, n, &pay))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot compute the dibao payment of household " INT64_FORMAT, household_id),
				 errdetail("The policy or the household's figures are out of range.")));
	out->amount_fen = pay.total_fen;
	out->tier = pay.tier;
	out->persons = n;
	appendStringInfo(&out->components, "\"method\": \"%s\"",
					 policy->method == CA_DIBAO_TIERED ? "tiered" : "gap");
	append_fen(&out->components, "standard", policy->standard_fen);
	append_fen(&out->components, "base", pay.base_fen);
	append_fen(&out->components, "addons", pay.addons_fen);
	append_fen(&out->components, "cap", pay.cap_fen);
}

static void
compute(HeapTuple tuple, TupleDesc desc, DateADT month, Entitlement *out)
{
	bool		isnull;
	int64		household_id = DatumGetInt64(SPI_getbinval(tuple, desc, 2, &isnull));
	char	   *programme = SPI_getvalue(tuple, desc, 4);
	char	   *status = SPI_getvalue(tuple, desc, 5);
	int64		division = DatumGetInt64(SPI_getbinval(tuple, desc, 8, &isnull));
	Datum		d;
	bool		urban;
	DateADT		death = 0;
	bool		dead_before_month = false;

	out->amount_fen = 0;
	out->tier = 0;
	out->persons = 1;
	initStringInfo(&out->components);
	appendStringInfoChar(&out->components, '{');

	d = SPI_getbinval(tuple, desc, 9, &isnull);
	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot tell whether household " INT64_FORMAT " is urban or rural", household_id),
				 errhint("Set civil_affairs.household.urban, or the division's urban flag.")));
	urban = DatumGetBool(d);
	d = SPI_getbinval(tuple, desc, 19, &isnull);
	if (!isnull)
	{
		death = DatumGetDateADT(d);
		dead_before_month = death < month;	/* payments end the month after death */
	}

	if (strcmp(programme, "dibao") == 0)
	{
		if (strcmp(status, "gradual_exit") == 0)
		{
			/* The amount is kept; the persons are those still covered. */
			d = SPI_getbinval(tuple, desc, 13, &isnull);
			out->persons = isnull ? 0 : ArrayGetNItems(ARR_NDIM(DatumGetArrayTypeP(d)),
													   ARR_DIMS(DatumGetArrayTypeP(d)));
			out->amount_fen = policy_fen(DatumGetNumeric(SPI_getbinval(tuple, desc, 6, &isnull)), "frozen amount");
			appendStringInfoString(&out->components, "\"gradual_exit\": true");
			append_fen(&out->components, "frozen", out->amount_fen);
		}
		else
			dibao_entitlement(tuple, desc, household_id, division, urban, month, out);
	}
	else if (dead_before_month)
		appendStringInfoString(&out->components, "\"deceased\": true");
	else if (strcmp(programme, "tekun") == 0)
	{
		ca_tekun_policy policy;
		ca_tekun_payment pay;

		policy.standard_fen = policy_monthly_standard_fen(division, urban, month);
		policy.basic_multiple_ppm = policy_ppm("tekun.basic_multiple", division, month);
		policy.care_ppm[CA_SELF_CARE_FULL] = policy_ppm("tekun.care_full", division, month);
		policy.care_ppm[CA_SELF_CARE_PARTIAL] = policy_ppm("tekun.care_partial", division, month);
		policy.care_ppm[CA_SELF_CARE_NONE] = policy_ppm("tekun.care_none", division, month);
		policy.rounding_unit_fen = policy_amount_fen("dibao.rounding_unit", division, month);
		policy.rounding_mode = policy_rounding_mode(policy_require_choice("dibao.rounding_mode", division, month));
		if (!ca_tekun_payment_compute(&policy, registry_self_care(SPI_getvalue(tuple, desc, 20)), &pay))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cannot compute the extreme-poverty support of household " INT64_FORMAT, household_id)));
		out->amount_fen = pay.total_fen;
		append_fen(&out->components, "basic", pay.basic_fen);
		append_fen(&out->components, "care", pay.care_fen);
	}
	else if (strcmp(programme, "old_age_allowance") == 0)
	{
		ca_old_age_policy policy;
		static const char *const keys[4][2] = {
			{"old_age_allowance.bracket1_age", "old_age_allowance.bracket1_amount"},
			{"old_age_allowance.bracket2_age", "old_age_allowance.bracket2_amount"},
			{"old_age_allowance.bracket3_age", "old_age_allowance.bracket3_amount"},
			{"old_age_allowance.bracket4_age", "old_age_allowance.bracket4_amount"}};
		const char *start = policy_require_choice("old_age_allowance.start", division, month);
		DateADT		birth = DatumGetDateADT(SPI_getbinval(tuple, desc, 18, &isnull));
		/* A bracket reached in the month counts from that month or the next. */
		int			age = age_on(birth, strcmp(start, "birthday_month") == 0 ? last_day_of_month(month) : month);
		int			i;

		policy.n_brackets = 4;
		for (i = 0; i < 4; i++)
		{
			policy.min_age[i] = policy_count(keys[i][0], division, month);
			policy.amount_fen[i] = policy_amount_fen(keys[i][1], division, month);
		}
		out->amount_fen = ca_old_age_allowance(&policy, age);
		appendStringInfo(&out->components, "\"age\": %d", age);
	}
	else if (strcmp(programme, "disability_living_subsidy") == 0 ||
			 strcmp(programme, "disability_care_subsidy") == 0)
	{
		ca_disability_policy policy;
		int			grade = DatumGetInt32(SPI_getbinval(tuple, desc, 21, &isnull));
		char	   *kind = SPI_getvalue(tuple, desc, 22);
		bool		in_dibao = DatumGetBool(SPI_getbinval(tuple, desc, 23, &isnull));

		policy.living_fen = policy_amount_fen("disability.living_subsidy", division, month);
		policy.care_fen = policy_amount_fen("disability.care_subsidy", division, month);
		if (strcmp(programme, "disability_living_subsidy") == 0)
			out->amount_fen = ca_disability_living_subsidy(&policy, grade, in_dibao);
		else
			out->amount_fen = ca_disability_care_subsidy(&policy, grade,
														 kind && (strcmp(kind, "mental") == 0 ||
																  strcmp(kind, "intellectual") == 0));
		appendStringInfo(&out->components, "\"disability_grade\": %d", grade);
	}
	else if (strcmp(programme, "orphan_allowance") == 0)
	{
		char	   *care = SPI_getvalue(tuple, desc, 7);

		out->amount_fen = policy_amount_fen(strcmp(care, "institution") == 0 ? "orphan.institution" : "orphan.scattered",
											division, month);
		appendStringInfo(&out->components, "\"care\": \"%s\"", care);
	}
	appendStringInfoChar(&out->components, '}');
}

Datum
payroll_entitlements(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	DateADT		month = PG_GETARG_DATEADT(0);
	Oid			types[1] = {DATEOID};
	Datum		args[1];
	Portal		portal;
	MemoryContext outer;
	MemoryContext per_row;
	int			y,
				m,
				dd;
	int64		total = 0;
	int64		done = 0;

	j2date(month + POSTGRES_EPOCH_JDATE, &y, &m, &dd);
	if (dd != 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_DATETIME_FORMAT),
				 errmsg("a payroll month is given as its first day, not %04d-%02d-%02d", y, m, dd),
				 errhint("Use %04d-%02d-01.", y, m)));
	InitMaterializedSRF(fcinfo, 0);
	outer = CurrentMemoryContext;
	per_row = AllocSetContextCreate(outer, "payroll entitlement", ALLOCSET_DEFAULT_SIZES);
	{
		HASHCTL		ctl;

		ctl.keysize = sizeof(DibaoPolicyKey);
		ctl.entrysize = sizeof(DibaoPolicyEntry);
		ctl.hcxt = outer;
		dibao_policies = hash_create("dibao policies of the month", 256, &ctl,
									 HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	}
	policy_cache_refresh();
	SPI_connect();
	if (entitlement_plan == NULL)
	{
		entitlement_plan = SPI_prepare(entitlement_query, 1, types);
		if (entitlement_plan == NULL)
			elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
		SPI_keepplan(entitlement_plan);
	}
	args[0] = DateADTGetDatum(month);

	/* Long runs report progress each tenth; short ones stay quiet. */
	if (SPI_execute("SELECT count(*) FROM civil_affairs.enrollment"
					" WHERE status IN ('active', 'gradual_exit')", true, 1) == SPI_OK_SELECT)
	{
		bool		isnull;

		total = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	}
	portal = SPI_cursor_open(NULL, entitlement_plan, args, NULL, true);
	for (;;)
	{
		uint64		i;

		SPI_cursor_fetch(portal, true, 1000);
		if (SPI_processed == 0)
			break;
		for (i = 0; i < SPI_processed; i++)
		{
			HeapTuple	tuple = SPI_tuptable->vals[i];
			TupleDesc	desc = SPI_tuptable->tupdesc;
			Entitlement ent;
			Datum		values[8];
			bool		nulls[8] = {false, false, false, false, false, false, false, false};
			bool		isnull;
			MemoryContext old = MemoryContextSwitchTo(per_row);

			compute(tuple, desc, month, &ent);
			values[0] = SPI_getbinval(tuple, desc, 1, &isnull);
			values[1] = SPI_getbinval(tuple, desc, 2, &isnull);
			values[2] = SPI_getbinval(tuple, desc, 3, &nulls[2]);
			values[3] = CStringGetTextDatum(SPI_getvalue(tuple, desc, 4));
			values[4] = Int16GetDatum(ent.tier);
			nulls[4] = ent.tier == 0;
			values[5] = Int32GetDatum(ent.persons);
			values[6] = NumericGetDatum(int64_div_fast_to_numeric(ent.amount_fen, 2));
			values[7] = DirectFunctionCall1(jsonb_in, CStringGetDatum(ent.components.data));
			MemoryContextSwitchTo(outer);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
			MemoryContextSwitchTo(old);
			MemoryContextReset(per_row);
			done++;
			if (total >= PROGRESS_MIN_ROWS && done * 10 / total != (done - 1) * 10 / total)
				ereport(NOTICE,
						(errmsg("payroll %04d-%02d: entitlements of " INT64_FORMAT " of " INT64_FORMAT " enrolments computed",
								y, m, done, total)));
		}
		SPI_freetuptable(SPI_tuptable);
	}
	SPI_cursor_close(portal);
	SPI_finish();
	return (Datum) 0;
}
