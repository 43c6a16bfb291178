/*
 * assessment.h: household economic assessment (家庭经济状况认定), plain C.
 *
 * The kernel decides, from a household's members, their incomes over the
 * look-back window, its assets and its rigid expenditure, and from the
 * policy in force, which programmes the household qualifies for: dibao,
 * low income (低保边缘), expenditure-type hardship, and extreme-poverty
 * support (特困) for individual members.  It explains itself: one result per
 * income record and one per test.
 *
 * Money is integer fen.  Rates and multiples are integer parts per million
 * (1.5 → 1500000, 30% → 300000), so nothing is lost before the single
 * rounding of the per-capita income, which follows the rounding rule in
 * force.  Intermediate sums are kept in micro-fen (fen × 10^6).
 *
 * No PostgreSQL headers: linked into the extension and the unit tests.
 * Every figure comes from the caller (the policy tables); none is written here.
 */
#ifndef CA_ASSESSMENT_H
#define CA_ASSESSMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CA_PPM INT64_C(1000000)

typedef enum ca_sex
{
	CA_SEX_MALE = 0,
	CA_SEX_FEMALE = 1
} ca_sex;

typedef enum ca_work_capacity
{
	CA_WORK_NONE = 0,			/* 完全丧失劳动能力 */
	CA_WORK_PARTIAL = 1,		/* 部分丧失劳动能力 */
	CA_WORK_FULL = 2			/* 有劳动能力 */
} ca_work_capacity;

typedef enum ca_self_care
{
	CA_SELF_CARE_FULL = 0,		/* 全自理 */
	CA_SELF_CARE_PARTIAL = 1,	/* 半失能 */
	CA_SELF_CARE_NONE = 2		/* 全失能 */
} ca_self_care;

typedef struct ca_member
{
	int64_t		person_id;		/* the caller's key, echoed in results */
	int			age;			/* whole years on the assessment date */
	ca_sex		sex;
	ca_work_capacity work_capacity;
	ca_self_care self_care;
	int			disability_grade;	/* 0 none, 1 (most severe) .. 4 */
	bool		seriously_ill;
	bool		unemployed_without_reason;	/* able to work, not working, no good reason */
	bool		has_capable_supporter;	/* a legal supporter able to support (特困 test) */
} ca_member;

typedef enum ca_income_treatment
{
	CA_INCOME_COUNTED = 0,		/* counted in full */
	CA_INCOME_EXEMPT = 1,		/* not counted (优待抚恤金, 奖学金, 低保金, …) */
	CA_INCOME_WORK_COST = 2		/* counted after a work-cost deduction (就业成本扣减) */
} ca_income_treatment;

/* How one income item type is treated, from the policy tables. */
typedef struct ca_income_rule
{
	ca_income_treatment treatment;
	int64_t		deduction_ppm;	/* WORK_COST: share of the amount deducted */
	int64_t		deduction_cap_ppm;	/* WORK_COST: cap of the deduction per member
									 * per month, as ppm of the monthly standard;
									 * 0 = no cap */
	bool		employment;		/* employment income, for the presumed-income rule */
} ca_income_rule;

/* One income record: a member's amount of one item type in one month. */
typedef struct ca_income
{
	int			member;			/* index into the members array */
	int			rule;			/* index into the rules array */
	int			month;			/* 0 = the month before the assessment month,
								 * up to lookback_months - 1 */
	int64_t		amount_fen;		/* >= 0 */
} ca_income;

typedef enum ca_asset_kind
{
	CA_ASSET_FINANCIAL = 0,		/* deposits, securities, cash value of insurance */
	CA_ASSET_HOME = 1,
	CA_ASSET_VEHICLE = 2,
	CA_ASSET_BUSINESS = 3		/* a business registration */
} ca_asset_kind;

typedef struct ca_asset
{
	ca_asset_kind kind;
	bool		exempt;			/* counted by no asset test, whatever the kind:
								 * e.g. a motorcycle, a vehicle for a disabled
								 * member */
	int64_t		value_fen;		/* >= 0; FINANCIAL counts the value, others count one each */
} ca_asset;

typedef enum ca_rounding_mode
{
	CA_ROUND_HALF_UP = 0,
	CA_ROUND_UP = 1,
	CA_ROUND_DOWN = 2
} ca_rounding_mode;

/* The policy in force for the household's division and date. */
typedef struct ca_assessment_policy
{
	int64_t		standard_fen;	/* dibao standard per person per month (rural
								 * yearly standards already made monthly) */
	int			lookback_months;	/* income window, 1..36 */
	int64_t		rounding_unit_fen;	/* 1 fen, 10 (jiao) or 100 (yuan) */
	ca_rounding_mode rounding_mode;
	int64_t		presumed_income_fen;	/* per month for an able-bodied adult of
										 * working age without good reason not to
										 * work; 0 = no presumed income */
	int			working_age_min;
	int			working_age_max_male;	/* inclusive */
	int			working_age_max_female; /* inclusive */
	int64_t		financial_assets_max_ppm;	/* per-capita financial assets may not
											 * exceed this multiple of the monthly
											 * standard (24 months → 24000000) */
	int			max_homes;		/* each counts non-exempt assets only */
	int			max_vehicles;
	int			max_businesses;
	int64_t		low_income_multiple_ppm;	/* per-capita income below this
											 * multiple of the standard */
	int64_t		expenditure_share_ppm;	/* rigid expenditure at least this share
										 * of household income over the window */
	int64_t		expenditure_income_max_fen; /* per-capita monthly income below
											 * this (local disposable income) */
	int			tekun_age_min;	/* 特困: aged this or older, */
	int			tekun_minor_age_max;	/* or younger than this, */
	/* or without work capacity; and without a capable supporter. */
} ca_assessment_policy;

typedef enum ca_test
{
	CA_TEST_DIBAO_INCOME = 0,	/* per-capita income < standard */
	CA_TEST_FINANCIAL_ASSETS,	/* per-capita financial assets <= limit */
	CA_TEST_HOMES,				/* homes <= max */
	CA_TEST_VEHICLES,			/* non-exempt vehicles <= max */
	CA_TEST_BUSINESSES,			/* business registrations <= max */
	CA_TEST_LOW_INCOME,			/* per-capita income < multiple × standard */
	CA_TEST_EXPENDITURE_SHARE,	/* rigid expenditure >= share × income */
	CA_TEST_EXPENDITURE_INCOME, /* per-capita income < local disposable income */
	CA_TEST_COUNT
} ca_test;

typedef struct ca_test_result
{
	int64_t		value;			/* fen, or a count */
	int64_t		limit;			/* fen, or a count */
	bool		passed;
} ca_test_result;

/* What became of one income record. */
typedef struct ca_item_result
{
	int64_t		counted_ufen;	/* counted, before deduction (micro-fen) */
	int64_t		exempt_ufen;
	int64_t		deducted_ufen;	/* work-cost deduction, after the cap */
} ca_item_result;

typedef struct ca_assessment_result
{
	int			members;
	int64_t		counted_fen;	/* gross counted income over the window */
	int64_t		exempt_fen;
	int64_t		deducted_fen;	/* work-cost deductions over the window */
	int64_t		presumed_fen;	/* presumed income added over the window */
	int64_t		net_fen;		/* counted - deducted + presumed, over the window */
	int64_t		per_capita_fen; /* net / (months × members), rounded once */
	int64_t		standard_fen;
	ca_test_result tests[CA_TEST_COUNT];
	bool		assets_pass;	/* all four asset tests passed */
	bool		dibao;
	bool		low_income;		/* not dibao, below the low-income line */
	bool		expenditure_hardship;
	int			tekun_members;	/* how many members qualify for 特困 */
} ca_assessment_result;

typedef enum ca_assessment_status
{
	CA_ASSESS_OK = 0,
	CA_ASSESS_NO_MEMBERS,
	CA_ASSESS_BAD_POLICY,		/* a parameter out of its range */
	CA_ASSESS_BAD_INCOME,		/* negative amount, month outside the window, bad index */
	CA_ASSESS_BAD_ASSET,		/* negative value or unknown kind */
	CA_ASSESS_OVERFLOW			/* sums beyond what int64 micro-fen can hold */
} ca_assessment_status;

/*
 * Assess one household.  items must have room for n_incomes results and
 * tekun for n_members flags (which members qualify for 特困); both are filled.
 * On failure *bad_index says which record was rejected (or -1).
 */
extern ca_assessment_status ca_assess(const ca_assessment_policy *policy,
									  const ca_member *members, int n_members,
									  const ca_income_rule *rules, int n_rules,
									  const ca_income *incomes, int n_incomes,
									  const ca_asset *assets, int n_assets,
									  int64_t rigid_expenditure_fen,
									  ca_assessment_result *result,
									  ca_item_result *items, bool *tekun,
									  int *bad_index);

/* Round micro-fen to the unit by the mode: the one rounding step. */
extern int64_t ca_round_ufen(int64_t ufen, int64_t unit_fen, ca_rounding_mode mode);

extern const char *ca_test_name(ca_test test);
extern const char *ca_assessment_status_text(ca_assessment_status status);

#endif							/* CA_ASSESSMENT_H */
