/*
 * audit_pg.c: the audit chain's fmgr layer.
 *
 * audit_capture() is an AFTER ... FOR EACH STATEMENT trigger with transition
 * tables.  The first audited statement of a transaction locks the chain's
 * head row (so appends are serialized and the chain stays linear: a second
 * writer waits until the first commits or aborts, then continues from the
 * head that one left) and the transaction keeps it.  Each statement
 * walks the transition tables, turns each row image into json (the bytes
 * row_to_json gives, written by audit_json.c with each column's output
 * function looked up once per statement; of an UPDATE's old row only the
 * columns that changed), hashes each entry onto the one
 * before it with the kernel (src/core/audit_chain.c) and
 * writes the entries in batches with table_multi_insert, the way COPY does,
 * so a statement touching 100,000 rows does not pay 100,000 executor
 * round trips.  audit_lock_head(), a BEFORE ... FOR EACH STATEMENT trigger
 * on the same tables, takes the head's lock before the statement locks any
 * row, so writers queue for the head holding nothing another writer waits for.
 *
 * audit_verify(from_seq) walks the stored chain and reports the first entry
 * whose sequence, previous hash or own hash does not fit, and whether the
 * last entry is the one the head row names.
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/heapam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/transam.h"
#include "access/xact.h"
#include "catalog/index.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/executor.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "nodes/execnodes.h"
#include "storage/bufmgr.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"

#include "../core/audit_chain.h"
#include "audit_json.h"
#include "spi_stream.h"

PG_FUNCTION_INFO_V1(audit_capture);
PG_FUNCTION_INFO_V1(audit_lock_head);
PG_FUNCTION_INFO_V1(audit_verify);

/* Entries written per table_multi_insert call. */
#define AUDIT_BATCH 1000

/* audit_log's columns, in table order (src/sql/audit.sql). */
enum
{
	COL_SEQ, COL_AT, COL_XACT, COL_SESSION_USER, COL_ACTING_USER, COL_TABLE, COL_OPERATION,
	COL_OLD_ROW, COL_NEW_ROW, COL_PREV_HASH, COL_HASH, AUDIT_COLUMNS
};

static SPIPlanPtr head_lock_plan;
static SPIPlanPtr head_lock_by_tid_plan;
static SPIPlanPtr head_create_plan;

static int64
unix_microseconds(TimestampTz t)
{
	return (int64) t + (int64) (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * USECS_PER_DAY;
}

static ca_audit_text
text_of_cstring(const char *s)
{
	ca_audit_text t = {s, strlen(s)};

	return t;
}

/* A varlena text or json datum as kernel text; no copy. */
static ca_audit_text
text_of_varlena(Datum d, bool isnull)
{
	ca_audit_text t = {NULL, 0};

	if (!isnull)
	{
		text	   *v = DatumGetTextPP(d);

		t.data = VARDATA_ANY(v);
		t.size = VARSIZE_ANY_EXHDR(v);
	}
	return t;
}

static bytea *
hash_bytea(const unsigned char hash[CA_SHA256_DIGEST_SIZE])
{
	bytea	   *b = palloc(VARHDRSZ + CA_SHA256_DIGEST_SIZE);

	SET_VARSIZE(b, VARHDRSZ + CA_SHA256_DIGEST_SIZE);
	memcpy(VARDATA(b), hash, CA_SHA256_DIGEST_SIZE);
	return b;
}

/* A stored hash must be exactly 32 bytes; anything else is a broken entry. */
static bool
hash_from_datum(Datum d, bool isnull, unsigned char out[CA_SHA256_DIGEST_SIZE])
{
	bytea	   *b;

	if (isnull)
		return false;
	b = DatumGetByteaPP(d);
	if (VARSIZE_ANY_EXHDR(b) != CA_SHA256_DIGEST_SIZE)
		return false;
	memcpy(out, VARDATA_ANY(b), CA_SHA256_DIGEST_SIZE);
	return true;
}

typedef struct audit_writer
{
	Relation	rel;
	ResultRelInfo *rri;
	EState	   *estate;
	TupleTableSlot *slots[AUDIT_BATCH];	/* made on first use */
	int			made;
	int			filled;
	CommandId	cid;
	MemoryContext batch_cxt;	/* the json texts of the batch */
} audit_writer;

static void
writer_flush(audit_writer *w)
{
	int			i;

	if (w->filled == 0)
		return;
	table_multi_insert(w->rel, w->slots, w->filled, w->cid, 0, NULL);
	for (i = 0; i < w->filled; i++)
	{
		List	   *conflicts = ExecInsertIndexTuples(w->rri, w->slots[i], w->estate, false, false, NULL, NIL);

		list_free(conflicts);
		ExecClearTuple(w->slots[i]);
	}
	w->filled = 0;
	MemoryContextReset(w->batch_cxt);
}

/*
 * The entries are written column by column as this build lays them out; an
 * audit_log made by another build (a database created by an unreleased
 * build and not updated) would be written with the wrong types.
 */
static void
check_audit_log_columns(TupleDesc desc)
{
	static const Oid expected[AUDIT_COLUMNS] = {
		INT8OID, TIMESTAMPTZOID, INT8OID, TEXTOID, TEXTOID, TEXTOID, TEXTOID,
		JSONOID, JSONOID, BYTEAOID, BYTEAOID
	};
	int			c;
	bool		ok = desc->natts == AUDIT_COLUMNS;

	for (c = 0; ok && c < AUDIT_COLUMNS; c++)
		ok = !TupleDescAttr(desc, c)->attisdropped && TupleDescAttr(desc, c)->atttypid == expected[c];
	if (!ok)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("civil_affairs.audit_log does not have the columns this build of civil_affairs writes"),
				 errhint("Run ALTER EXTENSION civil_affairs UPDATE, or reinstall the extension's SQL objects.")));
}

/*
 * The head as this transaction holds it.  Each append updates the row, and
 * a transaction's own dead versions cannot be pruned before it ends, so a
 * search of the table would grow with every audited statement of a long
 * transaction (a row trigger writing an audited row per row made a
 * 366,000-row INSERT quadratic); the version is fetched by its tid instead.
 *
 * Once the lock is taken, the transaction keeps it to its end, and every
 * append goes through here: so the head's sequence and hash are kept too,
 * and later statements of the transaction neither lock nor read the row
 * again (that was two queries a statement, several times the cost of a
 * one-row UPDATE).  A subtransaction that rolls back may take back both the
 * lock and the head's moves: it forgets the kept values
 * (forget_head_after_rollback), and the next append locks by tid again, or,
 * if that tid finds nothing, searches the table as for the first append of
 * a transaction.
 */
static TransactionId head_xid = InvalidTransactionId;
static ItemPointerData head_tid;
static bool head_known;
static Oid	head_relid;			/* audit_chain_head when they were kept */
static int64 head_seq;
static unsigned char head_hash[CA_SHA256_DIGEST_SIZE];

static void
forget_head_after_rollback(SubXactEvent event, SubTransactionId mySubid,
						   SubTransactionId parentSubid, void *arg)
{
	if (event == SUBXACT_EVENT_ABORT_SUB)
		head_known = false;
}

static bool
head_is_ours(void)
{
	return TransactionIdIsValid(head_xid) && TransactionIdEquals(head_xid, GetTopTransactionIdIfAny());
}

/* The head row's current tid, from column `column` of SPI_tuptable's row. */
static void
remember_head_tid(int column)
{
	bool		isnull;
	Datum		tid = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, column, &isnull);

	if (isnull)
		elog(ERROR, "the audit chain's head has no tid");
	ItemPointerCopy((ItemPointer) DatumGetPointer(tid), &head_tid);
	head_xid = GetTopTransactionIdIfAny();
}

/*
 * Lock the head row, the lock that keeps the chain linear, and know its
 * sequence and hash (head_seq, head_hash).  The first append ever creates
 * it (the table starts empty, so that a restored dump's head row is the
 * only one); two first appenders meet on its primary key.  Called inside
 * SPI_connect.
 */
static void
lock_chain_head(void)
{
	static bool callback_registered = false;
	bool		isnull;
	bool		found_by_tid = false;
	Oid			head_oid = get_relname_relid("audit_chain_head", get_namespace_oid("civil_affairs", false));

	/*
	 * A table made again in this transaction (the extension dropped and
	 * created) holds another row: what was kept is not about it.
	 */
	if (head_known && head_is_ours() && head_oid == head_relid)
		return;
	if (!callback_registered)
	{
		RegisterSubXactCallback(forget_head_after_rollback, NULL);
		callback_registered = true;
	}
	head_known = false;
	if (head_is_ours())
	{
		Oid			tid_type = TIDOID;
		Datum		tid = PointerGetDatum(&head_tid);

		if (SPI_execute_plan(spi_kept_plan(&head_lock_by_tid_plan,
									   "SELECT seq, hash, ctid FROM civil_affairs.audit_chain_head"
									   " WHERE ctid = $1 FOR UPDATE", 1, &tid_type),
							 &tid, NULL, false, 0) != SPI_OK_SELECT)
			elog(ERROR, "could not lock the audit chain's head");
		found_by_tid = SPI_processed == 1;
	}
	if (!found_by_tid)
	{
		if (SPI_execute_plan(spi_kept_plan(&head_lock_plan,
										   "SELECT seq, hash, ctid FROM civil_affairs.audit_chain_head FOR UPDATE", 0, NULL),
							 NULL, NULL, false, 0) != SPI_OK_SELECT)
			elog(ERROR, "could not lock the audit chain's head");
		if (SPI_processed == 0)
		{
			if (SPI_execute_plan(spi_kept_plan(&head_create_plan,
											   "INSERT INTO civil_affairs.audit_chain_head (seq, hash)"
											   " SELECT 0, pg_catalog.decode(pg_catalog.repeat('00', 32), 'hex')"
											   "  WHERE NOT EXISTS (SELECT FROM civil_affairs.audit_log)"
											   " ON CONFLICT DO NOTHING", 0, NULL),
								 NULL, NULL, false, 0) != SPI_OK_INSERT
				|| SPI_execute_plan(head_lock_plan, NULL, NULL, false, 0) != SPI_OK_SELECT)
				elog(ERROR, "could not create the audit chain's head");
		}
		if (SPI_processed != 1)
			ereport(ERROR, (errcode(ERRCODE_DATA_CORRUPTED),
							errmsg("civil_affairs.audit_chain_head must hold exactly one row, it holds " UINT64_FORMAT,
								   SPI_processed),
							errhint("The audit chain's head was tampered with; restore it from the last entry of civil_affairs.audit_log.")));
	}
	head_seq = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	if (isnull || head_seq < 0
		|| !hash_from_datum(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull), isnull, head_hash))
		ereport(ERROR, (errcode(ERRCODE_DATA_CORRUPTED),
						errmsg("the audit chain's head has no sequence number or its hash is not 32 bytes")));
	remember_head_tid(3);
	head_relid = head_oid;
	head_known = true;
}

/*
 * Write the head's new sequence and hash over the version this transaction
 * locked, directly rather than by an UPDATE through SPI: the query's
 * executor start, tid scan (a file size lookup, a system call) and CHECK
 * parsing were most of a one-row statement's audit cost.  The row's CHECK
 * constraints hold by construction (a sequence of one or more, the
 * singleton true).  Called inside SPI_connect, after the entries are
 * written, in a statement that has called lock_chain_head (so head_relid
 * is this transaction's table).
 */
static void
move_chain_head(int64 seq, const unsigned char hash[CA_SHA256_DIGEST_SIZE])
{
	Relation	rel;
	TupleDesc	desc;
	Datum		values[3];
	bool		nulls[3] = {false, false, false};
	HeapTuple	tuple;
	HeapTupleData current;
	Buffer		buffer;

	rel = table_open(head_relid, RowExclusiveLock);
	desc = RelationGetDescr(rel);
	if (desc->natts != 3 || TupleDescAttr(desc, 0)->atttypid != BOOLOID
		|| TupleDescAttr(desc, 1)->atttypid != INT8OID || TupleDescAttr(desc, 2)->atttypid != BYTEAOID)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("civil_affairs.audit_chain_head does not have the columns this build of civil_affairs writes"),
				 errhint("Run ALTER EXTENSION civil_affairs UPDATE, or reinstall the extension's SQL objects.")));

	/* An earlier append of this same command moved the head: see it. */
	CommandCounterIncrement();

	/*
	 * Only this transaction can move the row it has locked, so the version
	 * it last wrote is current, unless someone changed the row by hand in
	 * this transaction.
	 */
	current.t_self = head_tid;
	if (!heap_fetch(rel, SnapshotSelf, &current, &buffer, false))
		ereport(ERROR, (errcode(ERRCODE_DATA_CORRUPTED),
						errmsg("the audit chain's head row was changed in this transaction other than by the audit triggers"),
						errhint("civil_affairs.audit_chain_head is written only by the audit triggers; roll the transaction back.")));
	ReleaseBuffer(buffer);

	values[0] = BoolGetDatum(true);
	values[1] = Int64GetDatum(seq);
	values[2] = PointerGetDatum(hash_bytea(hash));
	tuple = heap_form_tuple(desc, values, nulls);
	simple_heap_update(rel, &head_tid, tuple);
	if (!HeapTupleIsHeapOnly(tuple))
	{
		/*
		 * The version went to a new page (the old one is full of this
		 * transaction's versions, which cannot be pruned before it ends), so
		 * index it.  Without a uniqueness check: it is the same row, locked
		 * by this transaction, and the check would visit every version the
		 * transaction has left, a cost that grows with each of them.
		 */
		TupleTableSlot *slot = MakeSingleTupleTableSlot(desc, &TTSOpsHeapTuple);
		List	   *indexes = RelationGetIndexList(rel);
		ListCell   *lc;

		ExecStoreHeapTuple(tuple, slot, false);
		foreach(lc, indexes)
		{
			Relation	index = index_open(lfirst_oid(lc), RowExclusiveLock);
			IndexInfo  *info = BuildIndexInfo(index);
			Datum		key[INDEX_MAX_KEYS];
			bool		key_null[INDEX_MAX_KEYS];

			if (info->ii_Expressions != NIL || info->ii_Predicate != NIL)
				ereport(ERROR,
						(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
						 errmsg("civil_affairs.audit_chain_head has an index on an expression or with a predicate: \"%s\"",
								RelationGetRelationName(index)),
						 errhint("The audit chain's head is indexed only by its primary key; drop the other index.")));
			FormIndexDatum(info, slot, NULL, key, key_null);
			index_insert(index, key, key_null, &tuple->t_self, rel, UNIQUE_CHECK_NO, false, info);
			index_close(index, NoLock);
		}
		list_free(indexes);
		ExecDropSingleTupleTableSlot(slot);
	}
	head_tid = tuple->t_self;
	head_seq = seq;
	memcpy(head_hash, hash, CA_SHA256_DIGEST_SIZE);
	heap_freetuple(tuple);
	table_close(rel, NoLock);
}

/*
 * audit_lock_head(): BEFORE INSERT OR UPDATE OR DELETE ... FOR EACH
 * STATEMENT.  Takes the head's lock before the statement locks any row.
 * Without it a writer locks its rows first and waits for the head in its
 * AFTER trigger, while the head's holder, in a later statement of its
 * transaction, waits for one of those rows: a deadlock (a payroll run's
 * reassessment against a clerk's edit did this).  Taken first, the head is
 * the one lock every audited writer queues for, and whoever holds it waits
 * for no other audited writer.
 */
Datum
audit_lock_head(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR, (errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
						errmsg("audit_lock_head() was called outside a trigger")));
	if (!TRIGGER_FIRED_FOR_STATEMENT(trigdata->tg_event) || !TRIGGER_FIRED_BEFORE(trigdata->tg_event))
		ereport(ERROR, (errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
						errmsg("audit_lock_head() must be a BEFORE ... FOR EACH STATEMENT trigger")));
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	lock_chain_head();
	SPI_finish();
	return PointerGetDatum(NULL);
}

Datum
audit_capture(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	TriggerEvent event;
	Relation	source;
	const char *operation;
	Tuplestorestate *old_rows = NULL, *new_rows = NULL;
	TupleTableSlot *old_slot = NULL, *new_slot = NULL;
	Oid			audit_oid;
	audit_writer w;
	int64		seq;
	unsigned char prev[CA_SHA256_DIGEST_SIZE];
	ca_audit_entry entry;
	AuditJsonWriter *json;
	const char *session_user_name, *acting_user_name;
	Datum		at;
	int64		xact;
	Datum		session_user_datum, acting_user_datum, table_datum, operation_datum;
	MemoryContext caller_cxt = CurrentMemoryContext;
	int			i;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR, (errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
						errmsg("audit_capture() was called outside a trigger")));
	event = trigdata->tg_event;
	if (!TRIGGER_FIRED_FOR_STATEMENT(event) || !TRIGGER_FIRED_AFTER(event))
		ereport(ERROR, (errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
						errmsg("audit_capture() must be an AFTER ... FOR EACH STATEMENT trigger")));
	source = trigdata->tg_relation;
	if (TRIGGER_FIRED_BY_INSERT(event))
		operation = "INSERT", new_rows = trigdata->tg_newtable;
	else if (TRIGGER_FIRED_BY_UPDATE(event))
		operation = "UPDATE", old_rows = trigdata->tg_oldtable, new_rows = trigdata->tg_newtable;
	else if (TRIGGER_FIRED_BY_DELETE(event))
		operation = "DELETE", old_rows = trigdata->tg_oldtable;
	else
		operation = "TRUNCATE";
	if (strcmp(operation, "TRUNCATE") != 0 && old_rows == NULL && new_rows == NULL)
		ereport(ERROR, (errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
						errmsg("audit_capture() on %s needs its transition tables", RelationGetRelationName(source)),
						errhint("Create the trigger with REFERENCING OLD TABLE AS ... NEW TABLE AS ... as the operation allows.")));

	/*
	 * Each reader gets its own read pointer: the tuplestores are shared with
	 * the table's other statement triggers.
	 */
	if (old_rows)
	{
		tuplestore_select_read_pointer(old_rows, tuplestore_alloc_read_pointer(old_rows, EXEC_FLAG_REWIND));
		tuplestore_rescan(old_rows);
		old_slot = MakeSingleTupleTableSlot(RelationGetDescr(source), &TTSOpsMinimalTuple);
	}
	if (new_rows)
	{
		tuplestore_select_read_pointer(new_rows, tuplestore_alloc_read_pointer(new_rows, EXEC_FLAG_REWIND));
		tuplestore_rescan(new_rows);
		new_slot = MakeSingleTupleTableSlot(RelationGetDescr(source), &TTSOpsMinimalTuple);
	}
	/* A statement that touched nothing leaves no entry. */
	if (strcmp(operation, "TRUNCATE") != 0
		&& !tuplestore_gettupleslot(old_rows ? old_rows : new_rows, true, false, old_rows ? old_slot : new_slot))
	{
		if (old_slot)
			ExecDropSingleTupleTableSlot(old_slot);
		if (new_slot)
			ExecDropSingleTupleTableSlot(new_slot);
		return PointerGetDatum(NULL);
	}

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	lock_chain_head();
	seq = head_seq;
	memcpy(prev, head_hash, sizeof(prev));

	audit_oid = get_relname_relid("audit_log", get_namespace_oid("civil_affairs", false));
	if (!OidIsValid(audit_oid))
		elog(ERROR, "civil_affairs.audit_log does not exist");

	MemoryContextSwitchTo(caller_cxt);
	session_user_name = GetUserNameFromId(GetSessionUserId(), false);
	acting_user_name = GetUserNameFromId(GetOuterUserId(), false);
	/* Taken after the lock, so times rise with the sequence. */
	at = TimestampTzGetDatum(GetCurrentTimestamp());
	xact = (int64) U64FromFullTransactionId(GetTopFullTransactionId());

	/* The same for every entry of the statement: made once. */
	session_user_datum = CStringGetTextDatum(session_user_name);
	acting_user_datum = CStringGetTextDatum(acting_user_name);
	table_datum = CStringGetTextDatum(RelationGetRelationName(source));
	operation_datum = CStringGetTextDatum(operation);

	memset(&entry, 0, sizeof(entry));
	entry.at_us = unix_microseconds(DatumGetTimestampTz(at));
	entry.xact = xact;
	entry.session_user = text_of_cstring(session_user_name);
	entry.acting_user = text_of_cstring(acting_user_name);
	entry.table_name = text_of_cstring(RelationGetRelationName(source));
	entry.operation = text_of_cstring(operation);

	memset(&w, 0, sizeof(w));
	w.rel = table_open(audit_oid, RowExclusiveLock);
	check_audit_log_columns(RelationGetDescr(w.rel));
	w.estate = CreateExecutorState();
	w.rri = makeNode(ResultRelInfo);
	InitResultRelInfo(w.rri, w.rel, 1, NULL, 0);
	ExecOpenIndices(w.rri, false);
	w.cid = GetCurrentCommandId(true);
	w.batch_cxt = AllocSetContextCreate(caller_cxt, "audit batch", ALLOCSET_DEFAULT_SIZES);
	json = audit_json_writer(RelationGetDescr(source));

	/* The first row is already in its slot; the loop reads the rest. */
	for (;;)
	{
		TupleTableSlot *slot;
		Datum	   *values;
		bool	   *nulls;
		unsigned char hash[CA_SHA256_DIGEST_SIZE];
		MemoryContext old_cxt;

		/*
		 * A slot pins audit_log's descriptor in the resource owner, and
		 * making and dropping a whole batch of them cost a one-row statement
		 * about twenty times the statement itself.
		 */
		if (w.filled == w.made)
			w.slots[w.made++] = MakeSingleTupleTableSlot(RelationGetDescr(w.rel), table_slot_callbacks(w.rel));
		slot = w.slots[w.filled];
		values = slot->tts_values;
		nulls = slot->tts_isnull;

		if (old_rows && new_rows && !tuplestore_gettupleslot(new_rows, true, false, new_slot))
			elog(ERROR, "the transition tables of an UPDATE on %s differ in length", RelationGetRelationName(source));

		old_cxt = MemoryContextSwitchTo(w.batch_cxt);
		ExecClearTuple(slot);
		seq++;
		values[COL_SEQ] = Int64GetDatum(seq);
		values[COL_AT] = at;
		values[COL_XACT] = Int64GetDatum(xact);
		values[COL_SESSION_USER] = session_user_datum;
		values[COL_ACTING_USER] = acting_user_datum;
		values[COL_TABLE] = table_datum;
		values[COL_OPERATION] = operation_datum;
		memset(nulls, false, AUDIT_COLUMNS * sizeof(bool));
		nulls[COL_OLD_ROW] = old_rows == NULL;
		nulls[COL_NEW_ROW] = new_rows == NULL;
		if (old_rows && new_rows)
			audit_json_update(json, old_slot, new_slot, &values[COL_OLD_ROW], &values[COL_NEW_ROW]);
		else if (old_rows)
			values[COL_OLD_ROW] = audit_json_row(json, old_slot);
		else if (new_rows)
			values[COL_NEW_ROW] = audit_json_row(json, new_slot);

		entry.seq = seq;
		entry.old_row = text_of_varlena(values[COL_OLD_ROW], nulls[COL_OLD_ROW]);
		entry.new_row = text_of_varlena(values[COL_NEW_ROW], nulls[COL_NEW_ROW]);
		ca_audit_hash(prev, &entry, hash);
		values[COL_PREV_HASH] = PointerGetDatum(hash_bytea(prev));
		values[COL_HASH] = PointerGetDatum(hash_bytea(hash));
		memcpy(prev, hash, sizeof(prev));
		ExecStoreVirtualTuple(slot);
		MemoryContextSwitchTo(old_cxt);

		if (++w.filled == AUDIT_BATCH)
			writer_flush(&w);
		if (strcmp(operation, "TRUNCATE") == 0)
			break;
		if (old_rows)
		{
			if (!tuplestore_gettupleslot(old_rows, true, false, old_slot))
				break;
		}
		else if (!tuplestore_gettupleslot(new_rows, true, false, new_slot))
			break;
	}
	writer_flush(&w);
	move_chain_head(seq, prev);

	for (i = 0; i < w.made; i++)
		ExecDropSingleTupleTableSlot(w.slots[i]);
	ExecCloseIndices(w.rri);
	FreeExecutorState(w.estate);
	table_close(w.rel, NoLock);
	MemoryContextDelete(w.batch_cxt);
	if (old_slot)
		ExecDropSingleTupleTableSlot(old_slot);
	if (new_slot)
		ExecDropSingleTupleTableSlot(new_slot);

	SPI_finish();
	return PointerGetDatum(NULL);
}

/*
 * audit_verify(from_seq): the first entry from from_seq on that breaks the
 * chain, as (seq, problem), or no row.  Entry from_seq - 1, when there is
 * one, is taken as given: verifying from 1 checks everything.
 */
Datum
audit_verify(PG_FUNCTION_ARGS)
{
	int64		from_seq = PG_GETARG_INT64(0);
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int64		expected_seq = from_seq;
	unsigned char prev[CA_SHA256_DIGEST_SIZE];
	int64		problem_seq = 0;
	char	   *problem = NULL;
	int64		head_seq;
	unsigned char head_hash[CA_SHA256_DIGEST_SIZE];
	bool		isnull;
	Portal		portal;
	SPIPlanPtr	plan;
	Oid			argtypes[1] = {INT8OID};
	Datum		args[1];

	InitMaterializedSRF(fcinfo, 0);
	if (from_seq < 1)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("audit_verify starts at a sequence number of 1 or more, not " INT64_FORMAT, from_seq)));

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute("SELECT seq, hash FROM civil_affairs.audit_chain_head", true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read the audit chain's head");
	if (SPI_processed == 0)
	{
		/* No head yet: nothing was ever appended, and nothing may be there. */
		head_seq = 0;
		memset(head_hash, 0, sizeof(head_hash));
	}
	else if (SPI_processed != 1)
	{
		problem_seq = from_seq;
		problem = "civil_affairs.audit_chain_head does not hold exactly one row";
		goto done;
	}
	else
	{
		head_seq = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
		if (isnull || !hash_from_datum(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull), isnull, head_hash))
			head_seq = -1;
	}
	if (head_seq < 0)
	{
		problem_seq = from_seq;
		problem = "the head row's sequence or hash is malformed";
		goto done;
	}

	memset(prev, 0, sizeof(prev));
	if (from_seq > 1)
	{
		args[0] = Int64GetDatum(from_seq - 1);
		if (SPI_execute_with_args("SELECT hash FROM civil_affairs.audit_log WHERE seq = $1", 1, argtypes, args,
								  NULL, true, 0) != SPI_OK_SELECT)
			elog(ERROR, "could not read the audit log");
		if (SPI_processed != 1
			|| !hash_from_datum(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull), isnull, prev))
		{
			problem_seq = from_seq - 1;
			problem = "the entry before the starting point is missing or its hash is malformed";
			goto done;
		}
	}

	args[0] = Int64GetDatum(from_seq);
	plan = SPI_prepare("SELECT seq, at, xact, session_user_name::text, acting_user::text, table_name, operation,"
					   "       old_row, new_row, prev_hash, hash"
					   "  FROM civil_affairs.audit_log WHERE seq >= $1 ORDER BY seq", 1, argtypes);
	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	portal = SPI_cursor_open(NULL, plan, args, NULL, true);
	for (;;)
	{
		uint64		i;

		SPI_cursor_fetch(portal, true, 1000);
		if (SPI_processed == 0)
			break;
		for (i = 0; i < SPI_processed && problem == NULL; i++)
		{
			HeapTuple	tuple = SPI_tuptable->vals[i];
			TupleDesc	desc = SPI_tuptable->tupdesc;
			Datum		v[AUDIT_COLUMNS];
			bool		n[AUDIT_COLUMNS];
			ca_audit_entry e;
			unsigned char stored_prev[CA_SHA256_DIGEST_SIZE], stored[CA_SHA256_DIGEST_SIZE], computed[CA_SHA256_DIGEST_SIZE];
			int			c;

			for (c = 0; c < AUDIT_COLUMNS; c++)
				v[c] = SPI_getbinval(tuple, desc, c + 1, &n[c]);
			e.seq = DatumGetInt64(v[COL_SEQ]);
			if (e.seq != expected_seq)
			{
				problem_seq = expected_seq;
				problem = e.seq > expected_seq ? "the entry is missing: the sequence jumps past it"
					: "the entry appears out of order";
				break;
			}
			if (n[COL_AT] || n[COL_XACT] || n[COL_SESSION_USER] || n[COL_ACTING_USER] || n[COL_TABLE] || n[COL_OPERATION])
			{
				problem_seq = e.seq;
				problem = "a field that is never empty is NULL";
				break;
			}
			e.at_us = unix_microseconds(DatumGetTimestampTz(v[COL_AT]));
			e.xact = DatumGetInt64(v[COL_XACT]);
			e.session_user = text_of_varlena(v[COL_SESSION_USER], false);
			e.acting_user = text_of_varlena(v[COL_ACTING_USER], false);
			e.table_name = text_of_varlena(v[COL_TABLE], false);
			e.operation = text_of_varlena(v[COL_OPERATION], false);
			e.old_row = text_of_varlena(v[COL_OLD_ROW], n[COL_OLD_ROW]);
			e.new_row = text_of_varlena(v[COL_NEW_ROW], n[COL_NEW_ROW]);
			if (!hash_from_datum(v[COL_PREV_HASH], n[COL_PREV_HASH], stored_prev)
				|| memcmp(stored_prev, prev, sizeof(prev)) != 0)
			{
				problem_seq = e.seq;
				problem = "the previous hash is not the hash of the entry before";
				break;
			}
			ca_audit_hash(prev, &e, computed);
			if (!hash_from_datum(v[COL_HASH], n[COL_HASH], stored)
				|| memcmp(stored, computed, sizeof(computed)) != 0)
			{
				problem_seq = e.seq;
				problem = "the hash does not match the entry's contents";
				break;
			}
			memcpy(prev, stored, sizeof(prev));
			expected_seq++;
		}
		SPI_freetuptable(SPI_tuptable);
		if (problem)
			break;
	}
	SPI_cursor_close(portal);
	SPI_freeplan(plan);

	/* The chain must end where the head says: this finds entries cut off the end. */
	if (problem == NULL && expected_seq - 1 != head_seq && !(from_seq > head_seq + 1))
	{
		problem_seq = expected_seq - 1 < head_seq ? expected_seq : head_seq;
		problem = expected_seq - 1 < head_seq ? "the entry is missing: the chain ends before the head"
			: "the chain runs past the head";
	}
	else if (problem == NULL && expected_seq - 1 == head_seq && head_seq >= from_seq
			 && memcmp(prev, head_hash, sizeof(prev)) != 0)
	{
		problem_seq = head_seq;
		problem = "the head's hash is not the last entry's hash";
	}

done:
	if (problem)
	{
		Datum		values[2];
		bool		nulls[2] = {false, false};
		char	   *msg;

		/* SPI memory goes at SPI_finish: copy the message out first. */
		msg = MemoryContextStrdup(rsinfo->econtext->ecxt_per_query_memory, problem);
		SPI_finish();
		values[0] = Int64GetDatum(problem_seq);
		values[1] = CStringGetTextDatum(msg);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	else
		SPI_finish();
	return (Datum) 0;
}
