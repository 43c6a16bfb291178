/*
 * payroll_pg.c: what every open enrolment is owed for a month.
 *
 * payroll_entitlements(month) reads, in three plain queries streamed
 * straight into C (spi_stream.c): the open enrolments with their household's
 * division and their person; the latest assessment of each household in
 * dibao; and the members of those households alive in the month.  It takes
 * the policy in force for each division that month (memoized per division
 * for the call) and calls the entitlement kernel.  run_payroll (SQL) turns
 * the result into payments.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/hsearch.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"

#include "adcode_pg.h"
#include "jsonb_builder.h"
#include "policy_cache.h"
#include "policy_figures.h"
#include "registry_values.h"
#include "spi_stream.h"
#include "../core/entitlement.h"

PG_FUNCTION_INFO_V1(payroll_entitlements);

/* $1 the month (its first day). */
static const char *const enrolment_query =
"SELECT e.id, e.household_id, e.person_id, e.programme, e.status = 'gradual_exit', e.single_person,"
"       e.frozen_amount, e.orphan_care, h.residence_division, coalesce(h.urban, d.urban),"
"       p.birth_date, p.death_date, p.self_care, p.disability_grade, p.disability_kind"
"  FROM civil_affairs.enrollment e"
"  JOIN civil_affairs.household h ON h.id = e.household_id"
"  LEFT JOIN civil_affairs.division d ON d.code OPERATOR(civil_affairs.=) h.residence_division"
"  LEFT JOIN civil_affairs.person p ON p.id = e.person_id"
" WHERE e.status IN ('active', 'gradual_exit')"
"   AND (e.start_month IS NULL OR e.start_month <= $1)"
"   AND (e.end_month IS NULL OR e.end_month > $1)"
" ORDER BY e.id";

/* Households in dibao: every assessment up to the month; the latest is kept. */
static const char *const assessment_query =
"SELECT a.household_id, a.as_of, a.id, a.net_income, a.members, a.window_months"
"  FROM civil_affairs.assessment a"
" WHERE a.as_of < ($1 + interval '1 month')"
"   AND a.household_id IN (SELECT x.household_id FROM civil_affairs.enrollment x"
"                           WHERE x.programme = 'dibao' AND x.status IN ('active', 'gradual_exit'))";

/* Members of households in dibao who are alive on the first of the month or die in it. */
static const char *const covered_query =
"SELECT m.household_id, p.id, p.birth_date, p.work_capacity, p.self_care, p.disability_grade, p.seriously_ill"
"  FROM civil_affairs.household_member m"
"  JOIN civil_affairs.person p ON p.id = m.person_id"
" WHERE m.during @> $1 AND (p.death_date IS NULL OR p.death_date >= $1)"
"   AND m.household_id IN (SELECT x.household_id FROM civil_affairs.enrollment x"
"                           WHERE x.programme = 'dibao' AND x.status IN ('active', 'gradual_exit'))";

static SPIPlanPtr enrolment_plan = NULL;
static SPIPlanPtr assessment_plan = NULL;
static SPIPlanPtr covered_plan = NULL;

/* Fewer open enrolments than this and no progress is reported. */
#define PROGRESS_MIN_ROWS 1000

typedef enum Programme
{
	PROGRAMME_DIBAO,
	PROGRAMME_TEKUN,
	PROGRAMME_OLD_AGE,
	PROGRAMME_DISABILITY_LIVING,
	PROGRAMME_DISABILITY_CARE,
	PROGRAMME_ORPHAN,
	N_PROGRAMMES
} Programme;

/* As in the enrollment table's CHECK constraint, in the order above. */
static const char *const programme_names[N_PROGRAMMES] = {
	"dibao", "tekun", "old_age_allowance", "disability_living_subsidy",
	"disability_care_subsidy", "orphan_allowance"
};

typedef struct Enrolment
{
	int64		id;
	int64		household_id;
	int64		person_id;
	bool		has_person;
	Programme	programme;
	bool		gradual_exit;
	bool		single_person;
	bool		has_frozen;
	int64		frozen_fen;
	bool		orphan_institution;
	int64		division;
	bool		urban_known;
	bool		urban;
	/* the enrolment's person, for person-level programmes */
	bool		has_birth;
	DateADT		birth;
	bool		has_death;
	DateADT		death;
	ca_self_care self_care;
	int			disability_grade;
	bool		mental_or_intellectual;
} Enrolment;

/* A member of a household in dibao, chained per household. */
typedef struct Covered
{
	int64		person_id;
	ca_covered_person person;
	int			next;			/* index of the household's next, or -1 */
} Covered;

/* A household in dibao: its latest assessment and its covered members. */
typedef struct DibaoHousehold
{
	int64		household_id;	/* 0: empty slot */
	bool		assessed;
	DateADT		as_of;
	int64		assessment_id;
	int64		net_fen;
	int			members;
	int			months;
	int			first_covered;	/* -1: none */
	bool		active_dibao;	/* an active (not gradual-exit) dibao enrolment */
} DibaoHousehold;

typedef struct PayrollLoad
{
	DateADT		month;
	int			n_enrolments,
				cap_enrolments;
	Enrolment  *enrolments;
	/* open addressing by household id */
	DibaoHousehold *households;
	uint64		household_mask;
	int			n_covered,
				cap_covered;
	Covered    *covered;
} PayrollLoad;

/* ---------- reading ---------- */

static Programme
programme_of(Datum text_datum)
{
	text	   *t = (text *) DatumGetPointer(text_datum);
	size_t		n = VARSIZE_ANY_EXHDR(t);
	int			i;

	for (i = 0; i < N_PROGRAMMES; i++)
		if (strlen(programme_names[i]) == n && memcmp(programme_names[i], VARDATA_ANY(t), n) == 0)
			return (Programme) i;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("enrolment programme \"%s\" has no entitlement rule", text_to_cstring(t))));
	return PROGRAMME_DIBAO;
}

static void
enrolment_row(void *arg, Datum *values, bool *isnull)
{
	PayrollLoad *load = arg;
	Enrolment  *e;

	if (load->n_enrolments == load->cap_enrolments)
	{
		load->cap_enrolments = Max(1024, load->cap_enrolments * 2);
		load->enrolments = load->enrolments ?
			repalloc_huge(load->enrolments, sizeof(Enrolment) * load->cap_enrolments) :
			palloc_extended(sizeof(Enrolment) * load->cap_enrolments, MCXT_ALLOC_HUGE);
	}
	e = &load->enrolments[load->n_enrolments++];
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
	e->division = DatumGetAdcode(values[8]);
	e->urban_known = !isnull[9];
	e->urban = !isnull[9] && DatumGetBool(values[9]);
	e->has_birth = !isnull[10];
	e->birth = isnull[10] ? 0 : DatumGetDateADT(values[10]);
	e->has_death = !isnull[11];
	e->death = isnull[11] ? 0 : DatumGetDateADT(values[11]);
	e->self_care = isnull[12] ? CA_SELF_CARE_FULL :
		registry_self_care_datum(values[12]);
	e->disability_grade = isnull[13] ? 0 : DatumGetInt16(values[13]);
	e->mental_or_intellectual = !isnull[14] &&
		(registry_text_is(values[14], "mental") || registry_text_is(values[14], "intellectual"));
}

/* The slot of a household in dibao, or NULL (add: a new slot). */
static DibaoHousehold *
dibao_household(PayrollLoad *load, int64 household_id, bool add)
{
	uint64		i = registry_id_hash(household_id) & load->household_mask;

	for (;;)
	{
		DibaoHousehold *h = &load->households[i];

		if (h->household_id == household_id)
			return h;
		if (h->household_id == 0)
		{
			if (!add)
				return NULL;
			h->household_id = household_id;
			h->first_covered = -1;
			return h;
		}
		i = (i + 1) & load->household_mask;
	}
}

static void
assessment_row(void *arg, Datum *values, bool *isnull)
{
	PayrollLoad *load = arg;
	DibaoHousehold *h = dibao_household(load, DatumGetInt64(values[0]), false);
	DateADT		as_of = DatumGetDateADT(values[1]);
	int64		id = DatumGetInt64(values[2]);

	if (h == NULL)
		return;					/* in dibao, but not this month */
	if (h->assessed && (h->as_of > as_of || (h->as_of == as_of && h->assessment_id > id)))
		return;
	h->assessed = true;
	h->as_of = as_of;
	h->assessment_id = id;
	h->net_fen = registry_amount_fen(values[3], "net income");
	h->members = DatumGetInt32(values[4]);
	h->months = DatumGetInt32(values[5]);
}

static void
covered_row(void *arg, Datum *values, bool *isnull)
{
	PayrollLoad *load = arg;
	DibaoHousehold *h = dibao_household(load, DatumGetInt64(values[0]), false);
	Covered    *c;

	if (h == NULL)
		return;
	if (load->n_covered == load->cap_covered)
	{
		load->cap_covered = Max(1024, load->cap_covered * 2);
		load->covered = load->covered ?
			repalloc_huge(load->covered, sizeof(Covered) * load->cap_covered) :
			palloc_extended(sizeof(Covered) * load->cap_covered, MCXT_ALLOC_HUGE);
	}
	c = &load->covered[load->n_covered];
	c->person_id = DatumGetInt64(values[1]);
	c->person.age = registry_age_on(DatumGetDateADT(values[2]), load->month);
	c->person.work_capacity = registry_work_capacity_datum(values[3]);
	c->person.self_care = registry_self_care_datum(values[4]);
	c->person.disability_grade = DatumGetInt16(values[5]);
	c->person.seriously_ill = DatumGetBool(values[6]);
	c->next = h->first_covered;
	h->first_covered = load->n_covered++;
}

static void
load_payroll(PayrollLoad *load, DateADT month)
{
	Oid			types[1] = {DATEOID};
	Datum		args[1];
	uint64		slots;
	int			n_dibao = 0,
				i;

	memset(load, 0, sizeof(*load));
	load->month = month;
	args[0] = DateADTGetDatum(month);
	spi_stream(spi_kept_plan(&enrolment_plan, enrolment_query, 1, types), 1, types, args, NULL,
			   enrolment_row, load);

	for (i = 0; i < load->n_enrolments; i++)
		if (load->enrolments[i].programme == PROGRAMME_DIBAO)
			n_dibao++;
	for (slots = 16; slots < (uint64) n_dibao * 2; slots <<= 1)
		;
	load->households = palloc_extended(sizeof(DibaoHousehold) * slots, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	load->household_mask = slots - 1;
	for (i = 0; i < load->n_enrolments; i++)
	{
		const Enrolment *e = &load->enrolments[i];

		if (e->programme == PROGRAMME_DIBAO)
		{
			DibaoHousehold *h = dibao_household(load, e->household_id, true);

			if (!e->gradual_exit)
				h->active_dibao = true;
		}
	}
	if (n_dibao == 0)
		return;
	spi_stream(spi_kept_plan(&assessment_plan, assessment_query, 1, types), 1, types, args, NULL,
			   assessment_row, load);
	spi_stream(spi_kept_plan(&covered_plan, covered_query, 1, types), 1, types, args, NULL,
			   covered_row, load);
}

/* ---------- policy per division ---------- */

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

/*
 * The person-level programmes' policy of a division, urban or rural, loaded
 * part by part as enrolments need it and kept for the call.
 */
typedef struct PersonPolicyEntry
{
	DibaoPolicyKey key;
	bool		have_tekun,
				have_old_age,
				have_disability,
				have_orphan;
	ca_tekun_policy tekun;
	ca_old_age_policy old_age;
	bool		old_age_from_birthday_month;
	ca_disability_policy disability;
	int64		orphan_institution_fen;
	int64		orphan_scattered_fen;
} PersonPolicyEntry;

static HTAB *person_policies = NULL;

static PersonPolicyEntry *
person_policy(int64 division, bool urban)
{
	DibaoPolicyKey key;
	PersonPolicyEntry *entry;
	bool		found;

	memset(&key, 0, sizeof(key));
	key.division = division;
	key.urban = urban;
	entry = hash_search(person_policies, &key, HASH_ENTER, &found);
	if (!found)
	{
		memset(entry, 0, sizeof(*entry));
		entry->key = key;
	}
	return entry;
}

static const ca_tekun_policy *
tekun_policy(PersonPolicyEntry *p, DateADT month)
{
	int64		division = p->key.division;

	if (!p->have_tekun)
	{
		ca_tekun_policy *t = &p->tekun;

		t->standard_fen = policy_monthly_standard_fen(division, p->key.urban, month);
		t->basic_multiple_ppm = policy_ppm("tekun.basic_multiple", division, month);
		t->care_ppm[CA_SELF_CARE_FULL] = policy_ppm("tekun.care_full", division, month);
		t->care_ppm[CA_SELF_CARE_PARTIAL] = policy_ppm("tekun.care_partial", division, month);
		t->care_ppm[CA_SELF_CARE_NONE] = policy_ppm("tekun.care_none", division, month);
		t->rounding_unit_fen = policy_amount_fen("dibao.rounding_unit", division, month);
		t->rounding_mode = policy_rounding_mode(policy_require_choice("dibao.rounding_mode", division, month));
		p->have_tekun = true;
	}
	return &p->tekun;
}

static const ca_old_age_policy *
old_age_policy(PersonPolicyEntry *p, DateADT month)
{
	static const char *const keys[4][2] = {
		{"old_age_allowance.bracket1_age", "old_age_allowance.bracket1_amount"},
		{"old_age_allowance.bracket2_age", "old_age_allowance.bracket2_amount"},
		{"old_age_allowance.bracket3_age", "old_age_allowance.bracket3_amount"},
		{"old_age_allowance.bracket4_age", "old_age_allowance.bracket4_amount"}};
	int64		division = p->key.division;

	if (!p->have_old_age)
	{
		int			i;

		p->old_age_from_birthday_month =
			strcmp(policy_require_choice("old_age_allowance.start", division, month), "birthday_month") == 0;
		p->old_age.n_brackets = 4;
		for (i = 0; i < 4; i++)
		{
			p->old_age.min_age[i] = policy_count(keys[i][0], division, month);
			p->old_age.amount_fen[i] = policy_amount_fen(keys[i][1], division, month);
		}
		p->have_old_age = true;
	}
	return &p->old_age;
}

static const ca_disability_policy *
disability_policy(PersonPolicyEntry *p, DateADT month)
{
	if (!p->have_disability)
	{
		p->disability.living_fen = policy_amount_fen("disability.living_subsidy", p->key.division, month);
		p->disability.care_fen = policy_amount_fen("disability.care_subsidy", p->key.division, month);
		p->have_disability = true;
	}
	return &p->disability;
}

static int64
orphan_amount(PersonPolicyEntry *p, bool institution, DateADT month)
{
	if (!p->have_orphan)
	{
		p->orphan_institution_fen = policy_amount_fen("orphan.institution", p->key.division, month);
		p->orphan_scattered_fen = policy_amount_fen("orphan.scattered", p->key.division, month);
		p->have_orphan = true;
	}
	return institution ? p->orphan_institution_fen : p->orphan_scattered_fen;
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

/* ---------- one enrolment ---------- */

typedef struct Entitlement
{
	int64		amount_fen;
	int			tier;
	int			persons;
} Entitlement;

/* The covered members of a dibao enrolment: the household's, or the one person's. */
static int
covered_members(const PayrollLoad *load, const Enrolment *e, const DibaoHousehold *h,
				ca_covered_person *out)
{
	int			n = 0,
				c;

	for (c = h ? h->first_covered : -1; c >= 0; c = load->covered[c].next)
		if (!e->single_person || load->covered[c].person_id == e->person_id)
		{
			if (out)
				out[n] = load->covered[c].person;
			n++;
		}
	return n;
}

static void
dibao_entitlement(const PayrollLoad *load, const Enrolment *e, DateADT month,
				  JsonbBuilder *b, Entitlement *out)
{
	const DibaoHousehold *h = dibao_household((PayrollLoad *) load, e->household_id, false);
	const ca_dibao_policy *policy;
	ca_dibao_payment pay;
	ca_covered_person *covered;
	int			n,
				members;
	int64		net_fen;

	if (h == NULL || !h->assessed)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("household " INT64_FORMAT " is enrolled in dibao but has no assessment", e->household_id),
				 errhint("Run civil_affairs.record_assessment for it, or let run_payroll assess it.")));
	n = covered_members(load, e, h, NULL);
	if (n == 0)
		return;					/* nobody covered is alive and a member this month */
	covered = palloc(sizeof(ca_covered_person) * n);
	covered_members(load, e, h, covered);
	net_fen = h->net_fen;
	members = h->members;
	policy = dibao_policy(e->division, e->urban, month);

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
	if (!ca_dibao_payment_compute(policy, net_fen * CA_PPM / Max(h->months, 1), Max(members, 1),
								  covered, n, &pay))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot compute the dibao payment of household " INT64_FORMAT, e->household_id),
				 errdetail("The policy or the household's figures are out of range.")));
	out->amount_fen = pay.total_fen;
	out->tier = pay.tier;
	out->persons = n;
	jb_string(b, "method", policy->method == CA_DIBAO_TIERED ? "tiered" : "gap");
	jb_number(b, "standard", policy->standard_fen, 2);
	jb_number(b, "base", pay.base_fen, 2);
	jb_number(b, "addons", pay.addons_fen, 2);
	jb_number(b, "cap", pay.cap_fen, 2);
}

static void
compute(const PayrollLoad *load, const Enrolment *e, DateADT month, JsonbBuilder *b, Entitlement *out)
{
	PersonPolicyEntry *pp;

	out->amount_fen = 0;
	out->tier = 0;
	out->persons = 1;
	if (!e->urban_known)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot tell whether household " INT64_FORMAT " is urban or rural", e->household_id),
				 errhint("Set civil_affairs.household.urban, or the division's urban flag.")));

	if (e->programme == PROGRAMME_DIBAO)
	{
		if (e->gradual_exit)
		{
			/* The amount is kept; the persons are those still covered. */
			out->persons = covered_members(load, e, dibao_household((PayrollLoad *) load, e->household_id, false), NULL);
			if (!e->has_frozen)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("enrolment " INT64_FORMAT " is in gradual exit without a frozen amount", e->id)));
			out->amount_fen = e->frozen_fen;
			jb_bool(b, "gradual_exit", true);
			jb_number(b, "frozen", out->amount_fen, 2);
		}
		else
			dibao_entitlement(load, e, month, b, out);
		return;
	}
	if (e->has_death && e->death < month)
	{
		/* Payments end the month after death. */
		jb_bool(b, "deceased", true);
		return;
	}
	pp = person_policy(e->division, e->urban);
	switch (e->programme)
	{
		case PROGRAMME_TEKUN:
			{
				ca_tekun_payment pay;

				if (!ca_tekun_payment_compute(tekun_policy(pp, month), e->self_care, &pay))
					ereport(ERROR,
							(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
							 errmsg("cannot compute the extreme-poverty support of household " INT64_FORMAT,
									e->household_id)));
				out->amount_fen = pay.total_fen;
				jb_number(b, "basic", pay.basic_fen, 2);
				jb_number(b, "care", pay.care_fen, 2);
				break;
			}
		case PROGRAMME_OLD_AGE:
			{
				const ca_old_age_policy *policy = old_age_policy(pp, month);
				/* A bracket reached in the month counts from that month or the next. */
				int			age = registry_age_on(e->birth, pp->old_age_from_birthday_month ? last_day_of_month(month) : month);

				out->amount_fen = ca_old_age_allowance(policy, age);
				jb_number(b, "age", age, 0);
				break;
			}
		case PROGRAMME_DISABILITY_LIVING:
			{
				const DibaoHousehold *h = dibao_household((PayrollLoad *) load, e->household_id, false);

				out->amount_fen = ca_disability_living_subsidy(disability_policy(pp, month), e->disability_grade,
															   h != NULL && h->active_dibao);
				jb_number(b, "disability_grade", e->disability_grade, 0);
				break;
			}
		case PROGRAMME_DISABILITY_CARE:
			out->amount_fen = ca_disability_care_subsidy(disability_policy(pp, month), e->disability_grade,
														 e->mental_or_intellectual);
			jb_number(b, "disability_grade", e->disability_grade, 0);
			break;
		case PROGRAMME_ORPHAN:
			out->amount_fen = orphan_amount(pp, e->orphan_institution, month);
			jb_string(b, "care", e->orphan_institution ? "institution" : "scattered");
			break;
		default:
			break;
	}
}

static HTAB *
policy_memo(const char *name, Size entrysize, MemoryContext cxt)
{
	HASHCTL		ctl;

	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(DibaoPolicyKey);
	ctl.entrysize = entrysize;
	ctl.hcxt = cxt;
	return hash_create(name, 256, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
}

Datum
payroll_entitlements(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	DateADT		month = PG_GETARG_DATEADT(0);
	MemoryContext outer;
	MemoryContext per_row;
	PayrollLoad load;
	Datum		programme_text[N_PROGRAMMES];
	int			y,
				m,
				dd,
				i;

	j2date(month + POSTGRES_EPOCH_JDATE, &y, &m, &dd);
	if (dd != 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_DATETIME_FORMAT),
				 errmsg("a payroll month is given as its first day, not %04d-%02d-%02d", y, m, dd),
				 errhint("Use %04d-%02d-01.", y, m)));
	InitMaterializedSRF(fcinfo, 0);
	outer = CurrentMemoryContext;
	per_row = AllocSetContextCreate(outer, "payroll entitlement", ALLOCSET_DEFAULT_SIZES);
	dibao_policies = policy_memo("dibao policies of the month", sizeof(DibaoPolicyEntry), outer);
	person_policies = policy_memo("person-level policies of the month", sizeof(PersonPolicyEntry), outer);
	for (i = 0; i < N_PROGRAMMES; i++)
		programme_text[i] = CStringGetTextDatum(programme_names[i]);

	policy_cache_refresh();
	SPI_connect();
	load_payroll(&load, month);
	for (i = 0; i < load.n_enrolments; i++)
	{
		const Enrolment *e = &load.enrolments[i];
		Entitlement ent;
		JsonbBuilder b = {NULL, NULL};
		Datum		values[8];
		bool		nulls[8] = {false, false, false, false, false, false, false, false};
		MemoryContext old = MemoryContextSwitchTo(per_row);

		jb_begin_object(&b, NULL);
		compute(&load, e, month, &b, &ent);
		jb_end_object(&b);
		values[0] = Int64GetDatum(e->id);
		values[1] = Int64GetDatum(e->household_id);
		values[2] = Int64GetDatum(e->person_id);
		nulls[2] = !e->has_person;
		values[3] = programme_text[e->programme];
		values[4] = Int16GetDatum(ent.tier);
		nulls[4] = ent.tier == 0;
		values[5] = Int32GetDatum(ent.persons);
		values[6] = NumericGetDatum(int64_div_fast_to_numeric(ent.amount_fen, 2));
		values[7] = JsonbPGetDatum(jb_finish(&b));
		MemoryContextSwitchTo(outer);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		MemoryContextSwitchTo(old);
		MemoryContextReset(per_row);
		/* Long runs report progress each tenth; short ones stay quiet. */
		if (load.n_enrolments >= PROGRESS_MIN_ROWS &&
			(int64) (i + 1) * 10 / load.n_enrolments != (int64) i * 10 / load.n_enrolments)
			ereport(NOTICE,
					(errmsg("payroll %04d-%02d: entitlements of %d of %d enrolments computed",
							y, m, i + 1, load.n_enrolments)));
	}
	SPI_finish();
	return (Datum) 0;
}
