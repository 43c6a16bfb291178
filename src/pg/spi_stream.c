/*
 * spi_stream.c: a DestReceiver that passes each row to a function.
 */
#include "postgres.h"

#include "executor/tuptable.h"
#include "tcop/dest.h"

#include "spi_stream.h"

typedef struct RowReceiver
{
	DestReceiver pub;
	SpiRowFunction row;
	void	   *state;
	MemoryContext context;		/* the caller's: the executor calls us in its own */
} RowReceiver;

static bool
receive_row(TupleTableSlot *slot, DestReceiver *self)
{
	RowReceiver *r = (RowReceiver *) self;
	MemoryContext old = MemoryContextSwitchTo(r->context);

	slot_getallattrs(slot);
	r->row(r->state, slot->tts_values, slot->tts_isnull);
	MemoryContextSwitchTo(old);
	return true;
}

static void
receiver_startup(DestReceiver *self, int operation, TupleDesc typeinfo)
{
}

static void
receiver_nothing(DestReceiver *self)
{
}

void
spi_stream(SPIPlanPtr plan, int nargs, const Oid *types, const Datum *args,
		   const bool *isnull, SpiRowFunction row, void *state)
{
	RowReceiver receiver;
	SPIExecuteOptions options;
	ParamListInfo params = makeParamList(nargs);
	int			i,
				rc;

	for (i = 0; i < nargs; i++)
	{
		params->params[i].value = args[i];
		params->params[i].isnull = isnull ? isnull[i] : false;
		params->params[i].pflags = PARAM_FLAG_CONST;
		params->params[i].ptype = types[i];
	}
	memset(&receiver, 0, sizeof(receiver));
	receiver.pub.receiveSlot = receive_row;
	receiver.pub.rStartup = receiver_startup;
	receiver.pub.rShutdown = receiver_nothing;
	receiver.pub.rDestroy = receiver_nothing;
	receiver.pub.mydest = DestNone;
	receiver.row = row;
	receiver.state = state;
	receiver.context = CurrentMemoryContext;
	memset(&options, 0, sizeof(options));
	options.params = params;
	options.read_only = true;
	options.dest = &receiver.pub;
	rc = SPI_execute_plan_extended(plan, &options);
	if (rc < 0)
		elog(ERROR, "SPI_execute_plan_extended failed: %s", SPI_result_code_string(rc));
}

SPIPlanPtr
spi_kept_plan(SPIPlanPtr *plan, const char *query, int nargs, Oid *types)
{
	return spi_kept_plan_options(plan, query, nargs, types, 0);
}

SPIPlanPtr
spi_kept_plan_options(SPIPlanPtr *plan, const char *query, int nargs, Oid *types, int cursor_options)
{
	if (*plan == NULL)
	{
		SPIPlanPtr	p = SPI_prepare_cursor(query, nargs, types, cursor_options);

		if (p == NULL)
			elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
		SPI_keepplan(p);
		*plan = p;
	}
	return *plan;
}
