/*
 * policy_cache.c: per-backend cache of policy_value and income_item_rule,
 * and the SQL functions policy_value() and policy_choice().
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "adcode_pg.h"
#include "policy_cache.h"
#include "../core/adcode.h"

PG_FUNCTION_INFO_V1(policy_cache_invalidate);
PG_FUNCTION_INFO_V1(policy_value_lookup);
PG_FUNCTION_INFO_V1(policy_choice_lookup);

#define POLICY_KEY_SIZE 64

/* One row of a policy table: its scope, its period [from, to), its value. */
typedef struct PolicyRow
{
	int64		division;		/* 12-digit code; 0 for the whole country */
	bool		from_unbounded;
	bool		to_unbounded;
	DateADT		from;
	DateADT		to;
	Numeric		amount;			/* policy_value: NULL for a choice */
	char	   *choice;			/* policy_value: NULL for an amount */
	PolicyIncomeRule rule;		/* income_item_rule */
} PolicyRow;

typedef struct PolicyEntry
{
	char		key[POLICY_KEY_SIZE];	/* hash key: parameter key or item code */
	int			nrows;
	int			capacity;
	PolicyRow  *rows;
} PolicyEntry;

static MemoryContext cache_context = NULL;
static HTAB *values = NULL;		/* policy_value, by key */
static HTAB *income_rules = NULL;	/* income_item_rule, by item */
static bool cache_valid = false;
static bool callback_registered = false;
static Oid	watched_relations[3];

static bool cmp_numerics_abs_limit(Numeric value);

static void
policy_relcache_callback(Datum arg, Oid relid)
{
	int			i;

	if (!OidIsValid(relid))
	{
		cache_valid = false;
		return;
	}
	for (i = 0; i < lengthof(watched_relations); i++)
		if (watched_relations[i] == relid)
			cache_valid = false;
}

static HTAB *
new_table(const char *name)
{
	HASHCTL		ctl;

	ctl.keysize = POLICY_KEY_SIZE;
	ctl.entrysize = sizeof(PolicyEntry);
	ctl.hcxt = cache_context;
	return hash_create(name, 64, &ctl, HASH_ELEM | HASH_STRINGS | HASH_CONTEXT);
}

static PolicyRow *
add_row(HTAB *table, const char *key)
{
	PolicyEntry *entry;
	bool		found;

	if (strlen(key) >= POLICY_KEY_SIZE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("policy key \"%s\" is too long", key),
				 errdetail("Keys have at most %d characters.", POLICY_KEY_SIZE - 1)));
	entry = hash_search(table, key, HASH_ENTER, &found);
	if (!found)
	{
		entry->nrows = 0;
		entry->capacity = 4;
		entry->rows = MemoryContextAlloc(cache_context, sizeof(PolicyRow) * entry->capacity);
	}
	else if (entry->nrows == entry->capacity)
	{
		entry->capacity *= 2;
		entry->rows = repalloc(entry->rows, sizeof(PolicyRow) * entry->capacity);
	}
	memset(&entry->rows[entry->nrows], 0, sizeof(PolicyRow));
	return &entry->rows[entry->nrows++];
}

/* Columns 2-4 of both queries: division, lower(valid), upper(valid). */
static void
read_scope(HeapTuple tuple, TupleDesc desc, PolicyRow *row)
{
	bool		isnull;
	Datum		d;

	row->division = DatumGetInt64(SPI_getbinval(tuple, desc, 2, &isnull));
	d = SPI_getbinval(tuple, desc, 3, &isnull);
	row->from_unbounded = isnull;
	row->from = isnull ? 0 : DatumGetDateADT(d);
	d = SPI_getbinval(tuple, desc, 4, &isnull);
	row->to_unbounded = isnull;
	row->to = isnull ? 0 : DatumGetDateADT(d);
}

int64
policy_numeric_scaled(Numeric value, int64 scale, const char *key)
{
	Numeric		scaled;
	bool		have_error = false;

	scaled = numeric_mul_opt_error(value, int64_to_numeric(scale), &have_error);
	if (have_error || numeric_is_nan(scaled) || numeric_is_inf(scaled) ||
		cmp_numerics_abs_limit(scaled))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("policy figure for \"%s\" is out of range", key)));
	/* numeric_int8 rounds half away from zero, to the unit of the scale. */
	return DatumGetInt64(DirectFunctionCall1(numeric_int8, NumericGetDatum(scaled)));
}

static void
load_cache(void)
{
	Oid			schema;
	MemoryContext old;
	uint64		i;
	int			rc;

	if (cache_context == NULL)
		cache_context = AllocSetContextCreate(CacheMemoryContext, "civil_affairs policy cache",
											  ALLOCSET_DEFAULT_SIZES);
	else
		MemoryContextReset(cache_context);
	values = NULL;
	income_rules = NULL;

	if (!callback_registered)
	{
		CacheRegisterRelcacheCallback(policy_relcache_callback, (Datum) 0);
		callback_registered = true;
	}
	schema = get_namespace_oid("civil_affairs", false);
	watched_relations[0] = get_relname_relid("policy_value", schema);
	watched_relations[1] = get_relname_relid("income_item_rule", schema);
	watched_relations[2] = get_relname_relid("income_item", schema);

	values = new_table("civil_affairs policy values");
	income_rules = new_table("civil_affairs income rules");

	if ((rc = SPI_connect()) != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed: %s", SPI_result_code_string(rc));

	rc = SPI_execute("SELECT key, coalesce(civil_affairs.adcode_to_bigint(division), 0),"
					 "       lower(valid), upper(valid), amount, choice"
					 "  FROM civil_affairs.policy_value", true, 0);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "reading civil_affairs.policy_value failed: %s", SPI_result_code_string(rc));
	old = MemoryContextSwitchTo(cache_context);
	for (i = 0; i < SPI_processed; i++)
	{
		HeapTuple	tuple = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		char	   *key = SPI_getvalue(tuple, desc, 1);
		PolicyRow  *row = add_row(values, key);
		bool		isnull;
		Datum		d;

		read_scope(tuple, desc, row);
		d = SPI_getbinval(tuple, desc, 5, &isnull);
		row->amount = isnull ? NULL : DatumGetNumericCopy(d);
		row->choice = SPI_getvalue(tuple, desc, 6);
	}
	MemoryContextSwitchTo(old);

	rc = SPI_execute("SELECT r.item, coalesce(civil_affairs.adcode_to_bigint(r.division), 0),"
					 "       lower(r.valid), upper(r.valid), r.treatment,"
					 "       round(coalesce(r.deduction_rate, 0) * 1000000)::bigint,"
					 "       round(coalesce(r.deduction_cap_multiple, 0) * 1000000)::bigint,"
					 "       i.employment"
					 "  FROM civil_affairs.income_item_rule r"
					 "  JOIN civil_affairs.income_item i ON i.code = r.item", true, 0);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "reading civil_affairs.income_item_rule failed: %s", SPI_result_code_string(rc));
	old = MemoryContextSwitchTo(cache_context);
	for (i = 0; i < SPI_processed; i++)
	{
		HeapTuple	tuple = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		char	   *item = SPI_getvalue(tuple, desc, 1);
		PolicyRow  *row = add_row(income_rules, item);
		char	   *treatment = SPI_getvalue(tuple, desc, 5);
		bool		isnull;

		read_scope(tuple, desc, row);
		row->rule.treatment = treatment[0] == 'w' ? 'w' : treatment[0] == 'e' ? 'e' : 'c';
		row->rule.deduction_ppm = DatumGetInt64(SPI_getbinval(tuple, desc, 6, &isnull));
		row->rule.deduction_cap_ppm = DatumGetInt64(SPI_getbinval(tuple, desc, 7, &isnull));
		row->rule.employment = DatumGetBool(SPI_getbinval(tuple, desc, 8, &isnull));
	}
	MemoryContextSwitchTo(old);
	SPI_finish();
	cache_valid = true;
}

/* True when |value| is beyond what any policy figure times its scale may be. */
static bool
cmp_numerics_abs_limit(Numeric value)
{
	Numeric		limit = int64_to_numeric(INT64CONST(1000000000000000000));

	return DatumGetBool(DirectFunctionCall2(numeric_gt,
											DirectFunctionCall1(numeric_abs, NumericGetDatum(value)),
											NumericGetDatum(limit)));
}

static bool
row_applies(const PolicyRow *row, int64 division, DateADT on_date)
{
	return row->division == division &&
		(row->from_unbounded || row->from <= on_date) &&
		(row->to_unbounded || on_date < row->to);
}

/* The row for the nearest division up the chain, or NULL. */
static const PolicyRow *
find_row(bool income_rule, const char *key, int64 division, DateADT on_date)
{
	PolicyEntry *entry;
	int			level;

	if (!cache_valid)
		load_cache();
	if (strlen(key) >= POLICY_KEY_SIZE)
		return NULL;
	entry = hash_search(income_rule ? income_rules : values, key, HASH_FIND, NULL);
	if (entry == NULL)
		return NULL;
	/* From the division itself up to the province, then the whole country. */
	for (level = division > 0 ? ca_adcode_level(division) : 0; level >= 0; level--)
	{
		int64		scope = level > 0 ? ca_adcode_ancestor(division, level) : 0;
		int			i;

		if (scope < 0)
			continue;			/* a zero part, as in 东莞's townships */
		for (i = 0; i < entry->nrows; i++)
			if (row_applies(&entry->rows[i], scope, on_date))
				return &entry->rows[i];
	}
	return NULL;
}

static char *
division_text(int64 division)
{
	char		buf[CA_ADCODE_TEXT_SIZE];

	if (division <= 0)
		return pstrdup("the whole country");
	ca_adcode_format(division, buf);
	return pstrdup(buf);
}

static void
report_missing(const char *what, const char *key, int64 division, DateADT on_date)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("no %s \"%s\" for division %s on %s", what, key,
					division_text(division),
					DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(on_date)))),
			 errhint("Add a row for this key to civil_affairs.%s, for this division or one above it, valid on this date.",
					 strcmp(what, "income rule") == 0 ? "income_item_rule" : "policy_value")));
}

bool
policy_find_amount(const char *key, int64 division, DateADT on_date, Numeric *amount)
{
	const PolicyRow *row;

	row = find_row(false, key, division, on_date);
	if (row == NULL || row->amount == NULL)
		return false;
	*amount = row->amount;
	return true;
}

bool
policy_find_choice(const char *key, int64 division, DateADT on_date, const char **choice)
{
	const PolicyRow *row;

	row = find_row(false, key, division, on_date);
	if (row == NULL || row->choice == NULL)
		return false;
	*choice = row->choice;
	return true;
}

Numeric
policy_require_amount(const char *key, int64 division, DateADT on_date)
{
	Numeric		amount;

	if (!policy_find_amount(key, division, on_date, &amount))
		report_missing("policy value", key, division, on_date);
	return amount;
}

const char *
policy_require_choice(const char *key, int64 division, DateADT on_date)
{
	const char *choice;

	if (!policy_find_choice(key, division, on_date, &choice))
		report_missing("policy choice", key, division, on_date);
	return choice;
}

const PolicyIncomeRule *
policy_require_income_rule(const char *item, int64 division, DateADT on_date)
{
	const PolicyRow *row;

	row = find_row(true, item, division, on_date);
	if (row == NULL)
		report_missing("income rule", item, division, on_date);
	return &row->rule;
}

/*
 * Statement trigger on the policy tables: queue a relcache invalidation of
 * the table, which every backend (this one included, at the next command)
 * receives when the transaction commits.
 */
Datum
policy_cache_invalidate(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("policy_cache_invalidate() must be called as a trigger")));
	CacheInvalidateRelcache(trigdata->tg_relation);
	cache_valid = false;
	PG_RETURN_POINTER(NULL);
}

/*
 * Take in invalidations sent since the last statement: within one
 * read-committed transaction the cache must see what another session has
 * committed meanwhile, and nothing else would make this backend look, since
 * a valid cache takes no lock.  Cheap when there is nothing to read.
 */
void
policy_cache_refresh(void)
{
	AcceptInvalidationMessages();
}

Datum
policy_value_lookup(PG_FUNCTION_ARGS)
{
	char	   *key;
	int64		division;
	DateADT		on_date;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(2))
		PG_RETURN_NULL();
	policy_cache_refresh();
	key = text_to_cstring(PG_GETARG_TEXT_PP(0));
	division = PG_ARGISNULL(1) ? 0 : PG_GETARG_ADCODE(1);
	on_date = PG_GETARG_DATEADT(2);
	PG_RETURN_NUMERIC(DatumGetNumericCopy(NumericGetDatum(policy_require_amount(key, division, on_date))));
}

Datum
policy_choice_lookup(PG_FUNCTION_ARGS)
{
	char	   *key;
	int64		division;
	DateADT		on_date;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(2))
		PG_RETURN_NULL();
	policy_cache_refresh();
	key = text_to_cstring(PG_GETARG_TEXT_PP(0));
	division = PG_ARGISNULL(1) ? 0 : PG_GETARG_ADCODE(1);
	on_date = PG_GETARG_DATEADT(2);
	PG_RETURN_TEXT_P(cstring_to_text(policy_require_choice(key, division, on_date)));
}

