/*
 * payroll_load.c: the rows a month's payroll reads, joined in C.
 *
 * Each query scans one table (the month's filters only), so its cost is a
 * sequential scan; the rows are matched through id maps sized from the
 * enrolments.  Row-level security applies to each scan as it would to a
 * join: an enrolment whose household is not visible is not paid, and a
 * member or person who is not visible is not counted.
 *
 * Each row is converted to a small record, then applied to the maps: the
 * leader does both when it reads alone; with large tables, parallel workers
 * read shares of the blocks and convert (parallel_scan.c), and the leader
 * applies what they send.  Members are sorted before use, and household
 * and assessment rows are applied a few rows late (delay_row, to prefetch
 * what they touch) in an order that cannot matter, so the result does not
 * depend on the order rows come in.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "utils/builtins.h"
#include "utils/datetime.h"

#include "adcode_pg.h"
#include "parallel_scan.h"
#include "payroll_load.h"
#include "prefetch.h"
#include "registry_values.h"
#include "spi_stream.h"

const char *const payroll_programme_names[N_PROGRAMMES] = {
	"dibao", "tekun", "old_age_allowance", "disability_living_subsidy",
	"disability_care_subsidy", "orphan_allowance"
};

enum
{
	Q_ENROLMENTS, Q_HOUSEHOLDS, Q_MEMBERS, Q_PERSONS, Q_ASSESSMENTS, Q_DIVISIONS, N_QUERIES
};

static SPIPlanPtr plans[N_QUERIES];

/* What a row of each table becomes: converted where it is read, applied by the leader. */
typedef struct MemberRecord
{
	int64		household_id;
	int64		person_id;
	int64		first_day;		/* of the membership: registry_date_range_days */
	int64		last_day;
} MemberRecord;

typedef struct PersonRecord
{
	int64		id;
	PayrollPerson person;
} PersonRecord;

typedef struct AssessmentRecord
{
	int64		household_id;
	int64		id;
	int64		net_fen;
	DateADT		as_of;
	int32		members;
	int32		months;
} AssessmentRecord;

typedef struct DivisionRecord
{
	int64		code;
	bool		urban;
} DivisionRecord;

/* A member row of a household in dibao, until the people are read. */
typedef struct MemberRow
{
	int			household;
	int			person;			/* number in the person map, once made */
	int64		person_id;
} MemberRow;

/*
 * A household or assessment row on its way to its household (delay_row):
 * the household's id, its number once looked up, and the row.
 */
#define APPLY_AHEAD 8
#define APPLY_RING (2 * APPLY_AHEAD)
typedef struct DelayedRow
{
	int64		household_id;
	int			household;
	union
	{
		RegistryHouseholdRecord household;
		AssessmentRecord assessment;
	}			row;
} DelayedRow;

typedef struct LoadState
{
	PayrollLoad *load;
	DelayedRow	delayed[APPLY_RING];
	int64		n_delayed;
	int			cap_enrolments;
	/* divisions whose urban flag a household needs, by number */
	IdMap		division_map;
	bool	   *division_urban;
	bool	   *division_known;
	int			n_members,
				cap_members;
	MemberRow  *members;
} LoadState;

static Programme
programme_of(Datum text_datum)
{
	int			i;

	for (i = 0; i < N_PROGRAMMES; i++)
		if (registry_text_is(text_datum, payroll_programme_names[i]))
			return (Programme) i;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("enrolment programme \"%s\" has no entitlement rule", TextDatumGetCString(text_datum))));
	return PROGRAMME_DIBAO;
}

static void
convert_enrolment(Datum *values, bool *isnull, void *record)
{
	PayrollEnrolment *e = record;

	memset(e, 0, sizeof(*e));
	e->id = DatumGetInt64(values[0]);
	e->household_id = DatumGetInt64(values[1]);
	e->has_person = !isnull[2];
	e->person_id = isnull[2] ? 0 : DatumGetInt64(values[2]);
	e->programme = programme_of(values[3]);
	e->gradual_exit = DatumGetBool(values[4]);
	e->single_person = DatumGetBool(values[5]);
	e->has_frozen = !isnull[6];
	if (!isnull[6])
		e->frozen_fen = registry_amount_fen(values[6], "frozen amount");
	e->orphan_institution = !isnull[7] && registry_text_is(values[7], "institution");
	e->person = -1;
}

static void
apply_enrolment(void *state, const void *record)
{
	LoadState  *st = state;
	PayrollLoad *load = st->load;

	REGISTRY_GROW(load->enrolments, st->cap_enrolments, load->n_enrolments + 1);
	load->enrolments[load->n_enrolments++] = *(const PayrollEnrolment *) record;
}

static void
set_household(PayrollHousehold *h, const DelayedRow *d)
{
	h->found = true;
	h->division = d->row.household.division;
	h->urban_known = d->row.household.urban_known;
	h->urban = d->row.household.urban;
}

/* The latest assessment as of the month, for households in dibao. */
static void
set_assessment(PayrollHousehold *h, const DelayedRow *d)
{
	const AssessmentRecord *r = &d->row.assessment;

	if (!h->in_dibao)
		return;
	if (h->assessed && (h->as_of > r->as_of || (h->as_of == r->as_of && h->assessment_id > r->id)))
		return;
	h->assessed = true;
	h->as_of = r->as_of;
	h->assessment_id = r->id;
	h->net_fen = r->net_fen;
	h->members = r->members;
	h->months = r->months;
}

typedef void (*SetHouseholdRow) (PayrollHousehold *h, const DelayedRow *d);

/*
 * The household and assessment scans meet households in their tables'
 * physical order, not in the order they were numbered in, so at a million
 * households each row cost two cache misses: its id's slot in the household
 * map and its household (apply_household took three times as long per
 * household as at 100,000).  So a row goes through a ring: when it arrives
 * its map slot is asked for, APPLY_AHEAD rows later its number is read and
 * its household asked for, and APPLY_AHEAD rows after that it is applied.
 * The order rows are applied in does not matter (a household row sets its
 * own household; an assessment keeps the latest), and apply_delayed applies
 * what is left when the scan ends.
 */
static void
delay_row(LoadState *st, int64 household_id, const void *row, size_t size, SetHouseholdRow set)
{
	IdMap	   *map = &st->load->household_map;
	int64		n = st->n_delayed;
	DelayedRow *slot = &st->delayed[n % APPLY_RING];
	int32	   *id_slot;

	if (n >= APPLY_RING && slot->household >= 0)
		set(&st->load->households[slot->household], slot);
	if (n >= APPLY_AHEAD)
	{
		DelayedRow *looked_up = &st->delayed[(n - APPLY_AHEAD) % APPLY_RING];

		looked_up->household = id_map_find(map, looked_up->household_id);
		if (looked_up->household >= 0)
			ca_prefetch_write(&st->load->households[looked_up->household]);
	}
	slot->household_id = household_id;
	memcpy(&slot->row, row, size);
	id_slot = id_map_slot(map, household_id);
	if (id_slot != NULL)
		ca_prefetch_read(id_slot);
	st->n_delayed = n + 1;
}

static void
apply_delayed(LoadState *st, SetHouseholdRow set)
{
	int64		n = st->n_delayed;
	int64		i;

	for (i = Max(n - APPLY_RING, 0); i < n; i++)
	{
		DelayedRow *d = &st->delayed[i % APPLY_RING];

		/* Rows of the last APPLY_AHEAD were not looked up yet. */
		if (i >= n - APPLY_AHEAD)
			d->household = id_map_find(&st->load->household_map, d->household_id);
		if (d->household >= 0)
			set(&st->load->households[d->household], d);
	}
	st->n_delayed = 0;
}

static void
apply_household(void *state, const void *record)
{
	const RegistryHouseholdRecord *r = record;

	delay_row(state, r->id, r, sizeof(*r), set_household);
}

static void
convert_member(Datum *values, bool *isnull, void *record)
{
	MemberRecord *r = record;

	r->household_id = DatumGetInt64(values[0]);
	r->person_id = DatumGetInt64(values[1]);
	if (isnull[2])
	{
		r->first_day = 1;
		r->last_day = 0;
	}
	else
		registry_date_range_days(values[2], &r->first_day, &r->last_day);
}

static void
apply_member(void *state, const void *record)
{
	LoadState  *st = state;
	const MemberRecord *r = record;
	int			k;

	if (r->first_day > st->load->month || r->last_day < st->load->month)
		return;
	k = id_map_find(&st->load->household_map, r->household_id);
	if (k < 0 || !st->load->households[k].in_dibao)
		return;
	REGISTRY_GROW(st->members, st->cap_members, st->n_members + 1);
	st->members[st->n_members].household = k;
	st->members[st->n_members].person_id = r->person_id;
	st->n_members++;
}

static void
convert_person(Datum *values, bool *isnull, void *record)
{
	PersonRecord *r = record;
	PayrollPerson *p = &r->person;

	memset(r, 0, sizeof(*r));
	r->id = DatumGetInt64(values[0]);
	p->found = true;
	p->has_birth = !isnull[1];
	p->birth = isnull[1] ? 0 : DatumGetDateADT(values[1]);
	p->has_death = !isnull[2];
	p->death = isnull[2] ? 0 : DatumGetDateADT(values[2]);
	p->work_capacity = isnull[3] ? CA_WORK_FULL : registry_work_capacity_datum(values[3]);
	p->self_care = isnull[4] ? CA_SELF_CARE_FULL : registry_self_care_datum(values[4]);
	p->disability_grade = isnull[5] ? 0 : DatumGetInt16(values[5]);
	p->mental_or_intellectual = !isnull[6] &&
		(registry_text_is(values[6], "mental") || registry_text_is(values[6], "intellectual"));
	p->seriously_ill = !isnull[7] && DatumGetBool(values[7]);
}

static void
apply_person(void *state, const void *record)
{
	LoadState  *st = state;
	const PersonRecord *r = record;
	int			k = id_map_find(&st->load->person_map, r->id);

	if (k >= 0)					/* else not enrolled, not in a household in dibao */
		st->load->persons[k] = r->person;
}

static void
convert_assessment(Datum *values, bool *isnull, void *record)
{
	AssessmentRecord *r = record;

	r->household_id = DatumGetInt64(values[0]);
	r->as_of = DatumGetDateADT(values[1]);
	r->id = DatumGetInt64(values[2]);
	r->net_fen = registry_amount_fen(values[3], "net income");
	r->members = DatumGetInt32(values[4]);
	r->months = DatumGetInt32(values[5]);
}

static void
apply_assessment(void *state, const void *record)
{
	const AssessmentRecord *r = record;

	delay_row(state, r->household_id, r, sizeof(*r), set_assessment);
}

static void
convert_division(Datum *values, bool *isnull, void *record)
{
	DivisionRecord *r = record;

	r->code = DatumGetAdcode(values[0]);
	r->urban = DatumGetBool(values[1]);
}

static void
apply_division(void *state, const void *record)
{
	LoadState  *st = state;
	const DivisionRecord *r = record;
	int			k = id_map_find(&st->division_map, r->code);

	if (k < 0)
		return;
	st->division_known[k] = true;
	st->division_urban[k] = r->urban;
}

static const ParallelScanApply appliers[N_QUERIES] = {
	apply_enrolment, apply_household, apply_member, apply_person, apply_assessment, apply_division
};

/*
 * The queries, in the order the leader applies them (each needs the maps
 * the ones before it made): $1 the month (its first day), $2 the first day
 * of the next; each ends in a WHERE clause, for a worker's ctid range.
 *
 * Workers read all but the divisions (few; the leader reads them if a
 * household needs them).  The assessments are read whole by one worker: an
 * index-only scan (assessment_household_idx includes what is read) costs a
 * fifteenth of reading their wide rows by blocks.
 *
 * An enrolment that has exited since the month was open in it (its
 * end_month is later): a re-run of that month must still pay it, in gradual
 * exit if the month was within the gradual exit's last month.
 */
static const ParallelScanJob payroll_jobs[N_QUERIES] = {
	{"SELECT e.id, e.household_id, e.person_id, e.programme,"
		"       e.status = 'gradual_exit' OR (e.status = 'exited' AND e.frozen_amount IS NOT NULL"
		"                                     AND e.gradual_exit_until >= $1),"
		"       e.single_person, e.frozen_amount, e.orphan_care"
		"  FROM civil_affairs.enrollment e"
		" WHERE (e.status IN ('active', 'gradual_exit') OR (e.status = 'exited' AND e.end_month > $1))"
		"   AND (e.start_month IS NULL OR e.start_month <= $1)"
		"   AND (e.end_month IS NULL OR e.end_month > $1)",
	'e', "enrollment", true, sizeof(PayrollEnrolment), convert_enrolment},

	{"SELECT h.id, h.residence_division, h.urban FROM civil_affairs.household h WHERE true",
	'h', "household", true, sizeof(RegistryHouseholdRecord), registry_household_convert},

	/* Members of the month: apply_member checks the period (registry_date_range_days). */
	{"SELECT m.household_id, m.person_id, m.during FROM civil_affairs.household_member m WHERE true",
	'm', "household_member", true, sizeof(MemberRecord), convert_member},

	{"SELECT p.id, p.birth_date, p.death_date, p.work_capacity, p.self_care,"
		"       p.disability_grade, p.disability_kind, p.seriously_ill"
		"  FROM civil_affairs.person p WHERE true",
	'p', "person", true, sizeof(PersonRecord), convert_person},

	/* Every assessment up to the month; the latest of each household is kept. */
	{"SELECT a.household_id, a.as_of, a.id, a.net_income, a.members, a.window_months"
		"  FROM civil_affairs.assessment a WHERE a.as_of < $2",
	'a', "assessment", false, sizeof(AssessmentRecord), convert_assessment},

	{"SELECT d.code, d.urban FROM civil_affairs.division d WHERE d.urban IS NOT NULL",
	'd', "division", false, sizeof(DivisionRecord), convert_division}
};

StaticAssertDecl(sizeof(PayrollEnrolment) <= PARALLEL_SCAN_MAX_RECORD &&
				 sizeof(PersonRecord) <= PARALLEL_SCAN_MAX_RECORD &&
				 sizeof(AssessmentRecord) <= PARALLEL_SCAN_MAX_RECORD,
				 "a record is larger than PARALLEL_SCAN_MAX_RECORD");

static const Oid month_types[2] = {DATEOID, DATEOID};

static const ParallelScanSpec payroll_scan = {
	"payroll_load_worker", payroll_jobs, Q_DIVISIONS, 2, month_types, 1024 * 1024
};

PGDLLEXPORT void payroll_load_worker(dsm_segment *seg, shm_toc *toc);

void
payroll_load_worker(dsm_segment *seg, shm_toc *toc)
{
	parallel_scan_worker(&payroll_scan, seg, toc);
}

static void
month_arguments(DateADT month, Datum *args)
{
	int			y,
				m,
				d;

	j2date(month + POSTGRES_EPOCH_JDATE, &y, &m, &d);
	args[0] = DateADTGetDatum(month);
	args[1] = DateADTGetDatum(date2j(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - POSTGRES_EPOCH_JDATE);
}

/* Read a table: from the workers if there are any, else alone. */
static void
read_table(LoadState *st, ParallelScan *scan, int query)
{
	Oid			types[2] = {DATEOID, DATEOID};
	Datum		args[2];
	ParallelScanAlone alone = {payroll_jobs[query].convert, appliers[query], st};

	if (scan != NULL && query < Q_DIVISIONS)
	{
		parallel_scan_read(scan, query, appliers[query], st);
		return;
	}

	/*
	 * Custom plans, made for the month's dates: a generic plan guesses how
	 * many rows a condition on $1 or $2 keeps (it once read every member
	 * through the GiST index of their periods, guessing that few are
	 * current).
	 */
	month_arguments(st->load->month, args);
	spi_stream(spi_kept_plan_options(&plans[query], payroll_jobs[query].query, 2, types, CURSOR_OPT_CUSTOM_PLAN),
			   2, types, args, NULL, parallel_scan_alone_row, &alone);
}

/* Households without an urban flag of their own take their division's. */
static void
resolve_urban(LoadState *st)
{
	PayrollLoad *load = st->load;
	int			n = load->household_map.n,
				unknown = 0,
				i;
	bool		added;

	for (i = 0; i < n; i++)
		if (load->households[i].found && !load->households[i].urban_known)
			unknown++;
	if (unknown == 0)
		return;
	id_map_init(&st->division_map, unknown);
	for (i = 0; i < n; i++)
		if (load->households[i].found && !load->households[i].urban_known)
			id_map_add(&st->division_map, load->households[i].division, &added);
	st->division_urban = palloc0(sizeof(bool) * st->division_map.n);
	st->division_known = palloc0(sizeof(bool) * st->division_map.n);
	read_table(st, NULL, Q_DIVISIONS);
	for (i = 0; i < n; i++)
	{
		PayrollHousehold *h = &load->households[i];
		int			d;

		if (!h->found || h->urban_known)
			continue;
		d = id_map_find(&st->division_map, h->division);
		h->urban_known = st->division_known[d];
		h->urban = st->division_urban[d];
	}
}

/* Members alive on the first of the month or dying in it are covered. */
static void
chain_covered(LoadState *st)
{
	PayrollLoad *load = st->load;
	RegistryDay month = registry_day(load->month);
	int			i;

	load->covered = registry_alloc_huge(sizeof(PayrollCovered) * st->n_members, false);
	load->n_covered = 0;
	for (i = 0; i < st->n_members; i++)
	{
		const PayrollPerson *p = &load->persons[st->members[i].person];
		PayrollHousehold *h = &load->households[st->members[i].household];
		PayrollCovered *c;

		if (!p->found || (p->has_death && p->death < load->month))
			continue;
		c = &load->covered[load->n_covered];
		c->person_id = st->members[i].person_id;
		c->person.age = registry_age_at(p->birth, &month);
		c->person.work_capacity = p->work_capacity;
		c->person.self_care = p->self_care;
		c->person.disability_grade = p->disability_grade;
		c->person.seriously_ill = p->seriously_ill;
		c->next = h->first_covered;
		h->first_covered = load->n_covered++;
	}
}

static int
enrolment_order(const void *a, const void *b)
{
	int64		x = ((const PayrollEnrolment *) a)->id;
	int64		y = ((const PayrollEnrolment *) b)->id;

	return (x > y) - (x < y);
}

/*
 * Members by household, then person, whatever order the scans gave them in:
 * a counting sort by household number (a million members of a large
 * caseload made qsort a twentieth of the payroll), then each household's
 * few members by person id.
 */
static void
sort_members(LoadState *st, int n_households)
{
	int		   *next;
	MemberRow  *sorted;
	int			h,
				i;

	if (st->n_members < 2)
		return;
	next = palloc0(sizeof(int) * (n_households + 1));
	sorted = registry_alloc_huge(sizeof(MemberRow) * st->n_members, false);
	for (i = 0; i < st->n_members; i++)
		next[st->members[i].household + 1]++;
	for (h = 0; h < n_households; h++)
		next[h + 1] += next[h];
	for (i = 0; i < st->n_members; i++)
		sorted[next[st->members[i].household]++] = st->members[i];
	/* next[h] is now where household h + 1 starts. */
	for (h = 0; h < n_households; h++)
	{
		int			first = h == 0 ? 0 : next[h - 1];

		for (i = first + 1; i < next[h]; i++)
		{
			MemberRow	m = sorted[i];
			int			j = i;

			for (; j > first && sorted[j - 1].person_id > m.person_id; j--)
				sorted[j] = sorted[j - 1];
			sorted[j] = m;
		}
	}
	pfree(st->members);
	pfree(next);
	st->members = sorted;
}

void
payroll_load(PayrollLoad *load, DateADT month)
{
	LoadState	st;
	ParallelScan *scan;
	Datum		args[2];
	int			n_person_enrolments = 0,
				kept = 0,
				i;
	bool		added;

	memset(load, 0, sizeof(*load));
	memset(&st, 0, sizeof(st));
	load->month = month;
	st.load = load;

	month_arguments(month, args);
	scan = parallel_scan_begin(&payroll_scan, args);
	read_table(&st, scan, Q_ENROLMENTS);
	id_map_init(&load->household_map, load->n_enrolments);
	load->households = registry_alloc_huge(sizeof(PayrollHousehold) * load->n_enrolments, false);
	for (i = 0; i < load->n_enrolments; i++)
	{
		PayrollEnrolment *e = &load->enrolments[i];
		PayrollHousehold *h;

		e->household = id_map_add(&load->household_map, e->household_id, &added);
		h = &load->households[e->household];
		if (added)
		{
			memset(h, 0, sizeof(*h));
			h->first_covered = -1;
		}
		if (e->programme == PROGRAMME_DIBAO)
		{
			h->in_dibao = true;
			if (!e->gradual_exit)
				h->active_dibao = true;
		}
		if (e->has_person)
			n_person_enrolments++;
	}
	/* The workers read on regardless: what they send finds no household. */
	if (load->n_enrolments == 0 && scan == NULL)
		return;
	read_table(&st, scan, Q_HOUSEHOLDS);
	apply_delayed(&st, set_household);
	read_table(&st, scan, Q_MEMBERS);

	sort_members(&st, load->household_map.n);
	id_map_init(&load->person_map, n_person_enrolments + st.n_members);
	for (i = 0; i < st.n_members; i++)
		st.members[i].person = id_map_add(&load->person_map, st.members[i].person_id, &added);
	for (i = 0; i < load->n_enrolments; i++)
		if (load->enrolments[i].has_person)
			load->enrolments[i].person = id_map_add(&load->person_map, load->enrolments[i].person_id, &added);
	/* Each person's found is set by the scan: none is until then. */
	load->persons = registry_alloc_huge(sizeof(PayrollPerson) * load->person_map.n, true);
	read_table(&st, scan, Q_PERSONS);
	read_table(&st, scan, Q_ASSESSMENTS);
	apply_delayed(&st, set_assessment);
	if (scan != NULL)
		parallel_scan_end(scan);
	chain_covered(&st);
	resolve_urban(&st);

	/* Enrolments of households out of sight (row-level security) are not paid. */
	for (i = 0; i < load->n_enrolments; i++)
		if (load->households[load->enrolments[i].household].found)
			load->enrolments[kept++] = load->enrolments[i];
	load->n_enrolments = kept;
	qsort(load->enrolments, kept, sizeof(PayrollEnrolment), enrolment_order);
}
