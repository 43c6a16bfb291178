/*
 * parallel_scan.h: the scans of a bulk reader split between parallel
 * workers, each row turned into a small fixed-size record by the worker
 * that read it and applied by the leader.
 *
 * The bulk functions (payroll_entitlements, assess_households) spend most of
 * their time reading whole tables: the executor's per-row work (visibility,
 * deforming, numeric and text conversions) is the cost, and what the leader
 * does with a converted row (a hash lookup, an append) is a small part of it.
 * So the workers read blocks of the tables (a TID range scan per chunk of
 * blocks, the chunks handed out from a counter as a parallel sequential scan
 * does), convert the rows and send them in batches; the leader applies the
 * records table by table, in the order of the jobs, as it would the rows of
 * its own scans.  The workers run in a parallel context: same transaction,
 * snapshot, user (row-level security applies as to the leader) and settings.
 */
#ifndef CA_PARALLEL_SCAN_H
#define CA_PARALLEL_SCAN_H

#include "postgres.h"

#include "access/parallel.h"

/* Turn a row into a record; runs in the worker (or the leader alone). */
typedef void (*ParallelScanConvert) (Datum *values, bool *isnull, void *record);

/* Apply a record; runs in the leader. */
typedef void (*ParallelScanApply) (void *state, const void *record);

/*
 * The leader alone reads with the same conversions: spi_stream's row
 * function parallel_scan_alone_row, with one of these as its argument,
 * converts each row and applies it at once.
 */
typedef struct ParallelScanAlone
{
	ParallelScanConvert convert;
	ParallelScanApply apply;
	void	   *state;
} ParallelScanAlone;

extern void parallel_scan_alone_row(void *arg, Datum *values, bool *isnull);

/* One table the workers read. */
typedef struct ParallelScanJob
{
	const char *query;			/* $1 .. $nargs the arguments; ends in a WHERE clause */
	char		alias;			/* of the table in the query, for the ctid range */
	const char *table;			/* in schema civil_affairs, for its size */
	bool		split;			/* by blocks between the workers; false: one reads it whole */
	Size		record_size;	/* at most PARALLEL_SCAN_MAX_RECORD */
	ParallelScanConvert convert;
	int			chunks_per_worker;	/* 0: a few each, to even the shares out; 1 for a
									 * join, whose other table each chunk reads */
} ParallelScanJob;

#define PARALLEL_SCAN_MAX_RECORD 64
#define PARALLEL_SCAN_MAX_JOBS 8
#define PARALLEL_SCAN_MAX_ARGS 4

/* A reader's jobs, with the worker's entry point (a PGDLLEXPORT function of this library). */
typedef struct ParallelScanSpec
{
	const char *entry;
	const ParallelScanJob *jobs;
	int			n_jobs;
	int			nargs;
	const Oid  *arg_types;		/* types passed by value (date, bigint) */
	Size		queue_bytes;	/* each worker's queue: what it may read ahead */
} ParallelScanSpec;

typedef struct ParallelScan ParallelScan;

/*
 * Start the workers if the split tables are large enough, following the
 * planner's rule for a parallel scan (min_parallel_table_scan_size, one more
 * worker each time the size triples, max_parallel_workers_per_gather at
 * most); NULL if none started: the caller then reads alone.
 */
extern ParallelScan *parallel_scan_begin(const ParallelScanSpec *spec, const Datum *args);

/* Apply every record of job, as the workers send them, until each has ended it. */
extern void parallel_scan_read(ParallelScan *scan, int job, ParallelScanApply apply, void *state);

/* Wait for the workers, end the parallel context. */
extern void parallel_scan_end(ParallelScan *scan);

/* The worker's entry point calls this with its reader's spec. */
extern void parallel_scan_worker(const ParallelScanSpec *spec, dsm_segment *seg, shm_toc *toc);

#endif							/* CA_PARALLEL_SCAN_H */
