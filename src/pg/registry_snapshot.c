/*
 * registry_snapshot.c: the registry as of one date, grouped per household.
 *
 * Five queries (households, members, incomes, assets, rigid expenditure),
 * each a plain scan of one table with the date filters, run through SPI
 * with a DestReceiver of our own, so each row goes from the executor's slot
 * into flat C arrays without being copied as a tuple.  Members are then
 * grouped by household and indexed by person id; incomes find their member
 * through that index, so the income scan needs no join; a counting sort
 * groups each kind of record by household.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "utils/builtins.h"
#include "utils/datetime.h"

#include "adcode_pg.h"
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

/* Whole years from birth to the date (a 29 February birthday falls on 1 March). */
static int
age_on(DateADT birth, DateADT on)
{
	int			by,
				bm,
				bd,
				y,
				m,
				d;

	j2date(birth + POSTGRES_EPOCH_JDATE, &by, &bm, &bd);
	j2date(on + POSTGRES_EPOCH_JDATE, &y, &m, &d);
	return y - by - ((m < bm || (m == bm && d < bd)) ? 1 : 0);
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

/* A record waiting to be grouped: which household, and where it is. */
typedef struct Pending
{
	int			household;
	int			index;
} Pending;

/* person id → (household, member), open addressing. */
typedef struct PersonSlot
{
	int64		person_id;
	int			household;		/* -1: empty */
	int			member;
} PersonSlot;

struct LoadState
{
	RegistrySnapshot *snap;
	DateADT		as_of;
	int			capacity;		/* of households */
	/* members before grouping */
	int			n_members,
				cap_members;
	ca_member  *members;
	int		   *member_household;
	/* person index */
	PersonSlot *persons;
	uint64		person_mask;
	/* incomes, assets, expenses before grouping */
	int			n_incomes,
				cap_incomes;
	RegistryIncome *incomes;
	int		   *income_household;
	int			n_assets,
				cap_assets;
	ca_asset   *assets;
	int		   *asset_household;
	int			n_expenses,
				cap_expenses;
	RegistryExpense *expenses;
	int		   *expense_household;
	int			cap_items;
	/* the last date converted to a month number: incomes come in runs of a month */
	DateADT		last_date;
	int			last_month;
};

static void
grow(void **array, int *cap, int need, Size elem)
{
	if (need <= *cap)
		return;
	*cap = Max(need, *cap * 2);
	*array = *array ? repalloc_huge(*array, elem * *cap) : palloc_extended(elem * *cap, MCXT_ALLOC_HUGE);
}

#define GROW(arr, cap, need) grow((void **) &(arr), &(cap), (need), sizeof(*(arr)))

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

static inline uint64
hash_person(int64 id)
{
	uint64		h = (uint64) id * UINT64CONST(0x9E3779B97F4A7C15);

	return h ^ (h >> 29);
}

static PersonSlot *
person_slot(LoadState *st, int64 person_id)
{
	uint64		i = hash_person(person_id) & st->person_mask;

	for (;;)
	{
		PersonSlot *s = &st->persons[i];

		if (s->household < 0 || s->person_id == person_id)
			return s;
		i = (i + 1) & st->person_mask;
	}
}

/* A short text column compared without copying it out. */
static bool
text_is(Datum d, const char *s)
{
	text	   *t = (text *) DatumGetPointer(d);
	size_t		n = strlen(s);

	return VARSIZE_ANY_EXHDR(t) == n && memcmp(VARDATA_ANY(t), s, n) == 0;
}

static char *
text_copy(Datum d)
{
	return text_to_cstring((text *) DatumGetPointer(d));
}

static void
household_row(void *arg, Datum *values, bool *nulls)
{
	LoadState  *st = arg;
	RegistrySnapshot *snap = st->snap;
	RegistryHousehold *h;

	if (snap->n_households == st->capacity)
		GROW(snap->households, st->capacity, st->capacity + 1);
	h = &snap->households[snap->n_households++];
	memset(h, 0, sizeof(*h));
	h->id = DatumGetInt64(values[0]);
	h->division = DatumGetAdcode(values[1]);
	h->urban_known = !nulls[2];
	h->urban = !nulls[2] && DatumGetBool(values[2]);
}

static void
member_row(void *arg, Datum *values, bool *nulls)
{
	LoadState  *st = arg;
	int			hh = household_index(st->snap, DatumGetInt64(values[0]));
	ca_member  *m;
	int			age;

	if (hh < 0)
		return;
	if (st->n_members == st->cap_members)
	{
		GROW(st->members, st->cap_members, st->n_members + 1);
		st->member_household = st->member_household ?
			repalloc_huge(st->member_household, sizeof(int) * st->cap_members) :
			palloc_extended(sizeof(int) * st->cap_members, MCXT_ALLOC_HUGE);
	}
	m = &st->members[st->n_members];
	st->member_household[st->n_members] = hh;
	st->n_members++;
	memset(m, 0, sizeof(*m));
	m->person_id = DatumGetInt64(values[1]);
	age = age_on(DatumGetDateADT(values[2]), st->as_of);
	if (age < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("member " INT64_FORMAT " is born after the assessment date", m->person_id)));
	m->age = age;
	m->sex = text_is(values[3], "F") ? CA_SEX_FEMALE : CA_SEX_MALE;
	m->work_capacity = text_is(values[4], "full") ? CA_WORK_FULL :
		registry_work_capacity(text_copy(values[4]));
	m->self_care = text_is(values[5], "full") ? CA_SELF_CARE_FULL :
		registry_self_care(text_copy(values[5]));
	m->disability_grade = nulls[6] ? 0 : DatumGetInt16(values[6]);
	m->seriously_ill = !nulls[7] && DatumGetBool(values[7]);
	m->unemployed_without_reason = !nulls[8] && DatumGetBool(values[8]);
	m->has_capable_supporter = nulls[9] || DatumGetBool(values[9]);
}

static int
item_index(LoadState *st, Datum item)
{
	RegistrySnapshot *snap = st->snap;
	text	   *t = (text *) DatumGetPointer(item);
	size_t		n = VARSIZE_ANY_EXHDR(t);
	int			i;

	for (i = 0; i < snap->n_items; i++)
		if (snap->items[i][n] == '\0' && memcmp(snap->items[i], VARDATA_ANY(t), n) == 0 &&
			strlen(snap->items[i]) == n)
			return i;
	GROW(snap->items, st->cap_items, snap->n_items + 1);
	snap->items[snap->n_items] = text_copy(item);
	return snap->n_items++;
}

static void
income_row(void *arg, Datum *values, bool *nulls)
{
	LoadState  *st = arg;
	PersonSlot *p = person_slot(st, DatumGetInt64(values[0]));
	RegistryIncome *inc;

	if (p->household < 0)
		return;					/* not a member on the date */
	if (st->n_incomes == st->cap_incomes)
	{
		GROW(st->incomes, st->cap_incomes, st->n_incomes + 1);
		st->income_household = st->income_household ?
			repalloc_huge(st->income_household, sizeof(int) * st->cap_incomes) :
			palloc_extended(sizeof(int) * st->cap_incomes, MCXT_ALLOC_HUGE);
	}
	inc = &st->incomes[st->n_incomes];
	st->income_household[st->n_incomes] = p->household;
	st->n_incomes++;
	inc->member = p->member;
	inc->item = item_index(st, values[1]);
	if (DatumGetDateADT(values[2]) != st->last_date)
	{
		st->last_date = DatumGetDateADT(values[2]);
		st->last_month = registry_month_number(st->last_date);
	}
	inc->month = st->last_month;
	inc->amount_fen = registry_amount_fen(values[3], "an income amount");
}

static void
asset_row(void *arg, Datum *values, bool *nulls)
{
	LoadState  *st = arg;
	int			hh = household_index(st->snap, DatumGetInt64(values[0]));
	ca_asset   *a;

	if (hh < 0)
		return;
	if (st->n_assets == st->cap_assets)
	{
		GROW(st->assets, st->cap_assets, st->n_assets + 1);
		st->asset_household = st->asset_household ?
			repalloc_huge(st->asset_household, sizeof(int) * st->cap_assets) :
			palloc_extended(sizeof(int) * st->cap_assets, MCXT_ALLOC_HUGE);
	}
	a = &st->assets[st->n_assets];
	st->asset_household[st->n_assets] = hh;
	st->n_assets++;
	a->kind = registry_asset_kind(text_copy(values[1]));
	a->exempt = !nulls[2] && DatumGetBool(values[2]);
	a->value_fen = nulls[3] ? 0 : registry_amount_fen(values[3], "an asset value");
}

static void
expense_row(void *arg, Datum *values, bool *nulls)
{
	LoadState  *st = arg;
	int			hh = household_index(st->snap, DatumGetInt64(values[0]));
	RegistryExpense *e;

	if (hh < 0)
		return;
	if (st->n_expenses == st->cap_expenses)
	{
		GROW(st->expenses, st->cap_expenses, st->n_expenses + 1);
		st->expense_household = st->expense_household ?
			repalloc_huge(st->expense_household, sizeof(int) * st->cap_expenses) :
			palloc_extended(sizeof(int) * st->cap_expenses, MCXT_ALLOC_HUGE);
	}
	e = &st->expenses[st->n_expenses];
	st->expense_household[st->n_expenses] = hh;
	st->n_expenses++;
	e->month = registry_month_number(DatumGetDateADT(values[1]));
	e->amount_fen = registry_amount_fen(values[2], "an expenditure amount");
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
		GROW(st->members, st->cap_members, (int) members);
		st->member_household = palloc_extended(sizeof(int) * st->cap_members, MCXT_ALLOC_HUGE);
		GROW(st->incomes, st->cap_incomes, (int) incomes);
		st->income_household = palloc_extended(sizeof(int) * st->cap_incomes, MCXT_ALLOC_HUGE);
	}
	SPI_freetuptable(SPI_tuptable);
}

static void
run_query(LoadState *st, RegistryScope scope, int query, Datum *args, SpiRowFunction row)
{
	Oid			types[4] = {INT8OID, DATEOID, DATEOID, DATEOID};
	bool		isnull[4] = {scope != REGISTRY_ONE, false, false, false};

	spi_stream(plan_for(scope, query), 4, types, args, isnull, row, st);
}

/*
 * Group records by household: count, turn counts into starts, scatter.
 * Returns the grouped copy; starts[h] .. starts[h + 1] are household h's.
 */
static void *
group_by_household(const void *records, const int *household, int n, Size elem,
				   int n_households, int **starts_out)
{
	int		   *starts = palloc0(sizeof(int) * (n_households + 1));
	int		   *next = palloc(sizeof(int) * (n_households + 1));
	char	   *grouped = palloc_extended(Max(elem * n, 1), MCXT_ALLOC_HUGE);
	int			i;

	for (i = 0; i < n; i++)
		starts[household[i] + 1]++;
	for (i = 0; i < n_households; i++)
		starts[i + 1] += starts[i];
	memcpy(next, starts, sizeof(int) * (n_households + 1));
	for (i = 0; i < n; i++)
		memcpy(grouped + elem * next[household[i]]++, (const char *) records + elem * i, elem);
	pfree(next);
	*starts_out = starts;
	return grouped;
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
	int		   *starts;
	uint64		slots;
	int			h,
				i;

	memset(&st, 0, sizeof(st));
	st.snap = snap;
	st.as_of = as_of;
	args[0] = Int64GetDatum(household_id);
	args[1] = DateADTGetDatum(as_of);
	args[2] = DateADTGetDatum(window_from);
	args[3] = DateADTGetDatum(registry_month_date(registry_month_number(as_of)));

	if (scope == REGISTRY_ALL)
		reserve_from_statistics(&st);
	run_query(&st, scope, Q_HOUSEHOLDS, args, household_row);
	run_query(&st, scope, Q_MEMBERS, args, member_row);

	/* Members by household, each household's by person id; then the index. */
	members = group_by_household(st.members, st.member_household, st.n_members,
								 sizeof(ca_member), snap->n_households, &starts);
	for (slots = 16; slots < (uint64) st.n_members * 2; slots <<= 1)
		;
	st.persons = palloc_extended(sizeof(PersonSlot) * slots, MCXT_ALLOC_HUGE);
	for (i = 0; i < (int) slots; i++)
		st.persons[i].household = -1;
	st.person_mask = slots - 1;
	for (h = 0; h < snap->n_households; h++)
	{
		RegistryHousehold *hh = &snap->households[h];

		hh->members = members + starts[h];
		hh->n_members = starts[h + 1] - starts[h];
		qsort(hh->members, hh->n_members, sizeof(ca_member), member_order);
		for (i = 0; i < hh->n_members; i++)
		{
			PersonSlot *s = person_slot(&st, hh->members[i].person_id);

			/* A person in two households on one day is refused by the registry. */
			s->person_id = hh->members[i].person_id;
			s->household = h;
			s->member = i;
		}
	}
	pfree(starts);
	if (st.members)
	{
		pfree(st.members);
		pfree(st.member_household);
	}

	run_query(&st, scope, Q_INCOMES, args, income_row);
	incomes = group_by_household(st.incomes, st.income_household, st.n_incomes,
								 sizeof(RegistryIncome), snap->n_households, &starts);
	for (h = 0; h < snap->n_households; h++)
	{
		snap->households[h].incomes = incomes + starts[h];
		snap->households[h].n_incomes = starts[h + 1] - starts[h];
	}
	pfree(starts);
	if (st.incomes)
	{
		pfree(st.incomes);
		pfree(st.income_household);
	}
	pfree(st.persons);

	run_query(&st, scope, Q_ASSETS, args, asset_row);
	assets = group_by_household(st.assets, st.asset_household, st.n_assets,
								sizeof(ca_asset), snap->n_households, &starts);
	for (h = 0; h < snap->n_households; h++)
	{
		snap->households[h].assets = assets + starts[h];
		snap->households[h].n_assets = starts[h + 1] - starts[h];
	}
	pfree(starts);

	run_query(&st, scope, Q_EXPENSES, args, expense_row);
	expenses = group_by_household(st.expenses, st.expense_household, st.n_expenses,
								  sizeof(RegistryExpense), snap->n_households, &starts);
	for (h = 0; h < snap->n_households; h++)
	{
		snap->households[h].expenses = expenses + starts[h];
		snap->households[h].n_expenses = starts[h + 1] - starts[h];
	}
	pfree(starts);
	return snap;
}
