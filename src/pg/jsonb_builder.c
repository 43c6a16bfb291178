/*
 * jsonb_builder.c: see jsonb_builder.h.
 */
#include "postgres.h"

#include "utils/datetime.h"
#include "utils/numeric.h"

#include "jsonb_builder.h"

static void
push_key(JsonbBuilder *b, const char *key)
{
	JsonbValue	v;

	v.type = jbvString;
	v.val.string.val = (char *) key;
	v.val.string.len = strlen(key);
	pushJsonbValue(&b->state, WJB_KEY, &v);
}

static void
push_value(JsonbBuilder *b, const char *key, JsonbValue *v)
{
	if (key)
	{
		push_key(b, key);
		pushJsonbValue(&b->state, WJB_VALUE, v);
	}
	else
		pushJsonbValue(&b->state, WJB_ELEM, v);
}

void
jb_begin_object(JsonbBuilder *b, const char *key)
{
	if (key)
		push_key(b, key);
	pushJsonbValue(&b->state, WJB_BEGIN_OBJECT, NULL);
}

void
jb_end_object(JsonbBuilder *b)
{
	b->result = pushJsonbValue(&b->state, WJB_END_OBJECT, NULL);
}

void
jb_begin_array(JsonbBuilder *b, const char *key)
{
	if (key)
		push_key(b, key);
	pushJsonbValue(&b->state, WJB_BEGIN_ARRAY, NULL);
}

void
jb_end_array(JsonbBuilder *b)
{
	b->result = pushJsonbValue(&b->state, WJB_END_ARRAY, NULL);
}

void
jb_string(JsonbBuilder *b, const char *key, const char *s)
{
	JsonbValue	v;

	v.type = jbvString;
	v.val.string.val = (char *) s;
	v.val.string.len = strlen(s);
	push_value(b, key, &v);
}

void
jb_bool(JsonbBuilder *b, const char *key, bool value)
{
	JsonbValue	v;

	v.type = jbvBool;
	v.val.boolean = value;
	push_value(b, key, &v);
}

void
jb_number(JsonbBuilder *b, const char *key, int64 value, int scale)
{
	JsonbValue	v;

	v.type = jbvNumeric;
	v.val.numeric = int64_div_fast_to_numeric(value, scale);
	push_value(b, key, &v);
}

void
jb_date(JsonbBuilder *b, const char *key, DateADT d)
{
	int			year,
				month,
				day;

	j2date(d + POSTGRES_EPOCH_JDATE, &year, &month, &day);
	jb_string(b, key, psprintf("%04d-%02d-%02d", year, month, day));
}

Jsonb *
jb_finish(JsonbBuilder *b)
{
	return JsonbValueToJsonb(b->result);
}
