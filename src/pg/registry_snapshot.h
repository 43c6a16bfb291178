/*
 * registry_snapshot.h: the registry as of one date, read in a few plain
 * scans and grouped per household in memory, for the bulk assessment.
 *
 * One scan per table, each row handed straight from the executor to C (no
 * tuple copies, no per-household arrays built in SQL), then a counting sort
 * by household: the cost is close to that of scanning the tables once.  For
 * every household with large tables, parallel workers do the scans
 * (parallel_scan.c) and the leader groups what they send.
 */
#ifndef CA_REGISTRY_SNAPSHOT_H
#define CA_REGISTRY_SNAPSHOT_H

#include "postgres.h"
#include "utils/date.h"

#include "../core/assessment.h"

/* Which households a snapshot holds. */
typedef enum RegistryScope
{
	REGISTRY_ALL,				/* every household */
	REGISTRY_STALE,				/* households marked for reassessment */
	REGISTRY_ONE				/* one household, by id */
} RegistryScope;

/* One income record of a member. */
typedef struct RegistryIncome
{
	int			member;			/* index into the household's members */
	int			item;			/* index into the snapshot's items */
	int			month;			/* months since year 0: year * 12 + month - 1 */
	int64		amount_fen;
} RegistryIncome;

/* One month's rigid expenditure (medical, education) of a household. */
typedef struct RegistryExpense
{
	int			month;			/* as RegistryIncome.month */
	int64		amount_fen;
} RegistryExpense;

typedef struct RegistryHousehold
{
	int64		id;
	int64		division;		/* residence division, as the kernel's int64 */
	bool		urban_known;	/* false: neither the household nor the division says */
	bool		urban;
	int			n_members;		/* members on the date, alive, by person id */
	ca_member  *members;
	int			n_incomes;
	RegistryIncome *incomes;
	int			n_assets;
	ca_asset   *assets;
	int			n_expenses;
	RegistryExpense *expenses;
} RegistryHousehold;

typedef struct RegistrySnapshot
{
	int			n_households;
	RegistryHousehold *households;	/* by id */
	int			n_items;
	char	  **items;			/* the income item codes met, NUL-terminated */
} RegistrySnapshot;

/*
 * Read the households of the scope as of a date, with incomes and rigid
 * expenditure of the months [window_from, first day of as_of's month).
 * Allocated in the current memory context.  Runs queries through SPI: the
 * caller has called SPI_connect.
 */
extern RegistrySnapshot *registry_snapshot_load(RegistryScope scope, int64 household_id,
												DateADT as_of, DateADT window_from);

/* Months since year 0 of a date, and the first day of such a month. */
extern int	registry_month_number(DateADT d);
extern DateADT registry_month_date(int month_number);

#endif							/* CA_REGISTRY_SNAPSHOT_H */
