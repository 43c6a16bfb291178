/*
 * address_pg.c: the per-backend address name index and the SQL functions
 * address_to_adcode, address_parse, address_candidates and
 * address_index_stats.
 *
 * The index is built on first use from civil_affairs.division,
 * division_change and address_term, and dropped when any backend changes one
 * of them (a statement trigger sends a relcache invalidation, as for the
 * policy cache), so a city's correction to division takes effect in every
 * session at its next statement.  The kernel allocates with malloc: the
 * index outlives transactions and is freed here when dropped.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "portability/instr_time.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"

#include "adcode_pg.h"
#include "../core/adcode.h"
#include "../core/address.h"

PG_FUNCTION_INFO_V1(address_index_invalidate);
PG_FUNCTION_INFO_V1(address_to_adcode);
PG_FUNCTION_INFO_V1(address_parse);
PG_FUNCTION_INFO_V1(address_candidates);
PG_FUNCTION_INFO_V1(address_index_stats);

/* Rows fetched from a cursor at a time while building. */
#define BUILD_FETCH_ROWS 10000

static ca_address_index *address_index = NULL;
static ca_address_scratch *scratch = NULL;
static bool index_valid = false;
static bool callback_registered = false;
static Oid	watched_relations[3];
static double build_ms = 0;

static void
address_relcache_callback(Datum arg, Oid relid)
{
	int			i;

	if (!OidIsValid(relid))
	{
		index_valid = false;
		return;
	}
	for (i = 0; i < lengthof(watched_relations); i++)
		if (watched_relations[i] == relid)
			index_valid = false;
}

static void
report_kernel_error(ca_address_status status, const char *what)
{
	if (status == CA_ADDRESS_NO_MEMORY)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory while %s", what)));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("cannot use %s for address matching: %s", what,
					ca_address_status_text(status))));
}

/* Text of a column as UTF-8 (the kernel's encoding), or NULL. */
static char *
column_utf8(HeapTuple tuple, TupleDesc desc, int column, size_t *len)
{
	char	   *value = SPI_getvalue(tuple, desc, column);
	char	   *utf8;

	if (value == NULL)
	{
		*len = 0;
		return NULL;
	}
	utf8 = (char *) pg_server_to_any(value, strlen(value), PG_UTF8);
	*len = strlen(utf8);
	return utf8;
}

static int32
column_day(HeapTuple tuple, TupleDesc desc, int column, int32 if_null)
{
	bool		isnull;
	Datum		d = SPI_getbinval(tuple, desc, column, &isnull);

	return isnull ? if_null : (int32) DatumGetDateADT(d);
}

static int64
column_int64(HeapTuple tuple, TupleDesc desc, int column)
{
	bool		isnull;
	Datum		d = SPI_getbinval(tuple, desc, column, &isnull);

	return isnull ? 0 : DatumGetInt64(d);
}

/* Run a query through a cursor, handing each row to add(). */
static void
read_rows(const char *query, void (*add) (ca_address_builder *, HeapTuple, TupleDesc),
		  ca_address_builder *builder)
{
	Portal		portal = SPI_cursor_open_with_args(NULL, query, 0, NULL, NULL, NULL, true, 0);

	for (;;)
	{
		uint64		i;

		SPI_cursor_fetch(portal, true, BUILD_FETCH_ROWS);
		if (SPI_processed == 0)
			break;
		for (i = 0; i < SPI_processed; i++)
			add(builder, SPI_tuptable->vals[i], SPI_tuptable->tupdesc);
		SPI_freetuptable(SPI_tuptable);
	}
	SPI_cursor_close(portal);
}

static void
add_division_row(ca_address_builder *builder, HeapTuple tuple, TupleDesc desc)
{
	size_t		name_len,
				short_len;
	char	   *name = column_utf8(tuple, desc, 2, &name_len);
	char	   *short_name = column_utf8(tuple, desc, 3, &short_len);
	bool		isnull;
	int64		code = column_int64(tuple, desc, 1);
	ca_address_status status;

	status = ca_address_add_division(builder, code, name, name_len, short_name, short_len,
									 DatumGetBool(SPI_getbinval(tuple, desc, 4, &isnull)),
									 column_day(tuple, desc, 5, CA_ADDRESS_DAY_MIN),
									 column_day(tuple, desc, 6, CA_ADDRESS_DAY_MAX));
	if (status != CA_ADDRESS_OK)
		report_kernel_error(status, psprintf("the name of division %s",
											 SPI_getvalue(tuple, desc, 7)));
}

static void
add_change_row(ca_address_builder *builder, HeapTuple tuple, TupleDesc desc)
{
	size_t		old_name_len;
	char	   *old_name = column_utf8(tuple, desc, 2, &old_name_len);
	ca_address_status status;

	status = ca_address_add_change(builder, column_int64(tuple, desc, 1), old_name,
								   old_name_len, column_int64(tuple, desc, 3),
								   column_day(tuple, desc, 4, CA_ADDRESS_DAY_MIN));
	if (status != CA_ADDRESS_OK)
		report_kernel_error(status, psprintf("the division change of %s",
											 SPI_getvalue(tuple, desc, 5)));
}

static void
add_term_row(ca_address_builder *builder, HeapTuple tuple, TupleDesc desc)
{
	size_t		len;
	char	   *term = column_utf8(tuple, desc, 1, &len);
	ca_address_status status = ca_address_add_term(builder, term, len);

	if (status != CA_ADDRESS_OK)
		report_kernel_error(status, psprintf("the address term \"%s\"", SPI_getvalue(tuple, desc, 1)));
}

static void
read_tables(ca_address_builder *builder)
{
	int			rc;

	if ((rc = SPI_connect()) != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed: %s", SPI_result_code_string(rc));
	/* An empty validity range is a division never in force: not indexed. */
	read_rows("SELECT civil_affairs.adcode_to_bigint(code), name, short_name, placeholder,"
			  "       lower(valid), upper(valid), code::text"
			  "  FROM civil_affairs.division WHERE NOT isempty(valid)",
			  add_division_row, builder);
	read_rows("SELECT civil_affairs.adcode_to_bigint(old_code), old_name,"
			  "       civil_affairs.adcode_to_bigint(new_code), effective_on, old_code::text"
			  "  FROM civil_affairs.division_change",
			  add_change_row, builder);
	read_rows("SELECT term FROM civil_affairs.address_term", add_term_row, builder);
	SPI_finish();
}

static void
build_index(void)
{
	ca_address_builder *volatile builder = NULL;
	ca_address_index *index = NULL;
	ca_address_status status;
	instr_time	started,
				took;
	Oid			schema;

	if (!callback_registered)
	{
		CacheRegisterRelcacheCallback(address_relcache_callback, (Datum) 0);
		callback_registered = true;
	}
	schema = get_namespace_oid("civil_affairs", false);
	watched_relations[0] = get_relname_relid("division", schema);
	watched_relations[1] = get_relname_relid("division_change", schema);
	watched_relations[2] = get_relname_relid("address_term", schema);

	ca_address_index_free(address_index);
	address_index = NULL;
	if (scratch == NULL && (scratch = ca_address_scratch_new()) == NULL)
		report_kernel_error(CA_ADDRESS_NO_MEMORY, "building the address index");

	INSTR_TIME_SET_CURRENT(started);
	builder = ca_address_builder_new();
	if (builder == NULL)
		report_kernel_error(CA_ADDRESS_NO_MEMORY, "building the address index");
	PG_TRY();
	{
		read_tables(builder);
	}
	PG_CATCH();
	{
		ca_address_builder_free(builder);
		PG_RE_THROW();
	}
	PG_END_TRY();
	status = ca_address_build(builder, &index);
	ca_address_builder_free(builder);
	if (status != CA_ADDRESS_OK)
		report_kernel_error(status, "building the address index");
	INSTR_TIME_SET_CURRENT(took);
	INSTR_TIME_SUBTRACT(took, started);
	build_ms = INSTR_TIME_GET_MILLISEC(took);
	address_index = index;
	index_valid = true;
}

/*
 * The index, current as of this statement: invalidations committed by other
 * sessions are read once per calling expression (fn_extra marks it), not
 * once per row.
 */
static const ca_address_index *
current_index(FunctionCallInfo fcinfo)
{
	if (fcinfo->flinfo->fn_extra == NULL)
	{
		AcceptInvalidationMessages();
		fcinfo->flinfo->fn_extra = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, 1);
	}
	if (!index_valid || address_index == NULL)
		build_index();
	return address_index;
}

Datum
address_index_invalidate(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("address_index_invalidate() must be called as a trigger")));
	CacheInvalidateRelcache(trigdata->tg_relation);
	index_valid = false;
	PG_RETURN_POINTER(NULL);
}

/* Match argument 0 as of argument 1; errors for what the kernel refuses. */
static void
match_address(FunctionCallInfo fcinfo, unsigned flags, ca_address_result *result)
{
	const ca_address_index *index = current_index(fcinfo);
	text	   *address = PG_GETARG_TEXT_PP(0);
	DateADT		as_of = PG_GETARG_DATEADT(1);
	const char *utf8 = VARDATA_ANY(address);
	size_t		len = VARSIZE_ANY_EXHDR(address);
	ca_address_status status;

	if (DATE_NOT_FINITE(as_of))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("address matching needs a finite date"),
				 errdetail("Divisions are looked up as in force on a day; infinity is no day.")));
	if (GetDatabaseEncoding() != PG_UTF8)
	{
		utf8 = (const char *) pg_server_to_any(utf8, len, PG_UTF8);
		len = strlen(utf8);
	}
	status = ca_address_match(index, scratch, utf8, len, (int32_t) as_of, flags, result);
	if (status == CA_ADDRESS_TOO_LONG)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("address is too long: %zu bytes", len),
				 errdetail("Addresses of at most %d bytes are read.", CA_ADDRESS_MAX_BYTES)));
	if (status == CA_ADDRESS_CONTROL_CHAR || status == CA_ADDRESS_INVALID_UTF8)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid address: %s", ca_address_status_text(status)),
				 errdetail("An address is text; tabs and line breaks are read as spaces.")));
	if (status != CA_ADDRESS_OK)
		report_kernel_error(status, "reading an address");
}

static text *
utf8_to_text(const char *utf8, size_t len)
{
	char	   *server = pg_any_to_server(utf8, (int) len, PG_UTF8);

	/* unconverted, it is the kernel's buffer: its length, not a terminator */
	if (server == utf8)
		return cstring_to_text_with_len(utf8, (int) len);
	return cstring_to_text(server);
}

Datum
address_to_adcode(PG_FUNCTION_ARGS)
{
	ca_address_result result;

	match_address(fcinfo, 0, &result);
	if (result.outcome != CA_ADDRESS_FOUND)
		PG_RETURN_NULL();
	PG_RETURN_ADCODE(result.code);
}

Datum
address_parse(PG_FUNCTION_ARGS)
{
	ca_address_result result;
	TupleDesc	desc;
	Datum		values[7];
	bool		nulls[7];
	int			i;

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "address_parse must return a record");
	match_address(fcinfo, CA_ADDRESS_WANT_DETAILS, &result);
	for (i = 0; i < 5; i++)
	{
		values[i] = AdcodeGetDatum(result.parts[i]);
		nulls[i] = result.parts[i] == 0;
	}
	values[5] = PointerGetDatum(utf8_to_text(result.remainder, result.remainder_len));
	nulls[5] = false;
	values[6] = Float8GetDatum(result.confidence);
	nulls[6] = false;
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(desc), values, nulls)));
}

/* The best readings' codes; the SQL function address_candidates adds names. */
Datum
address_candidates(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ca_address_result result;
	size_t		i;

	InitMaterializedSRF(fcinfo, 0);
	match_address(fcinfo, 0, &result);
	for (i = 0; i < result.ncandidates; i++)
	{
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		values[0] = AdcodeGetDatum(result.candidates[i].code);
		values[1] = Int32GetDatum(ca_adcode_level(result.candidates[i].code));
		values[2] = Int32GetDatum(result.candidates[i].score);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

Datum
address_index_stats(PG_FUNCTION_ARGS)
{
	ca_address_index_stats stats;
	TupleDesc	desc;
	Datum		values[5];
	bool		nulls[5] = {false, false, false, false, false};

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "address_index_stats must return a record");
	ca_address_index_get_stats(current_index(fcinfo), &stats);
	values[0] = Int64GetDatum((int64) stats.divisions);
	values[1] = Int64GetDatum((int64) stats.names);
	values[2] = Int64GetDatum((int64) stats.nodes);
	values[3] = Int64GetDatum((int64) stats.bytes);
	values[4] = Float8GetDatum(build_ms);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(desc), values, nulls)));
}
