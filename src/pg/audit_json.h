/*
 * audit_json.h: a table's rows as json text, byte for byte what
 * row_to_json gives, for the audit trigger.
 *
 * row_to_json looks up every column's type category and output function
 * again for every row; an audit statement writes the same table's rows
 * thousands of times, so the writer looks them up once per statement and
 * reads the row straight from the transition table's slot.
 */
#ifndef CA_AUDIT_JSON_H
#define CA_AUDIT_JSON_H

#include "postgres.h"
#include "access/tupdesc.h"
#include "executor/tuptable.h"
#include "lib/stringinfo.h"

typedef struct AuditJsonWriter AuditJsonWriter;

/* A writer for rows of desc, allocated in the current memory context. */
extern AuditJsonWriter *audit_json_writer(TupleDesc desc);

/*
 * The slot's row as a json datum (a varlena, allocated in the current
 * memory context), the same bytes as row_to_json(row)::text.
 */
extern Datum audit_json_row(AuditJsonWriter *writer, TupleTableSlot *slot);

/*
 * An UPDATE's images as json datums: the new row whole, the same bytes as
 * audit_json_row gives, and of the old row only the columns whose value
 * changed, in the table's order, with the text row_to_json gives them
 * ("{}" when none did).  new_row || old_row, as jsonb, is the old row.
 */
extern void audit_json_update(AuditJsonWriter *writer, TupleTableSlot *old_slot, TupleTableSlot *new_slot,
							  Datum *old_image, Datum *new_image);

#endif							/* CA_AUDIT_JSON_H */
