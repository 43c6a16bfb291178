/*
 * parallel_scan.c: workers read shares of tables and send records; the
 * leader applies them.
 */
#include "postgres.h"

#include "access/relation.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "optimizer/cost.h"
#include "optimizer/paths.h"
#include "pgstat.h"
#include "port/atomics.h"
#include "storage/bufmgr.h"
#include "storage/itemptr.h"
#include "storage/latch.h"
#include "storage/proc.h"
#include "storage/shm_mq.h"
#include "storage/shm_toc.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"

#include "parallel_scan.h"
#include "spi_stream.h"

#define KEY_SHARED	UINT64CONST(0xCA00000000000001)
#define KEY_QUEUES	UINT64CONST(0xCA00000000000002)

/* The library the workers load their entry point from. */
#define LIBRARY_NAME "civil_affairs"

/* A worker's records go in messages of about this size. */
#define BATCH_BYTES 32768

/* Chunks per worker and table: enough to even the shares out, few enough to plan cheaply. */
#define CHUNKS_PER_WORKER 8

typedef struct ScanShared
{
	Datum		args[PARALLEL_SCAN_MAX_ARGS];
	Size		queue_bytes;
	BlockNumber blocks[PARALLEL_SCAN_MAX_JOBS];
	BlockNumber chunk[PARALLEL_SCAN_MAX_JOBS];
	pg_atomic_uint32 next_block[PARALLEL_SCAN_MAX_JOBS];
} ScanShared;

typedef struct BatchHeader
{
	int32		job;
	int32		n_records;		/* -1: the end of this worker's share of the job */
} BatchHeader;

#define RECORDS_OFFSET MAXALIGN(sizeof(BatchHeader))

struct ParallelScan
{
	const ParallelScanSpec *spec;
	ParallelContext *pcxt;
	int			nworkers;		/* launched */
	shm_mq_handle **queues;
	bool	   *detached;
};

static BlockNumber
table_blocks(const char *table)
{
	Oid			relid = get_relname_relid(table, get_namespace_oid("civil_affairs", false));
	Relation	rel;
	BlockNumber blocks;

	if (!OidIsValid(relid))
		elog(ERROR, "table civil_affairs.%s does not exist", table);
	rel = relation_open(relid, AccessShareLock);
	blocks = RelationGetNumberOfBlocks(rel);
	relation_close(rel, AccessShareLock);
	return blocks;
}

/* As the planner's compute_parallel_worker for a table of this size. */
static int
workers_for(BlockNumber blocks)
{
	BlockNumber threshold = Max(min_parallel_table_scan_size, 1);
	int			workers = 1;

	if (blocks < threshold)
		return 0;
	while (blocks >= threshold * 3 && threshold <= INT_MAX / 3)
	{
		workers++;
		threshold *= 3;
	}
	return Min(workers, max_parallel_workers_per_gather);
}

ParallelScan *
parallel_scan_begin(const ParallelScanSpec *spec, const Datum *args)
{
	BlockNumber blocks[PARALLEL_SCAN_MAX_JOBS];
	BlockNumber split_blocks = 0;
	ParallelScan *scan;
	ScanShared *shared;
	char	   *queues;
	int			nworkers,
				i;

	Assert(spec->n_jobs <= PARALLEL_SCAN_MAX_JOBS && spec->nargs <= PARALLEL_SCAN_MAX_ARGS);
	/* Not inside a parallel query or worker; not in single-user mode. */
	if (IsInParallelMode() || !IsUnderPostmaster || max_parallel_workers_per_gather <= 0)
		return NULL;
	for (i = 0; i < spec->n_jobs; i++)
	{
		blocks[i] = table_blocks(spec->jobs[i].table);
		if (spec->jobs[i].split)
			split_blocks += blocks[i];
	}
	nworkers = workers_for(split_blocks);
	if (nworkers == 0)
		return NULL;

	scan = palloc0(sizeof(ParallelScan));
	scan->spec = spec;
	EnterParallelMode();
	scan->pcxt = CreateParallelContext(LIBRARY_NAME, spec->entry, nworkers);
	shm_toc_estimate_chunk(&scan->pcxt->estimator, sizeof(ScanShared));
	shm_toc_estimate_chunk(&scan->pcxt->estimator, mul_size(spec->queue_bytes, nworkers));
	shm_toc_estimate_keys(&scan->pcxt->estimator, 2);
	/* Without dynamic shared memory this is private memory and no worker starts. */
	InitializeParallelDSM(scan->pcxt);

	shared = shm_toc_allocate(scan->pcxt->toc, sizeof(ScanShared));
	memset(shared, 0, sizeof(ScanShared));
	for (i = 0; i < spec->nargs; i++)
		shared->args[i] = args[i];
	shared->queue_bytes = spec->queue_bytes;
	for (i = 0; i < spec->n_jobs; i++)
	{
		int			chunks = nworkers * (spec->jobs[i].chunks_per_worker > 0 ?
										 spec->jobs[i].chunks_per_worker : CHUNKS_PER_WORKER);

		shared->blocks[i] = blocks[i];
		/* Rounded up: no last chunk of a few blocks. */
		shared->chunk[i] = spec->jobs[i].split ? Max((blocks[i] + chunks - 1) / chunks, 1) : Max(blocks[i], 1);
		pg_atomic_init_u32(&shared->next_block[i], 0);
	}
	shm_toc_insert(scan->pcxt->toc, KEY_SHARED, shared);
	queues = shm_toc_allocate(scan->pcxt->toc, mul_size(spec->queue_bytes, nworkers));
	shm_toc_insert(scan->pcxt->toc, KEY_QUEUES, queues);
	scan->queues = palloc0(sizeof(shm_mq_handle *) * nworkers);
	scan->detached = palloc0(sizeof(bool) * nworkers);
	for (i = 0; i < nworkers; i++)
	{
		shm_mq	   *mq = shm_mq_create(queues + i * spec->queue_bytes, spec->queue_bytes);

		shm_mq_set_receiver(mq, MyProc);
		scan->queues[i] = shm_mq_attach(mq, scan->pcxt->seg, NULL);
	}

	LaunchParallelWorkers(scan->pcxt);
	scan->nworkers = scan->pcxt->nworkers_launched;
	ereport(DEBUG1,
			(errmsg_internal("civil_affairs: %d of %d parallel workers started (%s)",
							 scan->nworkers, nworkers, spec->entry)));
	if (scan->nworkers == 0)
	{
		parallel_scan_end(scan);
		return NULL;
	}
	/* A worker that dies before attaching must not leave the leader waiting. */
	for (i = 0; i < scan->nworkers; i++)
		shm_mq_set_handle(scan->queues[i], scan->pcxt->worker[i].bgwhandle);
	return scan;
}

void
parallel_scan_read(ParallelScan *scan, int job, ParallelScanApply apply, void *state)
{
	Size		record_size = scan->spec->jobs[job].record_size;
	bool	   *ended = palloc0(sizeof(bool) * scan->nworkers);
	int			remaining = scan->nworkers;
	union
	{
		char		bytes[PARALLEL_SCAN_MAX_RECORD];
		int64		align;
	}			record;

	while (remaining > 0)
	{
		bool		received = false;
		int			w;

		for (w = 0; w < scan->nworkers; w++)
		{
			void	   *data;
			Size		len;

			while (!ended[w] && !scan->detached[w])
			{
				BatchHeader header;
				const char *records;
				shm_mq_result result = shm_mq_receive(scan->queues[w], &len, &data, true);
				int			i;

				if (result == SHM_MQ_DETACHED)
				{
					/* Raises the worker's error, if it sent one. */
					scan->detached[w] = true;
					WaitForParallelWorkersToFinish(scan->pcxt);
					elog(ERROR, "a parallel worker ended before reading all of civil_affairs.%s",
						 scan->spec->jobs[job].table);
				}
				if (result != SHM_MQ_SUCCESS)
					break;		/* nothing yet */
				received = true;
				memcpy(&header, data, sizeof(header));
				if (header.job != job)
					elog(ERROR, "a parallel worker sent civil_affairs.%s while civil_affairs.%s was read",
						 scan->spec->jobs[header.job].table, scan->spec->jobs[job].table);
				if (header.n_records < 0)
				{
					ended[w] = true;
					remaining--;
					break;
				}
				records = (const char *) data + RECORDS_OFFSET;
				for (i = 0; i < header.n_records; i++)
				{
					/* The queue's bytes need not be aligned for the record's fields. */
					memcpy(record.bytes, records + (Size) i * record_size, record_size);
					apply(state, record.bytes);
				}
				CHECK_FOR_INTERRUPTS();
			}
		}
		if (!received && remaining > 0)
		{
			(void) WaitLatch(MyLatch, WL_LATCH_SET | WL_EXIT_ON_PM_DEATH, -1, PG_WAIT_IPC);
			ResetLatch(MyLatch);
			CHECK_FOR_INTERRUPTS();
		}
	}
	pfree(ended);
}

void
parallel_scan_end(ParallelScan *scan)
{
	int			i;

	WaitForParallelWorkersToFinish(scan->pcxt);
	for (i = 0; i < scan->nworkers; i++)
		if (!scan->detached[i])
			shm_mq_detach(scan->queues[i]);
	DestroyParallelContext(scan->pcxt);
	ExitParallelMode();
}

void
parallel_scan_alone_row(void *arg, Datum *values, bool *isnull)
{
	ParallelScanAlone *alone = arg;
	union
	{
		char		bytes[PARALLEL_SCAN_MAX_RECORD];
		int64		align;
	}			record;

	alone->convert(values, isnull, record.bytes);
	alone->apply(alone->state, record.bytes);
}

/* ---------- the worker ---------- */

typedef struct WorkerBatch
{
	shm_mq_handle *queue;
	const ParallelScanJob *job;
	int			capacity;
	BatchHeader *header;
	char	   *records;
} WorkerBatch;

static void
send_bytes(shm_mq_handle *queue, const void *data, Size len)
{
	/* The leader detaches only when it has failed: its error is the one to see. */
	if (shm_mq_send(queue, len, data, false, true) != SHM_MQ_SUCCESS)
		ereport(ERROR,
				(errcode(ERRCODE_ADMIN_SHUTDOWN),
				 errmsg("the leader of a civil_affairs parallel scan went away")));
}

static void
batch_flush(WorkerBatch *b)
{
	if (b->header->n_records == 0)
		return;
	send_bytes(b->queue, b->header, RECORDS_OFFSET + (Size) b->header->n_records * b->job->record_size);
	b->header->n_records = 0;
}

static void
batch_row(void *arg, Datum *values, bool *isnull)
{
	WorkerBatch *b = arg;

	b->job->convert(values, isnull, b->records + (Size) b->header->n_records * b->job->record_size);
	if (++b->header->n_records == b->capacity)
		batch_flush(b);
}

void
parallel_scan_worker(const ParallelScanSpec *spec, dsm_segment *seg, shm_toc *toc)
{
	ScanShared *shared = shm_toc_lookup(toc, KEY_SHARED, false);
	char	   *queues = shm_toc_lookup(toc, KEY_QUEUES, false);
	shm_mq	   *mq = (shm_mq *) (queues + ParallelWorkerNumber * shared->queue_bytes);
	Oid			types[PARALLEL_SCAN_MAX_ARGS + 2];
	Datum		args[PARALLEL_SCAN_MAX_ARGS + 2];
	ItemPointerData from,
				to;
	WorkerBatch b;
	int			nargs = spec->nargs,
				j,
				i;

	shm_mq_set_sender(mq, MyProc);
	memset(&b, 0, sizeof(b));
	b.queue = shm_mq_attach(mq, seg, NULL);
	b.header = palloc(BATCH_BYTES);
	b.records = (char *) b.header + RECORDS_OFFSET;
	for (i = 0; i < nargs; i++)
	{
		types[i] = spec->arg_types[i];
		args[i] = shared->args[i];
	}
	types[nargs] = types[nargs + 1] = TIDOID;
	args[nargs] = PointerGetDatum(&from);
	args[nargs + 1] = PointerGetDatum(&to);

	SPI_connect();
	for (j = 0; j < spec->n_jobs; j++)
	{
		const ParallelScanJob *job = &spec->jobs[j];
		BatchHeader end = {j, -1};

		/*
		 * A split job's plan is a TID range scan, whatever the arguments:
		 * planned once, not once per chunk.  A whole one is planned for its
		 * arguments, as the leader's are.
		 */
		SPIPlanPtr	plan = SPI_prepare_cursor(job->split ?
											  psprintf("%s AND %c.ctid >= $%d AND %c.ctid < $%d", job->query,
													   job->alias, nargs + 1, job->alias, nargs + 2) :
											  job->query,
											  job->split ? nargs + 2 : nargs, types,
											  job->split ? CURSOR_OPT_GENERIC_PLAN : CURSOR_OPT_CUSTOM_PLAN);

		if (plan == NULL)
			elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
		b.job = job;
		b.capacity = (BATCH_BYTES - RECORDS_OFFSET) / job->record_size;
		b.header->job = j;
		b.header->n_records = 0;
		for (;;)
		{
			BlockNumber start = pg_atomic_fetch_add_u32(&shared->next_block[j], shared->chunk[j]);

			if (start >= shared->blocks[j])
				break;
			ItemPointerSet(&from, start, 0);
			/* The last chunk is open-ended, whatever was added since the leader counted. */
			ItemPointerSet(&to, shared->blocks[j] - start <= shared->chunk[j] ? InvalidBlockNumber :
						   start + shared->chunk[j], 0);
			spi_stream(plan, job->split ? nargs + 2 : nargs, types, args, NULL, batch_row, &b);
			CHECK_FOR_INTERRUPTS();
		}
		batch_flush(&b);
		send_bytes(b.queue, &end, sizeof(end));
		SPI_freeplan(plan);
	}
	SPI_finish();
}
