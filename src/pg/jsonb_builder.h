/*
 * jsonb_builder.h: small helpers to build a jsonb value as a JsonbValue
 * tree, with no text to parse: explanations and payment components are
 * made once per household or enrolment, so their cost counts.  Keys and
 * strings are referenced, not copied: they must live until jb_finish.
 */
#ifndef CA_JSONB_BUILDER_H
#define CA_JSONB_BUILDER_H

#include "postgres.h"
#include "utils/date.h"
#include "utils/jsonb.h"

/* Deeper than any value the extension makes (an explanation is three deep). */
#define JB_MAX_DEPTH 8

typedef struct JsonbBuilderFrame
{
	JsonbValue	container;		/* jbvObject or jbvArray, being filled */
	const char *key;			/* its key in the enclosing object, or NULL */
	int			room;			/* members or elements allocated */
} JsonbBuilderFrame;

/* Start from zero: JsonbBuilder b = {0}. */
typedef struct JsonbBuilder
{
	int			depth;
	JsonbBuilderFrame frames[JB_MAX_DEPTH];
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
