/*
 * assessment_input.h: one household as the assessment fmgr code hands it to
 * the kernel, and what comes back; shared with the explanation builder.
 */
#ifndef CA_ASSESSMENT_INPUT_H
#define CA_ASSESSMENT_INPUT_H

#include "postgres.h"
#include "utils/date.h"
#include "utils/jsonb.h"

#include "../core/assessment.h"

typedef struct HouseholdInput
{
	int64		id;				/* 0 for a JSON document */
	int64		division;
	bool		urban;
	int			n_members;
	ca_member  *members;
	int			n_incomes;
	ca_income  *incomes;
	int			n_rules;
	ca_income_rule *rules;
	char	  **rule_items;		/* the item code of each rule */
	int			n_assets;
	ca_asset   *assets;
	int64		rigid_fen;
} HouseholdInput;

typedef struct HouseholdOutcome
{
	ca_assessment_policy policy;
	ca_assessment_result result;
	ca_item_result *items;		/* per income */
	bool	   *tekun;			/* per member */
} HouseholdOutcome;

/*
 * The explanation (docs/assessment.md): the policy applied, the members,
 * the incomes per member and item with their treatment, every test, the
 * programmes.  with_summary adds the summary figures, for
 * assess_household_json.
 */
extern Jsonb *assessment_explanation(const HouseholdInput *in, const HouseholdOutcome *out,
									 DateADT as_of, bool with_summary);

#endif							/* CA_ASSESSMENT_INPUT_H */
