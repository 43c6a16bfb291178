/*
 * assessment_explanation.c: the jsonb explanation of an assessment.
 *
 * Incomes are explained per member and item over the window (months,
 * total, treatment, counted, exempt, deducted), not per month: the monthly
 * records are in civil_affairs.income, and a year of them per item would
 * make the explanation twelve times longer for nothing the sums do not say.
 */
#include "postgres.h"

#include "assessment_input.h"
#include "jsonb_builder.h"
#include "registry_snapshot.h"
#include "../core/adcode.h"

/* Micro-fen sums, shown to the fen. */
static void
jb_ufen(JsonbBuilder *b, const char *key, int64 ufen)
{
	jb_number(b, key, ca_round_ufen(ufen, 1, CA_ROUND_HALF_UP), 2);
}

static void
jb_month(JsonbBuilder *b, const char *key, int month_number)
{
	jb_date(b, key, registry_month_date(month_number));
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
explain_incomes(JsonbBuilder *b, const HouseholdInput *in, const HouseholdOutcome *out, int as_of_month)
{
	int		   *order = palloc(sizeof(int) * Max(in->n_incomes, 1));
	int			i,
				j;

	for (i = 0; i < in->n_incomes; i++)
		order[i] = i;
	qsort_arg(order, in->n_incomes, sizeof(int), income_order, (void *) in);
	jb_begin_array(b, "incomes");
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
		jb_begin_object(b, NULL);
		jb_number(b, "person", in->members[first->member].person_id, 0);
		jb_string(b, "item", in->rule_items[first->rule]);
		jb_month(b, "from", as_of_month - 1 - first->month);
		jb_month(b, "to", as_of_month - 1 - last_month);
		jb_number(b, "months", j - i, 0);
		jb_number(b, "amount", amount, 2);
		jb_string(b, "treatment", treatment_name(in->rules[first->rule].treatment));
		jb_ufen(b, "counted", counted);
		jb_ufen(b, "exempt", exempt);
		jb_ufen(b, "deducted", deducted);
		jb_end_object(b);
	}
	jb_end_array(b);
}

Jsonb *
assessment_explanation(const HouseholdInput *in, const HouseholdOutcome *out, DateADT as_of,
					   bool with_summary)
{
	const ca_assessment_result *res = &out->result;
	int			as_of_month = registry_month_number(as_of);
	char		code[CA_ADCODE_TEXT_SIZE];
	JsonbBuilder b = {0};
	int			i;

	jb_begin_object(&b, NULL);
	if (with_summary)
	{
		/* "members" is the explanation's list of them, below. */
		jb_number(&b, "members_counted", res->members, 0);
		jb_number(&b, "counted_income", res->counted_fen, 2);
		jb_number(&b, "exempt_income", res->exempt_fen, 2);
		jb_number(&b, "deducted_income", res->deducted_fen, 2);
		jb_number(&b, "presumed_income", res->presumed_fen, 2);
		jb_number(&b, "net_income", res->net_fen, 2);
		jb_number(&b, "per_capita_income", res->per_capita_fen, 2);
		jb_bool(&b, "assets_pass", res->assets_pass);
	}
	ca_adcode_format(in->division, code);
	jb_string(&b, "division", code);
	jb_bool(&b, "urban", in->urban);
	jb_date(&b, "as_of", as_of);
	jb_begin_object(&b, "window");
	jb_month(&b, "from", as_of_month - out->policy.lookback_months);
	jb_number(&b, "months", out->policy.lookback_months, 0);
	jb_end_object(&b);
	jb_number(&b, "standard", res->standard_fen, 2);

	jb_begin_array(&b, "members");
	for (i = 0; i < in->n_members; i++)
	{
		jb_begin_object(&b, NULL);
		jb_number(&b, "person", in->members[i].person_id, 0);
		jb_number(&b, "age", in->members[i].age, 0);
		jb_bool(&b, "tekun", out->tekun[i]);
		jb_end_object(&b);
	}
	jb_end_array(&b);

	explain_incomes(&b, in, out, as_of_month);

	jb_begin_array(&b, "tests");
	for (i = 0; i < CA_TEST_COUNT; i++)
	{
		const ca_test_result *t = &res->tests[i];
		int			scale = (i == CA_TEST_HOMES || i == CA_TEST_VEHICLES || i == CA_TEST_BUSINESSES) ? 0 : 2;

		jb_begin_object(&b, NULL);
		jb_string(&b, "test", ca_test_name((ca_test) i));
		jb_number(&b, "value", t->value, scale);
		jb_number(&b, "limit", t->limit, scale);
		jb_bool(&b, "passed", t->passed);
		jb_end_object(&b);
	}
	jb_end_array(&b);

	jb_begin_array(&b, "programmes");
	if (res->dibao)
		jb_string(&b, NULL, "dibao");
	if (res->low_income)
		jb_string(&b, NULL, "low_income");
	if (res->expenditure_hardship)
		jb_string(&b, NULL, "expenditure_hardship");
	if (res->tekun_members > 0)
		jb_string(&b, NULL, "tekun");
	jb_end_array(&b);
	jb_end_object(&b);
	return jb_finish(&b);
}
