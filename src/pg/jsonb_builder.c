/*
 * jsonb_builder.c: see jsonb_builder.h.
 *
 * The containers are built as JsonbValue trees here and converted once, by
 * JsonbValueToJsonb, rather than pushed through pushJsonbValue: that sorts
 * every object's keys with qsort_arg and copies each container on its way
 * up, and the payroll's components (an object of four to six keys for each
 * of a million enrolments) spent 3 % of payroll_entitlements there.  The
 * keys are put in jsonb's order here (shorter first, then bytewise).
 */
#include "postgres.h"

#include "utils/datetime.h"
#include "utils/numeric.h"

#include "jsonb_builder.h"

/* Room for this many members or elements before a container grows. */
#define JB_INITIAL_ROOM 8

/* jsonb's key order: shorter first, then bytewise (lengthCompareJsonbStringValue). */
static int
key_order(const JsonbValue *a, const JsonbValue *b)
{
	if (a->val.string.len != b->val.string.len)
		return a->val.string.len > b->val.string.len ? 1 : -1;
	return memcmp(a->val.string.val, b->val.string.val, a->val.string.len);
}

/*
 * Sort an object's members into key order.  Objects here have a handful of
 * fixed keys, mostly given in order already, so insertion sort.  A key
 * given twice is a mistake in the caller: said, not resolved.
 */
static void
order_members(JsonbValue *object)
{
	JsonbPair  *pairs = object->val.object.pairs;
	int			n = object->val.object.nPairs;
	int			i;

	for (i = 1; i < n; i++)
	{
		JsonbPair	p = pairs[i];
		int			j = i;

		while (j > 0 && key_order(&pairs[j - 1].key, &p.key) > 0)
		{
			pairs[j] = pairs[j - 1];
			j--;
		}
		pairs[j] = p;
	}
	for (i = 1; i < n; i++)
		if (key_order(&pairs[i - 1].key, &pairs[i].key) == 0)
			elog(ERROR, "jsonb builder: the key \"%.*s\" given twice in one object",
				 pairs[i].key.val.string.len, pairs[i].key.val.string.val);
}

static JsonbBuilderFrame *
top_frame(JsonbBuilder *b)
{
	if (b->depth == 0)
		elog(ERROR, "jsonb builder: a value outside any object or array");
	return &b->frames[b->depth - 1];
}

static void
add_value(JsonbBuilder *b, const char *key, const JsonbValue *v)
{
	JsonbBuilderFrame *f = top_frame(b);
	JsonbValue *c = &f->container;

	if (c->type == jbvObject)
	{
		JsonbPair  *p;

		if (key == NULL)
			elog(ERROR, "jsonb builder: an object member without a key");
		if (c->val.object.nPairs == f->room)
		{
			f->room *= 2;
			c->val.object.pairs = repalloc(c->val.object.pairs, sizeof(JsonbPair) * f->room);
		}
		p = &c->val.object.pairs[c->val.object.nPairs];
		p->key.type = jbvString;
		p->key.val.string.val = (char *) key;
		p->key.val.string.len = strlen(key);
		p->value = *v;
		p->order = c->val.object.nPairs++;
	}
	else
	{
		if (key != NULL)
			elog(ERROR, "jsonb builder: an array element with a key");
		if (c->val.array.nElems == f->room)
		{
			f->room *= 2;
			c->val.array.elems = repalloc(c->val.array.elems, sizeof(JsonbValue) * f->room);
		}
		c->val.array.elems[c->val.array.nElems++] = *v;
	}
}

static void
begin_container(JsonbBuilder *b, const char *key, enum jbvType type)
{
	JsonbBuilderFrame *f;

	if (b->depth == JB_MAX_DEPTH)
		elog(ERROR, "jsonb builder: containers nested deeper than %d", JB_MAX_DEPTH);
	f = &b->frames[b->depth++];
	f->key = key;
	f->room = JB_INITIAL_ROOM;
	f->container.type = type;
	if (type == jbvObject)
	{
		f->container.val.object.nPairs = 0;
		f->container.val.object.pairs = palloc(sizeof(JsonbPair) * f->room);
	}
	else
	{
		f->container.val.array.nElems = 0;
		f->container.val.array.rawScalar = false;
		f->container.val.array.elems = palloc(sizeof(JsonbValue) * f->room);
	}
}

static void
end_container(JsonbBuilder *b, enum jbvType type)
{
	JsonbBuilderFrame *f = top_frame(b);

	if (f->container.type != type)
		elog(ERROR, "jsonb builder: the container ended is not the one begun");
	if (type == jbvObject)
		order_members(&f->container);
	b->depth--;
	if (b->depth == 0)
	{
		b->result = palloc(sizeof(JsonbValue));
		*b->result = f->container;
	}
	else
		add_value(b, f->key, &f->container);
}

void
jb_begin_object(JsonbBuilder *b, const char *key)
{
	begin_container(b, key, jbvObject);
}

void
jb_end_object(JsonbBuilder *b)
{
	end_container(b, jbvObject);
}

void
jb_begin_array(JsonbBuilder *b, const char *key)
{
	begin_container(b, key, jbvArray);
}

void
jb_end_array(JsonbBuilder *b)
{
	end_container(b, jbvArray);
}

void
jb_string(JsonbBuilder *b, const char *key, const char *s)
{
	JsonbValue	v;

	v.type = jbvString;
	v.val.string.val = (char *) s;
	v.val.string.len = strlen(s);
	add_value(b, key, &v);
}

void
jb_bool(JsonbBuilder *b, const char *key, bool value)
{
	JsonbValue	v;

	v.type = jbvBool;
	v.val.boolean = value;
	add_value(b, key, &v);
}

void
jb_number(JsonbBuilder *b, const char *key, int64 value, int scale)
{
	JsonbValue	v;

	v.type = jbvNumeric;
	v.val.numeric = int64_div_fast_to_numeric(value, scale);
	add_value(b, key, &v);
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
	if (b->depth != 0 || b->result == NULL)
		elog(ERROR, "jsonb builder: finished before its outermost container ended");
	return JsonbValueToJsonb(b->result);
}
