/*
 * spi_stream.h: run a prepared SPI plan and hand each result row to a
 * function, straight from the executor's slot: no tuple is copied, nothing
 * is materialized.  For the bulk readers (registry snapshot, payroll).
 */
#ifndef CA_SPI_STREAM_H
#define CA_SPI_STREAM_H

#include "postgres.h"
#include "executor/spi.h"

typedef void (*SpiRowFunction) (void *state, Datum *values, bool *isnull);

/*
 * Run plan (read-only) with the arguments; row is called for each row with
 * CurrentMemoryContext set to the caller's context, so what it allocates
 * outlives the query.  Values are valid only during the call.
 */
extern void spi_stream(SPIPlanPtr plan, int nargs, const Oid *types, const Datum *args,
					   const bool *isnull, SpiRowFunction row, void *state);

/* SPI_prepare + SPI_keepplan once; the plan is kept in *plan. */
extern SPIPlanPtr spi_kept_plan(SPIPlanPtr *plan, const char *query, int nargs, Oid *types);

/* The same with SPI_prepare_cursor's options (CURSOR_OPT_CUSTOM_PLAN ...). */
extern SPIPlanPtr spi_kept_plan_options(SPIPlanPtr *plan, const char *query, int nargs, Oid *types,
										int cursor_options);

#endif							/* CA_SPI_STREAM_H */
