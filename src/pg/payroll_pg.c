/*
 * payroll_pg.c: what every open enrolment is owed for a month.
 *
 * payroll_entitlements(month) reads the open enrolments, their households
 * and people, the members of households in dibao and their latest
 * assessments (payroll_load.c), takes the policy in force for each division
 * that month (memoized per division for the call) and calls the entitlement
 * kernel.  run_payroll (SQL) turns the result into payments.
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
#include "payroll_load.h"
#include "policy_figures.h"
#include "registry_values.h"

PG_FUNCTION_INFO_V1(payroll_entitlements);

/* Fewer open enrolments than this and no progress is reported. */
#define PROGRESS_MIN_ROWS 1000

/* Rows computed in the per-row context between its resets. */
#define ROWS_PER_RESET 64

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

/*
 * A memo of the month's policies per (division, urban): a dynahash table,
 * with a direct-mapped array of its entries in front.  Dynahash never
 * moves an entry, so the array can point at them; a lookup the array
 * answers skips hashing the key and walking the bucket (the two tables'
 * lookups were 2.5 % of a payroll at 1,000,000 households, one or two for
 * each enrolment).
 */
#define MEMO_FRONT_SLOTS 4096

typedef struct PolicyMemo
{
	HTAB	   *table;
	void	   *front[MEMO_FRONT_SLOTS];	/* entries, each led by its key */
} PolicyMemo;

static PolicyMemo *
policy_memo(const char *name, Size entrysize, MemoryContext cxt)
{
	PolicyMemo *memo = MemoryContextAllocZero(cxt, sizeof(PolicyMemo));
	HASHCTL		ctl;

	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(DibaoPolicyKey);
	ctl.entrysize = entrysize;
	ctl.hcxt = cxt;
	memo->table = hash_create(name, 256, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	return memo;
}

static inline void **
memo_slot(PolicyMemo *memo, int64 division, bool urban)
{
	return &memo->front[registry_id_hash(division * 2 + urban) & (MEMO_FRONT_SLOTS - 1)];
}

/*
 * The entry of the key, entered if new: *found false, and the caller fills
 * it, then puts it in front with memo_remember.
 */
static void *
memo_enter(PolicyMemo *memo, int64 division, bool urban, bool *found)
{
	void	  **slot = memo_slot(memo, division, urban);
	const DibaoPolicyKey *front = *slot;
	DibaoPolicyKey key;
	void	   *entry;

	if (front != NULL && front->division == division && front->urban == urban)
	{
		*found = true;
		return (void *) front;
	}
	memset(&key, 0, sizeof(key));
	key.division = division;
	key.urban = urban;
	entry = hash_search(memo->table, &key, HASH_ENTER, found);
	if (*found)
		*slot = entry;
	return entry;
}

/* An entry filled and kept: the next lookup of its key finds it in front. */
static void
memo_remember(PolicyMemo *memo, void *entry)
{
	const DibaoPolicyKey *key = entry;

	*memo_slot(memo, key->division, key->urban) = entry;
}

static PolicyMemo *dibao_policies = NULL;

static void load_dibao_policy(ca_dibao_policy *p, int64 division, bool urban, DateADT month);

static const ca_dibao_policy *
dibao_policy(int64 division, bool urban, DateADT month)
{
	DibaoPolicyEntry *entry;
	bool		found;

	entry = memo_enter(dibao_policies, division, urban, &found);
	if (!found)
	{
		PG_TRY();
		{
			load_dibao_policy(&entry->policy, division, urban, month);
		}
		PG_CATCH();
		{
			hash_search(dibao_policies->table, &entry->key, HASH_REMOVE, NULL);
			PG_RE_THROW();
		}
		PG_END_TRY();
		memo_remember(dibao_policies, entry);
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

static PolicyMemo *person_policies = NULL;

static PersonPolicyEntry *
person_policy(int64 division, bool urban)
{
	PersonPolicyEntry *entry;
	bool		found;

	entry = memo_enter(person_policies, division, urban, &found);
	if (!found)
	{
		DibaoPolicyKey key = entry->key;

		memset(entry, 0, sizeof(*entry));
		entry->key = key;
		memo_remember(person_policies, entry);
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
covered_members(const PayrollLoad *load, const PayrollEnrolment *e, ca_covered_person *out)
{
	int			n = 0,
				c;

	for (c = load->households[e->household].first_covered; c >= 0; c = load->covered[c].next)
		if (!e->single_person || load->covered[c].person_id == e->person_id)
		{
			if (out)
				out[n] = load->covered[c].person;
			n++;
		}
	return n;
}

static void
dibao_entitlement(const PayrollLoad *load, const PayrollEnrolment *e, DateADT month,
				  JsonbBuilder *b, Entitlement *out)
{
	const PayrollHousehold *h = &load->households[e->household];
	const ca_dibao_policy *policy;
	ca_dibao_payment pay;
	ca_covered_person *covered;
	int			n,
				members;
	int64		net_fen;

	if (!h->assessed)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("household " INT64_FORMAT " is enrolled in dibao but has no assessment", e->household_id),
				 errhint("Run civil_affairs.record_assessment for it, or let run_payroll assess it.")));
	n = covered_members(load, e, NULL);
	if (n == 0)
		return;					/* nobody covered is alive and a member this month */
	covered = palloc(sizeof(ca_covered_person) * n);
	covered_members(load, e, covered);
	net_fen = h->net_fen;
	members = h->members;
	policy = dibao_policy(h->division, h->urban, month);

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
compute(const PayrollLoad *load, const PayrollEnrolment *e, DateADT month, JsonbBuilder *b, Entitlement *out)
{
	/* Programmes of a person read the enrolment's; one out of sight reads as unknown. */
	static const PayrollPerson nobody = {.self_care = CA_SELF_CARE_FULL, .work_capacity = CA_WORK_FULL};
	const PayrollHousehold *h = &load->households[e->household];
	const PayrollPerson *p = e->person >= 0 && load->persons[e->person].found ? &load->persons[e->person] : &nobody;
	PersonPolicyEntry *pp;

	out->amount_fen = 0;
	out->tier = 0;
	out->persons = 1;
	if (!h->urban_known)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot tell whether household " INT64_FORMAT " is urban or rural", e->household_id),
				 errhint("Set civil_affairs.household.urban, or the division's urban flag.")));

	if (e->programme == PROGRAMME_DIBAO)
	{
		if (e->gradual_exit)
		{
			/* The amount is kept; the persons are those still covered. */
			out->persons = covered_members(load, e, NULL);
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
	if (p->has_death && p->death < month)
	{
		/* Payments end the month after death. */
		jb_bool(b, "deceased", true);
		return;
	}
	pp = person_policy(h->division, h->urban);
	switch (e->programme)
	{
		case PROGRAMME_TEKUN:
			{
				ca_tekun_payment pay;

				if (!ca_tekun_payment_compute(tekun_policy(pp, month), p->self_care, &pay))
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
				int			age = registry_age_on(p->birth, pp->old_age_from_birthday_month ? last_day_of_month(month) : month);

				out->amount_fen = ca_old_age_allowance(policy, age);
				jb_number(b, "age", age, 0);
				break;
			}
		case PROGRAMME_DISABILITY_LIVING:
			out->amount_fen = ca_disability_living_subsidy(disability_policy(pp, month), p->disability_grade,
														   h->active_dibao);
			jb_number(b, "disability_grade", p->disability_grade, 0);
			break;
		case PROGRAMME_DISABILITY_CARE:
			out->amount_fen = ca_disability_care_subsidy(disability_policy(pp, month), p->disability_grade,
														 p->mental_or_intellectual);
			jb_number(b, "disability_grade", p->disability_grade, 0);
			break;
		case PROGRAMME_ORPHAN:
			out->amount_fen = orphan_amount(pp, e->orphan_institution, month);
			jb_string(b, "care", e->orphan_institution ? "institution" : "scattered");
			break;
		default:
			break;
	}
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
		programme_text[i] = CStringGetTextDatum(payroll_programme_names[i]);

	policy_cache_refresh();
	SPI_connect();
	payroll_load(&load, month);
	for (i = 0; i < load.n_enrolments; i++)
	{
		const PayrollEnrolment *e = &load.enrolments[i];
		Entitlement ent;
		JsonbBuilder b = {0};
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
		/* A row leaves a few hundred bytes: reset after a batch of them, not each. */
		if (i % ROWS_PER_RESET == ROWS_PER_RESET - 1)
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
