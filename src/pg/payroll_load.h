/*
 * payroll_load.h: what the payroll of a month reads, joined in C.
 *
 * Six plain scans of one table each (open enrolments, households,
 * divisions, members, people, assessments), streamed from the executor
 * (spi_stream.c) and joined through id maps (id_map.h): the executor's hash
 * joins over the whole person and member tables cost more than the
 * entitlements themselves.  With large tables, parallel workers read the
 * scans' blocks and send converted rows (parallel_scan.c); the leader joins
 * them the same way.
 */
#ifndef CA_PAYROLL_LOAD_H
#define CA_PAYROLL_LOAD_H

#include "postgres.h"
#include "utils/date.h"

#include "id_map.h"
#include "../core/entitlement.h"

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
extern const char *const payroll_programme_names[N_PROGRAMMES];

typedef struct PayrollEnrolment
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
	int			household;		/* number in the household map */
	int			person;			/* number in the person map, or -1 */
} PayrollEnrolment;

/* A household with an open enrolment. */
typedef struct PayrollHousehold
{
	bool		found;			/* visible in the household table */
	int64		division;
	bool		urban_known;
	bool		urban;
	bool		in_dibao;		/* an open dibao enrolment */
	bool		active_dibao;	/* ... not in gradual exit */
	/* the latest assessment as of the month, for households in dibao */
	bool		assessed;
	DateADT		as_of;
	int64		assessment_id;
	int64		net_fen;
	int			members;
	int			months;
	int			first_covered;	/* index in covered, -1: none */
} PayrollHousehold;

/* An enrolment's person or a member of a household in dibao. */
typedef struct PayrollPerson
{
	bool		found;
	bool		has_birth;
	DateADT		birth;
	bool		has_death;
	DateADT		death;
	ca_work_capacity work_capacity;
	ca_self_care self_care;
	int			disability_grade;
	bool		mental_or_intellectual;
	bool		seriously_ill;
} PayrollPerson;

/* A member of a household in dibao, alive in the month, chained per household. */
typedef struct PayrollCovered
{
	int64		person_id;
	ca_covered_person person;
	int			next;			/* the household's next, or -1 */
} PayrollCovered;

typedef struct PayrollLoad
{
	DateADT		month;
	int			n_enrolments;
	PayrollEnrolment *enrolments;	/* by id */
	IdMap		household_map;
	PayrollHousehold *households;	/* by number in the map */
	IdMap		person_map;
	PayrollPerson *persons;		/* by number in the map */
	int			n_covered;
	PayrollCovered *covered;
} PayrollLoad;

/* Read everything the month's payroll needs; SPI is connected. */
extern void payroll_load(PayrollLoad *load, DateADT month);

#endif							/* CA_PAYROLL_LOAD_H */
