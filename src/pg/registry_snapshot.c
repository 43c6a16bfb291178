/*
 * registry_snapshot.c: the registry as of one date, grouped per household.
 *
 * Five queries (households, members, incomes, assets, rigid expenditure),
 * each a plain scan of one table with the date filters, run through SPI
 * with a DestReceiver of our own, so each row goes from the executor's slot
 * into flat C arrays without being copied as a tuple.  Members are then
 * grouped by household and indexed by person id; incomes find their member
 * through that index, so the income scan needs no join; a counting sort
 * groups each kind of record by household.  Each row is converted to a
 * record and applied; with parallel workers (every household, large
 * tables) the workers convert and the leader applies.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/datetime.h"

#include "adcode_pg.h"
#include "id_map.h"
#include "parallel_scan.h"
#include "registry_snapshot.h"
#include "spi_stream.h"
#include "registry_values.h"

/* ---------- months ---------- */

int
registry_month_number(DateADT d)
{
	int			year,
				month,
				day;

	j2date(d + POSTGRES_EPOCH_JDATE, &year, &month, &day);
	return year * 12 + month - 1;
}

DateADT
registry_month_date(int month_number)
{
	return date2j(month_number / 12, month_number % 12 + 1, 1) - POSTGRES_EPOCH_JDATE;
}

/* ---------- the queries ---------- */

/*
 * $1 household id, $2 the date, $3 first month of the window, $4 first day
 * of the date's month.  Each query has a form per scope; %s is the scope's
 * condition on the column holding the household id.
 */
enum
{
	Q_HOUSEHOLDS, Q_MEMBERS, Q_INCOMES, Q_ASSETS, Q_EXPENSES, N_QUERIES
};

static const char *const query_text[N_QUERIES] = {
	"SELECT h.id, h.residence_division, coalesce(h.urban, d.urban)"
	"  FROM civil_affairs.household h"
	"  LEFT JOIN civil_affairs.division d ON d.code OPERATOR(civil_affairs.=) h.residence_division"
	" WHERE true %s ORDER BY h.id",

	"SELECT m.household_id, p.id, p.birth_date, p.sex, p.work_capacity, p.self_care,"
	"       p.disability_grade, p.seriously_ill, p.unemployed_without_reason, p.has_capable_supporter"
	"  FROM civil_affairs.household_member m"
	"  JOIN civil_affairs.person p ON p.id = m.person_id"
	" WHERE m.during @> $2 AND (p.death_date IS NULL OR p.death_date > $2) %s",

	/* Incomes of anyone: the member index drops those of non-members. */
	"SELECT i.person_id, i.item, i.month, i.amount"
	"  FROM civil_affairs.income i"
	" WHERE i.month >= $3 AND i.month < $4 %s",

	"SELECT a.household_id, a.kind, a.exempt, a.value"
	"  FROM civil_affairs.asset a"
	" WHERE a.valid @> $2 %s",

	"SELECT e.household_id, e.month, e.amount"
	"  FROM civil_affairs.expenditure e"
	" WHERE e.kind IN ('medical', 'education') AND e.month >= $3 AND e.month < $4 %s"
};

/* The scope's condition, per query (the column naming the household differs). */
static const char *const scope_condition[3][N_QUERIES] = {
	[REGISTRY_ALL] = {"", "", "", "", ""},
	[REGISTRY_STALE] = {
		"AND h.needs_assessment",
		"AND m.household_id IN (SELECT s.id FROM civil_affairs.household s WHERE s.needs_assessment)",
		"AND i.person_id IN (SELECT sm.person_id FROM civil_affairs.household_member sm"
		"  JOIN civil_affairs.household s ON s.id = sm.household_id"
		" WHERE s.needs_assessment AND sm.during @> $2)",
		"AND a.household_id IN (SELECT s.id FROM civil_affairs.household s WHERE s.needs_assessment)",
		"AND e.household_id IN (SELECT s.id FROM civil_affairs.household s WHERE s.needs_assessment)"
	},
	[REGISTRY_ONE] = {
		"AND h.id = $1",
		"AND m.household_id = $1",
		"AND i.person_id IN (SELECT sm.person_id FROM civil_affairs.household_member sm"
		" WHERE sm.household_id = $1 AND sm.during @> $2)",
		"AND a.household_id = $1",
		"AND e.household_id = $1"
	}
};

static SPIPlanPtr plans[3][N_QUERIES];

static SPIPlanPtr
plan_for(RegistryScope scope, int query)
{
	Oid			types[4] = {INT8OID, DATEOID, DATEOID, DATEOID};

	if (plans[scope][query] == NULL)
		return spi_kept_plan(&plans[scope][query],
							 psprintf(query_text[query], scope_condition[scope][query]), 4, types);
	return plans[scope][query];
}

/* ---------- loading ---------- */

typedef struct LoadState LoadState;

/* Records of one kind waiting to be grouped, each with its household's index. */
typedef struct RecordList
{
	Size		elem;
	int			n,
				cap;
	char	   *records;
	int		   *households;
} RecordList;

struct LoadState
{
	RegistrySnapshot *snap;
	RegistryDay as_of_day;		/* members' ages are counted to it */
	int			capacity;		/* of households */
	/* records before grouping */
	RecordList	members,
				incomes,
				assets,
				expenses;
	/* person id → number → the household and member of that person */
	IdMap		person_map;
	int		   *person_household;
	int		   *person_member;
	int			cap_items;
	/* the last date converted to a month number: incomes come in runs of a month */
	DateADT		last_date;
	int			last_month;
};

static void
record_reserve(RecordList *list, int need)
{
	if (need <= list->cap)
		return;
	list->cap = Max(need, Max(1024, list->cap * 2));
	list->records = list->records ?
		repalloc_huge(list->records, list->elem * list->cap) :
		palloc_extended(list->elem * list->cap, MCXT_ALLOC_HUGE);
	list->households = list->households ?
		repalloc_huge(list->households, sizeof(int) * list->cap) :
		palloc_extended(sizeof(int) * list->cap, MCXT_ALLOC_HUGE);
}

/* A zeroed record of the household, at the end of the list. */
static void *
record_append(RecordList *list, int household)
{
	record_reserve(list, list->n + 1);
	list->households[list->n] = household;
	return memset(list->records + list->elem * list->n++, 0, list->elem);
}

/* The household's index, or -1 when it is not in the snapshot. */
static int
household_index(const RegistrySnapshot *snap, int64 id)
{
	int			lo = 0,
				hi = snap->n_households - 1;

	while (lo <= hi)
	{
		int			mid = lo + (hi - lo) / 2;
		int64		v = snap->households[mid].id;

		if (v == id)
			return mid;
		if (v < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/* The household and member of a person, or false if not a member on the date. */
static bool
person_place(const LoadState *st, int64 person_id, int *household, int *member)
{
	int			k = id_map_find(&st->person_map, person_id);

	if (k < 0)
		return false;
	*household = st->person_household[k];
	*member = st->person_member[k];
	return true;
}

static char *
text_copy(Datum d)
{
	return text_to_cstring((text *) DatumGetPointer(d));
}

static int
item_index(LoadState *st, Datum item)
{
	RegistrySnapshot *snap = st->snap;
	int			i;

	/*
	 * Each code's length first: a shorter code's bytes end before the
	 * item's do (reading its byte at the item's length read past the code's
	 * memory, which the sanitizer build caught).
	 */
	for (i = 0; i < snap->n_items; i++)
		if (registry_text_is(item, snap->items[i]))
			return i;
	REGISTRY_GROW(snap->items, st->cap_items, snap->n_items + 1);
	snap->items[snap->n_items] = text_copy(item);
	return snap->n_items++;
}

static void
income_row(void *arg, Datum *values, bool *nulls)
{
	LoadState  *st = arg;
	int			household,
				member;
	RegistryIncome *inc;

	if (!person_place(st, DatumGetInt64(values[0]), &household, &member))
		return;					/* not a member on the date */
	inc = record_append(&st->incomes, household);
	inc->member = member;
	inc->item = item_index(st, values[1]);
	if (DatumGetDateADT(values[2]) != st->last_date)
	{
		st->last_date = DatumGetDateADT(values[2]);
		st->last_month = registry_month_number(st->last_date);
	}
	inc->month = st->last_month;
	inc->amount_fen = registry_amount_fen(values[3], "an income amount");
}

/* ---------- read by parallel workers ---------- */

/*
 * For every household (REGISTRY_ALL) with large tables, workers read every
 * table; the leader applies the records in the order of the jobs: the
 * households (then sorted by id), the members (which find their household),
 * the assets and expenditure, and the incomes (most of the reading: a dozen
 * or more rows per person), which find their member through the index the
 * members made.  Households and members are joins (division, person): each
 * worker reads them in one chunk, so the tables joined are read once per
 * worker, not once per chunk.
 */
enum
{
	J_HOUSEHOLDS, J_MEMBERS, J_ASSETS, J_EXPENSES, J_INCOMES, N_JOBS
};

/* The age is worked out by the leader, which knows the date. */
typedef struct MemberRecord
{
	int64		household_id;
	int64		person_id;
	DateADT		birth;
	int16		disability_grade;
	int8		sex;
	int8		work_capacity;
	int8		self_care;
	bool		seriously_ill;
	bool		unemployed_without_reason;
	bool		has_capable_supporter;
} MemberRecord;

typedef struct AssetRecord
{
	int64		household_id;
	ca_asset	asset;
} AssetRecord;

typedef struct ExpenseRecord
{
	int64		household_id;
	RegistryExpense expense;
} ExpenseRecord;

/* item: the code's index in income_item, ordered by code (C collation). */
typedef struct IncomeRecord
{
	int64		person_id;
	int64		amount_fen;
	int32		month;
	int32		item;
} IncomeRecord;

/* The income item codes, in the order both the leader and the workers read them. */
static const char *const item_codes_query =
"SELECT code FROM civil_affairs.income_item ORDER BY code COLLATE \"C\"";

typedef struct ItemCodes
{
	int			n;
	char	  **codes;
} ItemCodes;

/* In the worker: read once before its scans, for convert_income. */
static ItemCodes worker_items;

static void
read_item_codes(ItemCodes *items, MemoryContext cxt)
{
	int			rc = SPI_execute(item_codes_query, true, 0);
	uint64		i;

	if (rc != SPI_OK_SELECT)
		elog(ERROR, "reading civil_affairs.income_item failed: %s", SPI_result_code_string(rc));
	items->n = (int) SPI_processed;
	items->codes = MemoryContextAlloc(cxt, sizeof(char *) * Max(items->n, 1));
	for (i = 0; i < SPI_processed; i++)
		items->codes[i] = MemoryContextStrdup(cxt, SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1));
	SPI_freetuptable(SPI_tuptable);
}

static void
convert_member(Datum *values, bool *nulls, void *record)
{
	MemberRecord *r = record;

	memset(r, 0, sizeof(*r));
	r->household_id = DatumGetInt64(values[0]);
	r->person_id = DatumGetInt64(values[1]);
	r->birth = DatumGetDateADT(values[2]);
	r->sex = registry_text_is(values[3], "F") ? CA_SEX_FEMALE : CA_SEX_MALE;
	r->work_capacity = registry_work_capacity_datum(values[4]);
	r->self_care = registry_self_care_datum(values[5]);
	r->disability_grade = nulls[6] ? 0 : DatumGetInt16(values[6]);
	r->seriously_ill = !nulls[7] && DatumGetBool(values[7]);
	r->unemployed_without_reason = !nulls[8] && DatumGetBool(values[8]);
	r->has_capable_supporter = nulls[9] || DatumGetBool(values[9]);
}

static void
convert_asset(Datum *values, bool *nulls, void *record)
{
	AssetRecord *r = record;

	memset(r, 0, sizeof(*r));
	r->household_id = DatumGetInt64(values[0]);
	r->asset.kind = registry_asset_kind(text_copy(values[1]));
	r->asset.exempt = !nulls[2] && DatumGetBool(values[2]);
	r->asset.value_fen = nulls[3] ? 0 : registry_amount_fen(values[3], "an asset value");
}

static void
convert_expense(Datum *values, bool *nulls, void *record)
{
	ExpenseRecord *r = record;

	memset(r, 0, sizeof(*r));
	r->household_id = DatumGetInt64(values[0]);
	r->expense.month = registry_month_number(DatumGetDateADT(values[1]));
	r->expense.amount_fen = registry_amount_fen(values[2], "an expenditure amount");
}

static void
convert_income(Datum *values, bool *nulls, void *record)
{
	IncomeRecord *r = record;
	text	   *t = (text *) DatumGetPointer(values[1]);
	size_t		n = VARSIZE_ANY_EXHDR(t);
	int			lo = 0,
				hi = worker_items.n;

	memset(r, 0, sizeof(*r));
	r->person_id = DatumGetInt64(values[0]);
	r->month = registry_month_number(DatumGetDateADT(values[2]));
	r->amount_fen = registry_amount_fen(values[3], "an income amount");
	/* Binary search in C order: income.item references income_item. */
	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;
		const char *code = worker_items.codes[mid];
		size_t		len = strlen(code);
		int			c = memcmp(code, VARDATA_ANY(t), Min(len, n));

		if (c == 0)
			c = (len > n) - (len < n);
		if (c == 0)
		{
			r->item = mid;
			return;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	ereport(ERROR,
			(errcode(ERRCODE_FOREIGN_KEY_VIOLATION),
			 errmsg("income item \"%s\" is not in civil_affairs.income_item", text_to_cstring(t))));
}

typedef struct ApplyState
{
	LoadState  *st;
	ItemCodes	items;
	int		   *item_index;		/* per income_item code: in the snapshot's items, or -1 */
} ApplyState;

static void
apply_household(void *arg, const void *record)
{
	LoadState  *st = ((ApplyState *) arg)->st;
	const RegistryHouseholdRecord *r = record;
	RegistrySnapshot *snap = st->snap;
	RegistryHousehold *h;

	if (snap->n_households == st->capacity)
		REGISTRY_GROW(snap->households, st->capacity, st->capacity + 1);
	h = &snap->households[snap->n_households++];
	memset(h, 0, sizeof(*h));
	h->id = r->id;
	h->division = r->division;
	h->urban_known = r->urban_known;
	h->urban = r->urban;
}

static void
apply_member(void *arg, const void *record)
{
	LoadState  *st = ((ApplyState *) arg)->st;
	const MemberRecord *r = record;
	int			hh = household_index(st->snap, r->household_id);
	ca_member  *m;
	int			age;

	if (hh < 0)
		return;
	age = registry_age_at(r->birth, &st->as_of_day);
	if (age < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("member " INT64_FORMAT " is born after the assessment date", r->person_id)));
	m = record_append(&st->members, hh);
	m->person_id = r->person_id;
	m->age = age;
	m->sex = (ca_sex) r->sex;
	m->work_capacity = (ca_work_capacity) r->work_capacity;
	m->self_care = (ca_self_care) r->self_care;
	m->disability_grade = r->disability_grade;
	m->seriously_ill = r->seriously_ill;
	m->unemployed_without_reason = r->unemployed_without_reason;
	m->has_capable_supporter = r->has_capable_supporter;
}

static void
apply_asset(void *arg, const void *record)
{
	ApplyState *as = arg;
	const AssetRecord *r = record;
	int			hh = household_index(as->st->snap, r->household_id);

	if (hh >= 0)
		*(ca_asset *) record_append(&as->st->assets, hh) = r->asset;
}

static void
apply_expense(void *arg, const void *record)
{
	ApplyState *as = arg;
	const ExpenseRecord *r = record;
	int			hh = household_index(as->st->snap, r->household_id);

	if (hh >= 0)
		*(RegistryExpense *) record_append(&as->st->expenses, hh) = r->expense;
}

static void
apply_income(void *arg, const void *record)
{
	ApplyState *as = arg;
	LoadState  *st = as->st;
	const IncomeRecord *r = record;
	int			household,
				member;
	RegistryIncome *inc;

	if (!person_place(st, r->person_id, &household, &member))
		return;					/* not a member on the date */
	if (r->item < 0 || r->item >= as->items.n)
		elog(ERROR, "a parallel worker sent income item %d of %d", r->item, as->items.n);
	if (as->item_index[r->item] < 0)
	{
		/* Interned as the leader alone would: the snapshot's items are the codes met. */
		Datum		code = CStringGetTextDatum(as->items.codes[r->item]);

		as->item_index[r->item] = item_index(st, code);
	}
	inc = record_append(&st->incomes, household);
	inc->member = member;
	inc->item = as->item_index[r->item];
	inc->month = r->month;
	inc->amount_fen = r->amount_fen;
}

static ParallelScanJob snapshot_jobs[N_JOBS];
static const Oid snapshot_arg_types[4] = {INT8OID, DATEOID, DATEOID, DATEOID};

static const ParallelScanSpec *
snapshot_scan_spec(void)
{
	static ParallelScanSpec spec;

	if (spec.jobs == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);

		/* Without the ORDER BY: the leader sorts what the workers send. */
		snapshot_jobs[J_HOUSEHOLDS] = (ParallelScanJob) {
			"SELECT h.id, h.residence_division, coalesce(h.urban, d.urban)"
			"  FROM civil_affairs.household h"
			"  LEFT JOIN civil_affairs.division d ON d.code OPERATOR(civil_affairs.=) h.residence_division"
			" WHERE true", 'h', "household", true, sizeof(RegistryHouseholdRecord), registry_household_convert, 1
		};
		snapshot_jobs[J_MEMBERS] = (ParallelScanJob) {
			psprintf(query_text[Q_MEMBERS], ""), 'm', "household_member", true, sizeof(MemberRecord),
			convert_member, 1
		};
		snapshot_jobs[J_ASSETS] = (ParallelScanJob) {
			psprintf(query_text[Q_ASSETS], ""), 'a', "asset", true, sizeof(AssetRecord), convert_asset
		};
		snapshot_jobs[J_EXPENSES] = (ParallelScanJob) {
			psprintf(query_text[Q_EXPENSES], ""), 'e', "expenditure", true, sizeof(ExpenseRecord), convert_expense
		};
		snapshot_jobs[J_INCOMES] = (ParallelScanJob) {
			psprintf(query_text[Q_INCOMES], ""), 'i', "income", true, sizeof(IncomeRecord), convert_income
		};
		MemoryContextSwitchTo(old);
		spec.entry = "registry_snapshot_worker";
		spec.jobs = snapshot_jobs;
		spec.n_jobs = N_JOBS;
		spec.nargs = 4;
		spec.arg_types = snapshot_arg_types;
		/* Room to read ahead while the leader reads the households and members. */
		spec.queue_bytes = 8 * 1024 * 1024;
	}
	return &spec;
}

StaticAssertDecl(sizeof(MemberRecord) <= PARALLEL_SCAN_MAX_RECORD &&
				 sizeof(AssetRecord) <= PARALLEL_SCAN_MAX_RECORD &&
				 sizeof(ExpenseRecord) <= PARALLEL_SCAN_MAX_RECORD &&
				 sizeof(IncomeRecord) <= PARALLEL_SCAN_MAX_RECORD,
				 "a record is larger than PARALLEL_SCAN_MAX_RECORD");

PGDLLEXPORT void registry_snapshot_worker(dsm_segment *seg, shm_toc *toc);

void
registry_snapshot_worker(dsm_segment *seg, shm_toc *toc)
{
	SPI_connect();
	read_item_codes(&worker_items, TopMemoryContext);
	SPI_finish();
	parallel_scan_worker(snapshot_scan_spec(), seg, toc);
}

/*
 * Reserve the arrays from the planner's row counts, so that growing them
 * does not copy hundreds of megabytes; reserved pages never written cost
 * nothing.
 */
static void
reserve_from_statistics(LoadState *st)
{
	int			rc;

	rc = SPI_execute("SELECT (SELECT greatest(reltuples, 0) FROM pg_catalog.pg_class"
					 "         WHERE oid = 'civil_affairs.household_member'::pg_catalog.regclass),"
					 "       (SELECT greatest(reltuples, 0) FROM pg_catalog.pg_class"
					 "         WHERE oid = 'civil_affairs.income'::pg_catalog.regclass)",
					 true, 1);
	if (rc == SPI_OK_SELECT && SPI_processed == 1)
	{
		bool		isnull;
		float4		members = DatumGetFloat4(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
		float4		incomes = DatumGetFloat4(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull));

		/* Capped: a wrong estimate must not ask for more than a sane amount. */
		members = Min(members * 1.1f + 16, 50e6f);
		incomes = Min(incomes * 1.1f + 16, 500e6f);
		record_reserve(&st->members, (int) members);
		record_reserve(&st->incomes, (int) incomes);
	}
	SPI_freetuptable(SPI_tuptable);
}

static void
run_query(RegistryScope scope, int query, Datum *args, SpiRowFunction row, void *arg)
{
	Oid			types[4] = {INT8OID, DATEOID, DATEOID, DATEOID};
	bool		isnull[4] = {scope != REGISTRY_ONE, false, false, false};

	spi_stream(plan_for(scope, query), 4, types, args, isnull, row, arg);
}

/* The leader alone, with the workers' conversions (parallel_scan.h). */
static void
run_converted(ApplyState *as, RegistryScope scope, int query, Datum *args,
			  ParallelScanConvert convert, ParallelScanApply apply)
{
	ParallelScanAlone alone = {convert, apply, as};

	run_query(scope, query, args, parallel_scan_alone_row, &alone);
}

/*
 * Group a list's records by household: count, turn counts into starts,
 * scatter; the list is freed.  Returns the grouped copy; starts[h] ..
 * starts[h + 1] are household h's.
 */
static void *
group_by_household(RecordList *list, int n_households, int **starts_out)
{
	int		   *starts = palloc0(sizeof(int) * (n_households + 1));
	int		   *next = palloc(sizeof(int) * (n_households + 1));
	char	   *grouped = palloc_extended(Max(list->elem * list->n, 1), MCXT_ALLOC_HUGE);
	int			i;

	for (i = 0; i < list->n; i++)
		starts[list->households[i] + 1]++;
	for (i = 0; i < n_households; i++)
		starts[i + 1] += starts[i];
	memcpy(next, starts, sizeof(int) * (n_households + 1));
	for (i = 0; i < list->n; i++)
		memcpy(grouped + list->elem * next[list->households[i]]++, list->records + list->elem * i, list->elem);
	pfree(next);
	if (list->records)
	{
		pfree(list->records);
		pfree(list->households);
	}
	memset(list, 0, sizeof(*list));
	*starts_out = starts;
	return grouped;
}

static int
household_order(const void *a, const void *b)
{
	int64		x = ((const RegistryHousehold *) a)->id;
	int64		y = ((const RegistryHousehold *) b)->id;

	return x < y ? -1 : x > y;
}

static int
member_order(const void *a, const void *b)
{
	int64		x = ((const ca_member *) a)->person_id;
	int64		y = ((const ca_member *) b)->person_id;

	return x < y ? -1 : x > y;
}

RegistrySnapshot *
registry_snapshot_load(RegistryScope scope, int64 household_id, DateADT as_of, DateADT window_from)
{
	LoadState	st;
	RegistrySnapshot *snap = palloc0(sizeof(RegistrySnapshot));
	Datum		args[4];
	ca_member  *members;
	RegistryIncome *incomes;
	ca_asset   *assets;
	RegistryExpense *expenses;
	ParallelScan *scan = NULL;
	ApplyState	as;
	int		   *starts;
	int			h,
				i;

	memset(&st, 0, sizeof(st));
	st.members.elem = sizeof(ca_member);
	st.incomes.elem = sizeof(RegistryIncome);
	st.assets.elem = sizeof(ca_asset);
	st.expenses.elem = sizeof(RegistryExpense);
	st.snap = snap;
	st.as_of_day = registry_day(as_of);
	args[0] = Int64GetDatum(household_id);
	args[1] = DateADTGetDatum(as_of);
	args[2] = DateADTGetDatum(window_from);
	args[3] = DateADTGetDatum(registry_month_date(registry_month_number(as_of)));

	memset(&as, 0, sizeof(as));
	as.st = &st;
	if (scope == REGISTRY_ALL)
	{
		reserve_from_statistics(&st);
		scan = parallel_scan_begin(snapshot_scan_spec(), args);
	}
	if (scan != NULL)
	{
		parallel_scan_read(scan, J_HOUSEHOLDS, apply_household, &as);
		qsort(snap->households, snap->n_households, sizeof(RegistryHousehold), household_order);
		parallel_scan_read(scan, J_MEMBERS, apply_member, &as);
	}
	else
	{
		run_converted(&as, scope, Q_HOUSEHOLDS, args, registry_household_convert, apply_household);
		run_converted(&as, scope, Q_MEMBERS, args, convert_member, apply_member);
	}

	/* Members by household, each household's by person id; then the index. */
	members = group_by_household(&st.members, snap->n_households, &starts);
	/* starts[n_households]: every member, grouping having emptied the list */
	id_map_init(&st.person_map, starts[snap->n_households]);
	st.person_household = palloc_extended(sizeof(int) * Max(starts[snap->n_households], 1), MCXT_ALLOC_HUGE);
	st.person_member = palloc_extended(sizeof(int) * Max(starts[snap->n_households], 1), MCXT_ALLOC_HUGE);
	for (h = 0; h < snap->n_households; h++)
	{
		RegistryHousehold *hh = &snap->households[h];

		hh->members = members + starts[h];
		hh->n_members = starts[h + 1] - starts[h];
		qsort(hh->members, hh->n_members, sizeof(ca_member), member_order);
		for (i = 0; i < hh->n_members; i++)
		{
			bool		added;
			int			k = id_map_add(&st.person_map, hh->members[i].person_id, &added);

			/* A person in two households on one day is refused by the registry. */
			st.person_household[k] = h;
			st.person_member[k] = i;
		}
	}
	pfree(starts);

	if (scan != NULL)
	{
		read_item_codes(&as.items, CurrentMemoryContext);
		as.item_index = palloc(sizeof(int) * Max(as.items.n, 1));
		for (i = 0; i < as.items.n; i++)
			as.item_index[i] = -1;
		parallel_scan_read(scan, J_ASSETS, apply_asset, &as);
		parallel_scan_read(scan, J_EXPENSES, apply_expense, &as);
		parallel_scan_read(scan, J_INCOMES, apply_income, &as);
		parallel_scan_end(scan);
	}
	else
		run_query(scope, Q_INCOMES, args, income_row, &st);
	incomes = group_by_household(&st.incomes, snap->n_households, &starts);
	for (h = 0; h < snap->n_households; h++)
	{
		snap->households[h].incomes = incomes + starts[h];
		snap->households[h].n_incomes = starts[h + 1] - starts[h];
	}
	pfree(starts);
	id_map_free(&st.person_map);
	pfree(st.person_household);
	pfree(st.person_member);

	if (scan == NULL)
		run_converted(&as, scope, Q_ASSETS, args, convert_asset, apply_asset);
	assets = group_by_household(&st.assets, snap->n_households, &starts);
	for (h = 0; h < snap->n_households; h++)
	{
		snap->households[h].assets = assets + starts[h];
		snap->households[h].n_assets = starts[h + 1] - starts[h];
	}
	pfree(starts);

	if (scan == NULL)
		run_converted(&as, scope, Q_EXPENSES, args, convert_expense, apply_expense);
	expenses = group_by_household(&st.expenses, snap->n_households, &starts);
	for (h = 0; h < snap->n_households; h++)
	{
		snap->households[h].expenses = expenses + starts[h];
		snap->households[h].n_expenses = starts[h + 1] - starts[h];
	}
	pfree(starts);
	return snap;
}
