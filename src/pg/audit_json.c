/*
 * audit_json.c: rows as json text, the same bytes as row_to_json, with each
 * column's json category and output function looked up once per statement
 * (see audit_json.h).
 *
 * The categories follow the server's own rules for row_to_json (PostgreSQL
 * 15, utils/adt/json.c): domains count as their base type; booleans are
 * true/false; numbers are written bare when they are valid json numbers
 * (NaN and Infinity are quoted; integers always are, and are written
 * without their output function); date, timestamp and timestamptz in ISO
 * 8601 (JsonEncodeDateTime); json and jsonb as their text; a type created
 * after initdb with a cast to json through its cast function; arrays and
 * composites through array_to_json and row_to_json themselves; everything
 * else as its output text, quoted and escaped.  sql/audit.sql compares the
 * stored images with row_to_json for columns of every category.
 */
#include "postgres.h"

#include "access/transam.h"
#include "catalog/pg_type.h"
#include "common/jsonapi.h"
#include "fmgr.h"
#include "parser/parse_coerce.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/datetime.h"
#include "utils/fmgrprotos.h"
#include "utils/json.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "audit_json.h"

typedef enum
{
	JSON_BOOL,
	JSON_INTEGER,				/* int2, int4, int8: always a valid json number */
	JSON_NUMBER,				/* bare when a valid json number, else quoted */
	JSON_DATE,
	JSON_TIMESTAMP,
	JSON_TIMESTAMPTZ,
	JSON_VERBATIM,				/* json, jsonb: the output text as it is */
	JSON_ARRAY,
	JSON_COMPOSITE,
	JSON_CAST,					/* fn is the cast to json */
	JSON_TEXT,					/* text, varchar: escaped from the varlena */
	JSON_OTHER					/* fn is the output function; escaped */
} json_kind;

typedef struct json_column
{
	bool		dropped;
	json_kind	kind;
	FmgrInfo	fn;
	char	   *key;			/* "name": escaped, with the colon */
	int			key_len;
	bool		byval;			/* how to compare an old and a new value */
	int16		typlen;			/* the same, and a JSON_INTEGER's width */
} json_column;

struct AuditJsonWriter
{
	int			natts;
	json_column *columns;
	StringInfoData buf;			/* the row being written, after a varlena header */
	MemoryContext row_cxt;		/* output functions' results, reset per row */
};

/* escape_json over a counted string (text holds no NUL, so the same bytes). */
static void
append_json_string(StringInfo buf, const char *s, int len)
{
	const char *end = s + len;
	const char *run = s;
	const char *p;

	appendStringInfoCharMacro(buf, '"');
	for (p = s; p < end; p++)
	{
		unsigned char c = (unsigned char) *p;

		if (c >= ' ' && c != '"' && c != '\\')
			continue;
		if (p > run)
			appendBinaryStringInfo(buf, run, p - run);
		switch (c)
		{
			case '\b':
				appendBinaryStringInfo(buf, "\\b", 2);
				break;
			case '\f':
				appendBinaryStringInfo(buf, "\\f", 2);
				break;
			case '\n':
				appendBinaryStringInfo(buf, "\\n", 2);
				break;
			case '\r':
				appendBinaryStringInfo(buf, "\\r", 2);
				break;
			case '\t':
				appendBinaryStringInfo(buf, "\\t", 2);
				break;
			case '"':
				appendBinaryStringInfo(buf, "\\\"", 2);
				break;
			case '\\':
				appendBinaryStringInfo(buf, "\\\\", 2);
				break;
			default:
				appendStringInfo(buf, "\\u%04x", (int) c);
				break;
		}
		run = p + 1;
	}
	if (end > run)
		appendBinaryStringInfo(buf, run, end - run);
	appendStringInfoCharMacro(buf, '"');
}

static void
categorize(Form_pg_attribute att, json_column *col)
{
	Oid			type = getBaseType(att->atttypid);
	Oid			func = InvalidOid;
	bool		varlena;

	switch (type)
	{
		case BOOLOID:
			col->kind = JSON_BOOL;
			break;
		case INT2OID:
		case INT4OID:
		case INT8OID:
			col->kind = JSON_INTEGER;
			break;
		case FLOAT4OID:
		case FLOAT8OID:
		case NUMERICOID:
			col->kind = JSON_NUMBER;
			getTypeOutputInfo(type, &func, &varlena);
			break;
		case DATEOID:
			col->kind = JSON_DATE;
			break;
		case TIMESTAMPOID:
			col->kind = JSON_TIMESTAMP;
			break;
		case TIMESTAMPTZOID:
			col->kind = JSON_TIMESTAMPTZ;
			break;
		case JSONOID:
		case JSONBOID:
			col->kind = JSON_VERBATIM;
			getTypeOutputInfo(type, &func, &varlena);
			break;
		case TEXTOID:
		case VARCHAROID:
			col->kind = JSON_TEXT;
			break;
		default:
			if (OidIsValid(get_element_type(type)))
				col->kind = JSON_ARRAY;
			else if (type_is_rowtype(type))
				col->kind = JSON_COMPOSITE;
			else
			{
				col->kind = JSON_OTHER;
				if (type >= FirstNormalObjectId
					&& find_coercion_pathway(JSONOID, type, COERCION_EXPLICIT, &func) == COERCION_PATH_FUNC
					&& OidIsValid(func))
					col->kind = JSON_CAST;
				else
					getTypeOutputInfo(type, &func, &varlena);
			}
			break;
	}
	if (OidIsValid(func))
		fmgr_info(func, &col->fn);
}

AuditJsonWriter *
audit_json_writer(TupleDesc desc)
{
	AuditJsonWriter *w = palloc0(sizeof(AuditJsonWriter));
	int			i;

	w->natts = desc->natts;
	w->columns = palloc0(sizeof(json_column) * Max(desc->natts, 1));
	for (i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);
		json_column *col = &w->columns[i];
		StringInfoData key;

		col->dropped = att->attisdropped;
		if (col->dropped)
			continue;
		categorize(att, col);
		col->byval = att->attbyval;
		col->typlen = att->attlen;
		initStringInfo(&key);
		escape_json(&key, NameStr(att->attname));
		appendStringInfoChar(&key, ':');
		col->key = key.data;
		col->key_len = key.len;
	}
	initStringInfo(&w->buf);
	w->row_cxt = AllocSetContextCreate(CurrentMemoryContext, "audit json row", ALLOCSET_SMALL_SIZES);
	return w;
}

static void
append_text_datum(StringInfo buf, Datum d)
{
	text	   *t = DatumGetTextPP(d);

	appendBinaryStringInfo(buf, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
}

static void
append_datetime(StringInfo buf, Datum value, Oid type)
{
	char		text[MAXDATELEN + 1];

	JsonEncodeDateTime(text, value, type, NULL);
	appendStringInfoCharMacro(buf, '"');
	appendStringInfoString(buf, text);
	appendStringInfoCharMacro(buf, '"');
}

static void
append_value(StringInfo buf, json_column *col, Datum value)
{
	char	   *out;

	switch (col->kind)
	{
		case JSON_BOOL:
			if (DatumGetBool(value))
				appendBinaryStringInfo(buf, "true", 4);
			else
				appendBinaryStringInfo(buf, "false", 5);
			break;
		case JSON_INTEGER:
			{
				/* The output function's digits, without its palloc and the json number check. */
				int64		n = col->typlen == 8 ? DatumGetInt64(value)
					: col->typlen == 4 ? DatumGetInt32(value) : DatumGetInt16(value);

				enlargeStringInfo(buf, MAXINT8LEN + 1);
				buf->len += pg_lltoa(n, buf->data + buf->len);
			}
			break;
		case JSON_NUMBER:
			out = OutputFunctionCall(&col->fn, value);
			if (IsValidJsonNumber(out, strlen(out)))
				appendStringInfoString(buf, out);
			else
				escape_json(buf, out);
			break;
		case JSON_DATE:
			append_datetime(buf, value, DATEOID);
			break;
		case JSON_TIMESTAMP:
			append_datetime(buf, value, TIMESTAMPOID);
			break;
		case JSON_TIMESTAMPTZ:
			append_datetime(buf, value, TIMESTAMPTZOID);
			break;
		case JSON_VERBATIM:
			appendStringInfoString(buf, OutputFunctionCall(&col->fn, value));
			break;
		case JSON_ARRAY:
			append_text_datum(buf, DirectFunctionCall1(array_to_json, value));
			break;
		case JSON_COMPOSITE:
			append_text_datum(buf, DirectFunctionCall1(row_to_json, value));
			break;
		case JSON_CAST:
			append_text_datum(buf, FunctionCall1(&col->fn, value));
			break;
		case JSON_TEXT:
			{
				text	   *t = DatumGetTextPP(value);

				append_json_string(buf, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
			}
			break;
		case JSON_OTHER:
			out = OutputFunctionCall(&col->fn, value);
			append_json_string(buf, out, strlen(out));
			break;
	}
}

/*
 * Write the slot's row into w->buf as a json object.  With `changed_from`
 * (the same row after an UPDATE), only the columns whose value is not the
 * same datum, byte for byte, are written: an UPDATE usually changes a
 * column or two, and repeating the others made the old image most of an
 * entry's bytes (pages, WAL and hashing).  Equal bytes give equal text
 * (output and cast functions are deterministic, as the server itself
 * assumes when it compares rows), so no column whose text changed is left
 * out; one whose bytes changed but whose text did not (a value compressed
 * anew) is written, which costs a few bytes and hides nothing.
 */
static Datum
write_image(AuditJsonWriter *w, TupleTableSlot *slot, TupleTableSlot *changed_from)
{
	StringInfo	buf = &w->buf;
	MemoryContext caller_cxt;
	bool		first = true;
	struct varlena *result;
	int			i;

	slot_getallattrs(slot);
	if (changed_from)
		slot_getallattrs(changed_from);
	resetStringInfo(buf);
	/* Room for the varlena header, so the result is one copy. */
	appendBinaryStringInfo(buf, "\0\0\0\0", VARHDRSZ);
	appendStringInfoCharMacro(buf, '{');
	caller_cxt = MemoryContextSwitchTo(w->row_cxt);
	for (i = 0; i < w->natts; i++)
	{
		json_column *col = &w->columns[i];
		bool		isnull = slot->tts_isnull[i];

		if (col->dropped)
			continue;
		if (changed_from && isnull == changed_from->tts_isnull[i]
			&& (isnull || datumIsEqual(slot->tts_values[i], changed_from->tts_values[i], col->byval, col->typlen)))
			continue;
		if (!first)
			appendStringInfoCharMacro(buf, ',');
		first = false;
		appendBinaryStringInfo(buf, col->key, col->key_len);
		if (isnull)
			appendBinaryStringInfo(buf, "null", 4);
		else
			append_value(buf, col, slot->tts_values[i]);
	}
	appendStringInfoCharMacro(buf, '}');
	MemoryContextSwitchTo(caller_cxt);
	MemoryContextReset(w->row_cxt);

	result = palloc(buf->len);
	memcpy(result, buf->data, buf->len);
	SET_VARSIZE(result, buf->len);
	return PointerGetDatum(result);
}

Datum
audit_json_row(AuditJsonWriter *w, TupleTableSlot *slot)
{
	return write_image(w, slot, NULL);
}

void
audit_json_update(AuditJsonWriter *w, TupleTableSlot *old_slot, TupleTableSlot *new_slot,
				  Datum *old_image, Datum *new_image)
{
	*new_image = write_image(w, new_slot, NULL);
	*old_image = write_image(w, old_slot, new_slot);
}
