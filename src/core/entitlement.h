/*
 * entitlement.h: what each programme pays a household or person for one
 * month, plain C.  Dibao by the gap or tiered method with individual add-ons,
 * floors, caps and one rounding; extreme-poverty support; old-age allowance;
 * the two disability subsidies; orphan allowance; temporary assistance.
 *
 * Money is integer fen, rates parts per million.  Every figure comes from
 * the caller (the policy tables); none is written here.  Each function
 * returns its components so that payments can be explained.
 */
#ifndef CA_ENTITLEMENT_H
#define CA_ENTITLEMENT_H

#include <stdbool.h>
#include <stdint.h>

#include "assessment.h"			/* ca_rounding_mode, ca_work_capacity, ca_self_care, CA_PPM */

typedef enum ca_dibao_method
{
	CA_DIBAO_GAP = 0,			/* 补差: (standard − per-capita income) × covered persons */
	CA_DIBAO_TIERED = 1			/* 分档: a fixed amount per covered person by tier */
} ca_dibao_method;

typedef enum ca_tier_placement
{
	CA_TIER_BY_CATEGORY = 0,	/* A/B/C from the members' circumstances */
	CA_TIER_BY_INCOME_BAND = 1	/* from the per-capita gap to the standard */
} ca_tier_placement;

/* A covered person's circumstances, for tiers and add-ons. */
typedef struct ca_covered_person
{
	int			age;
	ca_work_capacity work_capacity;
	ca_self_care self_care;
	int			disability_grade;	/* 0 none, 1 (most severe) .. 4 */
	bool		seriously_ill;
} ca_covered_person;

/* One add-on rule (按人施救): a share of the person's base benefit, a fixed amount, or both. */
typedef struct ca_addon_rule
{
	int64_t		rate_ppm;		/* of the person's share of the base payment */
	int64_t		fixed_fen;
} ca_addon_rule;

typedef enum ca_addon
{
	CA_ADDON_ELDERLY = 0,		/* age >= addon_elderly_age */
	CA_ADDON_MINOR,				/* age < addon_minor_age */
	CA_ADDON_SEVERE_DISABILITY, /* disability grade 1 or 2 */
	CA_ADDON_SERIOUS_ILLNESS,	/* seriously ill */
	CA_ADDON_COUNT
} ca_addon;

typedef struct ca_dibao_policy
{
	int64_t		standard_fen;	/* per person per month */
	ca_dibao_method method;
	ca_tier_placement placement;
	int64_t		tier_fen[3];	/* tiers 1 (most difficult) .. 3, per covered person per month */
	/*
	 * Income bands: with gap = standard − per-capita income, tier 1 when
	 * gap >= band_gap_min_fen[0], tier 2 when gap >= band_gap_min_fen[1],
	 * else tier 3.
	 */
	int64_t		band_gap_min_fen[2];
	/*
	 * Categories: tier 1 (A, 重点保障) when any covered person has no work
	 * capacity or cannot care for themselves; tier 2 (B, 基本保障) when any
	 * has partial capacity, is aged >= category_b_age, has a disability of
	 * grade 1-2 or is seriously ill; else tier 3 (C, 一般保障).
	 */
	int			category_b_age;
	ca_addon_rule addons[CA_ADDON_COUNT];
	int			addon_elderly_age;
	int			addon_minor_age;
	int64_t		min_per_person_fen; /* floor of the base payment per covered person */
	int64_t		rounding_unit_fen;	/* 1, 10 or 100 */
	ca_rounding_mode rounding_mode;
} ca_dibao_policy;

typedef struct ca_dibao_payment
{
	int			tier;			/* 1..3 for the tiered method, 0 for gap */
	int64_t		base_fen;		/* gap or tier amounts, after the floor */
	int64_t		addons_fen;		/* sum of add-ons */
	int64_t		cap_fen;		/* standard × covered persons */
	int64_t		total_fen;		/* min(base + add-ons, cap), rounded once */
	int64_t		addon_fen[CA_ADDON_COUNT];	/* by kind, before rounding of the total */
} ca_dibao_payment;

/*
 * The dibao payment for a month.  net_monthly_ufen is the household's net
 * income per month (micro-fen, from the assessment: net over the window /
 * months), members the household size it was assessed with; the covered
 * persons are those enrolled (all members, or one for single-person
 * enrolment).  The gap is computed on household totals:
 *     covered × standard − net_monthly × covered / members
 * so rounding errors do not multiply with household size.  A household whose
 * gap is zero or less gets nothing under the gap method.
 */
extern bool ca_dibao_payment_compute(const ca_dibao_policy *policy,
									 int64_t net_monthly_ufen, int members,
									 const ca_covered_person *covered, int n_covered,
									 ca_dibao_payment *payment);

typedef struct ca_tekun_policy
{
	int64_t		standard_fen;	/* the dibao standard */
	int64_t		basic_multiple_ppm; /* basic living at this multiple of it (1.3) */
	int64_t		care_ppm[3];	/* care by self-care ability: full, partial, none; ppm of the standard */
	int64_t		rounding_unit_fen;
	ca_rounding_mode rounding_mode;
} ca_tekun_policy;

typedef struct ca_tekun_payment
{
	int64_t		basic_fen;
	int64_t		care_fen;
	int64_t		total_fen;
} ca_tekun_payment;

extern bool ca_tekun_payment_compute(const ca_tekun_policy *policy, ca_self_care self_care,
									 ca_tekun_payment *payment);

/* Old-age allowance brackets: the highest bracket whose minimum age is reached. */
#define CA_OLD_AGE_BRACKETS 8
typedef struct ca_old_age_policy
{
	int			n_brackets;
	int			min_age[CA_OLD_AGE_BRACKETS];	/* ascending */
	int64_t		amount_fen[CA_OLD_AGE_BRACKETS];
} ca_old_age_policy;

/* 0 when younger than the first bracket. */
extern int64_t ca_old_age_allowance(const ca_old_age_policy *policy, int age);

typedef struct ca_disability_policy
{
	int64_t		living_fen;		/* 困难残疾人生活补贴 */
	int64_t		care_fen;		/* 重度残疾人护理补贴 */
} ca_disability_policy;

/* Living subsidy: a disabled member (any grade) of a dibao household. */
extern int64_t ca_disability_living_subsidy(const ca_disability_policy *policy,
											int disability_grade, bool in_dibao_household);

/* Care subsidy: grade 1-2, or grade 3-4 with a mental or intellectual disability. */
extern int64_t ca_disability_care_subsidy(const ca_disability_policy *policy,
										  int disability_grade, bool mental_or_intellectual);

/* Temporary assistance: standard × persons × months, months capped. */
extern int64_t ca_temporary_assistance(int64_t standard_fen, int persons, int months,
									   int max_months);

#endif							/* CA_ENTITLEMENT_H */
