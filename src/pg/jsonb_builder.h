/*
 * jsonb_builder.h: small helpers to build a jsonb value as a JsonbValue
 * tree, with no text to parse: explanations and payment components are
 * made once per household or enrolment, so their cost counts.
 */
#ifndef CA_JSONB_BUILDER_H
#define CA_JSONB_BUILDER_H

#include "postgres.h"
#include "utils/date.h"
#include "utils/jsonb.h"

typedef struct JsonbBuilder
{
	JsonbParseState *state;
	JsonbValue *result;
} JsonbBuilder;

/* key NULL: an element of the enclosing array; otherwise a member of the object. */
extern void jb_begin_object(JsonbBuilder *b, const char *key);
extern void jb_end_object(JsonbBuilder *b);
extern void jb_begin_array(JsonbBuilder *b, const char *key);
extern void jb_end_array(JsonbBuilder *b);
extern void jb_string(JsonbBuilder *b, const char *key, const char *s);
extern void jb_bool(JsonbBuilder *b, const char *key, bool value);
/* An integer shown with `scale` decimals: fen with 2, a count with 0. */
extern void jb_number(JsonbBuilder *b, const char *key, int64 value, int scale);
extern void jb_date(JsonbBuilder *b, const char *key, DateADT d);

/* The finished value, after the outermost jb_end_object or jb_end_array. */
extern Jsonb *jb_finish(JsonbBuilder *b);

#endif							/* CA_JSONB_BUILDER_H */
