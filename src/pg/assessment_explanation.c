/*
 * assessment_explanation.c: the jsonb explanation of an assessment, built
 * as a JsonbValue tree (no text to parse): the bulk assessment makes one
 * per household, so its cost counts.
 *
 * Incomes are explained per member and item over the window (months,
 * total, treatment, counted, exempt, deducted), not per month: the monthly
 * records are in civil_affairs.income, and a year of them per item would
 * make the explanation twelve times longer for nothing the sums do not say.
 */
#include "postgres.h"

#include "utils/datetime.h"
#include "utils/numeric.h"

#include "assessment_input.h"
#include "registry_snapshot.h"
#include "../core/adcode.h"

typedef struct Builder
{
	JsonbParseState *state;
} Builder;

static void
push_key(Builder *b, const char *key)
{
	JsonbValue	v;

	v.type = jbvString;
	v.val.string.val = (char *) key;
	v.val.string.len = strlen(key);
	pushJsonbValue(&b->state, WJB_KEY, &v);
}

static void
push_scalar(Builder *b, JsonbValue *v, bool in_array)
{
	pushJsonbValue(&b->state, in_array ? WJB_ELEM : WJB_VALUE, v);
}

static void
push_string(Builder *b, const char *key, const char *s)
{
	JsonbValue	v;

	if (key)
		push_key(b, key);
	v.type = jbvString;
	v.val.string.val = (char *) s;
	v.val.string.len = strlen(s);
	push_scalar(b, &v, key == NULL);
}

static void
push_bool(Builder *b, const char *key, bool value)
{
	JsonbValue	v;

	push_key(b, key);
	v.type = jbvBool;
	v.val.boolean = value;
	push_scalar(b, &v, false);
}

/* An amount of fen (scale 2) or a count (scale 0). */
static void
push_number(Builder *b, const char *key, int64 value, int scale)
{
	JsonbValue	v;

	push_key(b, key);
	v.type = jbvNumeric;
	v.val.numeric = int64_div_fast_to_numeric(value, scale);
	push_scalar(b, &v, false);
}

static void
push_fen(Builder *b, const char *key, int64 fen)
{
	push_number(b, key, fen, 2);
}

/* Micro-fen sums, shown to the fen. */
static void
push_ufen(Builder *b, const char *key, int64 ufen)
{
	push_fen(b, key, ca_round_ufen(ufen, 1, CA_ROUND_HALF_UP));
}

/* The first day of a month as "YYYY-MM-01". */
static void
push_month(Builder *b, const char *key, int month_number)
{
	char	   *s = psprintf("%04d-%02d-01", month_number / 12, month_number % 12 + 1);

	push_string(b, key, s);
}

static void
push_date(Builder *b, const char *key, DateADT d)
{
	int			year,
				month,
				day;

	j2date(d + POSTGRES_EPOCH_JDATE, &year, &month, &day);
	push_string(b, key, psprintf("%04d-%02d-%02d", year, month, day));
}

static const char *
treatment_name(ca_income_treatment t)
{
	return t == CA_INCOME_EXEMPT ? "exempt" : t == CA_INCOME_WORK_COST ? "work_cost" : "counted";
}

/* By member, then item code, then month (oldest first: the largest offset). */
static int
income_order(const void *a, const void *b, void *arg)
{
	const HouseholdInput *in = arg;
	const ca_income *x = &in->incomes[*(const int *) a];
	const ca_income *y = &in->incomes[*(const int *) b];
	int			c;

	if (x->member != y->member)
		return x->member < y->member ? -1 : 1;
	if (x->rule != y->rule)
	{
		c = strcmp(in->rule_items[x->rule], in->rule_items[y->rule]);
		if (c != 0)
			return c;
	}
	return x->month > y->month ? -1 : x->month < y->month;
}

static void
push_incomes(Builder *b, const HouseholdInput *in, const HouseholdOutcome *out, int as_of_month)
{
	int		   *order = palloc(sizeof(int) * Max(in->n_incomes, 1));
	int			i,
				j;

	for (i = 0; i < in->n_incomes; i++)
		order[i] = i;
	qsort_arg(order, in->n_incomes, sizeof(int), income_order, (void *) in);
	push_key(b, "incomes");
	pushJsonbValue(&b->state, WJB_BEGIN_ARRAY, NULL);
	for (i = 0; i < in->n_incomes; i = j)
	{
		const ca_income *first = &in->incomes[order[i]];
		int64		amount = 0,
					counted = 0,
					exempt = 0,
					deducted = 0;
		int			last_month = first->month;

		for (j = i; j < in->n_incomes; j++)
		{
			const ca_income *inc = &in->incomes[order[j]];
			const ca_item_result *r = &out->items[order[j]];

			if (inc->member != first->member || inc->rule != first->rule)
				break;
			amount += inc->amount_fen;
			counted += r->counted_ufen;
			exempt += r->exempt_ufen;
			deducted += r->deducted_ufen;
			last_month = inc->month;
		}
		pushJsonbValue(&b->state, WJB_BEGIN_OBJECT, NULL);
		push_number(b, "person", in->members[first->member].person_id, 0);
		push_string(b, "item", in->rule_items[first->rule]);
		push_month(b, "from", as_of_month - 1 - first->month);
		push_month(b, "to", as_of_month - 1 - last_month);
		push_number(b, "months", j - i, 0);
		push_fen(b, "amount", amount);
		push_string(b, "treatment", treatment_name(in->rules[first->rule].treatment));
		push_ufen(b, "counted", counted);
		push_ufen(b, "exempt", exempt);
		push_ufen(b, "deducted", deducted);
		pushJsonbValue(&b->state, WJB_END_OBJECT, NULL);
	}
	pushJsonbValue(&b->state, WJB_END_ARRAY, NULL);
}

Jsonb *
assessment_explanation(const HouseholdInput *in, const HouseholdOutcome *out, DateADT as_of,
					   bool with_summary)
{
	const ca_assessment_result *res = &out->result;
	int			as_of_month = registry_month_number(as_of);
	char		code[CA_ADCODE_TEXT_SIZE];
	Builder		b = {NULL};
	JsonbValue *root;
	int			i;

	pushJsonbValue(&b.state, WJB_BEGIN_OBJECT, NULL);
	if (with_summary)
	{
		push_number(&b, "members", res->members, 0);
		push_fen(&b, "counted_income", res->counted_fen);
		push_fen(&b, "exempt_income", res->exempt_fen);
		push_fen(&b, "deducted_income", res->deducted_fen);
		push_fen(&b, "presumed_income", res->presumed_fen);
		push_fen(&b, "net_income", res->net_fen);
		push_fen(&b, "per_capita_income", res->per_capita_fen);
		push_bool(&b, "assets_pass", res->assets_pass);
	}
	ca_adcode_format(in->division, code);
	push_string(&b, "division", code);
	push_bool(&b, "urban", in->urban);
	push_date(&b, "as_of", as_of);
	push_key(&b, "window");
	pushJsonbValue(&b.state, WJB_BEGIN_OBJECT, NULL);
	push_month(&b, "from", as_of_month - out->policy.lookback_months);
	push_number(&b, "months", out->policy.lookback_months, 0);
	pushJsonbValue(&b.state, WJB_END_OBJECT, NULL);
	push_fen(&b, "standard", res->standard_fen);

	push_key(&b, "members");
	pushJsonbValue(&b.state, WJB_BEGIN_ARRAY, NULL);
	for (i = 0; i < in->n_members; i++)
	{
		pushJsonbValue(&b.state, WJB_BEGIN_OBJECT, NULL);
		push_number(&b, "person", in->members[i].person_id, 0);
		push_number(&b, "age", in->members[i].age, 0);
		push_bool(&b, "tekun", out->tekun[i]);
		pushJsonbValue(&b.state, WJB_END_OBJECT, NULL);
	}
	pushJsonbValue(&b.state, WJB_END_ARRAY, NULL);

	push_incomes(&b, in, out, as_of_month);

	push_key(&b, "tests");
	pushJsonbValue(&b.state, WJB_BEGIN_ARRAY, NULL);
	for (i = 0; i < CA_TEST_COUNT; i++)
	{
		const ca_test_result *t = &res->tests[i];
		int			scale = (i == CA_TEST_HOMES || i == CA_TEST_VEHICLES || i == CA_TEST_BUSINESSES) ? 0 : 2;

		pushJsonbValue(&b.state, WJB_BEGIN_OBJECT, NULL);
		push_string(&b, "test", ca_test_name((ca_test) i));
		push_number(&b, "value", t->value, scale);
		push_number(&b, "limit", t->limit, scale);
		push_bool(&b, "passed", t->passed);
		pushJsonbValue(&b.state, WJB_END_OBJECT, NULL);
	}
	pushJsonbValue(&b.state, WJB_END_ARRAY, NULL);

	push_key(&b, "programmes");
	pushJsonbValue(&b.state, WJB_BEGIN_ARRAY, NULL);
	if (res->dibao)
		push_string(&b, NULL, "dibao");
	if (res->low_income)
		push_string(&b, NULL, "low_income");
	if (res->expenditure_hardship)
		push_string(&b, NULL, "expenditure_hardship");
	if (res->tekun_members > 0)
		push_string(&b, NULL, "tekun");
	pushJsonbValue(&b.state, WJB_END_ARRAY, NULL);
	root = pushJsonbValue(&b.state, WJB_END_OBJECT, NULL);
	return JsonbValueToJsonb(root);
}
